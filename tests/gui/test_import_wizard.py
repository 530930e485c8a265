"""The import wizard end to end: files, mapping (changed and saved), preview, import, review."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import cast

from openpyxl import load_workbook
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.gui.import_preview import SAMPLE_COLUMNS, SampleModel, column_letter, count_rows
from branchcrm.gui.import_wizard import FILES, IMPORT, MAPPING, PREVIEW, REVIEW, ImportWizardPage
from branchcrm.gui.rows_model import RowsModel
from branchcrm.importers.table import mapping_setting_key
from branchcrm.tasks import TaskRunner
from tests.factories import resident_id
from tests.gui.conftest import World
from tests.notebook_corpus import messy_notebook, simple_notebook

SHOTS = os.environ.get("BRANCHCRM_SHOTS")
TIMEOUT = 60000


def customers(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(m.Customer)) or 0)


def notebooks(tmp_path: Path) -> list[Path]:
    simple = simple_notebook(
        tmp_path / "王经理2013.xlsx",
        [
            ["张伟", "13800138000", resident_id(1978, 5, 3, 31), "2013-03-01", "老客户"],
            ["韩梅梅", "13711112222", "", "2013-03-02", "定期到期"],
            ["李雷", "138****5678", "", "2013-03-03", ""],
        ],
        header=("客户姓名", "联系电话", "证件号码", "到访时间", "情况记录"),
    )
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    return [messy_notebook(tmp_path / "大堂登记本2012.xlsx"), simple, broken]


def make_page(world: World, qtbot: QtBot, runner: TaskRunner, who: str = "m1") -> ImportWizardPage:
    page = ImportWizardPage(world.gateway(getattr(world.branch, who)), runner)
    qtbot.addWidget(page)
    page.resize(1100, 620)
    page.show()
    return page


def shot(page: ImportWizardPage, name: str) -> None:
    if SHOTS:
        page.grab().save(str(Path(SHOTS) / name))


def test_models_pass_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(SampleModel(SAMPLE_COLUMNS), force_py=True)
    assert column_letter(0) == "A" and column_letter(27) == "AB"


def test_whole_wizard(world: World, qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    page = make_page(world, qtbot, runner)
    assert not page.next_button.isEnabled()
    page.add_files(notebooks(tmp_path))
    page.add_files([tmp_path / "missing.xlsx"])
    assert page.files.count() == 3 and page.next_button.isEnabled()
    assert page.owner.currentData() == "m1" and not page.owner.isEnabled()
    shot(page, "wizard-1-files.png")

    # 1 -> 2: a dry run off the GUI thread, then the detected mapping.
    before = customers(world.db)
    with qtbot.waitSignal(page.mapping.sheets.model().modelReset, timeout=TIMEOUT, raising=False):
        qtbot.mouseClick(page.next_button, left())
    qtbot.waitUntil(lambda: page.stack.currentIndex() == MAPPING, timeout=TIMEOUT)
    assert customers(world.db) == before
    texts = [page.mapping.sheets.item(i).text() for i in range(page.mapping.sheets.count())]
    assert any("坏文件.xlsx" in t for t in texts)
    assert any("王经理2013.xlsx / 客户" in t for t in texts)
    simple_row = next(i for i, t in enumerate(texts) if "王经理2013.xlsx / 客户" in t)
    page.mapping.sheets.setCurrentRow(simple_row)
    assert "row 1" in page.mapping.header_label.text()
    table = page.mapping.columns
    combos = [cast(QComboBox, table.cellWidget(i, 2)) for i in range(table.rowCount())]
    assert [c.currentData() for c in combos] == [
        "name",
        "phone",
        "id_number",
        "contacts.date",
        "contacts.note",
    ]
    # The person says 情况记录 is not to be imported; it is saved for reuse.
    note = combos[4]
    note.setCurrentIndex(note.findData(None))
    changed = page.mapping.changed_tables()
    assert [t.signature for t in changed] == [changed[0].signature]
    shot(page, "wizard-2-mapping.png")

    # 2 -> 3: the mapping is saved, then the preview.
    qtbot.mouseClick(page.next_button, left())
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PREVIEW, timeout=TIMEOUT)
    with world.db.session() as s:
        saved = s.get(m.Setting, mapping_setting_key(changed[0].signature))
        assert saved is not None and json.loads(saved.value)["columns"]["4"] is None
    counts = page.preview.counts.rows
    assert {r.file for r in counts} >= {"大堂登记本2012.xlsx", "王经理2013.xlsx", "坏文件.xlsx"}
    simple_sheet = next(r for r in counts if r.file == "王经理2013.xlsx" and r.sheet == "客户")
    assert simple_sheet.sheet_result is not None and simple_sheet.sheet_result.matched == 1
    assert simple_sheet.sheet_result.new == 2
    assert next(r for r in counts if r.file == "坏文件.xlsx").error
    samples = page.preview.samples.rows
    assert any(s.values.get("name") == "韩梅梅" for s in samples)
    assert all("contacts.note" not in s.values for s in samples if s.file == "王经理2013.xlsx")
    assert "new customers" in page.preview.totals.text()
    assert customers(world.db) == before and page.next_button.isEnabled()
    shot(page, "wizard-3-preview.png")

    # 3 -> 4: the import with progress, then the summary and the workbook.
    with qtbot.waitSignal(page.imported, timeout=TIMEOUT) as done:
        qtbot.mouseClick(page.next_button, left())
    result = done.args[0]
    assert result.batch_id and page.stack.currentIndex() == IMPORT
    assert customers(world.db) > before
    assert f"batch {result.batch_id}" in page.summary.text()
    assert "坏文件.xlsx" in page.summary.text()
    assert page.workbook_button.isVisibleTo(page)
    shot(page, "wizard-4-import.png")
    out = tmp_path / "review.xlsx"
    handle = page.save_workbook(out)
    assert handle is not None
    qtbot.waitUntil(lambda: handle.done, timeout=TIMEOUT)
    ws = load_workbook(out).active
    assert ws is not None and ws.max_row == len(result.review) + 1

    # 4 -> 5: the review queue of this batch.
    qtbot.mouseClick(page.next_button, left())
    assert page.stack.currentIndex() == REVIEW
    assert page.review.batch_id == result.batch_id and page.review.model.rows
    assert all(r.batch_id == result.batch_id for r in page.review.model.rows)
    shot(page, "wizard-5-review.png")
    qtbot.mouseClick(page.next_button, left())
    assert page.stack.currentIndex() == FILES and page.files.count() == 0


def left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_cancelled_import_writes_nothing(
    world: World, qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    page = make_page(world, qtbot, runner, "supervisor")
    logins = [page.owner.itemData(i) for i in range(page.owner.count())]
    assert "m2" in logins and page.owner.isEnabled()
    page.owner.setCurrentIndex(logins.index("m2"))
    page.add_files(notebooks(tmp_path)[:2])
    qtbot.mouseClick(page.next_button, left())
    qtbot.waitUntil(lambda: page.stack.currentIndex() == MAPPING, timeout=TIMEOUT)
    qtbot.mouseClick(page.next_button, left())
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PREVIEW, timeout=TIMEOUT)
    before = customers(world.db)
    handle = page.start_import()
    handle.cancel()
    with qtbot.waitSignal(handle.cancelled, timeout=TIMEOUT):
        pass
    assert customers(world.db) == before
    assert "Nothing was written" in page.summary.text()
    assert page.back_button.isEnabled() and not page.cancel_button.isVisibleTo(page)
    with world.db.session() as s:
        assert not s.scalar(select(func.count()).select_from(m.ImportBatch))


def test_unreadable_only_and_degenerate(
    world: World, qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    page = make_page(world, qtbot, runner)
    page.add_files([])
    assert not page.next_button.isEnabled()
    page.add_files(notebooks(tmp_path)[2:])
    qtbot.mouseClick(page.next_button, left())
    qtbot.waitUntil(lambda: page.stack.currentIndex() == MAPPING, timeout=TIMEOUT)
    assert "No sheet" in page.mapping.header_label.text()
    qtbot.mouseClick(page.next_button, left())
    qtbot.waitUntil(lambda: page.stack.currentIndex() == PREVIEW, timeout=TIMEOUT)
    assert not page.next_button.isEnabled()  # nothing importable
    rows = page.preview.counts.rows
    assert len(rows) == 1 and rows[0].error
    model: RowsModel[object] = page.preview.counts  # type: ignore[assignment]
    assert model.rowCount() == 1
    assert count_rows(page.analysis.result) == rows  # type: ignore[union-attr]
    page.back()
    assert page.stack.currentIndex() == MAPPING


def test_pages_in_the_main_window(
    world: World, qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    from branchcrm.gui.main_window import MainWindow
    from branchcrm.gui.review_queue import ReviewQueuePage
    from branchcrm.gui.settings import Settings
    from branchcrm.gui.transcription import TranscriptionPage

    def titles(who: str) -> list[str]:
        window = MainWindow(
            world.gateway(getattr(world.branch, who)), Settings(tmp_path / f"{who}.ini"), runner
        )
        qtbot.addWidget(window)
        return [window.nav.item(i).text() for i in range(window.nav.count())]

    mine = {"Import notebooks", "Transcribe notebook", "Review queue"}
    assert mine <= set(titles("m1")) and mine <= set(titles("supervisor"))
    assert not mine & set(titles("lobby"))
    window = MainWindow(world.gateway(world.branch.m1), Settings(tmp_path / "s.ini"), runner)
    qtbot.addWidget(window)
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    kinds = []
    for title in ("Import notebooks", "Transcribe notebook", "Review queue"):
        window.nav.setCurrentRow(names.index(title))
        kinds.append(type(window.stack.currentWidget()))
    assert kinds == [ImportWizardPage, TranscriptionPage, ReviewQueuePage]
    shortcuts = {a.shortcut().toString() for a in window.findChildren(QAction)}
    assert {"Ctrl+I", "Ctrl+T", "Ctrl+Shift+R"} <= shortcuts
