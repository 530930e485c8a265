"""Reminders on the Today screen: open by due date, overdue first; done, snooze, dismiss."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.domain.actor import Actor
from branchcrm.services.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from branchcrm.services.visibility import customer_clause, require_customer

KINDS = (
    "birthday",
    "follow_up",
    "maturity",
    "tier_up",
    "tier_down",
    "large_txn",
    "dormant",
    "account_change",
    "risk_expiry",
    "suitability",
    "handover",
    "task",
)


@dataclass(frozen=True)
class ReminderRow:
    id: int
    version: int
    kind: str
    customer_id: int
    customer_name: str
    due_date: dt.date
    status: str
    reason: str | None
    overdue: bool
    staff_id: int


def _actionable(as_of: dt.date, horizon_days: int):  # type: ignore[no-untyped-def]
    """Open reminders due within the horizon, and snoozed ones whose snooze has ended."""
    until = as_of + dt.timedelta(days=horizon_days)
    return or_(
        and_(m.Reminder.status == "open", m.Reminder.due_date <= until),
        and_(m.Reminder.status == "snoozed", m.Reminder.snoozed_until <= as_of),
    )


def _rows(session: Session, stmt, as_of: dt.date) -> list[ReminderRow]:  # type: ignore[no-untyped-def]
    out = []
    for r, name in session.execute(stmt):
        out.append(
            ReminderRow(
                r.id,
                r.version,
                r.kind,
                r.customer_id,
                name,
                r.due_date,
                r.status,
                r.reason,
                r.due_date < as_of,
                r.staff_id,
            )
        )
    return out


def open_for(
    session: Session, actor: Actor, as_of: dt.date, *, horizon_days: int = 7, limit: int = 1000
) -> list[ReminderRow]:
    """The signed-in person's reminders, overdue first, then by due date."""
    stmt = (
        select(m.Reminder, m.Customer.name)
        .join(m.Customer, m.Customer.id == m.Reminder.customer_id)
        .where(m.Reminder.staff_id == actor.staff_id, _actionable(as_of, horizon_days))
        .order_by(m.Reminder.due_date, m.Reminder.id)
        .limit(limit)
    )
    return _rows(session, stmt, as_of)


def counts_by_kind(
    session: Session, actor: Actor, as_of: dt.date, *, horizon_days: int = 7
) -> dict[str, int]:
    stmt = (
        select(m.Reminder.kind, func.count())
        .where(m.Reminder.staff_id == actor.staff_id, _actionable(as_of, horizon_days))
        .group_by(m.Reminder.kind)
    )
    return {kind: int(n) for kind, n in session.execute(stmt)}


def for_customer(session: Session, actor: Actor, customer_id: int) -> list[ReminderRow]:
    require_customer(session, actor, customer_id)
    stmt = (
        select(m.Reminder, m.Customer.name)
        .join(m.Customer, m.Customer.id == m.Reminder.customer_id)
        .where(m.Reminder.customer_id == customer_id)
        .order_by(m.Reminder.due_date.desc(), m.Reminder.id.desc())
    )
    return _rows(session, stmt, dt.date.today())


def _load(session: Session, actor: Actor, reminder_id: int, expected_version: int) -> m.Reminder:
    reminder = session.get(m.Reminder, reminder_id)
    if reminder is None:
        raise NotFound(f"reminder {reminder_id} not found")
    visible = session.scalar(
        select(m.Customer.id).where(
            m.Customer.id == reminder.customer_id, customer_clause(session, actor, "branch")
        )
    )
    if reminder.staff_id != actor.staff_id and visible is None:
        raise PermissionDenied(f"{actor.login} may not act on reminder {reminder_id}")
    if reminder.version != expected_version:
        raise ConflictError("reminder", reminder_id, {"status": reminder.status}, reminder.version)
    return reminder


def _flush(session: Session, reminder: m.Reminder) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError("reminder", reminder.id, {}, reminder.version) from None


def mark_done(session: Session, actor: Actor, reminder_id: int, expected_version: int) -> None:
    r = _load(session, actor, reminder_id, expected_version)
    r.status, r.done_at, r.snoozed_until = "done", utcnow(), None
    _flush(session, r)


def dismiss(session: Session, actor: Actor, reminder_id: int, expected_version: int) -> None:
    r = _load(session, actor, reminder_id, expected_version)
    r.status, r.done_at, r.snoozed_until = "dismissed", utcnow(), None
    _flush(session, r)


def snooze(
    session: Session, actor: Actor, reminder_id: int, expected_version: int, *, until: dt.date
) -> None:
    if until <= dt.date.today():
        raise ValidationError({"until": "snooze until a later day"})
    r = _load(session, actor, reminder_id, expected_version)
    r.status, r.snoozed_until = "snoozed", until
    _flush(session, r)


def add_task(
    session: Session,
    actor: Actor,
    customer_id: int,
    *,
    due: dt.date,
    reason: str,
    staff_id: int | None = None,
    kind: str = "task",
    event_key: str | None = None,
) -> int:
    require_customer(session, actor, customer_id)
    reminder = m.Reminder(
        kind=kind,
        customer_id=customer_id,
        staff_id=staff_id or actor.staff_id,
        due_date=due,
        reason=reason[:500],
        event_key=event_key,
    )
    session.add(reminder)
    session.flush()
    return reminder.id
