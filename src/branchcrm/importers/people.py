"""Grouping notebook rows into people, one row at a time.

Rows of one person: same verified ID, or same normalized name and same mobile; the same
name alone never merges. Each row is folded into its person as it arrives from the reader
(the first value of a field is kept, a different one goes to review; assets and risk level
come from the latest-dated row), so that only the people's keys and folded values are held,
never whole rows. What is per row (a :class:`Visit`) goes to a :mod:`.staging` store, on
disk for an import; a person holds its row count, its first row and its folded values,
repeated values shared (interned). The people and the key indexes are kept in memory
(:class:`MemoryPeople`, for small uses and tests) or, for an import, mostly on disk
(:class:`.staged_people.StagedPeople`). A file that fails half-way is rolled back out of the
grouping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from branchcrm.importers.rows import Problem, RowRecord
from branchcrm.importers.staging import MemoryVisits, SpilledProblems, VisitStore

# Review items as a grouper gathers them: a list, or on disk (an import's, see staging).
Problems = list[Problem] | SpilledProblems


@dataclass(slots=True)
class Visit:
    """What is kept of each row once its person is known (the rest is in the person): where
    it came from and its contact. Kept in a :class:`.staging.VisitStore`, not the person."""

    file: str
    sheet: str
    row: int
    visit_date: dt.date | None
    product: str | None
    amount_fen: int | None
    note: str | None
    has_date_column: bool
    has_contact: bool


_NO_DATE = dt.date.min


def pack_keys(
    keys: tuple[str, str, str | None] | None,
) -> bytes | tuple[str, str, str | None] | None:
    """One bytes object for the three keys of a name (kept as they are if they cannot be)."""
    if keys is None:
        return None
    parts = keys if keys[2] is not None else keys[:2]
    if any("\0" in k for k in parts if k is not None):
        return keys
    return "\0".join(cast(tuple[str, ...], parts)).encode()


def unpack_keys(
    packed: bytes | tuple[str, str, str | None] | None,
) -> tuple[str, str, str | None] | None:
    if not isinstance(packed, bytes):
        return packed
    parts = packed.decode().split("\0")
    return (parts[0], parts[1], parts[2] if len(parts) > 2 else None)


@dataclass(slots=True, frozen=True)
class FirstRow:
    """A person's first row, as far as it is still needed once the row is folded in."""

    file: str
    sheet: str
    row: int
    name: str | None
    name_key: str | None
    keys: tuple[str, str, str | None] | None


@dataclass(slots=True)
class Person:
    # The first row (see :attr:`first`), held flat: one object less per person.
    file: str
    sheet: str
    row: int
    name: str | None
    name_key: str | None
    # The name's search and sort keys (:func:`.namekeys.name_keys`, see :attr:`keys`),
    # packed in one UTF-8 string: a third of the size of three strings in a tuple.
    packed_keys: bytes | tuple[str, str, str | None] | None
    serial: int = 0  # position in the grouper's list of people
    n_rows: int = 0  # rows folded in; the rows themselves are in :attr:`visits`
    visits: VisitStore | None = field(default=None, repr=False, compare=False)
    id_number: str | None = None
    customer_id: int | None = None
    stored: dict[str, Any] | None = None
    rejected: bool = False
    # Other phones and name notes: an empty tuple until there is one (most people have none).
    others: list[str] | tuple[str, ...] = ()
    notes: list[str] | tuple[str, ...] = ()
    # The person's values, folded from the rows (slots, not a dict: 100,000 people).
    mobile: str | None = None
    birth_md: tuple[int, int] | None = None
    gender: str | None = None
    birth_date: dt.date | None = None
    address: str | None = None
    occupation: str | None = None
    employer: str | None = None
    assets_fen: int | None = None
    risk_level: str | None = None
    assets_on: dt.date | None = None  # visit date of the row the assets were taken from
    risk_on: dt.date | None = None
    last_visit: dt.date | None = None

    @property
    def keys(self) -> tuple[str, str, str | None] | None:
        return unpack_keys(self.packed_keys)

    @property
    def first(self) -> FirstRow:
        return FirstRow(self.file, self.sheet, self.row, self.name, self.name_key, self.keys)

    @property
    def rows(self) -> list[Visit]:
        """The person's rows, in arrival order (read back from the store: for small uses;
        the import streams them, see :meth:`.staging.VisitStore.stream`)."""
        return self.visits.of(self.serial) if self.visits is not None else []


