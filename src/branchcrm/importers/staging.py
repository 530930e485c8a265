"""Where the notebook import keeps what is per row: the visits, on disk, not in memory.

Each row folded into its person (:mod:`.people`) leaves a :class:`~.people.Visit` (where it
came from and its contact). Held in memory they made the importing process grow with the
file (about a kilobyte a row with their strings); :class:`SqliteVisits` appends them as they
arrive to a private SQLite file in a temporary directory instead (no journal, no syncing:
it is scratch space, removed when the import ends whatever happens) and streams them back in
person order when they are needed: to plan the contacts, to count the sheets, to write.

Every visit is keyed by its person's serial and its arrival number, so that a file that
fails half-way takes its visits back out (:meth:`rollback`). :class:`MemoryVisits` does the
same in memory, for the small uses (tests, :func:`.people.group_people`).

The review items wait in the same file (:class:`SpilledProblems`, :class:`StagedProblems`):
a value conflict on every other row makes tens of thousands of them, with long reasons.
They come back, in their order, to be counted and written, and as the import's result
once the people are let go.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from branchcrm.importers.people import Visit
    from branchcrm.importers.rows import Problem, RowRecord

__all__ = [
    "MemoryVisits",
    "SpilledProblems",
    "SqliteVisits",
    "Staged",
    "StagedProblems",
    "VisitStore",
    "open_visits",
]

# (serial, arrival number, visit) as the stores give them back, in person order.
Staged = tuple[int, int, "Visit"]

BATCH = 5_000  # visits buffered before one executemany
READ_CHUNK = 2_000

_HAS_DATE_COLUMN, _HAS_CONTACT = 1, 2
_Row = tuple[int, int, int, int, int | None, str | None, int | None, str | None, int]


class VisitStore:
    """The visits of the people, in arrival order per person."""

    def add(self, serial: int, rec: RowRecord) -> None:
        """Append the visit of ``rec``, a row of person ``serial``."""
        raise NotImplementedError

    def mark(self) -> int:
        """The arrival number of the next visit (for :meth:`rollback`)."""
        raise NotImplementedError

    def rollback(self, mark: int) -> None:
        """Forget every visit that arrived since :meth:`mark` returned ``mark``."""
        raise NotImplementedError

    def of(self, serial: int) -> list[Visit]:
        """The visits of one person, in arrival order."""
        raise NotImplementedError

    def stream(self, *, contacts_only: bool = False) -> Iterator[list[Staged]]:
        """All visits in chunks, ordered by person serial then arrival; with
        ``contacts_only`` only those with a contact that :meth:`drop` did not drop."""
        raise NotImplementedError

    def drop(self, keys: Iterable[tuple[int, int]]) -> None:
        """Visits, by (serial, arrival number), whose contact must not be written (a
        duplicate); may be called while a :meth:`stream` is being read."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the store (the SQLite one removes its directory)."""


def _visit(rec: RowRecord) -> Visit:
    from branchcrm.importers.people import Visit

    return Visit(
        rec.file,
        rec.sheet,
        rec.row,
        rec.visit_date,
        rec.product,
        rec.amount_fen,
        rec.note,
        rec.has_date_column,
        rec.has_contact,
    )


class MemoryVisits(VisitStore):
    """The visits in memory: for small uses and tests (same behaviour as on disk)."""

    def __init__(self) -> None:
        self._arrived: list[tuple[int, Visit]] = []
        self._by_person: dict[int, list[Visit]] = {}
        self._dropped: set[tuple[int, int]] = set()

    def add(self, serial: int, rec: RowRecord) -> None:
        v = _visit(rec)
        self._arrived.append((serial, v))
        self._by_person.setdefault(serial, []).append(v)

    def mark(self) -> int:
        return len(self._arrived)

    def rollback(self, mark: int) -> None:
        for serial, _v in reversed(self._arrived[mark:]):
            rows = self._by_person[serial]
            rows.pop()
            if not rows:
                del self._by_person[serial]
        del self._arrived[mark:]
        self._dropped = {k for k in self._dropped if k[1] < mark}

    def of(self, serial: int) -> list[Visit]:
        return list(self._by_person.get(serial, ()))

    def stream(self, *, contacts_only: bool = False) -> Iterator[list[Staged]]:
        order = sorted(range(len(self._arrived)), key=lambda i: (self._arrived[i][0], i))
        out: list[Staged] = []
        for seq in order:
            serial, v = self._arrived[seq]
            if contacts_only and (not v.has_contact or (serial, seq) in self._dropped):
                continue
            out.append((serial, seq, v))
            if len(out) >= READ_CHUNK:
                yield out
                out = []
        if out:
            yield out

    def drop(self, keys: Iterable[tuple[int, int]]) -> None:
        self._dropped.update(keys)


