"""Supervisors' figures for a period, each computed in SQL and each drillable to customers.

Managers are measured on results and on their use of the system: contacts logged, files
updated, reminders acted on (on time or late).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import String, Subquery, and_, case, cast, exists, func, or_, select, union
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.engines import potential
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
    coverage_by_tier: dict[str, tuple[int, int]] = field(default_factory=dict)  # (hit, n)
    credited_fen: int = 0  # asset growth credited by assignment (and team) shares
    potential_found: int | None = None  # None: not computed (see potential_figures)
    potential_converted: int | None = None

    @property
    def coverage(self) -> float:
        return self.contacted / self.customers if self.customers else 0.0

    @property
    def on_time_rate(self) -> float:
        return self.reminders_on_time / self.reminders_due if self.reminders_due else 1.0

    @property
    def growth_fen(self) -> int:
        return self.aum_fen - self.aum_start_fen

    def tier_coverage(self, tier: str) -> float | None:
        hit, n = self.coverage_by_tier.get(tier, (0, 0))
        return hit / n if n else None


@dataclass
class TeamFigures(ManagerFigures):
    """A team's figures; ``staff_id`` holds the team's id, ``name`` its name."""

    members: tuple[str, ...] = ()

    @property
    def team_id(self) -> int:
        return self.staff_id


CHUNK = 5000


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _supervisor(actor: Actor) -> None:
    require_role(actor, Role.SUPERVISOR, Role.HEAD)


def _branch_customers(session: Session, actor: Actor):  # type: ignore[no-untyped-def]
    return select(m.Customer.id).where(customer_clause(session, actor, "branch"))


def whole_database_is_branch(session: Session, actor: Actor) -> bool:
    """Whether every customer in the database belongs to the actor's branch (and its
    sub-branches): the usual one-branch database, where figures over all balances need no
    join with the customer table."""
    assert actor.branch_id is not None
    branches = branch_ids(session, actor.branch_id)
    return not session.scalar(select(exists().where(m.Customer.branch_id.not_in(branches))))


def assets_trend(
    session: Session, actor: Actor, last_month: str, months: int = 24
) -> list[tuple[str, int]]:
    """Branch total of month daily-average assets, oldest first (months with no data: 0).

    One range scan over the months asked; in a one-branch database without the join that
    would make it a lookup per balance row.
    """
    _supervisor(actor)
    wanted = months_back(last_month, months)
    pb = m.PeriodBalance
    stmt = (
        select(pb.period, func.sum(pb.avg_balance_fen))
        .where(pb.period >= wanted[0], pb.period <= wanted[-1])
        .group_by(pb.period)
    )
    if not whole_database_is_branch(session, actor):
        stmt = stmt.where(pb.customer_id.in_(_branch_customers(session, actor)))
    rows = dict(session.execute(stmt).all())
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


def primary_portfolio() -> Subquery:
    """(unit, customer_id): each manager's current primary customers."""
    a = m.Assignment
    return (
        select(a.staff_id.label("unit"), a.customer_id.label("customer_id"))
        .where(a.role == "primary", a.valid_to.is_(None))
        .subquery("portfolio")
    )


def team_portfolio(team_id: int | None = None) -> Subquery:
    """(unit, customer_id): the customers a team serves (a current team assignment) and those
    its members serve as primary: the team's book."""
    a, tm = m.Assignment, m.TeamMember
    served = select(a.team_id.label("unit"), a.customer_id.label("customer_id")).where(
        a.role == "team", a.valid_to.is_(None), a.team_id.is_not(None)
    )
    members = (
        select(tm.team_id.label("unit"), a.customer_id.label("customer_id"))
        .join(a, a.staff_id == tm.staff_id)
        .where(a.role == "primary", a.valid_to.is_(None))
    )
    if team_id is not None:
        served = served.where(a.team_id == team_id)
        members = members.where(tm.team_id == team_id)
    return union(served, members).subquery("portfolio")


def _team_people() -> Subquery:
    tm = m.TeamMember
    return select(tm.team_id.label("unit"), tm.staff_id.label("staff_id")).subquery("people")


