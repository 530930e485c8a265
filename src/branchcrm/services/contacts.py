"""Contacts with customers (visits, calls, home visits...): the heart of the notebook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.domain.actor import Actor
from branchcrm.services import routing
from branchcrm.services.customers import touch_last_contact
from branchcrm.services.errors import ValidationError
from branchcrm.services.visibility import require_customer

CHANNELS = ("visit", "phone", "home_visit", "wechat", "sms", "other")


@dataclass(frozen=True)
class ContactRow:
    id: int
    occurred_at: dt.datetime
    channel: str
    staff_name: str | None
    purpose: str | None
    summary: str | None
    needs: str | None
    products_recommended: str | None
    outcome: str | None
    amount_fen: int | None
    next_follow_up: dt.date | None
    satisfaction: int | None


def log_contact(
    session: Session,
    actor: Actor,
    customer_id: int,
    *,
    channel: str,
    summary: str,
    purpose: str | None = None,
    needs: str | None = None,
    products_recommended: str | None = None,
    outcome: str | None = None,
    next_follow_up: dt.date | None = None,
    satisfaction: int | None = None,
    occurred_at: dt.datetime | None = None,
    amount_fen: int | None = None,
    campaign: str | None = None,
) -> int:
    """Record a contact; a next follow-up date becomes a reminder for whoever serves them then."""
    require_customer(session, actor, customer_id)
    errors: dict[str, str] = {}
    if channel not in CHANNELS:
        errors["channel"] = f"must be one of {', '.join(CHANNELS)}"
    if not (summary or "").strip():
        errors["summary"] = "say briefly what happened"
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        errors["satisfaction"] = "must be 1 to 5"
    when = occurred_at or utcnow()
    if when > utcnow() + dt.timedelta(minutes=5):
        errors["occurred_at"] = "is in the future"
    if next_follow_up is not None and next_follow_up < when.date():
        errors["next_follow_up"] = "is before the contact itself"
    if errors:
        raise ValidationError(errors)
    contact = m.Contact(
        customer_id=customer_id,
        staff_id=actor.staff_id,
        occurred_at=when,
        channel=channel,
        purpose=purpose,
        summary=summary.strip(),
        needs=needs,
        products_recommended=products_recommended,
        outcome=outcome,
        next_follow_up=next_follow_up,
        satisfaction=satisfaction,
        amount_fen=amount_fen,
        campaign=campaign,
    )
    session.add(contact)
    session.flush()
    touch_last_contact(session, customer_id, when)
    if next_follow_up is not None:
        staff_id = actor.staff_id if routing.serves(session, actor, customer_id) else None
        staff_id = staff_id or routing.responsible_staff(session, customer_id, next_follow_up)
        if staff_id is not None:
            session.add(
                m.Reminder(
                    kind="follow_up",
                    customer_id=customer_id,
                    staff_id=staff_id,
                    due_date=next_follow_up,
                    reason=(purpose or summary.strip())[:200],
                    event_key=f"follow_up:contact:{contact.id}",
                )
            )
            session.flush()
    return contact.id


def timeline(
    session: Session, actor: Actor, customer_id: int, limit: int = 500
) -> list[ContactRow]:
    require_customer(session, actor, customer_id)
    rows = session.execute(
        select(m.Contact, m.Staff.name)
        .outerjoin(m.Staff, m.Staff.id == m.Contact.staff_id)
        .where(m.Contact.customer_id == customer_id)
        .order_by(m.Contact.occurred_at.desc(), m.Contact.id.desc())
        .limit(limit)
    ).all()
    return [
        ContactRow(
            c.id,
            c.occurred_at,
            c.channel,
            staff_name,
            c.purpose,
            c.summary,
            c.needs,
            c.products_recommended,
            c.outcome,
            c.amount_fen,
            c.next_follow_up,
            c.satisfaction,
        )
        for c, staff_name in rows
    ]
