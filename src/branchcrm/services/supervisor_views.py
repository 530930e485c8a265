"""Read-only queries behind the supervisors' screens: the customers behind a dashboard figure
(drill-down), the rebalancing workbench's customer lists and batch history, campaign names.

Everything is restricted to the actor's branch and to supervisors and heads; nothing here
writes. The figures themselves come from :mod:`dashboard`, :mod:`kpi` and :mod:`rebalancing`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.engines.rebalance import Figures
from branchcrm.services import credit, dashboard, rebalancing
from branchcrm.services import staff as staff_service
from branchcrm.services.errors import ValidationError
from branchcrm.services.periods import Period, months_back
from branchcrm.services.visibility import branch_ids, customer_clause, require_role

DRILL_LIMIT = 2000
FIGURES = (
    "customers",
    "assets",
    "growth",
    "credited",
    "coverage",
    "completeness",
    "reminders",
    "system_use",
    "potential",
    "converted",
)


def _supervisor(actor: Actor) -> None:
    require_role(actor, Role.SUPERVISOR, Role.HEAD)


@dataclass(frozen=True)
class DrillRow:
    customer_id: int
    customer_no: str
    name: str
    tier_code: str | None
    aum_fen: int
    manager: str | None
    last_contact_at: dt.datetime | None
    completeness: int
    detail: str = ""
    tier_name: str = ""


def staff_names(session: Session, ids: Sequence[int | None]) -> dict[int, str]:
    """``name (login)`` of the given staff members."""
    wanted = sorted({i for i in ids if i is not None})
    return {
        sid: f"{name} ({login})"
        for sid, name, login in session.execute(
            select(m.Staff.id, m.Staff.name, m.Staff.login).where(m.Staff.id.in_(wanted))
        )
    }


def tier_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(m.Tier.code, m.Tier.name).order_by(m.Tier.rank)).all())


def drill_rows(
    session: Session, ids: Sequence[int], detail: dict[int, str] | None = None
) -> list[DrillRow]:
    """Rows for ``ids`` in the order given."""
    ids = list(dict.fromkeys(ids))[:DRILL_LIMIT]
    if not ids:
        return []
    c = m.Customer
    found = {
        r.id: r
        for r in session.execute(
            select(
                c.id,
                c.customer_no,
                c.name,
                c.tier_code,
                c.aum_fen,
                c.last_contact_at,
                c.completeness,
            ).where(c.id.in_(ids))
        )
    }
    managers = dict(
        session.execute(
            select(m.Assignment.customer_id, m.Staff.name)
            .join(m.Staff, m.Staff.id == m.Assignment.staff_id)
            .where(
                m.Assignment.customer_id.in_(ids),
                m.Assignment.role == "primary",
                m.Assignment.valid_to.is_(None),
            )
        ).all()
    )
    detail = detail or {}
    names = tier_names(session)
    return [
        DrillRow(
            r.id,
            r.customer_no or str(r.id),
            r.name,
            r.tier_code,
            int(r.aum_fen or 0),
            managers.get(r.id),
            r.last_contact_at,
            int(r.completeness or 0),
            detail.get(r.id, ""),
            names.get(r.tier_code or "", r.tier_code or ""),
        )
        for cid in ids
        if (r := found.get(cid)) is not None
    ]


def _primary_of(staff_id: int):  # type: ignore[no-untyped-def]
    return select(m.Assignment.customer_id).where(
        m.Assignment.staff_id == staff_id,
        m.Assignment.role == "primary",
        m.Assignment.valid_to.is_(None),
    )


def manager_customers(
    session: Session,
    actor: Actor,
    staff_id: int,
    figure: str,
    period: Period,
    *,
    tier: str | None = None,
    coverage_days: int = 90,
    potential: dashboard.PotentialFigures | None = None,
) -> list[DrillRow]:
    """The customers behind one figure of a manager's row on the dashboard (``tier``: only
    that tier, '' for unrated, for coverage by tier; ``potential``: the period's potential
    customers when already computed, so that they are not scored again)."""
    _supervisor(actor)
    return _unit_customers(
        session,
        actor,
        _primary_of(staff_id),
        [staff_id],
        figure,
        period,
        tier=tier,
        coverage_days=coverage_days,
        potential=potential,
    )


def branch_customers(
    session: Session,
    actor: Actor,
    figure: str,
    period: Period,
    *,
    tier: str | None = None,
    coverage_days: int = 90,
    potential: dashboard.PotentialFigures | None = None,
) -> list[DrillRow]:
    """The customers behind a branch figure made of the managers' rows together (the branch
    coverage by tier): every manager's primary customers; work figures count their work."""
    _supervisor(actor)
    assert actor.branch_id is not None
    managers = list(
        session.scalars(
            select(m.Staff.id).where(
                m.Staff.branch_id.in_(branch_ids(session, actor.branch_id)),
                m.Staff.roles.any(m.StaffRole.role == "manager"),
            )
        )
    )
    a = m.Assignment
    book = select(a.customer_id).where(
        a.staff_id.in_(managers), a.role == "primary", a.valid_to.is_(None)
    )
    return _unit_customers(
        session,
        actor,
        book,
        managers,
        figure,
        period,
        tier=tier,
        coverage_days=coverage_days,
        potential=potential,
    )


