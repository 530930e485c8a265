"""Grouping notebook rows into people, one row at a time.

Rows of one person: same verified ID, or same normalized name and same mobile; the same
name alone never merges. Each row is folded into its person as it arrives from the reader
(the first value of a field is kept, a different one goes to review; assets and risk level
come from the latest-dated row), so that only the people's keys and folded values are held,
never whole rows. A file that fails half-way is rolled back out of the grouping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from branchcrm.importers.rows import Problem, RowRecord


@dataclass(slots=True)
class Visit:
    """What is kept of each row once its person is known (the rest is in the person): where
    it came from and its contact. Holding this instead of whole records keeps memory low."""

    file: str
    sheet: str
    row: int
    visit_date: dt.date | None
    product: str | None
    amount_fen: int | None
    note: str | None
    has_date_column: bool
    has_contact: bool


def _visit(rec: RowRecord) -> Visit:
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


_NO_DATE = dt.date.min


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
    first: FirstRow
    rows: list[Visit] = field(default_factory=list)
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
    serial: int = 0  # position in the grouper's list of people

    @property
    def name(self) -> str | None:
        return self.first.name

    @property
    def name_key(self) -> str | None:
        return self.first.name_key


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


class Grouper:
    """Rows of one person: same verified ID, or same normalized name and same mobile. The
    same name alone never merges. Rows are taken one at a time, in file order, and folded
    into their person at once (only the keys are indexed), so no row is held whole."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.problems: list[Problem] = []
        self.by_id: dict[str, Person] = {}
        self.by_nm: dict[tuple[str, str], Person] = {}
        self.nameless: dict[tuple[str, str], int] = {}  # rows without a name, per sheet
        self._mark: tuple[int, int, dict[tuple[str, str], int]] | None = None
        self._saved: dict[int, _Snapshot] = {}
        self._keys: list[tuple[dict[Any, Person], Any]] = []

    def checkpoint(self) -> None:
        """Remember the present state: :meth:`rollback` returns to it (a file that fails
        half-way must leave nothing behind)."""
        self._mark = (len(self.people), len(self.problems), dict(self.nameless))
        self._saved, self._keys = {}, []

    def rollback(self) -> None:
        assert self._mark is not None
        n_people, n_problems, nameless = self._mark
        for index, key in reversed(self._keys):
            index.pop(key, None)
        del self.people[n_people:]
        del self.problems[n_problems:]
        self.nameless = nameless
        for serial, (n_rows, others, notes, folded) in self._saved.items():
            p = self.people[serial]
            del p.rows[n_rows:]
            p.others, p.notes = list(others) or (), list(notes) or ()
            for key, value in zip(_FOLDED, folded, strict=True):
                setattr(p, key, value)
        self.checkpoint()

    def _touch(self, p: Person) -> None:
        if self._mark is not None and p.serial < self._mark[0] and p.serial not in self._saved:
            self._saved[p.serial] = (
                len(p.rows),
                tuple(p.others),
                tuple(p.notes),
                tuple(getattr(p, key) for key in _FOLDED),
            )

    def _index(self, index: dict[Any, Person], key: Any, p: Person) -> None:
        if key not in index:
            index[key] = p
            if self._mark is not None:
                self._keys.append((index, key))

    def add(self, rec: RowRecord) -> None:
        if rec.name_key is None:
            key = (rec.file, rec.sheet)
            self.nameless[key] = self.nameless.get(key, 0) + 1
            return
        by_id, by_nm = self.by_id, self.by_nm
        p: Person | None = None
        if rec.id_number:
            p = by_id.get(rec.id_number)
            if p is None and rec.mobile:
                q = by_nm.get((rec.name_key, rec.mobile))
                if q is not None and q.id_number is None:
                    p = q
            if p is None:
                p = self._new(rec)
            self._touch(p)
            if p.id_number is None:
                p.id_number = rec.id_number
                self._index(by_id, rec.id_number, p)
            elif p.first.name_key != rec.name_key:
                self.problems.append(
                    Problem(
                        rec.file,
                        rec.sheet,
                        rec.row,
                        None,
                        "name",
                        rec.name,
                        "name_differs",
                        f"same ID as {p.first.name!r} (row {p.first.row}) but another name; "
                        "the first name is kept",
                    )
                )
        elif rec.mobile:
            p = by_nm.get((rec.name_key, rec.mobile))
            if p is None:
                p = self._new(rec)
        else:
            p = self._new(rec)
        self._touch(p)
        p.rows.append(_visit(rec))
        if rec.mobile:
            self._index(by_nm, (rec.name_key, rec.mobile), p)
        _absorb(p, rec, self.problems)

    def _new(self, rec: RowRecord) -> Person:
        first = FirstRow(rec.file, rec.sheet, rec.row, rec.name, rec.name_key, rec.keys)
        p = Person(first, serial=len(self.people))
        self.people.append(p)
        return p


def group_people(records: Iterable[RowRecord]) -> tuple[list[Person], list[Problem]]:
    grouper = Grouper()
    for rec in records:
        grouper.add(rec)
    return grouper.people, grouper.problems


def _absorb(p: Person, rec: RowRecord, problems: list[Problem]) -> None:
    """Fold one more row into its person: the first value of each field is kept (a different
    one goes to review); assets and risk level come from the latest-dated row."""
    first = p.first
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
        p.birth_md = rec.birth_md
    for key in SCALARS:
        new = getattr(rec, key)
        if new is None:
            continue
        old = getattr(p, key)
        if old is None:
            setattr(p, key, new)
        elif old != new:
            problems.append(
                Problem(
                    rec.file,
                    rec.sheet,
                    rec.row,
                    None,
                    _FIELD_NAMES.get(key, key),
                    str(new),
                    "value_conflict",
                    f"{_FIELD_NAMES.get(key, key)} differs from row "
                    f"{first.row} of {first.sheet} ({old}); the first value is kept",
                )
            )
    # Latest-dated row wins for values that change over time (undated rows count as the
    # oldest; between rows of one date, the later row).
    on = rec.visit_date or _NO_DATE
    if rec.assets_fen is not None and (p.assets_on is None or on >= p.assets_on):
        p.assets_fen, p.assets_on = rec.assets_fen, on
    if rec.risk_level is not None and (p.risk_on is None or on >= p.risk_on):
        p.risk_level, p.risk_on = rec.risk_level, on
    if rec.visit_date is not None and (p.last_visit is None or rec.visit_date > p.last_visit):
        p.last_visit = rec.visit_date


_FIELD_NAMES = {"birth_date": "birthday", "assets_fen": "assets_cny"}
