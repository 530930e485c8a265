""".xlsx through openpyxl read-only, values only, plus a cheap raw scan of each sheet.

openpyxl read-only trusts the sheet's declared ``<dimension>`` (real exports lose rows), so
``reset_dimensions()`` is always called. Read-only mode does not report merged cells, hidden
columns, or formulas that were never calculated, so a regex scan of the sheet XML finds
them, and counts value cells to catch any cell the parser silently dropped.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from branchcrm.importers.readers.base import (
    Emit,
    FileInfo,
    MergeFiller,
    ReadError,
    SheetEnd,
    SheetInfo,
    trim,
)
from branchcrm.importers.readers.sniff import check_zip

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_COL = re.compile(rb"<(?:\w+:)?col\s([^>]*)>")
_FORMULA_NO_VALUE = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)'
    rb"\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_VALUE_TAG = re.compile(rb"<(?:\w+:)?(?:v|is)>")
_EMPTY_VALUE = re.compile(rb"<(?:\w+:)?v>\s*</(?:\w+:)?v>|<(?:\w+:)?v\s*/>")
OVERLAP = 65_536


def col_index(letters: bytes | str) -> int:
    """``A`` -> 1, ``XFD`` -> 16384."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    n = 0
    for ch in text:
        n = n * 26 + (ord(ch) - 64)
    return n


class RawScan:
    def __init__(self) -> None:
        self.merges: list[tuple[int, int, int, int]] = []
        self.hidden_columns: set[int] = set()
        self.formula_no_value: list[tuple[int, int]] = []
        self.value_cells = 0


def raw_scan(zf: zipfile.ZipFile, member: str, *, count_values: bool = True) -> RawScan:
    """Stream the sheet XML once (1 MB at a time) looking for what read-only mode ignores;
    ``count_values=False`` skips counting value cells (a reader that trusts its cells)."""
    out = RawScan()
    buf = b""
    with zf.open(member) as fh:
        while True:
            chunk = fh.read(1 << 20)
            final = not chunk
            buf += chunk
            limit = len(buf) if final else max(len(buf) - OVERLAP, 0)
            for m in _MERGE.finditer(buf, 0, limit + 200):
                if m.start() >= limit:
                    break
                c1, r1 = col_index(m[1]), int(m[2])
                c2, r2 = (col_index(m[3]), int(m[4])) if m[3] else (c1, r1)
                out.merges.append((r1, c1, r2, c2))
            for m in _COL.finditer(buf, 0, limit + 2000):
                if m.start() >= limit:
                    break
                attrs = m[1]
                if re.search(rb'hidden="(1|true)"', attrs):
                    lo = re.search(rb'min="(\d+)"', attrs)
                    hi = re.search(rb'max="(\d+)"', attrs)
                    if lo and hi:
                        out.hidden_columns.update(range(int(lo[1]) - 1, min(int(hi[1]), 1024)))
            if b"<f" in buf or b":f" in buf:
                for m in _FORMULA_NO_VALUE.finditer(buf, 0, limit + OVERLAP):
                    if m.start() >= limit:
                        break
                    out.formula_no_value.append((int(m[2]), col_index(m[1])))
            if count_values:
                head = buf[:limit]
                out.value_cells += len(_VALUE_TAG.findall(head)) - len(_EMPTY_VALUE.findall(head))
            buf = buf[limit:]
            if final:
                break
    return out


def read_xlsx(path: Path, emit: Emit) -> None:
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise ReadError("unsafe", "defusedxml is not installed; refusing to parse untrusted XML")
    emit(FileInfo("xlsx"))
    with path.open("rb") as fh, zipfile.ZipFile(fh) as zf:
        check_zip(zf, path.name)
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
        try:
            sheets = wb.worksheets
            if not sheets:
                raise ReadError("no_sheets", f"{path.name}: the workbook has no worksheets")
            for index, ws in enumerate(sheets):
                member = getattr(ws, "_worksheet_path", None)
                if not hasattr(ws, "reset_dimensions"):  # chartsheet
                    continue
                scan = raw_scan(zf, member.lstrip("/")) if member else RawScan()
                info = SheetInfo(
                    ws.title,
                    index,
                    hidden=ws.sheet_state != "visible",
                    hidden_columns=frozenset(scan.hidden_columns),
                )
                emit(info)
                ws.reset_dimensions()
                filler = MergeFiller(scan.merges)
                seen_values = 0
                count = 0
                for row_no, raw in enumerate(ws.iter_rows(values_only=True), start=1):
                    seen_values += sum(v is not None for v in raw)
                    values = trim(raw)
                    if not values:
                        if filler:
                            filler.apply(row_no, ())
                        continue
                    if filler:
                        values = filler.apply(row_no, values)
                    count += 1
                    emit((row_no, values))
                end = SheetEnd(ws.title, count)
                end.formula_cells_without_value = scan.formula_no_value
                lost = scan.value_cells - seen_values
                if lost > 0:
                    end.warnings.append(
                        f"{lost} cell(s) in the file could not be read by the spreadsheet parser"
                    )
                emit(end)
        finally:
            wb.close()