def _manager_people() -> Subquery:
    return select(m.Staff.id.label("unit"), m.Staff.id.label("staff_id")).subquery("people")


def _fill(
    session: Session,
    figures: Mapping[int, ManagerFigures],
    portfolio: Subquery,
    people: Subquery,
    period: Period,
    coverage_days: int,
    *,
    start_per_customer: bool = False,
) -> None:
    """Every figure of ``figures`` (keyed by unit) from the unit's book (``portfolio``) and
    the staff whose work counts for it (``people``), each in one grouped query.

    ``start_per_customer``: sum the start month per customer first, then join the book. SQLite
    does not read the covering balance index through a UNION book (the teams'), and a month
    summed per customer is one range scan of it; PostgreSQL joins faster the other way."""
    end, start = utc_midnight(period.end), utc_midnight(period.start)
    cutoff = end - dt.timedelta(days=coverage_days)
    contacted = case((m.Customer.last_contact_at >= cutoff, 1), else_=0)
    for unit, tier, n, aum, hit, compl in session.execute(
        select(
            portfolio.c.unit,
            m.Customer.tier_code,
            func.count(),
            func.sum(m.Customer.aum_fen),
            func.sum(contacted),
            func.sum(m.Customer.completeness),
        )
        .join(m.Customer, m.Customer.id == portfolio.c.customer_id)
        .where(m.Customer.status == "active")
        .group_by(portfolio.c.unit, m.Customer.tier_code)
    ):
        f = figures.get(unit)
        if f is None:
            continue
        total_before = f.customers
        f.customers += int(n)
        f.aum_fen += int(aum or 0)
        f.contacted += int(hit or 0)
        f.completeness_avg = (f.completeness_avg * total_before + float(compl or 0)) / f.customers
        f.coverage_by_tier[tier or ""] = (int(hit or 0), int(n))
    start_month = months_back(period.months[0], 2)[0]
    pb = m.PeriodBalance
    if start_per_customer:
        start_fen = (
            select(pb.customer_id.label("cid"), func.sum(pb.avg_balance_fen).label("fen"))
            .where(pb.period == start_month)
            .group_by(pb.customer_id)
            .subquery("start_fen")
        )
        start_rows = (
            select(portfolio.c.unit, func.sum(start_fen.c.fen))
            .join(start_fen, start_fen.c.cid == portfolio.c.customer_id)
            .group_by(portfolio.c.unit)
        )
    else:
        start_rows = (
            select(portfolio.c.unit, func.sum(pb.avg_balance_fen))
            .join(pb, pb.customer_id == portfolio.c.customer_id)
            .where(pb.period == start_month)
            .group_by(portfolio.c.unit)
        )
    for unit, aum in session.execute(start_rows):
        if unit in figures:
            figures[unit].aum_start_fen = int(aum or 0)
    for unit, n in session.execute(
        select(people.c.unit, func.count())
        .join(m.Contact, m.Contact.staff_id == people.c.staff_id)
        .where(m.Contact.occurred_at >= start, m.Contact.occurred_at < end)
        .group_by(people.c.unit)
    ):
        if unit in figures:
            figures[unit].contacts_logged = int(n)
    for unit, n in session.execute(
        select(people.c.unit, func.count(func.distinct(m.AuditLog.entity_id)))
        .join(m.AuditLog, m.AuditLog.staff_id == people.c.staff_id)
        .where(
            m.AuditLog.entity == "customer",
            m.AuditLog.action.in_(("update", "insert")),
            m.AuditLog.at >= start,
            m.AuditLog.at < end,
        )
        .group_by(people.c.unit)
    ):
        if unit in figures:
            figures[unit].files_updated = int(n)
    r = m.Reminder
    due_in_period = and_(r.due_date >= period.start, r.due_date < period.end)
    acted = r.status.in_(("done", "dismissed"))
    on_time = case((and_(acted, func.date(r.done_at) <= r.due_date), 1), else_=0)
    for unit, due, ok in session.execute(
        select(people.c.unit, func.count(), func.sum(on_time))
        .join(r, r.staff_id == people.c.staff_id)
        .where(due_in_period)
        .group_by(people.c.unit)
    ):
        if unit in figures:
            figures[unit].reminders_due = int(due)
            figures[unit].reminders_on_time = int(ok or 0)
    for unit, n in session.execute(
        select(people.c.unit, func.count())
        .join(r, r.staff_id == people.c.staff_id)
        .where(acted, r.done_at >= start, r.done_at < end)
        .group_by(people.c.unit)
    ):
        if unit in figures:
            figures[unit].reminders_acted = int(n)


