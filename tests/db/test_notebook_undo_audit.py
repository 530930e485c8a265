"""Undoing a notebook batch is audited row by row, as ORM deletes and updates would be."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import select

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.importers.notebook import import_notebooks
from branchcrm.importers.undo import undo_batch

sys.path.insert(0, str(Path(__file__).parents[1]))
from notebook_corpus import ID_WANG, messy_notebook


def _manager(db: Database, login: str) -> Actor:
    with db.session(Actor.system()) as s:
        branch = m.Branch(code="B1", name="B1")
        s.add(branch)
        s.flush()
        person = m.Staff(branch_id=branch.id, login=login, name=login, password_hash="x")
        s.add(person)
        s.flush()
        s.add(m.StaffRole(staff_id=person.id, role=Role.MANAGER.value))
        return Actor(person.id, login, login, frozenset({Role.MANAGER}), branch.id)


def test_undo_writes_the_audit_rows_the_session_hooks_would(db: Database, tmp_path: Path) -> None:
    wangli = _manager(db, "wangli")
    with db.session(wangli) as s:  # stored before: matched, and its empty fields filled
        s.add(m.Customer(branch_id=wangli.branch_id, name="王丽", mobile="13812345678"))
    result = import_notebooks(
        db, wangli, [messy_notebook(tmp_path / "nb.xlsx")], owner_login="wangli"
    )
    batch = result.batch_id
    assert batch and result.customers_new == 5 and result.review
    source = f"import:{batch}"
    # What the after_flush hook would record for an ORM delete of each row the batch made.
    expected: dict[tuple[str, str], dict[str, list[object]]] = {}
    with db.session() as s:
        made = [
            *s.scalars(select(m.Customer).where(m.Customer.source == source)),
            *s.scalars(select(m.Contact).where(m.Contact.import_batch_id == batch)),
            *s.scalars(select(m.Assignment).where(m.Assignment.batch_ref == source)),
        ]
        for row in made:
            expected[(row.__tablename__, str(row.id))] = hooks._changes(row, "delete")
        items = list(s.scalars(select(m.ReviewItem).where(m.ReviewItem.batch_id == batch)))
        wang = s.scalar(select(m.Customer).where(m.Customer.source.is_(None)))
        assert wang is not None and wang.id_number == ID_WANG
        wang_id = wang.id
        last_audit = s.scalar(select(m.AuditLog.id).order_by(m.AuditLog.id.desc()).limit(1))
    assert {k[0] for k in expected} == {"customer", "contact", "assignment"}

    undone = undo_batch(db, wangli, batch)
    assert undone.customers_deleted == 5 and undone.contacts_deleted == result.contacts

    with db.session() as s:
        written = list(s.scalars(select(m.AuditLog).where(m.AuditLog.id > last_audit)))
    deletes = {(a.entity, a.entity_id): a for a in written if a.action == "delete"}
    assert set(deletes) == set(expected)
    for key, entry in deletes.items():
        assert (entry.staff_id, entry.workstation) == (wangli.staff_id, wangli.workstation)
        assert entry.changes == json.dumps(expected[key], ensure_ascii=False), key
    updates = {
        (a.entity, a.entity_id): json.loads(a.changes) for a in written if a.action == "update"
    }
    for item in items:  # each review item of the batch closed as undone
        assert updates[("review_item", str(item.id))]["status"] == [item.status, "undone"]
    restored = updates[("customer", str(wang_id))]  # the filled fields emptied again
    assert restored["id_number"] == [ID_WANG, None]
    assert not set(restored) & hooks.SILENT_FIELDS
    assert [a.action for a in written if a.entity == "import_batch"] == ["undo"]
    with db.session() as s:  # 王丽 was stored before: served by nobody again, as before
        assert not list(s.scalars(select(m.Assignment).where(m.Assignment.customer_id == wang_id)))


def test_assignments_and_review_items_of_a_batch_are_audited_as_inserted(
    db: Database, tmp_path: Path
) -> None:
    wangli = _manager(db, "wangli")
    result = import_notebooks(
        db, wangli, [messy_notebook(tmp_path / "nb.xlsx")], owner_login="wangli"
    )
    assert result.batch_id and result.review
    with db.session() as s:
        audit = {
            (a.entity, a.entity_id): a
            for a in s.scalars(select(m.AuditLog).where(m.AuditLog.action == "insert"))
        }
        made = [
            *s.scalars(
                select(m.Assignment).where(m.Assignment.batch_ref == f"import:{result.batch_id}")
            ),
            *s.scalars(select(m.ReviewItem).where(m.ReviewItem.batch_id == result.batch_id)),
        ]
        assert len(made) == result.customers_new + len(result.review)
        for row in made:
            entry = audit[(row.__tablename__, str(row.id))]
            assert entry.staff_id == wangli.staff_id
            assert entry.changes == json.dumps(hooks._changes(row, "insert"), ensure_ascii=False)
