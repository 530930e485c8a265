"""Supervisors' figures for a period, each computed in SQL and each drillable to customers.

Managers are measured on results and on their use of the system: contacts logged, files
updated, reminders acted on (on time or late).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import String, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.services.periods import Period, months_back
from branchcrm.services.visibility import branch_ids, customer_clause, require_role


@dataclass(frozen=True)
class TierSlice:
    tier_code: str
    tier_name: str
    customers: int
    aum_fen: int


@dataclass
class ManagerFigures:
    staff_id: int
    login: str
    name: str
    customers: int = 0
    aum_fen: int = 0
    aum_start_fen: int = 0
    contacted: int = 0  # customers contacted within the coverage window
    completeness_avg: float = 0.0
    reminders_due: int = 0
    reminders_on_time: int = 0
    contacts_logged: int = 0
    files_updated: int = 0
    reminders_acted: int = 0
    coverage_by_tier: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        return self.contacted / self.customers if self.customers else 0.0

    @property
    def on_time_rate(self) -> float:
        return self.reminders_on_time / self.reminders_due if self.reminders_due else 1.0

    @property
    def growth_fen(self) -> int:
        return self.aum_fen - self.aum_start_fen


def _supervisor(actor: Actor) -> None:
    require_role(actor, Role.SUPERVISOR, Role.HEAD)


def _branch_customers(session: Session, actor: Actor):  # type: ignore[no-untyped-def]
    return select(m.Customer.id).where(customer_clause(session, actor, "branch"))


def assets_trend(
    session: Session, actor: Actor, last_month: str, months: int = 24
) -> list[tuple[str, int]]:
    """Branch total of month daily-average assets, oldest first (months with no data: 0)."""
    _supervisor(actor)
    wanted = months_back(last_month, months)
    rows = dict(
        session.execute(
            select(m.PeriodBalance.period, func.sum(m.PeriodBalance.avg_balance_fen))
            .where(
                m.PeriodBalance.period.in_(wanted),
                m.PeriodBalance.customer_id.in_(_branch_customers(session, actor)),
            )
            .group_by(m.PeriodBalance.period)
        ).all()
    )
    return [(p, int(rows.get(p, 0) or 0)) for p in wanted]


def tier_distribution(session: Session, actor: Actor) -> list[TierSlice]:
    _supervisor(actor)
    tiers = session.execute(select(m.Tier.code, m.Tier.name).order_by(m.Tier.rank)).all()
    counts = {
        code: (int(n), int(aum or 0))
        for code, n, aum in session.execute(
            select(m.Customer.tier_code, func.count(), func.sum(m.Customer.aum_fen))
            .where(customer_clause(session, actor, "branch"), m.Customer.status == "active")
            .group_by(m.Customer.tier_code)
        )
    }
    out = [TierSlice(code, name, *counts.get(code, (0, 0))) for code, name in tiers]
    if None in counts:
        out.append(TierSlice("", "unrated", *counts[None]))
    return out


def migration_matrix(session: Session, actor: Actor, period: Period) -> dict[tuple[str, str], int]:
    """(tier before the period, tier at its end) -> customers who moved during the period."""
    _supervisor(actor)
    th = m.TierHistory
    in_period = and_(th.period >= period.months[0], th.period <= period.last_month)
    first = (
        select(th.customer_id, func.min(th.id).label("first_id"), func.max(th.id).label("last_id"))
        .where(in_period, th.customer_id.in_(_branch_customers(session, actor)))
        .group_by(th.customer_id)
        .subquery()
    )
    start_row = select(th.id, th.from_tier).subquery()
    end_row = select(th.id, th.to_tier).subquery()
    stmt = (
        select(start_row.c.from_tier, end_row.c.to_tier, func.count())
        .select_from(first)
        .join(start_row, start_row.c.id == first.c.first_id)
        .join(end_row, end_row.c.id == first.c.last_id)
        .group_by(start_row.c.from_tier, end_row.c.to_tier)
    )
    return {(f or "", t): int(n) for f, t, n in session.execute(stmt) if (f or "") != t}


def utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def manager_figures(
    session: Session, actor: Actor, period: Period, *, coverage_days: int = 90
) -> list[ManagerFigures]:
    """Per customer manager of the branch: portfolio, growth, coverage, completeness, system use."""
    _supervisor(actor)
    assert actor.branch_id is not None
    branches = branch_ids(session, actor.branch_id)
    staff = session.execute(
        select(m.Staff.id, m.Staff.login, m.Staff.name)
        .where(
            m.Staff.branch_id.in_(branches),
            m.Staff.roles.any(m.StaffRole.role == "manager"),
        )
        .order_by(m.Staff.login)
    ).all()
    figures = {sid: ManagerFigures(sid, login, name) for sid, login, name in staff}
    end, start = utc_midnight(period.end), utc_midnight(period.start)
    cutoff = end - dt.timedelta(days=coverage_days)
    primary = (
        select(m.Assignment.staff_id, m.Assignment.customer_id)
        .where(m.Assignment.role == "primary", m.Assignment.valid_to.is_(None))
        .subquery()
    )
    contacted = case((m.Customer.last_contact_at >= cutoff, 1), else_=0)
    for sid, tier, n, aum, hit, compl in session.execute(
        select(
            primary.c.staff_id,
            m.Customer.tier_code,
            func.count(),
            func.sum(m.Customer.aum_fen),
            func.sum(contacted),
            func.sum(m.Customer.completeness),
        )
        .join(m.Customer, m.Customer.id == primary.c.customer_id)
        .where(m.Customer.status == "active")
        .group_by(primary.c.staff_id, m.Customer.tier_code)
    ):
        f = figures.get(sid)
        if f is None:
            continue
        total_before = f.customers
        f.customers += int(n)
        f.aum_fen += int(aum or 0)
        f.contacted += int(hit or 0)
        f.completeness_avg = (f.completeness_avg * total_before + float(compl or 0)) / f.customers
        f.coverage_by_tier[tier or ""] = (int(hit or 0), int(n))
    start_month = months_back(period.months[0], 2)[0]
    for sid, aum in session.execute(
        select(primary.c.staff_id, func.sum(m.PeriodBalance.avg_balance_fen))
        .join(m.PeriodBalance, m.PeriodBalance.customer_id == primary.c.customer_id)
        .where(m.PeriodBalance.period == start_month)
        .group_by(primary.c.staff_id)
    ):
        if sid in figures:
            figures[sid].aum_start_fen = int(aum or 0)
    for sid, n in session.execute(
        select(m.Contact.staff_id, func.count())
        .where(m.Contact.occurred_at >= start, m.Contact.occurred_at < end)
        .group_by(m.Contact.staff_id)
    ):
        if sid in figures:
            figures[sid].contacts_logged = int(n)
    for sid, n in session.execute(
        select(m.AuditLog.staff_id, func.count(func.distinct(m.AuditLog.entity_id)))
        .where(
            m.AuditLog.entity == "customer",
            m.AuditLog.action.in_(("update", "insert")),
            m.AuditLog.at >= start,
            m.AuditLog.at < end,
        )
        .group_by(m.AuditLog.staff_id)
    ):
        if sid in figures:
            figures[sid].files_updated = int(n)
    due_in_period = and_(m.Reminder.due_date >= period.start, m.Reminder.due_date < period.end)
    acted = m.Reminder.status.in_(("done", "dismissed"))
    on_time = case((and_(acted, func.date(m.Reminder.done_at) <= m.Reminder.due_date), 1), else_=0)
    for sid, due, ok in session.execute(
        select(m.Reminder.staff_id, func.count(), func.sum(on_time))
        .where(due_in_period)
        .group_by(m.Reminder.staff_id)
    ):
        if sid in figures:
            figures[sid].reminders_due = int(due)
            figures[sid].reminders_on_time = int(ok or 0)
    for sid, n in session.execute(
        select(m.Reminder.staff_id, func.count())
        .where(acted, m.Reminder.done_at >= start, m.Reminder.done_at < end)
        .group_by(m.Reminder.staff_id)
    ):
        if sid in figures:
            figures[sid].reminders_acted = int(n)
    return list(figures.values())


def uncontacted_customers(
    session: Session, actor: Actor, staff_id: int, *, as_of: dt.date, days: int = 90
) -> list[int]:
    """Drill-down behind a coverage figure: the manager's customers not contacted in ``days``."""
    _supervisor(actor)
    cutoff = utc_midnight(as_of) - dt.timedelta(days=days)
    stmt = (
        select(m.Customer.id)
        .join(m.Assignment, m.Assignment.customer_id == m.Customer.id)
        .where(
            m.Assignment.staff_id == staff_id,
            m.Assignment.role == "primary",
            m.Assignment.valid_to.is_(None),
            m.Customer.status == "active",
            or_(m.Customer.last_contact_at.is_(None), m.Customer.last_contact_at < cutoff),
            customer_clause(session, actor, "branch"),
        )
        .order_by(m.Customer.aum_fen.desc())
    )
    return list(session.scalars(stmt))