# What a row may change in a person it joins (restored by Grouper.rollback).
_FOLDED = (
    "id_number",
    "mobile",
    "birth_md",
    "gender",
    "birth_date",
    "address",
    "occupation",
    "employer",
    "assets_fen",
    "risk_level",
    "assets_on",
    "risk_on",
    "last_visit",
)
_Snapshot = tuple[int, tuple[str, ...], tuple[str, ...], tuple[Any, ...]]


SCALARS = ("gender", "birth_date", "address", "occupation", "employer")


class MemoryIndex(dict[Any, int]):
    """A grouping key index (key -> person serial) in memory."""

    def discard(self, key: Any) -> None:
        self.pop(key, None)

    def drop_from(self, serial: int) -> None:
        """Forget the keys of the people from ``serial`` on (a rollback)."""
        for key in [k for k, s in self.items() if s >= serial]:
            del self[key]


class MemoryPeople(list[Person]):
    """A grouper's people in memory, a list by serial (the import's wait on disk instead:
    :class:`.staged_people.StagedPeople`, which has the same methods)."""

    def settle(self) -> bool:
        """Between rows; True when people were let go (never here: see the one on disk)."""
        return False

    def truncate(self, n: int) -> None:
        del self[n:]

    def key_index(self, name: str, width: int) -> MemoryIndex:
        return MemoryIndex()

    def finish(self) -> None:
        """No more rows."""


class PeopleStore(Protocol):
    """What a grouper needs of where its people are kept."""

    def __len__(self) -> int: ...
    def __getitem__(self, serial: int) -> Person: ...
    def __iter__(self) -> Iterator[Person]: ...
    def append(self, p: Person) -> None: ...
    def settle(self) -> bool: ...
    def truncate(self, n: int) -> None: ...
    def key_index(self, name: str, width: int) -> KeyIndex: ...
    def finish(self) -> None: ...


class KeyIndex(Protocol):
    def get(self, key: Any, /) -> int | None: ...
    def __contains__(self, key: Any) -> bool: ...
    def __setitem__(self, key: Any, serial: int) -> None: ...
    def discard(self, key: Any) -> None: ...
    def drop_from(self, serial: int) -> None: ...


