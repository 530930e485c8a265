"""Bulk writes of an import batch: COPY on PostgreSQL, executemany on SQLite.

The ORM's session hooks do not run on these writes, so :class:`Audit` writes the same
field-level audit rows they would, and on SQLite the search-index trigger is suspended
within the batch's transaction while its customers are indexed in one statement.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring
from operator import itemgetter
from typing import IO, Any, cast, overload

from sqlalchemy import Date, DateTime, any_, bindparam, func, insert, select, text
from sqlalchemy import Table as SqlTable
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.base import UTCDateTime
from branchcrm.domain.actor import Actor

_AUDIT = cast(SqlTable, m.AuditLog.__table__)
_PICKLE = pickle.HIGHEST_PROTOCOL


def chunks(items: Sequence[Any], size: int = 5_000) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def among(session: Session, column: Any, values: Sequence[Any]) -> Any:
    """``column IN values`` (no ``None`` among them); on PostgreSQL as ``= ANY(array)``, one
    parameter, where psycopg otherwise spends ~0.1 s splitting a query of 5,000 placeholders
    (the same rows, by the same index)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


# The SQLite trigger that indexes each inserted customer for search, as the migration
# creates it (whitespace aside). Run once per row it makes a bulk insert four times slower
# than indexing the new rows with one INSERT ... SELECT afterwards (measured: 35,000
# customers, 6.9 s against 1.9 s), so a bulk import suspends it inside its transaction.
_FTS_TRIGGER = "customer_fts_ai"
_FTS_TRIGGER_SQL = (
    "CREATE TRIGGER customer_fts_ai AFTER INSERT ON customer BEGIN "
    "INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text); "
    "INSERT INTO customer_keys(rowid, short_keys) VALUES (new.id, new.short_keys); END"
)


def suspend_search_trigger(session: Session) -> str | None:
    """On SQLite, drop the search-index trigger within this transaction and return its SQL
    (a rollback brings it back); ``None`` elsewhere, or when it is not the known trigger."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return None
    if not getattr(conn.connection.driver_connection, "in_transaction", False):
        return None  # pysqlite would commit the DROP at once: no rollback could undo it
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_FTS_TRIGGER,)
    ).scalar()
    if not isinstance(sql, str) or " ".join(sql.split()) != _FTS_TRIGGER_SQL:
        return None
    conn.exec_driver_sql(f"DROP TRIGGER {_FTS_TRIGGER}")
    return sql


def resume_search_trigger(session: Session, sql: str | None, ids: range) -> None:
    """Index the customers with ``ids`` as the trigger would have, then restore it."""
    if sql is None:
        return
    conn = session.connection()
    if ids:
        bounds = (ids.start, ids.stop - 1)
        conn.exec_driver_sql(
            "INSERT INTO customer_fts(rowid, search_text) "
            "SELECT id, search_text FROM customer WHERE id BETWEEN ? AND ?",
            bounds,
        )
        conn.exec_driver_sql(
            "INSERT INTO customer_keys(rowid, short_keys) "
            "SELECT id, short_keys FROM customer WHERE id BETWEEN ? AND ?",
            bounds,
        )
    conn.exec_driver_sql(sql)


class IdRuns(Sequence[int]):
    """Ids in increasing order, held as runs of consecutive numbers."""

    def __init__(self, runs: list[range]) -> None:
        self._runs = runs
        self._starts = list(itertools.accumulate((len(r) for r in runs), initial=0))

    def __len__(self) -> int:
        return self._starts[-1]

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[int]: ...
    def __getitem__(self, i: int | slice) -> int | Sequence[int]:
        if isinstance(i, slice):
            return list(self)[i]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        k = bisect.bisect_right(self._starts, i) - 1
        return self._runs[k][i - self._starts[k]]

    def __iter__(self) -> Iterator[int]:
        for run in self._runs:
            yield from run


def reserve_ids(session: Session, table: SqlTable, n: int) -> Sequence[int]:
    """Ids of new rows for a plain executemany (RETURNING in parameter order makes SQLite insert
    one row per statement). SQLite: this transaction already holds the write lock, so
    MAX(id) cannot move; PostgreSQL: the ids are drawn from the column's sequence."""
    if n == 0:
        return range(0)
    if session.get_bind().dialect.name == "postgresql":
        # The ids come back as runs of consecutive numbers (one, unless another session
        # drew ids meanwhile), not as a list: 100,000 contacts would be 3.6 MB of integers.
        q = text(
            "SELECT min(id), max(id) FROM (SELECT id, id - row_number() OVER (ORDER BY id) AS g"
            f" FROM (SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) AS id"
            " FROM generate_series(1, :n)) AS drawn) AS numbered GROUP BY g ORDER BY 1"
        )
        return IdRuns([range(a, b + 1) for a, b in session.execute(q, {"n": n})])
    start = int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1
    return range(start, start + n)


