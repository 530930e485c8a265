"""Batch work for many small customers: call and SMS lists, bulk tasks, tracked responses.

SMS and marketing calls go only to customers who gave marketing consent; numbers stay
masked unless the list is for the person who will actually dial them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, insert, literal_column, select
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.phone import mask_phone
from branchcrm.domain.roles import may_reveal_full_values
from branchcrm.services import portfolio, routing
from branchcrm.services.errors import ValidationError

MAX_BATCH = 5000


@dataclass(frozen=True)
class ListRow:
    customer_id: int
    name: str
    phone: str
    tier_code: str | None
    manager: str | None


@dataclass(frozen=True)
class CampaignResult:
    campaign: str
    targeted: int
    contacted: int
    by_outcome: dict[str, int]


def _selected(session: Session, actor: Actor, q: portfolio.PortfolioQuery) -> list[int]:
    ids = portfolio.page_ids(session, actor, q, 0, MAX_BATCH + 1)
    if len(ids) > MAX_BATCH:
        raise ValidationError({"selection": f"more than {MAX_BATCH} customers: narrow the filters"})
    return ids


def work_list(
    session: Session,
    actor: Actor,
    q: portfolio.PortfolioQuery,
    *,
    kind: str,
    full_numbers: bool = False,
) -> list[ListRow]:
    """A call or SMS list for the selection; SMS and marketing need consent."""
    if kind not in ("call", "sms", "marketing_call"):
        raise ValidationError({"kind": "must be call, sms or marketing_call"})
    if full_numbers and not may_reveal_full_values(actor.roles):
        raise ValidationError({"full_numbers": f"{actor.login} may not export full numbers"})
    ids = _selected(session, actor, q)
    stmt = select(m.Customer).where(m.Customer.id.in_(ids), m.Customer.mobile.is_not(None))
    if kind in ("sms", "marketing_call"):
        stmt = stmt.where(m.Customer.marketing_consent.is_(True))
    managers = {row.id: row.primary_name for row in portfolio.rows_for(session, ids)}
    out = []
    for c in session.scalars(stmt.order_by(m.Customer.name, m.Customer.id)):
        phone = c.mobile or ""
        out.append(
            ListRow(
                c.id,
                c.name,
                phone if full_numbers else mask_phone(phone),
                c.tier_code,
                managers.get(c.id),
            )
        )
    if full_numbers:
        hooks.record(session, actor, "work_list", kind, "export_full_numbers", {"rows": len(out)})
    return out


def bulk_tasks(
    session: Session,
    actor: Actor,
    q: portfolio.PortfolioQuery,
    *,
    campaign: str,
    due: dt.date,
    reason: str,
) -> int:
    """A task for each selected customer, to whoever serves them on the due date."""
    if not campaign.strip():
        raise ValidationError({"campaign": "name the campaign so responses can be tracked"})
    ids = _selected(session, actor, q)
    rows = []
    for cid in ids:
        staff_id = routing.responsible_staff(session, cid, due)
        if staff_id is None:
            continue
        rows.append(
            {
                "kind": "task",
                "customer_id": cid,
                "staff_id": staff_id,
                "due_date": due,
                "status": "open",
                "reason": f"[{campaign}] {reason}"[:500],
                "event_key": f"campaign:{campaign}:{cid}"[:120],
                "version": 1,
                "created_at": dt.datetime.now(dt.UTC),
            }
        )
    existing = set(
        session.scalars(
            select(m.Reminder.event_key).where(
                m.Reminder.event_key.in_([r["event_key"] for r in rows])
            )
        )
    )
    rows = [r for r in rows if r["event_key"] not in existing]
    if rows:
        session.execute(insert(m.Reminder), rows)
    hooks.record(session, actor, "campaign", campaign, "bulk_tasks", {"tasks": len(rows)})
    return len(rows)


def results(session: Session, campaign: str) -> CampaignResult:
    """Responses are contacts logged with the campaign's name, grouped by outcome."""
    targeted = (
        session.scalar(
            select(func.count())
            .select_from(m.Reminder)
            .where(m.Reminder.event_key.like(f"campaign:{campaign}:%"))
        )
        or 0
    )
    outcome = func.coalesce(m.Contact.outcome, literal_column("''"))
    outcomes = dict(
        session.execute(
            select(
                outcome,
                func.count(func.distinct(m.Contact.customer_id)),
            )
            .where(m.Contact.campaign == campaign)
            .group_by(outcome)
        ).all()
    )
    contacted = (
        session.scalar(
            select(func.count(func.distinct(m.Contact.customer_id))).where(
                m.Contact.campaign == campaign
            )
        )
        or 0
    )
    return CampaignResult(
        campaign,
        int(targeted),
        int(contacted),
        {k or "unrecorded": int(v) for k, v in outcomes.items()},
    )
