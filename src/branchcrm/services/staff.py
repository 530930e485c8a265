"""Staff accounts: the first administrator, adding people, leave and departure status."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role, StaffStatus, may_manage_staff
from branchcrm.services.auth import hash_password
from branchcrm.services.errors import (
    InvariantError,
    NotFound,
    PermissionDenied,
    ValidationError,
)

LOGIN_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{1,63}$")
DEFAULT_BRANCH = ("BRANCH-001", "本网点")


@dataclass(frozen=True)
class StaffRow:
    id: int
    login: str
    name: str
    roles: tuple[str, ...]
    status: str
    capacity: int
    customers: int
    leave_from: dt.date | None
    leave_to: dt.date | None


def is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(m.Staff)) == 0


def ensure_branch(
    session: Session, code: str = DEFAULT_BRANCH[0], name: str = DEFAULT_BRANCH[1]
) -> int:
    branch = session.scalar(select(m.Branch).where(m.Branch.code == code))
    if branch is None:
        branch = m.Branch(code=code, name=name)
        session.add(branch)
        session.flush()
    return branch.id


def add_staff(
    session: Session,
    actor: Actor | None,
    *,
    login: str,
    name: str,
    roles: list[str],
    password: str,
    capacity: int = 400,
    branch_id: int | None = None,
) -> int:
    """Add a staff member. On an empty database the first one is always an administrator."""
    first = is_empty(session)
    if not first and (actor is None or not may_manage_staff(actor.roles)):
        raise PermissionDenied("only an administrator or the branch head may add staff")
    errors: dict[str, str] = {}
    if not LOGIN_RE.match(login or ""):
        errors["login"] = "use 2-64 letters, digits, '.', '_' or '-', starting with a letter"
    if not (name or "").strip():
        errors["name"] = "a name is required"
    try:
        role_set = {Role(r) for r in roles}
    except ValueError:
        errors["role"] = "must be manager, lobby, supervisor, head or admin"
        role_set = set()
    if capacity < 0:
        errors["capacity"] = "cannot be negative"
    if errors:
        raise ValidationError(errors)
    if first:
        role_set.add(Role.ADMIN)
    if first:
        session.info["actor"] = Actor.system("first-run setup")
    if session.scalar(select(m.Staff.id).where(m.Staff.login == login)) is not None:
        raise ValidationError({"login": f"{login} already exists"})
    if branch_id is None:
        branch_id = (
            actor.branch_id if actor is not None and actor.branch_id else ensure_branch(session)
        )
    staff = m.Staff(
        branch_id=branch_id,
        login=login,
        name=name.strip(),
        password_hash=hash_password(password),
        capacity=capacity,
        status="active",
        roles=[m.StaffRole(role=r.value) for r in sorted(role_set)],
    )
    session.add(staff)
    session.flush()
    return staff.id


def _customer_counts(session: Session) -> dict[int, int]:
    return dict(
        session.execute(
            select(m.Assignment.staff_id, func.count())
            .where(m.Assignment.valid_to.is_(None), m.Assignment.role == "primary")
            .group_by(m.Assignment.staff_id)
        ).all()
    )


def list_staff(
    session: Session, actor: Actor, *, role: str | None = None, active_only: bool = True
) -> list[StaffRow]:
    stmt = select(m.Staff).order_by(m.Staff.login)
    if actor.branch_id is not None:
        stmt = stmt.where(m.Staff.branch_id == actor.branch_id)
    if active_only:
        stmt = stmt.where(m.Staff.status.in_(("active", "on_leave")))
    if role:
        stmt = stmt.where(m.Staff.roles.any(m.StaffRole.role == role))
    counts = _customer_counts(session)
    return [
        StaffRow(
            s.id,
            s.login,
            s.name,
            tuple(sorted(s.role_names)),
            s.status,
            s.capacity,
            counts.get(s.id, 0),
            s.leave_from,
            s.leave_to,
        )
        for s in session.scalars(stmt)
    ]


def get_by_login(session: Session, login: str) -> m.Staff:
    staff = session.scalar(select(m.Staff).where(m.Staff.login == login))
    if staff is None:
        raise NotFound(f"no staff member with login {login!r}")
    return staff


def set_status(
    session: Session,
    actor: Actor,
    login: str,
    status: str,
    *,
    leave_from: dt.date | None = None,
    leave_to: dt.date | None = None,
) -> None:
    """Leave routes work to secondaries; a departure needs the handover to move customers first."""
    if not may_manage_staff(actor.roles) and not actor.has(Role.SUPERVISOR):
        raise PermissionDenied(f"{actor.login} may not change staff status")
    try:
        new = StaffStatus(status)
    except ValueError:
        raise ValidationError(
            {"status": "must be active, on_leave, departed or transferred"}
        ) from None
    staff = get_by_login(session, login)
    if new is StaffStatus.ON_LEAVE:
        if leave_from is None:
            raise ValidationError({"leave_from": "give the first day of leave"})
        if leave_to is not None and leave_to < leave_from:
            raise ValidationError({"leave_to": "is before the first day of leave"})
    if new in (StaffStatus.DEPARTED, StaffStatus.TRANSFERRED):
        serving = _customer_counts(session).get(staff.id, 0)
        if serving:
            raise InvariantError(
                f"{login} is still the primary manager of {serving} customers; "
                "hand them over first (`branchcrm staff depart`)"
            )
    if Role.ADMIN.value in staff.role_names and new is not StaffStatus.ACTIVE:
        admins = session.scalar(
            select(func.count())
            .select_from(m.Staff)
            .where(m.Staff.status == "active", m.Staff.roles.any(m.StaffRole.role == "admin"))
        )
        if (admins or 0) <= 1:
            raise InvariantError("the last active administrator cannot leave")
    staff.status = new.value
    staff.leave_from = leave_from if new is StaffStatus.ON_LEAVE else None
    staff.leave_to = leave_to if new is StaffStatus.ON_LEAVE else None
    session.flush()
