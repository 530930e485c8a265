"""What every reader yields: sheets of numbered rows of plain Python values.

Readers run inside a child process (see :mod:`.sandbox`); everything here must pickle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

EXCEL_CELL_LIMIT = 32_767
Row = tuple[int, tuple[Any, ...]]  # (1-based row number in the sheet, values)


class CutText(str):
    """A cell value that was longer than Excel's own limit and has been cut to it."""

    __slots__ = ()


class ReadError(Exception):
    """A file that cannot be read; ``code`` is stable, the message is one line for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class SheetInfo:
    name: str
    index: int
    hidden: bool = False
    hidden_columns: frozenset[int] = frozenset()  # 0-based
    warnings: list[str] = field(default_factory=list)


@dataclass
class SheetEnd:
    """Sent after a sheet's last row, with what the reader noticed on the way."""

    name: str
    rows: int
    warnings: list[str] = field(default_factory=list)
    formula_cells_without_value: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class FileInfo:
    format: str  # xlsx, xls, csv, html, xml2003
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


Emit = Callable[[object], None]


def cut(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            value = value.replace("\x00", "")
        if len(value) > EXCEL_CELL_LIMIT:
            return CutText(value[:EXCEL_CELL_LIMIT])
    return value


def trim(values: list[Any] | tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop trailing empty cells; a row of only empties becomes ``()``."""
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    out = tuple(values[:end])
    for v in out:  # cells to cut are rare: copy the row only when there is one
        if type(v) is not str:
            if isinstance(v, str):
                return tuple(cut(x) for x in out)
            continue
        if len(v) > EXCEL_CELL_LIMIT or "\x00" in v:
            return tuple(cut(x) for x in out)
    return out


class MergeFiller:
    """Copies each merged range's top-left value into the cells it covers.

    A name merged down over several visit rows then appears on each row, and a grouped
    header merged across appears above each of its sub-columns.
    """

    MAX_CELLS = 200_000

    def __init__(self, ranges: list[tuple[int, int, int, int]]) -> None:
        # (min_row, min_col, max_row, max_col), 1-based inclusive
        ok = [
            r
            for r in ranges
            if (r[2] - r[0] + 1) * (r[3] - r[1] + 1) <= self.MAX_CELLS
            and (r[2] > r[0] or r[3] > r[1])
        ]
        self.by_start: dict[int, list[tuple[int, int, int, int]]] = {}
        for r in ok:
            self.by_start.setdefault(r[0], []).append(r)
        self.active: list[tuple[tuple[int, int, int, int], Any]] = []
        self.last_row = max((r[2] for r in ok), default=0)

    def __bool__(self) -> bool:
        return bool(self.by_start)

    def rows_needed(self) -> int:
        return self.last_row

    def apply(self, row_no: int, values: tuple[Any, ...]) -> tuple[Any, ...]:
        if not values:  # an empty row stays empty: filling it would invent a visit
            self.active = [(r, a) for r, a in self.active if r[2] > row_no]
            return values
        starting = self.by_start.get(row_no)
        if starting:
            for r in starting:
                anchor = values[r[1] - 1] if len(values) >= r[1] else None
                self.active.append((r, anchor))
        if not self.active:
            return values
        out = list(values)
        keep = []
        for r, anchor in self.active:
            if r[2] < row_no:
                continue
            keep.append((r, anchor))
            if anchor is None:
                continue
            if len(out) < r[3]:
                out.extend([None] * (r[3] - len(out)))
            for c in range(r[1] - 1, r[3]):
                if out[c] is None or out[c] == "":
                    out[c] = anchor
        self.active = keep
        return tuple(out)
