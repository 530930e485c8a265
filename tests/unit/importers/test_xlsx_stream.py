"""The streaming .xlsx reader sends what the calamine reader sends, for every real and
generated workbook, while holding no sheet in memory; where the two differ on purpose the
difference is spelled out here."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from branchcrm.importers.readers import xlsx_stream
from branchcrm.importers.readers.base import CutText, FileInfo, ReadError, SheetEnd, SheetInfo
from branchcrm.importers.readers.sandbox import (
    _read_in_child,
    fast_engine_available,
    read_any,
    read_file,
)
from branchcrm.importers.readers.xlsx_stream import (
    DATETIME,
    OTHER,
    TIMEDELTA,
    number_format_kind,
    read_xlsx_stream,
)

sys.path.insert(0, str(Path(__file__).parents[2]))
from notebook_corpus import messy_notebook, simple_notebook

REALWORLD = Path(__file__).parents[3] / ".." / "shared" / "realworld"
REAL_XLSX = sorted(p for p in [*REALWORLD.glob("*.xlsx"), *REALWORLD.glob("*.xlsm")] if p.is_file())
needs_calamine = pytest.mark.skipif(not fast_engine_available(), reason="no python-calamine")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"

# ---------------------------------------------------------------- helpers


def outcome(path: Path, engine: str) -> tuple[Any, ...]:
    """("ok", events with the rows one by one) or ("error", code), as the child reports it."""
    try:
        events = list(_read_in_child(path, 60, 1536, 2000, engine, None))
    except ReadError as exc:
        return ("error", exc.code)
    return ("ok", flat(events))


def flat(events: list[object]) -> list[object]:
    out: list[object] = []
    for e in events:
        if isinstance(e, list):
            out.extend(e)
        else:
            out.append(e)
    return out


def stream(path: Path) -> list[object]:
    out: list[object] = []
    read_xlsx_stream(path, out.append)
    return out


def tree_only(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The events with the regular-expression fast path switched off."""

    def slow(self: Any, zf: Any, member: str) -> None:
        raise xlsx_stream._Slow

    with monkeypatch.context() as m:
        m.setattr(xlsx_stream._Sheet, "fast", slow)
        return stream(path)


def rows(events: list[object]) -> list[object]:
    return [e for e in events if isinstance(e, tuple)]


