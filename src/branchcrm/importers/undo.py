"""Undo of a notebook import batch, audited row by row.

The batch was written in bulk, past the ORM, and so is its undo: what it deletes or puts
back is read in chunks of ids, changed with the same conditions re-checked in the same
statement, and every deleted or changed row gets the field-level audit row the session
hooks (:func:`branchcrm.db.hooks._after_flush`) would write for it, attributed to the staff
member who undoes the batch. Memory stays bounded by the chunk, not by the batch.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.completeness import INPUT_FIELDS
from branchcrm.domain.roles import Role
from branchcrm.importers.bulk import Audit, _audited, among, bulk_insert, chunks
from branchcrm.services.errors import NotFound, PermissionDenied, ServiceError

KIND = "notebook"
CHUNK = 2_000
_CUSTOMER = cast(SqlTable, m.Customer.__table__)
_CONTACT = cast(SqlTable, m.Contact.__table__)
_ASSIGNMENT = cast(SqlTable, m.Assignment.__table__)
_REVIEW = cast(SqlTable, m.ReviewItem.__table__)
_AUDIT = cast(SqlTable, m.AuditLog.__table__)
_HOLDING = cast(SqlTable, m.Holding.__table__)
_REMINDER = cast(SqlTable, m.Reminder.__table__)
_TAG = cast(SqlTable, m.CustomerTag.__table__)
_REL = cast(SqlTable, m.CustomerRelationship.__table__)
_ENROL = cast(SqlTable, m.PackageEnrolment.__table__)
_TIER_HIST = cast(SqlTable, m.TierHistory.__table__)
_BALANCE = cast(SqlTable, m.PeriodBalance.__table__)
_TXN = cast(SqlTable, m.AccountTransaction.__table__)


@dataclass
class UndoResult:
    batch_id: int
    customers_deleted: int
    customers_kept: int
    contacts_deleted: int
    contacts_kept: int
    fields_restored: int


class _Audit(Audit):
    """Audit rows as the hooks write them for ORM deletes and updates of these rows."""

    def __init__(self, session: Session, actor: Actor) -> None:
        super().__init__(session, actor, dt.datetime.now(dt.UTC))

    def deleted(self, model: type[Any], rows: Iterable[Any]) -> int:
        """One ``delete`` row per deleted row: every audited field as ``[old, null]``."""
        pairs = _audited(model)
        name = model.__tablename__
        jsonable = hooks._jsonable
        out = [
            self._row(
                name,
                row["id"],
                "delete",
                json.dumps({k: [jsonable(row[c]), None] for k, c in pairs}, ensure_ascii=False),
            )
            for row in rows
        ]
        bulk_insert(self.session, _AUDIT, out)
        return len(out)

    def changed(self, entity: str, rows: Sequence[tuple[Any, dict[str, tuple[Any, Any]]]]) -> None:
        """One ``update`` row per changed row, with the fields whose value did change."""
        self.updated(
            entity,
            [(i, {k: v for k, v in fields.items() if v[0] != v[1]}) for i, fields in rows],
        )


def undo_batch(db: Database, actor: Actor, batch_id: int) -> UndoResult:
    """Delete what the batch created, where nobody has touched it since; record undone_at."""
    with db.session(actor) as session:
        batch = session.get(m.ImportBatch, batch_id)
        if batch is None or batch.kind != KIND:
            raise NotFound(f"no notebook import batch {batch_id}")
        if batch.undone_at is not None:
            raise ServiceError(f"batch {batch_id} was already undone on {batch.undone_at:%Y-%m-%d}")
        if not (
            actor.staff_id in (batch.staff_id, batch.owner_id)
            or actor.has(Role.SUPERVISOR, Role.HEAD, Role.ADMIN)
        ):
            raise PermissionDenied("only who imported it, its owner or a supervisor may undo it")
        audit = _Audit(session, actor)
        source = f"import:{batch_id}"
        c = _CUSTOMER.c
        k = _CONTACT.c

        # Contacts nobody has edited since (version 1).
        n_contacts = 0
        mine = select(k.id).where(k.import_batch_id == batch_id, k.version == 1)
        for part in chunks(list(session.scalars(mine))):
            gone = session.execute(
                delete(_CONTACT)
                .where(among(session, k.id, part), k.version == 1)
                .returning(*_CONTACT.c)
            ).mappings()
            n_contacts += audit.deleted(m.Contact, list(gone))
        kept_contacts = _count(session, _CONTACT, k.import_batch_id == batch_id)

        # Review items of the batch are closed as undone.
        r = _REVIEW.c
        for part in chunks(list(session.scalars(select(r.id).where(r.batch_id == batch_id)))):
            before = session.execute(
                select(r.id, r.status, r.customer_id).where(among(session, r.id, part))
            ).all()
            session.execute(
                update(_REVIEW)
                .where(among(session, r.id, part))
                .values(status="undone", customer_id=None, version=r.version + 1)
            )
            audit.changed(
                "review_item",
                [
                    (rid, {"status": (status, "undone"), "customer_id": (cid, None)})
                    for rid, status, cid in before
                ],
            )

        # Customers the batch created that nothing else points at, with their assignments.
        untouched = and_(
            c.source == source, c.version == 1, *[~clause for clause in _touched(c.id, source)]
        )
        a = _ASSIGNMENT.c
        n_customers = 0
        for part in chunks(list(session.scalars(select(c.id).where(untouched)))):
            deletable = select(c.id).where(untouched, among(session, c.id, part))
            gone_a = session.execute(
                delete(_ASSIGNMENT)
                .where(a.batch_ref == source, a.customer_id.in_(deletable.scalar_subquery()))
                .returning(*_ASSIGNMENT.c)
            ).mappings()
            audit.deleted(m.Assignment, list(gone_a))
            gone = session.execute(
                delete(_CUSTOMER)
                .where(c.id.in_(deletable.scalar_subquery()))
                .returning(*_CUSTOMER.c)
            ).mappings()
            n_customers += audit.deleted(m.Customer, list(gone))
        # Stored customers the batch gave to the notebook's owner (nobody served them): the
        # assignment goes, unless it has changed since.
        stored = select(c.id).where(or_(c.source.is_(None), c.source != source))
        gone_a = session.execute(
            delete(_ASSIGNMENT)
            .where(a.batch_ref == source, a.version == 1, a.customer_id.in_(stored))
            .returning(*_ASSIGNMENT.c)
        ).mappings()
        audit.deleted(m.Assignment, list(gone_a))
        kept = _count(session, _CUSTOMER, c.source == source)
        restored = _restore_fills(
            session, audit, json.loads(batch.counts or "{}").get("filled", [])
        )
        session.execute(
            update(m.ImportBatch)
            .where(m.ImportBatch.id == batch_id)
            .values(undone_at=dt.datetime.now(dt.UTC), status="undone")
        )
        result = UndoResult(batch_id, n_customers, kept, n_contacts, kept_contacts, restored)
        hooks.record(session, actor, "import_batch", batch_id, "undo", result.__dict__)
        return result


def _count(session: Session, table: SqlTable, where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(table).where(where)) or 0)


def _touched(cid: Any, source: str) -> list[Any]:
    """EXISTS clauses: something the batch did not create points at the customer."""
    a = _ASSIGNMENT.c
    simple = [
        _CONTACT.c.customer_id,  # batch contacts are deleted first
        _HOLDING.c.customer_id,
        _REMINDER.c.customer_id,
        _TAG.c.customer_id,
        _REL.c.customer_id,
        _REL.c.related_id,
        _ENROL.c.customer_id,
        _TIER_HIST.c.customer_id,
        _BALANCE.c.customer_id,
        _TXN.c.customer_id,
    ]
    clauses = [exists().where(col == cid) for col in simple]
    clauses.append(
        exists().where(a.customer_id == cid, or_(a.batch_ref.is_(None), a.batch_ref != source))
    )
    other = _CUSTOMER.alias("referrer")
    clauses.append(exists().where(other.c.referred_by_id == cid))
    return clauses


def _restore_fills(session: Session, audit: _Audit, filled: list[list[Any]]) -> int:
    """Empty the fields the batch filled in stored customers, where nobody changed the
    customer since (its version is still the one the batch left)."""
    from branchcrm.importers.notebook import _STORED, customer_row

    by_customer: dict[int, dict[str, Any]] = {}
    for cid, key, value in filled:
        by_customer.setdefault(cid, {})[key] = value
    restored = 0
    changes: list[tuple[Any, dict[str, tuple[Any, Any]]]] = []
    for cid, fields in by_customer.items():
        version = fields.pop("__version__", None)
        row = session.execute(select(*_STORED).where(_CUSTOMER.c.id == cid)).mappings().first()
        if row is None or row["version"] != version:
            continue  # changed since the import: leave it to a person
        blank = {k: (0 if k == "aum_fen" else None) for k in fields}
        rest = {**dict(row), **blank}
        keyed = customer_row({k: rest.get(k) for k in (*INPUT_FIELDS, "other_phones")})
        session.execute(
            update(_CUSTOMER)
            .where(_CUSTOMER.c.id == cid)
            .values(
                **blank,
                search_text=keyed["search_text"],
                short_keys=keyed["short_keys"],
                completeness=keyed["completeness"],
                version=_CUSTOMER.c.version + 1,
            )
        )
        changes.append((cid, {key: (row.get(key), value) for key, value in blank.items()}))
        restored += len(fields)
    audit.changed("customer", changes)
    return restored
