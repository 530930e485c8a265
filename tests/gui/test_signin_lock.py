"""Sign-in (right and wrong password), idle lock, unlock and sign out / switch user."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from branchcrm.gui.settings import Settings
from branchcrm.gui.signin import SignInDialog
from branchcrm.gui.workstation import Workstation
from branchcrm.tasks import TaskRunner
from tests.factories import PASSWORD
from tests.gui.conftest import World


def test_wrong_password_is_refused_and_right_one_signs_in(qtbot: QtBot, world: World) -> None:
    dialog = SignInDialog(world.db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.login, "m1")
    qtbot.keyClicks(dialog.password, "not-the-password")
    dialog.ok.click()
    assert dialog.actor is None
    assert dialog.error.text() == "Wrong login or password."
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.ok.click()
    assert dialog.actor is not None and dialog.actor.login == "m1"


def test_empty_fields_are_explained(qtbot: QtBot, world: World) -> None:
    dialog = SignInDialog(world.db)
    qtbot.addWidget(dialog)
    dialog.ok.click()
    assert dialog.error.text() == "Enter your login and password."


def _station(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner, idle_msecs: int = 60_000
) -> Workstation:
    station = Workstation(world.db, settings, runner, idle_msecs=idle_msecs)
    window = station.start(world.branch.m1)
    qtbot.addWidget(window)
    return station


def test_idle_workstation_locks_and_needs_the_password(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    station = _station(qtbot, world, settings, runner, idle_msecs=200)
    window = station.window
    assert window is not None and window.isVisible()
    with qtbot.waitSignal(station.locked, timeout=3000):
        pass
    lock = station.lock_dialog
    assert lock is not None and lock.isVisible()
    assert not window.isVisible(), "customer data must not stay on screen"
    qtbot.keyClicks(lock.password, "wrong-password")
    lock.unlock_button.click()
    assert lock.error.text() == "Wrong password."
    assert station.lock_dialog is lock
    qtbot.keyClicks(lock.password, PASSWORD)
    lock.unlock_button.click()
    assert station.lock_dialog is None
    assert window.isVisible()
    station.idle.stop()


def test_activity_postpones_the_lock(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    station = _station(qtbot, world, settings, runner, idle_msecs=400)
    window = station.window
    assert window is not None
    for _ in range(4):
        qtbot.wait(150)
        qtbot.mouseMove(window.today.table.viewport())
        qtbot.keyClick(window.today.table, "a")
    assert station.lock_dialog is None
    station.idle.stop()


def test_sign_out_returns_to_sign_in_and_another_user_signs_in(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    station = _station(qtbot, world, settings, runner)
    with qtbot.waitSignal(station.signed_out, timeout=3000):
        assert station.sign_out()
    assert station.window is None
    dialog = station.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.login.text() == "m1"  # last login remembered
    dialog.login.setText("sup")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(station.signed_in, timeout=3000) as blocker:
        dialog.ok.click()
    assert blocker.args[0].login == "sup"
    assert station.window is not None
    qtbot.addWidget(station.window)
    assert station.window.nav.item(1).text() == "Branch customers"
    station.idle.stop()