def _potential_counts(
    session: Session, portfolio: Subquery, potential: PotentialFigures
) -> dict[int, tuple[int, int]]:
    """Unit -> (potential customers found, converted) in the unit's book."""
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for i, ids in enumerate((sorted(potential.found), sorted(potential.converted))):
        for part in chunks(ids):
            for unit, n in session.execute(
                select(portfolio.c.unit, func.count())
                .where(portfolio.c.customer_id.in_(part))
                .group_by(portfolio.c.unit)
            ):
                out[int(unit)][i] += int(n)
    return {unit: (found, converted) for unit, (found, converted) in out.items()}


def _count_potential(
    session: Session,
    figures: Mapping[int, ManagerFigures],
    portfolio: Subquery,
    potential: PotentialFigures,
) -> None:
    counts = _potential_counts(session, portfolio, potential)
    for unit, f in figures.items():
        f.potential_found, f.potential_converted = counts.get(unit, (0, 0))


def potential_by_unit(
    session: Session, actor: Actor, potential: PotentialFigures
) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """(found, converted) per manager (their primary customers) and per team (its book)."""
    _supervisor(actor)
    return (
        _potential_counts(session, primary_portfolio(), potential),
        _potential_counts(session, team_portfolio(), potential),
    )


def manager_figures(
    session: Session,
    actor: Actor,
    period: Period,
    *,
    coverage_days: int = 90,
    credited: Mapping[int, int] | None = None,
    potential: PotentialFigures | None = None,
) -> list[ManagerFigures]:
    """Per customer manager of the branch: portfolio (current primary customers), assets,
    coverage, completeness, reminders, system use; growth credited and potential customers
    when given (from :func:`credited` and :func:`potential_figures`)."""
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
    portfolio = primary_portfolio()
    _fill(session, figures, portfolio, _manager_people(), period, coverage_days)
    for sid, f in figures.items():
        f.credited_fen = int((credited or {}).get(sid, 0))
    if potential is not None:
        _count_potential(session, figures, portfolio, potential)
    return list(figures.values())


def team_figures(
    session: Session,
    actor: Actor,
    period: Period,
    *,
    coverage_days: int = 90,
    credited: Mapping[int, int] | None = None,
    potential: PotentialFigures | None = None,
) -> list[TeamFigures]:
    """Per active team of the branch, the manager figures over the team's book (customers
    it serves and customers its members serve as primary) and its members' work; growth
    credited is the sum of what is credited to its members (by assignment and team shares)."""
    _supervisor(actor)
    assert actor.branch_id is not None
    branches = branch_ids(session, actor.branch_id)
    teams = session.execute(
        select(m.Team.id, m.Team.name)
        .where(m.Team.branch_id.in_(branches), m.Team.active.is_(True))
        .order_by(m.Team.name, m.Team.id)
    ).all()
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for tid, sid, name in session.execute(
        select(m.TeamMember.team_id, m.Staff.id, m.Staff.name)
        .join(m.Staff, m.Staff.id == m.TeamMember.staff_id)
        .where(m.TeamMember.team_id.in_([t for t, _ in teams]))
        .order_by(m.TeamMember.share_bp.desc(), m.Staff.login)
    ):
        members[tid].append((sid, name))
    figures = {
        tid: TeamFigures(tid, "", name, members=tuple(n for _, n in members[tid]))
        for tid, name in teams
    }
    portfolio = team_portfolio()
    sqlite = session.get_bind().dialect.name == "sqlite"
    _fill(
        session,
        figures,
        portfolio,
        _team_people(),
        period,
        coverage_days,
        start_per_customer=sqlite,
    )
    for tid, f in figures.items():
        f.credited_fen = sum(int((credited or {}).get(sid, 0)) for sid, _ in members[tid])
    if potential is not None:
        _count_potential(session, figures, portfolio, potential)
    return list(figures.values())


