"""Who serves whom: primary and secondary managers, team and chief roles, with full history.

Invariants (the database enforces the first two with partial unique indexes, the services
all of them): at most one current primary and one current secondary per customer; the
secondary is never the primary; every active customer has a current primary who is an
active staff member.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import may_reassign
from branchcrm.services.errors import InvariantError, NotFound, PermissionDenied

ROLES = ("primary", "secondary", "team", "chief")
DEFAULT_PRIMARY_BP = 7000
DEFAULT_SECONDARY_BP = 3000
ASSIGNABLE_STATUSES = ("active",)


@dataclass(frozen=True)
class Current:
    primary: m.Assignment | None
    secondary: m.Assignment | None


def current(session: Session, customer_id: int) -> Current:
    rows = session.scalars(
        select(m.Assignment).where(
            m.Assignment.customer_id == customer_id,
            m.Assignment.valid_to.is_(None),
            m.Assignment.role.in_(("primary", "secondary")),
        )
    ).all()
    by_role = {a.role: a for a in rows}
    return Current(by_role.get("primary"), by_role.get("secondary"))


def _end(a: m.Assignment, when: dt.datetime, reason: str) -> None:
    a.valid_to = when
    a.reason = (a.reason + "; " if a.reason else "") + f"ended: {reason}"[:100]


def assign(
    session: Session,
    actor: Actor,
    customer_id: int,
    staff_id: int,
    role: str,
    *,
    reason: str,
    share_bp: int | None = None,
    team_id: int | None = None,
    creating: bool = False,
    batch_ref: str | None = None,
    when: dt.datetime | None = None,
) -> m.Assignment:
    """Make ``staff_id`` the customer's ``role``; the previous holder's period ends now."""
    if role not in ROLES:
        raise InvariantError(f"unknown assignment role {role!r}")
    if not creating and not may_reassign(actor.roles):
        raise PermissionDenied(f"{actor.login} may not change who serves a customer")
    staff = session.get(m.Staff, staff_id)
    if staff is None:
        raise NotFound(f"staff member {staff_id} not found")
    if staff.status not in ASSIGNABLE_STATUSES:
        raise InvariantError(f"{staff.login} is {staff.status} and cannot take customers")
    if "manager" not in staff.role_names and role in ("primary", "secondary"):
        raise InvariantError(f"{staff.login} is not a customer manager")
    when = when or utcnow()
    now = current(session, customer_id)
    if role == "primary":
        if now.primary and now.primary.staff_id == staff_id:
            return now.primary
        if now.secondary and now.secondary.staff_id == staff_id:
            _end(now.secondary, when, "became primary")
            now = Current(now.primary, None)
        if now.primary:
            _end(now.primary, when, reason)
    elif role == "secondary":
        if now.primary is None:
            raise InvariantError("a secondary manager needs a primary first")
        if now.primary.staff_id == staff_id:
            raise InvariantError(
                "the secondary manager must be a different person from the primary"
            )
        if now.secondary and now.secondary.staff_id == staff_id:
            return now.secondary
        if now.secondary:
            _end(now.secondary, when, reason)
    session.flush()
    has_secondary = (now.secondary is not None and role != "secondary") or role == "secondary"
    if share_bp is None:
        if role == "primary":
            share_bp = DEFAULT_PRIMARY_BP if has_secondary else 10000
        elif role == "secondary":
            share_bp = DEFAULT_SECONDARY_BP
        else:
            share_bp = 0
    new = m.Assignment(
        customer_id=customer_id,
        staff_id=staff_id,
        role=role,
        share_bp=share_bp,
        team_id=team_id,
        valid_from=when,
        reason=reason[:200],
        batch_ref=batch_ref,
    )
    session.add(new)
    if role == "secondary" and now.primary and now.primary.share_bp == 10000:
        now.primary.share_bp = DEFAULT_PRIMARY_BP
    session.flush()
    return new


def remove_secondary(session: Session, actor: Actor, customer_id: int, *, reason: str) -> None:
    if not may_reassign(actor.roles):
        raise PermissionDenied(f"{actor.login} may not change who serves a customer")
    now = current(session, customer_id)
    if now.secondary is None:
        return
    _end(now.secondary, utcnow(), reason)
    if now.primary is not None:
        now.primary.share_bp = 10000
    session.flush()


def customers_without_active_primary(session: Session) -> list[int]:
    """Active customers breaking the central invariant (should always be empty)."""
    has_primary = (
        select(m.Assignment.customer_id)
        .join(m.Staff, m.Staff.id == m.Assignment.staff_id)
        .where(
            m.Assignment.role == "primary",
            m.Assignment.valid_to.is_(None),
            m.Staff.status.in_(("active", "on_leave")),
        )
    )
    return list(
        session.scalars(
            select(m.Customer.id).where(
                m.Customer.status == "active", m.Customer.id.not_in(has_primary)
            )
        )
    )
