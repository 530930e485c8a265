"""The rebalancing workbench: loads per manager, customers picked by filters or by hand and
moved by drag and drop or "Move to…", a suggested rebalancing shown before and after, applied
as one batch, and undo of the last batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.engines.rebalance import Figures
from branchcrm.gui import labels
from branchcrm.gui.charts import BarChart, Series, grouped, wan
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.common import (
    BarDelegate,
    Col,
    TableModel,
    fit_columns,
    ids_from_mime,
    submit,
    table_view,
)
from branchcrm.services import rebalancing, supervisor_views
from branchcrm.services.rebalancing import BatchResult, PlannedMove, RebalancePlan
from branchcrm.services.supervisor_views import BatchRow, ManagerLoad, WorkFilter, WorkRow
from branchcrm.tasks import TaskRunner, TaskState

CTX = "WorkbenchPage"


@dataclass
class BenchData:
    loads: list[ManagerLoad]
    tiers: dict[str, str]
    batches: list[BatchRow]


def load_bench(db: Database, actor: Actor, *, state: TaskState) -> BenchData:
    with db.session(actor) as s:
        return BenchData(
            supervisor_views.workbench_loads(s, actor),
            supervisor_views.tier_names(s),
            supervisor_views.recent_batches(s, actor),
        )


def load_customers(db: Database, actor: Actor, f: WorkFilter, *, state: TaskState) -> list[WorkRow]:
    with db.session(actor) as s:
        return supervisor_views.workbench_customers(s, actor, f)


def propose(db: Database, actor: Actor, *, state: TaskState) -> RebalancePlan:
    with db.session(actor) as s:
        return rebalancing.propose(s, actor)


def apply_plan(db: Database, actor: Actor, plan: RebalancePlan, *, state: TaskState) -> BatchResult:
    with db.session(actor) as s:
        return rebalancing.apply(s, actor, plan)


def move(
    db: Database,
    actor: Actor,
    ids: list[int],
    login: str,
    expected: dict[int, int],
    *,
    state: TaskState,
) -> BatchResult:
    with db.session(actor) as s:
        return rebalancing.move(s, actor, ids, login, expected=expected)


def undo(db: Database, actor: Actor, ref: str, *, state: TaskState) -> BatchResult:
    with db.session(actor) as s:
        return rebalancing.undo(s, actor, ref)


def tier_mix(tiers: dict[str, int], names: dict[str, str]) -> str:
    order = list(names)
    keys = sorted(tiers, key=lambda k: (order.index(k) if k in order else 99, k))
    return " · ".join(f"{names.get(k, k)} {tiers[k]}" for k in keys)


def load_columns(names: dict[str, str]) -> list[Col[ManagerLoad]]:
    status = {"active": tr(CTX, "Active"), "on_leave": tr(CTX, "On leave")}
    return [
        Col(tr(CTX, "Manager"), lambda r: f"{r.name} ({r.login})"),
        Col(tr(CTX, "Status"), lambda r: status.get(r.status) or labels.value(r.status)),
        Col(
            tr(CTX, "Customers"),
            lambda r: grouped(r.figures.customers),
            lambda r: r.figures.customers,
            True,
        ),
        Col(tr(CTX, "Assets"), lambda r: wan(r.figures.aum_fen), lambda r: r.figures.aum_fen, True),
        Col(tr(CTX, "Tier mix"), lambda r: tier_mix(r.figures.tiers, names)),
        Col(
            tr(CTX, "Coverage"),
            lambda r: f"{r.figures.coverage_pct:.1f}%",
            lambda r: r.figures.coverage_pct,
            True,
        ),
        Col(
            tr(CTX, "Capacity used"),
            lambda r: (
                f"{r.figures.customers}/{r.figures.capacity} ({r.figures.capacity_used_pct:.0f}%)"
            ),
            lambda r: r.figures.capacity_used_pct,
            True,
            bar=lambda r: r.figures.capacity_used_pct / 100,
        ),
    ]


def customer_columns(names: dict[str, str], people: dict[str, str]) -> list[Col[WorkRow]]:
    """``names``: tier code to name; ``people``: login to the manager's name."""
    return [
        Col(tr(CTX, "Customer no"), lambda r: r.customer_no),
        Col(tr(CTX, "Name"), lambda r: r.name),
        Col(tr(CTX, "Tier"), lambda r: names.get(r.tier_code or "", r.tier_code or "")),
        Col(tr(CTX, "Assets (yuan)"), lambda r: labels.money(r.aum_fen), lambda r: r.aum_fen, True),
        Col(
            tr(CTX, "Last contact"),
            lambda r: labels.date(r.last_contact_at)[:10],
            lambda r: r.last_contact_at.isoformat() if r.last_contact_at else "",
        ),
        Col(tr(CTX, "Secondary"), lambda r: people.get(r.secondary or "", r.secondary or "")),
        Col(
            tr(CTX, "Served since"),
            lambda r: labels.date(r.served_since)[:10],
            lambda r: r.served_since.isoformat(),
        ),
    ]