def with_parts(path: Path, parts: dict[str, bytes | str]) -> Path:
    """Replace (or add) parts of a workbook, to make files openpyxl would never write."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info.filename, src.read(info.filename))
        for name, data in parts.items():
            dst.writestr(name, data.encode() if isinstance(data, str) else data)
    path.write_bytes(buf.getvalue())
    return path


def sheet_file(
    path: Path, sheet_data: str, *, after: str = "", before: str = "", sst: str | None = None
) -> Path:
    """A one-sheet workbook whose sheet XML holds the given rows (and shared strings)."""
    wb = Workbook()
    wb.active["A1"] = 1
    wb.save(path)
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"'
        f' xmlns:x14ac="{X14AC}">'
        f"{before}<sheetData>{sheet_data}</sheetData>{after}</worksheet>"
    )
    parts: dict[str, bytes | str] = {"xl/worksheets/sheet1.xml": sheet}
    if sst is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{sst}</sst>'
    return with_parts(path, parts)


def busy_notebook(path: Path, n: int) -> Path:
    """Many visits: dates, floats, long text, blanks, merged names and a formula."""
    wb = Workbook()
    ws = wb.active
    ws.title = "登记"
    ws.append(["大堂客户登记本"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "姓名", "手机", "来行日期", "金额", "备注"])
    for i in range(n):
        ws.append(
            [
                i + 1,
                ["王 丽", "张伟", None, "李娜"][i % 4],
                13800000000.0 + i,
                dt.datetime(2012, 1, 1) + dt.timedelta(days=i % 900, hours=i % 3),
                [5, 12.5, "约30万", None, 3e17][i % 5],
                "来行咨询 & <理财>" if i % 3 else None,
            ]
        )
        if i % 50 == 7:
            ws.merge_cells(f"B{i + 3}:B{i + 4}")
    ws.append(["合计", None, None, None, "=SUM(E3:E9)"])
    ws.cell(row=n + 10, column=3, value="after a gap")
    wb.save(path)
    return path


def corpus(tmp: Path) -> list[Path]:
    """The generated notebooks the other reader tests use, and a long one."""
    return [
        messy_notebook(tmp / "messy.xlsx"),
        simple_notebook(tmp / "simple.xlsx", [["王丽", "13812345678", "x", "2012-1-1", "y"]]),
        busy_notebook(tmp / "busy.xlsx", 3_000),
    ]


# ---------------------------------------------------------------- differential


# Where the streaming reader and the calamine reader differ on purpose:
# calamine cannot parse these relationships; the streaming reader reads the file as the
# openpyxl reader does (the sandbox fell back to it for calamine).
READ_LIKE_OPENPYXL = {"poi__xlsx-corrupted.xlsx"}
# calamine stops at an entity it does not know ("corrupt", and the sandbox then tries
# openpyxl, which refuses too); the streaming reader refuses any DTD at once, as unsafe.
REFUSED_AS_UNSAFE = {"poi__poc-xmlbomb.xlsx"}


@needs_calamine
@pytest.mark.parametrize("path", REAL_XLSX, ids=[p.name for p in REAL_XLSX])
def test_real_workbooks_read_as_calamine_reads_them(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = outcome(path, "stream")
    if path.name in REFUSED_AS_UNSAFE:
        assert got == ("error", "unsafe") and outcome(path, "fast") == ("error", "corrupt")
        return
    if path.name in READ_LIKE_OPENPYXL:
        assert outcome(path, "fast") == ("error", "corrupt")
        assert got == outcome(path, "openpyxl") and got[0] == "ok"
    else:
        assert got == outcome(path, "fast")
    if got[0] == "ok":  # and the tree path alone reads the same
        assert tree_only(path, monkeypatch) == got[1]


@needs_calamine
def test_generated_notebooks_read_as_calamine_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in corpus(tmp_path):
        got = outcome(path, "stream")
        assert got[0] == "ok" and got == outcome(path, "fast"), path.name
        assert tree_only(path, monkeypatch) == got[1], path.name
    busy = rows(outcome(tmp_path / "busy.xlsx", "stream")[1])
    assert len(busy) > 3_000 and busy[-1] == (3_010, (None, None, "after a gap"))
    long_note = rows(outcome(tmp_path / "messy.xlsx", "stream")[1])[-1][1][4]
    assert isinstance(long_note, CutText) and len(long_note) == 32_767


@needs_calamine
def test_odd_cells_read_as_calamine_reads_them(tmp_path: Path) -> None:
    """Types, white space, entities and escapes, cells without a reference, a formula
    string, errors (no value, as calamine), ISO dates in t="d" cells."""
    path = sheet_file(
        tmp_path / "odd.xlsx",
        '<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c><c r="B1" t="b"><v>1</v></c>'
        '<c r="C1" t="b"><v>false</v></c><c r="D1" t="str"><f>A1</f><v> s_x000D_ </v></c>'
        '<c r="E1"><v>123456789012345678</v></c><c r="F1"><v>1E3</v></c>'
        '<c r="G1"><v>-3</v></c><c r="H1"><v>0.1</v></c><c r="I1" t="s"><v>2</v></c></row>'
        '<row r="3" spans="1:9"><c r="A3" t="inlineStr"><is><t> a &amp; b </t></is></c>'
        '<c r="B3" t="inlineStr"><is><t xml:space="preserve"> kept </t></is></c>'
        '<c t="inlineStr"><is><r><t>ri</t></r><r><rPr><b/></rPr><t>ch</t></r></is></c>'
        '<c r="E3" t="d"><v>2014-02-14T08:27:48.765</v></c><c r="F3" t="d"><v>12:30:00</v></c>'
        '<c r="G3" t="d"><v>2014-02-14</v></c><c r="H3" t="d"><v>2014-02-14T08:27:48Z</v></c>'
        '<c r="I3" t="inlineStr"><v>only v</v></c><c r="J3" s="0"/><c r="K3"><v></v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>0</v></c><c r="B4" t="s"><v>1</v></c>'
        '<c r="C4" t="s"><v>3</v></c><c r="D4" t="s"><v>4</v></c></row>',
        sst="<si><t> p </t></si><si><t>漢字</t><rPh sb='0' eb='2'><t>かんじ</t></rPh></si>"
        '<si><r><t>A</t></r><r><t xml:space="preserve"> B </t></r><rPh><t>x</t></rPh></si>'
        "<si><t/></si><si><t>line&#13;&#10;_x0009_tab</t></si>",
    )
    got = outcome(path, "stream")
    assert got == outcome(path, "fast")
    assert rows(got[1]) == [
        (1, (None, True, False, " s\r ", 1.2345678901234568e17, 1000, -3, 0.1, "A B ")),
        (
            3,
            (
                "a & b",
                " kept ",
                "rich",
                None,
                dt.datetime(2014, 2, 14, 8, 27, 48, 765000),
                dt.time(12, 30),
                dt.datetime(2014, 2, 14),
                "2014-02-14T08:27:48Z",
            ),
        ),
        (4, ("p", "漢字", None, "line\r\n\ttab")),
    ]


# ---------------------------------------------------------------- targeted


def test_merged_cells_are_filled_from_the_end_of_the_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for r in [["姓名", "日期", None], ["王丽", "2012-1-1"], [None, "2012-2-1"], [None, None]]:
        ws.append(r)
    ws.merge_cells("A2:A4")
    ws.merge_cells("B1:C1")
    wb.save(tmp_path / "m.xlsx")
    assert rows(stream(tmp_path / "m.xlsx")) == [
        (1, ("姓名", "日期", "日期")),
        (2, ("王丽", "2012-1-1")),
        (3, ("王丽", "2012-2-1")),
    ]


@pytest.mark.parametrize("epoch", [None, CALENDAR_MAC_1904], ids=["1900", "1904"])
def test_dates_come_from_the_cell_style_in_either_date_system(
    tmp_path: Path, epoch: dt.datetime | None
) -> None:
    wb = Workbook()
    if epoch:
        wb.epoch = epoch
    ws = wb.active
    values = [
        (dt.datetime(2012, 3, 15), "yyyy-mm-dd"),
        (dt.datetime(2012, 3, 15, 18, 30), "yyyy-mm-dd hh:mm"),
        (dt.time(12, 0), "h:mm"),
        (dt.timedelta(hours=36), "[h]:mm:ss"),
        (45000, '0.00" 日"'),
        (45000, 'yyyy"年"m"月"d"日"'),
        (0.5, "0%"),
    ]
    for i, (value, fmt) in enumerate(values, start=1):
        ws.cell(row=1, column=i, value=value).number_format = fmt
    wb.save(tmp_path / "d.xlsx")
    assert rows(stream(tmp_path / "d.xlsx")) == [
        (
            1,
            (
                dt.datetime(2012, 3, 15),
                dt.datetime(2012, 3, 15, 18, 30),
                dt.time(12, 0),
                dt.timedelta(hours=36),
                45000,
                # serial 45000 is a day of 2023, or 1,462 days later in the 1904 system
                dt.datetime(2027, 3, 16) if epoch else dt.datetime(2023, 3, 15),
                0.5,
            ),
        )
    ]


@needs_calamine
def test_date_conversion_matches_calamine_across_the_range(tmp_path: Path) -> None:
    """Excel's phantom 29 February 1900, times below one day, negative and fractional
    serials, past the year 9999 (a number again), durations; both date systems."""
    values = [0, 0.5, 1, 1.5, 59, 59.5, 60, 60.5, 61, -0.5, -1, -1461.5, 0.99999999]
    values += [2958465.9999, 2958466, 45000.0000057870370, 1e7, -1e7, 123.456789]
    for epoch in (None, CALENDAR_MAC_1904):
        wb = Workbook()
        if epoch:
            wb.epoch = epoch
        for col, fmt in enumerate(["yyyy-mm-dd h:mm:ss", "[h]:mm:ss", "mm:ss"], start=1):
            for row, v in enumerate(values, start=1):
                wb.active.cell(row=row, column=col, value=v).number_format = fmt
        path = tmp_path / f"range{1904 if epoch else 1900}.xlsx"
        wb.save(path)
        assert outcome(path, "stream") == outcome(path, "fast")


def test_number_format_kinds_follow_calamine() -> None:
    assert number_format_kind("yyyy/m/d") == DATETIME
    assert number_format_kind('yyyy"年"m"月"d"日"') == DATETIME
    assert number_format_kind("[h]:mm:ss") == TIMEDELTA
    assert number_format_kind("[Red][h]:mm") == TIMEDELTA
    assert number_format_kind("h:mm AM/PM") == DATETIME
    assert number_format_kind('0.00" 万元"') == OTHER  # quoted text is no date
    assert number_format_kind("#,##0_);[Red](#,##0)") == OTHER
    assert number_format_kind("0;yyyy") == OTHER  # the first section only
    assert number_format_kind("#,##0*y") == OTHER  # a fill character is a literal
    assert number_format_kind("[$-804]General") == OTHER


def test_hidden_sheets_and_columns_are_flagged_and_chartsheets_skipped(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "内部编号", "手机"])
    wb.active.column_dimensions["B"].hidden = True
    wb.create_chartsheet("图")
    wb.create_sheet("old").sheet_state = "hidden"
    wb.save(tmp_path / "h.xlsx")
    infos = [e for e in stream(tmp_path / "h.xlsx") if isinstance(e, SheetInfo)]
    assert [(i.name, i.index, i.hidden, i.hidden_columns) for i in infos] == [
        ("Sheet", 0, False, frozenset({1})),
        ("old", 1, True, frozenset()),
    ]


def test_formulas_without_a_saved_value_are_reported_at_the_sheet_end(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "金额"])
    wb.active.append(["王丽", "=1+1"])
    wb.active.append(["张伟", 5, "=B3*2"])
    wb.save(tmp_path / "f.xlsx")
    events = stream(tmp_path / "f.xlsx")
    assert rows(events) == [(1, ("姓名", "金额")), (2, ("王丽",)), (3, ("张伟", 5))]
    ends = [e for e in events if isinstance(e, SheetEnd)]
    assert ends[0].rows == 3 and ends[0].formula_cells_without_value == [(2, 2), (3, 3)]


@pytest.mark.parametrize(
    ("part", "text"),
    [
        ("xl/worksheets/sheet1.xml", "<!DOCTYPE worksheet>"),
        ("xl/worksheets/sheet1.xml", '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'),
        ("xl/sharedStrings.xml", '<!DOCTYPE sst [<!ENTITY a "x"><!ENTITY b "&a;&a;">]>'),
    ],
)
def test_a_part_declaring_a_dtd_is_refused_as_unsafe(tmp_path: Path, part: str, text: str) -> None:
    path = sheet_file(tmp_path / "bomb.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    sst = f'<?xml version="1.0"?>{text if "shared" in part else ""}<sst xmlns="{MAIN}">'
    sst += "<si><t>x</t></si></sst>"
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    if "sheet1" in part:
        head, _, rest = sheet.partition("\n")
        sheet = head + text + rest
    with_parts(path, {"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": sst})
    with pytest.raises(ReadError) as err:
        stream(path)
    assert err.value.code == "unsafe" and "bomb.xlsx" in str(err.value)
    with pytest.raises(ReadError) as err:  # and the sandbox tries no other parser on it
        list(read_file(path, timeout_s=60))
    assert err.value.code == "unsafe"


def test_xml_broken_half_way_is_an_error_after_rows_went_out(tmp_path: Path) -> None:
    """The rows before the break were sent: the receiver must drop them (read_notebook
    does), so the file as a whole fails with one line naming it."""
    from branchcrm.importers.notebook import read_notebook

    path = busy_notebook(tmp_path / "cut.xlsx", 3_000)
    with zipfile.ZipFile(path) as zf:
        data = zf.read("xl/worksheets/sheet1.xml")
    with_parts(path, {"xl/worksheets/sheet1.xml": data[: len(data) * 2 // 3]})
    sent: list[object] = []
    with pytest.raises(ReadError) as err:
        read_xlsx_stream(path, sent.append)
    assert err.value.code == "corrupt" and str(err.value).startswith("cut.xlsx")
    assert len(rows(sent)) > 1_000
    result, records, problems = read_notebook(path, timeout_s=60)
    assert result.status == "error" and records == [] and problems == []
    assert result.error and result.error.startswith("cut.xlsx") and "\n" not in result.error


@pytest.mark.parametrize(
    "damage",
    [
        b'<c r="B5"><v>1</v></c><c',  # a tag left open
        b"</row></sheetData></worksheet>\x01",  # a control character
        b'<c r="B5"><v>1&nbsp;</v></c>',  # an entity XML does not know
        b"</c></c>",  # a tag closed twice
    ],
)
def test_malformed_rows_are_errors_whichever_path_meets_them(tmp_path: Path, damage: bytes) -> None:
    good = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 5))
    path = sheet_file(tmp_path / "bad.xlsx", good + "<row r='5'>" + damage.decode() + "</row>")
    with pytest.raises(ReadError) as err:
        stream(path)
    assert err.value.code == "corrupt"


def test_namespace_prefixes_read_alike_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sheet_file(tmp_path / "x.xlsx", "")
    sheet = (
        f'\ufeff<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="{MAIN}">'
        '<x:cols><x:col min="2" max="2" hidden="1"/></x:cols><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c>'
        '<x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2"><x:v>7</x:v></x:c><x:c r="C2" t="str"><x:f>1</x:f>'
        "<x:v>s</x:v></x:c></x:row></x:sheetData>"
        '<x:mergeCells count="1"><x:mergeCell ref="A1:A2"/></x:mergeCells></x:worksheet>'
    )
    sst = f'<x:sst xmlns:x="{MAIN}"><x:si><x:t>编号</x:t></x:si></x:sst>'
    with_parts(path, {"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": sst})
    events = stream(path)
    assert rows(events) == [(1, ("姓名", "编号")), (2, (7, None, "s"))]
    assert [e.hidden_columns for e in events if isinstance(e, SheetInfo)] == [frozenset({1})]
    assert tree_only(path, monkeypatch) == events


def test_the_tree_path_takes_over_where_the_fast_path_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row the regular expressions do not take (a comment, attributes in another order,
    single quotes) hands the rest of the sheet to ElementTree, without a row lost or sent
    twice."""
    body = "".join(f'<row r="{i}"><c r="A{i}" t="n"><v>{i}</v></c></row>' for i in range(1, 300))
    odd = (
        '<row r=\'300\'><c s="0" r="A300"><v>300</v></c><!-- a note --></row>'
        '<row r="301"><c r="A301"><v>301</v></c></row>'
    )
    path = sheet_file(tmp_path / "mix.xlsx", body + odd)
    events = stream(path)
    assert rows(events) == [(i, (i,)) for i in range(1, 302)]
    assert tree_only(path, monkeypatch) == events


