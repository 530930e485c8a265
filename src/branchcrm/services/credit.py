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
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
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


def _day(ts: dt.datetime | None, default: dt.date) -> dt.date:
    return ts.date() if ts is not None else default


def credited_growth(
    session: Session, period_start: dt.date, period_end: dt.date
) -> dict[int, StaffCredit]:
    """Asset growth of every customer credited to staff by who served them on which days."""
    if period_end < period_start:
        raise ValidationError({"period_end": "is before the start of the period"})
    start_bal = balances(session, month_before(period_start))
    end_bal = balances(session, month(period_end))
    growth = {
        cid: end_bal.get(cid, 0) - start_bal.get(cid, 0) for cid in set(start_bal) | set(end_bal)
    }
    growth = {cid: g for cid, g in growth.items() if g}
    days_total = (period_end - period_start).days + 1
    after_end = period_end + dt.timedelta(days=1)
    a_t = m.Assignment
    # Plain rows, not ORM objects: a branch has hundreds of thousands of assignment periods.
    rows = session.execute(
        select(
            a_t.customer_id,
            a_t.staff_id,
            a_t.role,
            a_t.share_bp,
            a_t.team_id,
            a_t.valid_from,
            a_t.valid_to,
        ).where(
            a_t.role.in_(("primary", "secondary", "team")),
            a_t.valid_from < dt.datetime.combine(after_end, dt.time(), dt.UTC),
            (a_t.valid_to.is_(None))
            | (a_t.valid_to >= dt.datetime.combine(period_start, dt.time(), dt.UTC)),
        )
    ).all()
    by_customer: dict[int, list[Any]] = defaultdict(list)
    for a in rows:
        if a.customer_id in growth:
            by_customer[a.customer_id].append(a)
    team_shares: dict[int, dict[int, int]] = defaultdict(dict)
    for tid, sid, bp in session.execute(
        select(m.TeamMember.team_id, m.TeamMember.staff_id, m.TeamMember.share_bp)
    ):
        team_shares[tid][sid] = bp
    credit: dict[int, float] = defaultdict(float)
    role_credit: dict[tuple[int, str], float] = defaultdict(float)
    served: dict[int, set[int]] = defaultdict(set)
    for cid, assigned in by_customer.items():
        spans = [
            (
                max(_day(a.valid_from, period_start), period_start),
                min(_day(a.valid_to, after_end), after_end),
                a,
            )
            for a in assigned
        ]
        cuts = sorted(
            {period_start, after_end}
            | {d for s, e, _ in spans for d in (s, e) if period_start <= d <= after_end}
        )
        for lo, hi in itertools.pairwise(cuts):
            days = (hi - lo).days
            if days <= 0:
                continue
            live = [a for s, e, a in spans if s <= lo and hi <= e]
            amount = growth[cid] * days / days_total
            team = next((a for a in live if a.role == "team" and a.team_id in team_shares), None)
            if team is not None and team.team_id is not None:
                shares = {sid: bp for sid, bp in team_shares[team.team_id].items()}
                role = "team"
            else:
                shares = {
                    a.staff_id: a.share_bp for a in live if a.role in ("primary", "secondary")
                }
                roles = {a.staff_id: a.role for a in live}
                role = ""
            total = sum(shares.values())
            if not total:
                continue
            for sid, bp in shares.items():
                part = amount * bp / total
                credit[sid] += part
                role_credit[(sid, role or roles[sid])] += part
                served[sid].add(cid)
    people = {
        s.id: s for s in session.scalars(select(m.Staff).where(m.Staff.id.in_(sorted(credit))))
    }
    out: dict[int, StaffCredit] = {}
    for sid, value in credit.items():
        s = people[sid]
        out[sid] = StaffCredit(
            sid,
            s.login,
            s.name,
            round(value),
            {r: round(v) for (who, r), v in role_credit.items() if who == sid},
            len(served[sid]),
        )
    return out


def check_team_shares(session: Session) -> list[int]:
    """Active teams whose shares do not add up to 100 % (should always be empty)."""
    bad = []
    for team in session.scalars(select(m.Team).where(m.Team.active.is_(True))):
        if sum(tm.share_bp for tm in team.members) != 10000:
            bad.append(team.id)
    return bad
