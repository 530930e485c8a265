"""Session hooks: search keys kept on write, and a field-level audit row for every change.

Bulk Core inserts (demo data, imports, feeds) bypass these hooks; their services write the
keys themselves and record one audit row per batch.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, bindparam, event, insert, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from branchcrm.db import models as m
from branchcrm.domain import search_keys
from branchcrm.domain.actor import Actor
from branchcrm.domain.completeness import INPUT_FIELDS, completeness_pct

NOT_AUDITED: frozenset[type] = frozenset(
    {m.AuditLog, m.PeriodBalance, m.AccountTransaction, m.PotentialRun, m.PotentialSnapshot}
)
SILENT_FIELDS = frozenset(
    {"search_text", "short_keys", "name_key", "updated_at", "version", "completeness"}
)


class UnattributedChangeError(RuntimeError):
    """A change was attempted with no signed-in staff member behind it."""


def customer_keys(c: m.Customer) -> None:
    phones = [p for p in [c.mobile, *(c.other_phones or "").split(",")] if p]
    c.search_text = search_keys.search_text(c.name or "", phones, c.id_number)
    c.short_keys = search_keys.short_keys(c.name or "")
    c.name_key = search_keys.name_sort_key(c.name or "")
    c.completeness = completeness_pct({k: getattr(c, k) for k in INPUT_FIELDS})


def fill_missing_name_keys(connection: Connection, batch: int = 5_000) -> int:
    """Give every customer without a name sort key its key; returns how many were filled.

    Writers that bypass SQLAlchemy (``COPY`` on PostgreSQL) leave the key empty; a partial
    index finds such rows at once, so calling this when there are none costs nothing.
    A derived key, like the search keys: not audited, and the row's version is kept.
    """
    table = m.Customer.__table__
    assert isinstance(table, Table)
    done = 0
    while True:
        rows = connection.execute(
            select(table.c.id, table.c.name).where(table.c.name_key.is_(None)).limit(batch)
        ).all()
        if not rows:
            return done
        connection.execute(
            update(table).where(table.c.id == bindparam("cid")).values(name_key=bindparam("key")),
            [{"cid": cid, "key": search_keys.name_sort_key(name or "")} for cid, name in rows],
        )
        done += len(rows)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _identity(obj: Any) -> str:
    """Primary key as text; read from the instance so that fresh inserts have it too."""
    values = inspect(obj).mapper.primary_key_from_instance(obj)
    return ":".join("" if v is None else str(v) for v in values)


def _changes(obj: Any, action: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SILENT_FIELDS or key == "password_hash":
            if key == "password_hash" and action == "update":
                hist = state.attrs[key].history
                if hist.has_changes():
                    out[key] = ["***", "***"]
            continue
        hist = state.attrs[key].history
        if action == "insert":
            new = getattr(obj, key)
            if new is not None:
                out[key] = [None, _jsonable(new)]
        elif action == "delete":
            old = (
                hist.unchanged[0] if hist.unchanged else (hist.deleted[0] if hist.deleted else None)
            )
            out[key] = [_jsonable(old), None]
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                out[key] = [_jsonable(old), _jsonable(new)]
    return out


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    touched = list(session.new) + list(session.dirty) + list(session.deleted)
    changed = [o for o in touched if type(o) not in NOT_AUDITED]
    if changed and session.info.get("actor") is None:
        raise UnattributedChangeError("a change to the database needs a signed-in staff member")
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, m.Customer):
            customer_keys(obj)


def _after_flush(session: Session, _ctx: Any) -> None:
    actor: Actor | None = session.info.get("actor")
    if actor is None:
        return
    rows = []
    now = dt.datetime.now(dt.UTC)
    for action, objs in (
        ("insert", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objs:
            if type(obj) in NOT_AUDITED:
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = _changes(obj, action)
            if action == "update" and not changes:
                continue
            rows.append(
                {
                    "at": now,
                    "staff_id": actor.staff_id,
                    "workstation": actor.workstation,
                    "entity": obj.__tablename__,
                    "entity_id": _identity(obj),
                    "action": action,
                    "changes": json.dumps(changes, ensure_ascii=False),
                }
            )
    if rows:
        session.connection().execute(insert(m.AuditLog), rows)


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)


def record(
    session: Session,
    actor: Actor,
    entity: str,
    entity_id: Any,
    action: str,
    changes: dict[str, Any] | None = None,
) -> None:
    """An explicit audit row for things that are not ORM changes (reveals, bulk batches)."""
    session.execute(
        insert(m.AuditLog),
        [
            {
                "at": dt.datetime.now(dt.UTC),
                "staff_id": actor.staff_id,
                "workstation": actor.workstation,
                "entity": entity,
                "entity_id": None if entity_id is None else str(entity_id),
                "action": action,
                "changes": json.dumps(_jsonable_dict(changes or {}), ensure_ascii=False),
            }
        ],
    )


def _jsonable_dict(d: dict[str, Any]) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in d.items()}
