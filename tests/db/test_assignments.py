"""Who serves whom: one current primary, a different secondary, history kept, teams at 100 %."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.db.session import Database
from branchcrm.services import assignments, customer_file, teams
from branchcrm.services.errors import InvariantError, PermissionDenied, ValidationError
from tests.factories import make_branch


def _current(db: Database, cid: int) -> dict[str, int]:
    with db.session() as s:
        now = assignments.current(s, cid)
        return {
            role: a.staff_id
            for role, a in (("primary", now.primary), ("secondary", now.secondary))
            if a is not None
        }


def test_reassigning_the_primary_ends_the_old_period_and_keeps_history(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "冯刚")
    with db.session(b.supervisor) as s:
        assignments.assign(s, b.supervisor, cid, b.m2.staff_id or 0, "primary", reason="rebalance")
    assert _current(db, cid) == {"primary": b.m2.staff_id}
    with db.session(b.supervisor) as s:
        history = customer_file.assignment_history(s, b.supervisor, cid)
    assert [(h.staff_login, h.valid_to is None) for h in history] == [("m2", True), ("m1", False)]


def test_secondary_must_differ_from_primary_and_takes_a_share(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "褚英")
    with db.session(b.supervisor) as s, pytest.raises(InvariantError, match="different person"):
        assignments.assign(s, b.supervisor, cid, b.m1.staff_id or 0, "secondary", reason="x")
    with db.session(b.supervisor) as s:
        assignments.assign(s, b.supervisor, cid, b.m2.staff_id or 0, "secondary", reason="x")
    with db.session() as s:
        now = assignments.current(s, cid)
        assert now.primary is not None and now.secondary is not None
        assert (now.primary.share_bp, now.secondary.share_bp) == (7000, 3000)


def test_promoting_the_secondary_ends_their_secondary_role(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "卫青")
    with db.session(b.supervisor) as s:
        assignments.assign(s, b.supervisor, cid, b.m2.staff_id or 0, "secondary", reason="x")
        assignments.assign(s, b.supervisor, cid, b.m2.staff_id or 0, "primary", reason="m1 busy")
    assert _current(db, cid) == {"primary": b.m2.staff_id}


def test_the_database_itself_refuses_two_current_primaries(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "蒋琴")
    with pytest.raises(IntegrityError), db.session(b.supervisor) as s:
        s.add(
            m.Assignment(
                customer_id=cid, staff_id=b.m2.staff_id, role="primary", valid_from=utcnow()
            )
        )
        s.flush()


def test_the_database_refuses_the_same_person_as_primary_and_secondary(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "沈括")
    with pytest.raises(IntegrityError), db.session(b.supervisor) as s:
        s.add(
            m.Assignment(
                customer_id=cid, staff_id=b.m1.staff_id, role="secondary", valid_from=utcnow()
            )
        )
        s.flush()


def test_managers_cannot_move_customers_and_inactive_staff_cannot_take_them(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "韩信")
    with db.session(b.m1) as s, pytest.raises(PermissionDenied):
        assignments.assign(s, b.m1, cid, b.m2.staff_id or 0, "primary", reason="x")
    with db.session(b.admin) as s:
        from branchcrm.services import staff

        staff.set_status(s, b.admin, "m3", "departed")
    with db.session(b.supervisor) as s, pytest.raises(InvariantError, match="departed"):
        assignments.assign(s, b.supervisor, cid, b.m3.staff_id or 0, "primary", reason="x")


def test_every_active_customer_keeps_an_active_primary(db: Database) -> None:
    b = make_branch(db)
    for name in ("一", "二", "三"):
        b.customer(b.m1, name)
    with db.session() as s:
        assert assignments.customers_without_active_primary(s) == []


def test_team_shares_must_add_up_to_one_hundred_percent(db: Database) -> None:
    b = make_branch(db)
    m1, m2 = b.m1.staff_id or 0, b.m2.staff_id or 0
    with db.session(b.supervisor) as s, pytest.raises(ValidationError, match="90 %"):
        teams.create_team(
            s, b.supervisor, name="财富小组", lead_id=m1, members={m1: 6000, m2: 3000}
        )
    with db.session(b.supervisor) as s:
        tid = teams.create_team(
            s, b.supervisor, name="财富小组", lead_id=m1, members={m1: 6000, m2: 4000}
        )
    with db.session() as s:
        assert teams.shares(s, tid) == {m1: 6000, m2: 4000}
        assert s.scalar(select(m.Team.name).where(m.Team.id == tid)) == "财富小组"


def test_only_active_managers_can_be_team_members(db: Database) -> None:
    b = make_branch(db)
    m1, m3 = b.m1.staff_id or 0, b.m3.staff_id or 0
    with db.session(b.admin) as s:
        from branchcrm.services import staff

        staff.set_status(s, b.admin, "m3", "departed")
    with db.session(b.supervisor) as s, pytest.raises(ValidationError, match="not active"):
        teams.create_team(s, b.supervisor, name="小组", lead_id=m1, members={m1: 5000, m3: 5000})
