"""The people of an import on disk, so that the importing process does not grow with the file.

Held in memory, a person and its keys cost about 0.9 KB: 65 MB more at 100,000 rows than at
10,000. :class:`StagedPeople` keeps only the most recently used people in memory (at most
:data:`HOT_PEOPLE`) and the others as rows of a table in the import's scratch SQLite file
(:class:`.staging.SqliteVisits`); :class:`StagedIndex` does the same for the grouping's key
indexes, with a Bloom filter in front of the table so that a key never seen (most keys of a
notebook) costs no disk read. After reading, the import's passes (matching, planning,
counting, writing) stream the people from the table in chunks and join them with their
visits in SQL (:meth:`StagedPeople.contacts` and friends) instead of walking a list.

The rule that keeps the cache safe: people are evicted only by :meth:`StagedPeople.settle`,
which the grouper calls between rows, when nobody holds a person it fetched.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sqlite3
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from branchcrm.importers.people import Person, Visit
from branchcrm.importers.rows import Problem
from branchcrm.importers.staging import _HAS_CONTACT  # the visits' flag, defined there

if TYPE_CHECKING:
    from branchcrm.importers.staging import SqliteVisits

__all__ = ["HOT_KEYS", "HOT_PEOPLE", "StagedIndex", "StagedPeople"]

# People held in memory while reading (the rest wait on disk), and keys of each index held
# before they go to disk. Measured on 50,000 and 100,000 rows: 2,000 people imported as fast
# as 8,000 (visits of one person are far apart in a notebook: few hits either way) and the
# reading peak stayed at its 10,000-row level (91 MB against 103 MB at 100,000 rows).
HOT_PEOPLE = 2_000
HOT_KEYS = 4_000
READ_CHUNK = 2_000
_BLOOM_BITS = 1 << 23  # 1 MB per index: 0.06 % false positives at 100,000 keys (two probes)
_MASK = _BLOOM_BITS - 1

_COLUMNS = (
    "serial INTEGER PRIMARY KEY, src INTEGER NOT NULL, row INTEGER NOT NULL, name TEXT,"
    " name_key TEXT, keys, n_rows INTEGER NOT NULL, id_number TEXT, customer_id INTEGER,"
    " stored BLOB, rejected INTEGER NOT NULL, others TEXT, notes TEXT, mobile TEXT,"
    " birth_m INTEGER, birth_d INTEGER, gender TEXT, birth_date INTEGER, address TEXT,"
    " occupation TEXT, employer TEXT, assets INTEGER, risk TEXT, assets_on INTEGER,"
    " risk_on INTEGER, last_visit INTEGER, fills BLOB"
)


def _day(d: dt.date | None) -> int | None:
    return None if d is None else d.toordinal()


def _words(values: Sequence[str]) -> str | None:
    return json.dumps(list(values), ensure_ascii=False) if values else None


class StagedPeople:
    """A grouper's people (see :class:`.people.Grouper`): indexed by serial like a list, the
    recently used ones in memory, all of them on disk once :meth:`flush` ran."""

    def __init__(
        self, store: SqliteVisits, *, hot: int | None = None, keys: int | None = None
    ) -> None:
        self.store, self.db = store, store.db
        self.hot = HOT_PEOPLE if hot is None else hot
        self.hot_keys = HOT_KEYS if keys is None else keys
        self.db.execute(f"CREATE TABLE person ({_COLUMNS})")
        # A person written again keeps what the passes after reading set in the table alone.
        names = [c.split()[0] for c in _COLUMNS.split(",")]
        self._insert = (
            f"INSERT INTO person ({', '.join(names[:-1])}) VALUES ({', '.join('?' * (len(names) - 1))})"
            f" ON CONFLICT (serial) DO UPDATE SET"
            f" {', '.join(f'{n} = excluded.{n}' for n in names[1:-1])}"
        )
        self._cache: dict[int, Person] = {}
        self._n = 0

    # ------------------------------------------------------------ while grouping

    def __len__(self) -> int:
        return self._n

    def append(self, p: Person) -> None:
        self._cache[p.serial] = p
        self._n += 1

    def __getitem__(self, serial: int) -> Person:
        p = self._cache.pop(serial, None)
        if p is None:
            if not 0 <= serial < self._n:
                raise IndexError(serial)
            row = self.db.execute("SELECT * FROM person WHERE serial = ?", (serial,)).fetchone()
            p = self._person(row)
        self._cache[serial] = p  # the most recently used last
        return p

    def settle(self) -> bool:
        """Between rows: when too many people are in memory, the older half go to disk."""
        if len(self._cache) <= self.hot:
            return False
        self._evict(len(self._cache) - self.hot // 2)
        return True

    def _evict(self, n: int) -> None:
        cache = self._cache
        gone = [cache.pop(serial) for serial in list(cache)[:n]]
        self.db.executemany(self._insert, [self._row(p) for p in gone])

    def flush(self) -> None:
        """Every person on disk, none in memory."""
        self._evict(len(self._cache))

    def truncate(self, n: int) -> None:
        """Forget the people from serial ``n`` on (a rollback)."""
        for serial in [s for s in self._cache if s >= n]:
            del self._cache[serial]
        self.db.execute("DELETE FROM person WHERE serial >= ?", (n,))
        self._n = n

    def key_index(self, name: str, width: int) -> StagedIndex:
        return StagedIndex(self.db, f"key_{name}", width, self.hot_keys)

    def finish(self) -> None:
        self.flush()
        self.db.execute("DROP TABLE IF EXISTS key_id")
        self.db.execute("DROP TABLE IF EXISTS key_nm")

    def __iter__(self) -> Iterator[Person]:
        for part in self.chunks():
            yield from part

    # ------------------------------------------------------------ rows and people

    def _row(self, p: Person) -> tuple[Any, ...]:
        keys = p.packed_keys
        md = p.birth_md
        return (
            p.serial,
            self.store.source_id(p.file, p.sheet),
            p.row,
            p.name,
            p.name_key,
            keys if keys is None or isinstance(keys, bytes) else json.dumps(keys),
            p.n_rows,
            p.id_number,
            p.customer_id,
            None if p.stored is None else pickle.dumps(p.stored),
            int(p.rejected),
            _words(p.others),
            _words(p.notes),
            p.mobile,
            md[0] if md else None,
            md[1] if md else None,
            p.gender,
            _day(p.birth_date),
            p.address,
            p.occupation,
            p.employer,
            p.assets_fen,
            p.risk_level,
            _day(p.assets_on),
            _day(p.risk_on),
            _day(p.last_visit),
        )

    def _person(self, row: Sequence[Any]) -> Person:
        (serial, src, r, name, name_key, keys, n_rows, id_number, customer_id, stored) = row[:10]
        (rejected, others, notes, mobile, birth_m, birth_d, gender, birth_date) = row[10:18]
        (address, occupation, employer, assets, risk, assets_on, risk_on, last_visit) = row[18:26]
        day = dt.date.fromordinal
        file, sheet = self.store.source(src)
        return Person(
            file,
            sheet,
            r,
            name,
            name_key,
            tuple(json.loads(keys)) if isinstance(keys, str) else keys,
            serial=serial,
            n_rows=n_rows,
            visits=self.store,
            id_number=id_number,
            customer_id=customer_id,
            stored=None if stored is None else pickle.loads(stored),
            rejected=bool(rejected),
            others=json.loads(others) if others else (),
            notes=json.loads(notes) if notes else (),
            mobile=mobile,
            birth_md=None if birth_m is None else (birth_m, birth_d),
            gender=gender,
            birth_date=None if birth_date is None else day(birth_date),
            address=address,
            occupation=occupation,
            employer=employer,
            assets_fen=assets,
            risk_level=risk,
            assets_on=None if assets_on is None else day(assets_on),
            risk_on=None if risk_on is None else day(risk_on),
            last_visit=None if last_visit is None else day(last_visit),
        )

    # ------------------------------------------------------------ the passes after reading

    def chunks(self, where: str = "1") -> Iterator[list[Person]]:
        """The people (on disk: after :meth:`flush`) in serial order, in chunks; ``where`` is a
        condition on the table's columns. Each chunk is its own query (keyset paging), so the
        caller may write to the table between chunks."""
        for rows in self._pages("*", where):
            yield [self._person(row) for row in rows]

    def _pages(self, columns: str, where: str = "1") -> Iterator[list[Any]]:
        """Rows of ``columns`` (serial first) of the people ``where`` holds for, in serial
        order, a page at a time, each page its own query (keyset paging): the caller may
        write to the table between pages."""
        self.flush()
        after = -1
        sql = f"SELECT {columns} FROM person WHERE serial > ? AND ({where}) ORDER BY serial LIMIT ?"
        while rows := self.db.execute(sql, (after, READ_CHUNK)).fetchall():
            after = rows[-1][0]
            yield rows

    def keys_chunks(
        self,
    ) -> Iterator[list[tuple[int, int, int, str | None, str | None, str | None, str | None]]]:
        """(serial, src, row, name, name_key, id_number, mobile) of every person, in chunks:
        what matching needs, without making whole people."""
        yield from self._pages("serial, src, row, name, name_key, id_number, mobile")

    def set_matches(
        self, found: Sequence[tuple[int, int | None, dict[str, Any] | None, bool]]
    ) -> None:
        """(serial, customer id, stored values, rejected) of the people matching changed."""
        self.db.executemany(
            "UPDATE person SET customer_id = ?, stored = ?, rejected = ? WHERE serial = ?",
            [
                (cid, None if stored is None else pickle.dumps(stored), int(rejected), serial)
                for serial, cid, stored, rejected in found
            ],
        )

    def set_fills(self, fills: Sequence[tuple[int, dict[str, Any]]]) -> None:
        self.db.executemany(
            "UPDATE person SET fills = ? WHERE serial = ?",
            [(pickle.dumps(f), serial) for serial, f in fills],
        )

    def fills(self) -> Iterator[list[tuple[Person, dict[str, Any]]]]:
        """The matched people with empty stored fields to fill, and the fills, in chunks."""
        for rows in self._pages("*", "fills IS NOT NULL AND rejected = 0"):
            yield [(self._person(row), pickle.loads(row[-1])) for row in rows]

    def set_customer_ids(self, ids: Sequence[tuple[int, int]]) -> None:
        """(serial, customer id) of new people, once their customers are written."""
        self.db.executemany(
            "UPDATE person SET customer_id = ? WHERE serial = ?", [(c, s) for s, c in ids]
        )

    def customer_ids(self, *, matched: bool) -> Iterator[list[int]]:
        """The customer ids of the people kept, new or matched, in serial order, in chunks."""
        kept = "rejected = 0 AND customer_id IS NOT NULL AND stored IS"
        for rows in self._pages("serial, customer_id", f"{kept} {'NOT ' if matched else ''}NULL"):
            yield [cid for _s, cid in rows]

    def count(self, where: str) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM person WHERE {where}").fetchone()[0])

    def merged(self) -> int:
        """Rows folded into a person kept, after its first."""
        q = "SELECT coalesce(sum(n_rows - 1), 0) FROM person WHERE rejected = 0"
        return int(self.db.execute(q).fetchone()[0])

    def firsts(self) -> list[tuple[str, str, int, int]]:
        """(file, sheet, new, matched): people kept, by the sheet of their first row."""
        q = (
            "SELECT src, sum(stored IS NULL), sum(stored IS NOT NULL) FROM person"
            " WHERE rejected = 0 GROUP BY src"
        )
        return [(*self.store.source(src), new, old) for src, new, old in self.db.execute(q)]

    def visit_counts(self) -> list[tuple[str, str, int, int]]:
        """(file, sheet, merged, refused): rows folded into a person kept after its first, and
        rows of people refused, per sheet."""
        q = (
            "SELECT v.src, sum(p.rejected = 0 AND v.seq > (SELECT min(w.seq) FROM visit w"
            " WHERE w.serial = v.serial)), sum(p.rejected) FROM visit v"
            " JOIN person p ON p.serial = v.serial GROUP BY v.src"
        )
        return [
            (*self.store.source(src), merged or 0, refused or 0)
            for src, merged, refused in self.db.execute(q)
        ]

    def contact_keys(
        self,
    ) -> Iterator[
        list[tuple[int, int, int | None, str | None, int | None, str | None, int | None]]
    ]:
        """(serial, arrival, day, product, amount, note, customer id) of every contact of the
        people kept that was not dropped, in person order, in chunks."""
        yield from self._joined(
            "SELECT v.serial, v.seq, v.day, v.product, v.amount, v.note, p.customer_id"
            " FROM visit v JOIN person p ON p.serial = v.serial"
            f" WHERE v.flags & {_HAS_CONTACT} AND p.rejected = 0 AND NOT EXISTS"
            " (SELECT 1 FROM dropped d WHERE d.serial = v.serial AND d.seq = v.seq)"
            " ORDER BY v.serial, v.seq"
        )

    def contacts(self) -> Iterator[list[tuple[int, bool, Visit]]]:
        """(customer id, matched, visit) of every contact to write, in person order."""
        for rows in self._joined(
            "SELECT v.*, p.customer_id, p.stored IS NOT NULL FROM visit v"
            " JOIN person p ON p.serial = v.serial"
            f" WHERE v.flags & {_HAS_CONTACT} AND p.rejected = 0 AND NOT EXISTS"
            " (SELECT 1 FROM dropped d WHERE d.serial = v.serial AND d.seq = v.seq)"
            " ORDER BY v.serial, v.seq"
        ):
            visits = self.store.visits_of_rows([r[:-2] for r in rows])
            yield [(r[-2], bool(r[-1]), v) for r, (_s, _q, v) in zip(rows, visits, strict=True)]

    def problems_with_owners(self) -> Iterator[list[tuple[Problem, int | None]]]:
        """The review items in their order, each with the customer (new or matched) of the
        row it is about: of the people kept with a visit on that row, the last matched one,
        else the last new one (one row can be two people's: two files of one name)."""
        self.flush()
        self.store.flush()
        # The owner of each item is looked up by place.
        self.db.execute("CREATE INDEX IF NOT EXISTS visit_place ON visit (src, row)")
        owner = (
            "(SELECT p.customer_id FROM visit v JOIN person p ON p.serial = v.serial"
            " WHERE v.src = s.src AND v.row = coalesce(pr.row, 0) AND p.rejected = 0"
            " ORDER BY p.stored IS NOT NULL DESC, v.serial DESC, v.seq DESC LIMIT 1)"
        )
        for rows in self.store.problem_rows(owner):
            yield [(Problem(*row[2:-1]), row[-1]) for row in rows]

    def _joined(self, sql: str) -> Iterator[list[Any]]:
        self.flush()
        self.store.flush()
        cur = self.db.cursor()
        try:
            cur.execute(sql)
            while rows := cur.fetchmany(READ_CHUNK):
                yield rows
        finally:
            cur.close()


class StagedIndex:
    """A grouping key index (key -> person serial), dict-like: the newest keys in memory,
    the others in a table behind a Bloom filter (a key never stored is never read for)."""

    def __init__(self, db: sqlite3.Connection, table: str, width: int, limit: int) -> None:
        self.db, self.width, self.limit = db, width, limit
        cols = ", ".join(f"k{i} TEXT NOT NULL" for i in range(width))
        pk = ", ".join(f"k{i}" for i in range(width))
        db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute(
            f"CREATE TABLE {table} ({cols}, serial INTEGER NOT NULL, PRIMARY KEY ({pk}))"
            " WITHOUT ROWID"
        )
        where = " AND ".join(f"k{i} = ?" for i in range(width))
        self._select = f"SELECT serial FROM {table} WHERE {where}"
        self._delete = f"DELETE FROM {table} WHERE {where}"
        self._insert = f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * (width + 1))})"
        self._drop_from = f"DELETE FROM {table} WHERE serial >= ?"
        self._recent: dict[Any, int] = {}
        self._bloom = bytearray(_BLOOM_BITS // 8)
        self._on_disk = False

    def _params(self, key: Any) -> tuple[Any, ...]:
        return tuple(key) if self.width > 1 else (key,)

    def _maybe(self, key: Any) -> bool:
        h = hash(key) & 0xFFFF_FFFF_FFFF_FFFF
        bloom = self._bloom
        i = h & _MASK
        if not bloom[i >> 3] & (1 << (i & 7)):
            return False
        i = (h >> 32) & _MASK
        return bool(bloom[i >> 3] & (1 << (i & 7)))

    def get(self, key: Any, /) -> int | None:
        serial = self._recent.get(key)
        if serial is None and self._on_disk and self._maybe(key):
            row = self.db.execute(self._select, self._params(key)).fetchone()
            if row is not None:
                return int(row[0])
        return serial

    def __contains__(self, key: Any) -> bool:
        return self.get(key) is not None

    def __setitem__(self, key: Any, serial: int) -> None:
        self._recent[key] = serial
        if len(self._recent) > self.limit:
            self._spill()

    def _spill(self) -> None:
        bloom = self._bloom
        rows = []
        for key, serial in self._recent.items():
            rows.append((*self._params(key), serial))
            h = hash(key) & 0xFFFF_FFFF_FFFF_FFFF
            for i in (h & _MASK, (h >> 32) & _MASK):
                bloom[i >> 3] |= 1 << (i & 7)
        self.db.executemany(self._insert, rows)
        self._recent = {}
        self._on_disk = True

    def discard(self, key: Any) -> None:
        if self._recent.pop(key, None) is None and self._on_disk:
            self.db.execute(self._delete, self._params(key))

    def drop_from(self, serial: int) -> None:
        """Forget the keys of the people from ``serial`` on (a rollback)."""
        self._recent = {k: s for k, s in self._recent.items() if s < serial}
        if self._on_disk:
            self.db.execute(self._drop_from, (serial,))
