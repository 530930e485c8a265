"""Rebalancing, moves by hand and batch undo; two supervisors never half-move a customer."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.services import assignments, auth, rebalancing, staff
from branchcrm.services.errors import ConflictError, InvariantError, PermissionDenied
from tests.factories import PASSWORD, Branch, make_branch


def sid(actor: Actor) -> int:
    assert actor.staff_id is not None
    return actor.staff_id


def primaries(db: Database, ids: list[int]) -> dict[int, str]:
    with db.session() as s:
        logins = dict(s.execute(select(m.Staff.id, m.Staff.login)).all())
        out = {}
        for cid in ids:
            p = assignments.current(s, cid).primary
            assert p is not None
            out[cid] = logins[p.staff_id]
        return out


def capacities(db: Database, admin: Actor, **caps: int) -> None:
    with db.session(admin) as s:
        for login, cap in caps.items():
            staff.get_by_login(s, login).capacity = cap


def second_supervisor(b: Branch) -> Actor:
    with b.db.session(b.admin) as s:
        staff.add_staff(
            s, b.admin, login="sup2", name="吴主管", roles=["supervisor"], password=PASSWORD
        )
    with b.db.session() as s:
        return auth.sign_in(s, "sup2", PASSWORD)


def test_an_overloaded_manager_is_brought_within_capacity(db: Database) -> None:
    b = make_branch(db)
    capacities(db, b.admin, m1=4, m2=10, m3=10)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(10)]
    with db.session(b.supervisor) as s:
        plan = rebalancing.propose(s, b.supervisor)
        assert plan.before["m1"].customers == 10
        assert all(f.customers <= f.capacity for f in plan.after.values())
        assert plan.spread_after < plan.spread_before
        result = rebalancing.apply(s, b.supervisor, plan)
    assert result.batch_ref and result.moved == len(plan.moves)
    counts = Counter(primaries(db, ids).values())
    assert counts["m1"] <= 4 and sum(counts.values()) == 10
    with db.session() as s:
        audited = s.scalars(
            select(m.AuditLog).where(
                m.AuditLog.entity == "assignment", m.AuditLog.action == "insert"
            )
        ).all()
        batch = [a for a in audited if result.batch_ref in (a.changes or "")]
        assert len(batch) == result.moved


def test_customers_go_to_their_own_secondary_first_and_long_relationships_stay(
    db: Database,
) -> None:
    b = make_branch(db)
    capacities(db, b.admin, m1=3, m2=10, m3=10)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(6)]
    with db.session(b.supervisor) as s:
        assignments.assign(s, b.supervisor, ids[5], sid(b.m3), "secondary", reason="x")
        for a in s.scalars(select(m.Assignment).where(m.Assignment.customer_id.in_(ids[:3]))):
            a.valid_from = utcnow() - dt.timedelta(days=5 * 365)
    with db.session(b.supervisor) as s:
        plan = rebalancing.propose(s, b.supervisor)
        moved = {mv.customer_id: mv for mv in plan.moves}
        rebalancing.apply(s, b.supervisor, plan)
    assert set(moved) == set(ids[3:])
    assert moved[ids[5]].to_login == "m3" and moved[ids[5]].to_secondary
    with db.session() as s:
        now = assignments.current(s, ids[5])
        assert now.primary is not None and now.primary.staff_id == sid(b.m3)
        assert now.secondary is not None and now.secondary.staff_id == sid(b.m1)


def test_undo_restores_the_previous_managers_and_their_reminders(db: Database) -> None:
    b = make_branch(db)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(3)]
    with db.session(b.m1) as s:
        s.add(
            m.Reminder(
                kind="task", customer_id=ids[0], staff_id=sid(b.m1), due_date=dt.date(2030, 1, 1)
            )
        )
    with db.session(b.supervisor) as s:
        result = rebalancing.move(s, b.supervisor, ids, "m2")
    assert result.moved == 3 and result.reminders_moved == 1
    assert set(primaries(db, ids).values()) == {"m2"}
    assert result.batch_ref is not None
    with db.session(b.supervisor) as s:
        rebalancing.undo(s, b.supervisor, result.batch_ref)
    assert set(primaries(db, ids).values()) == {"m1"}
    with db.session() as s:
        assert s.scalar(select(m.Reminder.staff_id)) == sid(b.m1)
    with db.session(b.supervisor) as s, pytest.raises(InvariantError, match="already"):
        rebalancing.undo(s, b.supervisor, result.batch_ref)


def test_undo_after_a_later_change_is_a_clear_conflict_that_changes_nothing(
    db: Database,
) -> None:
    b = make_branch(db)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(3)]
    with db.session(b.supervisor) as s:
        result = rebalancing.move(s, b.supervisor, ids, "m2")
    with db.session(b.supervisor) as s:
        rebalancing.move(s, b.supervisor, [ids[1]], "m3")
    assert result.batch_ref is not None
    with (
        db.session(b.supervisor) as s,
        pytest.raises(ConflictError, match="cannot be undone: 1 customer"),
    ):
        rebalancing.undo(s, b.supervisor, result.batch_ref)
    assert primaries(db, ids) == {ids[0]: "m2", ids[1]: "m3", ids[2]: "m2"}


def test_moving_to_the_secondary_swaps_and_customer_numbers_work(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "黄蓉")
    with db.session(b.supervisor) as s:
        s.get(m.Customer, cid).customer_no = "C-0042"  # type: ignore[union-attr]
        assignments.assign(s, b.supervisor, cid, sid(b.m2), "secondary", reason="x")
    with db.session(b.supervisor) as s:
        ids = rebalancing.resolve_customers(s, b.supervisor, ["C-0042"])
        rebalancing.move(s, b.supervisor, ids, "m2")
    with db.session() as s:
        now = assignments.current(s, cid)
        assert now.primary is not None and now.secondary is not None
        assert (now.primary.staff_id, now.secondary.staff_id) == (sid(b.m2), sid(b.m1))
        assert (now.primary.share_bp, now.secondary.share_bp) == (7000, 3000)


def test_managers_cannot_move_or_rebalance(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "郭靖")
    with db.session(b.m1) as s, pytest.raises(PermissionDenied):
        rebalancing.move(s, b.m1, [cid], "m2")
    with db.session(b.m1) as s, pytest.raises(PermissionDenied):
        rebalancing.propose(s, b.m1)


def test_two_supervisors_moving_the_same_customers_one_wins_the_other_gets_a_conflict(
    db: Database,
) -> None:
    b = make_branch(db)
    sup2 = second_supervisor(b)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(4)]
    with db.session(b.supervisor) as sa, db.session(sup2) as sb:
        seen_a = {c: assignments.current(sa, c).primary.id for c in ids}  # type: ignore[union-attr]
        seen_b = {c: assignments.current(sb, c).primary.id for c in ids}  # type: ignore[union-attr]
        rebalancing.move(sa, b.supervisor, ids[:3], "m2", expected=seen_a)
        sa.commit()
        with pytest.raises(ConflictError, match="changed hands"):
            rebalancing.move(sb, sup2, ids[1:], "m3", expected=seen_b)
        sb.rollback()
    assert primaries(db, ids) == {ids[0]: "m2", ids[1]: "m2", ids[2]: "m2", ids[3]: "m1"}
    with db.session() as s:
        assert assignments.customers_without_active_primary(s) == []


def test_a_plan_made_before_someone_else_moved_a_customer_is_refused_as_a_whole(
    db: Database,
) -> None:
    b = make_branch(db)
    sup2 = second_supervisor(b)
    capacities(db, b.admin, m1=2, m2=10, m3=10)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(6)]
    with db.session(sup2) as sb:
        plan = rebalancing.propose(sb, sup2)
        assert len(plan.moves) >= 2
        with db.session(b.supervisor) as sa:
            rebalancing.move(sa, b.supervisor, [plan.moves[0].customer_id], "m3")
        with pytest.raises(ConflictError):
            rebalancing.apply(sb, sup2, plan)
        sb.rollback()
    after = primaries(db, ids)
    assert after[plan.moves[0].customer_id] == "m3"
    assert Counter(after.values()) == Counter({"m1": 5, "m3": 1})


def test_truly_simultaneous_moves_collide_on_the_assignment_version(db: Database) -> None:
    """B reads while A's move is flushed but not committed; B's write waits for A, then finds
    the row changed: a conflict, not a second primary."""
    b = make_branch(db)
    sup2 = second_supervisor(b)
    cid = b.customer(b.m1, "令狐冲")
    outcome: list[BaseException | None] = []

    def supervisor_b() -> None:
        try:
            with db.session(sup2) as sb:
                rebalancing.move(sb, sup2, [cid], "m3")
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    with db.session(b.supervisor) as sa:
        rebalancing.move(sa, b.supervisor, [cid], "m2")
        racer = threading.Thread(target=supervisor_b)
        racer.start()
        time.sleep(0.5)  # B has read the old row and is now waiting for A's lock
    racer.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError)
    assert primaries(db, [cid]) == {cid: "m2"}
    with db.session() as s:
        assert assignments.customers_without_active_primary(s) == []


def test_loads_show_customers_assets_coverage_and_capacity(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "杨过")
    with db.session(b.supervisor) as s:
        c = s.get(m.Customer, cid)
        assert c is not None
        c.aum_fen, c.last_contact_at = 5_000_000, utcnow()
    with db.session(b.supervisor) as s:
        rows = {r.login: r.figures for r in rebalancing.manager_loads(s, b.supervisor)}
    assert rows["m1"].as_dict()["customers"] == 1
    assert (rows["m1"].aum_fen, rows["m1"].coverage_pct) == (5_000_000, 100.0)
    assert rows["m2"].customers == 0 and rows["m1"].capacity == 400
