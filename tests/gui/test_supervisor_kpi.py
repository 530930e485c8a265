"""KPI page: ranking against the service, weights edited and saved, .xlsx and PDF output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.kpi_page import KpiPage
from branchcrm.services import kpi
from branchcrm.services.periods import parse_period
from branchcrm.tasks import TaskRunner
from tests.gui.conftest import World
from tests.gui.supervisor_world import (  # noqa: F401 - fixtures
    Demo,
    demo_fixture,
    demo_template_fixture,
)


def _page(qtbot: QtBot, gateway: Any, settings: Settings, runner: TaskRunner) -> KpiPage:
    page = KpiPage(gateway, settings, runner)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.show()
    return page


def test_ranking_weights_and_outputs(
    qtbot: QtBot,
    demo: Demo,
    settings: Settings,
    runner: TaskRunner,
    qtmodeltester: Any,
    tmp_path: Path,
) -> None:
    gateway = demo.gateway()
    page = _page(qtbot, gateway, settings, runner)
    period = parse_period(page.period.period())
    with demo.db.session(gateway.actor) as s:
        cards = kpi.scorecards(s, gateway.actor, period)
    assert [c.login for c in page.model.rows] == [c.login for c in cards]
    assert page.chart.series[0].values == [c.score for c in cards]
    assert page.weights() == {k: float(v) for k, v in kpi.DEFAULT_WEIGHTS.items()}
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]

    # only coverage counts: the ranking follows coverage
    for key, spin in page.spins.items():
        spin.setValue(100 if key == "coverage" else 0)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.apply_button.click()
    coverage = [c.raw["coverage"] for c in page.model.rows]
    assert coverage == sorted(coverage, reverse=True)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.save_button.click()
    with demo.db.session() as s:
        assert kpi.load_weights(s)["coverage"] == 100 and kpi.load_weights(s)["aum_growth"] == 0

    out = tmp_path / "kpi.xlsx"
    with qtbot.waitSignal(page.exported, timeout=15000):
        page.export(out)
    ws = load_workbook(out)["KPI"]
    assert [ws.cell(r, 2).value for r in range(2, 2 + len(cards))] == [
        c.login for c in page.model.rows
    ]
    pdf = page.save_pdf(tmp_path / "kpi.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000
    text, image = page.report_html()
    assert "KPI ranking" in text and not image.isNull()


def test_disabled_weights_and_small_branch(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world.gateway(world.branch.supervisor), settings, runner)
    assert len(page.model.rows) == 3
    for spin in page.spins.values():
        spin.setValue(0)
    assert not page.apply_button.isEnabled() and not page.save_button.isEnabled()
    assert page.weights_sum.text() == "Total weight: 0"


def test_teams_and_chiefs_are_ranked_on_the_same_page(
    qtbot: QtBot,
    demo: Demo,
    settings: Settings,
    runner: TaskRunner,
    qtmodeltester: Any,
    tmp_path: Path,
) -> None:
    gateway = demo.gateway()
    page = _page(qtbot, gateway, settings, runner)
    period = parse_period(page.period.period())
    with demo.db.session(gateway.actor) as s:
        ranking = kpi.rankings(s, gateway.actor, period)
    assert ranking.cards["teams"], "the demo branch has teams"
    for kind in ("teams", "chiefs", "managers"):
        with qtbot.waitSignal(page.loaded, timeout=15000):
            page.kind_box.setCurrentIndex(page.kind_box.findData(kind))
        assert page.kind == kind
        assert [(c.staff_id, c.score) for c in page.model.rows] == [
            (c.staff_id, c.score) for c in ranking.cards[kind]
        ]
        assert page.model.columnCount() == 3 + len(kpi.indicators(kind))
        assert set(page.weights()) == set(kpi.indicators(kind))
        visible = {k for k, spin in page.spins.items() if page.form.isRowVisible(spin)}
        assert visible == set(kpi.indicators(kind))
        qtmodeltester.check(page.model)  # type: ignore[attr-defined]

    # each kind keeps its own weights: teams ranked on coverage alone, saved
    page.set_kind("teams")
    for key, spin in page.spins.items():
        spin.setValue(100 if key == "coverage" else 0)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.save_button.click()
    coverage = [c.raw["coverage"] for c in page.model.rows]
    assert coverage == sorted(coverage, reverse=True)
    with demo.db.session() as s:
        assert kpi.load_weights(s, "teams")["coverage"] == 100
        assert kpi.load_weights(s, "managers") == kpi.DEFAULT_WEIGHTS
    page.set_kind("managers")
    assert page.weights() == {k: float(v) for k, v in kpi.DEFAULT_WEIGHTS.items()}

    # the workbook holds every kind; the PDF the one shown
    out = tmp_path / "kpi.xlsx"
    with qtbot.waitSignal(page.exported, timeout=15000):
        page.export(out)
    wb = load_workbook(out)
    assert {"KPI", "Teams", "Chiefs"} <= set(wb.sheetnames)
    page.set_kind("teams")
    text, _image = page.report_html()
    assert "Teams" in text and page.model.rows[0].name in text
