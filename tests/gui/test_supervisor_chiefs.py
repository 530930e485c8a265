"""Chief customer managers' scoreboard: figures from the service, .xlsx publication."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.chiefs_page import ChiefsPage
from branchcrm.services import chiefs
from branchcrm.tasks import TaskRunner
from tests.gui.supervisor_world import (  # noqa: F401 - fixtures
    Demo,
    demo_fixture,
    demo_template_fixture,
)


def test_scoreboard_and_export(
    qtbot: QtBot,
    demo: Demo,
    settings: Settings,
    runner: TaskRunner,
    qtmodeltester: Any,
    tmp_path: Path,
) -> None:
    sup = demo.actor()
    with demo.db.session(sup) as s:
        ids = list(s.scalars(select(m.Customer.id).order_by(m.Customer.aum_fen.desc()).limit(3)))
        for cid in ids:
            chiefs.designate(s, sup, cid, "head")
    page = ChiefsPage(demo.gateway(), settings, runner)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.show()
    assert "Q" in page.period.period()
    # designated today: the chief appears for the current period, not for a past one
    assert page.model.rows == [] and page.chart.is_empty()
    assert not page.export_button.isEnabled()
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]

    import datetime as dt

    with demo.db.session(sup) as s:
        today = dt.date.today()
        rows = chiefs.scoreboard(s, sup, today.replace(day=1), today)
    assert [r.customers for r in rows] == [3]
    page.model.set_rows(rows)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    page._show(rows)
    assert page.chart.series[1].values == [rows[0].end_fen]
    out = tmp_path / "chiefs.xlsx"
    with qtbot.waitSignal(page.exported, timeout=15000):
        page.export(out)
    ws = load_workbook(out).active
    assert ws is not None and ws.cell(2, 1).value == "head"