class Grouper:
    """Rows of one person: same verified ID, or same normalized name and same mobile. The
    same name alone never merges. Rows are taken one at a time, in file order, and folded
    into their person at once (only the keys are indexed), so no row is held whole: what is
    per row (its :class:`Visit`) goes to ``visits``, a :class:`.staging.VisitStore` (on
    disk for an import, see :func:`.staging.open_visits`; in memory by default)."""

    def __init__(
        self,
        visits: VisitStore | None = None,
        problems: Problems | None = None,
        people: PeopleStore | None = None,
    ) -> None:
        self.visits: VisitStore = visits if visits is not None else MemoryVisits()
        self.people: PeopleStore = MemoryPeople() if people is None else people
        self.problems: Problems = problems if problems is not None else []
        # Keys to the people's serials: resident ID; (name key, mobile).
        self.by_id: KeyIndex = self.people.key_index("id", 1)
        self.by_nm: KeyIndex = self.people.key_index("nm", 2)
        self.nameless: dict[tuple[str, str], int] = {}  # rows without a name, per sheet
        self._mark: tuple[int, int, int, dict[tuple[str, str], int]] | None = None
        self._saved: dict[int, _Snapshot] = {}
        self._keys: list[tuple[KeyIndex, Any]] = []
        # Repeated values (file and sheet names, names, occupations, products' dates...)
        # held once: each of 100,000 rows brings its own copy from the reader.
        self._memo: dict[Any, Any] = {}
        self._packed: dict[Any, Any] = {}  # name keys, packed (see Person.packed_keys)

    def intern(self, value: Any) -> Any:
        """The one copy of ``value`` this grouper holds (``value`` itself the first time)."""
        if value is None:
            return None
        return self._memo.setdefault(value, value)

    def _pack(self, keys: tuple[str, str, str | None] | None) -> Any:
        if keys is None:
            return None
        if not isinstance(keys, tuple):
            keys = cast(tuple[str, str, str | None], tuple(keys))
        packed = self._packed.get(keys)
        if packed is None:
            packed = self._packed[keys] = pack_keys(keys)
        return packed

    def checkpoint(self) -> None:
        """Remember the present state: :meth:`rollback` returns to it (a file that fails
        half-way must leave nothing behind)."""
        self._mark = (len(self.people), len(self.problems), self.visits.mark(), dict(self.nameless))
        self._saved, self._keys = {}, []

    def rollback(self) -> None:
        assert self._mark is not None
        n_people, n_problems, n_visits, nameless = self._mark
        for index, key in reversed(self._keys):
            index.discard(key)
        self.by_id.drop_from(n_people)  # the keys of the people made since (see _index)
        self.by_nm.drop_from(n_people)
        self.people.truncate(n_people)
        del self.problems[n_problems:]
        self.visits.rollback(n_visits)
        self.nameless = nameless
        for serial, (n_rows, others, notes, folded) in self._saved.items():
            p = self.people[serial]
            p.n_rows = n_rows
            p.others, p.notes = list(others) or (), list(notes) or ()
            for key, value in zip(_FOLDED, folded, strict=True):
                setattr(p, key, value)
        self.checkpoint()

    def finish(self) -> None:
        """No more rows: let go of the key indexes, the rollback records and the interning
        memo (the people keep what they hold)."""
        self.people.finish()
        self.by_id = MemoryIndex()
        self.by_nm = MemoryIndex()
        self._mark, self._saved, self._keys = None, {}, []
        self._memo, self._packed = {}, {}

    def _touch(self, p: Person) -> None:
        if self._mark is not None and p.serial < self._mark[0] and p.serial not in self._saved:
            self._saved[p.serial] = (
                p.n_rows,
                tuple(p.others),
                tuple(p.notes),
                tuple(getattr(p, key) for key in _FOLDED),
            )

    def _index(self, index: KeyIndex, key: Any, p: Person) -> None:
        if key not in index:
            index[key] = p.serial
            # Only a new key of an earlier person is remembered for a rollback: the keys of
            # the people made since are found by their serial then (a rare event), instead
            # of a record of every key of every person.
            if self._mark is not None and p.serial < self._mark[0]:
                self._keys.append((index, key))

    def add(self, rec: RowRecord) -> None:
        if rec.name_key is None:
            key = (rec.file, rec.sheet)
            self.nameless[key] = self.nameless.get(key, 0) + 1
            return
        people, by_id, by_nm = self.people, self.by_id, self.by_nm
        if people.settle():  # between rows nobody holds a person; some went to disk
            # Values were interned to be shared among people in memory; those went.
            self._memo.clear()
            self._packed.clear()
        p: Person | None = None
        if rec.id_number:
            serial = by_id.get(rec.id_number)
            if serial is not None:
                p = people[serial]
            elif rec.mobile:
                serial = by_nm.get((rec.name_key, rec.mobile))
                q = None if serial is None else people[serial]
                if q is not None and q.id_number is None:
                    p = q
            if p is None:
                p = self._new(rec)
            self._touch(p)
            if p.id_number is None:
                p.id_number = rec.id_number
                self._index(by_id, rec.id_number, p)
            elif p.name_key != rec.name_key:
                self.problems.append(
                    Problem(
                        rec.file,
                        rec.sheet,
                        rec.row,
                        None,
                        "name",
                        rec.name,
                        "name_differs",
                        f"same ID as {p.name!r} (row {p.row}) but another name; "
                        "the first name is kept",
                    )
                )
        elif rec.mobile:
            serial = by_nm.get((rec.name_key, rec.mobile))
            p = self._new(rec) if serial is None else people[serial]
        else:
            p = self._new(rec)
        self._touch(p)
        self.visits.add(p.serial, rec)
        p.n_rows += 1
        if rec.mobile:
            self._index(by_nm, (rec.name_key, rec.mobile), p)
        _absorb(p, rec, self.problems, self._memo)

    def _new(self, rec: RowRecord) -> Person:
        memo = self._memo
        name, name_key = rec.name, rec.name_key
        p = Person(
            memo.setdefault(rec.file, rec.file),
            memo.setdefault(rec.sheet, rec.sheet),
            rec.row,
            None if name is None else memo.setdefault(name, name),
            None if name_key is None else memo.setdefault(name_key, name_key),
            self._pack(rec.keys),
            serial=len(self.people),
            visits=self.visits,
        )
        self.people.append(p)
        return p


