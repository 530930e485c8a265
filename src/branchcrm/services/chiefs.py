"""Chief customer managers (首席客户经理): branch heads and vice-presidents who personally
look after key customers, and a scoreboard of how those customers did.

A designation is a ``chief`` assignment (history kept like every other role). The scoreboard
compares, per chief, the assets of their customers at the end of a period with a baseline:
either a snapshot taken with :func:`snapshot_baseline` (kept in the ``setting`` table as JSON,
so it cannot drift when balances are re-imported) or, without one, the daily-average balances
of the month before the period. Satisfaction change is the average contact satisfaction in the
period minus that of an equally long stretch before it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.domain.actor import Actor
from branchcrm.reports.xlsx_safe import write_table
from branchcrm.services import staff as staff_service
from branchcrm.services.credit import balances, month, month_before
from branchcrm.services.errors import InvariantError, NotFound, ValidationError
from branchcrm.services.rebalancing import require_reassigner

BASELINE_KEY = "chief.baseline."


def designate(session: Session, actor: Actor, customer_id: int, login: str) -> int:
    """Make ``login`` (a head) the customer's chief customer manager."""
    require_reassigner(actor, "designate chief customer managers")
    person = staff_service.get_by_login(session, login)
    if "head" not in person.role_names:
        raise InvariantError(f"{login} is not a branch head or vice-president and cannot be chief")
    if person.status != "active":
        raise InvariantError(f"{login} is {person.status}")
    if session.get(m.Customer, customer_id) is None:
        raise NotFound(f"customer {customer_id} not found")
    now = utcnow()
    for a in session.scalars(
        select(m.Assignment).where(
            m.Assignment.customer_id == customer_id,
            m.Assignment.role == "chief",
            m.Assignment.valid_to.is_(None),
        )
    ):
        if a.staff_id == person.id:
            return a.id
        a.valid_to = now
    row = m.Assignment(
        customer_id=customer_id,
        staff_id=person.id,
        role="chief",
        share_bp=0,
        valid_from=now,
        reason="designated chief customer manager",
    )
    session.add(row)
    session.flush()
    return row.id


def undesignate(session: Session, actor: Actor, customer_id: int) -> None:
    require_reassigner(actor, "designate chief customer managers")
    for a in session.scalars(
        select(m.Assignment).where(
            m.Assignment.customer_id == customer_id,
            m.Assignment.role == "chief",
            m.Assignment.valid_to.is_(None),
        )
    ):
        a.valid_to = utcnow()
    session.flush()


def _chief_customers(session: Session, start: dt.date, end: dt.date) -> dict[int, set[int]]:
    """Chief -> customers they were chief of at any time in the period."""
    lo = dt.datetime.combine(start, dt.time(), dt.UTC)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC)
    out: dict[int, set[int]] = defaultdict(set)
    for sid, cid in session.execute(
        select(m.Assignment.staff_id, m.Assignment.customer_id).where(
            m.Assignment.role == "chief",
            m.Assignment.valid_from < hi,
            m.Assignment.valid_to.is_(None) | (m.Assignment.valid_to >= lo),
        )
    ):
        out[sid].add(cid)
    return out


def snapshot_baseline(session: Session, actor: Actor, label: str) -> int:
    """Freeze today's assets of every chief's customers under ``label`` (e.g. '2025')."""
    require_reassigner(actor, "take a baseline snapshot")
    if not label or len(label) > 60:
        raise ValidationError({"label": "give a short label, e.g. 2025"})
    key = BASELINE_KEY + label
    if session.get(m.Setting, key) is not None:
        raise InvariantError(f"baseline {label} exists already; choose another label")
    today = utcnow().date()
    ids = sorted({c for cs in _chief_customers(session, today, today).values() for c in cs})
    aum = dict(
        session.execute(
            select(m.Customer.id, m.Customer.aum_fen).where(m.Customer.id.in_(ids))
        ).all()
    )
    value = {
        "taken_at": utcnow().isoformat(),
        "aum_fen": {str(c): int(aum.get(c) or 0) for c in ids},
    }
    session.add(m.Setting(key=key, value=json.dumps(value)))
    session.flush()
    return len(ids)


