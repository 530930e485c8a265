"""Random sequences of ownership changes keep every invariant; teams, credit and chiefs."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import ClassVar

import openpyxl
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.services import (
    assignments,
    chiefs,
    credit,
    customers,
    handover,
    rebalancing,
    staff,
    teams,
)
from branchcrm.services.errors import InvariantError, ServiceError
from tests.factories import PASSWORD, make_branch

_branches = itertools.count(1)


class OwnershipMachine(RuleBasedStateMachine):
    """One fresh branch per example (in a shared database, so examples stay cheap)."""

    db: ClassVar[Database]

    def __init__(self) -> None:
        super().__init__()
        n = next(_branches)
        self.prefix = f"b{n}"
        system = Actor.system("test setup")
        with self.db.session(system) as s:
            branch_id = staff.ensure_branch(s, f"B{n:04d}", f"网点{n}")
            made = {}
            for login, roles, cap in [
                ("sup", ["supervisor"], 0),
                *[(f"m{i}", ["manager"], 2 if i == 0 else 6) for i in range(4)],
            ]:
                row = m.Staff(
                    branch_id=branch_id,
                    login=f"{self.prefix}{login}",
                    name=login,
                    password_hash="x",
                    capacity=cap,
                    status="active",
                    roles=[m.StaffRole(role=r) for r in roles],
                )
                s.add(row)
                s.flush()
                made[login] = row.id
        self.sup = Actor(
            made["sup"], f"{self.prefix}sup", "sup", frozenset({Role.SUPERVISOR}), branch_id
        )
        self.managers = [made[f"m{i}"] for i in range(4)]
        self.customers: list[int] = []
        self.teams: list[int] = []
        self.batches: list[str] = []
        with self.db.session(self.sup) as s:  # a starting book: 8 customers, half with a secondary
            for i in range(8):
                cid = customers.create_customer(
                    s, self.sup, {"name": f"起始{i}"}, primary_staff_id=self.managers[i % 4]
                )
                if i % 2:
                    sec = self.managers[(i + 1) % 4]
                    assignments.assign(s, self.sup, cid, sec, "secondary", reason="start")
                self.customers.append(cid)

    def login(self, sid: int) -> str:
        return f"{self.prefix}m{self.managers.index(sid)}"

    def pick(self, seq: list[int], i: int) -> int:
        return seq[i % len(seq)]

    def attempt(self, action: object) -> object:
        """Run a user action in its own transaction; refusals are fine, damage is not."""
        try:
            with self.db.session(self.sup) as s:
                return action(s)  # type: ignore[operator]
        except ServiceError:
            return None

    def status(self, sid: int) -> str:
        with self.db.session() as s:
            person = s.get(m.Staff, sid)
            assert person is not None
            return person.status

    @rule(who=st.integers(0, 3))
    def add_customer(self, who: int) -> None:
        sid = self.pick(self.managers, who)
        if self.status(sid) != "active":
            return
        cid = self.attempt(
            lambda s: customers.create_customer(
                s, self.sup, {"name": f"客户{len(self.customers)}"}, primary_staff_id=sid
            )
        )
        if isinstance(cid, int):
            self.customers.append(cid)

    @rule(
        c=st.integers(0, 50), who=st.integers(0, 3), role=st.sampled_from(["primary", "secondary"])
    )
    def assign(self, c: int, who: int, role: str) -> None:
        if self.customers:
            cid, sid = self.pick(self.customers, c), self.pick(self.managers, who)
            self.attempt(lambda s: assignments.assign(s, self.sup, cid, sid, role, reason="t"))

    @rule(who=st.integers(0, 3))
    def leave(self, who: int) -> None:
        sid = self.pick(self.managers, who)
        self.attempt(
            lambda s: staff.set_status(
                s, self.sup, self.login(sid), "on_leave", leave_from=dt.date.today()
            )
        )

    @rule(who=st.integers(0, 3))
    def come_back(self, who: int) -> None:
        sid = self.pick(self.managers, who)
        if self.status(sid) == "on_leave":
            self.attempt(lambda s: staff.set_status(s, self.sup, self.login(sid), "active"))

    @rule(who=st.integers(0, 3), transferred=st.booleans())
    def depart(self, who: int, transferred: bool) -> None:
        sid = self.pick(self.managers, who)
        self.attempt(
            lambda s: handover.depart(s, self.sup, self.login(sid), transferred=transferred)
        )

    @rule(c=st.lists(st.integers(0, 50), min_size=1, max_size=3), who=st.integers(0, 3))
    def move(self, c: list[int], who: int) -> None:
        if self.customers:
            ids = [self.pick(self.customers, i) for i in c]
            to = self.login(self.pick(self.managers, who))
            result = self.attempt(lambda s: rebalancing.move(s, self.sup, ids, to))
            if isinstance(result, rebalancing.BatchResult) and result.batch_ref:
                self.batches.append(result.batch_ref)

    @rule()
    def rebalance(self) -> None:
        def run(s: object) -> str | None:
            plan = rebalancing.propose(s, self.sup)  # type: ignore[arg-type]
            return rebalancing.apply(s, self.sup, plan).batch_ref  # type: ignore[arg-type]

        ref = self.attempt(run)
        if isinstance(ref, str):
            self.batches.append(ref)

    @rule()
    def undo(self) -> None:
        if self.batches:
            self.attempt(lambda s: rebalancing.undo(s, self.sup, self.batches.pop()))

    @rule(
        members=st.lists(st.integers(0, 3), min_size=1, max_size=3, unique=True),
        cut=st.integers(1, 99),
    )
    def form_team(self, members: list[int], cut: int) -> None:
        ids = [self.managers[i] for i in members]
        shares = {s: 0 for s in ids}
        shares[ids[0]] = 10000 - (len(ids) - 1) * cut
        for s in ids[1:]:
            shares[s] = cut
        tid = self.attempt(
            lambda s: teams.create_team(s, self.sup, name="组", lead_id=ids[0], members=shares)
        )
        if isinstance(tid, int):
            self.teams.append(tid)

    @rule(t=st.integers(0, 10), c=st.integers(0, 50))
    def team_serves(self, t: int, c: int) -> None:
        if self.teams and self.customers:
            tid, cid = self.pick(self.teams, t), self.pick(self.customers, c)
            self.attempt(lambda s: credit.serve_by_team(s, self.sup, cid, tid))

    @invariant()
    def every_customer_has_one_serving_primary_and_teams_add_up(self) -> None:
        if not self.customers:
            return
        with self.db.session() as s:
            rows = s.execute(
                select(
                    m.Assignment.customer_id,
                    m.Assignment.role,
                    m.Staff.status,
                    m.Assignment.staff_id,
                )
                .join(m.Staff, m.Staff.id == m.Assignment.staff_id)
                .where(
                    m.Assignment.customer_id.in_(self.customers), m.Assignment.valid_to.is_(None)
                )
            ).all()
            for cid in self.customers:
                mine = [r for r in rows if r.customer_id == cid]
                prim = [r for r in mine if r.role == "primary"]
                sec = [r for r in mine if r.role == "secondary"]
                assert len(prim) == 1, f"customer {cid} has {len(prim)} primaries"
                assert prim[0].status in ("active", "on_leave")
                assert len(sec) <= 1
                assert not sec or sec[0].staff_id != prim[0].staff_id
            assert all(r.status not in ("departed", "transferred") for r in rows)
            assert credit.check_team_shares(s) == []
            assert assignments.customers_without_active_primary(s) == []


def test_random_sequences_of_ownership_changes_keep_every_invariant(db: Database) -> None:
    OwnershipMachine.db = db
    run_state_machine_as_test(
        OwnershipMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


# --- teams, credit and chiefs, by example -----------------------------------------------------


def _day(y: int, mo: int, d: int) -> dt.datetime:
    return dt.datetime(y, mo, d, tzinfo=dt.UTC)


def test_growth_is_credited_by_who_served_when_and_by_team_shares(db: Database) -> None:
    b = make_branch(db)
    m1, m2, m3 = (a.staff_id or 0 for a in (b.m1, b.m2, b.m3))
    solo = b.customer(b.m1, "独立客户")
    served_by_team = b.customer(b.m2, "团队客户")
    with db.session(b.supervisor) as s:
        assignments.assign(s, b.supervisor, solo, m2, "primary", reason="moved")
        tid = teams.create_team(
            s, b.supervisor, name="财富组", lead_id=m1, members={m1: 6000, m3: 4000}
        )
        credit.serve_by_team(s, b.supervisor, served_by_team, tid)
        rows = s.scalars(select(m.Assignment).order_by(m.Assignment.id)).all()
        for a in rows:  # back-date: m1 served `solo` in Q1, m2 from April
            a.valid_from = (
                _day(2025, 4, 1)
                if a.valid_to is None and a.customer_id == solo
                else _day(2024, 6, 1)
            )
            if a.valid_to is not None:
                a.valid_to = _day(2025, 4, 1)
        for cid, before, after in ((solo, 1_000_000, 2_000_000), (served_by_team, 0, 500_000)):
            s.add(
                m.PeriodBalance(
                    customer_id=cid, period="2024-12", category="deposit", avg_balance_fen=before
                )
            )
            s.add(
                m.PeriodBalance(
                    customer_id=cid, period="2025-06", category="deposit", avg_balance_fen=after
                )
            )
    with db.session() as s:
        got = credit.credited_growth(s, dt.date(2025, 1, 1), dt.date(2025, 6, 30))
        view = credit.customer_team(s, served_by_team)
    assert {k: v.credited_fen for k, v in got.items()} == {
        m1: round(1_000_000 * 90 / 181) + 300_000,
        m2: round(1_000_000 * 91 / 181),
        m3: 200_000,
    }
    assert got[m1].by_role == {"primary": round(1_000_000 * 90 / 181), "team": 300_000}
    assert view is not None and view.name == "财富组"
    assert [(x.login, x.share_bp, x.lead) for x in view.members] == [
        ("m1", 6000, True),
        ("m3", 4000, False),
    ]


def test_a_departing_team_member_leaves_shares_adding_up_to_one_hundred(db: Database) -> None:
    b = make_branch(db)
    m1, m2 = b.m1.staff_id or 0, b.m2.staff_id or 0
    with db.session(b.supervisor) as s:
        tid = teams.create_team(
            s, b.supervisor, name="组", lead_id=m1, members={m1: 7000, m2: 3000}
        )
    with db.session(b.supervisor) as s:
        handover.depart(s, b.supervisor, "m1")
    with db.session() as s:
        assert teams.shares(s, tid) == {m2: 10000}
        assert s.get(m.Team, tid).lead_id == m2  # type: ignore[union-attr]


def test_only_heads_can_be_chief_and_the_scoreboard_compares_with_the_baseline(
    db: Database, tmp_path: Path
) -> None:
    b = make_branch(db)
    with db.session(b.admin) as s:
        staff.add_staff(s, b.admin, login="vp", name="副行长", roles=["head"], password=PASSWORD)
    key = b.customer(b.m1, "大客户")
    with db.session(b.supervisor) as s, pytest.raises(InvariantError, match="head"):
        chiefs.designate(s, b.supervisor, key, "m2")
    with db.session(b.supervisor) as s:
        chiefs.designate(s, b.supervisor, key, "vp")
        s.add(
            m.PeriodBalance(
                customer_id=key, period="2024-12", category="wealth", avg_balance_fen=10_000_000
            )
        )
        s.add(
            m.PeriodBalance(
                customer_id=key, period="2025-06", category="wealth", avg_balance_fen=12_500_000
            )
        )
        for when, score in ((_day(2024, 10, 1), 3), (_day(2025, 3, 1), 5)):
            s.add(
                m.Contact(
                    customer_id=key,
                    staff_id=b.m1.staff_id,
                    occurred_at=when,
                    channel="visit",
                    satisfaction=score,
                )
            )
        s.flush()
        for a in s.scalars(select(m.Assignment).where(m.Assignment.role == "chief")):
            a.valid_from = _day(2024, 1, 1)
    with db.session(b.supervisor) as s:
        rows = chiefs.scoreboard(s, b.supervisor, dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert [
        (r.login, r.customers, r.growth_fen, r.growth_pct, r.satisfaction_change) for r in rows
    ] == [("vp", 1, 2_500_000, 25.0, 2.0)]
    path = chiefs.write_scoreboard(tmp_path / "chiefs.xlsx", rows, "2025H1")
    ws = openpyxl.load_workbook(path).active
    assert ws is not None and ws.cell(2, 1).value == "vp" and ws.cell(2, 6).value == 25_000
    with db.session(b.supervisor) as s:
        assert (
            s.scalar(
                select(func.count()).select_from(m.Assignment).where(m.Assignment.role == "chief")
            )
            == 1
        )
