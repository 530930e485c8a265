"""Family ties: recorded once, shown on both files, never twice, audited, within what staff see."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.services import customer_file, relationships
from branchcrm.services.errors import NotFound, PermissionDenied, ValidationError
from tests.factories import make_branch


def _family(db: Database, actor: object, cid: int) -> list[tuple[str, str, str | None]]:
    with db.session(actor) as s:  # type: ignore[arg-type]
        rows = customer_file.relationships(s, actor, cid)  # type: ignore[arg-type]
    return sorted((r.kind, r.name, r.note) for r in rows)


def test_a_tie_recorded_on_one_file_shows_on_both_with_the_inverse_kind(db: Database) -> None:
    b = make_branch(db)
    mother, son = b.customer(b.m1, "王秀英"), b.customer(b.m1, "李强")
    with db.session(b.m1) as s:
        relationships.link(s, b.m1, son, mother, "parent", note="母亲，退休教师")
    assert _family(db, b.m1, son) == [("parent", "王秀英", "母亲，退休教师")]
    assert _family(db, b.m1, mother) == [("child", "李强", "母亲，退休教师")]


def test_a_tie_stored_in_both_directions_shows_once(db: Database) -> None:
    b = make_branch(db)
    wife, husband = b.customer(b.m1, "赵敏"), b.customer(b.m1, "张无忌")
    with db.session(b.m1) as s:
        s.add(m.CustomerRelationship(customer_id=wife, related_id=husband, kind="spouse"))
        s.add(
            m.CustomerRelationship(customer_id=husband, related_id=wife, kind="spouse", note="夫妻")
        )
    assert _family(db, b.m1, wife) == [("spouse", "张无忌", "夫妻")]
    assert _family(db, b.m1, husband) == [("spouse", "赵敏", "夫妻")]


def test_the_same_tie_cannot_be_recorded_twice_from_either_side(db: Database) -> None:
    b = make_branch(db)
    a, c = b.customer(b.m1, "甲"), b.customer(b.m1, "乙")
    with db.session(b.m1) as s:
        relationships.link(s, b.m1, a, c, "child")
    with db.session(b.m1) as s, pytest.raises(ValidationError, match="already recorded"):
        relationships.link(s, b.m1, c, a, "parent")


def test_bad_ties_are_refused_with_the_field_named(db: Database) -> None:
    b = make_branch(db)
    a = b.customer(b.m1, "钱多多")
    with db.session(b.m1) as s, pytest.raises(ValidationError) as caught:
        relationships.link(s, b.m1, a, a, "cousin")
    assert set(caught.value.errors) == {"kind", "related_id"}


def test_staff_link_only_customers_they_may_see_and_lobby_staff_not_at_all(db: Database) -> None:
    b = make_branch(db)
    mine, theirs = b.customer(b.m1, "孙一"), b.customer(b.m2, "孙二")
    with db.session(b.m1) as s, pytest.raises(NotFound):
        relationships.link(s, b.m1, mine, theirs, "spouse")
    with db.session(b.lobby) as s, pytest.raises(PermissionDenied):
        relationships.link(s, b.lobby, mine, theirs, "spouse")
    with db.session(b.supervisor) as s:
        relationships.link(s, b.supervisor, mine, theirs, "spouse")
    assert _family(db, b.supervisor, theirs) == [("spouse", "孙一", None)]


def test_unlinking_from_either_file_removes_the_tie_and_both_steps_are_audited(
    db: Database,
) -> None:
    b = make_branch(db)
    a, c = b.customer(b.m1, "周一"), b.customer(b.m1, "周二")
    with db.session(b.m1) as s:
        relationships.link(s, b.m1, a, c, "parent")
    with db.session(b.m1) as s:
        assert relationships.unlink(s, b.m1, c, a, "child") == 1
    assert _family(db, b.m1, a) == []
    with db.session(b.m1) as s, pytest.raises(NotFound):
        relationships.unlink(s, b.m1, c, a, "child")
    with db.session() as s:
        actions = s.execute(
            select(m.AuditLog.action, m.AuditLog.staff_id).where(
                m.AuditLog.entity == "customer_relationship"
            )
        ).all()
    assert sorted(a for a, _ in actions) == ["delete", "insert"]
    assert {staff for _, staff in actions} == {b.m1.staff_id}


def test_candidates_find_visible_customers_by_name_and_leave_out_the_file_itself(
    db: Database,
) -> None:
    b = make_branch(db)
    me = b.customer(b.m1, "欧阳锋")
    son = b.customer(b.m1, "欧阳克", mobile="13812345678", birth_date="1978-05-03")
    b.customer(b.m2, "欧阳修")  # m2's customer: not visible to m1
    with db.session(b.m1) as s:
        found = relationships.candidates(s, b.m1, "欧阳", exclude_id=me)
    assert [(c.customer_id, c.name, c.phone_masked, c.birth_year) for c in found] == [
        (son, "欧阳克", "138****5678", 1978)
    ]
    with db.session(b.m1) as s:
        assert relationships.candidates(s, b.m1, "  ", exclude_id=me) == []
