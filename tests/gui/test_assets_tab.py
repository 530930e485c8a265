"""The customer file's assets tab: averages, structure and 24-month trend."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from branchcrm.gui.assets_tab import AssetsTab
from branchcrm.gui.customer_file import TAB_NAMES, CustomerFileWindow
from branchcrm.services import assets
from branchcrm.services.assets import CustomerAssets, Slice
from tests.gui.conftest import World
from tests.gui.supervisor_world import (  # noqa: F401 - fixtures
    Demo,
    demo_fixture,
    demo_template_fixture,
)


def test_tab_shows_figures_and_degenerate_input(qtbot: QtBot) -> None:
    tab = AssetsTab()
    qtbot.addWidget(tab)
    tab.show()
    assert tab.month.text() == "Month daily-average: —" and tab.trend.is_empty()
    data = CustomerAssets(
        1,
        "2026-05",
        month_avg_fen=12_345_600,
        quarter="2026Q2",
        quarter_avg_fen=10_000_000,
        quarter_months=["2026-04", "2026-05"],
        structure=[
            Slice("time_deposit", "Time deposits", 10_000_000, 0.81),
            Slice("fund", "Funds", 2_345_600, 0.19),
        ],
        trend=[("2026-04", 7_654_400), ("2026-05", 12_345_600)],
    )
    tab.set_assets(data)
    assert tab.month.text() == "Month daily-average 2026-05: 123,456.00 yuan"
    assert tab.quarter.text() == "Quarter daily-average 2026Q2: 100,000.00 yuan"
    assert tab.change.text() == "Since 2026-04: +4.7万 (+61.3%)"
    assert [n for n, _ in tab.structure.slices] == ["Time deposits", "Funds"]
    tab.grab()
    tab.set_assets(CustomerAssets(1, None))
    assert tab.structure.is_empty()
    tab.set_assets(CustomerAssets(1, "2026-05", trend=[("2026-05", 0)]))
    assert tab.change.text() == ""
    tab.grab()


def test_customer_file_has_the_assets_tab(qtbot: QtBot, demo: Demo) -> None:
    gateway = demo.gateway("manager1")
    with demo.db.session(gateway.actor) as s:
        from branchcrm.services import portfolio

        cid = portfolio.page_ids(
            s, gateway.actor, portfolio.PortfolioQuery(sort="aum", descending=True), 0, 1
        )[0]
        expected = assets.customer_assets(s, gateway.actor, cid)
    window = CustomerFileWindow(gateway, cid)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(TAB_NAMES.index("assets"))
    window.show()
    assert window.tabs.currentWidget() is window.assets_tab
    assert window.assets_tab.trend.series[0].values == [v for _, v in expected.trend]
    assert len(window.assets_tab.structure.slices) == len(
        [s for s in expected.structure if s.fen > 0]
    )
    window.grab()


def test_customer_without_balances(qtbot: QtBot, world: World, qtmodeltester: Any) -> None:
    window = CustomerFileWindow(world.gateway(world.branch.m1), world.customers["张伟"])
    qtbot.addWidget(window)
    window.show()
    assert window.assets_tab.trend.is_empty()
    assert window.assets_tab.month.text() == "Month daily-average: —"
