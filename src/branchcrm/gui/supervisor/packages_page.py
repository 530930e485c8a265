"""Service packages and batch work for small customers: packages and their eligible customers
with batch enrolment; call/SMS lists (masked, consent respected) and bulk tasks for a
selection; campaign results by outcome."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui import labels
from branchcrm.gui.charts import BarChart, Series, grouped
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.common import (
    Col,
    TableModel,
    fit_columns,
    fit_to_width,
    submit,
    table_view,
)
from branchcrm.services import campaigns, packages, supervisor_views
from branchcrm.services.campaigns import CampaignResult, ListRow
from branchcrm.services.errors import ServiceError
from branchcrm.services.packages import EligibleRow, PackageRow
from branchcrm.services.portfolio import PortfolioQuery
from branchcrm.tasks import TaskRunner, TaskState

CTX = "PackagesPage"
WAN = 1_000_000


def list_eligible(
    db: Database, actor: Actor, package_id: int, *, state: TaskState
) -> list[EligibleRow]:
    with db.session(actor) as s:
        return packages.eligible(s, actor, package_id, limit=5000)


def enrol(db: Database, actor: Actor, package_id: int, ids: list[int], *, state: TaskState) -> int:
    with db.session(actor) as s:
        return packages.enrol(s, actor, package_id, ids)


def build_list(
    db: Database, actor: Actor, q: PortfolioQuery, kind: str, *, state: TaskState
) -> list[ListRow]:
    with db.session(actor) as s:
        return campaigns.work_list(s, actor, q, kind=kind)


def make_tasks(
    db: Database,
    actor: Actor,
    q: PortfolioQuery,
    campaign: str,
    due: dt.date,
    reason: str,
    *,
    state: TaskState,
) -> int:
    with db.session(actor) as s:
        return campaigns.bulk_tasks(s, actor, q, campaign=campaign, due=due, reason=reason)


def write_list(path: Path, header: list[str], rows: list[ListRow], *, state: TaskState) -> Path:
    """Text cells only (never formulas), masked numbers as the service gave them."""
    from openpyxl import Workbook

    from branchcrm.reports.xlsx_safe import write_table

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    write_table(
        ws,
        header,
        ([r.name, r.phone, r.tier_code or "", r.manager or ""] for r in rows),
        widths=[16, 16, 12, 14],
    )
    wb.save(path)
    return path


@dataclass(frozen=True)
class Outcome:
    name: str
    customers: int


def band(p: PackageRow) -> str:
    lo = f"{p.min_aum_fen / WAN:g}万" if p.min_aum_fen is not None else ""
    hi = f"{p.max_aum_fen / WAN:g}万" if p.max_aum_fen is not None else ""
    return f"{lo}–{hi}" if lo or hi else ""


class PackagesPage(QWidget):
    open_customer = Signal(int)
    status_message = Signal(str)
    loaded = Signal()
    eligible_loaded = Signal()
    list_ready = Signal()
    done = Signal(str)

    def __init__(
        self,
        gateway: Gateway,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway, self.runner = gateway, runner
        self.setObjectName("packagesPage")
        self.tiers: dict[str, str] = gateway.call_plain(supervisor_views.tier_names)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("packageTabs")
        self.tabs.addTab(self._packages_tab(), tr(CTX, "Service &packages"))
        self.tabs.addTab(self._lists_tab(), tr(CTX, "&Work lists and tasks"))
        self.tabs.addTab(self._results_tab(), tr(CTX, "Campaign &results"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.state = QLabel()
        self.state.setObjectName("state")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.state)
        self.setFocusProxy(self.tabs)
        self.refresh()

    def _tier_box(self, any_text: str) -> QComboBox:
        box = QComboBox()
        box.addItem(any_text, None)
        for code, name in self.tiers.items():
            box.addItem(name, code)
        return box

    def _say(self, message: str) -> None:
        self.state.setText(message)
        self.status_message.emit(message)

    # --- packages -------------------------------------------------------------------------

    def _packages_tab(self) -> QWidget:
        self.packages: TableModel[PackageRow] = TableModel(
            [
                Col(tr(CTX, "Code"), lambda p: p.code),
                Col(tr(CTX, "Package"), lambda p: p.name),
                Col(tr(CTX, "Quarter daily-average band"), band),
                Col(tr(CTX, "Tier"), lambda p: self.tiers.get(p.tier_code or "", "")),
                Col(tr(CTX, "Enrolled"), lambda p: grouped(p.enrolled), lambda p: p.enrolled, True),
            ],
            self,
        )
        self.package_view = table_view(self.packages, "packageTable")
        # name and band give way: the enrolled count stays on screen in a narrow pane
        fit_to_width(self.package_view, (1, 2))
        self.package_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.package_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self.load_eligible()
        )
        new_box = QGroupBox(tr(CTX, "New package"))
        form = QFormLayout(new_box)
        self.new_code = QLineEdit()
        self.new_code.setObjectName("newCode")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newName")
        self.new_min = QSpinBox()
        self.new_min.setObjectName("newMin")
        self.new_max = QSpinBox()
        self.new_max.setObjectName("newMax")
        for spin in (self.new_min, self.new_max):
            spin.setRange(0, 100_000)
            spin.setSuffix("万")
            spin.setSpecialValueText(tr(CTX, "none"))
        self.new_tier = self._tier_box(tr(CTX, "any tier"))
        for text, widget in (
            (tr(CTX, "C&ode:"), self.new_code),
            (tr(CTX, "&Name:"), self.new_name),
            (tr(CTX, "From (quarter average):"), self.new_min),
            (tr(CTX, "Below:"), self.new_max),
            (tr(CTX, "Tier:"), self.new_tier),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.create_button = QPushButton(tr(CTX, "&Create package"))
        self.create_button.clicked.connect(self.create_package)
        form.addRow(self.create_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.package_view, 1)
        left_layout.addWidget(new_box)

        self.eligible: TableModel[EligibleRow] = TableModel(
            [
                Col(tr(CTX, "Customer"), lambda r: r.name),
                Col(
                    tr(CTX, "Quarter daily-average (yuan)"),
                    lambda r: labels.money(r.quarter_avg_fen),
                    lambda r: r.quarter_avg_fen,
                    True,
                ),
                Col(tr(CTX, "Tier"), lambda r: self.tiers.get(r.tier_code or "", "")),
            ],
            self,
            checkable=True,
        )
        self.eligible_view = table_view(self.eligible, "eligibleTable")
        self.eligible_view.doubleClicked.connect(self._open_eligible)
        self.eligible_count = QLabel()
        self.eligible_count.setObjectName("eligibleCount")
        self.check_all = QPushButton(tr(CTX, "Tick &all"))
        self.check_all.clicked.connect(lambda: self._check_all(True))
        self.check_none = QPushButton(tr(CTX, "Tick n&one"))
        self.check_none.clicked.connect(lambda: self._check_all(False))
        self.enrol_button = QPushButton(tr(CTX, "&Enrol ticked customers"))
        self.enrol_button.setObjectName("enrol")
        self.enrol_button.clicked.connect(self.enrol_checked)
        self.eligible.dataChanged.connect(lambda *_a: self._eligible_changed())
        buttons = QHBoxLayout()
        buttons.addWidget(self.eligible_count, 1)
        for b in (self.check_all, self.check_none, self.enrol_button):
            buttons.addWidget(b)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(tr(CTX, "Eligible customers not yet enrolled:")))
        right_layout.addWidget(self.eligible_view, 1)
        right_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 700])
        return split

    def refresh(self) -> None:
        try:
            rows = self.gateway.call_plain(packages.list_packages)
        except ServiceError as exc:
            self._say(labels.service_message(exc))
            return
        current = self.current_package()
        self.packages.set_rows(rows)
        row = next((i for i, p in enumerate(rows) if current and p.id == current.id), 0)
        if rows:
            self.package_view.setCurrentIndex(self.packages.index(row, 0))
        else:
            self.eligible.set_rows([])
            self._eligible_changed()
        self.loaded.emit()

    def current_package(self) -> PackageRow | None:
        return self.packages.row(self.package_view.currentIndex())

    def create_package(self) -> int | None:
        try:
            pid = self.gateway.call(
                packages.create_package,
                code=self.new_code.text().strip(),
                name=self.new_name.text().strip(),
                min_aum_fen=self.new_min.value() * WAN or None,
                max_aum_fen=self.new_max.value() * WAN or None,
                tier_code=self.new_tier.currentData(),
            )
        except ServiceError as exc:
            self._say(labels.service_message(exc))
            return None
        self._say(tr(CTX, "Package %1 created.").replace("%1", self.new_name.text().strip()))
        self.new_code.clear()
        self.new_name.clear()
        self.refresh()
        return int(pid)

    def load_eligible(self) -> None:
        package = self.current_package()
        if package is None:
            return
        self.eligible_count.setText(tr(CTX, "Loading…"))

        def done(rows: object) -> None:
            if self.current_package() != package:
                return
            assert isinstance(rows, list)
            self.eligible.set_rows(rows)
            fit_columns(self.eligible_view)
            self._eligible_changed()
            self.eligible_loaded.emit()

        submit(
            self.runner,
            list_eligible,
            self.gateway.db,
            self.gateway.actor,
            package.id,
            done=done,
            failed=self._say,
        )

    def _check_all(self, on: bool) -> None:
        self.eligible.set_all_checked(on)
        self._eligible_changed()

    def _eligible_changed(self) -> None:
        n = len(self.eligible.checked)
        self.eligible_count.setText(
            tr(CTX, "%1 eligible, %2 ticked")
            .replace("%1", grouped(len(self.eligible.rows)))
            .replace("%2", grouped(n))
        )
        self.enrol_button.setEnabled(n > 0)

    def enrol_checked(self) -> None:
        package = self.current_package()
        ids = [r.customer_id for r in self.eligible.checked_rows()]
        if package is None or not ids:
            return
        self.enrol_button.setEnabled(False)

        def done(n: object) -> None:
            self._say(
                tr(CTX, "%1 customer(s) enrolled in %2.")
                .replace("%1", str(n))
                .replace("%2", package.name)
            )
            self.done.emit("enrol")
            self.refresh()

        submit(
            self.runner,
            enrol,
            self.gateway.db,
            self.gateway.actor,
            package.id,
            ids,
            done=done,
            failed=self._say,
        )

    # --- work lists and bulk tasks --------------------------------------------------------

    def _lists_tab(self) -> QWidget:
        self.list_tier = self._tier_box(tr(CTX, "All tiers"))
        self.list_tier.setObjectName("listTier")
        self.list_days = QSpinBox()
        self.list_days.setObjectName("listDays")
        self.list_days.setRange(0, 3650)
        self.list_days.setSpecialValueText(tr(CTX, "any"))
        self.list_days.setSuffix(tr(CTX, " days"))
        self.list_kind = QComboBox()
        self.list_kind.setObjectName("listKind")
        self.list_kind.addItem(tr(CTX, "Call list (service calls)"), "call")
        self.list_kind.addItem(tr(CTX, "SMS list (marketing consent only)"), "sms")
        self.list_kind.addItem(tr(CTX, "Marketing call list (consent only)"), "marketing_call")
        self.list_button = QPushButton(tr(CTX, "&Show list"))
        self.list_button.setObjectName("showList")
        self.list_button.clicked.connect(self.show_list)
        self.export_button = QPushButton(tr(CTX, "E&xport .xlsx…"))
        self.export_button.setObjectName("exportList")
        self.export_button.clicked.connect(lambda: self.export_list())
        self.export_button.setEnabled(False)
        top = QHBoxLayout()
        for text, widget in (
            (tr(CTX, "T&ier:"), self.list_tier),
            (tr(CTX, "Not contacted &for:"), self.list_days),
            (tr(CTX, "&List:"), self.list_kind),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addWidget(self.list_button)
        top.addWidget(self.export_button)
        top.addStretch(1)
        self.list_rows: TableModel[ListRow] = TableModel(
            [
                Col(tr(CTX, "Customer"), lambda r: r.name),
                Col(tr(CTX, "Phone"), lambda r: r.phone),
                Col(tr(CTX, "Tier"), lambda r: self.tiers.get(r.tier_code or "", "")),
                Col(tr(CTX, "Primary manager"), lambda r: r.manager or ""),
            ],
            self,
        )
        self.list_view = table_view(self.list_rows, "listTable")
        self.list_view.doubleClicked.connect(self._open_listed)
        self.list_count = QLabel()
        self.list_count.setObjectName("listCount")

        tasks = QGroupBox(tr(CTX, "Bulk tasks for the same selection"))
        form = QFormLayout(tasks)
        self.campaign = QLineEdit()
        self.campaign.setObjectName("campaign")
        self.campaign.setPlaceholderText(tr(CTX, "e.g. 2027 spring deposit drive"))
        self.task_due = QDateEdit(QDate.currentDate().addDays(7))
        self.task_due.setObjectName("taskDue")
        self.task_due.setCalendarPopup(True)
        self.task_due.setDisplayFormat("yyyy-MM-dd")
        self.task_reason = QLineEdit()
        self.task_reason.setObjectName("taskReason")
        self.task_reason.setPlaceholderText(tr(CTX, "What to do, e.g. call about the new package"))
        self.task_button = QPushButton(tr(CTX, "Create &tasks"))
        self.task_button.setObjectName("createTasks")
        self.task_button.clicked.connect(self.create_tasks)
        fields: tuple[tuple[str, QWidget], ...] = (
            (tr(CTX, "&Campaign:"), self.campaign),
            (tr(CTX, "&Due:"), self.task_due),
            (tr(CTX, "&Reason:"), self.task_reason),
        )
        for caption, editor in fields:
            label = QLabel(caption)
            label.setBuddy(editor)
            form.addRow(label, editor)
        form.addRow(self.task_button)
        note = QLabel(
            tr(
                CTX,
                "Numbers are masked. SMS and marketing lists leave out customers without "
                "marketing consent. Each task goes to whoever serves the customer on the due "
                "date; contacts logged with the campaign's name count as responses.",
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.list_count)
        layout.addWidget(tasks)
        layout.addWidget(note)
        return page

    def list_query(self) -> PortfolioQuery:
        return PortfolioQuery(
            scope="branch",
            tier=self.list_tier.currentData(),
            min_days_since_contact=self.list_days.value() or None,
        )

    def show_list(self) -> None:
        self.list_count.setText(tr(CTX, "Loading…"))
        self.list_button.setEnabled(False)

        def done(rows: object) -> None:
            assert isinstance(rows, list)
            self.list_button.setEnabled(True)
            self.list_rows.set_rows(rows)
            fit_columns(self.list_view)
            self.export_button.setEnabled(bool(rows))
            self.list_count.setText(
                tr(CTX, "%1 customer(s) on the list").replace("%1", grouped(len(rows)))
            )
            self.list_ready.emit()

        def failed(message: str) -> None:
            self.list_button.setEnabled(True)
            self.list_count.setText(message)
            self._say(message)

        submit(
            self.runner,
            build_list,
            self.gateway.db,
            self.gateway.actor,
            self.list_query(),
            str(self.list_kind.currentData()),
            done=done,
            failed=failed,
        )

    def export_list(self, path: Path | None = None) -> None:
        if not self.list_rows.rows:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                tr(CTX, "Export work list"),
                f"{self.list_kind.currentData()}-list.xlsx",
                tr(CTX, "Excel workbook (*.xlsx)"),
            )
            if not name:
                return
            path = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")
        header = [c.title for c in self.list_rows.columns]
        submit(
            self.runner,
            write_list,
            path,
            header,
            list(self.list_rows.rows),
            done=self._exported,
            failed=self._say,
        )

    def _exported(self, path: object) -> None:
        self._say(tr(CTX, "Saved %1").replace("%1", str(path)))
        self.done.emit("export")

    def _open_eligible(self, index: QModelIndex) -> None:
        row = self.eligible.row(index)
        if row is not None:
            self.open_customer.emit(row.customer_id)

    def _open_listed(self, index: QModelIndex) -> None:
        row = self.list_rows.row(index)
        if row is not None:
            self.open_customer.emit(row.customer_id)

    def create_tasks(self) -> None:
        campaign = self.campaign.text().strip()
        reason = self.task_reason.text().strip() or campaign
        due = self.task_due.date().toPython()
        assert isinstance(due, dt.date)
        self.task_button.setEnabled(False)

        def done(n: object) -> None:
            self.task_button.setEnabled(True)
            self._say(
                tr(CTX, "%1 task(s) created for campaign %2.")
                .replace("%1", str(n))
                .replace("%2", campaign)
            )
            self.done.emit("tasks")

        def failed(message: str) -> None:
            self.task_button.setEnabled(True)
            self._say(message)

        submit(
            self.runner,
            make_tasks,
            self.gateway.db,
            self.gateway.actor,
            self.list_query(),
            campaign,
            due,
            reason,
            done=done,
            failed=failed,
        )

    # --- campaign results -----------------------------------------------------------------

    def _results_tab(self) -> QWidget:
        self.campaigns = QComboBox()
        self.campaigns.setObjectName("campaignResults")
        self.campaigns.setMinimumContentsLength(20)
        self.campaigns.currentIndexChanged.connect(lambda _i: self.show_results())
        label = QLabel(tr(CTX, "Ca&mpaign:"))
        label.setBuddy(self.campaigns)
        self.results_summary = QLabel()
        self.results_summary.setObjectName("resultsSummary")
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.campaigns)
        top.addWidget(self.results_summary, 1)
        self.outcome_chart = BarChart(tr(CTX, "Responses by outcome (customers)"), horizontal=True)
        self.outcome_chart.setObjectName("outcomeChart")
        self.outcomes: TableModel[Outcome] = TableModel(
            [
                Col(tr(CTX, "Outcome"), lambda o: o.name),
                Col(
                    tr(CTX, "Customers"),
                    lambda o: grouped(o.customers),
                    lambda o: o.customers,
                    True,
                ),
            ],
            self,
        )
        self.outcome_view = table_view(self.outcomes, "outcomeTable")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.outcome_chart)
        split.addWidget(self.outcome_view)
        split.setSizes([760, 420])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        return page

    def _tab_changed(self, index: int) -> None:
        if index == 2:
            self.load_campaigns()

    def load_campaigns(self) -> None:
        try:
            names = self.gateway.call(supervisor_views.campaign_names)
        except ServiceError as exc:
            self._say(labels.service_message(exc))
            return
        current = self.campaigns.currentText()
        self.campaigns.blockSignals(True)
        self.campaigns.clear()
        self.campaigns.addItems(names)
        if current in names:
            self.campaigns.setCurrentText(current)
        self.campaigns.blockSignals(False)
        self.show_results()

    def show_results(self) -> CampaignResult | None:
        name = self.campaigns.currentText()
        if not name:
            self.results_summary.setText(tr(CTX, "No campaigns yet."))
            self.outcomes.set_rows([])
            self.outcome_chart.set_data([], [])
            return None
        try:
            result: CampaignResult = self.gateway.call_plain(campaigns.results, name)
        except ServiceError as exc:
            self._say(labels.service_message(exc))
            return None
        rows = sorted(
            (
                Outcome(tr(CTX, "unrecorded") if k == "unrecorded" else k, v)
                for k, v in result.by_outcome.items()
            ),
            key=lambda o: -o.customers,
        )
        self.outcomes.set_rows(rows)
        fit_columns(self.outcome_view)
        self.outcome_chart.set_data(
            [o.name for o in rows], [Series("", [o.customers for o in rows])]
        )
        rate = f"{100 * result.contacted / result.targeted:.1f}%" if result.targeted else "—"
        self.results_summary.setText(
            tr(CTX, "%1 targeted by tasks · %2 contacted · response %3")
            .replace("%1", grouped(result.targeted))
            .replace("%2", grouped(result.contacted))
            .replace("%3", rate)
        )
        return result
