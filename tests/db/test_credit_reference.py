"""Credited growth computed in SQL equals a day-by-day reference on a small branch.

The reference walks every day of the period for every customer, asks who served the customer
that day and hands each day its share of the growth as an exact fraction: slow and obvious.
The branch has share splits, a mid-period change of primary, a team serving for a few weeks,
a customer left without a manager, customers without balances, balances in two categories
and a growth of one fen split 70/30 (so rounding matters).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.services import credit, teams
from tests.factories import make_branch

START, END = dt.date(2025, 4, 1), dt.date(2025, 6, 30)


def _at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=dt.UTC)


def reference(
    session: Session, start: dt.date, end: dt.date
) -> dict[int, tuple[int, dict[str, int], int]]:
    """staff id -> (credited fen, fen by role, customers credited), day by day."""
    growth: dict[int, int] = defaultdict(int)
    for cid, period, fen in session.execute(
        select(m.PeriodBalance.customer_id, m.PeriodBalance.period, m.PeriodBalance.avg_balance_fen)
    ):
        if period == credit.month(end):
            growth[cid] += fen
        elif period == credit.month_before(start):
            growth[cid] -= fen
    rows = session.execute(
        select(
            m.Assignment.customer_id,
            m.Assignment.staff_id,
            m.Assignment.role,
            m.Assignment.share_bp,
            m.Assignment.team_id,
            m.Assignment.valid_from,
            m.Assignment.valid_to,
        )
    ).all()
    team_shares: dict[int, dict[int, int]] = defaultdict(dict)
    for tid, sid, bp in session.execute(
        select(m.TeamMember.team_id, m.TeamMember.staff_id, m.TeamMember.share_bp)
    ):
        team_shares[tid][sid] = bp
    days_total = (end - start).days + 1
    total: dict[int, Fraction] = defaultdict(Fraction)
    by_role: dict[tuple[int, str], Fraction] = defaultdict(Fraction)
    served: dict[int, set[int]] = defaultdict(set)
    for cid, g in growth.items():
        if not g:
            continue
        for n in range(days_total):
            day = start + dt.timedelta(days=n)
            live = [
                r
                for r in rows
                if r.customer_id == cid
                and r.valid_from.date() <= day
                and (r.valid_to is None or day < r.valid_to.date())
            ]
            team_ids = [r.team_id for r in live if r.role == "team" and r.team_id in team_shares]
            if team_ids:
                people = {sid: (bp, "team") for sid, bp in team_shares[min(team_ids)].items()}
            else:
                people = {
                    r.staff_id: (r.share_bp, r.role)
                    for r in live
                    if r.role in ("primary", "secondary")
                }
            shares_total = sum(bp for bp, _ in people.values())
            if not shares_total:
                continue
            for sid, (bp, role) in people.items():
                part = Fraction(g, days_total) * Fraction(bp, shares_total)
                total[sid] += part
                by_role[(sid, role)] += part
                served[sid].add(cid)
    return {
        sid: (
            round(value),
            {r: round(v) for (who, r), v in by_role.items() if who == sid},
            len(served[sid]),
        )
        for sid, value in total.items()
    }


def test_sql_credit_equals_the_day_by_day_reference(db: Database) -> None:
    b = make_branch(db)
    m1, m2, m3 = (a.staff_id or 0 for a in (b.m1, b.m2, b.m3))
    names = ("split", "moved", "team", "idle", "orphaned", "one_fen", "late", "no_one")
    ids = {name: b.customer(b.m1, name) for name in names}
    with db.session(b.supervisor) as s:
        tid = teams.create_team(
            s, b.supervisor, name="财富组", lead_id=m1, members={m1: 6000, m3: 4000}
        )
    long_ago = _at(2024, 1, 1)

    def a(
        name: str,
        staff: int,
        role: str,
        bp: int,
        since: dt.datetime,
        until: dt.datetime | None = None,
        team: int | None = None,
    ) -> m.Assignment:
        return m.Assignment(
            customer_id=ids[name],
            staff_id=staff,
            role=role,
            share_bp=bp,
            team_id=team,
            valid_from=since,
            valid_to=until,
        )

    split_at, moved_at = _at(2025, 5, 1, 9, 30), _at(2025, 4, 20, 15)
    with db.session(Actor.system("test")) as s:
        s.execute(delete(m.Assignment))
        s.add_all(
            [
                # m1 alone, then 70/30 with m2 as secondary from 1 May
                a("split", m1, "primary", 10000, long_ago, split_at),
                a("split", m1, "primary", 7000, split_at),
                a("split", m2, "secondary", 3000, split_at),
                # m1 until 20 April (afternoon), m2 from then on
                a("moved", m1, "primary", 10000, long_ago, moved_at),
                a("moved", m2, "primary", 10000, moved_at),
                # m2's customer, served by the team from 15 May to 10 June
                a("team", m2, "primary", 10000, long_ago),
                a("team", m1, "team", 10000, _at(2025, 5, 15, 8), _at(2025, 6, 10, 17), tid),
                a("idle", m3, "primary", 10000, long_ago),
                # m3 until 10 April, nobody afterwards
                a("orphaned", m3, "primary", 10000, long_ago, _at(2025, 4, 10, 12)),
                a("one_fen", m2, "primary", 7000, long_ago),
                a("one_fen", m3, "secondary", 3000, long_ago),
                # m2 throughout; m1 takes over only after the period
                a("late", m2, "primary", 10000, long_ago, _at(2025, 7, 5)),
                a("late", m1, "primary", 10000, _at(2025, 7, 5)),
            ]
        )
        balances = [
            ("split", "2025-03", "deposit", 1_000_000),
            ("split", "2025-03", "wealth", 500_000),
            ("split", "2025-06", "deposit", 2_000_000),
            ("split", "2025-06", "wealth", 734_567),
            ("moved", "2025-03", "deposit", 900_001),
            ("moved", "2025-06", "deposit", 600_000),
            ("moved", "2025-05", "deposit", 99_999_999),  # inside the period: not used
            ("team", "2025-06", "fund", 777_777),
            ("orphaned", "2025-03", "deposit", 50_000),
            ("one_fen", "2025-03", "deposit", 10),
            ("one_fen", "2025-06", "deposit", 11),
            ("late", "2025-03", "deposit", 10),
            ("late", "2025-06", "deposit", 10_010),
            ("no_one", "2025-06", "deposit", 123_456),
        ]
        s.add_all(
            m.PeriodBalance(customer_id=ids[n], period=p, category=c, avg_balance_fen=v)
            for n, p, c, v in balances
        )
    with db.session() as s:
        got = credit.credited_growth(s, START, END)
        expected = reference(s, START, END)
    assert {sid: (c.credited_fen, c.by_role, c.customers) for sid, c in got.items()} == expected
    # and by hand, for the parts that are easy to follow
    days = 91
    moved_m1 = Fraction(-300_001 * 19, days)  # 1-19 April
    late_m2 = 10_000
    assert got[m1].by_role["primary"] == round(
        moved_m1 + Fraction(1_234_567 * 30, days) + Fraction(1_234_567 * 61 * 7, days * 10)
    )
    assert got[m2].by_role["secondary"] == round(Fraction(1_234_567 * 61 * 3, days * 10))
    assert got[m1].by_role["team"] == round(Fraction(777_777 * 26 * 6, days * 10))
    assert got[m2].customers == 5  # split, moved, team (outside its weeks), one_fen, late
    assert got[m2].by_role["primary"] == round(
        Fraction(-300_001 * 72, days)
        + Fraction(777_777 * (days - 26), days)
        + Fraction(7, 10)
        + late_m2
    )


def test_no_growth_credits_nobody(db: Database) -> None:
    b = make_branch(db)
    b.customer(b.m1, "静")
    with db.session() as s:
        assert credit.credited_growth(s, START, END) == {}
        assert reference(s, START, END) == {}