def satisfaction_trend(
    session: Session, actor: Actor, months: list[str]
) -> dict[int, list[tuple[str, float | None, int]]]:
    """Per staff member: (month, average satisfaction, answers) for each month asked."""
    _supervisor(actor)
    month = func.substr(cast(m.Contact.occurred_at, String), 1, 7)
    rows = session.execute(
        select(
            m.Contact.staff_id,
            month,
            func.avg(m.Contact.satisfaction),
            func.count(m.Contact.satisfaction),
        )
        .where(m.Contact.satisfaction.is_not(None), month.in_(months))
        .group_by(m.Contact.staff_id, month)
    ).all()
    out: dict[int, dict[str, tuple[float | None, int]]] = {}
    for sid, mon, avg, n in rows:
        out.setdefault(sid, {})[mon] = (float(avg) if avg is not None else None, int(n))
    return {
        sid: [(mon, *by_month.get(mon, (None, 0))) for mon in months]
        for sid, by_month in out.items()
    }


def referral_counts(session: Session, actor: Actor) -> list[tuple[int, str, int]]:
    """Customers who referred others, most referrals first: satisfied customers bring others."""
    _supervisor(actor)
    referrer = m.Customer.referred_by_id
    rows = session.execute(
        select(referrer, func.count())
        .where(referrer.is_not(None), customer_clause(session, actor, "branch"))
        .group_by(referrer)
        .order_by(func.count().desc())
        .limit(100)
    ).all()
    names = dict(
        session.execute(
            select(m.Customer.id, m.Customer.name).where(m.Customer.id.in_([r for r, _ in rows]))
        ).all()
    )
    return [(int(rid), names.get(rid, ""), int(n)) for rid, n in rows if rid is not None]
