"""From reader events to sheets and normalized rows; runs inside the reader child.

Parsing and normalizing in the sandboxed child keeps the second core busy while the parent
receives compact row tuples and prepares matching. Nothing here touches the database, so the
child starts without SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from branchcrm.importers.normalize import is_blank
from branchcrm.importers.readers.base import FileInfo, SheetEnd, SheetInfo
from branchcrm.importers.rows import (
    Problem,
    RowPlan,
    RowRecord,
    name_of,
    normalize_row,
    row_plan,
)
from branchcrm.importers.table import (
    HEADER_SEARCH_ROWS,
    Table,
    detect_table,
    is_header_repeat,
    is_subtotal,
    name_column,
    repeats_header,
)

# The table is detected on a sheet's first rows (the header is searched among the first
# HEADER_SEARCH_ROWS; the table's width is that of the widest of them all).
DETECT_ROWS = 2_000
assert DETECT_ROWS >= HEADER_SEARCH_ROWS
RECORD_FIELDS = tuple(f.name for f in fields(RowRecord))


_CHANGES = RECORD_FIELDS.index("changes")


def pack(rec: RowRecord) -> tuple[Any, ...]:
    """A record as a plain tuple (pickles several times faster than the object), without
    its list of changes made (the notebook import does not report them)."""
    values = [getattr(rec, name) for name in RECORD_FIELDS]
    values[_CHANGES] = None
    return tuple(values)


_NONE: list[Any] = []  # shared by every unpacked record that has none: never append to it
_PROBLEMS = RECORD_FIELDS.index("problems")
_OTHER_PHONES = RECORD_FIELDS.index("other_phones")


def unpack(values: tuple[Any, ...]) -> RowRecord:
    """The record :func:`pack` packed; its empty lists are one shared (read-only) list,
    which saves a few hundred bytes on each of 100,000 rows."""
    rec = RowRecord(*values)
    rec.changes = _NONE
    if not values[_PROBLEMS]:
        rec.problems = _NONE
    if not values[_OTHER_PHONES]:
        rec.other_phones = _NONE
    return rec


@dataclass
class SheetResult:
    sheet: str
    status: str  # table, no_data
    header_rows: tuple[int, ...] = ()
    columns: dict[str, str | None] = field(default_factory=dict)
    hidden: bool = False
    hidden_columns: list[str] = field(default_factory=list)
    rows: int = 0
    skipped: int = 0  # subtotal, repeated header and numbered empty rows
    new: int = 0
    matched: int = 0
    merged: int = 0
    review: int = 0
    rejected: int = 0
    notes: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class FileResult:
    file: str
    path: str
    status: str = "imported"  # imported, error, no_data
    error: str | None = None
    sha256: str = ""
    format: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    sheets: list[SheetResult] = field(default_factory=list)
    already_batch: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "status": self.status, "error": self.error}


@dataclass
class TableFound:
    """Sent once a sheet's table is known, before any of its rows."""

    sheet: str
    table: Table


@dataclass
class RawRows:
    """A chunk of a sheet's data rows left for the receiver to normalize (two cores), with
    the search keys of the names on them (by row number) when the sender makes keys."""

    sheet: str
    rows: list[tuple[int, tuple[Any, ...]]]
    keys: dict[int, tuple[str, str, str | None]] = field(default_factory=dict)


@dataclass
class SheetCounts:
    """What normalizing a chunk of rows found (see :func:`normalize_rows`)."""

    rows: int = 0
    skipped: int = 0


def normalize_rows(
    file: str,
    sheet: str,
    rows: Iterable[tuple[int, tuple[Any, ...]]],
    table: Table,
    plan: RowPlan,
    counts: SheetCounts,
    *,
    today: dt.date | None = None,
) -> list[RowRecord]:
    """Data rows of a sheet whose table is known to records; subtotals, repeated headers
    and rows with nothing but a number are counted as skipped."""
    out: list[RowRecord] = []
    first = table.first_data_row
    name_col = name_column(table)
    today = today or dt.date.today()  # once, not for each date of each row
    for row_no, values in rows:
        if row_no < first:
            continue
        if is_subtotal(values) or repeats_header(values, table, name_col):
            counts.skipped += 1
            continue
        rec = normalize_row(file, sheet, row_no, values, table, today=today, plan=plan)
        if rec is None:
            counts.skipped += 1
            continue
        counts.rows += 1
        out.append(rec)
    return out