def team_customers(
    session: Session,
    actor: Actor,
    team_id: int,
    figure: str,
    period: Period,
    *,
    tier: str | None = None,
    coverage_days: int = 90,
    potential: dashboard.PotentialFigures | None = None,
) -> list[DrillRow]:
    """The customers behind one figure of a team's row: the team's book (customers it serves
    and its members' primary customers); work figures count the members' work."""
    _supervisor(actor)
    book = dashboard.team_portfolio(team_id)
    members = list(
        session.scalars(select(m.TeamMember.staff_id).where(m.TeamMember.team_id == team_id))
    )
    return _unit_customers(
        session,
        actor,
        select(book.c.customer_id),
        members,
        figure,
        period,
        tier=tier,
        coverage_days=coverage_days,
        potential=potential,
    )


def _unit_customers(
    session: Session,
    actor: Actor,
    book: Select[Any],
    people: list[int],
    figure: str,
    period: Period,
    *,
    tier: str | None,
    coverage_days: int,
    potential: dashboard.PotentialFigures | None,
) -> list[DrillRow]:
    if figure not in FIGURES:
        raise ValidationError({"figure": f"one of {', '.join(FIGURES)}"})
    c = m.Customer
    conditions = [c.id.in_(book), c.status == "active", customer_clause(session, actor, "branch")]
    if tier is not None:
        conditions.append(c.tier_code.is_(None) if not tier else c.tier_code == tier)
    mine = and_(*conditions)
    detail: dict[int, str] = {}
    if figure == "coverage":
        cutoff = dashboard.utc_midnight(period.end) - dt.timedelta(days=coverage_days)
        not_contacted = or_(c.last_contact_at.is_(None), c.last_contact_at < cutoff)
        ids = list(
            session.scalars(
                select(c.id).where(mine, not_contacted).order_by(c.aum_fen.desc(), c.id)
            )
        )
    elif figure == "completeness":
        ids = list(session.scalars(select(c.id).where(mine).order_by(c.completeness, c.id)))
        detail = {i: f"{n}%" for i, n in session.execute(select(c.id, c.completeness).where(mine))}
    elif figure == "growth":
        start_month = months_back(period.months[0], 2)[0]
        start = dict(
            session.execute(
                select(m.PeriodBalance.customer_id, func.sum(m.PeriodBalance.avg_balance_fen))
                .where(m.PeriodBalance.period == start_month, m.PeriodBalance.customer_id.in_(book))
                .group_by(m.PeriodBalance.customer_id)
            ).all()
        )
        now = dict(session.execute(select(c.id, c.aum_fen).where(mine)).all())
        growth = {cid: int(now[cid] or 0) - int(start.get(cid) or 0) for cid in now}
        ids = sorted(growth, key=lambda i: (-abs(growth[i]), i))
        detail = {i: f"{g / 100:+,.2f}" for i, g in growth.items()}
    elif figure == "credited":
        last_day = period.end - dt.timedelta(days=1)
        parts = credit.credited_by_customer(session, period.start, last_day, people)
        top = sorted(parts, key=lambda i: (-abs(parts[i]), i))[:DRILL_LIMIT]
        visible = set(
            session.scalars(
                select(c.id).where(c.id.in_(top), customer_clause(session, actor, "branch"))
            )
        )
        ids = [i for i in top if i in visible]
        detail = {i: f"{parts[i] / 100:+,.2f}" for i in ids}
    elif figure == "reminders":
        r = m.Reminder
        late = or_(
            r.status.not_in(("done", "dismissed")),
            r.done_at.is_(None),
            func.date(r.done_at) > r.due_date,
        )
        due_rows = session.execute(
            select(r.customer_id, r.due_date, r.status)
            .where(
                r.staff_id.in_(people),
                r.due_date >= period.start,
                r.due_date < period.end,
                late,
            )
            .order_by(r.due_date)
        ).all()
        ids = [cid for cid, _, _ in due_rows]
        detail = {cid: f"{due.isoformat()} {status}" for cid, due, status in due_rows}
    elif figure == "system_use":
        since, until = dashboard.utc_midnight(period.start), dashboard.utc_midnight(period.end)
        contact_rows = session.execute(
            select(m.Contact.customer_id, func.count())
            .where(
                m.Contact.staff_id.in_(people),
                m.Contact.occurred_at >= since,
                m.Contact.occurred_at < until,
            )
            .group_by(m.Contact.customer_id)
            .order_by(func.count().desc())
        ).all()
        ids = [cid for cid, _ in contact_rows]
        detail = {cid: str(n) for cid, n in contact_rows}
    elif figure in ("potential", "converted"):
        # the dashboard passes what it has already computed: scoring everyone takes a while
        found = potential or dashboard.potential_figures(session, actor, period)
        wanted = found.found if figure == "potential" else found.converted
        mine_ids = set(session.scalars(select(c.id).where(mine)))
        ids = sorted((i for i in wanted if i in mine_ids), key=lambda i: (-found.found[i], i))
        names = tier_names(session)
        detail = {
            i: (
                f"{found.found[i]}"
                if figure == "potential"
                else " → ".join(names.get(t, t) for t in found.converted[i])
            )
            for i in ids
        }
    else:  # customers, assets
        ids = list(session.scalars(select(c.id).where(mine).order_by(c.aum_fen.desc(), c.id)))
    return drill_rows(session, ids, detail)


