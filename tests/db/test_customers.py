"""Customer files: validation, masking and audited reveal, role visibility, conflicts."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.services import customers
from branchcrm.services.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from tests.factories import make_branch, resident_id


def test_a_walk_in_needs_only_name_and_phone_and_gets_the_manager_as_primary(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "王丽", mobile="138-1234-5678")
    with db.session(b.m1) as s:
        f = customers.get_customer(s, b.m1, cid)
    assert f.primary is not None and f.primary.login == "m1"
    assert f.values["mobile"] == "138****5678"
    assert "id_number" in f.missing and "mobile" not in f.missing


def test_lobby_staff_must_name_the_manager(db: Database) -> None:
    b = make_branch(db)
    with db.session(b.lobby) as s, pytest.raises(ValidationError, match="primary"):
        customers.create_customer(s, b.lobby, {"name": "赵敏"})
    with db.session(b.lobby) as s:
        m2 = s.scalar(select(m.Staff.id).where(m.Staff.login == "m2"))
        assert m2 is not None
        cid = customers.create_customer(s, b.lobby, {"name": "赵敏"}, primary_staff_id=m2)
    with db.session(b.m2) as s:
        assert customers.get_customer(s, b.m2, cid).primary.login == "m2"  # type: ignore[union-attr]


def test_bad_values_are_named_by_field(db: Database) -> None:
    b = make_branch(db)
    bad_id = resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1")
    with db.session(b.m1) as s, pytest.raises(ValidationError) as err:
        customers.create_customer(
            s, b.m1, {"name": "张三", "mobile": "12345", "id_number": bad_id, "risk_level": "C9"}
        )
    assert set(err.value.errors) == {"mobile", "id_number", "risk_level"}
    assert "check digit" in err.value.errors["id_number"]


def test_birthday_must_agree_with_the_id_number(db: Database) -> None:
    b = make_branch(db)
    with db.session(b.m1) as s, pytest.raises(ValidationError) as err:
        customers.create_customer(
            s,
            b.m1,
            {"name": "张三", "id_number": resident_id(1978, 5, 3), "birth_date": "1978-05-04"},
        )
    assert "birth_date" in err.value.errors


def test_id_numbers_are_unique(db: Database) -> None:
    b = make_branch(db)
    b.customer(b.m1, "张三", id_number=resident_id())
    with db.session(b.m2) as s, pytest.raises(ValidationError, match="already has this ID"):
        customers.create_customer(s, b.m2, {"name": "张三丰", "id_number": resident_id()})


def test_a_pre_1983_id_with_a_valid_check_digit_is_accepted(db: Database) -> None:
    """python-stdnum rejects these; GB 11643 says they are fine."""
    b = make_branch(db)
    cid = b.customer(b.m1, "老张", id_number=resident_id(1950, 1, 1, 12))
    with db.session(b.m1) as s:
        assert customers.reveal(s, b.m1, cid, "id_number") == resident_id(1950, 1, 1, 12)


def test_managers_see_only_whom_they_serve_supervisors_see_the_branch(db: Database) -> None:
    b = make_branch(db)
    mine = b.customer(b.m1, "甲")
    theirs = b.customer(b.m2, "乙")
    with db.session(b.m1) as s:
        customers.get_customer(s, b.m1, mine)
        with pytest.raises(NotFound):
            customers.get_customer(s, b.m1, theirs)
    with db.session(b.supervisor) as s:
        customers.get_customer(s, b.supervisor, theirs)
    with db.session(b.admin) as s, pytest.raises(NotFound):
        customers.get_customer(s, b.admin, mine)


def test_revealing_a_full_value_is_audited_and_lobby_staff_cannot(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "钱多多", mobile="13912345678", id_number=resident_id())
    with db.session(b.m1) as s:
        assert customers.reveal(s, b.m1, cid, "mobile") == "13912345678"
    with db.session(b.lobby) as s:
        assert (
            customers.get_customer(s, b.lobby, cid).values["id_number"]
            == "330602********" + resident_id()[-4:]
        )
        with pytest.raises(PermissionDenied):
            customers.reveal(s, b.lobby, cid, "id_number")
    with db.session() as s:
        rows = s.scalars(
            select(m.AuditLog).where(
                m.AuditLog.action == "reveal", m.AuditLog.entity_id == str(cid)
            )
        ).all()
        assert [(r.staff_id, json.loads(r.changes or "{}")) for r in rows] == [
            (b.m1.staff_id, {"field": "mobile"})
        ]


def test_every_change_is_audited_field_by_field(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "孙丽", occupation="教师")
    with db.session(b.m1) as s:
        version = customers.get_customer(s, b.m1, cid).version
        customers.update_customer(s, b.m1, cid, version, {"occupation": "校长", "tags": ["老客户"]})
    with db.session() as s:
        update = s.scalars(
            select(m.AuditLog).where(
                m.AuditLog.entity == "customer",
                m.AuditLog.entity_id == str(cid),
                m.AuditLog.action == "update",
            )
        ).one()
        assert update.staff_id == b.m1.staff_id
        assert json.loads(update.changes or "{}") == {"occupation": ["教师", "校长"]}
        tag_rows = s.scalars(select(m.AuditLog).where(m.AuditLog.entity == "customer_tag")).all()
        assert len(tag_rows) == 1


def test_saving_over_a_newer_version_is_a_conflict_with_their_values(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "周杰", address="西湖区1号")
    with db.session(b.m1) as s:
        v1 = customers.get_customer(s, b.m1, cid).version
    with db.session(b.supervisor) as s:
        customers.update_customer(s, b.supervisor, cid, v1, {"address": "西湖区2号"})
    with db.session(b.m1) as s, pytest.raises(ConflictError) as err:
        customers.update_customer(s, b.m1, cid, v1, {"address": "西湖区3号"})
    assert err.value.theirs["address"] == "西湖区2号"
    assert err.value.version == v1 + 1
    with db.session(b.m1) as s:
        customers.update_customer(s, b.m1, cid, err.value.version, {"address": "西湖区3号"})
        assert customers.get_customer(s, b.m1, cid).values["address"] == "西湖区3号"


def test_two_sessions_racing_on_one_record_never_overwrite_silently(db: Database) -> None:
    """Both read version 1; the later flush loses with a conflict (version_id_col)."""
    b = make_branch(db)
    cid = b.customer(b.m1, "吴昊")
    s1 = db.factory()
    s2 = db.factory()
    s1.info["actor"] = b.m1
    s2.info["actor"] = b.supervisor
    try:
        c1 = s1.get(m.Customer, cid)
        c2 = s2.get(m.Customer, cid)
        assert c1 is not None and c2 is not None
        c1.notes = "first"
        c2.notes = "second"
        s1.commit()
        from sqlalchemy.orm.exc import StaleDataError

        with pytest.raises(StaleDataError):
            s2.commit()
    finally:
        s1.close()
        s2.close()
    with db.session() as s:
        c = s.get(m.Customer, cid)
        assert c is not None and c.notes == "first"


def test_the_audit_log_is_append_only_even_in_sql(db: Database) -> None:
    b = make_branch(db)
    b.customer(b.m1, "郑和")
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.session() as s:
        assert s.scalar(select(m.AuditLog).where(m.AuditLog.action == "x")) is None


def test_duplicates_are_found_by_id_phone_and_name_with_phone_tail(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "张伟", mobile="13812345678", id_number=resident_id())
    with db.session(b.lobby) as s:
        by_phone = customers.find_duplicates(s, b.lobby, name="李四", mobile="13812345678")
        by_id = customers.find_duplicates(s, b.lobby, id_number=resident_id())
        by_tail = customers.find_duplicates(s, b.lobby, name="张伟", mobile="5678")
        none = customers.find_duplicates(s, b.lobby, name="张伟", mobile="")
    assert [(h.customer_id, h.reason) for h in by_phone] == [(cid, "same phone")]
    assert [h.reason for h in by_id] == ["same ID number"]
    assert [h.reason for h in by_tail] == ["same name and phone tail"]
    assert by_phone[0].masked_phone == "138****5678"
    assert none == []


def test_a_new_customer_is_audited_under_its_own_id(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "新客", mobile="13912345678")
    with db.session() as s:
        row = s.scalars(
            select(m.AuditLog).where(m.AuditLog.entity == "customer", m.AuditLog.action == "insert")
        ).one()
    assert (row.entity_id, row.staff_id) == (str(cid), b.m1.staff_id)
    assert json.loads(row.changes or "{}")["name"] == [None, "新客"]
