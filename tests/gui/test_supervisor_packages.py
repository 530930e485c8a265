"""Packages and campaigns: create a package, eligible customers, batch enrolment; masked
call/SMS lists with consent; bulk tasks; campaign results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from branchcrm.db import models as m
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.packages_page import PackagesPage
from branchcrm.services import packages
from branchcrm.tasks import TaskRunner
from tests.gui.conftest import World
from tests.gui.supervisor_world import (  # noqa: F401 - fixtures
    Demo,
    demo_fixture,
    demo_template_fixture,
)


def _page(qtbot: QtBot, gateway: Any, settings: Settings, runner: TaskRunner) -> PackagesPage:
    page = PackagesPage(gateway, settings, runner)
    qtbot.addWidget(page)
    page.show()
    return page


def test_create_package_and_enrol(
    qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner, qtmodeltester: Any
) -> None:
    gateway = demo.gateway()
    page = _page(qtbot, gateway, settings, runner)
    assert page.packages.rows == [] and not page.enrol_button.isEnabled()
    page.new_code.setText("QW")
    page.new_name.setText("快享理财")
    page.new_min.setValue(1)
    page.new_max.setValue(5)
    with qtbot.waitSignal(page.eligible_loaded, timeout=15000):
        pid = page.create_package()
    assert pid is not None and [p.code for p in page.packages.rows] == ["QW"]
    with demo.db.session(gateway.actor) as s:
        expected = packages.eligible(s, gateway.actor, pid, limit=5000)
    assert [r.customer_id for r in page.eligible.rows] == [r.customer_id for r in expected]
    assert expected, "the demo branch has customers with 1万-5万"
    qtmodeltester.check(page.packages)  # type: ignore[attr-defined]
    qtmodeltester.check(page.eligible)  # type: ignore[attr-defined]
    page.eligible.setData(
        page.eligible.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    page.eligible.setData(
        page.eligible.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert page.enrol_button.isEnabled()
    with qtbot.waitSignal(page.done, timeout=15000):
        page.enrol_button.click()
    qtbot.waitUntil(lambda: page.packages.rows[0].enrolled == 2, timeout=5000)
    # an invalid package is refused with a message, nothing created
    page.new_code.setText("QW")
    page.new_name.setText("")
    assert page.create_package() is None and "required" in page.state.text()


def test_work_lists_tasks_and_results(
    qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner, tmp_path: Path
) -> None:
    gateway = demo.gateway()
    page = _page(qtbot, gateway, settings, runner)
    page.tabs.setCurrentIndex(1)
    page.list_tier.setCurrentIndex(page.list_tier.findData("gold"))
    page.list_kind.setCurrentIndex(page.list_kind.findData("sms"))
    with qtbot.waitSignal(page.list_ready, timeout=15000):
        page.list_button.click()
    rows = page.list_rows.rows
    assert rows and all("****" in r.phone for r in rows)
    with demo.db.session() as s:
        consent = dict(s.execute(select(m.Customer.id, m.Customer.marketing_consent)).all())
        gold_with_phone = s.scalar(
            select(func.count()).where(
                m.Customer.tier_code == "gold",
                m.Customer.mobile.is_not(None),
                m.Customer.status == "active",
            )
        )
    assert all(consent[r.customer_id] for r in rows)
    assert len(rows) < (gold_with_phone or 0)  # customers without consent were left out
    out = tmp_path / "sms.xlsx"
    with qtbot.waitSignal(page.done, timeout=15000):
        page.export_list(out)
    ws = load_workbook(out).active
    assert ws is not None and ws.max_row == len(rows) + 1
    assert all(c.data_type == "s" for c in ws["B"][1:])

    page.campaign.setText("2027 春季")
    page.task_reason.setText("电话介绍新产品")
    page.task_due.setDate(dt.date.today() + dt.timedelta(days=5))
    with qtbot.waitSignal(page.done, timeout=15000):
        page.task_button.click()
    assert "task(s) created" in page.state.text()
    page.tabs.setCurrentIndex(2)
    names = [page.campaigns.itemText(i) for i in range(page.campaigns.count())]
    assert "2027 春季" in names and "2026开门红" in names
    page.campaigns.setCurrentIndex(names.index("2026开门红"))
    result = page.show_results()
    assert result is not None and result.contacted > 0
    assert sum(o.customers for o in page.outcomes.rows) == sum(result.by_outcome.values())
    page.campaigns.setCurrentIndex(names.index("2027 春季"))
    assert page.results_summary.text().endswith("response 0.0%")  # tasks out, none answered
    assert not page.results_summary.text().startswith("0 targeted")


def test_empty_branch(qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner) -> None:
    page = _page(qtbot, world.gateway(world.branch.supervisor), settings, runner)
    page.tabs.setCurrentIndex(2)
    assert page.results_summary.text() == "No campaigns yet."
    assert page.outcome_chart.is_empty()
    page.grab()


def test_the_package_table_fits_its_pane(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    """Every column of the package table, the enrolled count last, is on screen: the table
    fits the pane without a horizontal scroll bar."""
    sup = world.branch.supervisor
    with world.db.session(sup) as s:
        for code, name in (("P-SILVER", "安心理财服务包"), ("P-STARTER", "新客成长服务包")):
            packages.create_package(s, sup, code=code, name=name, max_aum_fen=50_000_000)
    page = _page(qtbot, world.gateway(sup), settings, runner)
    page.resize(1190, 740)
    page.refresh()
    view = page.package_view
    qtbot.waitUntil(lambda: view.viewport().width() > 200)
    header = view.horizontalHeader()
    last = page.packages.columnCount() - 1
    qtbot.waitUntil(
        lambda: header.sectionPosition(last) + header.sectionSize(last) <= view.viewport().width()
    )
    assert view.horizontalScrollBar().maximum() == 0
    assert header.sectionSize(last) >= 60