class ManagerView(QTableView):
    """The load table; customers dropped on a manager's row move to that manager."""

    customers_dropped = Signal(list, int)  # customer ids, row

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if ids_from_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and ids_from_mime(event.mimeData()):
            self.selectRow(index.row())
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        ids = ids_from_mime(event.mimeData())
        if not index.isValid() or not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # the source list reloads itself
        event.accept()
        self.customers_dropped.emit(ids, index.row())


def figures_line(f: Figures) -> str:
    return f"{f.customers} ({f.capacity_used_pct:.0f}%)"


class PlanDialog(QDialog):
    """A suggested rebalancing, before and after, for approval."""

    def __init__(
        self,
        plan: RebalancePlan,
        names: dict[str, str],
        people: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planDialog")
        self.setWindowTitle(tr(CTX, "Suggested rebalancing"))
        self.plan = plan
        logins = list(plan.before)
        people = people or {}

        def who(login: str) -> str:
            return people.get(login, login)

        summary = QLabel(
            tr(CTX, "%1 customer(s) would move. Spread of capacity used: %2 → %3 points.")
            .replace("%1", str(len(plan.moves)))
            .replace("%2", f"{plan.spread_before:.1f}")
            .replace("%3", f"{plan.spread_after:.1f}")
        )
        summary.setObjectName("planSummary")
        summary.setWordWrap(True)
        notes = QLabel("\n".join(plan.notes))
        notes.setWordWrap(True)
        notes.setStyleSheet("color: #a05000;")
        notes.setVisible(bool(plan.notes))
        self.chart = BarChart(tr(CTX, "Capacity used (%), before and after"))
        self.chart.value_format = lambda v: f"{v:.0f}%"
        self.chart.set_data(
            [who(k) for k in logins],
            [
                Series(tr(CTX, "Before"), [plan.before[k].capacity_used_pct for k in logins]),
                Series(tr(CTX, "After"), [plan.after[k].capacity_used_pct for k in logins]),
            ],
        )
        self.chart.setMinimumHeight(220)
        rows = [(k, plan.before[k], plan.after[k]) for k in logins]
        self.managers: TableModel[tuple[str, Figures, Figures]] = TableModel(
            [
                Col(tr(CTX, "Manager"), lambda r: who(r[0])),
                Col(
                    tr(CTX, "Customers before"),
                    lambda r: figures_line(r[1]),
                    lambda r: r[1].customers,
                    True,
                ),
                Col(
                    tr(CTX, "Customers after"),
                    lambda r: figures_line(r[2]),
                    lambda r: r[2].customers,
                    True,
                ),
                Col(
                    tr(CTX, "Assets before"),
                    lambda r: wan(r[1].aum_fen),
                    lambda r: r[1].aum_fen,
                    True,
                ),
                Col(
                    tr(CTX, "Assets after"),
                    lambda r: wan(r[2].aum_fen),
                    lambda r: r[2].aum_fen,
                    True,
                ),
                Col(tr(CTX, "Tier mix after"), lambda r: tier_mix(r[2].tiers, names)),
            ],
            self,
        )
        self.managers.set_rows(rows)
        manager_view = table_view(self.managers, "planManagers")
        self.moves: TableModel[PlannedMove] = TableModel(
            [
                Col(tr(CTX, "Customer no"), lambda r: r.customer_no),
                Col(tr(CTX, "Name"), lambda r: r.customer_name),
                Col(tr(CTX, "From"), lambda r: who(r.from_login)),
                Col(
                    tr(CTX, "To"),
                    lambda r: (
                        who(r.to_login) + (tr(CTX, " (was secondary)") if r.to_secondary else "")
                    ),
                ),
                Col(tr(CTX, "Reason"), lambda r: r.reason),
            ],
            self,
        )
        self.moves.set_rows(plan.moves)
        moves_view = table_view(self.moves, "planMoves")
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(
            tr(CTX, "&Apply as one batch"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setEnabled(bool(plan.moves))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.chart)
        upper.addWidget(manager_view)
        upper.setSizes([480, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(notes)
        layout.addWidget(upper, 1)
        layout.addWidget(QLabel(tr(CTX, "Moves:")))
        layout.addWidget(moves_view, 1)
        layout.addWidget(buttons)
        for view in (manager_view, moves_view):
            fit_columns(view)
        self.resize(1100, 680)


class WorkbenchPage(QWidget):
    open_customer = Signal(int)
    status_message = Signal(str)
    loaded = Signal()
    customers_loaded = Signal()
    batch_done = Signal(object)

    def __init__(
        self,
        gateway: Gateway,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway, self.runner = gateway, runner
        self.setObjectName("workbenchPage")
        self.data: BenchData | None = None
        self.plan_dialog: PlanDialog | None = None
        self.last_batch: str | None = None
        self.handover: QDialog | None = None
        self._generation = 0

        self.people: dict[str, str] = {}  # login -> name, from the last load
        self.loads: TableModel[ManagerLoad] = TableModel(load_columns({}), self)
        self.load_view = ManagerView()
        self.load_view.setObjectName("loadTable")
        self.load_view.setModel(self.loads)
        self.load_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.load_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.load_view.verticalHeader().hide()
        self.load_view.horizontalHeader().setStretchLastSection(True)
        self.load_view.setTabKeyNavigation(False)
        self.load_view.setItemDelegateForColumn(6, BarDelegate(self.load_view))
        self.load_view.selectionModel().currentRowChanged.connect(self._manager_chosen)
        self.load_view.customers_dropped.connect(self._dropped)
        self.load_view.setToolTip(tr(CTX, "Drop customers on a manager to move them there"))

        self.all_managers = QCheckBox(tr(CTX, "Whole &branch"))
        self.all_managers.toggled.connect(lambda _on: self.reload_customers())
        self.tier = QComboBox()
        self.tier.setObjectName("tierFilter")
        self.tier.addItem(tr(CTX, "All tiers"), None)
        self.tier.currentIndexChanged.connect(lambda _i: self.reload_customers())
        self.days = QSpinBox()
        self.days.setObjectName("daysFilter")
        self.days.setRange(0, 3650)
        self.days.setSpecialValueText(tr(CTX, "any"))
        self.days.setSuffix(tr(CTX, " days"))
        self.days.editingFinished.connect(self.reload_customers)
        self.min_wan = QSpinBox()
        self.min_wan.setObjectName("minAssets")
        self.min_wan.setRange(0, 1_000_000)
        self.min_wan.setSpecialValueText(tr(CTX, "any"))
        self.min_wan.setSuffix("万")
        self.min_wan.editingFinished.connect(self.reload_customers)
        self.missing_secondary = QCheckBox(tr(CTX, "Missing a &secondary"))
        self.missing_secondary.toggled.connect(lambda _on: self.reload_customers())
        filters = QHBoxLayout()
        for text, widget in (
            (tr(CTX, "T&ier:"), self.tier),
            (tr(CTX, "Not contacted &for:"), self.days),
            (tr(CTX, "Assets at &least:"), self.min_wan),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.missing_secondary)
        filters.addWidget(self.all_managers)
        filters.addStretch(1)

        self.customers: TableModel[WorkRow] = TableModel(
            customer_columns({}, {}), self, drag_ids=lambda r: r.customer_id, checkable=False
        )
        self.customer_view = table_view(self.customers, "customerTable")
        self.customer_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.customer_view.setDragEnabled(True)
        self.customer_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.customer_view.doubleClicked.connect(self._open)
        self.customer_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._selection_changed()
        )
        self.count = QLabel()
        self.count.setObjectName("customerCount")

        self.move_to = QComboBox()
        self.move_to.setObjectName("moveTo")
        self.move_to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.move_button = QPushButton(tr(CTX, "&Move to…"))
        self.move_button.setObjectName("moveButton")
        self.move_button.clicked.connect(self.move_selected)
        move_label = QLabel(tr(CTX, "Selected customers to:"))
        move_label.setBuddy(self.move_to)
        self.suggest_button = QPushButton(tr(CTX, "S&uggest rebalancing…"))
        self.suggest_button.setObjectName("suggest")
        self.suggest_button.clicked.connect(self.suggest)
        self.undo_button = QPushButton(tr(CTX, "U&ndo last batch"))
        self.undo_button.setObjectName("undo")
        self.undo_button.clicked.connect(self.undo_last)
        self.handover_button = QPushButton(tr(CTX, "Staff &departure…"))
        self.handover_button.setObjectName("handover")
        self.handover_button.clicked.connect(self.open_handover)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        actions.addWidget(move_label)
        actions.addWidget(self.move_to)
        actions.addWidget(self.move_button)

        top = QHBoxLayout()
        self.state = QLabel()
        self.state.setObjectName("state")
        top.addWidget(self.state, 1)
        top.addWidget(self.suggest_button)
        top.addWidget(self.undo_button)
        top.addWidget(self.handover_button)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(filters)
        lower_layout.addWidget(self.customer_view, 1)
        lower_layout.addLayout(actions)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.load_view)
        body.addWidget(lower)
        body.setSizes([260, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        hint = QLabel(
            tr(
                CTX,
                "Pick customers (Ctrl/Shift-click), then drag them onto a manager above or use "
                "Move to…. Every move is one audited batch that can be undone.",
            )
        )
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.setFocusProxy(self.load_view)
        self._selection_changed()
        self.refresh()

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        self.state.setText(tr(CTX, "Loading…"))
        submit(
            self.runner,
            load_bench,
            self.gateway.db,
            self.gateway.actor,
            done=self._show,
            failed=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.state.setText(message)
        self.status_message.emit(message)
        self._busy(False)

    def _busy(self, on: bool) -> None:
        for b in (self.suggest_button, self.move_button, self.undo_button):
            b.setEnabled(not on)
        if not on:
            self._selection_changed()
            self.undo_button.setEnabled(self.undoable() is not None)

    def _show(self, result: object) -> None:
        assert isinstance(result, BenchData)
        current = self.current_manager()
        self.data = result
        names = result.tiers
        self.loads.columns = load_columns(names)
        self.people = {load.login: load.name for load in result.loads}
        self.customers.columns = customer_columns(names, self.people)
        self.loads.set_rows(result.loads)
        fit_columns(self.load_view, 320)
        if self.tier.count() == 1:
            for code, name in names.items():
                self.tier.addItem(name, code)
        self.move_to.clear()
        for load in result.loads:
            if load.status == "active":
                self.move_to.addItem(f"{load.name} ({load.login})", load.login)
        row = next(
            (i for i, r in enumerate(result.loads) if current and r.staff_id == current.staff_id), 0
        )
        if result.loads:
            self.load_view.selectRow(row)
            self.load_view.setCurrentIndex(self.loads.index(row, 0))
        total = sum(r.figures.customers for r in result.loads)
        self.state.setText(
            tr(CTX, "%1 managers · %2 customers")
            .replace("%1", str(len(result.loads)))
            .replace("%2", grouped(total))
        )
        self._busy(False)
        self.reload_customers()
        self.loaded.emit()

    def current_manager(self) -> ManagerLoad | None:
        return self.loads.row(self.load_view.currentIndex())

    def _manager_chosen(self, *_args: object) -> None:
        if not self.all_managers.isChecked():
            self.reload_customers()

    def work_filter(self) -> WorkFilter:
        manager = self.current_manager()
        return WorkFilter(
            staff_id=None if self.all_managers.isChecked() or manager is None else manager.staff_id,
            tier=self.tier.currentData(),
            min_days_since_contact=self.days.value() or None,
            min_aum_fen=self.min_wan.value() * 1_000_000 or None,
            missing_secondary=self.missing_secondary.isChecked(),
        )

    def reload_customers(self) -> None:
        if self.data is None:
            return
        wanted = self.work_filter()
        self._generation += 1
        generation = self._generation

        def done(rows: object) -> None:
            if generation != self._generation:
                return  # a newer request is on its way
            assert isinstance(rows, list)
            self.customers.set_rows(rows)
            fit_columns(self.customer_view)
            self._selection_changed()
            self.customers_loaded.emit()

        submit(
            self.runner,
            load_customers,
            self.gateway.db,
            self.gateway.actor,
            wanted,
            done=done,
            failed=self._failed,
        )

    def selected(self) -> list[WorkRow]:
        rows = {i.row() for i in self.customer_view.selectionModel().selectedRows()}
        return [self.customers.rows[r] for r in sorted(rows) if r < len(self.customers.rows)]

    def _selection_changed(self) -> None:
        n = len(self.selected())
        self.count.setText(
            tr(CTX, "%1 customers listed, %2 selected")
            .replace("%1", grouped(len(self.customers.rows)))
            .replace("%2", str(n))
        )
        self.move_button.setEnabled(n > 0 and self.move_to.count() > 0)

    def _open(self, index: QModelIndex) -> None:
        row = self.customers.row(index)
        if row is not None:
            self.open_customer.emit(row.customer_id)

    # --- moving ---------------------------------------------------------------------------

    def move_selected(self) -> None:
        login = self.move_to.currentData()
        rows = self.selected()
        if login and rows:
            self.move_customers([r.customer_id for r in rows], str(login))

    def _dropped(self, ids: list[int], row: int) -> None:
        target = self.loads.row(row)
        if target is None:
            return
        if target.status != "active":
            self.status_message.emit(
                tr(CTX, "%1 is on leave and takes no new customers.").replace("%1", target.name)
            )
            return
        self.move_customers(ids, target.login)

    def move_customers(self, ids: Sequence[int], login: str) -> None:
        known = {r.customer_id: r.primary_assignment for r in self.customers.rows}
        expected = {cid: known[cid] for cid in ids if cid in known}
        self._busy(True)
        self.state.setText(tr(CTX, "Moving %1 customer(s)…").replace("%1", str(len(ids))))
        submit(
            self.runner,
            move,
            self.gateway.db,
            self.gateway.actor,
            list(ids),
            login,
            expected,
            done=lambda r: self._batch_done(r, login),
            failed=self._failed,
        )

    def _batch_done(self, result: object, login: str = "") -> None:
        assert isinstance(result, BatchResult)
        if result.batch_ref:
            self.last_batch = result.batch_ref
        message = (
            (
                tr(CTX, "Moved %1 customer(s) to %2 (batch %3); %4 reminder(s) went with them.")
                .replace("%1", str(result.moved))
                .replace("%2", login)
                .replace("%3", result.batch_ref or "—")
                .replace("%4", str(result.reminders_moved))
            )
            if login
            else (
                tr(CTX, "Batch %1: %2 customer(s) changed, %3 reminder(s) moved.")
                .replace("%1", result.batch_ref or "—")
                .replace("%2", str(result.moved))
                .replace("%3", str(result.reminders_moved))
            )
        )
        self.status_message.emit(message)
        self.batch_done.emit(result)
        self.refresh()
        self.state.setText(message)

    def suggest(self) -> None:
        self._busy(True)
        self.state.setText(tr(CTX, "Working out a balanced proposal…"))
        submit(
            self.runner,
            propose,
            self.gateway.db,
            self.gateway.actor,
            done=self._show_plan,
            failed=self._failed,
        )

    def _show_plan(self, plan: object) -> None:
        assert isinstance(plan, RebalancePlan)
        self._busy(False)
        self.state.setText("")
        self.plan_dialog = PlanDialog(plan, self.data.tiers if self.data else {}, self.people, self)
        self.plan_dialog.accepted.connect(lambda p=plan: self.apply(p))
        self.plan_dialog.show()

    def apply(self, plan: RebalancePlan) -> None:
        self._busy(True)
        self.state.setText(tr(CTX, "Applying %1 move(s)…").replace("%1", str(len(plan.moves))))
        submit(
            self.runner,
            apply_plan,
            self.gateway.db,
            self.gateway.actor,
            plan,
            done=self._batch_done,
            failed=self._failed,
        )

    def undoable(self) -> str | None:
        if self.last_batch:
            return self.last_batch
        if self.data is None:
            return None
        latest = next(iter(self.data.batches), None)
        return latest.batch_ref if latest is not None and not latest.undone else None

    def undo_last(self, *, confirm: bool = True) -> None:
        ref = self.undoable()
        if ref is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                tr(CTX, "Undo batch"),
                tr(
                    CTX, "Put every customer of batch %1 back with their managers from before?"
                ).replace("%1", ref),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.last_batch = None
        self._busy(True)
        submit(
            self.runner,
            undo,
            self.gateway.db,
            self.gateway.actor,
            ref,
            done=self._batch_done,
            failed=self._failed,
        )

    def open_handover(self) -> QDialog:
        from branchcrm.gui.supervisor.handover_dialog import HandoverDialog

        dialog = HandoverDialog(self.gateway, self.runner, self)
        dialog.applied.connect(lambda _ref: self.refresh())
        dialog.show()
        self.handover = dialog
        return dialog


def today() -> dt.date:
    return dt.date.today()
