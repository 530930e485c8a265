"""Readers take the format from the bytes, read every row, and refuse hostile files by name."""

from __future__ import annotations

import codecs
import io
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from branchcrm.importers.readers.base import CutText, ReadError, SheetEnd, SheetInfo
from branchcrm.importers.readers.sandbox import read_file


def rows_of(path: Path, **kw: object) -> list[tuple[int, tuple[object, ...]]]:
    out: list[tuple[int, tuple[object, ...]]] = []
    for ev in read_file(path, **kw):  # type: ignore[arg-type]
        if isinstance(ev, list):
            out.extend(ev)
    return out


def events(path: Path) -> list[object]:
    return list(read_file(path))


def small_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def patch_member(path: Path, member: str, edit: object) -> None:
    """Rewrite one part of a zip (to make files openpyxl itself would never write)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                data = edit(data)  # type: ignore[operator]
            dst.writestr(info.filename, data)
    path.write_bytes(buf.getvalue())


def test_xlsx_renamed_to_xls_is_read_as_xlsx(tmp_path: Path) -> None:
    p = small_xlsx(tmp_path / "notebook.xls", [["姓名", "手机"], ["王丽", "13812345678"]])
    assert rows_of(p) == [(1, ("姓名", "手机")), (2, ("王丽", "13812345678"))]


def test_html_table_named_xls(tmp_path: Path) -> None:
    p = tmp_path / "bank.xls"
    p.write_bytes(
        '<html><meta charset="gbk"><table><tr><th>姓名</th><th>金额</th></tr>'
        "<tr><td>王丽</td><td>5万</td></tr></table></html>".encode("gbk")
    )
    assert rows_of(p) == [(1, ("姓名", "金额")), (2, ("王丽", "5万"))]


def test_html_rowspan_and_colspan_fill_the_cells_they_cover(tmp_path: Path) -> None:
    """A name spanning several visit rows is on each of them, like merged cells in .xlsx;
    a row with no cell of its own stays empty (filling it would invent a visit)."""
    p = tmp_path / "export.xls"
    p.write_text(
        "<html><body><table>"
        "<tr><th rowspan=2>姓名</th><th colspan=2>来访</th><th>备注</th></tr>"
        "<tr><th>日期</th><th>金额</th><th></th></tr>"
        '<tr><td rowspan="3">王丽</td><td>2012-1-1</td><td>5万</td><td rowspan=2>老客户</td></tr>'
        "<tr><td>2012-2-1</td><td>3万</td></tr>"
        "<tr><td>2012-3-1</td><td>1万</td><td>到期</td></tr>"
        "<tr><td>张伟</td><td colspan=2>未来行</td></tr>"
        '<tr><td rowspan="5">李娜</td><td>2012-5-1</td></tr>'
        "<tr></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    assert rows_of(p) == [
        (1, ("姓名", "来访", "来访", "备注")),
        (2, ("姓名", "日期", "金额")),
        (3, ("王丽", "2012-1-1", "5万", "老客户")),
        (4, ("王丽", "2012-2-1", "3万", "老客户")),
        (5, ("王丽", "2012-3-1", "1万", "到期")),
        (6, ("张伟", "未来行", "未来行")),
        (7, ("李娜", "2012-5-1")),
    ]


def test_html_spans_import_as_visits_of_one_customer(tmp_path: Path) -> None:
    from branchcrm.importers.notebook import read_notebook
    from branchcrm.importers.people import group_people

    p = tmp_path / "export.xls"
    p.write_text(
        "<table><tr><th>姓名</th><th>手机</th><th>来行日期</th><th>金额</th></tr>"
        '<tr><td rowspan="3">王丽</td><td rowspan="3">13812345678</td>'
        "<td>2012-1-1</td><td>5万</td></tr>"
        "<tr><td>2012-2-1</td><td>3万</td></tr>"
        "<tr><td>2012-3-1</td><td>1万</td></tr></table>",
        encoding="utf-8",
    )
    result, records, _ = read_notebook(p, timeout_s=60)
    assert result.status == "imported" and len(records) == 3
    people, _ = group_people(records)
    assert len(people) == 1 and [r.amount_fen for r in people[0].rows] == [
        5_000_000,
        3_000_000,
        1_000_000,
    ]


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "gbk", "gb18030"]
)
def test_csv_encodings_are_detected_never_garbled(tmp_path: Path, encoding: str) -> None:
    text = "姓名,手机,备注\r\n王丽,13812345678,老客户 赵钱孙李周吴郑王\r\n"
    if encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    p = tmp_path / "n.csv"
    p.write_bytes(data)
    assert rows_of(p) == [
        (1, ("姓名", "手机", "备注")),
        (2, ("王丽", "13812345678", "老客户 赵钱孙李周吴郑王")),
    ]


def test_csv_with_cr_line_ends_nul_bytes_and_excel_text_cells(tmp_path: Path) -> None:
    p = tmp_path / "n.txt"
    p.write_bytes(b'\xd0\xd5\xc3\xfb\t\xca\xd6\xbb\xfa\r="0013812345678"\t1\x00\r')
    assert rows_of(p) == [(1, ("姓名", "手机")), (2, ("0013812345678", "1"))]


def test_stale_dimension_does_not_lose_rows(tmp_path: Path) -> None:
    p = small_xlsx(tmp_path / "d.xlsx", [["姓名"], ["a"], ["b"], ["c"], ["d"]])
    patch_member(
        p,
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b'<dimension ref="A1:A5"/>', b'<dimension ref="A1"/>'),
    )
    assert len(rows_of(p)) == 5


def test_single_cell_at_xfd1048576_is_read_quickly(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "姓名"
    wb.active["XFD1048576"] = "far away"
    wb.save(tmp_path / "far.xlsx")
    start = time.monotonic()
    rows = rows_of(tmp_path / "far.xlsx")
    assert time.monotonic() - start < 30
    assert rows[0] == (1, ("姓名",))
    assert rows[-1][0] == 1048576 and rows[-1][1][-1] == "far away" and len(rows[-1][1]) == 16384


def test_merged_cells_are_filled_down_and_across(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for r in [["姓名", "日期"], ["王丽", "2012-1-1"], [None, "2012-2-1"], [None, None]]:
        ws.append(r)
    ws.merge_cells("A2:A4")
    wb.save(tmp_path / "m.xlsx")
    # The empty row 4 stays empty: filling it would invent a visit.
    assert rows_of(tmp_path / "m.xlsx") == [
        (1, ("姓名", "日期")),
        (2, ("王丽", "2012-1-1")),
        (3, ("王丽", "2012-2-1")),
    ]


def test_hidden_columns_and_sheets_are_reported(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "内部编号"])
    wb.active.column_dimensions["B"].hidden = True
    wb.create_sheet("old").sheet_state = "hidden"
    wb.save(tmp_path / "h.xlsx")
    infos = [e for e in events(tmp_path / "h.xlsx") if isinstance(e, SheetInfo)]
    assert infos[0].hidden_columns == frozenset({1})
    assert [i.hidden for i in infos] == [False, True]


def test_formula_without_saved_value_is_reported(tmp_path: Path) -> None:
    p = small_xlsx(tmp_path / "f.xlsx", [["姓名", "金额"], ["王丽", "=1+1"]])
    ends = [e for e in events(p) if isinstance(e, SheetEnd)]
    assert ends[0].formula_cells_without_value == [(2, 2)]


def test_cell_longer_than_excel_limit_is_cut_and_marked(tmp_path: Path) -> None:
    p = tmp_path / "long.csv"
    p.write_text("姓名,备注\n王丽," + "长" * 1_000_000 + "\n", encoding="utf-8")
    note = rows_of(p)[1][1][1]
    assert isinstance(note, CutText) and len(note) == 32_767


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    p = small_xlsx(tmp_path / "bomb.xlsx", [["姓名"]])
    with (
        zipfile.ZipFile(p, "a", zipfile.ZIP_DEFLATED) as zf,
        zf.open("xl/media/pad.bin", "w") as fh,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(120):
            fh.write(block)
    assert p.stat().st_size < 1_000_000
    with pytest.raises(ReadError) as err:
        rows_of(p)
    assert err.value.code == "zip_bomb" and "bomb.xlsx" in str(err.value)


def test_xml_broken_half_way_fails_the_whole_file(tmp_path: Path) -> None:
    p = small_xlsx(tmp_path / "cut.xlsx", [["姓名"], *[[f"客户{i}"] for i in range(200)]])
    patch_member(p, "xl/worksheets/sheet1.xml", lambda d: d[: len(d) // 2])
    with pytest.raises(ReadError) as err:
        rows_of(p)
    assert "cut.xlsx" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"PK\x05\x06" + b"\0" * 18, "unsupported"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "corrupt"),
    ],
)
def test_empty_and_broken_files_are_named(tmp_path: Path, content: bytes, code: str) -> None:
    p = tmp_path / "bad.xlsx"
    p.write_bytes(content)
    with pytest.raises(ReadError) as err:
        rows_of(p)
    assert err.value.code == code and str(err.value).startswith("bad.xlsx")


def test_a_reader_that_overruns_its_time_is_stopped(tmp_path: Path) -> None:
    p = tmp_path / "slow.csv"  # a second or more of parsing
    p.write_bytes("姓名,手机\n".encode() + b"a,13812345678\n" * 300_000)
    with pytest.raises(ReadError) as err:
        rows_of(p, timeout_s=0.05)
    assert err.value.code == "timeout"


def test_a_reader_out_of_memory_is_reported_not_fatal(tmp_path: Path) -> None:
    p = tmp_path / "mem.csv"
    p.write_bytes(b"\xe5\xa7\x93\xe5\x90\x8d,x\n" + b"a,b\n" * 20_000_000)  # 80 MB
    with pytest.raises(ReadError) as err:
        rows_of(p, memory_mb=150)
    assert err.value.code in ("memory", "crash") and "mem.csv" in str(err.value)


def test_the_reader_child_starts_without_the_main_module_and_leaves_it_as_it_was(
    tmp_path: Path,
) -> None:
    import sys

    main = sys.modules["__main__"]
    before = (getattr(main, "__file__", None), getattr(main, "__spec__", None))
    p = small_xlsx(tmp_path / "n.xlsx", [["姓名", "手机"], ["王丽", "13812345678"]])
    assert rows_of(p) == [(1, ("姓名", "手机")), (2, ("王丽", "13812345678"))]
    assert (getattr(main, "__file__", None), getattr(main, "__spec__", None)) == before


def test_files_read_alike_from_the_reader_server_and_from_spawned_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from branchcrm.importers.readers import sandbox

    p = small_xlsx(tmp_path / "n.xlsx", [["姓名", "手机"], ["王丽", "13812345678"]])
    sandbox.start_reader_server(wait=True)
    sandbox.start_reader_server()  # again: nothing changes
    served = events(p)
    assert rows_of(p) == [(1, ("姓名", "手机")), (2, ("王丽", "13812345678"))]
    monkeypatch.setattr(sandbox, "FORKSERVER", False)  # Windows, a frozen bundle
    assert events(p) == served
    assert sandbox.last_child_peak_mb is None or sandbox.last_child_peak_mb > 10


def test_a_reader_server_that_cannot_start_leaves_reading_to_a_child_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from branchcrm.importers.readers import sandbox

    class Broken:
        def Pipe(self, duplex: bool) -> Any:
            raise OSError("no server")

        def Process(self, **kw: Any) -> Any:
            raise OSError("no server")

    p = small_xlsx(tmp_path / "n.xlsx", [["姓名", "手机"], ["王丽", "13812345678"]])
    monkeypatch.setattr(sandbox, "FORKSERVER", True)
    monkeypatch.setattr(sandbox, "_context", lambda: Broken())
    sandbox.start_reader_server(wait=True)  # no server: nothing raised
    assert rows_of(p) == [(1, ("姓名", "手机")), (2, ("王丽", "13812345678"))]
