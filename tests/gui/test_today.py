"""Today: overdue first, counts per kind, done / snooze / dismiss, Enter opens the customer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from branchcrm.gui.today_page import TodayPage
from tests.gui.conftest import World


def _page(qtbot: QtBot, world: World) -> TodayPage:
    page = TodayPage(world.gateway(world.branch.m1))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def test_reminders_are_listed_overdue_first_with_counts(
    qtbot: QtBot, world: World, qtmodeltester: object
) -> None:
    page = _page(qtbot, world)
    assert [r.reason for r in page.model.rows] == ["overdue call", "today call", "later call"]
    assert page.model.rows[0].overdue and not page.model.rows[1].overdue
    assert page.model.index(0, 4).data() == "Overdue"
    assert "3 open, 1 overdue" in page.counts.text()
    assert "Task: 2" in page.counts.text() and "Maturity: 1" in page.counts.text()
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]


def test_done_snooze_and_dismiss_remove_the_reminder(qtbot: QtBot, world: World) -> None:
    page = _page(qtbot, world)
    page.table.selectRow(0)
    page.done_button.click()
    assert [r.reason for r in page.model.rows] == ["today call", "later call"]
    page.table.selectRow(0)
    page.snooze(3)
    assert [r.reason for r in page.model.rows] == ["later call"]
    page.table.selectRow(0)
    page.dismiss_button.click()
    assert page.model.rows == []
    assert "0 open" in page.counts.text()


def test_enter_opens_the_customer(qtbot: QtBot, world: World) -> None:
    page = _page(qtbot, world)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(1, 0))
    with qtbot.waitSignal(page.open_customer, timeout=2000) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert blocker.args == [world.customers["李娜"]]


def test_empty_today(qtbot: QtBot, world: World) -> None:
    page = TodayPage(world.gateway(world.branch.m3))
    qtbot.addWidget(page)
    page.refresh()
    assert page.model.rowCount() == 0
    page.done_button.click()  # nothing selected: nothing happens
    assert "0 open, 0 overdue" in page.counts.text()
