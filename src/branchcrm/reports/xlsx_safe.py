"""Write spreadsheet cells so that text stays text.

openpyxl turns any string longer than one character that starts with ``=`` into a formula
(``Cell._bind_value`` sets ``data_type = 'f'``) and strings such as ``#N/A`` into error
values. A customer name or a note typed as ``=HYPERLINK(...)`` or ``+86 ...`` must never run
as a formula in a supervisor's Excel, so every string is stored as a string cell, and those
starting with a formula trigger (``= + - @``, tab, carriage return) also get Excel's quote
prefix, which keeps them text even after someone edits the cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

CellValue = str | int | float | dt.date | dt.datetime | None


def set_cell(cell: Cell, value: CellValue) -> Cell:
    """Store ``value``; a string is always a string cell, never a formula or an error."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        return cell
    if isinstance(value, bool):
        cell.value = int(value)
        return cell
    cell.value = value
    return cell


def _plain(value: Any) -> CellValue:
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    return str(value)


def write_row(ws: Worksheet, row_index: int, row: Sequence[Any], *, bold: bool = False) -> None:
    """Write one row through :func:`set_cell`; anything not a plain value becomes text."""
    for c, value in enumerate(row, start=1):
        cell = set_cell(ws.cell(row=row_index, column=c), _plain(value))
        if bold:
            cell.font = Font(bold=True)


def write_table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] = (),
    first_row: int = 1,
) -> int:
    """A bold header and the rows below it; returns the next free row."""
    write_row(ws, first_row, header, bold=True)
    r = first_row + 1
    for row in rows:
        write_row(ws, r, row)
        r += 1
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(first_row, i).column_letter].width = width
    if first_row == 1:
        ws.freeze_panes = "A2"
    return r
