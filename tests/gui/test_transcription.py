"""The transcription grid: typing, pasting from Excel, live checks and duplicates, saving."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QShortcut
from PySide6.QtWidgets import QAbstractItemDelegate, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from branchcrm.db import models as m
from branchcrm.gui.transcription import (
    DUPES,
    RESULT,
    TranscriptionModel,
    TranscriptionPage,
    parse_block,
)
from branchcrm.importers.review import list_open
from branchcrm.tasks import TaskRunner
from tests.factories import resident_id
from tests.gui.conftest import World, type_text

SHOTS = os.environ.get("BRANCHCRM_SHOTS")
ID_ZHANG = resident_id(1978, 5, 3, 31)  # 张伟 of the world fixture

BLOCK = (
    f"张伟\t13800138000\t{ID_ZHANG}\t1978.5.3\t2012/3/15 上午\t定期\t5万\t老客户\r\n"
    "王 丽\t138 1234 5678\t\t5月3日\t2012-04-01\t理财\t¥120,000.00\t\r\n"
    "赵敏\t138****5678\t3.30602197805031E+17\t\t2012年5月2日\t\t30-50万\t\r\n"
    '王芳\t13900139001\t\t\t\t\t\t"两行\n备注"\r\n'
    "王丽\t13812345678\t\t\t2012-06-01\t\t\t又来了\r\n"
)


def make_page(world: World, qtbot: QtBot, runner: TaskRunner, who: str = "m1") -> TranscriptionPage:
    page = TranscriptionPage(world.gateway(getattr(world.branch, who)), runner)
    qtbot.addWidget(page)
    page.resize(1200, 560)
    page.show()
    return page


def test_parse_block() -> None:
    assert parse_block("") == []
    assert parse_block("a\tb\r\nc\t\n") == [["a", "b"], ["c", ""]]
    assert parse_block('x\t"1\n2"\n') == [["x", "1\n2"]]


def test_model_passes_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = TranscriptionModel(rows=3)
    qtmodeltester.check(model, force_py=True)
    model.set_cells(0, 0, parse_block(BLOCK))
    qtmodeltester.check(model, force_py=True)
    empty = TranscriptionModel(rows=0)
    qtmodeltester.check(empty, force_py=True)


def test_paste_fills_rows_and_checks_live(world: World, qtbot: QtBot, runner: TaskRunner) -> None:
    page = make_page(world, qtbot, runner)
    QGuiApplication.clipboard().setText(BLOCK)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    model = page.model
    assert [model.index(i, 0).data() for i in range(5)] == ["张伟", "王 丽", "赵敏", "王芳", "王丽"]
    assert model.index(3, 7).data() == "两行\n备注"
    ok = model.index(1, RESULT)
    assert "13812345678" in ok.data() and "¥120,000.00" in ok.data()
    assert model.index(1, RESULT).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#e3f4e1"
    bad_phone = model.index(2, 1)
    assert bad_phone.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "masked" in bad_phone.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "2 need review" in page.summary.text() or "1 need review" in page.summary.text()
    # Live duplicates, masked; and the repeated 王丽 is merged with row 2.
    qtbot.waitUntil(lambda: 0 in model.dupes, timeout=3000)
    assert "138****8000" in model.index(0, DUPES).data()
    assert "13800138000" not in (model.index(0, DUPES).data(Qt.ItemDataRole.ToolTipRole) or "")
    assert "will be matched" in model.index(0, DUPES).data(Qt.ItemDataRole.ToolTipRole)
    assert "row 2" in model.index(4, DUPES).data()
    assert model.rowCount() >= 20
    if SHOTS:
        page.grab().save(str(Path(SHOTS) / "transcription.png"))


def test_typing_a_cell_and_delete(world: World, qtbot: QtBot, runner: TaskRunner) -> None:
    page = make_page(world, qtbot, runner)
    view = page.view
    view.setCurrentIndex(page.model.index(0, 1))
    qtbot.keyClick(view, "1")  # any key starts editing, like a spreadsheet
    editor = view.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "3812345678")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # commits through a queued call
    qtbot.waitUntil(lambda: page.model.index(0, 1).data() == "13812345678", timeout=2000)
    view.edit(page.model.index(0, 0))
    editor = [e for e in view.findChildren(QLineEdit) if e.isVisible()][-1]
    type_text(editor, "李雷")
    view.commitData(editor)
    view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    assert page.model.index(0, 0).data() == "李雷"
    assert page.model.checks[0].ok
    view.setCurrentIndex(page.model.index(0, 0))
    view.selectionModel().select(
        page.model.index(0, 0), view.selectionModel().SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert page.model.index(0, 0).data() == "" and not page.model.checks[0].ok


def test_save_imports_one_batch_for_the_manager(
    world: World, qtbot: QtBot, runner: TaskRunner
) -> None:
    page = make_page(world, qtbot, runner)
    page.model.set_cells(0, 0, parse_block(BLOCK))
    type_text(page.title_edit, "大堂登记本2012")
    with world.db.session() as s:
        before = s.scalar(select(func.count()).select_from(m.Customer))
    shortcuts = [sc.key().toString() for sc in page.findChildren(QShortcut)]
    assert "Ctrl+S" in shortcuts
    with qtbot.waitSignal(page.saved, timeout=30000) as sig:
        page.save()
    result = sig.args[0]
    assert result.batch_id and result.customers_matched == 2 and result.customers_new == 2
    assert "batch" in page.result.text() and not page.model.filled()
    with world.db.session(world.branch.m1) as s:
        after = s.scalar(select(func.count()).select_from(m.Customer))
        batch = s.get(m.ImportBatch, result.batch_id)
        items = list_open(s, world.branch.m1, batch_id=result.batch_id)
    assert after == (before or 0) + 2
    assert batch is not None and batch.owner_id == world.branch.m1.staff_id
    assert items and all(i.file == "大堂登记本2012.csv" for i in items)


def test_supervisor_chooses_the_manager(world: World, qtbot: QtBot, runner: TaskRunner) -> None:
    page = make_page(world, qtbot, runner, "supervisor")
    logins = [page.owner.itemData(i) for i in range(page.owner.count())]
    assert {"m1", "m2", "m3"} <= set(logins) and page.owner.isEnabled()
    page.owner.setCurrentIndex(logins.index("m2"))
    page.model.set_cells(0, 0, [["韩梅梅", "13711112222"]])
    with qtbot.waitSignal(page.saved, timeout=30000) as sig:
        page.save()
    with world.db.session(world.branch.supervisor) as s:
        batch = s.get(m.ImportBatch, sig.args[0].batch_id)
        assert batch is not None and batch.owner_id == world.branch.m2.staff_id
    manager_page = make_page(world, qtbot, runner, "m1")
    assert not manager_page.owner.isEnabled() and manager_page.owner.count() == 1


def test_empty_grid_and_failed_save_keep_the_grid(
    world: World, qtbot: QtBot, runner: TaskRunner
) -> None:
    page = make_page(world, qtbot, runner)
    assert page.save() is None and "empty" in page.result.text()
    page.model.set_cells(0, 0, [["韩梅梅", "13711112222"]])
    page.owner.setItemData(0, "departed-login")  # e.g. the owner left meanwhile
    handle = page.save()
    assert handle is not None
    with qtbot.waitSignal(handle.failed, timeout=30000):
        pass
    assert "Nothing was written" in page.result.text() and page.model.filled()
    assert page.save_button.isEnabled()