def _defaults(table: SqlTable, keys: Iterable[str]) -> dict[str, Any]:
    """Python-side column defaults of the columns ``keys`` leave out, as Core fills them."""
    given = set(keys)
    extra: dict[str, Any] = {}
    for col in table.c:
        default = col.default
        if col.name in given or default is None or col.primary_key:
            continue
        if getattr(default, "is_scalar", False):
            extra[col.name] = getattr(default, "arg", None)
        elif getattr(default, "is_callable", False):
            extra[col.name] = default.arg(None)  # type: ignore[attr-defined]
    return extra


_AUDITED: dict[type[Any], tuple[tuple[str, str], ...]] = {}


def _audited(model: type[Any]) -> tuple[tuple[str, str], ...]:
    """(attribute, column) pairs the session hooks record for an inserted row."""
    pairs = _AUDITED.get(model)
    if pairs is None:
        pairs = _AUDITED[model] = tuple(
            (attr.key, attr.columns[0].name)
            for attr in sa_inspect(model).column_attrs
            if attr.key not in hooks.SILENT_FIELDS and attr.key != "password_hash"
        )
    return pairs


_TEMPORAL = (UTCDateTime, Date, DateTime)


def _json_encoder(sql_type: Any) -> Callable[[Any], str]:
    """``json.dumps(hooks._jsonable(value), ensure_ascii=False)`` for one column's values,
    without the general machinery (a test pins the equality on every audited column)."""
    temporal = isinstance(sql_type, _TEMPORAL)

    def encode(value: Any) -> str:
        t = type(value)
        if t is str:
            return encode_basestring(value)
        if t is int:
            return int.__repr__(value)
        if t is bool:
            return "true" if value else "false"
        return json.dumps(hooks._jsonable(value), ensure_ascii=False)

    if temporal:
        return _Memo(lambda value: encode(hooks._jsonable(value)))
    return encode


def _changes(
    model: type[Any], rows: Sequence[dict[str, Any]], extra: dict[str, Any] | None = None
) -> Iterator[tuple[str, str]]:
    """(id, changes) of the ``insert`` audit rows of ``rows`` of ``model``: the JSON text the
    session hooks write, ``json.dumps({field: [None, hooks._jsonable(value)]},
    ensure_ascii=False)`` for every field not ``None``, without the general machinery (a
    test pins the equality on every audited column). ``extra``: the defaults the rows were
    inserted with (by default, as :func:`_defaults` makes them now)."""
    table = cast(SqlTable, model.__table__)
    first = rows[0]
    if extra is None:
        extra = _defaults(table, first)
    columns = [
        (col, f'"{key}": [null, ', _json_encoder(table.c[col].type)) for key, col in _audited(model)
    ]
    text, repr_int = encode_basestring, int.__repr__
    if any(col not in first and extra.get(col) is not None for col, _h, _e in columns) or any(
        len(row) != len(first) or row.keys() != first.keys() for row in rows
    ):
        # Defaults for fields the rows leave out, or rows of different shapes.
        for row in rows:
            parts = []
            for col, head, encode in columns:
                value = row[col] if col in row else extra.get(col)
                if value is not None:
                    parts.append(head + encode(value) + "]")
            yield str(row["id"]), "{" + ", ".join(parts) + "}"
        return
    # One shape, and what it leaves out is empty: the fields are read with one itemgetter
    # call a row, and text and integers (most of them) encoded without a call.
    present = [c for c in columns if c[0] in first]
    get = _getter([col for col, _h, _e in present])
    plan = [(head, encode) for _c, head, encode in present]
    for row in rows:
        # Each field but the last is closed by the separator, "], ".
        parts = [
            head + (text(v) if type(v) is str else repr_int(v) if type(v) is int else enc(v))
            for (head, enc), v in zip(plan, get(row), strict=True)
            if v is not None
        ]
        yield str(row["id"]), "{" + "], ".join(parts) + "]}" if parts else "{}"