@dataclass(frozen=True)
class ChiefScore:
    login: str
    name: str
    customers: int
    baseline_fen: int
    end_fen: int
    satisfaction_before: float | None
    satisfaction_after: float | None

    @property
    def growth_fen(self) -> int:
        return self.end_fen - self.baseline_fen

    @property
    def growth_pct(self) -> float | None:
        return round(100.0 * self.growth_fen / self.baseline_fen, 2) if self.baseline_fen else None

    @property
    def satisfaction_change(self) -> float | None:
        if self.satisfaction_before is None or self.satisfaction_after is None:
            return None
        return round(self.satisfaction_after - self.satisfaction_before, 2)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "growth_fen": self.growth_fen,
            "growth_pct": self.growth_pct,
            "satisfaction_change": self.satisfaction_change,
        }


def _satisfaction(session: Session, ids: list[int], lo: dt.date, hi: dt.date) -> float | None:
    if not ids:
        return None
    value = session.scalar(
        select(func.avg(m.Contact.satisfaction)).where(
            m.Contact.customer_id.in_(ids),
            m.Contact.satisfaction.is_not(None),
            m.Contact.occurred_at >= dt.datetime.combine(lo, dt.time(), dt.UTC),
            m.Contact.occurred_at
            < dt.datetime.combine(hi + dt.timedelta(days=1), dt.time(), dt.UTC),
        )
    )
    return round(float(value), 2) if value is not None else None


def scoreboard(
    session: Session,
    actor: Actor,
    period_start: dt.date,
    period_end: dt.date,
    *,
    baseline: str | None = None,
) -> list[ChiefScore]:
    """Per chief: assets of their customers at the end vs the baseline, and satisfaction."""
    require_reassigner(actor, "see the chief scoreboard")
    if period_end < period_start:
        raise ValidationError({"period_end": "is before the start of the period"})
    chiefs = _chief_customers(session, period_start, period_end)
    ids = sorted({c for cs in chiefs.values() for c in cs})
    if baseline is not None:
        row = session.get(m.Setting, BASELINE_KEY + baseline)
        if row is None:
            raise NotFound(f"no baseline snapshot {baseline!r}")
        base = {int(k): int(v) for k, v in json.loads(row.value)["aum_fen"].items()}
    else:
        base = balances(session, month_before(period_start), ids)
    end = balances(session, month(period_end), ids)
    current = dict(
        session.execute(
            select(m.Customer.id, m.Customer.aum_fen).where(m.Customer.id.in_(ids))
        ).all()
    )
    length = period_end - period_start
    people = {
        s.id: s for s in session.scalars(select(m.Staff).where(m.Staff.id.in_(sorted(chiefs))))
    }
    out = []
    for sid, cids in sorted(chiefs.items(), key=lambda kv: people[kv[0]].login):
        cl = sorted(cids)
        out.append(
            ChiefScore(
                people[sid].login,
                people[sid].name,
                len(cl),
                sum(base.get(c, 0) for c in cl),
                # Months not loaded yet fall back to today's assets.
                sum(end[c] if c in end else int(current.get(c) or 0) for c in cl),
                _satisfaction(
                    session,
                    cl,
                    period_start - length - dt.timedelta(days=1),
                    period_start - dt.timedelta(days=1),
                ),
                _satisfaction(session, cl, period_start, period_end),
            )
        )
    return out


def write_scoreboard(path: Path, rows: list[ChiefScore], period: str) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Chief scoreboard"
    write_table(
        ws,
        [
            "Chief",
            "Name",
            "Customers",
            "Baseline (yuan)",
            "End (yuan)",
            "Growth (yuan)",
            "Growth %",
            "Satisfaction before",
            "Satisfaction after",
            "Change",
            "Period",
        ],
        (
            [
                r.login,
                r.name,
                r.customers,
                r.baseline_fen / 100,
                r.end_fen / 100,
                r.growth_fen / 100,
                r.growth_pct,
                r.satisfaction_before,
                r.satisfaction_after,
                r.satisfaction_change,
                period,
            ]
            for r in rows
        ),
        widths=[14, 12, 10, 16, 16, 16, 10, 12, 12, 10, 24],
    )
    wb.save(path)
    return path