def group_people(records: Iterable[RowRecord]) -> tuple[list[Person], list[Problem]]:
    grouper = Grouper()
    for rec in records:
        grouper.add(rec)
    return list(grouper.people), list(grouper.problems)


def _absorb(p: Person, rec: RowRecord, problems: Problems, memo: dict[Any, Any]) -> None:
    """Fold one more row into its person: the first value of each field is kept (a different
    one goes to review); assets and risk level come from the latest-dated row. Values kept
    are shared through ``memo`` (see :meth:`Grouper.intern`)."""
    if rec.mobile:
        if p.mobile is None:
            p.mobile = rec.mobile
        elif rec.mobile != p.mobile and rec.mobile not in p.others:
            p.others = [*p.others, rec.mobile]
    for ph in rec.other_phones:
        if ph not in p.others and ph != p.mobile:
            p.others = [*p.others, ph]
    if rec.name_note and rec.name_note not in p.notes:
        p.notes = [*p.notes, rec.name_note]
    if rec.birth_md and p.birth_md is None:
        p.birth_md = memo.setdefault(rec.birth_md, rec.birth_md)
    for key in SCALARS:
        new = getattr(rec, key)
        if new is None:
            continue
        old = getattr(p, key)
        if old is None:
            setattr(p, key, new if key == "address" else memo.setdefault(new, new))
        elif old != new:
            shown = _FIELD_NAMES.get(key, key)
            problems.append(
                Problem(
                    rec.file,
                    rec.sheet,
                    rec.row,
                    None,
                    shown,
                    str(new),
                    "value_conflict",
                    f"{shown} differs from row {p.row} of {p.sheet} ({old}); the first value is kept",
                )
            )
    # Latest-dated row wins for values that change over time (undated rows count as the
    # oldest; between rows of one date, the later row).
    day = rec.visit_date
    if day is not None:
        day = memo.setdefault(day, day)
    on = day or _NO_DATE
    if rec.assets_fen is not None and (p.assets_on is None or on >= p.assets_on):
        p.assets_fen, p.assets_on = rec.assets_fen, on
    risk = rec.risk_level
    if risk is not None and (p.risk_on is None or on >= p.risk_on):
        p.risk_level, p.risk_on = memo.setdefault(risk, risk), on
    if day is not None and (p.last_visit is None or day > p.last_visit):
        p.last_visit = day


_FIELD_NAMES = {"birth_date": "birthday", "assets_fen": "assets_cny"}