def potential_worklist(session: Session, actor: Actor, staff_id: int) -> list[Any]:
    """A manager's potential customers ("small here, maybe big elsewhere"), best first."""
    from branchcrm.engines import potential

    return list(potential.worklist(session, actor, staff_id=staff_id, limit=DRILL_LIMIT))


def tier_customers(session: Session, actor: Actor, tier_code: str) -> list[DrillRow]:
    """Active customers of a tier ('' for unrated), largest first."""
    _supervisor(actor)
    c = m.Customer
    tier = c.tier_code.is_(None) if not tier_code else c.tier_code == tier_code
    ids = session.scalars(
        select(c.id)
        .where(customer_clause(session, actor, "branch"), c.status == "active", tier)
        .order_by(c.aum_fen.desc(), c.id)
        .limit(DRILL_LIMIT)
    )
    return drill_rows(session, list(ids))


def migration_customers(
    session: Session, actor: Actor, period: Period, from_tier: str, to_tier: str
) -> list[DrillRow]:
    """The customers counted in one cell of :func:`dashboard.migration_matrix`."""
    _supervisor(actor)
    th = m.TierHistory
    firsts = (
        select(th.customer_id, func.min(th.id).label("a"), func.max(th.id).label("b"))
        .where(
            th.period >= period.months[0],
            th.period <= period.last_month,
            th.customer_id.in_(
                select(m.Customer.id).where(customer_clause(session, actor, "branch"))
            ),
        )
        .group_by(th.customer_id)
        .subquery()
    )
    start = select(th.id, th.from_tier).subquery()
    end = select(th.id, th.to_tier).subquery()
    rows = session.execute(
        select(firsts.c.customer_id, start.c.from_tier, end.c.to_tier)
        .join(start, start.c.id == firsts.c.a)
        .join(end, end.c.id == firsts.c.b)
    ).all()
    ids = [cid for cid, f, t in rows if (f or "") == from_tier and t == to_tier]
    rows_out = drill_rows(session, ids)
    return sorted(rows_out, key=lambda r: -r.aum_fen)


def month_customers(session: Session, actor: Actor, month: str) -> list[DrillRow]:
    """Behind a point of the branch trend: the customers' month daily-averages, largest first."""
    _supervisor(actor)
    pb = m.PeriodBalance
    total = func.sum(pb.avg_balance_fen)
    rows = session.execute(
        select(pb.customer_id, total)
        .where(
            pb.period == month,
            pb.customer_id.in_(
                select(m.Customer.id).where(customer_clause(session, actor, "branch"))
            ),
        )
        .group_by(pb.customer_id)
        .order_by(total.desc())
        .limit(DRILL_LIMIT)
    ).all()
    return drill_rows(
        session, [cid for cid, _ in rows], {cid: f"{int(v) / 100:,.2f}" for cid, v in rows}
    )


# --- rebalancing workbench ----------------------------------------------------------------


@dataclass(frozen=True)
class ManagerLoad:
    staff_id: int
    login: str
    name: str
    status: str
    figures: Figures


def workbench_loads(session: Session, actor: Actor) -> list[ManagerLoad]:
    """:func:`rebalancing.manager_loads` with each manager's id and name."""
    loads = rebalancing.manager_loads(session, actor)
    people = {s.login: s for s in staff_service.list_staff(session, actor, role="manager")}
    out = []
    for row in loads:
        person = people.get(row.login)
        if person is None:
            continue
        out.append(ManagerLoad(person.id, row.login, person.name, row.status, row.figures))
    return out


