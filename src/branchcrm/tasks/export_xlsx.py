"""Export rows to .xlsx off the GUI thread; no cell of an export can ever be a formula.

openpyxl turns any string starting with ``=`` into a formula. Every string cell is written
with ``data_type = "s"`` (and ``quotePrefix`` where it starts with a formula trigger, so
Excel keeps it text even when the cell is edited): a hostile customer name such as
``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from branchcrm.tasks.runner import TaskState

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
Value = str | int | float | Decimal | dt.date | dt.datetime | None


def _cell(ws: Any, value: Value) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=None)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    return cell


def write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    total: int,
    state: TaskState,
    sheet_title: str = "Export",
) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    ws.append([_cell(ws, h) for h in headers])
    written = 0
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
        written += 1
        if written % 500 == 0:
            state.progress(written, total)
    state.progress(written, total)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return written


def export_portfolio(
    db: Any,
    actor: Any,
    query: Any,
    path: Path,
    headers: Sequence[str],
    getters: Sequence[Callable[[Any], Value]],
    *,
    state: TaskState,
    chunk: int = 2000,
) -> int:
    """Every row of the current portfolio view, paged in SQL, written to ``path``."""
    from branchcrm.services import portfolio

    with db.session(actor) as session:
        total = portfolio.count(session, actor, query)

    def rows() -> Iterable[list[Value]]:
        offset = 0
        while True:
            state.check()
            with db.session(actor) as session:
                page = portfolio.page(session, actor, query, offset, chunk)
            if not page:
                return
            for r in page:
                yield [g(r) for g in getters]
            offset += len(page)

    return write_xlsx(path, headers, rows(), total=total, state=state, sheet_title="Portfolio")