class Audit:
    """Field-level audit rows for bulk inserts and updates, with exactly the content the
    session hooks (:func:`branchcrm.db.hooks._after_flush`) write for ORM changes: one
    ``insert`` row per created row listing every non-empty field, one ``update`` row per
    changed row with old and new values; attributed to the signed-in staff member."""

    def __init__(self, session: Session, actor: Actor, now: dt.datetime) -> None:
        self.session, self.actor, self.now = session, actor, now

    def _row(self, entity: str, entity_id: Any, action: str, changes: str) -> dict[str, Any]:
        return {
            "at": self.now,
            "staff_id": self.actor.staff_id,
            "workstation": self.actor.workstation,
            "entity": entity,
            "entity_id": str(entity_id),
            "action": action,
            "changes": changes,
        }

    def _write(self, entity: str, action: str, rows: Iterable[tuple[str, str]]) -> None:
        """Audit rows of (entity id, changes) pairs, streamed: on PostgreSQL they are sent
        while the next ones are encoded."""
        const = {
            "at": self.now,
            "staff_id": self.actor.staff_id,
            "workstation": self.actor.workstation,
            "entity": entity,
            "action": action,
        }
        names = ["entity_id", "changes"]
        const.update(_defaults(_AUDIT, [*names, *const]))
        _write(self.session, _AUDIT, names, rows, const)

    def inserted(self, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
        """Audit rows for ``rows`` of ``model`` just inserted (by :func:`bulk_insert`)."""
        if rows:
            self._write(cast(SqlTable, model.__table__).name, "insert", _changes(model, rows))

    def insert(self, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
        """``bulk_insert`` of ``rows`` into ``model``'s table, then their audit rows (see
        :meth:`insert_chunks`: these rows are its one chunk)."""
        self.insert_chunks(model, [rows])

    def insert_chunks(self, model: type[Any], parts: Iterable[Sequence[dict[str, Any]]]) -> int:
        """:meth:`insert` of every chunk of ``parts`` (rows of one shape, made as they are
        asked for); returns the number of rows. On PostgreSQL all the chunks go in one COPY,
        then their audit rows in one more: the server inserts each chunk (index maintenance,
        foreign keys) while the next is made and this one's audit rows are encoded, instead
        of waiting at the end of a COPY per chunk (measured on 50,000 notebook rows: the
        write took 7.0 s instead of 8.3 s). The audit rows wait in a temporary file, not in
        memory."""
        it = iter(parts)
        first = next((part for part in it if part), None)
        if first is None:
            return 0
        table = cast(SqlTable, model.__table__)
        keys = list(first[0])
        get, extra = _getter(keys), _defaults(table, keys)
        conn = self.session.connection()
        if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
            n = 0
            for part in itertools.chain((first,), it):
                if part:
                    _write(self.session, table, keys, map(get, part), extra)
                    self._write(table.name, "insert", _changes(model, part, extra))
                    n += len(part)
            return n
        count = 0
        with tempfile.TemporaryFile() as spool:

            def values() -> Iterator[tuple[Any, ...]]:
                nonlocal count
                for part in itertools.chain((first,), it):
                    if not part:
                        continue
                    yield from map(get, part)
                    # Encoded while the server still inserts this chunk.
                    pickle.dump(list(_changes(model, part, extra)), spool, _PICKLE)
                    count += len(part)

            _write(self.session, table, keys, values(), extra)
            spool.seek(0)
            self._write(table.name, "insert", _unspool(spool))
        return count

    def updated(self, entity: str, rows: Sequence[tuple[Any, dict[str, tuple[Any, Any]]]]) -> None:
        jsonable = hooks._jsonable
        out = [
            self._row(
                entity,
                entity_id,
                "update",
                json.dumps(
                    {k: [jsonable(old), jsonable(new)] for k, (old, new) in changes.items()},
                    ensure_ascii=False,
                ),
            )
            for entity_id, changes in rows
            if changes
        ]
        bulk_insert(self.session, _AUDIT, out)


def _unspool(spool: IO[bytes]) -> Iterator[tuple[str, str]]:
    """The (id, changes) pairs :meth:`Audit.insert_chunks` spooled, chunk by chunk."""
    while True:
        try:
            part: list[tuple[str, str]] = pickle.load(spool)
        except EOFError:
            return
        yield from part


def _naive_utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.astimezone(dt.UTC).replace(tzinfo=None)


class _Memo:
    """A value converter that remembers its last result: a batch's rows share the same
    timestamp objects (created, updated, audited at), each converted once, not per row.
    Only for immutable values (compared by identity)."""

    __slots__ = ("fn", "last_in", "last_out")

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn
        self.last_in: Any = _Memo
        self.last_out: Any = None

    def __call__(self, value: Any) -> Any:
        if value is self.last_in:
            return self.last_out
        out = self.fn(value)
        self.last_in, self.last_out = value, out
        return out


def _getter(keys: Sequence[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of ``keys`` of a row, as a tuple (also for one key)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda row: (row[key],)
    return cast(Callable[[dict[str, Any]], tuple[Any, ...]], itemgetter(*keys))


def bulk_insert(session: Session, table: SqlTable, rows: Sequence[dict[str, Any]]) -> None:
    """Insert plain rows (all with the same keys) without the ORM: COPY on PostgreSQL
    (psycopg 3), one DB-API executemany on SQLite, values converted by the columns' own
    bind processors (so stored exactly as Core would store them). Column defaults the rows
    leave out are filled in as Core would."""
    if not rows:
        return
    keys = list(rows[0])
    extra = _defaults(table, keys)
    if session.get_bind().dialect.name not in ("postgresql", "sqlite"):
        conn = session.connection()
        for part in chunks(rows, 5_000):
            conn.execute(insert(table), [{**r, **extra} for r in part])
        return
    _write(session, table, keys, map(_getter(keys), rows), extra)


def _write(
    session: Session,
    table: SqlTable,
    names: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    const: dict[str, Any],
) -> None:
    """Insert ``rows``, tuples of the values of the columns ``names``, each with the values
    of ``const`` (the same in every row): by COPY on PostgreSQL with psycopg 3, by one
    executemany on SQLite, else by Core. ``rows`` is consumed once, as it is written."""
    conn = session.connection()
    dialect = conn.dialect
    keys = [*names, *const]
    quoted = ", ".join(dialect.identifier_preparer.quote(k) for k in keys)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        fixed = tuple(
            _naive_utc(v) if isinstance(table.c[k].type, UTCDateTime) else v
            for k, v in const.items()
        )
        utc = [
            (i, _Memo(_naive_utc))
            for i, k in enumerate(names)
            if isinstance(table.c[k].type, UTCDateTime)
        ]
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        # The rows are sent as they are made, and the server inserts them as they come: the
        # socket's buffers decouple the two. (psycopg's QueuedLibpqWriter, a thread sending
        # the data, was measured slower: the thread contends for the GIL with the one
        # formatting rows.)
        sql = f"COPY {table.name} ({quoted}) FROM STDIN"
        with cursor.copy(sql) as copy:
            write_row = copy.write_row
            for values in _converted(rows, utc, fixed):
                write_row(values)
        return
    if dialect.name != "sqlite":
        stmt = insert(table)
        for part in chunks(list(rows), 5_000):
            conn.execute(stmt, [{**dict(zip(names, r, strict=True)), **const} for r in part])
        return

    def proc(k: str) -> Callable[[Any], Any] | None:
        return table.c[k].type.dialect_impl(dialect).bind_processor(dialect)

    fixed = tuple(p(v) if (p := proc(k)) is not None else v for k, v in const.items())
    procs: list[tuple[int, Callable[[Any], Any]]] = [
        (i, _Memo(p) if isinstance(table.c[k].type, _TEMPORAL) else p)
        for i, k in enumerate(names)
        if (p := proc(k)) is not None
    ]
    marks = ", ".join("?" for _ in keys)
    sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})"
    conn.exec_driver_sql(sql, list(_converted(rows, procs, fixed)))


def _converted(
    rows: Iterable[tuple[Any, ...]],
    converters: Sequence[tuple[int, Callable[[Any], Any]]],
    fixed: tuple[Any, ...],
) -> Iterator[tuple[Any, ...]]:
    """Each row with ``converters`` (position, function) applied and ``fixed`` appended."""
    if not converters:
        for row in rows:
            yield row + fixed
        return
    for row in rows:
        values = list(row)
        for i, convert in converters:
            values[i] = convert(values[i])
        values.extend(fixed)
        yield tuple(values)