@dataclass(frozen=True)
class WorkRow:
    customer_id: int
    customer_no: str
    name: str
    tier_code: str | None
    aum_fen: int
    last_contact_at: dt.datetime | None
    secondary: str | None
    served_since: dt.datetime
    primary_assignment: int


@dataclass(frozen=True)
class WorkFilter:
    staff_id: int | None = None
    tier: str | None = None
    min_days_since_contact: int | None = None
    min_aum_fen: int | None = None
    max_aum_fen: int | None = None
    missing_secondary: bool = False


def workbench_customers(
    session: Session,
    actor: Actor,
    f: WorkFilter,
    *,
    today: dt.date | None = None,
    limit: int = DRILL_LIMIT,
) -> list[WorkRow]:
    """Customers to pick for moving: one manager's primaries (or the branch), filtered."""
    rebalancing.require_reassigner(actor)
    c, a = m.Customer, m.Assignment
    stmt = (
        select(
            a.id,
            a.valid_from,
            c.id,
            c.customer_no,
            c.name,
            c.tier_code,
            c.aum_fen,
            c.last_contact_at,
        )
        .join(c, c.id == a.customer_id)
        .where(
            a.role == "primary",
            a.valid_to.is_(None),
            c.status == "active",
            customer_clause(session, actor, "branch"),
        )
    )
    if f.staff_id is not None:
        stmt = stmt.where(a.staff_id == f.staff_id)
    if f.tier:
        stmt = stmt.where(c.tier_code == f.tier)
    if f.min_aum_fen is not None:
        stmt = stmt.where(c.aum_fen >= f.min_aum_fen)
    if f.max_aum_fen is not None:
        stmt = stmt.where(c.aum_fen < f.max_aum_fen)
    if f.min_days_since_contact is not None:
        cutoff = dashboard.utc_midnight(
            (today or dt.date.today()) - dt.timedelta(days=f.min_days_since_contact)
        )
        stmt = stmt.where(or_(c.last_contact_at.is_(None), c.last_contact_at < cutoff))
    rows = session.execute(stmt.order_by(c.aum_fen.desc(), c.id).limit(limit)).all()
    ids = [r[2] for r in rows]
    secondaries: dict[int, str] = {}
    for part in rebalancing.chunks(ids):
        secondaries.update(
            session.execute(
                select(a.customer_id, m.Staff.login)
                .join(m.Staff, m.Staff.id == a.staff_id)
                .where(a.customer_id.in_(part), a.role == "secondary", a.valid_to.is_(None))
            ).all()
        )
    out = [
        WorkRow(
            cid, no or str(cid), name, tier, int(aum or 0), last, secondaries.get(cid), since, aid
        )
        for aid, since, cid, no, name, tier, aum, last in rows
    ]
    if f.missing_secondary:
        needs = {
            code
            for code, flag in session.execute(select(m.Tier.code, m.Tier.needs_secondary))
            if flag
        }
        out = [r for r in out if r.secondary is None and r.tier_code in needs]
    return out


@dataclass(frozen=True)
class BatchRow:
    batch_ref: str
    kind: str
    at: dt.datetime
    customers: int
    undone: bool


def recent_batches(session: Session, actor: Actor, limit: int = 20) -> list[BatchRow]:
    """Batches of moves (rebalancing, moves by hand, handovers), newest first."""
    rebalancing.require_reassigner(actor)
    log = m.AuditLog
    undone = set(
        session.scalars(
            select(log.entity_id).where(
                log.entity == rebalancing.BATCH_ENTITY, log.action == "undo"
            )
        )
    )
    rows = session.execute(
        select(log.entity_id, log.at, log.changes)
        .where(
            log.entity == rebalancing.BATCH_ENTITY,
            log.action == "batch",
            log.entity_id.not_like("undo:%"),
        )
        .order_by(log.id.desc())
        .limit(limit)
    ).all()
    out = []
    for ref, at, raw in rows:
        data = json.loads(raw or "{}")
        out.append(
            BatchRow(
                ref or "", data.get("kind", ""), at, len(data.get("changes", [])), ref in undone
            )
        )
    return out


def campaign_names(session: Session, actor: Actor) -> list[str]:
    """Campaigns known from logged contacts and from bulk tasks, newest first by name."""
    _supervisor(actor)
    names = set(
        session.scalars(
            select(m.Contact.campaign).where(m.Contact.campaign.is_not(None)).distinct()
        )
    )
    for key in session.scalars(
        select(m.Reminder.event_key).where(m.Reminder.event_key.like("campaign:%")).limit(20000)
    ):
        parts = (key or "").split(":")
        if len(parts) >= 3:
            names.add(":".join(parts[1:-1]))
    return sorted((n for n in names if n), reverse=True)
