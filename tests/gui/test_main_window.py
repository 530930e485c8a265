"""Main window: navigation, shortcuts in the menus, connection banner, printing, settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from branchcrm.gui import printing
from branchcrm.gui import settings as keys
from branchcrm.gui.customer_file import CustomerFileWindow
from branchcrm.gui.main_window import MainWindow
from branchcrm.gui.settings import Settings
from branchcrm.gui.settings_dialog import SettingsDialog
from branchcrm.tasks import TaskRunner
from tests.gui.conftest import World


def _window(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner, actor: str = "m1"
) -> MainWindow:
    window = MainWindow(world.gateway(getattr(world.branch, actor)), settings, runner)
    qtbot.addWidget(window)
    window.show()
    return window


def test_navigation_and_listed_shortcuts(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    window = _window(qtbot, world, settings, runner)
    assert window.stack.currentWidget() is window.today
    assert window.today.model.rowCount() == 3
    shortcuts = {
        a.objectName(): a.shortcut()
        for a in (window.log_action, window.new_action, window.print_action)
    }
    assert shortcuts == {
        "logContact": QKeySequence("Ctrl+L"),
        "newCustomer": QKeySequence("Ctrl+N"),
        "print": QKeySequence("Ctrl+P"),
    }
    window.focus_search()  # Ctrl+F
    assert window.stack.currentWidget() is window.portfolio
    assert window.portfolio.search.hasFocus() or window.portfolio.search.isVisible()
    assert window.portfolio.model.total == 5


def test_ctrl_l_logs_a_contact_for_the_selected_customer(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    window = _window(qtbot, world, settings, runner)
    window.today.table.selectRow(0)
    dialog = window.log_contact()
    qtbot.addWidget(dialog)
    assert dialog.customer_id == world.customers["张伟"]


def test_open_customer_file_once(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    window = _window(qtbot, world, settings, runner)
    first = window.open_customer(world.customers["李娜"])
    again = window.open_customer(world.customers["李娜"])
    assert isinstance(first, CustomerFileWindow) and first is again
    qtbot.addWidget(first)
    first.close()
    assert world.customers["李娜"] not in window.files


def test_lost_connection_shows_banner_keeps_edits_and_retry_recovers(
    qtbot: QtBot,
    world: World,
    settings: Settings,
    runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _window(qtbot, world, settings, runner)
    file_window = window.open_customer(world.customers["张伟"])
    assert file_window is not None
    qtbot.addWidget(file_window)
    file_window.start_edit()
    file_window.form.widgets["address"].setText("新地址")  # type: ignore[attr-defined]
    file_window.form._changed()
    db = world.db
    real_session = db.session

    def broken(*_a: Any, **_k: Any) -> Any:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(db, "session", broken)
    assert not file_window.save()
    assert window.banner.isVisible()
    assert "server closed the connection" in window.banner.text.text()
    assert "unreachable" in file_window.form_message.text()
    assert file_window.form.widgets["address"].text() == "新地址"  # type: ignore[attr-defined]
    assert file_window.editing
    window.today.refresh()  # other screens fail quietly, no crash
    monkeypatch.setattr(db, "session", real_session)
    window.banner.retry.click()
    assert not window.banner.isVisible()
    assert file_window.save()


def test_print_profile_and_visit_list_to_pdf(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner, tmp_path: Path
) -> None:
    window = _window(qtbot, world, settings, runner)
    html = printing.profile_html_for(window.gateway, world.customers["王芳"])
    assert "王芳" in html and "139****9001" in html and "13900139001" not in html
    pdf = printing.save_pdf(html, tmp_path / "profile.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    visits = printing.visit_list_html("王经理", window.today.today(), window.today.visit_list())
    assert "overdue call" in visits
    assert printing.save_pdf(visits, tmp_path / "visits.pdf").stat().st_size > 1000


def test_settings_dialog_saves_and_tests_the_connection(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    dialog = SettingsDialog(settings, runner)
    qtbot.addWidget(dialog)
    assert dialog.idle.value() == 5 and dialog.language.currentData() == "zh_CN"
    dialog.url.setText(world.db.engine.url.render_as_string(hide_password=False))
    handle = dialog.test()
    with qtbot.waitSignal(handle.finished, timeout=10000):
        pass
    assert "current" in dialog.test_result.text()
    dialog.url.setText("postgresql://nobody@127.0.0.1:1/none")
    handle = dialog.test()
    with qtbot.waitSignal(handle.failed, timeout=15000):
        pass
    assert dialog.test_result.text().startswith("Failed")
    dialog.idle.setValue(10)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert settings.get(keys.IDLE_MINUTES) == 10 and settings.get(keys.LANGUAGE) == "en"