def no_table_note(sheet: str) -> str:
    return (
        f"sheet {sheet!r} has no table of customers (no header row with a name column: "
        "instructions or statistics?); nothing was imported from it"
    )


def hidden_problems(file: str, sheet: SheetResult, table: Table) -> list[Problem]:
    """A hidden sheet whose rows are imported, and hidden columns whose values are, are
    named (a person hid them for a reason: old data?) and go to review; never dropped."""
    out: list[Problem] = []
    if sheet.hidden:
        out.append(
            Problem(
                file,
                sheet.sheet,
                None,
                None,
                None,
                None,
                "sheet_hidden",
                f"sheet {sheet.sheet!r} is hidden; its rows were read like the others",
            )
        )
    for col in table.columns:
        if not col.hidden:
            continue
        label = col.label or f"column {col.index + 1}"
        used = col.field is not None and col.field != "seq"
        reason = (
            f"column {label!r} is hidden; its values were read as {col.field}"
            if used
            else f"column {label!r} is hidden; not used"
        )
        if used:
            out.append(Problem(file, sheet.sheet, None, label, None, None, "column_hidden", reason))
        else:
            sheet.notes.append(reason)
    return out


@dataclass
class SheetDone:
    """A sheet's outcome, sent after its last record. With handoff, ``formula_no_value``
    problems still name every such cell: the receiver keeps those on rows it imported."""

    sheet: SheetResult
    warnings: list[str]
    problems: list[Problem]


