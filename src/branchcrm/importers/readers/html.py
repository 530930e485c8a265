"""HTML tables (bank systems export them named .xls) and Excel 2003 XML spreadsheets."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from branchcrm.importers.readers.base import Emit, FileInfo, ReadError, SheetEnd, SheetInfo, trim
from branchcrm.importers.readers.text import decode

MAX_SPAN = 1_000  # rows or columns one cell may cover; bigger values are typing mistakes


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value or "1").strip()), MAX_SPAN))
    except ValueError:
        return 1


class _Tables(HTMLParser):
    """Top-level tables as grids: a cell spanning rows or columns (``rowspan``/``colspan``)
    fills every position it covers, the way merged cells of an .xlsx are filled."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.depth = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.colspan = 1
        self.rowspan = 1
        # Cells from rows above that reach down: column -> (text, rows still covered).
        self.pending: dict[int, tuple[str, int]] = {}
        self.own_text = False  # whether the current row has a non-empty cell of its own

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
                self.pending = {}
        elif self.depth == 1 and tag == "tr":
            self._end_row()
            self.row, self.own_text = [], False
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
            if self.row is None:  # a cell outside any <tr>: browsers open a row
                self.row, self.own_text = [], False
            self.cell = []
            a = dict(attrs)
            self.colspan, self.rowspan = _span(a.get("colspan")), _span(a.get("rowspan"))
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self.depth == 1:
                self._end_row()
                self._drain()
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self.depth == 1 and tag == "tr":
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def _fill_pending(self, row: list[str]) -> None:
        """Put cells spanning down from above into the next free positions of ``row``."""
        while len(row) in self.pending:
            col = len(row)
            text, left = self.pending[col]
            row.append(text)
            if left <= 1:
                del self.pending[col]
            else:
                self.pending[col] = (text, left - 1)

    def _end_cell(self) -> None:
        if self.cell is None or self.row is None:
            self.cell = None
            return
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.cell)).strip()
        self.cell = None
        self.own_text = self.own_text or bool(text)
        self._fill_pending(self.row)
        for _ in range(self.colspan):
            col = len(self.row)
            self.row.append(text)
            if self.rowspan > 1:
                self.pending[col] = (text, self.rowspan - 1)
            self._fill_pending(self.row)

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is None:
            return
        row, self.row = self.row, None
        self._fill_pending(row)
        # Spans reaching further right than this row's own cells.
        for col in sorted(c for c in self.pending if c >= len(row)):
            row.extend([""] * (col - len(row)))
            self._fill_pending(row)
        # A row with nothing of its own stays empty, as with merged cells: filling it from
        # the spans above would invent a visit.
        self.tables[-1].append(row if self.own_text else [])

    def _drain(self) -> None:
        """Rows a rowspan promised beyond the table's last <tr> are not invented."""
        self.pending = {}


def _html_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    m = re.search(rb'charset\s*=\s*["\']?([A-Za-z0-9_\-]+)', data[:4096])
    if m:
        enc = m[1].decode("ascii").lower()
        try:
            return data.decode(enc), enc, []
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


def read_html(path: Path, emit: Emit) -> None:
    data = path.read_bytes()
    text, encoding, warnings = _html_text(data, path.name)
    parser = _Tables()
    parser.feed(text)
    parser.close()
    emit(FileInfo("html", encoding, warnings))
    tables = [t for t in parser.tables if t]
    if not tables:
        raise ReadError("no_data", f"{path.name}: a web page with no table in it")
    for index, table in enumerate(tables):
        name = f"Table {index + 1}"
        emit(SheetInfo(name, index))
        count = 0
        for row_no, raw in enumerate(table, start=1):
            row = trim([v or None for v in raw])
            if row:
                count += 1
                emit((row_no, row))
        emit(SheetEnd(name, count))


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def read_xml2003(path: Path, emit: Emit) -> None:
    """Excel 2003 "XML Spreadsheet", parsed with defusedxml (no entities, no DTDs)."""
    import defusedxml.ElementTree as DET

    try:
        root = DET.parse(str(path)).getroot()
    except Exception as exc:
        raise ReadError(
            "corrupt", f"{path.name}: damaged XML spreadsheet ({type(exc).__name__})"
        ) from exc
    emit(FileInfo("xml2003"))
    for index, ws in enumerate(root.iter(f"{_SS}Worksheet")):
        name = ws.get(f"{_SS}Name") or f"Sheet{index + 1}"
        emit(SheetInfo(name, index))
        count = 0
        row_no = 0
        for table in ws.iter(f"{_SS}Table"):
            for row in table.iter(f"{_SS}Row"):
                row_no = int(row.get(f"{_SS}Index") or row_no + 1)
                values: list[Any] = []
                for cell in row.iter(f"{_SS}Cell"):
                    idx = cell.get(f"{_SS}Index")
                    if idx:
                        values.extend([None] * (int(idx) - 1 - len(values)))
                    data = cell.find(f"{_SS}Data")
                    values.append(_xml_value(data))
                out = trim(values)
                if out:
                    count += 1
                    emit((row_no, out))
        emit(SheetEnd(name, count))


def _xml_value(data: Any) -> Any:
    if data is None:
        return None
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type")
    if kind == "Number":
        try:
            f = float(text)
        except ValueError:
            return text
        return int(f) if f.is_integer() and abs(f) < 1e15 else f
    if kind == "DateTime":
        import datetime as dt

        try:
            return dt.datetime.fromisoformat(text[:19])
        except ValueError:
            return text
    return text or None