def credited(session: Session, actor: Actor, period: Period) -> dict[int, int]:
    """Staff id -> asset growth credited to them over the period (see :mod:`credit`)."""
    from branchcrm.services import credit

    _supervisor(actor)
    last_day = period.end - dt.timedelta(days=1)
    return {
        sid: c.credited_fen
        for sid, c in credit.credited_growth(session, period.start, last_day).items()
    }


@dataclass(frozen=True)
class PotentialFigures:
    """Potential customers of the branch for a period.

    *Found*: customers the potential engine flags (score of at least ``min_score``, the
    worklist's threshold) as of the first day of the period. *Converted*: those of them who
    moved to a higher tier during the period (their tier before the period's first tier
    change ranks below their tier after its last one): the potential became assets here.
    Counting both at the start of the period keeps them comparable: a customer whose assets
    came over no longer looks like potential at the end.

    The scores come from the engine's snapshot as of that day (see
    :func:`potential.ensure_snapshot`), taken by the daily and monthly engine runs, or by
    the first view of the period that found none (``computed``: by this call).
    """

    found: dict[int, int]  # customer id -> score
    converted: dict[int, tuple[str, str]]  # customer id -> (tier before, tier after)
    as_of: dt.date | None = None
    taken_at: dt.datetime | None = None  # when the snapshot was taken; None: not stored
    computed: bool = False  # scored by this call (no snapshot was there)


def potential_figures(
    session: Session,
    actor: Actor,
    period: Period,
    *,
    min_score: int = potential.MIN_SCORE,
    use_snapshot: bool = True,
) -> PotentialFigures:
    """Found and converted potential customers of the period. Read from the snapshot as of
    the period's first day, which is taken and stored first when missing; with
    ``use_snapshot=False`` the branch is scored afresh and nothing is written."""
    _supervisor(actor)
    # In a one-branch database, no filter on each signal (or on the snapshot).
    ids = None if whole_database_is_branch(session, actor) else _branch_customers(session, actor)
    info: potential.SnapshotInfo | None = None
    if use_snapshot:
        info = potential.ensure_snapshot(session, period.start, taken_by=actor.staff_id)
        found = potential.snapshot_scores(session, period.start, ids, min_score=min_score)
    else:
        scored = potential.score_customers(session, ids, today=period.start)
        found = {cid: p.score for cid, p in scored.items() if p.score >= min_score}
    moves = tier_moves(session, actor, period)
    ranks = dict(session.execute(select(m.Tier.code, m.Tier.rank)).all())
    converted = {
        cid: (before, after)
        for cid, (before, after) in moves.items()
        if cid in found and ranks.get(after, 0) > ranks.get(before, 0)
    }
    return PotentialFigures(
        found,
        converted,
        period.start,
        info.taken_at if info is not None else None,
        info.created if info is not None else True,
    )


def tier_moves(session: Session, actor: Actor, period: Period) -> dict[int, tuple[str, str]]:
    """Customer id -> (tier before the period, tier at its end) for those who changed tier."""
    th = m.TierHistory
    bounds = (
        select(th.customer_id, func.min(th.id).label("a"), func.max(th.id).label("b"))
        .where(
            th.period >= period.months[0],
            th.period <= period.last_month,
            th.customer_id.in_(_branch_customers(session, actor)),
        )
        .group_by(th.customer_id)
        .subquery()
    )
    start = select(th.id, th.from_tier).subquery()
    end = select(th.id, th.to_tier).subquery()
    rows = session.execute(
        select(bounds.c.customer_id, start.c.from_tier, end.c.to_tier)
        .join(start, start.c.id == bounds.c.a)
        .join(end, end.c.id == bounds.c.b)
    ).all()
    return {int(cid): (f or "", t) for cid, f, t in rows if (f or "") != t}


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
