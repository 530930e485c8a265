""".xlsx through python-calamine (about ten times openpyxl's read-only speed).

calamine can abort the interpreter or raise ``PanicException`` on malformed files, so it runs
only inside the sandboxed child (see :mod:`.sandbox`), which falls back to the openpyxl reader
in a fresh child when this one dies or fails. Every sheet is parsed before the first row is
emitted, so a failure never leaves half a file behind. Merged cells come from calamine,
hidden columns from the head of the sheet XML, formulas without a saved value from the raw
scan, after the rows.

Values are made to look exactly like openpyxl's, so the normalizers see the same thing:
whole numbers stored as floats become ints (below 10**15, where every digit is exact), empty
cells become ``None``, and dates become midnight datetimes.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

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
from branchcrm.importers.readers.xlsx import _COL, RawScan, raw_scan

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_EXACT = 10**15
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData[\s>/]")


def _worksheets(zf: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """(name, zip member, hidden) of each worksheet in workbook order; chartsheets skipped.
    A part the workbook refers to but the archive lacks raises KeyError (openpyxl, which
    then reads the file, refuses it the same way)."""
    from defusedxml import ElementTree

    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets: dict[str, tuple[str, str]] = {}
    for rel in rels.iter(f"{_NS_PKG}Relationship"):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id", "")] = (posixpath.normpath(member), rel.get("Type", ""))
        if rel.get("TargetMode") != "External":
            zf.getinfo(posixpath.normpath(member))
    out = []
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        member, kind = targets.get(sheet.get(f"{_NS_REL}id", ""), ("", ""))
        if not kind.endswith("/worksheet"):
            continue
        out.append((sheet.get("name", ""), member, sheet.get("state", "visible") != "visible"))
    return out


def _value(v: Any) -> Any:
    """A calamine cell as openpyxl read-only returns it."""
    t = type(v)
    if t is str:
        return v if v else None
    if t is float:
        if v.is_integer() and -_EXACT < v < _EXACT:
            return int(v)
        return v
    if t is dt.date:
        return dt.datetime(v.year, v.month, v.day)
    return v


def read_xlsx_fast(path: Path, emit: Emit) -> None:
    from python_calamine import CalamineWorkbook

    with path.open("rb") as fh, zipfile.ZipFile(fh) as zf:
        check_zip(zf, path.name)
        try:
            sheets = _worksheets(zf)
        except KeyError as exc:
            raise ReadError("corrupt", f"{path.name}: workbook part missing ({exc})") from exc
        if not sheets:
            raise ReadError("no_sheets", f"{path.name}: the workbook has no worksheets")
        book = CalamineWorkbook.from_path(str(path))
        names = set(zf.namelist())
        loaded = []
        for name, member, hidden in sheets:
            sheet = book.get_sheet_by_name(name)
            hidden_cols = _hidden_columns(zf, member) if member in names else frozenset()
            loaded.append((name, member, hidden, hidden_cols, sheet))
        emit(FileInfo("xlsx"))
        for index, (name, member, hidden, hidden_cols, sheet) in enumerate(loaded):
            emit(SheetInfo(name, index, hidden=hidden, hidden_columns=hidden_cols))
            merges = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in _merges(sheet)]
            filler = MergeFiller(merges)
            count = 0
            # Rows start at A1; columns at the first used one.
            pad: list[Any] = [None] * (sheet.start[1] if sheet.start else 0)
            for row_no, raw in enumerate(sheet.iter_rows(), start=1):
                values = trim([*pad, *map(_value, raw)])
                if not values:
                    if filler:
                        filler.apply(row_no, ())
                    continue
                if filler:
                    values = filler.apply(row_no, values)
                count += 1
                emit((row_no, values))
            # Formulas never calculated, scanned after the rows went out (the receiver is
            # busy with them meanwhile). calamine reads every cell whatever the declared
            # dimension, so openpyxl's count of dropped cells has nothing to catch here.
            scan = raw_scan(zf, member, count_values=False) if member in names else RawScan()
            end = SheetEnd(name, count)
            end.formula_cells_without_value = scan.formula_no_value
            emit(end)


def _merges(sheet: Any) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return list(getattr(sheet, "merged_cell_ranges", None) or [])


def _hidden_columns(zf: zipfile.ZipFile, member: str) -> frozenset[int]:
    """Hidden columns, from the ``<cols>`` part that precedes the sheet's cells."""
    head = b""
    with zf.open(member) as fh:
        while len(head) < (8 << 20):
            chunk = fh.read(1 << 16)
            if not chunk:
                break
            head += chunk
            if _SHEET_DATA.search(head):
                break
    out: set[int] = set()
    for m in _COL.finditer(head):
        attrs = m[1]
        if re.search(rb'hidden="(1|true)"', attrs):
            lo = re.search(rb'min="(\d+)"', attrs)
            hi = re.search(rb'max="(\d+)"', attrs)
            if lo and hi:
                out.update(range(int(lo[1]) - 1, min(int(hi[1]), 1024)))
    return frozenset(out)