@needs_calamine
def test_a_used_range_claiming_a_million_rows_reads_only_the_real_ones(tmp_path: Path) -> None:
    cells = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in (1, 2, 900_000))
    path = sheet_file(tmp_path / "wide.xlsx", cells, before='<dimension ref="A1:XFD1048576"/>')
    got = outcome(path, "stream")
    assert got == outcome(path, "fast")
    assert rows(got[1]) == [(1, (1,)), (2, (2,)), (900_000, (900_000,))]


def test_a_cell_at_xfd1048576_is_read_as_openpyxl_reads_it(tmp_path: Path) -> None:
    """calamine aborts its process on this file; the streaming reader reads it at once."""
    wb = Workbook()
    wb.active.append(["姓名", "手机"])
    wb.active["XFD1048576"] = "far away"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    got = outcome(path, "stream")
    assert got == outcome(path, "openpyxl")
    last = rows(got[1])[-1]
    assert isinstance(last, tuple) and last[0] == 1_048_576 and len(last[1]) == 16_384


def test_rows_reach_the_receiver_before_the_sheet_is_parsed(tmp_path: Path) -> None:
    """The first row is sent while most of the sheet XML is still unread."""
    path = busy_notebook(tmp_path / "b.xlsx", 3_000)
    opened: list[int] = []
    real = xlsx_stream._pieces

    def counting(*args: Any, **kw: Any) -> Any:
        for chunk in real(*args, **kw):
            opened.append(len(chunk))
            yield chunk

    first_seen: list[int] = []

    def emit(event: object) -> None:
        if isinstance(event, tuple) and not first_seen:
            first_seen.append(sum(opened))

    with pytest.MonkeyPatch.context() as m:
        m.setattr(xlsx_stream, "_pieces", counting)
        read_xlsx_stream(path, emit)
    with zipfile.ZipFile(path) as zf:
        size = zf.getinfo("xl/worksheets/sheet1.xml").file_size
    # the raw pass read the sheet once; the rows began after a piece of the second pass
    assert first_seen and first_seen[0] < size + 4 * xlsx_stream.PIECE


