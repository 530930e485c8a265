"""Portfolio (我的客户 / 网点客户): filters, a search box that queries as you type, the paged
table."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.money import fen_to_yuan
from branchcrm.domain.roles import sees_whole_branch
from branchcrm.gui import labels
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.portfolio_model import COLUMNS, PortfolioModel
from branchcrm.gui.portfolio_model import CTX as MODEL_CTX
from branchcrm.gui.settings import Settings
from branchcrm.services import portfolio, staff
from branchcrm.services.portfolio import PortfolioQuery, PortfolioRow
from branchcrm.tasks import TaskHandle, TaskRunner, TaskState
from branchcrm.tasks.export_xlsx import Value, export_portfolio

CTX = "PortfolioPage"
# No debounce delay: a query runs once the keystrokes queued so far are handled, so keys
# typed while a query runs are coalesced into the next one and the last key waits for
# nothing but its own query (see ``PortfolioPage._edited``).
SEARCH_DELAY_MS = 0
LAYOUT_KEY = "portfolio"

EXPORT_GETTERS: list[Callable[[PortfolioRow], Value]] = [
    lambda r: r.name,
    lambda r: r.tier_name or r.tier_code or "",
    lambda r: Decimal(fen_to_yuan(r.aum_fen)),
    lambda r: r.primary_name or "",
    lambda r: r.secondary_name or "",
    lambda r: r.last_contact_at,
    lambda r: r.next_reminder,
    lambda r: r.tags,
    lambda r: r.masked_phone,
    lambda r: r.completeness,
    lambda r: r.risk_level or "",
]


@dataclass(frozen=True)
class FilterOptions:
    tiers: list[tuple[str, str]]
    managers: list[tuple[int, str]]
    tags: list[str]
    keys_filled: int = 0  # customers that had no name sort key until now


def filter_options(db: Database, actor: Actor, *, state: TaskState) -> FilterOptions:
    """The choices of the filter boxes: one unit of work, on a worker thread. Customers
    written by bulk loaders without a name sort key get theirs here (normally none)."""
    from branchcrm.db.hooks import fill_missing_name_keys
    from branchcrm.services import catalogue

    try:
        with db.session(actor) as session:
            filled = fill_missing_name_keys(session.connection())
    except SQLAlchemyError:  # a locked or read-only database: the names sort as they are
        filled = 0
    with db.session(actor) as session:
        tags = portfolio.tags_in_use(session, actor)
        state.check()
        managers = [(s.id, s.name) for s in staff.list_staff(session, actor, role="manager")]
        fn = getattr(catalogue, "list_tiers", None)  # the stored ladder, once a service has it
        tiers = fn(session, actor) if fn is not None else catalogue.DEFAULT_TIERS
    return FilterOptions([(t.code, t.name) for t in tiers], managers, tags, filled)


def count_customers(db: Database, actor: Actor, query: PortfolioQuery, *, state: TaskState) -> int:
    """The count for the label, on a worker thread once the page is shown (a branch's count
    scans the branch; the page itself is read off an index)."""
    with db.session(actor) as session:
        return portfolio.count(session, actor, query)


class PortfolioPage(QWidget):
    open_customer = Signal(int)
    status_message = Signal(str)
    options_loaded = Signal()

    def __init__(
        self,
        gateway: Gateway,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway, self.settings, self.runner = gateway, settings, runner
        self.actor = gateway.actor
        self.branch_wide = sees_whole_branch(self.actor.roles)
        self.export_handle: TaskHandle | None = None
        self.options_handle: TaskHandle | None = None
        self.options_ready = False
        self.model = PortfolioModel(gateway.call, self, count_later=self._count_later)
        self.model.failed.connect(self.status_message)
        self.model.count_changed.connect(self._show_count)
        self.model.counting.connect(self._counting)

        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            tr(CTX, "Search name, pinyin, initials, phone or ID fragment (Ctrl+F)")
        )
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_pending = False
        self.search.textChanged.connect(lambda _t: self._edited())
        self.search_timer.timeout.connect(self._cooled_down)

        self.scope = QComboBox()
        self.scope.setObjectName("scope")
        self.scope.addItem(tr(CTX, "My customers"), "mine")
        if self.branch_wide or "lobby" in self.actor.roles:
            self.scope.addItem(tr(CTX, "Branch customers"), "branch")
            if self.branch_wide or "manager" not in self.actor.roles:
                self.scope.setCurrentIndex(1)
        self.tier = QComboBox()
        self.tier.setObjectName("tier")
        self.tier.addItem(tr(CTX, "All tiers"), None)
        self.manager = QComboBox()
        self.manager.setObjectName("manager")
        self.manager.addItem(tr(CTX, "All managers"), None)
        self.tag = QComboBox()
        self.tag.setObjectName("tag")
        self.tag.addItem(tr(CTX, "All tags"), None)
        self.risk = QComboBox()
        self.risk.setObjectName("risk")
        self.risk.addItem(tr(CTX, "All risk levels"), None)
        for level in ("C1", "C2", "C3", "C4", "C5"):
            self.risk.addItem(level, level)
        self.days = QSpinBox()
        self.days.setObjectName("days")
        self.days.setRange(0, 3650)
        self.days.setSpecialValueText(tr(CTX, "Any"))
        self.days.setSuffix(tr(CTX, " days"))
        self.days.setToolTip(tr(CTX, "Not contacted for at least this many days"))
        self.completeness = QSpinBox()
        self.completeness.setObjectName("completeness")
        self.completeness.setRange(0, 100)
        self.completeness.setValue(100)
        self.completeness.setSuffix("%")
        self.completeness.setToolTip(tr(CTX, "Files at most this complete"))
        for combo in (self.scope, self.tier, self.manager, self.tag, self.risk):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for spin in (self.days, self.completeness):
            spin.valueChanged.connect(lambda _v: self._edited())

        self.table = QTableView()
        self.table.setObjectName("portfolioTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        for col, width in enumerate((110, 80, 130, 120, 120, 100, 100, 150, 110, 90, 60)):
            self.table.setColumnWidth(col, width)
        self.table.activated.connect(self._activated)
        self.layout_timer = QTimer(self)
        self.layout_timer.setSingleShot(True)
        self.layout_timer.setInterval(500)
        self.layout_timer.timeout.connect(self.save_layout)
        header.sectionMoved.connect(lambda *_a: self.layout_timer.start())
        header.sectionResized.connect(lambda *_a: self.layout_timer.start())
        self.restore_layout()

        self.export_button = QPushButton(tr(CTX, "&Export to Excel…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.open_button = QPushButton(tr(CTX, "&Open file"))
        self.open_button.clicked.connect(lambda: self._activated(self.table.currentIndex()))

        filters = QHBoxLayout()
        for label, widget in (
            (tr(CTX, "Tier"), self.tier),
            (tr(CTX, "Manager"), self.manager),
            (tr(CTX, "Tag"), self.tag),
            (tr(CTX, "Risk"), self.risk),
            (tr(CTX, "No contact for"), self.days),
            (tr(CTX, "Completeness ≤"), self.completeness),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.search, self.table)

    # --- data -----------------------------------------------------------------------------

    def load(self) -> None:
        """Show the first page now; fill the filter choices off the GUI thread once it is
        painted (so that the worker's Python does not compete with the page for the GIL)."""
        self.apply_filters()
        self.options_ready = False
        QTimer.singleShot(0, self._load_options)

    def _load_options(self) -> None:
        handle = self.runner.submit(filter_options, self.gateway.db, self.actor)
        handle.finished.connect(self._fill_options)
        handle.failed.connect(lambda error, _t: self._options_failed(error))
        self.options_handle = handle

    def _options_failed(self, error: object) -> None:
        self.options_ready = True
        if isinstance(error, BaseException):
            self.status_message.emit(labels.service_message(error))

    def _fill_options(self, options: object) -> None:
        assert isinstance(options, FilterOptions)
        for combo in (self.tier, self.manager, self.tag):
            combo.blockSignals(True)
        for code, name in options.tiers:
            self.tier.addItem(name, code)
        for staff_id, name in options.managers:
            self.manager.addItem(name, staff_id)
        for t in options.tags:
            self.tag.addItem(t, t)
        for combo in (self.tier, self.manager, self.tag):
            combo.blockSignals(False)
        self.options_ready = True
        self.options_loaded.emit()
        if options.keys_filled:
            self.refresh()

    def _count_later(self, query: PortfolioQuery, done: Callable[[int], None]) -> None:
        """Start the count once the page is painted: a branch's count is a scan that would
        take a core from the paint."""

        def start() -> None:
            handle = self.runner.submit(count_customers, self.gateway.db, self.actor, query)
            handle.finished.connect(lambda total: done(int(total)))
            handle.failed.connect(lambda *_a: self._count_failed())

        QTimer.singleShot(0, start)

    def _count_failed(self) -> None:
        if self.model.total is None:  # the banner or the status bar says why
            self.count_label.clear()

    def current_query(self) -> PortfolioQuery:
        return dataclasses.replace(
            self.model.query,
            term=self.search.text().strip(),
            scope=self.scope.currentData() or "mine",
            tier=self.tier.currentData(),
            manager_id=self.manager.currentData(),
            tag=self.tag.currentData(),
            risk_level=self.risk.currentData(),
            min_days_since_contact=self.days.value() or None,
            max_completeness=self.completeness.value() if self.completeness.value() < 100 else None,
        )

    def _edited(self) -> None:
        """Coalesce without waiting: the query runs when the event loop has handled the
        keystrokes already queued. A query takes 10-50 ms, faster than anyone types, so
        each key normally gets its own; keys typed while one runs queue up and share the
        next. A debounce delay would only add itself to every search."""
        self.search_pending = True
        self.search_timer.start()

    def _cooled_down(self) -> None:
        if self.search_pending:
            self.search_pending = False
            self.apply_filters()

    def apply_filters(self) -> None:
        query = self.current_query()
        if query != self.model.query or not self.model.loaded:
            self.model.set_query(query)

    def refresh(self) -> None:
        self.model.reload()

    def _counting(self) -> None:
        self.count_label.setText(tr(CTX, "Counting customers…"))

    def _show_count(self, total: int) -> None:
        self.count_label.setText(tr(CTX, "%1 customers").replace("%1", f"{total:,}"))

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is not None:
            self.open_customer.emit(row.id)

    def current_customer_id(self) -> int | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.id if row is not None else None

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- layout ---------------------------------------------------------------------------

    def restore_layout(self) -> None:
        state = self.settings.column_state(self.actor.login, LAYOUT_KEY)
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
        self.table.horizontalHeader().setSortIndicator(
            self.model.sort_column(),
            Qt.SortOrder.DescendingOrder
            if self.model.query.descending
            else Qt.SortOrder.AscendingOrder,
        )

    def save_layout(self) -> None:
        self.settings.set_column_state(
            self.actor.login, LAYOUT_KEY, self.table.horizontalHeader().saveState()
        )

    # --- export ---------------------------------------------------------------------------

    def export(self, path: Path | None = None) -> TaskHandle | None:
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, tr(CTX, "Export to Excel"), "portfolio.xlsx", tr(CTX, "Excel (*.xlsx)")
            )
            if not name:
                return None
            path = Path(name if name.endswith(".xlsx") else name + ".xlsx")
        headers = [tr(MODEL_CTX, c[0]) for c in COLUMNS]
        headers[2] = tr(CTX, "Assets (yuan)")
        progress = QProgressDialog(tr(CTX, "Exporting…"), tr(CTX, "Cancel"), 0, 100, self)
        progress.setWindowTitle(tr(CTX, "Export to Excel"))
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        handle = self.runner.submit(
            export_portfolio,
            self.gateway.db,
            self.actor,
            self.model.query,
            path,
            headers,
            EXPORT_GETTERS,
        )
        self.export_handle = handle
        progress.canceled.connect(handle.cancel)

        def on_progress(done: int, total: int, _text: str) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)

        def finish(message: str) -> None:
            progress.close()
            self.export_button.setEnabled(True)
            self.status_message.emit(message)

        def failed(error: Any, _trace: str) -> None:
            finish(tr(CTX, "Export failed: %1").replace("%1", str(error)))
            QMessageBox.warning(self, tr(CTX, "Export to Excel"), str(error))

        handle.progress.connect(on_progress)
        handle.finished.connect(
            lambda n: finish(
                tr(CTX, "Exported %1 rows to %2").replace("%1", str(n)).replace("%2", str(path))
            )
        )
        handle.cancelled.connect(lambda: finish(tr(CTX, "Export cancelled")))
        handle.failed.connect(failed)
        self.export_button.setEnabled(False)
        return handle
