"""Who should act for a customer on a given day: the primary, or the secondary while the
primary is on leave."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor


def on_leave(staff: m.Staff, day: dt.date) -> bool:
    if staff.status == "on_leave" and staff.leave_from is None:
        return True
    if staff.leave_from is None:
        return False
    return staff.leave_from <= day <= (staff.leave_to or dt.date.max)


def responsible_staff(session: Session, customer_id: int, day: dt.date) -> int | None:
    rows = session.execute(
        select(m.Assignment.role, m.Staff)
        .join(m.Staff, m.Staff.id == m.Assignment.staff_id)
        .where(
            m.Assignment.customer_id == customer_id,
            m.Assignment.valid_to.is_(None),
            m.Assignment.role.in_(("primary", "secondary")),
        )
    ).all()
    staff_by_role = {role: staff for role, staff in rows}
    primary, secondary = staff_by_role.get("primary"), staff_by_role.get("secondary")
    if primary is not None and on_leave(primary, day) and secondary is not None:
        return secondary.id
    return primary.id if primary is not None else None


def serves(session: Session, actor: Actor, customer_id: int) -> bool:
    if actor.staff_id is None:
        return False
    return (
        session.scalar(
            select(m.Assignment.id).where(
                m.Assignment.customer_id == customer_id,
                m.Assignment.staff_id == actor.staff_id,
                m.Assignment.valid_to.is_(None),
            )
        )
        is not None
    )
