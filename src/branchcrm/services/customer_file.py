"""Read-only tabs of the customer file: holdings, balances, family, who served when, changes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.services.errors import PermissionDenied
from branchcrm.services.visibility import require_customer


@dataclass(frozen=True)
class HoldingRow:
    id: int
    product_code: str
    product_name: str
    category: str
    risk_rating: str | None
    amount_fen: int
    start_date: dt.date | None
    maturity_date: dt.date | None
    status: str


@dataclass(frozen=True)
class BalanceRow:
    period: str
    category: str
    avg_balance_fen: int


@dataclass(frozen=True)
class RelationRow:
    customer_id: int
    name: str
    kind: str
    note: str | None
    tier_code: str | None


@dataclass(frozen=True)
class AssignmentRow:
    staff_login: str
    staff_name: str
    role: str
    share_bp: int
    valid_from: dt.datetime
    valid_to: dt.datetime | None
    reason: str | None


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    staff_name: str | None
    workstation: str | None
    entity: str
    action: str
    changes: dict[str, Any]


def holdings(session: Session, actor: Actor, customer_id: int) -> list[HoldingRow]:
    require_customer(session, actor, customer_id)
    rows = session.execute(
        select(m.Holding, m.Product)
        .join(m.Product, m.Product.id == m.Holding.product_id)
        .where(m.Holding.customer_id == customer_id)
        .order_by(m.Holding.maturity_date.nulls_last(), m.Holding.id)
    ).all()
    return [
        HoldingRow(
            h.id,
            p.code,
            p.name,
            p.category,
            p.risk_rating,
            h.amount_fen,
            h.start_date,
            h.maturity_date,
            h.status,
        )
        for h, p in rows
    ]


def balances(
    session: Session, actor: Actor, customer_id: int, months: int = 24
) -> list[BalanceRow]:
    require_customer(session, actor, customer_id)
    periods = list(
        session.scalars(
            select(m.PeriodBalance.period)
            .where(m.PeriodBalance.customer_id == customer_id)
            .group_by(m.PeriodBalance.period)
            .order_by(m.PeriodBalance.period.desc())
            .limit(months)
        )
    )
    if not periods:
        return []
    rows = session.scalars(
        select(m.PeriodBalance)
        .where(m.PeriodBalance.customer_id == customer_id, m.PeriodBalance.period.in_(periods))
        .order_by(m.PeriodBalance.period, m.PeriodBalance.category)
    )
    return [BalanceRow(b.period, b.category, b.avg_balance_fen) for b in rows]


_INVERSE = {"parent": "child", "child": "parent"}


def relationships(session: Session, actor: Actor, customer_id: int) -> list[RelationRow]:
    """Both directions: a spouse recorded on either file shows on both."""
    require_customer(session, actor, customer_id)
    other = aliased(m.Customer)
    rel = m.CustomerRelationship
    rows = session.execute(
        select(rel, other)
        .join(
            other,
            or_(
                (rel.customer_id == customer_id) & (other.id == rel.related_id),
                (rel.related_id == customer_id) & (other.id == rel.customer_id),
            ),
        )
        .where(or_(rel.customer_id == customer_id, rel.related_id == customer_id))
    ).all()
    # A tie recorded on both files (as the demo and many imports do) shows once; the row written
    # on this customer's own file wins, a note from the other side fills in when it has none.
    out: dict[tuple[int, str], RelationRow] = {}
    for r, o in sorted(rows, key=lambda pair: pair[0].customer_id != customer_id):
        kind = r.kind if r.customer_id == customer_id else _INVERSE.get(r.kind, r.kind)
        seen = out.get((o.id, kind))
        if seen is None or (not seen.note and r.note):
            out[(o.id, kind)] = RelationRow(o.id, o.name, kind, r.note, o.tier_code)
    return list(out.values())


def assignment_history(session: Session, actor: Actor, customer_id: int) -> list[AssignmentRow]:
    require_customer(session, actor, customer_id)
    rows = session.execute(
        select(m.Assignment, m.Staff)
        .join(m.Staff, m.Staff.id == m.Assignment.staff_id)
        .where(m.Assignment.customer_id == customer_id)
        .order_by(m.Assignment.valid_from.desc(), m.Assignment.id.desc())
    ).all()
    return [
        AssignmentRow(s.login, s.name, a.role, a.share_bp, a.valid_from, a.valid_to, a.reason)
        for a, s in rows
    ]


def changes(session: Session, actor: Actor, customer_id: int, limit: int = 500) -> list[AuditRow]:
    """The customer's audit trail; lobby staff do not see it."""
    if not actor.has(Role.MANAGER, Role.SUPERVISOR, Role.HEAD):
        raise PermissionDenied(f"{actor.login} may not read the change history")
    require_customer(session, actor, customer_id)
    rows = session.execute(
        select(m.AuditLog, m.Staff.name)
        .outerjoin(m.Staff, m.Staff.id == m.AuditLog.staff_id)
        .where(m.AuditLog.entity == "customer", m.AuditLog.entity_id == str(customer_id))
        .order_by(m.AuditLog.at.desc(), m.AuditLog.id.desc())
        .limit(limit)
    ).all()
    return [
        AuditRow(a.at, name, a.workstation, a.entity, a.action, json.loads(a.changes or "{}"))
        for a, name in rows
    ]