class Digest:
    """Feed reader events in order; ``out`` receives FileInfo, :class:`RowRecord` and
    :class:`SheetDone` (the sheet's result with its warnings and sheet-level problems)."""

    def __init__(
        self,
        file_name: str,
        out: Callable[[object], None],
        *,
        saved: dict[str, dict[str, Any]] | None = None,
        today: dt.date | None = None,
        handoff: int = 0,
        chunk_rows: int = 1_000,
        name_keys: Callable[[str], tuple[str, str, str | None]] | None = None,
    ) -> None:
        """With ``handoff`` n > 0, every n-th chunk of ``chunk_rows`` data rows is sent on
        as :class:`RawRows` for the receiver to normalize in parallel (announced first by
        :class:`TableFound`); the receiver then adds its counts to the sheet's."""
        self.file = file_name
        self.out = out
        self.saved = saved
        self.today = today
        self.sheet: SheetResult | None = None
        self.info: SheetInfo | None = None
        self.table: Table | None = None
        self.plan: RowPlan | None = None
        self.pending: list[tuple[int, tuple[Any, ...]]] = []
        self.data_rows: set[int] = set()
        self.handoff = handoff
        self.chunk_rows = chunk_rows
        self.buffer: list[tuple[int, tuple[Any, ...]]] = []
        self.chunks = 0
        self.hidden_problems: list[Problem] = []
        self.name_keys = name_keys

    def feed(self, event: object) -> None:
        if isinstance(event, tuple):
            self._row(event)
        elif isinstance(event, SheetInfo):
            self._close_sheet(None)
            self.info = event
            self.sheet = SheetResult(event.name, "reading", hidden=event.hidden)
            self.table, self.plan, self.pending, self.data_rows = None, None, [], set()
        elif isinstance(event, SheetEnd):
            self._close_sheet(event)
        elif isinstance(event, FileInfo):
            self.out(event)

    def feed_rows(self, rows: Iterable[tuple[int, tuple[Any, ...]]]) -> None:
        for row in rows:
            self._row(row)

    def finish(self) -> None:
        self._close_sheet(None)

    def _row(self, row: tuple[int, tuple[Any, ...]]) -> None:
        if self.sheet is None or self.sheet.status == "no_data":
            return
        if self.table is None:
            self.pending.append(row)
            if len(self.pending) >= DETECT_ROWS:
                self._decide()
            return
        if not self.handoff:
            self._consume(row)
            return
        self.buffer.append(row)
        if len(self.buffer) >= self.chunk_rows:
            self._flush()

    def _flush(self) -> None:
        rows, self.buffer = self.buffer, []
        if not rows:
            return
        self.chunks += 1
        if self.chunks % self.handoff == 0:
            assert self.sheet is not None
            self.out(RawRows(self.sheet.sheet, rows, self._keys_of(rows)))
            return
        for row in rows:
            self._consume(row)

    def _keys_of(
        self, rows: list[tuple[int, tuple[Any, ...]]]
    ) -> dict[int, tuple[str, str, str | None]]:
        """Name keys of rows handed off: the receiver then needs no pinyin of its own."""
        keys: dict[int, tuple[str, str, str | None]] = {}
        make, plan = self.name_keys, self.plan
        if make is None or plan is None:
            return keys
        for col in plan.columns:
            if col.field != "name":
                continue
            for row_no, values in rows:
                if col.index < len(values) and not is_blank(values[col.index]):
                    name = name_of(values[col.index])
                    if name:
                        keys[row_no] = make(name)
        return keys

    def _consume(self, row: tuple[int, tuple[Any, ...]]) -> None:
        sheet, table = self.sheet, self.table
        assert sheet is not None and table is not None
        row_no, values = row
        if row_no < table.first_data_row:
            return
        if is_subtotal(values) or is_header_repeat(values, table):
            sheet.skipped += 1
            return
        rec = normalize_row(
            self.file, sheet.sheet, row_no, values, table, today=self.today, plan=self.plan
        )
        if rec is None:
            sheet.skipped += 1
            return
        sheet.rows += 1
        self.data_rows.add(row_no)
        self.out(rec)

    def _decide(self) -> None:
        sheet, info = self.sheet, self.info
        assert sheet is not None and info is not None
        pending, self.pending = self.pending, []
        table = detect_table(pending, hidden_columns=info.hidden_columns, saved=self.saved)
        if table is None:
            sheet.status = "no_data"
            sheet.notes.append(no_table_note(sheet.sheet))
            return
        self.table, self.plan = table, row_plan(table)
        if self.handoff:
            self.out(TableFound(sheet.sheet, table))
        sheet.status = "table"
        sheet.table = table
        sheet.header_rows = table.header_rows
        sheet.columns = {c.label or f"column {c.index + 1}": c.field for c in table.columns}
        sheet.hidden_columns = [c.label for c in table.columns if c.hidden]
        sheet.notes.extend(table.notes)
        self.hidden_problems = hidden_problems(self.file, sheet, table)
        sheet.notes.extend(p.reason for p in self.hidden_problems)
        for row in pending:
            self._consume(row)

    def _close_sheet(self, end: SheetEnd | None) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        if self.table is None and self.pending:
            self._decide()
        for row in self.buffer:
            self._consume(row)
        self.buffer = []
        if sheet.status == "reading":
            sheet.status = "no_data"
            sheet.notes.append(f"sheet {sheet.sheet!r} is empty; nothing was imported from it")
        if sheet.status == "no_data" and sheet.hidden:
            sheet.notes.append(f"sheet {sheet.sheet!r} is hidden")
        warnings: list[str] = []
        problems: list[Problem] = self.hidden_problems
        self.hidden_problems = []
        if end is not None:
            for w in end.warnings:
                warnings.append(f"{end.name}: {w}")
                problems.append(
                    Problem(self.file, end.name, None, None, None, None, "cells_unreadable", w)
                )
            for r, c in end.formula_cells_without_value:
                if r not in self.data_rows and not self.handoff:
                    continue  # a subtotal or header formula: nothing is lost
                problems.append(
                    Problem(
                        self.file,
                        end.name,
                        r,
                        f"column {c}",
                        None,
                        None,
                        "formula_no_value",
                        "formula has no saved result (file never calculated); read as empty",
                    )
                )
        self.out(SheetDone(sheet, warnings, problems))
        self.sheet, self.table, self.plan, self.pending = None, None, None, []
        self.data_rows = set()
