"""Period-average assets (AUM) for the customer file and the portfolio.

The bank measures assets as daily averages, not end-of-day balances: ``period_balance``
holds each customer's month daily-average per category (from the balances feeds). Here:

* the month daily-average total, and the quarter daily-average (the months of the quarter
  so far, each weighted by its number of days, i.e. the true average over those days);
* the structure by category for a month (deposits, wealth management, funds, ...);
* a 24-month trend, one point per month, zero where a delivered month has no balance;
* portfolio figures use ``customer.aum_fen`` (kept by the tiering engine), so sorting and
  filtering stay in SQL.

Everything is checked against visibility: a manager sees the assets of whom they serve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.engines.common import month_days, parse_period, periods_back, shift_period
from branchcrm.services.errors import ValidationError
from branchcrm.services.visibility import customer_clause, require_customer

# Display order; labels are English source strings the GUI translates.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("demand_deposit", "Demand deposits"),
    ("time_deposit", "Time deposits"),
    ("wealth", "Wealth management"),
    ("fund", "Funds"),
    ("insurance", "Insurance"),
    ("precious_metal", "Precious metals"),
    ("bond", "Bonds"),
    ("other", "Other"),
)
ORDER = {code: i for i, (code, _) in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class Slice:
    category: str
    label: str
    fen: int
    share: float  # 0..1 of the month total


@dataclass
class CustomerAssets:
    customer_id: int
    period: str | None
    month_avg_fen: int = 0
    quarter: str | None = None  # e.g. "2026Q1"
    quarter_avg_fen: int = 0
    quarter_months: list[str] = field(default_factory=list)
    structure: list[Slice] = field(default_factory=list)
    trend: list[tuple[str, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "period": self.period,
            "month_avg_fen": self.month_avg_fen,
            "quarter": self.quarter,
            "quarter_avg_fen": self.quarter_avg_fen,
            "quarter_months": self.quarter_months,
            "structure": [s.__dict__ for s in self.structure],
            "trend": [list(p) for p in self.trend],
        }


def quarter_of(period: str) -> tuple[str, list[str]]:
    """``'2026-05'`` -> (``'2026Q2'``, [``'2026-04'``, ``'2026-05'``]): the quarter so far."""
    year, month = parse_period(period)
    q = (month - 1) // 3
    first = f"{year:04d}-{q * 3 + 1:02d}"
    months = [first]
    while months[-1] != period:
        months.append(shift_period(months[-1], 1))
    return f"{year}Q{q + 1}", months


def quarter_daily_average(monthly: dict[str, int], months: list[str]) -> int:
    """Σ(month average × days) / Σ days over the given months: the quarter's daily average."""
    days = sum(month_days(p) for p in months)
    if not days:
        return 0
    return round(sum(monthly.get(p, 0) * month_days(p) for p in months) / days)


def _known_periods(session: Session, upto: str, count: int) -> set[str]:
    rows = session.scalars(
        select(m.PeriodBalance.period)
        .where(m.PeriodBalance.period <= upto)
        .group_by(m.PeriodBalance.period)
        .order_by(m.PeriodBalance.period.desc())
        .limit(count)
    )
    return set(rows)


def customer_assets(
    session: Session,
    actor: Actor,
    customer_id: int,
    *,
    period: str | None = None,
    months: int = 24,
) -> CustomerAssets:
    """The customer file's asset panel: month and quarter averages, structure, trend."""
    require_customer(session, actor, customer_id)
    if period is not None:
        try:
            parse_period(period)
        except ValueError as exc:
            raise ValidationError({"period": str(exc)}) from None
    pb = m.PeriodBalance
    if period is None:
        period = session.scalar(select(func.max(pb.period)).where(pb.customer_id == customer_id))
        if period is None:
            return CustomerAssets(customer_id, None)
    window = periods_back(period, months)
    rows = session.execute(
        select(pb.period, pb.category, pb.avg_balance_fen).where(
            pb.customer_id == customer_id, pb.period >= window[0], pb.period <= period
        )
    ).all()
    totals: dict[str, int] = {}
    by_cat: dict[str, int] = {}
    for p, cat, fen in rows:
        totals[p] = totals.get(p, 0) + int(fen)
        if p == period:
            by_cat[cat] = by_cat.get(cat, 0) + int(fen)
    known = _known_periods(session, period, months)
    out = CustomerAssets(customer_id, period)
    out.month_avg_fen = totals.get(period, 0)
    out.quarter, qmonths = quarter_of(period)
    out.quarter_months = [p for p in qmonths if p in known or p in totals]
    out.quarter_avg_fen = quarter_daily_average(totals, out.quarter_months)
    labels = dict(CATEGORIES)
    total = sum(by_cat.values())
    out.structure = [
        Slice(cat, labels.get(cat, cat), fen, fen / total if total else 0.0)
        for cat, fen in sorted(by_cat.items(), key=lambda kv: (ORDER.get(kv[0], 99), kv[0]))
    ]
    first = next((p for p in window if p in totals), period)
    out.trend = [
        (p, totals.get(p, 0)) for p in window if p >= first and (p in known or p in totals)
    ]
    return out


@dataclass(frozen=True)
class PortfolioAssets:
    customers: int
    aum_fen: int
    by_tier: dict[str, tuple[int, int]]  # tier code -> (customers, aum_fen)
    structure: list[Slice]
    period: str | None


def portfolio_assets(
    session: Session, actor: Actor, *, scope: str = "mine", period: str | None = None
) -> PortfolioAssets:
    """Totals for a portfolio: AUM by tier from ``customer.aum_fen``; the category structure
    of the latest (or given) month from ``period_balance``, both set-wise."""
    visible = customer_clause(session, actor, scope)
    c = m.Customer
    by_tier: dict[str, tuple[int, int]] = {}
    customers = aum = 0
    q = select(c.tier_code, func.count(), func.coalesce(func.sum(c.aum_fen), 0)).where(
        visible, c.status != "closed"
    )
    for code, n, fen in session.execute(q.group_by(c.tier_code)):
        by_tier[code or ""] = (int(n), int(fen))
        customers += int(n)
        aum += int(fen)
    pb = m.PeriodBalance
    if period is None:
        period = session.scalar(select(func.max(pb.period)))
    structure: list[Slice] = []
    if period is not None:
        ids = select(c.id).where(visible, c.status != "closed")
        rows = session.execute(
            select(pb.category, func.sum(pb.avg_balance_fen))
            .where(pb.period == period, pb.customer_id.in_(ids))
            .group_by(pb.category)
        ).all()
        total = sum(int(v or 0) for _, v in rows)
        labels = dict(CATEGORIES)
        structure = [
            Slice(cat, labels.get(cat, cat), int(v or 0), int(v or 0) / total if total else 0.0)
            for cat, v in sorted(rows, key=lambda r: (ORDER.get(r[0], 99), r[0]))
        ]
    return PortfolioAssets(customers, aum, by_tier, structure, period)
