"""Supervisors' dashboard: figures against the services, drill-down to customers, visibility."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from branchcrm.domain.roles import Role
from branchcrm.gui.main_window import MainWindow
from branchcrm.gui.pages import extra_pages
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.dashboard_page import UNIT_FIGURE, DashboardPage
from branchcrm.services import dashboard
from branchcrm.services.periods import parse_period
from branchcrm.tasks import TaskRunner
from tests.gui.conftest import World
from tests.gui.supervisor_world import (  # noqa: F401 - fixtures
    Demo,
    demo_fixture,
    demo_template_fixture,
)


def _page(qtbot: QtBot, gateway: Any, settings: Settings, runner: TaskRunner) -> DashboardPage:
    page = DashboardPage(gateway, settings, runner)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.show()
    return page


def test_figures_match_the_services_and_drill_down(
    qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner, qtmodeltester: Any
) -> None:
    gateway = demo.gateway()
    page = _page(qtbot, gateway, settings, runner)
    period = parse_period(page.period.period())
    with demo.db.session(gateway.actor) as s:
        figures = dashboard.manager_figures(s, gateway.actor, period)
        tiers = dashboard.tier_distribution(s, gateway.actor)
        trend = dashboard.assets_trend(s, gateway.actor, period.last_month, 24)
        migration = dashboard.migration_matrix(s, gateway.actor, period)
    assert [f.login for f in page.managers.rows] == [f.login for f in figures]
    assert page.managers.index(0, 1).data() == f"{figures[0].customers:,}"
    assert page.managers.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole)
    assert page.tier_chart.series[0].values == [t.customers for t in tiers]
    assert page.trend.series[0].values == [v for _, v in trend if v] or not any(v for _, v in trend)
    assert sum(page.migration.counts.values()) == sum(migration.values())
    for model in (page.managers, page.migration, page.referrals, page.satisfaction):
        qtmodeltester.check(model)  # type: ignore[attr-defined]

    # coverage figure -> the manager's customers not contacted in 90 days
    first = page.managers.rows[0]
    dialog = page._drill_manager(page.managers.index(0, UNIT_FIGURE.index("coverage")))
    assert dialog is not None
    with demo.db.session(gateway.actor) as s:
        expected = dashboard.uncontacted_customers(
            s, gateway.actor, first.staff_id, as_of=period.end
        )
    assert [r.customer_id for r in dialog.model.rows] == expected
    assert len(expected) == first.customers - first.contacted
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    dialog.view.setCurrentIndex(dialog.model.index(0, 1))
    with qtbot.waitSignal(page.open_customer) as blocker:
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert blocker.args == [expected[0]]
    dialog.close()

    # a tier bar -> the customers of that tier
    gold = next(i for i, t in enumerate(tiers) if t.customers)
    tier_dialog = page._drill_tier(gold)
    assert tier_dialog is not None and len(tier_dialog.model.rows) == tiers[gold].customers
    # a migration cell -> exactly the customers it counts
    cell, n = next(iter(migration.items()))
    row = [c for c, _ in page.migration.tiers].index(cell[0])
    col = [c for c, _ in page.migration.tiers].index(cell[1])
    moved = page._drill_migration(page.migration.index(row, col))
    assert moved is not None and len(moved.model.rows) == n
    # every manager figure column drills without error
    for column in range(1, page.managers.columnCount()):
        d = page._drill_manager(page.managers.index(0, column))
        assert d is not None
        d.close()


def test_period_change_reloads_and_empty_branch(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world.gateway(world.branch.supervisor), settings, runner)
    assert page.trend.is_empty()  # no balances delivered in the small branch
    assert {r.login for r in page.managers.rows} == {"m1", "m2", "m3"}
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.period.setCurrentIndex(page.period.count() - 1)  # a quarter
    assert page.data is not None and "Q" in page.data.period.label
    page.grab()


def test_pages_only_for_supervisors_and_heads(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner, tmp_path: Path
) -> None:
    specs = extra_pages()
    keys = {"dashboard", "kpi", "rebalancing", "packages", "chiefs"}
    assert keys <= {s.key for s in specs}
    sup, m1 = world.branch.supervisor, world.branch.m1
    assert all(s.visible(sup) for s in specs if s.key in keys)
    assert not any(s.visible(m1) for s in specs if s.key in {"dashboard", "kpi", "rebalancing"})
    assert Role.SUPERVISOR in sup.roles
    window = MainWindow(world.gateway(sup), settings, runner)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Dashboard" in titles and "Rebalancing" in titles
    window.nav.setCurrentRow(titles.index("Dashboard"))
    page = window.stack.currentWidget()
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.data is not None, timeout=15000)
    manager_window = MainWindow(world.gateway(m1), settings, runner)
    qtbot.addWidget(manager_window)
    assert "Dashboard" not in [
        manager_window.nav.item(i).text() for i in range(manager_window.nav.count())
    ]


def test_teams_and_coverage_by_tier_match_the_services_and_drill_down(
    qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner, qtmodeltester: Any
) -> None:
    gateway = demo.gateway()
    page = _page(qtbot, gateway, settings, runner)
    assert page.data is not None
    period, days = page.data.period, page.data.coverage_days
    # potential customers (every customer scored) arrive after the other figures
    qtbot.waitUntil(lambda: page.potential is not None, timeout=15000)
    with demo.db.session(gateway.actor) as s:
        credited = dashboard.credited(s, gateway.actor, period)
        found = dashboard.potential_figures(s, gateway.actor, period)
        teams = dashboard.team_figures(s, gateway.actor, period, credited=credited, potential=found)
        managers = dashboard.manager_figures(
            s, gateway.actor, period, credited=credited, potential=found
        )
    assert teams, "the demo branch has a team"
    assert [(t.name, t.customers, t.credited_fen) for t in page.teams.rows] == [
        (t.name, t.customers, t.credited_fen) for t in teams
    ]
    assert [
        (f.login, f.credited_fen, f.potential_found, f.potential_converted)
        for f in page.managers.rows
    ] == [(f.login, f.credited_fen, f.potential_found, f.potential_converted) for f in managers]
    for model in (page.teams, page.coverage):
        qtmodeltester.check(model)  # type: ignore[attr-defined]

    # the coverage table: managers then teams, a column per tier
    assert len(page.coverage.rows) == len(managers) + len(teams)
    codes = [code for code, _ in page.coverage_tiers]
    assert page.coverage.columnCount() == 2 + len(codes)
    first = page.coverage.rows[0]
    tier = next(c for c in codes if first.coverage_by_tier.get(c, (0, 0))[1])
    column = 2 + codes.index(tier)
    hit, n = first.coverage_by_tier[tier]
    assert page.coverage.index(0, column).data().startswith(f"{hit}/{n} ")
    dialog = page._drill_coverage(page.coverage.index(0, column))
    assert dialog is not None and len(dialog.model.rows) == n - hit
    assert {r.tier_code or "" for r in dialog.model.rows} <= {tier}
    dialog.close()
    # the branch chart shows each tier's coverage in per cent
    assert len(page.coverage_chart.series[0].values) == len(codes)

    # every team figure drills down, the team's book behind its customer count
    for column in range(1, page.teams.columnCount()):
        d = page._drill_team(page.teams.index(0, column))
        assert d is not None
        if column == 1:
            assert len(d.model.rows) == teams[0].customers
        d.close()
    # another coverage window reloads with it
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.coverage_days.setCurrentIndex(0)
    assert page.data is not None and page.data.coverage_days == 30 != days


def test_nothing_due_shows_a_dash_and_the_coverage_chart_drills_down(
    qtbot: QtBot, demo: Demo, settings: Settings, runner: TaskRunner
) -> None:
    gateway = demo.gateway()
    page = _page(qtbot, gateway, settings, runner)
    assert page.data is not None
    column = UNIT_FIGURE.index("reminders")
    assert page.managers.columns[column].title == "Reminders on time"
    # a manager with no reminder due in the period: nothing to measure, not 100 %
    idle = page.managers.rows[0]
    idle.reminders_due = idle.reminders_on_time = 0
    assert page.managers.index(0, column).data() == "—"
    busy = page.managers.rows[1]
    busy.reminders_due, busy.reminders_on_time = 4, 3
    assert page.managers.index(1, column).data() == "3/4 (75.0%)"

    # a bar of the branch coverage chart: the managers' customers of that tier not contacted
    data = page.data
    codes = [code for code, _ in page.coverage_tiers]
    i = next(
        i
        for i, code in enumerate(codes)
        if sum(f.coverage_by_tier.get(code, (0, 0))[1] for f in data.managers)
    )
    code = codes[i]
    missed = sum(
        n - hit for f in data.managers for hit, n in [f.coverage_by_tier.get(code, (0, 0))]
    )
    with qtbot.waitSignal(page.coverage_chart.clicked):
        page.coverage_chart.clicked.emit(i)
    dialog = page.dialogs[-1]
    assert len(dialog.model.rows) == missed
    assert {r.tier_code or "" for r in dialog.model.rows} <= {code}
    assert page._drill_coverage_tier(len(codes)) is None


def test_the_state_line_says_when_potential_customers_were_just_scored(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world.gateway(world.branch.supervisor), settings, runner)
    qtbot.waitUntil(lambda: page.potential is not None, timeout=15000)
    assert page.potential is not None and page.potential.found.computed
    assert "scored just now" in page.state.text()
    page.potential = None
    with qtbot.waitSignal(page.potential_loaded, timeout=15000):
        page.refresh()
    assert page.potential is not None and not page.potential.found.computed
    as_of = str(page.potential.found.as_of)
    assert page.state.text().endswith(f"potential customers as of {as_of}")
