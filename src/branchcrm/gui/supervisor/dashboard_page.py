"""The supervisors' dashboard: branch assets trend, tiers, migration, per-manager and per-team
figures, contact coverage by tier, potential customers found and converted.

Everything for a period is computed in one background task; every figure drills down to the
customers behind it (double-click a cell, or click a bar).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui import labels
from branchcrm.gui.charts import BarChart, DonutChart, LineChart, Series, grouped, wan, wan_axis
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.common import (
    ROOT,
    Col,
    DrillDialog,
    Index,
    PeriodBox,
    TableModel,
    fit_columns,
    submit,
    table_view,
)
from branchcrm.services import dashboard, supervisor_views
from branchcrm.services.dashboard import ManagerFigures, TeamFigures, TierSlice
from branchcrm.services.periods import Period, months_back, parse_period
from branchcrm.services.supervisor_views import DrillRow
from branchcrm.tasks import TaskRunner, TaskState

CTX = "DashboardPage"
COVERAGE_DAYS = (30, 60, 90, 180)


@dataclass
class DashboardData:
    period: Period
    trend: list[tuple[str, int]]
    tiers: list[TierSlice]
    migration: dict[tuple[str, str], int]
    managers: list[ManagerFigures]
    satisfaction: dict[int, list[tuple[str, float | None, int]]] = field(default_factory=dict)
    referrals: list[tuple[int, str, int]] = field(default_factory=list)
    staff: dict[int, str] = field(default_factory=dict)
    teams: list[TeamFigures] = field(default_factory=list)
    coverage_days: int = 90


def load_dashboard(
    db: Database, actor: Actor, label: str, coverage_days: int = 90, *, state: TaskState
) -> DashboardData:
    period = parse_period(label)
    with db.session(actor) as s:
        state.progress(0, 6, "trend")
        trend = dashboard.assets_trend(s, actor, period.last_month, 24)
        first = next((i for i, (_, v) in enumerate(trend) if v), len(trend))
        trend = trend[first:]  # from the first month with balances
        state.progress(1, 6, "tiers")
        tiers = dashboard.tier_distribution(s, actor)
        migration = dashboard.migration_matrix(s, actor, period)
        state.progress(2, 6, "credit")
        credited = dashboard.credited(s, actor, period)
        state.progress(3, 6, "managers")
        managers = dashboard.manager_figures(
            s, actor, period, coverage_days=coverage_days, credited=credited
        )
        state.progress(4, 6, "teams")
        teams = dashboard.team_figures(
            s, actor, period, coverage_days=coverage_days, credited=credited
        )
        state.progress(5, 6, "satisfaction")
        satisfaction = dashboard.satisfaction_trend(s, actor, months_back(period.last_month, 6))
        referrals = dashboard.referral_counts(s, actor)
        staff = supervisor_views.staff_names(s, list(satisfaction))
        state.progress(6, 6, "")
    return DashboardData(
        period,
        trend,
        tiers,
        migration,
        managers,
        satisfaction,
        referrals,
        staff,
        teams,
        coverage_days,
    )


@dataclass
class PotentialData:
    period: Period
    found: dashboard.PotentialFigures
    managers: dict[int, tuple[int, int]]  # staff id -> (found, converted)
    teams: dict[int, tuple[int, int]]  # team id -> (found, converted)


def load_potential(db: Database, actor: Actor, label: str, *, state: TaskState) -> PotentialData:
    """Potential customers, loaded after the others: read from the snapshot of the period's
    first day, which the first view of a period without one takes (the branch scored once)."""
    period = parse_period(label)
    with db.session(actor) as s:
        state.progress(0, 1, "potential")
        found = dashboard.potential_figures(s, actor, period)
        managers, teams = dashboard.potential_by_unit(s, actor, found)
    return PotentialData(period, found, managers, teams)


def _count(value: int | None) -> str:
    return "…" if value is None else grouped(value)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _on_time_text(f: ManagerFigures) -> str:
    """On time out of due; a dash when nothing fell due (nothing to measure, not 100 %)."""
    if not f.reminders_due:
        return "—"
    return f"{f.reminders_on_time}/{f.reminders_due} ({_pct(f.on_time_rate)})"


def unit_name(f: ManagerFigures) -> str:
    if isinstance(f, TeamFigures):
        return f"{f.name} ({', '.join(f.members)})" if f.members else f.name
    return f"{f.name} ({f.login})"


# (figure drilled into, column) for the manager and team tables, in column order
def unit_columns(first: str) -> list[tuple[str, Col[ManagerFigures]]]:
    return [
        ("customers", Col(first, unit_name)),
        (
            "customers",
            Col(tr(CTX, "Customers"), lambda f: grouped(f.customers), lambda f: f.customers, True),
        ),
        ("assets", Col(tr(CTX, "Assets"), lambda f: wan(f.aum_fen), lambda f: f.aum_fen, True)),
        (
            "growth",
            Col(tr(CTX, "Growth"), lambda f: wan(f.growth_fen), lambda f: f.growth_fen, True),
        ),
        (
            "credited",
            Col(
                tr(CTX, "Growth credited"),
                lambda f: wan(f.credited_fen),
                lambda f: f.credited_fen,
                True,
            ),
        ),
        (
            "coverage",
            Col(
                tr(CTX, "Contact coverage"), lambda f: _pct(f.coverage), lambda f: f.coverage, True
            ),
        ),
        (
            "completeness",
            Col(
                tr(CTX, "Completeness"),
                lambda f: f"{f.completeness_avg:.1f}%",
                lambda f: f.completeness_avg,
                True,
            ),
        ),
        (
            "reminders",
            Col(
                tr(CTX, "Reminders on time"),
                _on_time_text,
                lambda f: f.on_time_rate if f.reminders_due else -1.0,
                True,
            ),
        ),
        (
            "system_use",
            Col(
                tr(CTX, "Contacts logged"),
                lambda f: grouped(f.contacts_logged),
                lambda f: f.contacts_logged,
                True,
            ),
        ),
        (
            "system_use",
            Col(
                tr(CTX, "System use"),
                lambda f: (
                    tr(CTX, "%1 contacts · %2 files · %3 reminders")
                    .replace("%1", str(f.contacts_logged))
                    .replace("%2", str(f.files_updated))
                    .replace("%3", str(f.reminders_acted))
                ),
                lambda f: f.contacts_logged + f.files_updated + f.reminders_acted,
                True,
            ),
        ),
        (
            "potential",
            Col(
                tr(CTX, "Potential found"),
                lambda f: _count(f.potential_found),
                lambda f: -1 if f.potential_found is None else f.potential_found,
                True,
            ),
        ),
        (
            "converted",
            Col(
                tr(CTX, "Converted"),
                lambda f: _count(f.potential_converted),
                lambda f: -1 if f.potential_converted is None else f.potential_converted,
                True,
            ),
        ),
    ]


def manager_columns() -> list[Col[ManagerFigures]]:
    return [col for _, col in unit_columns(tr(CTX, "Manager"))]


def team_columns() -> list[Col[ManagerFigures]]:
    return [col for _, col in unit_columns(tr(CTX, "Team"))]


# column index -> the figure drilled into (the same for managers and teams)
UNIT_FIGURE = [figure for figure, _ in unit_columns("")]


def coverage_columns(tiers: list[tuple[str, str]]) -> list[Col[ManagerFigures]]:
    """Manager or team, overall coverage, then the coverage of each tier: contacted/customers."""

    def name(f: ManagerFigures) -> str:
        label = tr(CTX, "Team: %1") if isinstance(f, TeamFigures) else "%1"
        return label.replace("%1", unit_name(f))

    def cell(code: str, title: str) -> Col[ManagerFigures]:
        def text(f: ManagerFigures) -> str:
            hit, n = f.coverage_by_tier.get(code, (0, 0))
            return f"{hit}/{n} ({_pct(hit / n)})" if n else "—"

        def key(f: ManagerFigures) -> float:
            value = f.tier_coverage(code)
            return -1.0 if value is None else value

        return Col(title, text, key, True)

    return [
        Col(tr(CTX, "Manager or team"), name),
        Col(tr(CTX, "All tiers"), lambda f: _pct(f.coverage), lambda f: f.coverage, True),
        *(cell(code, title) for code, title in tiers),
    ]


class MigrationModel(QAbstractTableModel):
    """Tier at the start of the period (rows) against tier at its end (columns)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tiers: list[tuple[str, str]] = []  # (code, name), by rank
        self.counts: dict[tuple[str, str], int] = {}

    def set_data(self, tiers: list[tuple[str, str]], counts: dict[tuple[str, str], int]) -> None:
        self.beginResetModel()
        codes = [c for c, _ in tiers]
        extra = sorted({k for pair in counts for k in pair} - set(codes))
        self.tiers = list(tiers) + [(c, c or tr(CTX, "Unrated")) for c in extra]
        self.counts = dict(counts)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.tiers)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.tiers)

    def cell(self, index: Index) -> tuple[str, str] | None:
        if not index.isValid() or index.row() >= len(self.tiers):
            return None
        return self.tiers[index.row()][0], self.tiers[index.column()][0]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is None:
            return None
        n = self.counts.get(cell, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return grouped(n) if n else ("·" if cell[0] == cell[1] else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                tr(CTX, "%1 → %2: %3 customer(s)")
                .replace("%1", self.tiers[index.row()][1])
                .replace("%2", self.tiers[index.column()][1])
                .replace("%3", str(n))
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter.value)
        if role == Qt.ItemDataRole.BackgroundRole and n:
            up = index.column() > index.row()
            return QBrush(QColor("#d8f0dc" if up else "#f8dcd8"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not 0 <= section < len(self.tiers):
            return None
        name = self.tiers[section][1]
        return (
            tr(CTX, "to %1").replace("%1", name)
            if orientation == Qt.Orientation.Horizontal
            else tr(CTX, "from %1").replace("%1", name)
        )


class DashboardPage(QWidget):
    open_customer = Signal(int)
    status_message = Signal(str)
    loaded = Signal()
    potential_loaded = Signal()

    def __init__(
        self,
        gateway: Gateway,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway, self.runner = gateway, runner
        self.setObjectName("dashboardPage")
        self.data: DashboardData | None = None
        self.potential: PotentialData | None = None
        self.dialogs: list[DrillDialog] = []
        self.busy = False
        self.state_base = ""

        self.period = PeriodBox(today)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        period_label = QLabel(tr(CTX, "&Period:"))
        period_label.setBuddy(self.period)
        self.coverage_days = QComboBox()
        self.coverage_days.setObjectName("coverageDays")
        for days in COVERAGE_DAYS:
            self.coverage_days.addItem(tr(CTX, "%1 days").replace("%1", str(days)), days)
        self.coverage_days.setCurrentIndex(COVERAGE_DAYS.index(90))
        self.coverage_days.setToolTip(
            tr(CTX, "Contact coverage: the share of customers contacted within this many days")
        )
        self.coverage_days.currentIndexChanged.connect(lambda _i: self.refresh())
        coverage_label = QLabel(tr(CTX, "C&ontacted within:"))
        coverage_label.setBuddy(self.coverage_days)
        self.refresh_button = QPushButton(tr(CTX, "&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.state = QLabel()
        self.state.setObjectName("state")
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addWidget(coverage_label)
        top.addWidget(self.coverage_days)
        top.addWidget(self.refresh_button)
        top.addWidget(self.state, 1)

        self.trend = LineChart(tr(CTX, "Branch assets (month daily-average)"))
        self.trend.setObjectName("trendChart")
        self.trend.value_format, self.trend.axis_format = wan, wan_axis
        self.trend.empty_text = tr(CTX, "No balances for this period")
        self.trend.clicked.connect(self._drill_month)
        self.tier_chart = BarChart(tr(CTX, "Customers by tier"))
        self.tier_chart.setObjectName("tierChart")
        self.tier_chart.clicked.connect(self._drill_tier)
        self.tier_assets = DonutChart(tr(CTX, "Assets by tier"))
        self.tier_assets.setObjectName("tierAssets")
        self.tier_assets.value_format = wan
        self.tier_assets.clicked.connect(self._drill_tier_assets)
        charts = QSplitter(Qt.Orientation.Horizontal)
        for chart in (self.trend, self.tier_chart, self.tier_assets):
            charts.addWidget(chart)
        charts.setSizes([520, 340, 420])

        self.managers: TableModel[ManagerFigures] = TableModel(manager_columns(), self)
        self.manager_view = table_view(self.managers, "managerTable")
        self.manager_view.doubleClicked.connect(self._drill_manager)
        self.manager_view.activated.connect(self._drill_manager)
        drill_tip = tr(CTX, "Double-click a figure (or press Enter) to see the customers behind it")
        self.manager_view.setToolTip(drill_tip)
        self.teams: TableModel[ManagerFigures] = TableModel(team_columns(), self)
        self.team_view = table_view(self.teams, "teamTable")
        self.team_view.doubleClicked.connect(self._drill_team)
        self.team_view.activated.connect(self._drill_team)
        self.team_view.setToolTip(drill_tip)
        self.coverage_tiers: list[tuple[str, str]] = []
        self.coverage: TableModel[ManagerFigures] = TableModel(coverage_columns([]), self)
        self.coverage_view = table_view(self.coverage, "coverageTable")
        self.coverage_view.doubleClicked.connect(self._drill_coverage)
        self.coverage_view.activated.connect(self._drill_coverage)
        self.coverage_view.setToolTip(
            tr(CTX, "Contacted/customers per tier; double-click to see who was not contacted")
        )
        self.coverage_chart = BarChart(tr(CTX, "Contact coverage by tier (branch, %)"))
        self.coverage_chart.setObjectName("coverageChart")
        self.coverage_chart.value_format = lambda v: f"{v:.1f}%"
        self.coverage_chart.clicked.connect(self._drill_coverage_tier)
        self.coverage_chart.setToolTip(
            tr(CTX, "Click a bar to see the branch's customers of that tier not contacted")
        )
        coverage = QSplitter(Qt.Orientation.Horizontal)
        coverage.addWidget(self.coverage_chart)
        coverage.addWidget(self.coverage_view)
        coverage.setSizes([420, 840])
        self.migration = MigrationModel(self)
        self.migration_view = table_view(self.migration, "migrationTable", sortable=False)
        self.migration_view.verticalHeader().show()
        self.migration_view.horizontalHeader().setStretchLastSection(False)
        self.migration_view.doubleClicked.connect(self._drill_migration)
        self.migration_view.activated.connect(self._drill_migration)
        self.satisfaction: TableModel[tuple[str, list[tuple[str, float | None, int]]]] = TableModel(
            [], self
        )
        self.satisfaction_view = table_view(self.satisfaction, "satisfactionTable")
        self.satisfaction_chart = LineChart(tr(CTX, "Average satisfaction (1–5) per manager"))
        self.satisfaction_chart.setObjectName("satisfactionChart")
        self.satisfaction_chart.value_format = lambda v: f"{v:.2f}"
        satisfaction = QSplitter(Qt.Orientation.Horizontal)
        satisfaction.addWidget(self.satisfaction_chart)
        satisfaction.addWidget(self.satisfaction_view)
        satisfaction.setSizes([560, 700])
        self.referrals: TableModel[tuple[int, str, int]] = TableModel(
            [
                Col(tr(CTX, "Customer"), lambda r: r[1]),
                Col(tr(CTX, "Customers referred"), lambda r: str(r[2]), lambda r: r[2], True),
            ],
            self,
        )
        self.referral_view = table_view(self.referrals, "referralTable")
        self.referral_view.doubleClicked.connect(self._open_referrer)
        self.referral_view.activated.connect(self._open_referrer)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboardTabs")
        self.tabs.addTab(self.manager_view, tr(CTX, "&Managers"))
        self.tabs.addTab(self.team_view, tr(CTX, "&Teams"))
        self.tabs.addTab(coverage, tr(CTX, "&Coverage by tier"))
        self.tabs.addTab(self.migration_view, tr(CTX, "Tier &migration"))
        self.tabs.addTab(satisfaction, tr(CTX, "&Satisfaction"))
        self.tabs.addTab(self.referral_view, tr(CTX, "Re&ferrals"))

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(charts)
        body.addWidget(self.tabs)
        body.setSizes([300, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        self.setFocusProxy(self.period)
        self.refresh()

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.refresh_button.setEnabled(False)
        self.state.setText(tr(CTX, "Loading…"))
        submit(
            self.runner,
            load_dashboard,
            self.gateway.db,
            self.gateway.actor,
            self.period.period(),
            int(self.coverage_days.currentData()),
            done=self._show,
            failed=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.busy = False
        self.refresh_button.setEnabled(True)
        self.state.setText(message)
        self.status_message.emit(message)

    def _show(self, result: object) -> None:
        self.busy = False
        self.refresh_button.setEnabled(True)
        assert isinstance(result, DashboardData)
        data = self.data = result
        days = int(self.coverage_days.currentData())
        if data.period.label != self.period.period() or data.coverage_days != days:
            # the choice changed meanwhile
            self.refresh()
            return
        total = sum(t.customers for t in data.tiers)
        self.state_base = (
            tr(CTX, "%1 · %2 active customers · %3 managers")
            .replace("%1", data.period.label)
            .replace("%2", grouped(total))
            .replace("%3", str(len(data.managers)))
        )
        self.state.setText(self.state_base + " · " + tr(CTX, "counting potential customers…"))
        self.trend.set_data([p for p, _ in data.trend], [Series("", [v for _, v in data.trend])])
        names = [t.tier_name if t.tier_code else tr(CTX, "Unrated") for t in data.tiers]
        self.tier_chart.set_data(names, [Series("", [t.customers for t in data.tiers])])
        self.tier_assets.set_data(
            [(n, t.aum_fen) for n, t in zip(names, data.tiers, strict=True)],
            wan(sum(t.aum_fen for t in data.tiers)),
        )
        self.managers.set_rows(data.managers)
        fit_columns(self.manager_view, 300)
        self.teams.set_rows(data.teams)
        fit_columns(self.team_view, 300)
        self._show_coverage(data, names)
        self.migration.set_data(
            [(t.tier_code, t.tier_name) for t in data.tiers if t.tier_code], data.migration
        )
        for c in range(self.migration.columnCount()):
            self.migration_view.setColumnWidth(c, 120)
        self._show_satisfaction(data)
        self.referrals.set_rows(data.referrals)
        fit_columns(self.referral_view)
        self.potential = None
        self.loaded.emit()
        submit(
            self.runner,
            load_potential,
            self.gateway.db,
            self.gateway.actor,
            data.period.label,
            done=self._show_potential,
            failed=self._failed_potential,
        )

    def _show_potential(self, result: object) -> None:
        assert isinstance(result, PotentialData)
        if self.data is None or result.period.label != self.data.period.label:
            return  # a later load will bring its own
        self.potential = result
        found = result.found
        if found.computed:
            note = tr(CTX, "potential customers scored just now (as of %1) and stored")
        else:
            note = tr(CTX, "potential customers as of %1")
        self.state.setText(self.state_base + " · " + note.replace("%1", str(found.as_of or "")))
        for model, counts in ((self.managers, result.managers), (self.teams, result.teams)):
            model.beginResetModel()
            for f in model.rows:
                f.potential_found, f.potential_converted = counts.get(f.staff_id, (0, 0))
            model.endResetModel()
        self.potential_loaded.emit()

    def _failed_potential(self, message: str) -> None:
        self.state.setText(self.state_base)
        self.status_message.emit(message)

    def _show_coverage(self, data: DashboardData, names: list[str]) -> None:
        # (code, name) of the tiers in the coverage table's columns ('' for unrated)
        self.coverage_tiers = [(t.tier_code, n) for t, n in zip(data.tiers, names, strict=True)]
        model = self.coverage
        model.beginResetModel()
        model.columns = coverage_columns(self.coverage_tiers)
        model.rows = [*data.managers, *data.teams]
        model.endResetModel()
        fit_columns(self.coverage_view, 300)
        branch = []
        for t in data.tiers:
            hit = sum(f.coverage_by_tier.get(t.tier_code, (0, 0))[0] for f in data.managers)
            n = sum(f.coverage_by_tier.get(t.tier_code, (0, 0))[1] for f in data.managers)
            branch.append(100.0 * hit / n if n else 0.0)
        self.coverage_chart.set_data(names, [Series("", branch)])

    def _show_satisfaction(self, data: DashboardData) -> None:
        names = dict(data.staff)
        months = months_back(data.period.last_month, 6)

        def cell(i: int) -> Col[tuple[str, list[tuple[str, float | None, int]]]]:
            def text(r: tuple[str, list[tuple[str, float | None, int]]]) -> str:
                _m, avg, n = r[1][i]
                return f"{avg:.2f} ({n})" if avg is not None else ""

            return Col(months[i], text, lambda r: r[1][i][1] or 0.0, True)

        model = self.satisfaction
        model.beginResetModel()
        model.columns = [Col(tr(CTX, "Staff"), lambda r: r[0]), *(cell(i) for i in range(6))]
        model.rows = sorted(
            (
                (names.get(sid, tr(CTX, "Imported surveys") if sid is None else str(sid)), rows)
                for sid, rows in data.satisfaction.items()
            ),
            key=lambda r: r[0],
        )
        model.endResetModel()
        fit_columns(self.satisfaction_view)
        managers = {f.staff_id for f in data.managers}
        self.satisfaction_chart.set_data(
            months,
            [
                Series(names.get(sid, str(sid)), [avg or 0.0 for _m, avg, _n in rows])
                for sid, rows in sorted(data.satisfaction.items(), key=lambda kv: str(kv[0]))
                if sid in managers
            ],
        )

    # --- drill-down -----------------------------------------------------------------------

    def drill(self, title: str, fn: Any, *args: Any, **kwargs: Any) -> DrillDialog | None:
        try:
            rows: list[DrillRow] = self.gateway.call(fn, *args, **kwargs)
        except Exception as exc:
            self.status_message.emit(labels.service_message(exc))
            return None
        dialog = DrillDialog(title, rows, self)
        dialog.open_customer.connect(self.open_customer)
        dialog.finished.connect(lambda _r, d=dialog: self.dialogs.remove(d))
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def drill_unit(
        self, f: ManagerFigures, figure: str, what: str, tier: str | None = None
    ) -> DrillDialog | None:
        """The customers behind one figure of a manager's or a team's row."""
        if self.data is None:
            return None
        title = f"{f.name} — {what} ({self.data.period.label})"
        fn = (
            supervisor_views.team_customers
            if isinstance(f, TeamFigures)
            else supervisor_views.manager_customers
        )
        return self.drill(
            title,
            fn,
            f.staff_id,
            figure,
            self.data.period,
            tier=tier,
            coverage_days=self.data.coverage_days,
            potential=self.potential.found if self.potential is not None else None,
        )

    def _drill_manager(self, index: QModelIndex) -> DrillDialog | None:
        return self._drill_row(self.managers, index)

    def _drill_team(self, index: QModelIndex) -> DrillDialog | None:
        return self._drill_row(self.teams, index)

    def _drill_row(
        self, model: TableModel[ManagerFigures], index: QModelIndex
    ) -> DrillDialog | None:
        f = model.row(index)
        if f is None or not 0 <= index.column() < len(UNIT_FIGURE):
            return None
        what = model.columns[index.column()].title
        return self.drill_unit(f, UNIT_FIGURE[index.column()], what)

    def _drill_coverage(self, index: QModelIndex) -> DrillDialog | None:
        f = self.coverage.row(index)
        if f is None:
            return None
        tiers = self.coverage_tiers
        column = index.column()
        tier = tiers[column - 2] if 2 <= column < 2 + len(tiers) else None
        days = self.data.coverage_days if self.data else 90
        what = tr(CTX, "not contacted within %1 days").replace("%1", str(days))
        if tier is not None:
            what = f"{tier[1]}: {what}"
        return self.drill_unit(f, "coverage", what, tier[0] if tier is not None else None)

    def _drill_coverage_tier(self, i: int) -> DrillDialog | None:
        """A bar of the branch coverage chart: the managers' customers of that tier who were
        not contacted within the window (the table's drill-down, for the whole branch)."""
        if self.data is None or not 0 <= i < len(self.coverage_tiers):
            return None
        code, name = self.coverage_tiers[i]
        what = tr(CTX, "not contacted within %1 days").replace("%1", str(self.data.coverage_days))
        return self.drill(
            f"{name}: {what} ({self.data.period.label})",
            supervisor_views.branch_customers,
            "coverage",
            self.data.period,
            tier=code,
            coverage_days=self.data.coverage_days,
        )

    def _drill_migration(self, index: QModelIndex) -> DrillDialog | None:
        cell = self.migration.cell(index)
        if cell is None or self.data is None or not self.migration.counts.get(cell):
            return None
        title = self.migration.data(index, Qt.ItemDataRole.ToolTipRole)
        return self.drill(str(title), supervisor_views.migration_customers, self.data.period, *cell)

    def _drill_tier(self, i: int) -> DrillDialog | None:
        if self.data is None or not 0 <= i < len(self.data.tiers):
            return None
        tier = self.data.tiers[i]
        return self.drill(
            tr(CTX, "Customers in %1").replace("%1", tier.tier_name),
            supervisor_views.tier_customers,
            tier.tier_code,
        )

    def _drill_tier_assets(self, i: int) -> DrillDialog | None:
        if self.data is None:
            return None
        nonzero = [t for t in self.data.tiers if t.aum_fen > 0]
        if not 0 <= i < len(nonzero):
            return None
        return self._drill_tier(self.data.tiers.index(nonzero[i]))

    def _drill_month(self, i: int) -> DrillDialog | None:
        if self.data is None or not 0 <= i < len(self.data.trend):
            return None
        month = self.data.trend[i][0]
        return self.drill(
            tr(CTX, "Assets in %1, largest first").replace("%1", month),
            supervisor_views.month_customers,
            month,
        )

    def _open_referrer(self, index: QModelIndex) -> None:
        row = self.referrals.row(index)
        if row is not None:
            self.open_customer.emit(row[0])
