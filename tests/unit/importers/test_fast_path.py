"""The fast path (python-calamine in the child, normalization split across two processes,
cached normalizers and pinyin) finds exactly what the plain path finds."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from branchcrm.domain import search_keys
from branchcrm.importers.digest import Digest, FileResult, SheetDone, SheetResult
from branchcrm.importers.namekeys import _name_keys, name_keys
from branchcrm.importers.notebook import read_notebook
from branchcrm.importers.readers.sandbox import fast_engine_available, read_any, read_file
from branchcrm.importers.rows import Problem, RowRecord

sys.path.insert(0, str(Path(__file__).parents[2]))
from notebook_corpus import messy_notebook

REALWORLD = Path(__file__).parents[3] / ".." / "shared" / "realworld"
REAL_XLSX = sorted(p for p in REALWORLD.glob("*.xlsx") if p.is_file())
needs_calamine = pytest.mark.skipif(not fast_engine_available(), reason="no python-calamine")


def outcome(path: Path, engine: str) -> tuple[Any, ...]:
    result, records, problems = read_notebook(path, timeout_s=60, engine=engine)
    return _comparable(result, records, problems)


def _comparable(
    result: FileResult, records: list[RowRecord], problems: list[Problem]
) -> tuple[Any, ...]:
    for rec in records:
        rec.changes = []  # not carried across processes: the import does not report them
        rec.keys = None  # made by the reader child only (see the name keys test below)
    sheets = [
        (s.sheet, s.status, s.rows, s.skipped, s.header_rows, s.columns, s.hidden_columns)
        for s in result.sheets
    ]
    return (result.status, result.error, sheets, records, problems)


def busy_notebook(path: Path, rows: int) -> Path:
    """Several thousand visits with repeats, subtotals, blank numbered rows and a formula."""
    wb = Workbook()
    ws = wb.active
    ws.title = "登记"
    ws.append(["大堂客户登记本"])
    ws.append(
        ["序号", "姓名", "手机", "身份证号码", "来行日期", "金额（万元）", "风险等级", "备注"]
    )
    for i in range(rows):
        if i % 997 == 500:
            ws.append(["合计", None, None, None, None, "=SUM(F3:F9)"])
            continue
        if i % 401 == 7:
            ws.append([i + 1])
            continue
        person = i % (rows // 3)
        ws.append(
            [
                i + 1,
                ["王 丽", "张伟(老客户)", "李娜", "赵敏"][person % 4]
                + "伟芳娜敏静丽强"[person % 7],
                13800000000.0 + person,
                "3306021978050312" + f"{person % 100:02d}" if person % 5 else 3.3e17,
                dt.datetime(2012, 1, 1) + dt.timedelta(days=i % 900),
                ["5", "12.5万元", "约30万", None, 3][i % 5],
                ["C1", "稳健型", "C9", None][i % 4],
                "来行咨询" if i % 3 else None,
            ]
        )
    wb.save(path)
    return path


@needs_calamine
def test_calamine_and_openpyxl_read_the_messy_corpus_alike(tmp_path: Path) -> None:
    path = messy_notebook(tmp_path / "nb.xlsx")
    assert outcome(path, "fast") == outcome(path, "openpyxl")


@needs_calamine
def test_calamine_and_openpyxl_read_a_long_notebook_alike(tmp_path: Path) -> None:
    path = busy_notebook(tmp_path / "long.xlsx", 4_500)
    fast = outcome(path, "fast")
    assert fast == outcome(path, "openpyxl")
    assert fast[2][0][2] > 4_000  # rows


# Real files whose styles openpyxl cannot parse; calamine reads their cells (no table).
OPENPYXL_ONLY_FAILS = {"poi__style-alternate-content.xlsx", "sheetjs__xlsx-stream-d-date-cell.xlsx"}
# A real file where openpyxl drops an inline string (and says so); calamine reads it.
OPENPYXL_DROPS_CELLS = {"calamine__inlineStr_with_value.xlsx"}


@needs_calamine
@pytest.mark.parametrize("path", REAL_XLSX, ids=[p.name for p in REAL_XLSX])
def test_real_xlsx_files_read_alike_with_either_engine(path: Path) -> None:
    fast, plain = outcome(path, "fast"), outcome(path, "openpyxl")
    if path.name in OPENPYXL_ONLY_FAILS:
        assert plain[0] == "error" and fast[0] in ("imported", "no_data")
    elif path.name in OPENPYXL_DROPS_CELLS:
        assert {p.code for p in plain[4]} - {p.code for p in fast[4]} == {"cells_unreadable"}
        assert fast[:3] == plain[:3]
    else:
        assert fast == plain


@needs_calamine
def test_a_file_that_kills_calamine_is_read_again_with_openpyxl(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["姓名", "手机"])
    wb.active.append(["王丽", "13812345678"])
    wb.active["XFD1048576"] = "far away"  # aborts calamine's process
    path = tmp_path / "far.xlsx"
    wb.save(path)
    rows = [e for e in read_file(path, engine="auto", timeout_s=60) if isinstance(e, list)]
    assert rows and rows[0][1] == (2, ("王丽", "13812345678"))
    assert outcome(path, "auto") == outcome(path, "openpyxl")


@pytest.mark.parametrize("handoff", [1, 2])
def test_normalizing_in_two_processes_keeps_rows_in_order_and_counts_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handoff: int
) -> None:
    """The child hands every chunk, or every other one, to the parent; one process alone
    finds the same."""
    from branchcrm.importers import notebook

    monkeypatch.setattr(notebook, "HANDOFF", handoff)
    path = busy_notebook(tmp_path / "long.xlsx", 4_500)
    split = _comparable(*read_notebook(path, timeout_s=60, engine="openpyxl"))
    out: list[object] = []
    digest = Digest(path.name, out.append)
    read_any(path, digest.feed, "openpyxl")
    digest.finish()
    records = [o for o in out if isinstance(o, RowRecord)]
    done = [o for o in out if isinstance(o, SheetDone)]
    sheets: list[SheetResult] = [d.sheet for d in done]
    problems = [p for d in done for p in d.problems]
    result = FileResult(path.name, str(path), sheets=sheets)
    assert split == _comparable(result, records, problems)


CJK = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗单曾解查仇区朴乐长重行伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国银行"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=CJK + " ·abcAB1", min_size=1, max_size=5))
def test_name_search_keys_equal_those_the_orm_hook_writes(name: str) -> None:
    assert _name_keys(name) == (
        search_keys.search_text(name, [], None),
        search_keys.short_keys(name),
    )
    sort_key = getattr(search_keys, "name_sort_key", None)
    assert name_keys(name) == (*_name_keys(name), sort_key(name) if sort_key else None)


@pytest.mark.parametrize("handoff", [0, 1, 2])
def test_every_record_comes_with_its_name_keys_from_the_reader_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, handoff: int
) -> None:
    """Made in the child, also for the chunks the child hands over to be normalized here:
    the importing process needs no pinyin dictionaries."""
    from branchcrm.importers import notebook

    monkeypatch.setattr(notebook, "HANDOFF", handoff)
    for path in (messy_notebook(tmp_path / "nb.xlsx"), busy_notebook(tmp_path / "b.xlsx", 4_500)):
        _result, records, _ = read_notebook(path, timeout_s=60)
        named = [r for r in records if r.name]
        assert len(named) > 5 and all(r.keys == name_keys(r.name) for r in named if r.name)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="0123456789X xX-'０１２３", min_size=15, max_size=20)
    | st.sampled_from(["110105194912310021", "11010519491231002X", "110105491231002"])
)
def test_clean_id_fast_path_gives_what_the_full_path_gives(raw: str) -> None:
    from branchcrm.importers import normalize as nz

    full = nz.normalize_id(" " + raw)  # never on the fast path: the same text once stripped
    got = nz.normalize_id(raw)
    assert got.value == full.value
    if nz._ID_CLEAN.fullmatch(raw):
        assert got == full  # and the same notes and review reasons


def test_the_cycle_collector_is_paused_during_an_import_and_restored() -> None:
    import gc

    from branchcrm.importers.notebook import _gc_paused

    assert gc.isenabled()
    with _gc_paused():
        assert not gc.isenabled()
        with _gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _gc_paused():
            pass
        assert not gc.isenabled()  # a caller's own choice stands
    finally:
        gc.enable()