class SqliteVisits(VisitStore):
    """The visits in a scratch SQLite file of the importing process (see the module)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="branchcrm-import-", dir=directory))
        try:
            self._db = sqlite3.connect(
                self._dir / "visits.sqlite3", isolation_level=None, check_same_thread=False
            )
            for pragma in (
                "journal_mode=OFF",
                "synchronous=OFF",
                "temp_store=FILE",
                "cache_size=-2048",
                "locking_mode=EXCLUSIVE",
            ):
                self._db.execute(f"PRAGMA {pragma}")
            # Keyed by person then arrival: streaming in person order is a plain scan.
            self._db.execute(
                "CREATE TABLE visit (serial INTEGER NOT NULL, seq INTEGER NOT NULL,"
                " src INTEGER NOT NULL, row INTEGER NOT NULL, day INTEGER, product TEXT,"
                " amount INTEGER, note TEXT, flags INTEGER NOT NULL,"
                " PRIMARY KEY (serial, seq)) WITHOUT ROWID"
            )
            # Contacts not to write: a table of their own, so that it can be written while
            # the visits are being read.
            self._db.execute(
                "CREATE TABLE dropped (serial INTEGER NOT NULL, seq INTEGER NOT NULL,"
                " PRIMARY KEY (serial, seq)) WITHOUT ROWID"
            )
            # Review items, by group (see SpilledProblems) then arrival.
            self._db.execute(
                "CREATE TABLE problem (grp INTEGER NOT NULL, seq INTEGER NOT NULL, file TEXT,"
                " sheet TEXT, row INTEGER, col TEXT, field TEXT, raw TEXT, code TEXT,"
                " reason TEXT, customer_key INTEGER, PRIMARY KEY (grp, seq)) WITHOUT ROWID"
            )
        except BaseException:
            shutil.rmtree(self._dir, ignore_errors=True)
            raise
        self._n = 0
        self._pending: list[_Row] = []
        # (file, sheet) pairs by number: the rows repeat them.
        self._sources: list[tuple[str, str]] = []
        self._source_ids: dict[tuple[str, str], int] = {}
        self._closed = False
        self._problem_seq = 0
        self._problem_counts: dict[int, int] = {}
        self._pending_problems: list[tuple[object, ...]] = []

    @property
    def db(self) -> sqlite3.Connection:
        """The scratch file's connection (the people wait there too: see .staged_people)."""
        return self._db

    def source_id(self, file: str, sheet: str) -> int:
        """The number standing for (file, sheet) in the scratch file's rows."""
        key = (file, sheet)
        src = self._source_ids.get(key)
        if src is None:
            src = self._source_ids[key] = len(self._sources)
            self._sources.append(key)
        return src

    def source(self, src: int) -> tuple[str, str]:
        return self._sources[src]

    def add(self, serial: int, rec: RowRecord) -> None:
        key = (rec.file, rec.sheet)
        src = self._source_ids.get(key)
        if src is None:
            src = self.source_id(rec.file, rec.sheet)
        day = rec.visit_date
        flags = (_HAS_DATE_COLUMN if rec.has_date_column else 0) | (
            _HAS_CONTACT if rec.has_contact else 0
        )
        self._pending.append(
            (
                serial,
                self._n,
                src,
                rec.row,
                None if day is None else day.toordinal(),
                rec.product,
                rec.amount_fen,
                rec.note,
                flags,
            )
        )
        self._n += 1
        if len(self._pending) >= BATCH:
            self._flush()

    def flush(self) -> None:
        """Every visit added so far in the file (for a query of one's own)."""
        self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany(
                "INSERT INTO visit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self._pending
            )
            self._pending = []

    def mark(self) -> int:
        return self._n

    def rollback(self, mark: int) -> None:
        self._pending = [t for t in self._pending if t[1] < mark]
        self._db.execute("DELETE FROM visit WHERE seq >= ?", (mark,))
        self._db.execute("DELETE FROM dropped WHERE seq >= ?", (mark,))
        self._n = mark

    def visits_of_rows(self, rows: Iterable[_Row]) -> list[Staged]:
        """Rows of the visit table (all its columns, in order) as visits."""
        return self._visits(rows)

    def _visits(self, rows: Iterable[_Row]) -> list[Staged]:
        sources, from_ordinal = self._sources, dt.date.fromordinal
        from branchcrm.importers.people import Visit

        out: list[Staged] = []
        for serial, seq, src, row, day, product, amount, note, flags in rows:
            file, sheet = sources[src]
            out.append(
                (
                    serial,
                    seq,
                    Visit(
                        file,
                        sheet,
                        row,
                        None if day is None else from_ordinal(day),
                        product,
                        amount,
                        note,
                        bool(flags & _HAS_DATE_COLUMN),
                        bool(flags & _HAS_CONTACT),
                    ),
                )
            )
        return out

    def of(self, serial: int) -> list[Visit]:
        self._flush()
        cur = self._db.execute("SELECT * FROM visit WHERE serial = ? ORDER BY seq", (serial,))
        return [v for _s, _q, v in self._visits(cur.fetchall())]

    def stream(self, *, contacts_only: bool = False) -> Iterator[list[Staged]]:
        self._flush()
        sql = "SELECT * FROM visit v"
        if contacts_only:
            sql += (
                f" WHERE v.flags & {_HAS_CONTACT} AND NOT EXISTS (SELECT 1 FROM dropped d"
                " WHERE d.serial = v.serial AND d.seq = v.seq)"
            )
        cur = self._db.cursor()
        try:
            cur.execute(sql + " ORDER BY v.serial, v.seq")
            while rows := cur.fetchmany(READ_CHUNK):
                yield self._visits(rows)
        finally:
            cur.close()

    def drop(self, keys: Iterable[tuple[int, int]]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO dropped VALUES (?, ?)", keys)

    # ------------------------------------------------------------ review items

    def add_problem(self, group: int, p: Problem) -> None:
        self._pending_problems.append(
            (
                group,
                self._problem_seq,
                p.file,
                p.sheet,
                p.row,
                p.column,
                p.field,
                p.raw,
                p.code,
                p.reason,
                p.customer_key,
            )
        )
        self._problem_seq += 1
        self._problem_counts[group] = self._problem_counts.get(group, 0) + 1
        if len(self._pending_problems) >= BATCH:
            self._flush_problems()

    def _flush_problems(self) -> None:
        if self._pending_problems:
            self._db.executemany(
                "INSERT INTO problem VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._pending_problems,
            )
            self._pending_problems = []

    def count_problems(self, group: int | None = None) -> int:
        if group is None:
            return sum(self._problem_counts.values())
        return self._problem_counts.get(group, 0)

    def truncate_problems(self, group: int, keep: int) -> None:
        """Keep the first ``keep`` review items of ``group``, forget the rest."""
        if keep >= self.count_problems(group):
            return
        self._flush_problems()
        first = self._db.execute(
            "SELECT seq FROM problem WHERE grp = ? ORDER BY seq LIMIT 1 OFFSET ?", (group, keep)
        ).fetchone()[0]
        self._db.execute("DELETE FROM problem WHERE grp = ? AND seq >= ?", (group, first))
        self._problem_counts[group] = keep

    def problem_counts(self) -> dict[tuple[str, str], int]:
        """The number of review items per (file, sheet or "")."""
        self._flush_problems()
        return {
            (file, sheet): n
            for file, sheet, n in self._db.execute(
                "SELECT file, coalesce(sheet, ''), count(*) FROM problem GROUP BY 1, 2"
            )
        }

    def problem_rows(self, owner: str = "NULL") -> Iterator[list[tuple[Any, ...]]]:
        """The review items' rows in chunks, by group then arrival, each with one more
        column: ``owner``, an SQL expression that may use ``pr`` (the item) and ``src`` (the
        number of its file and sheet, see :meth:`source_id`)."""
        self._flush_problems()
        self._db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS source (file TEXT NOT NULL, sheet TEXT NOT NULL,"
            " src INTEGER NOT NULL, PRIMARY KEY (file, sheet)) WITHOUT ROWID"
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO source VALUES (?, ?, ?)",
            [(file, sheet, src) for src, (file, sheet) in enumerate(self._sources)],
        )
        cur = self._db.cursor()
        try:
            cur.execute(
                f"SELECT pr.*, {owner} FROM problem pr LEFT JOIN source s"
                " ON s.file = pr.file AND s.sheet = coalesce(pr.sheet, '') ORDER BY pr.grp, pr.seq"
            )
            while rows := cur.fetchmany(READ_CHUNK):
                yield rows
        finally:
            cur.close()

    def stream_problems(self, group: int | None = None) -> Iterator[list[Problem]]:
        """The review items in chunks, by group then arrival (of one group, or all)."""
        from branchcrm.importers.rows import Problem

        self._flush_problems()
        cur = self._db.cursor()
        try:
            if group is None:
                cur.execute("SELECT * FROM problem ORDER BY grp, seq")
            else:
                cur.execute("SELECT * FROM problem WHERE grp = ? ORDER BY seq", (group,))
            # File, sheet, column, field and code repeat from item to item: one copy each
            # (half the memory of 30,000 items held as an import's result).
            seen: dict[Any, Any] = {}
            once = seen.setdefault
            while rows := cur.fetchmany(READ_CHUNK):
                yield [
                    Problem(
                        once(file, file),
                        once(sheet, sheet),
                        row,
                        once(col, col),
                        once(fld, fld),
                        raw,
                        once(code, code),
                        reason,
                        customer_key,
                    )
                    for _g, _s, file, sheet, row, col, fld, raw, code, reason, customer_key in rows
                ]
        finally:
            cur.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._pending, self._pending_problems = [], []
        try:
            self._db.close()
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)