def test_the_sandbox_reads_xlsx_with_the_streaming_reader_and_falls_back_to_openpyxl(
    tmp_path: Path,
) -> None:
    # openpyxl keeps white space that calamine and the streaming reader trim
    path = sheet_file(
        tmp_path / "ws.xlsx", '<row r="1"><c r="A1" t="inlineStr"><is><t> 姓名 </t></is></c></row>'
    )
    assert flat(list(read_file(path, timeout_s=60)))[2] == (1, ("姓名",))
    # row 0 stops the streaming reader before any row went out: openpyxl reads the file
    path = sheet_file(
        tmp_path / "zero.xlsx",
        '<row r="0"><c r="A0" t="inlineStr"><is><t>a</t></is></c></row>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>b</t></is></c></row>',
    )
    with pytest.raises(ReadError):
        stream(path)
    events = flat(list(read_file(path, timeout_s=60)))
    assert events == flat(list(_read_in_child(path, 60, 1536, 2000, "openpyxl", None)))
    assert sum(isinstance(e, FileInfo) for e in events) == 1
    assert sum(isinstance(e, SheetInfo) for e in events) == 1


def test_read_any_knows_the_engines(tmp_path: Path) -> None:
    path = simple_notebook(tmp_path / "n.xlsx", [["王丽", "13812345678"]])
    seen: dict[str, list[object]] = {}
    for engine in ("stream", "openpyxl"):
        seen[engine] = []
        read_any(path, seen[engine].append, engine)
    assert rows(seen["stream"]) == rows(seen["openpyxl"])


