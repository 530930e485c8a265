"""The importer's English messages reach people in Chinese (:mod:`branchcrm.gui.import_messages`).

Every problem code the importer and the domain can produce has a Chinese sentence (a scan of
their source: a new code without one fails here); the messages of real imports of messy and
broken notebooks, of the normalizers and of the transcription grid come out in Chinese with
their variable parts kept; the review queue and the import preview show them so.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from branchcrm.gui import i18n, i18n_tool
from branchcrm.gui.import_messages import (
    CODES,
    CTX,
    RULES,
    _field,
    _unquote,
    explain,
    import_message,
    import_messages,
)
from branchcrm.gui.import_preview import COUNT_COLUMNS, SAMPLE_COLUMNS, Analysis, PreviewStep
from branchcrm.gui.review_queue import ReviewQueuePage
from branchcrm.importers import grid
from branchcrm.importers import normalize as nz
from branchcrm.importers.notebook import ImportResult, import_notebooks
from tests.factories import resident_id
from tests.gui.conftest import World
from tests.notebook_corpus import messy_notebook, simple_notebook

SRC = Path(__file__).resolve().parents[2] / "src" / "branchcrm"
CJK = re.compile(r"[\u3400-\u9fff]")
CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
# Names of things a Chinese sentence may keep in Latin letters.
LATIN_OK = {
    *("Excel", "UTF", "GBK", "GB", "CSV", "XML", "DTD", "NUL", "MB", "OpenDocument", "Apple"),
    *("Numbers", "Strict", "Open", "Office", "xlsx", "xls", "xlsb", "defusedxml", "Windows"),
}

# ---------------------------------------------------------------- every code has a sentence

# Calls whose first argument is the code; the others name where theirs is.
FIRST_ARG = {
    "Issue",
    "_review",
    "AmountError",
    "DateError",
    "IdNumberError",
    "PhoneError",
    "ReadError",
    "ValueProblem",
}


def _constants(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _codes_in(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        a = node.args
        out = [c for kw in node.keywords if kw.arg == "code" for c in _constants(kw.value)]
        if name in FIRST_ARG and a:
            out += _constants(a[0])
        elif name == "_person_problem" and len(a) > 1:
            out += _constants(a[1])
        elif name == "Problem" and len(a) >= 8:  # rows.Problem(file, sheet, row, col, ...)
            out += _constants(a[6])
        elif name == "Problem" and len(a) == 6:  # feeds.Problem(file, row, column, raw, ...)
            out += _constants(a[4])
        elif name == "problem" and len(a) == 5:  # feeds' ctx.problem(row, column, raw, ...)
            out += _constants(a[3])
        return out
    if isinstance(node, ast.Dict):  # review item rows written directly
        return [
            c
            for k, v in zip(node.keys, node.values, strict=True)
            if isinstance(k, ast.Constant) and k.value == "code"
            for c in _constants(v)
        ]
    if isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "code" for t in node.targets
    ):
        return _constants(node.value)
    if (
        isinstance(node, ast.Tuple)  # the reader child's ("error", (code, message))
        and len(node.elts) == 2
        and _constants(node.elts[0]) == ["error"]
        and isinstance(node.elts[1], ast.Tuple)
        and node.elts[1].elts
    ):
        return _constants(node.elts[1].elts[0])
    return []


def importer_codes() -> dict[str, set[str]]:
    """Every problem code in importers/ and domain/, with the files that produce it."""
    found: dict[str, set[str]] = {}
    paths = sorted((SRC / "importers").rglob("*.py")) + sorted((SRC / "domain").glob("*.py"))
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for code in _codes_in(node):
                if CODE.match(code):
                    found.setdefault(code, set()).add(path.name)
    return found


def test_every_importer_code_has_a_chinese_sentence() -> None:
    codes = importer_codes()
    # The scan itself still sees each kind of call site.
    for sample in ("id_destroyed", "stored_conflict", "zip_bomb", "memory", "password"):
        assert sample in codes
    assert {"unknown_customer", "customer_conflict", "amount_approximate"} <= set(codes)
    missing = {c: sorted(where) for c, where in codes.items() if c not in CODES}
    assert not missing, f"add a sentence to import_messages.CODES (and a rule): {missing}"
    chinese = i18n_tool.read_ts(i18n.ts_path("zh_CN"))
    for code in codes:
        assert CJK.search(chinese.get((CTX, CODES[code]), "")), f"{code}: no Chinese"


def test_every_rule_has_a_chinese_template_with_the_same_placeholders() -> None:
    chinese = i18n_tool.read_ts(i18n.ts_path("zh_CN"))
    for rule in RULES:
        zh = chinese.get((CTX, rule.template), "")
        assert CJK.search(zh), rule.template
        wanted = set(re.findall(r"%\d", rule.template))
        assert set(re.findall(r"%\d", zh)) == wanted, (rule.template, zh)
        assert len(wanted) == rule.pattern.groups, rule.template
        assert rule.code is None or rule.code in CODES


# ---------------------------------------------------------------- real messages in Chinese


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    installed = i18n.install_translators(qapp, "zh_CN")
    try:
        assert i18n.tr(CTX, "no name") == "没有姓名"
        yield
    finally:
        i18n.remove_translators(qapp, installed)


def assert_chinese(text: str, code: str | None = None) -> str:
    """The message is understood, shown in Chinese, and keeps its variable parts."""
    shown = import_message(text, code)
    found = explain(text, code)
    assert found is not None, f"no rule for {text!r} [{code}]"
    assert CJK.search(shown), (text, shown)
    rest = shown
    if found.prefix is not None:
        assert found.prefix in shown, (text, shown)
        rest = rest.replace(found.prefix, "")
    for i, group in enumerate(found.groups):
        kept = _field(group) if found.rule.kind(i) == "f" else _unquote(group)
        assert kept in shown, f"{kept!r} of {text!r} is lost in {shown!r}"
        rest = rest.replace(kept, "")
    english = set(re.findall(r"[A-Za-z]{2,}", rest)) - LATIN_OK
    assert not english, f"English left in {shown!r} (from {text!r}): {english}"
    return shown


def test_english_ui_shows_the_importers_words(qapp: QApplication) -> None:
    text = "amount is approximate: '约30万' (about 300,000.00 yuan)"
    assert import_message(text, "amount_approximate") == text
    assert import_message("something new", "id_destroyed") == "something new"


def test_catalogue_examples(zh: None) -> None:
    assert (
        import_message("amount is approximate: '约30万' (about 300,000.00 yuan)")
        == "金额是约数：“约30万”（约 300,000.00 元），请核实准确金额"
    )
    assert import_message(
        "stored address '北京市朝阳区' differs from the notebook; not overwritten",
        "stored_conflict",
    ) == ("库中已存的地址为“北京市朝阳区”，与登记本不同；未覆盖")
    assert (
        import_message(
            "mobile differs from row 5 of 2012年 (13800138000); the first value is kept",
            "value_conflict",
        )
        == "手机与「2012年」工作表第 5 行的值（13800138000）不同；保留先出现的值"
    )
    destroyed = import_message(
        "ID destroyed by Excel number format: '3.30602197805031E+17' kept only 15 "
        "significant digits",
        "id_destroyed",
    )
    assert "3.30602197805031E+17" in destroyed and "只剩前 15 位有效数字" in destroyed
    # A known code in a wording not catalogued: the code's sentence; unknown: English.
    assert "15 位有效数字" in import_message("reworded by someone", "id_destroyed")
    assert import_message("something else entirely") == "something else entirely"
    assert import_message("") == ""
    # Prefixes (a sheet before a reader warning, a column before a change) are kept.
    assert import_message("手机: phone was stored as a number").startswith("手机：")
    # A value holding a placeholder is not filled again.
    assert "%2" in import_message("not an amount: '%2'")
    assert import_messages(["no name", "amount missing"]) == "没有姓名；缺少金额"


def _ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    return path


def _zip_bomb(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(["姓名"])
    wb.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/pad.bin", "w") as fh:
        for _ in range(120):
            fh.write(b"\0" * (1 << 20))
    return path


def _hidden_sheet(path: Path) -> Path:
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["汇总"])
    old = wb.create_sheet("2011年")
    old.append(["姓名", "手机", "内部编号"])
    old.append(["周杰", "13512345678", "A1"])
    old.column_dimensions["C"].hidden = True
    old.sheet_state = "hidden"
    empty = wb.create_sheet("空表")
    empty.sheet_state = "hidden"
    wb.save(path)
    return path


def broken_and_odd_files(tmp_path: Path) -> list[Path]:
    (tmp_path / "空文件.xlsx").write_bytes(b"")
    (tmp_path / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "ole.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (tmp_path / "网页.xls").write_bytes(b"<html><body><p>no table</p></body></html>")
    (tmp_path / "nul.csv").write_bytes("姓名,手机\n王丽,13812345678\n".encode() + b"\0\0\0")
    buf = io.BytesIO()
    buf.write(b"\xff\xfe" + "姓名\n".encode("utf-16-le") + b"\x00")
    (tmp_path / "utf16.csv").write_bytes(buf.getvalue())
    return [
        tmp_path / "空文件.xlsx",
        tmp_path / "坏文件.xlsx",
        tmp_path / "ole.xls",
        tmp_path / "网页.xls",
        tmp_path / "nul.csv",
        tmp_path / "utf16.csv",
        _ods(tmp_path / "表格.ods"),
        _zip_bomb(tmp_path / "bomb.xlsx"),
        _hidden_sheet(tmp_path / "隐藏.xlsx"),
        tmp_path / "不存在.xlsx",
    ]


def messages_of(result: ImportResult) -> list[tuple[str, str | None]]:
    """Everything of an import result the wizard shows a person, with its code if any."""
    out: list[tuple[str, str | None]] = [(p.reason, p.code) for p in result.review]
    for f in result.files:
        out += [(f.error, None)] if f.error else []
        out += [(w, None) for w in f.warnings]
        out += [(n, None) for s in f.sheets for n in s.notes]
    return out


def conflicting_notebook(path: Path) -> Path:
    """Rows against the world's stored customers (a changed mobile, another ID number) and
    one ID under two names."""
    return simple_notebook(
        path,
        [
            ["张伟", "13811112222", resident_id(1978, 5, 3, 31), "2013-03-01", "换了手机"],
            ["张伟", "13800138000", resident_id(1979, 1, 2, 11), "2013-03-02", ""],
            ["李娜", "13700137002", resident_id(1979, 6, 7, 12), "2013-03-04", ""],
            ["李四", "13700137003", resident_id(1979, 6, 7, 12), "2013-03-05", ""],
        ],
    )


def test_a_messy_and_broken_import_reads_in_chinese(world: World, tmp_path: Path, zh: None) -> None:
    messy = messy_notebook(tmp_path / "大堂登记本2012.xlsx")
    twin = tmp_path / "副本.xlsx"
    twin.write_bytes(messy.read_bytes())
    paths = [
        messy,
        twin,
        conflicting_notebook(tmp_path / "冲突.xlsx"),
        *broken_and_odd_files(tmp_path),
    ]
    result = import_notebooks(world.db, world.branch.m1, paths, owner_login="m1", dry_run=True)
    messages = messages_of(result)
    codes = {p.code for p in result.review}
    # The run produced the messages this test is about.
    for code in ("id_destroyed", "amount_approximate", "amount_range", "column_hidden"):
        assert code in codes
    wanted = {"stored_conflict", "match_conflict", "name_differs", "sheet_hidden", "phone_masked"}
    assert wanted <= codes, wanted - codes
    errors = " | ".join(f.error or "" for f in result.files)
    for name in ("空文件.xlsx", "坏文件.xlsx", "表格.ods", "bomb.xlsx", "网页.xls", "不存在.xlsx"):
        assert name in errors
    for text, its_code in messages:
        assert_chinese(text, its_code)
    shown = [import_message(t, c) for t, c in messages]
    assert any("填写说明" in s and "没有客户表格" in s for s in shown)
    assert any("大堂登记本2012.xlsx" in s and "内容相同" in s for s in shown)
    assert any("约30万" in s and "约数" in s for s in shown)


def test_already_imported_and_timeout_read_in_chinese(
    world: World, tmp_path: Path, zh: None
) -> None:
    book = simple_notebook(tmp_path / "一本.xlsx", [["赵六", "13812340000", "", "2013-03-01", ""]])
    first = import_notebooks(world.db, world.branch.m1, [book], owner_login="m1")
    again = import_notebooks(world.db, world.branch.m1, [book], owner_login="m1", dry_run=True)
    (warning,) = again.files[0].warnings
    assert str(first.batch_id) in assert_chinese(warning)
    other = tmp_path / "二本.csv"  # a second or more of reading
    other.write_bytes("姓名,手机\n".encode() + "孙七,13812340001\n".encode() * 300_000)
    slow = import_notebooks(
        world.db, world.branch.m1, [other], owner_login="m1", dry_run=True, timeout_s=0.05
    )
    error = slow.files[0].error
    assert error is not None and "秒" in assert_chinese(error, "timeout")


NORMALIZED: list[tuple[Callable[..., nz.Normalized[Any]], Any, dict[str, Any]]] = [
    (nz.normalize_name, "王丽/张伟", {}),
    (nz.normalize_name, "123abc", {}),
    (nz.normalize_name, "(老客户)", {}),
    (nz.normalize_name, "王 丽（VIP）", {}),
    (nz.normalize_date, "13/2/2013", {}),
    (nz.normalize_date, "5/3/2013", {}),
    (nz.normalize_date, "5月3日", {}),
    (nz.normalize_date, "65-11-20", {"birth": True}),
    (nz.normalize_date, "12-11-20", {"birth": True}),
    (nz.normalize_date, "2012-02-30", {}),
    (nz.normalize_date, "10:30", {}),
    (nz.normalize_date, "1850-01-01", {"birth": True}),
    (nz.normalize_date, "2012年5月", {}),
    (nz.normalize_date, 41000, {}),
    (nz.normalize_date, "昨天", {}),
    (nz.normalize_phones, "138****5678", {}),
    (nz.normalize_phones, "88001234", {}),
    (nz.normalize_phones, "13812345678 13900001111", {}),
    (nz.normalize_phones, "电话138a", {}),
    (nz.normalize_phones, "12345", {}),
    (nz.normalize_phones, 1.38123e10, {}),
    (nz.normalize_phones, "1.38123E+10", {}),
    (nz.normalize_phones, 13812345678.0, {}),
    (nz.normalize_id, "12345", {}),
    (nz.normalize_id, 3.30602197805031e17, {}),
    (nz.normalize_id, "G12345678", {}),
    (nz.normalize_id, "330602780503311", {}),
    (nz.normalize_id, resident_id(1978, 5, 3, 31)[:-1] + "0", {}),
    (nz.normalize_id, "330602197813031234", {}),
    (nz.normalize_id, " 3306 0219-7805 0331" + resident_id(1978, 5, 3, 31)[-1].lower(), {}),
    (nz.normalize_amount, "约30万", {}),
    (nz.normalize_amount, "30-50万", {}),
    (nz.normalize_amount, -5, {}),
    (nz.normalize_amount, "-5元", {}),
    (nz.normalize_amount, "很多", {}),
    (nz.normalize_amount, True, {}),
    (nz.normalize_risk, "C9", {}),
    (nz.normalize_text, "长" * 100, {"max_len": 10}),
]


def test_normalizers_messages_read_in_chinese(zh: None) -> None:
    seen: set[str] = set()
    for fn, raw, kw in NORMALIZED:
        if fn is nz.normalize_date or fn is nz.normalize_id:
            kw = {**kw, "today": dt.date(2024, 1, 1)}
        for issue in fn(raw, **kw).issues:
            seen.add(issue.code)
            assert_chinese(issue.reason, issue.code)
    wanted = {
        "name_multiple",
        "name_suspect",
        "name_missing",
        "date_ambiguous",
        "date_no_year",
        "date_invalid",
        "phone_masked",
        "phone_no_area_code",
        "phone_multiple",
        "id_destroyed",
        "id_bad_check",
        "id_other_document",
        "amount_approximate",
        "amount_range",
        "amount_negative",
        "risk_unknown",
        "text_too_long",
    }
    assert wanted <= seen, wanted - seen


def test_grid_problems_and_changes_read_in_chinese(zh: None) -> None:
    rows: list[list[Any]] = [
        ["赵敏", "138****5678", resident_id(1980, 2, 3, 11), "1981-02-03", "2012-3-15", "", "5万"],
        ["钱多多", "13812345678 / 13987654321", "", "5月3日", "", "", "30-50万"],
        ["孙丽", "13700001234", "3.30602197805031E+17", "", "2013年4月2日", "", ""],
        ["", "13600001234", "", "", "", "", ""],
        ["王 丽", 13812345678, "", "", "12-3-4", "", "约30万"],
    ]
    n = 0
    for i, values in enumerate(rows):
        check = grid.check_row(i, values, today=dt.date(2024, 1, 1))
        for p in check.problems:
            assert_chinese(p.reason, p.code)
            n += 1
        for change in check.changes:
            assert_chinese(change)
            n += 1
    assert n >= 8


FEED_MESSAGES = [
    ("customer number and ID number belong to different customers", "customer_conflict"),
    ("no customer number or ID", "customer_missing"),
    ("no customer with this number or ID (3 row(s) not imported)", "unknown_customer"),
    ("unknown debit/credit flag: 'X'", "direction_invalid"),
    ("unknown asset category '外汇'", "category_unknown"),
    ("unknown product code 'P001'", "product_unknown"),
    ("unknown holding status: '冻结'", "status_invalid"),
    ("not a risk level (C1-C5): 'C9'", "risk_invalid"),
    ("ID number stored as a number: its last digits are lost; export it as text", None),
    ("not a calendar date: '2024-02-30'", "date_invalid"),
    ("not a time of day: '25:00'", "time_invalid"),
    ("amount missing", "amount_missing"),
    ("date missing", "date_missing"),
    ("period missing", "period_missing"),
]


@pytest.mark.parametrize(("text", "code"), FEED_MESSAGES)
def test_feed_review_items_read_in_chinese(text: str, code: str | None, zh: None) -> None:
    assert_chinese(text, code)


# ---------------------------------------------------------------- the screens


def test_review_queue_shows_chinese_reasons(world: World, qtbot: QtBot, zh: None) -> None:
    rows = [
        ["孙丽", "13700001234", "3.30602197805031E+17", "", "2013年4月2日", "", "约30万", ""],
        ["钱多多", "13812345678 / 13987654321", "", "5月3日", "", "", "30-50万", ""],
    ]
    result = grid.save_grid(world.db, world.branch.m1, rows, owner_login="m1", title="登记本")
    page = ReviewQueuePage(world.gateway(world.branch.m1), result.batch_id)
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    page.refresh()
    assert page.model.rows
    for i, r in enumerate(page.model.rows):
        shown = page.model.index(i, 6).data()
        assert shown == import_message(r.reason, r.code) and CJK.search(shown)
        tip = page.model.index(i, 6).data(Qt.ItemDataRole.ToolTipRole)
        assert r.reason in tip and r.code in tip  # the importer's own words stay at hand
    row = next(i for i, r in enumerate(page.model.rows) if r.code == "id_destroyed")
    page.table.selectRow(row)
    assert "只剩前 15 位有效数字" in page.reason.text()
    assert "3.30602197805031E+17" in page.reason.text()
    assert "ID destroyed" in page.reason.toolTip()
    # Rows saved from the transcription grid name its columns as they are shown there.
    assert page.model.index(row, 3).data() == "证件号码"
    assert "证件号码" in page.where.text()


def test_preview_shows_chinese_errors_notes_and_problems(
    world: World, qtbot: QtBot, tmp_path: Path, zh: None
) -> None:
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    paths = [messy_notebook(tmp_path / "大堂登记本2012.xlsx"), broken]
    result, samples = grid.preview(world.db, world.branch.m1, paths, "m1")
    step = PreviewStep()
    qtbot.addWidget(step)
    step.set_analysis(Analysis(result, samples))
    status = [c.title for c in COUNT_COLUMNS].index("Status")
    row = next(i for i, r in enumerate(step.counts.rows) if r.file == "坏文件.xlsx")
    error = step.counts.index(row, status).data()
    assert error.startswith("压缩包已损坏") and "damaged" not in error  # the file is in its column
    problems = len(SAMPLE_COLUMNS) - 1
    shown = [step.samples.index(i, problems).data() for i in range(step.samples.rowCount())]
    with_problems = [s for s in shown if s]
    assert with_problems and all(CJK.search(s) for s in with_problems)
    assert any("约30万" in s and "约数" in s for s in with_problems)
    assert not any(re.search(r"\b(?:not|amount|phone|ID)\b", s) for s in with_problems)


def test_the_review_workbook_saved_from_the_wizard_reads_in_chinese(
    world: World, tmp_path: Path, zh: None
) -> None:
    """The workbook a clerk corrects: Chinese headers, fields and reasons; the raw values
    and stable codes as they are (the command line's --report keeps the English)."""
    from openpyxl import load_workbook

    from branchcrm.gui.import_wizard import write_workbook
    from branchcrm.tasks import TaskState

    rows = [["孙丽", "13700001234", "3.30602197805031E+17", "", "2013年4月2日", "", "约30万", ""]]
    result = grid.save_grid(world.db, world.branch.m1, rows, owner_login="m1", title="登记本")
    items = [p.as_json() for p in result.review]
    out = tmp_path / "review.xlsx"
    assert write_workbook(out, items, state=TaskState()) == len(items) > 0
    ws = load_workbook(out).active
    assert ws is not None
    assert [c.value for c in ws[1]] == [
        "文件",
        "工作表",
        "行号",
        "列",
        "字段",
        "原始值",
        "代码",
        "原因",
    ]
    written = list(ws.iter_rows(min_row=2, values_only=True))
    assert {r[6] for r in written} == {i["code"] for i in items}
    assert "3.30602197805031E+17" in {r[5] for r in written}
    assert all(CJK.search(str(r[7])) and CJK.search(str(r[4])) for r in written)
