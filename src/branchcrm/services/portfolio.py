"""The portfolio list: filtered, sorted and paged in SQL so 100,000 customers stay fast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.phone import mask_phone
from branchcrm.services import search
from branchcrm.services.visibility import customer_clause

SORT_KEYS = {
    "name": m.Customer.name,
    "tier": m.Customer.aum_fen,  # tiers follow assets
    "aum": m.Customer.aum_fen,
    "last_contact": m.Customer.last_contact_at,
    "completeness": m.Customer.completeness,
    "risk_level": m.Customer.risk_level,
}


@dataclass
class PortfolioQuery:
    term: str = ""
    scope: str = "mine"  # "mine" or "branch"
    tier: str | None = None
    manager_id: int | None = None
    tag: str | None = None
    min_days_since_contact: int | None = None
    risk_level: str | None = None
    max_completeness: int | None = None
    missing_secondary: bool = False
    sort: str = "name"
    descending: bool = False
    as_of: dt.date | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    name: str
    tier_code: str | None
    tier_name: str | None
    aum_fen: int
    primary_name: str | None
    secondary_name: str | None
    last_contact_at: dt.datetime | None
    next_reminder: dt.date | None
    tags: str
    masked_phone: str
    completeness: int
    risk_level: str | None


def _current(role: str, staff_id: int | None = None):  # type: ignore[no-untyped-def]
    clause = exists().where(
        m.Assignment.customer_id == m.Customer.id,
        m.Assignment.role == role,
        m.Assignment.valid_to.is_(None),
    )
    if staff_id is not None:
        clause = exists().where(
            m.Assignment.customer_id == m.Customer.id,
            m.Assignment.role.in_(("primary", "secondary")),
            m.Assignment.staff_id == staff_id,
            m.Assignment.valid_to.is_(None),
        )
    return clause


def filtered(session: Session, actor: Actor, q: PortfolioQuery) -> Select[Any]:
    stmt = select(m.Customer.id).where(customer_clause(session, actor, q.scope))
    stmt = search.apply_term(session, stmt, q.term)
    if q.tier:
        stmt = stmt.where(m.Customer.tier_code == q.tier)
    if q.manager_id is not None:
        stmt = stmt.where(_current("primary", q.manager_id))
    if q.tag:
        stmt = stmt.where(
            exists().where(m.CustomerTag.customer_id == m.Customer.id, m.CustomerTag.tag == q.tag)
        )
    if q.min_days_since_contact is not None:
        today = q.as_of or dt.date.today()
        cutoff = dt.datetime.combine(
            today - dt.timedelta(days=q.min_days_since_contact), dt.time(), tzinfo=dt.UTC
        )
        stmt = stmt.where(
            (m.Customer.last_contact_at.is_(None)) | (m.Customer.last_contact_at < cutoff)
        )
    if q.risk_level:
        stmt = stmt.where(m.Customer.risk_level == q.risk_level)
    if q.max_completeness is not None:
        stmt = stmt.where(m.Customer.completeness <= q.max_completeness)
    if q.missing_secondary:
        needs = select(m.Tier.code).where(m.Tier.needs_secondary.is_(True))
        stmt = stmt.where(m.Customer.tier_code.in_(needs), ~_current("secondary"))
    return stmt


def count(session: Session, actor: Actor, q: PortfolioQuery) -> int:
    sub = filtered(session, actor, q).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def page_ids(
    session: Session, actor: Actor, q: PortfolioQuery, offset: int, limit: int
) -> list[int]:
    key = SORT_KEYS.get(q.sort, m.Customer.name)
    order = key.desc() if q.descending else key.asc()
    tie = m.Customer.id.desc() if q.descending else m.Customer.id.asc()
    nulls = order.nulls_last() if q.sort in ("last_contact", "risk_level") else order
    stmt = filtered(session, actor, q).order_by(nulls, tie).offset(offset).limit(limit)
    return list(session.scalars(stmt))


def rows_for(session: Session, ids: list[int]) -> list[PortfolioRow]:
    """Full rows for one page of ids, in the order given (a handful of page-sized queries)."""
    if not ids:
        return []
    customers = {
        c.id: c
        for c in session.execute(
            select(
                m.Customer.id,
                m.Customer.name,
                m.Customer.tier_code,
                m.Customer.aum_fen,
                m.Customer.last_contact_at,
                m.Customer.mobile,
                m.Customer.completeness,
                m.Customer.risk_level,
            ).where(m.Customer.id.in_(ids))
        )
    }
    managers: dict[tuple[int, str], str] = {}
    for cid, role, name in session.execute(
        select(m.Assignment.customer_id, m.Assignment.role, m.Staff.name)
        .join(m.Staff, m.Staff.id == m.Assignment.staff_id)
        .where(
            m.Assignment.customer_id.in_(ids),
            m.Assignment.valid_to.is_(None),
            m.Assignment.role.in_(("primary", "secondary")),
        )
    ):
        managers[(cid, role)] = name
    next_due = dict(
        session.execute(
            select(m.Reminder.customer_id, func.min(m.Reminder.due_date))
            .where(m.Reminder.customer_id.in_(ids), m.Reminder.status.in_(("open", "snoozed")))
            .group_by(m.Reminder.customer_id)
        ).all()
    )
    tags: dict[int, list[str]] = {}
    for cid, tag in session.execute(
        select(m.CustomerTag.customer_id, m.CustomerTag.tag).where(
            m.CustomerTag.customer_id.in_(ids)
        )
    ):
        tags.setdefault(cid, []).append(tag)
    tier_names = dict(session.execute(select(m.Tier.code, m.Tier.name)).all())
    out = []
    for cid in ids:
        c = customers.get(cid)
        if c is None:
            continue
        out.append(
            PortfolioRow(
                id=c.id,
                name=c.name,
                tier_code=c.tier_code,
                tier_name=tier_names.get(c.tier_code) if c.tier_code else None,
                aum_fen=c.aum_fen,
                primary_name=managers.get((cid, "primary")),
                secondary_name=managers.get((cid, "secondary")),
                last_contact_at=c.last_contact_at,
                next_reminder=next_due.get(cid),
                tags=", ".join(sorted(tags.get(cid, []))),
                masked_phone=mask_phone(c.mobile),
                completeness=c.completeness,
                risk_level=c.risk_level,
            )
        )
    return out


def page(
    session: Session, actor: Actor, q: PortfolioQuery, offset: int, limit: int
) -> list[PortfolioRow]:
    return rows_for(session, page_ids(session, actor, q, offset, limit))


def tags_in_use(session: Session, actor: Actor) -> list[str]:
    """The tag vocabulary, most used first. Tags name groups, not people, so this reads the
    tag index alone instead of joining every visible customer."""
    stmt = (
        select(m.CustomerTag.tag)
        .group_by(m.CustomerTag.tag)
        .order_by(func.count().desc(), m.CustomerTag.tag)
        .limit(100)
    )
    return list(session.scalars(stmt))