def test_the_fast_path_reads_what_spreadsheet_programs_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attributes in any order (LibreOffice puts r last, Numbers t before s, WPS vm before
    t), a preserved <v>, an extension list declaring namespaces after <sheetData>: no row
    needs the tree path."""
    path = sheet_file(
        tmp_path / "apps.xlsx",
        '<row collapsed="false" ht="12.1" r="1"><c r="A1" t="s" s="0"><v>0</v></c>'
        '<c vm="1" r="B1" t="e"><f>_xlfn.X(A1,&quot;F&quot;)</f><v>#VALUE!</v></c>'
        '<c r="C1" t="str"><f>REPT("a ",2)</f><v xml:space="preserve">a a </v></c></row>'
        '<row r="2" spans="1:3" x14ac:dyDescent="0.25"><c r="A2" s="0"><v>1.5</v></c>'
        '<c r="B2" s="0" t="n"><v>2</v></c><c r="C2" s="0"/></row>',
        after=(
            '<extLst><ext uri="{X}" xmlns:x14="http://schemas.microsoft.com/office/'
            'spreadsheetml/2009/9/main"><x14:conditionalFormattings/></ext></extLst>'
        ),
        sst="<si><t>姓名</t></si>",
    )

    def no_tree(self: Any, zf: Any, member: str) -> None:
        raise AssertionError("the tree path was needed")

    fast = None
    with monkeypatch.context() as m:
        m.setattr(xlsx_stream._Sheet, "tree", no_tree)
        fast = stream(path)
    assert rows(fast) == [(1, ("姓名", None, "a a ")), (2, (1.5, 2))]
    assert tree_only(path, monkeypatch) == fast
    # a prefix nobody declared is malformed XML: left to the tree path, which refuses it
    sheet_file(path, '<row r="1" y:z="1"><c r="A1"><v>1</v></c></row>')
    with pytest.raises(ReadError) as err:
        stream(path)
    assert err.value.code == "corrupt"
