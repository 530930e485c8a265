"""Results credited to people, and customers served by a team.

Growth of a customer over a period is the daily-average balance of the last month of the
period minus that of the month before the period starts (the usual "vs start of period").
It is credited to whoever served the customer *when*: the period is cut into stretches at
every assignment change, each stretch earns its share of the growth by its number of days,
and within a stretch

* while a team serves the customer (a current ``team`` assignment), the team's members share
  it by their team shares (the team is the customer's service unit);
* otherwise the current primary and secondary share it by their assignment shares
  (default 70/30), normalised so that nothing is lost or double counted.

Days are UTC calendar days: an assignment that starts or ends during a day counts from (or
until) that day. The computation runs in the database (:func:`_credited`); the few thousand
groups it returns are summed exactly, as fractions, and rounded once per person and role.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.domain.actor import Actor
from branchcrm.services.errors import InvariantError, NotFound, ValidationError
from branchcrm.services.rebalancing import chunks, require_reassigner

# --- team service ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamMemberView:
    login: str
    name: str
    share_bp: int
    lead: bool


@dataclass(frozen=True)
class TeamView:
    """What the customer file shows about the team serving a customer."""

    team_id: int
    name: str
    since: dt.datetime
    members: list[TeamMemberView]


def serve_by_team(session: Session, actor: Actor, customer_id: int, team_id: int) -> int:
    """A team takes over serving the customer (results then go by team shares)."""
    require_reassigner(actor, "assign a team to a customer")
    team = session.get(m.Team, team_id)
    if team is None or not team.active:
        raise NotFound(f"team {team_id} not found")
    if session.get(m.Customer, customer_id) is None:
        raise NotFound(f"customer {customer_id} not found")
    gone = session.scalars(
        select(m.Staff.login).where(
            m.Staff.id.in_([tm.staff_id for tm in team.members] + [team.lead_id]),
            m.Staff.status.in_(("departed", "transferred")),
        )
    ).all()
    if gone:
        raise InvariantError(
            f"team {team.name} still lists {', '.join(sorted(gone))}, who left; update its members first"
        )
    now = utcnow()
    for a in session.scalars(
        select(m.Assignment).where(
            m.Assignment.customer_id == customer_id,
            m.Assignment.role == "team",
            m.Assignment.valid_to.is_(None),
        )
    ):
        if a.team_id == team_id:
            return a.id
        a.valid_to = now
    row = m.Assignment(
        customer_id=customer_id,
        staff_id=team.lead_id,
        role="team",
        share_bp=10000,
        team_id=team_id,
        valid_from=now,
        reason=f"served by team {team.name}"[:200],
    )
    session.add(row)
    session.flush()
    return row.id


def end_team_service(session: Session, actor: Actor, customer_id: int) -> None:
    require_reassigner(actor, "change who serves a customer")
    now = utcnow()
    for a in session.scalars(
        select(m.Assignment).where(
            m.Assignment.customer_id == customer_id,
            m.Assignment.role == "team",
            m.Assignment.valid_to.is_(None),
        )
    ):
        a.valid_to = now
    session.flush()


def customer_team(session: Session, customer_id: int) -> TeamView | None:
    """The team currently serving the customer, with its members and shares."""
    row = session.execute(
        select(m.Assignment.valid_from, m.Team)
        .join(m.Team, m.Team.id == m.Assignment.team_id)
        .where(
            m.Assignment.customer_id == customer_id,
            m.Assignment.role == "team",
            m.Assignment.valid_to.is_(None),
        )
    ).first()
    if row is None:
        return None
    since, team = row
    people = {
        s.id: s
        for s in session.scalars(
            select(m.Staff).where(m.Staff.id.in_([tm.staff_id for tm in team.members]))
        )
    }
    members = [
        TeamMemberView(
            people[tm.staff_id].login,
            people[tm.staff_id].name,
            tm.share_bp,
            tm.staff_id == team.lead_id,
        )
        for tm in sorted(team.members, key=lambda tm: (-tm.share_bp, tm.staff_id))
    ]
    return TeamView(team.id, team.name, since, members)


# --- credit -------------------------------------------------------------------------------


@dataclass
class StaffCredit:
    staff_id: int
    login: str
    name: str
    credited_fen: int = 0
    by_role: dict[str, int] = field(default_factory=dict)
    customers: int = 0


def month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_before(day: dt.date) -> str:
    return month(day.replace(day=1) - dt.timedelta(days=1))


def balances(
    session: Session, period: str, customer_ids: list[int] | None = None
) -> dict[int, int]:
    """Total daily-average balance per customer in one month."""
    stmt = (
        select(m.PeriodBalance.customer_id, func.sum(m.PeriodBalance.avg_balance_fen))
        .where(m.PeriodBalance.period == period)
        .group_by(m.PeriodBalance.customer_id)
    )
    if customer_ids is None:
        return {cid: int(v or 0) for cid, v in session.execute(stmt)}
    out: dict[int, int] = {}
    for part in chunks(sorted(customer_ids)):
        out.update(
            {
                cid: int(v or 0)
                for cid, v in session.execute(stmt.where(m.PeriodBalance.customer_id.in_(part)))
            }
        )
    return out


def _day_index(session: Session, col: Any, first: dt.date) -> ColumnElement[int]:
    """Whole days from ``first`` to the (UTC) date of a timestamp column, in SQL."""
    if session.get_bind().dialect.name == "sqlite":
        diff = func.julianday(func.date(col)) - func.julianday(literal(first.isoformat()))
        return cast(diff, Integer)
    # Timestamps are stored as naive UTC: their date is the UTC day.
    return type_coerce(cast(col, Date) - literal(first, Date), Integer)


def _growth_cte(period_start: dt.date, period_end: dt.date) -> CTE:
    """Customers whose total balance changed between the month before the period and its
    last month, with the change."""
    pb = m.PeriodBalance
    end_month = month(period_end)
    signed = case((pb.period == end_month, pb.avg_balance_fen), else_=-pb.avg_balance_fen)
    return (
        select(pb.customer_id.label("cid"), func.sum(signed).label("g"))
        .where(pb.period.in_((month_before(period_start), end_month)))
        .group_by(pb.customer_id)
        .having(func.sum(signed) != 0)
        .cte("growth")
    )


def _credited(session: Session, period_start: dt.date, period_end: dt.date) -> CTE:
    """(customer, growth, stretch start and length, staff member, role, share, share total)
    for every stretch of the period in which someone is credited with a share.

    The period is cut per customer at every assignment change (``cuts``); each stretch
    (a cut and the next) joins the assignments covering it (``live``). Customers whose
    assignments all cover the whole period (most of them) skip the cutting: one stretch. Window functions
    over the stretch find a live team with members (which takes the stretch for its
    members, by team shares) and the share total of the live primary and secondary (who
    share it otherwise): no self-joins, so the plan stays linear whatever the statistics.
    """
    a, tm = m.Assignment, m.TeamMember
    days_total = (period_end - period_start).days + 1
    after_end = period_end + dt.timedelta(days=1)
    growth = _growth_cte(period_start, period_end)
    team_total = (
        select(tm.team_id, func.sum(tm.share_bp).label("total"))
        .group_by(tm.team_id)
        .cte("team_total")
    )
    s_raw = _day_index(session, a.valid_from, period_start)
    e_raw = _day_index(session, a.valid_to, period_start)
    raw = (
        select(
            a.customer_id.label("cid"),
            growth.c.g,
            a.staff_id.label("staff_id"),
            a.role.label("role"),
            a.share_bp.label("bp"),
            # a team counts only while it has members (as the team's total tells)
            case((team_total.c.team_id.is_not(None), a.team_id)).label("team_id"),
            case((s_raw < 0, 0), else_=s_raw).label("s"),
            case(
                (a.valid_to.is_(None), days_total), (e_raw > days_total, days_total), else_=e_raw
            ).label("e"),
        )
        .join(growth, growth.c.cid == a.customer_id)
        .outerjoin(team_total, and_(a.role == "team", team_total.c.team_id == a.team_id))
        .where(
            a.role.in_(("primary", "secondary", "team")),
            a.valid_from < dt.datetime.combine(after_end, dt.time(), dt.UTC),
            or_(
                a.valid_to.is_(None),
                a.valid_to >= dt.datetime.combine(period_start, dt.time(), dt.UTC),
            ),
        )
        .subquery("raw")
    )
    # Most customers keep who serves them all period: one stretch, no cutting needed.
    cut = case((and_(raw.c.s == 0, raw.c.e == days_total), 0), else_=1)
    spans = select(*raw.c, func.max(cut).over(partition_by=raw.c.cid).label("changed")).cte("spans")
    changed = spans.c.changed == 1
    cuts = union(
        select(spans.c.cid, spans.c.s.label("d")).where(changed),
        select(spans.c.cid, spans.c.e).where(changed),
    ).subquery("cuts")
    nxt = func.lead(cuts.c.d).over(partition_by=cuts.c.cid, order_by=cuts.c.d)
    stretch = select(cuts.c.cid, cuts.c.d.label("lo"), nxt.label("hi")).subquery("stretch")
    is_ps = spans.c.role.in_(("primary", "secondary"))
    per_stretch = (stretch.c.cid, stretch.c.lo)
    cut_live = (
        select(
            stretch.c.cid,
            stretch.c.lo,
            spans.c.g,
            (stretch.c.hi - stretch.c.lo).label("days"),
            spans.c.staff_id,
            spans.c.role,
            spans.c.bp,
            func.min(spans.c.team_id).over(partition_by=per_stretch).label("team_id"),
            func.sum(case((is_ps, spans.c.bp), else_=0))
            .over(partition_by=per_stretch)
            .label("ps_total"),
            is_ps.label("is_ps"),
        )
        .join(
            spans,
            and_(
                spans.c.cid == stretch.c.cid,
                spans.c.s <= stretch.c.lo,
                spans.c.e >= stretch.c.hi,
            ),
        )
        .where(stretch.c.hi > stretch.c.lo)
    )
    whole_live = select(
        spans.c.cid,
        literal(0, Integer).label("lo"),
        spans.c.g,
        literal(days_total, Integer).label("days"),
        spans.c.staff_id,
        spans.c.role,
        spans.c.bp,
        func.min(spans.c.team_id).over(partition_by=spans.c.cid).label("team_id"),
        func.sum(case((is_ps, spans.c.bp), else_=0))
        .over(partition_by=spans.c.cid)
        .label("ps_total"),
        is_ps.label("is_ps"),
    ).where(spans.c.changed == 0)
    live = union_all(cut_live, whole_live).cte("live")
    team_stretch = (
        select(live.c.cid, live.c.lo, live.c.g, live.c.days, live.c.team_id)
        .where(live.c.team_id.is_not(None))
        .distinct()
        .subquery("team_stretch")
    )
    by_team = (
        select(
            team_stretch.c.cid,
            team_stretch.c.g,
            tm.staff_id,
            literal("team", String).label("role"),
            team_stretch.c.days,
            tm.share_bp.label("bp"),
            team_total.c.total,
        )
        .join(tm, tm.team_id == team_stretch.c.team_id)
        .join(team_total, team_total.c.team_id == team_stretch.c.team_id)
        .where(team_total.c.total > 0)
    )
    by_share = select(
        live.c.cid, live.c.g, live.c.staff_id, live.c.role, live.c.days, live.c.bp, live.c.ps_total
    ).where(live.c.is_ps, live.c.team_id.is_(None), live.c.ps_total > 0)
    return union_all(by_team, by_share).cte("credited")


def _credit_rows(session: Session, period_start: dt.date, period_end: dt.date) -> CompoundSelect:
    """Per staff member, role, stretch length, share and share total, the summed growth
    (rows of kind 0); and per staff member the customers credited (kind 1)."""
    credited = _credited(session, period_start, period_end)
    sums = select(
        literal(0, Integer).label("kind"),
        credited.c.staff_id,
        credited.c.role,
        credited.c.days,
        credited.c.bp,
        credited.c.total,
        func.sum(credited.c.g).label("value"),
    ).group_by(
        credited.c.staff_id,
        credited.c.role,
        credited.c.days,
        credited.c.bp,
        credited.c.total,
    )
    served = select(
        literal(1, Integer),
        credited.c.staff_id,
        literal(None, String),
        literal(None, Integer),
        literal(None, Integer),
        literal(None, Integer),
        func.count(func.distinct(credited.c.cid)),
    ).group_by(credited.c.staff_id)
    return union_all(sums, served)


def credited_by_customer(
    session: Session, period_start: dt.date, period_end: dt.date, staff_ids: list[int]
) -> dict[int, int]:
    """Customer id -> growth credited to these staff members together (the drill-down behind
    a credited figure), rounded to whole fen per customer."""
    if not staff_ids:
        return {}
    credited = _credited(session, period_start, period_end)
    days_total = (period_end - period_start).days + 1
    out: dict[int, Fraction] = defaultdict(Fraction)
    for cid, g, days, bp, total in session.execute(
        select(
            credited.c.cid,
            func.max(credited.c.g),
            credited.c.days,
            func.sum(credited.c.bp),
            credited.c.total,
        )
        .where(credited.c.staff_id.in_(staff_ids))
        .group_by(credited.c.cid, credited.c.days, credited.c.total)
    ):
        out[int(cid)] += Fraction(int(g) * int(days) * int(bp), days_total * int(total))
    return {cid: round(v) for cid, v in out.items()}


def credited_growth(
    session: Session, period_start: dt.date, period_end: dt.date
) -> dict[int, StaffCredit]:
    """Asset growth of every customer credited to staff by who served them on which days.

    Computed in the database (aggregates grouped by staff member, role, stretch length and
    share); the few thousand groups are then summed here exactly (as fractions) and rounded
    to whole fen once per person and role.
    """
    if period_end < period_start:
        raise ValidationError({"period_end": "is before the start of the period"})
    days_total = (period_end - period_start).days + 1
    credit: dict[int, Fraction] = defaultdict(Fraction)
    role_credit: dict[tuple[int, str], Fraction] = defaultdict(Fraction)
    served: dict[int, int] = {}
    for kind, sid, role, days, bp, total, value in session.execute(
        _credit_rows(session, period_start, period_end)
    ):
        if kind == 1:
            served[int(sid)] = int(value)
            continue
        part = Fraction(int(value) * int(days) * int(bp), days_total * int(total))
        credit[int(sid)] += part
        role_credit[(int(sid), str(role))] += part
    people = {
        sid: (login, name)
        for sid, login, name in session.execute(
            select(m.Staff.id, m.Staff.login, m.Staff.name).where(m.Staff.id.in_(sorted(served)))
        )
    }
    out: dict[int, StaffCredit] = {}
    for sid in served:
        login, name = people[sid]
        out[sid] = StaffCredit(
            sid,
            login,
            name,
            round(credit[sid]),
            {r: round(v) for (who, r), v in role_credit.items() if who == sid},
            served[sid],
        )
    return out


def check_team_shares(session: Session) -> list[int]:
    """Active teams whose shares do not add up to 100 % (should always be empty)."""
    bad = []
    for team in session.scalars(select(m.Team).where(m.Team.active.is_(True))):
        if sum(tm.share_bp for tm in team.members) != 10000:
            bad.append(team.id)
    return bad
