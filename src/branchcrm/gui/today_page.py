"""Today (今日工作台): open reminders overdue first, counts per kind, done / snooze / dismiss."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from branchcrm.gui import labels
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.icons import action_icon
from branchcrm.gui.rows_model import Column, RowsModel
from branchcrm.services import reminders
from branchcrm.services.errors import ConflictError, ServiceError
from branchcrm.services.reminders import ReminderRow

CTX = "TodayPage"

REMINDER_COLUMNS: list[Column[ReminderRow]] = [
    Column(CTX, "Due", lambda r: labels.date(r.due_date)),
    Column(CTX, "Kind", lambda r: labels.kind(r.kind)),
    Column(CTX, "Customer", lambda r: r.customer_name),
    Column(CTX, "Reason", lambda r: r.reason or ""),
    Column(CTX, "Status", lambda r: tr(CTX, "Overdue") if r.overdue else labels.value(r.status)),
]


class TodayPage(QWidget):
    open_customer = Signal(int)
    status_message = Signal(str)

    def __init__(
        self,
        gateway: Gateway,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway = gateway
        self.today = today
        self.model: RowsModel[ReminderRow] = RowsModel(
            REMINDER_COLUMNS, self, highlight=lambda r: r.overdue
        )
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("remindersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((100, 120, 120, 300, 80)):
            if col != 3:
                self.table.setColumnWidth(col, width)
        self.table.activated.connect(self._activated)

        self.done_button = QPushButton(tr(CTX, "&Done"))
        self.done_button.setObjectName("done")
        self.done_button.setIcon(action_icon("done"))
        self.done_button.setToolTip(tr(CTX, "Mark the selected reminder done (Ctrl+D)"))
        self.done_button.clicked.connect(self.mark_done)
        self.snooze_button = QToolButton()
        self.snooze_button.setObjectName("snooze")
        self.snooze_button.setText(tr(CTX, "&Snooze"))
        self.snooze_button.setIcon(action_icon("snooze"))
        self.snooze_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze_button)
        for days, text in (
            (1, tr(CTX, "Until tomorrow")),
            (3, tr(CTX, "For 3 days")),
            (7, tr(CTX, "For a week")),
        ):
            action = menu.addAction(text)
            action.triggered.connect(self._snoozer(days))
        self.snooze_button.setMenu(menu)
        self.dismiss_button = QPushButton(tr(CTX, "D&ismiss"))
        self.dismiss_button.setObjectName("dismiss")
        self.dismiss_button.setIcon(action_icon("dismiss"))
        self.dismiss_button.clicked.connect(self.dismiss)
        self.open_button = QPushButton(tr(CTX, "&Open customer (Enter)"))
        self.open_button.setIcon(action_icon("customer_file"))
        self.open_button.clicked.connect(lambda: self._activated(self.table.currentIndex()))
        self.refresh_button = QPushButton(tr(CTX, "&Refresh"))
        self.refresh_button.setIcon(action_icon("refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        done_action = QAction(self)
        done_action.setShortcut(QKeySequence("Ctrl+D"))
        done_action.triggered.connect(self.mark_done)
        self.addAction(done_action)

        buttons = QHBoxLayout()
        for w in (self.open_button, self.done_button, self.snooze_button, self.dismiss_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        today = self.today()
        self.title.setText(tr(CTX, "Today's work — %1").replace("%1", today.isoformat()))
        try:
            rows = self.gateway.call(reminders.open_for, today)
            counts = self.gateway.call(reminders.counts_by_kind, today)
        except ServiceError as exc:
            self.status_message.emit(labels.service_message(exc))
            return
        current = self.selected()
        overdue = [r for r in rows if r.overdue]
        self.model.set_rows(overdue + [r for r in rows if not r.overdue])
        parts = [
            tr(CTX, "%1: %2").replace("%1", labels.kind(k)).replace("%2", str(n))
            for k, n in sorted(counts.items(), key=lambda x: -x[1])
        ]
        summary = (
            tr(CTX, "%1 open, %2 overdue")
            .replace("%1", str(len(rows)))
            .replace("%2", str(len(overdue)))
        )
        self.counts.setText(summary + ("   ·   " + "   ".join(parts) if parts else ""))
        row = 0
        if current is not None:
            ids = [r.id for r in self.model.rows]
            row = ids.index(current.id) if current.id in ids else 0
        if self.model.rows:
            self.table.selectRow(min(row, len(self.model.rows) - 1))

    def selected(self) -> ReminderRow | None:
        return self.model.row(self.table.currentIndex())

    def _act(self, fn: Callable[..., None], *args: object, **kwargs: object) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            self.gateway.call(fn, row.id, row.version, *args, **kwargs)
        except ConflictError:
            self.status_message.emit(tr(CTX, "Someone else changed this reminder; reloaded."))
        except ServiceError as exc:
            self.status_message.emit(labels.service_message(exc))
            return
        self.refresh()

    def mark_done(self) -> None:
        self._act(reminders.mark_done)

    def dismiss(self) -> None:
        self._act(reminders.dismiss)

    def snooze(self, days: int) -> None:
        self._act(reminders.snooze, until=self.today() + dt.timedelta(days=days))

    def _snoozer(self, days: int) -> Callable[[], None]:
        return lambda: self.snooze(days)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row(index)
        if row is not None:
            self.open_customer.emit(row.customer_id)

    def current_customer_id(self) -> int | None:
        row = self.selected()
        return row.customer_id if row is not None else None

    def visit_list(self) -> list[ReminderRow]:
        return list(self.model.rows)
