"""Rebalancing workbench and departure handover: loads, moves by hand and by drag and drop,
the suggested plan applied as one batch, undo, and the handover dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.common import ids_from_mime
from branchcrm.gui.supervisor.handover_dialog import HandoverDialog
from branchcrm.gui.supervisor.workbench_page import WorkbenchPage
from branchcrm.services import rebalancing
from branchcrm.tasks import TaskRunner
from tests.gui.supervisor_world import (  # noqa: F401 - fixtures
    Demo,
    demo_fixture,
    demo_template_fixture,
)


def _page(qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner) -> WorkbenchPage:
    page = WorkbenchPage(demo.gateway(), settings, runner)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.customers_loaded, timeout=15000):
        page.show()
    return page


def primary_of(demo: Demo, customer_id: int) -> int:
    with demo.db.session() as s:
        sid = s.scalar(
            select(m.Assignment.staff_id).where(
                m.Assignment.customer_id == customer_id,
                m.Assignment.role == "primary",
                m.Assignment.valid_to.is_(None),
            )
        )
    assert sid is not None
    return int(sid)


def select_rows(page: WorkbenchPage, rows: list[int]) -> None:
    sel = page.customer_view.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(
            page.customers.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_loads_move_by_hand_and_undo(
    qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner, qtmodeltester: Any
) -> None:
    page = _page(qtbot, demo, settings, runner)
    with demo.db.session() as s:
        loads = rebalancing.manager_loads(s, demo.actor())
    assert [r.login for r in page.loads.rows] == [r.login for r in loads]
    assert [r.figures.customers for r in page.loads.rows] == [r.figures.customers for r in loads]
    first = page.loads.rows[0]
    assert len(page.customers.rows) == first.figures.customers
    qtmodeltester.check(page.loads)  # type: ignore[attr-defined]
    qtmodeltester.check(page.customers)  # type: ignore[attr-defined]

    select_rows(page, [0, 1])
    moving = [r.customer_id for r in page.selected()]
    target = page.loads.rows[1]
    page.move_to.setCurrentIndex(page.move_to.findData(target.login))
    assert page.move_button.isEnabled()
    with qtbot.waitSignal(page.customers_loaded, timeout=15000):
        page.move_button.click()
    assert all(primary_of(demo, c) == target.staff_id for c in moving)
    assert page.loads.rows[0].figures.customers == first.figures.customers - 2
    assert page.undoable() is not None and page.undo_button.isEnabled()
    with qtbot.waitSignal(page.customers_loaded, timeout=15000):
        page.undo_last(confirm=False)
    assert all(primary_of(demo, c) == first.staff_id for c in moving)


def test_drag_and_drop_onto_a_manager(
    qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, demo, settings, runner)
    index = page.customers.index(2, 1)
    customer = page.customers.rows[2].customer_id
    mime = page.customers.mimeData([index])
    target_row = 3
    target = page.loads.rows[target_row]
    pos = page.load_view.visualRect(page.loads.index(target_row, 0)).center()
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert ids_from_mime(mime) == [customer]
    # Qt delivers no synthetic drop events without a real drag: call the handler directly.
    with qtbot.waitSignal(page.customers_loaded, timeout=15000):
        page.load_view.dropEvent(drop)
    assert drop.isAccepted()
    assert primary_of(demo, customer) == target.staff_id


def test_filters_and_suggested_plan_applied_as_one_batch(
    qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner, qtmodeltester: Any
) -> None:
    page = _page(qtbot, demo, settings, runner)
    with qtbot.waitSignal(page.customers_loaded, timeout=15000):
        page.all_managers.setChecked(True)
    everyone = len(page.customers.rows)
    gold = page.tier.findData("gold")
    with qtbot.waitSignal(page.customers_loaded, timeout=15000):
        page.tier.setCurrentIndex(gold)
    assert 0 < len(page.customers.rows) < everyone
    assert {r.tier_code for r in page.customers.rows} == {"gold"}

    # make one manager overloaded so the proposal has work to do
    with demo.db.session(demo.actor("admin")) as s:
        for person in s.scalars(select(m.Staff).where(m.Staff.login == "manager1")):
            person.capacity = 20
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.refresh()
    page.suggest()
    qtbot.waitUntil(lambda: page.plan_dialog is not None, timeout=15000)
    dialog = page.plan_dialog
    assert dialog is not None and dialog.moves.rows
    qtmodeltester.check(dialog.moves)  # type: ignore[attr-defined]
    qtmodeltester.check(dialog.managers)  # type: ignore[attr-defined]
    assert dialog.plan.spread_after <= dialog.plan.spread_before
    moves = {mv.customer_id: mv.to_login for mv in dialog.moves.rows}
    first = dialog.moves.rows[0]  # people are named, not shown by their login
    shown_to = dialog.moves.data(dialog.moves.index(0, 3))
    assert shown_to.startswith(page.people[first.to_login]) and "manager" not in shown_to
    with qtbot.waitSignal(page.batch_done, timeout=15000) as blocker:
        dialog.apply_button.click()
    assert blocker.args[0].moved == len(moves)
    with demo.db.session() as s:
        logins = dict(s.execute(select(m.Staff.id, m.Staff.login)).all())
    assert all(logins[primary_of(demo, c)] == to for c, to in moves.items())


def test_handover_preview_confirm_and_report(
    qtbot: QtBot, demo: Demo, runner: TaskRunner, qtmodeltester: Any, tmp_path: Path
) -> None:
    dialog = HandoverDialog(demo.gateway(), runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.leaver.setCurrentIndex(dialog.leaver.findData("manager2"))
    assert "manager2" not in dialog.chosen_receivers() and dialog.chosen_receivers()
    assert not dialog.confirm_button.isEnabled()
    with qtbot.waitSignal(dialog.planned, timeout=15000):
        dialog.preview_button.click()
    plan = dialog.plan
    assert plan is not None and not plan.applied and plan.lines
    assert len(dialog.lines.rows) == len(plan.lines)
    qtmodeltester.check(dialog.lines)  # type: ignore[attr-defined]
    qtmodeltester.check(dialog.receiver_model)  # type: ignore[attr-defined]
    receiver = dialog.receiver_model.data(dialog.receiver_model.index(0, 0))
    assert receiver == dialog.names[plan.receivers[0].login]
    with demo.db.session() as s:  # a dry run changes nothing
        status = s.scalar(select(m.Staff.status).where(m.Staff.login == "manager2"))
    assert status == "active"
    with qtbot.waitSignal(dialog.applied, timeout=15000):
        dialog.confirm(ask=False)
    assert dialog.plan is not None and dialog.plan.applied
    with demo.db.session() as s:
        status = s.scalar(select(m.Staff.status).where(m.Staff.login == "manager2"))
    assert status == "departed"
    out = tmp_path / "handover.xlsx"
    with qtbot.waitSignal(dialog.report_saved, timeout=15000):
        dialog.save_report(out)
    ws = load_workbook(out)["Customers"]
    assert ws.max_row == len(plan.lines) + 1
