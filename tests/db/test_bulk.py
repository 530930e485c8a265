"""Bulk writes (COPY on PostgreSQL, executemany on SQLite) and their audit rows."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.importers import bulk

NOW = dt.datetime(2026, 5, 4, 3, 2, 1, tzinfo=dt.UTC)


@pytest.fixture
def actor(db: Database) -> Actor:
    with db.session(Actor.system()) as s:
        branch = m.Branch(code="B1", name="B1")
        s.add(branch)
        s.flush()
        person = m.Staff(branch_id=branch.id, login="bulk", name="bulk", password_hash="x")
        s.add(person)
        s.flush()
        return Actor(person.id, "bulk", "bulk", frozenset(), branch.id)


def _customers(s: Session, actor: Actor, n: int, *, full: bool) -> list[dict[str, Any]]:
    ids = bulk.reserve_ids(s, m.Customer.__table__, n)  # type: ignore[arg-type]
    rows = []
    for i, cid in enumerate(ids):
        row: dict[str, Any] = {"id": cid, "branch_id": actor.branch_id, "name": f"王{i}"}
        row["created_at"] = row["updated_at"] = NOW  # else each call has its own default
        if full:  # every audited column given: the one-shape path
            row.update(
                mobile=None if i % 2 else f"1381234{i:04d}",
                birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=i),
                aum_fen=i * 100,
                marketing_consent=bool(i % 3),
                status="active",
                notes='引号 " 和 \\ 与 \n',
                last_contact_at=NOW - dt.timedelta(hours=i),
                created_at=NOW,
                updated_at=NOW,
                version=1,
            )
        rows.append(row)
    return rows


def _audit(db: Database) -> dict[str, str | None]:
    with db.session() as s:
        return {
            a.entity_id: a.changes
            for a in s.scalars(select(m.AuditLog).where(m.AuditLog.entity == "customer"))
        }


@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize("together", [True, False])
def test_bulk_audit_rows_are_what_the_session_hooks_write(
    db: Database, actor: Actor, full: bool, together: bool
) -> None:
    with db.session(actor) as s:
        rows = _customers(s, actor, 7, full=full)
        audit = bulk.Audit(s, actor, NOW)
        if together:
            audit.insert(m.Customer, rows)
        else:
            bulk.bulk_insert(s, m.Customer.__table__, rows)  # type: ignore[arg-type]
            audit.inserted(m.Customer, rows)
    written = _audit(db)
    with db.session() as s:
        stored = list(s.scalars(select(m.Customer).order_by(m.Customer.id)))
        assert len(stored) == len(written) == 7
        for c in stored:
            expected = hooks._changes(c, "insert")
            assert json.loads(written[str(c.id)] or "") == expected
            assert written[str(c.id)] == json.dumps(expected, ensure_ascii=False)


def test_a_failed_bulk_insert_raises_there_and_writes_nothing(db: Database, actor: Actor) -> None:
    with db.session(actor) as s:
        rows = _customers(s, actor, 3, full=True)
        audited = s.scalar(select(func.count()).select_from(m.AuditLog))
    rows[2]["id"] = rows[0]["id"]  # a duplicate key: the COPY (or INSERT) fails at its end
    encoded: list[Any] = []
    with pytest.raises(Exception) as failed, db.session(actor) as s:  # the driver's error
        audit = bulk.Audit(s, actor, NOW)
        try:
            audit.insert(m.Customer, rows)
        finally:
            encoded.append("after insert")
        encoded.append("not reached")
    assert "duplicate" in str(failed.value).lower() or "unique" in str(failed.value).lower()
    assert encoded == ["after insert"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Customer)) == 0
        assert s.scalar(select(func.count()).select_from(m.AuditLog)) == audited


def test_an_error_encoding_the_audit_rows_raises_after_the_insert_and_leaves_nothing(
    db: Database, actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*_args: Any) -> Any:
        raise RuntimeError("audit")

    monkeypatch.setattr(bulk, "_changes", fails)
    with pytest.raises(RuntimeError, match="audit"), db.session(actor) as s:
        bulk.Audit(s, actor, NOW).insert(m.Customer, _customers(s, actor, 2, full=True))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Customer)) == 0


def test_chunks_inserted_as_one_stream_are_audited_like_one_insert_per_chunk(
    db: Database, actor: Actor
) -> None:
    with db.session(actor) as s:
        rows = _customers(s, actor, 9, full=True)
        made: list[int] = []

        def parts() -> Any:  # made as they are asked for; an empty chunk is skipped
            for part in (rows[:4], [], rows[4:8], rows[8:]):
                made.append(len(part))
                yield part

        assert bulk.Audit(s, actor, NOW).insert_chunks(m.Customer, parts()) == 9
        assert made == [4, 0, 4, 1]
    written = _audit(db)
    with db.session() as s:
        stored = list(s.scalars(select(m.Customer).order_by(m.Customer.id)))
        assert [c.name for c in stored] == [f"王{i}" for i in range(9)]
        assert len(written) == 9
        for c in stored:
            expected = hooks._changes(c, "insert")
            assert written[str(c.id)] == json.dumps(expected, ensure_ascii=False)


def test_no_chunks_write_nothing(db: Database, actor: Actor) -> None:
    with db.session(actor) as s:
        assert bulk.Audit(s, actor, NOW).insert_chunks(m.Customer, iter([[], []])) == 0
    assert _audit(db) == {}


@pytest.mark.parametrize("where", ["in a row", "making a chunk"])
def test_a_failure_in_a_later_chunk_leaves_nothing(db: Database, actor: Actor, where: str) -> None:
    with db.session(actor) as s:
        rows = _customers(s, actor, 6, full=True)
        audited = s.scalar(select(func.count()).select_from(m.AuditLog))

    def parts() -> Any:
        yield rows[:3]
        if where == "making a chunk":
            raise RuntimeError("cancelled")
        yield [*rows[3:], {**rows[5], "branch_id": 999_999}]  # no such branch

    with pytest.raises(Exception) as failed, db.session(actor) as s:
        bulk.Audit(s, actor, NOW).insert_chunks(m.Customer, parts())
    if where == "making a chunk":
        assert str(failed.value) == "cancelled"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Customer)) == 0
        assert s.scalar(select(func.count()).select_from(m.AuditLog)) == audited


def test_reserved_ids_are_fresh_increasing_and_held_as_runs(db: Database, actor: Actor) -> None:
    with db.session(actor) as s:
        first = bulk.reserve_ids(s, m.Customer.__table__, 5)  # type: ignore[arg-type]
        second = bulk.reserve_ids(s, m.Customer.__table__, 3)  # type: ignore[arg-type]
        if s.get_bind().dialect.name == "postgresql":  # drawn from the sequence: never again
            assert set(first).isdisjoint(second) and min(second) > max(first)
        ids = list(first)
        assert len(first) == 5 and ids == sorted(set(ids)) and first[-1] == ids[-1]
        assert bulk.reserve_ids(s, m.Customer.__table__, 0) == range(0)  # type: ignore[arg-type]


def test_id_runs_index_and_iterate_like_the_list_of_their_ids() -> None:
    runs = bulk.IdRuns([range(3, 6), range(10, 11), range(20, 24)])
    ids = [3, 4, 5, 10, 20, 21, 22, 23]
    assert list(runs) == ids and len(runs) == 8
    assert [runs[i] for i in range(-8, 8)] == ids + ids
    assert runs[2:5] == ids[2:5]
    with pytest.raises(IndexError):
        runs[8]
