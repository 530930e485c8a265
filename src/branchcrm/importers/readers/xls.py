"""Old .xls (BIFF2-8) through xlrd; encrypted workbooks are named as such."""

from __future__ import annotations

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


class _Null:
    def write(self, _text: str) -> None:
        pass


def read_xls(path: Path, emit: Emit) -> None:
    import xlrd

    data = path.read_bytes()
    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=_Null())
        except (NotImplementedError, xlrd.XLRDError) as exc:
            if "encrypted" in str(exc).lower():
                raise
            book = xlrd.open_workbook(file_contents=data, logfile=_Null())
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ReadError(
                "password", f"{path.name}: is password-protected: remove the password in Excel"
            ) from exc
        raise ReadError("corrupt", f"{path.name}: not a readable .xls workbook ({exc})") from exc
    emit(FileInfo("xls"))
    for index in range(book.nsheets):
        sh = book.sheet_by_index(index)
        hidden_cols = frozenset(
            c for c, info in getattr(sh, "colinfo_map", {}).items() if getattr(info, "hidden", 0)
        )
        emit(
            SheetInfo(
                sh.name,
                index,
                hidden=bool(getattr(sh, "visibility", 0)),
                hidden_columns=hidden_cols,
            )
        )
        merges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", [])]
        filler = MergeFiller(merges)
        count = 0
        warnings: list[str] = []
        for r in range(sh.nrows):
            values: list[Any] = []
            for c, cell in enumerate(sh.row(r)):
                values.append(_value(cell, book.datemode, warnings, r, c))
            row = trim(values)
            if filler:
                row = filler.apply(r + 1, row)
            if row:
                count += 1
                emit((r + 1, row))
        emit(SheetEnd(sh.name, count, warnings))


def _value(cell: Any, datemode: int, warnings: list[str], r: int, c: int) -> Any:
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            warnings.append(
                f"row {r + 1} column {c + 1}: date {cell.value!r} out of range, kept as number"
            )
            return cell.value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    return cell.value