class SpilledProblems:
    """Review items of one group, on disk: appended, counted, cut back (``del p[n:]``, for
    a rollback) and read back in order like a list, without being held in memory. The
    groups order the import's review items (see :class:`StagedProblems`)."""

    def __init__(self, store: SqliteVisits, group: int) -> None:
        self.store, self.group = store, group

    def append(self, p: Problem) -> None:
        self.store.add_problem(self.group, p)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.store.add_problem(self.group, p)

    def clear(self) -> None:
        self.store.truncate_problems(self.group, 0)

    def __len__(self) -> int:
        return self.store.count_problems(self.group)

    def __delitem__(self, index: slice) -> None:
        if not isinstance(index, slice) or index.step is not None or index.stop is not None:
            raise TypeError("only the end can be cut off: del problems[n:]")
        self.store.truncate_problems(self.group, index.start or 0)

    def __iter__(self) -> Iterator[Problem]:
        for part in self.store.stream_problems(self.group):
            yield from part


class StagedProblems:
    """All the review items of a store, group by group, in arrival order within a group."""

    def __init__(self, store: SqliteVisits) -> None:
        self.store = store

    def __len__(self) -> int:
        return self.store.count_problems()

    def chunks(self) -> Iterator[list[Problem]]:
        return self.store.stream_problems()

    def counts(self) -> dict[tuple[str, str], int]:
        """The number of review items per (file, sheet or "")."""
        return self.store.problem_counts()

    def __iter__(self) -> Iterator[Problem]:
        for part in self.store.stream_problems():
            yield from part


@contextmanager
def open_visits(directory: str | Path | None = None) -> Iterator[SqliteVisits]:
    """A :class:`SqliteVisits` removed at the end, whatever happens."""
    store = SqliteVisits(directory)
    try:
        yield store
    finally:
        store.close()
