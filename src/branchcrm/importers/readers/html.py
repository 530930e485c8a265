"""HTML tables (bank systems export them named .xls) and Excel 2003 XML spreadsheets."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from branchcrm.importers.readers.base import Emit, FileInfo, ReadError, SheetEnd, SheetInfo, trim
from branchcrm.importers.readers.text import decode


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.depth = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.spans: list[list[tuple[int, int]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.row = []
        elif self.depth == 1 and tag in ("td", "th") and self.row is not None:
            self.cell = []
            a = dict(attrs)
            try:
                self.span = max(1, min(int(a.get("colspan") or 1), 100))
            except ValueError:
                self.span = 1
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth = max(0, self.depth - 1)
        elif (
            self.depth == 1
            and tag in ("td", "th")
            and self.cell is not None
            and self.row is not None
        ):
            text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.cell)).strip()
            self.row.extend([text] + [""] * (self.span - 1) if self.span > 1 else [text])
            self.cell = None
        elif self.depth == 1 and tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


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
