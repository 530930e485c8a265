"""Log a contact (Ctrl+L from anywhere): the current customer, or one found by searching."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from branchcrm.domain.actor import Actor
from branchcrm.gui import labels
from branchcrm.gui.gateway import DatabaseUnavailable, Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.icons import action_icon
from branchcrm.services import contacts, customers, portfolio, search
from branchcrm.services.errors import ServiceError, ValidationError
from branchcrm.services.portfolio import PortfolioRow

CTX = "LogContactDialog"
SEARCH_DELAY_MS = 150


def find_customers(session: Session, actor: Actor, term: str) -> list[PortfolioRow]:
    return portfolio.rows_for(session, search.search_customer_ids(session, actor, term, 20))


def customer_name(session: Session, actor: Actor, customer_id: int) -> str:
    return str(customers.get_customer(session, actor, customer_id).values["name"])


class LogContactDialog(QDialog):
    logged = Signal(int)

    def __init__(
        self, gateway: Gateway, customer_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.gateway = gateway
        self.customer_id: int | None = None
        self.contact_id: int | None = None
        self.setObjectName("logContactDialog")
        self.setWindowTitle(tr(CTX, "Log contact"))
        self.who = QLabel()
        self.who.setObjectName("customer")
        self.who.setStyleSheet("font-weight: bold;")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr(CTX, "Find the customer: name, pinyin, phone…"))
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setMaximumHeight(110)
        self.results.currentItemChanged.connect(self._picked)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.run_search)

        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for code in contacts.CHANNELS:
            self.channel.addItem(labels.channel(code), code)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(70)
        self.needs = QLineEdit()
        self.needs.setObjectName("needs")
        self.products = QLineEdit()
        self.products.setObjectName("products")
        self.outcome = QLineEdit()
        self.outcome.setObjectName("outcome")
        self.follow_up_on = QCheckBox(tr(CTX, "Follow up on"))
        self.follow_up_on.setObjectName("followUpOn")
        self.follow_up = QDateEdit()
        self.follow_up.setObjectName("followUp")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("yyyy-MM-dd")
        self.follow_up.setDate(QDate.currentDate().addDays(7))
        self.follow_up.setEnabled(False)
        self.follow_up_on.toggled.connect(self.follow_up.setEnabled)
        self.satisfaction = QComboBox()
        self.satisfaction.setObjectName("satisfaction")
        self.satisfaction.addItem(tr(CTX, "not asked"), None)
        for n in range(5, 0, -1):
            self.satisfaction.addItem("★" * n, n)
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_on)
        follow.addWidget(self.follow_up)
        follow.addStretch(1)
        form = QFormLayout()
        self.form = form
        form.addRow(tr(CTX, "Customer"), self.who)
        form.addRow(tr(CTX, "&Find"), self.search)
        form.addRow("", self.results)
        form.addRow(tr(CTX, "C&hannel"), self.channel)
        form.addRow(tr(CTX, "&Summary *"), self.summary)
        form.addRow(tr(CTX, "&Needs found"), self.needs)
        form.addRow(tr(CTX, "&Products recommended"), self.products)
        form.addRow(tr(CTX, "&Outcome"), self.outcome)
        form.addRow(tr(CTX, "Next follow-up"), follow)
        form.addRow(tr(CTX, "Sa&tisfaction"), self.satisfaction)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            tr(CTX, "&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setIcon(action_icon("save"))
        self.save_button.setObjectName("save")
        buttons.addButton(tr(CTX, "Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.set_customer(customer_id)

    def set_customer(self, customer_id: int | None, name: str | None = None) -> None:
        self.customer_id = customer_id
        if customer_id is not None and name is None:
            try:
                name = self.gateway.call(customer_name, customer_id)
            except ServiceError:
                self.customer_id, name = None, None
        self.who.setText(name or tr(CTX, "(none chosen: search below)"))
        searching = self.customer_id is None
        self.form.setRowVisible(self.search, searching)
        self.form.setRowVisible(self.results, searching)
        (self.search if searching else self.summary).setFocus()

    def run_search(self) -> None:
        self.timer.stop()
        term = self.search.text().strip()
        self.results.clear()
        if not term:
            return
        try:
            rows = self.gateway.call(find_customers, term)
        except ServiceError as exc:
            self.error.setText(labels.service_message(exc))
            return
        for row in rows:
            item = QListWidgetItem(f"{row.name}   {row.masked_phone}   {row.tier_name or ''}")
            item.setData(Qt.ItemDataRole.UserRole, (row.id, row.name))
            self.results.addItem(item)
        if rows:
            self.results.setCurrentRow(0)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        cid, name = item.data(Qt.ItemDataRole.UserRole)
        self.customer_id = int(cid)
        self.who.setText(name)

    def follow_up_date(self) -> dt.date | None:
        if not self.follow_up_on.isChecked():
            return None
        d = self.follow_up.date()
        return dt.date(d.year(), d.month(), d.day())

    def save(self) -> None:
        if self.customer_id is None:
            self.error.setText(tr(CTX, "Choose the customer first."))
            return
        summary = self.summary.toPlainText().strip()
        if not summary:
            self.error.setText(tr(CTX, "Say briefly what happened."))
            self.summary.setFocus()
            return
        try:
            self.contact_id = self.gateway.call(
                contacts.log_contact,
                self.customer_id,
                channel=self.channel.currentData(),
                summary=summary,
                needs=self.needs.text().strip() or None,
                products_recommended=self.products.text().strip() or None,
                outcome=self.outcome.text().strip() or None,
                next_follow_up=self.follow_up_date(),
                satisfaction=self.satisfaction.currentData(),
            )
        except DatabaseUnavailable:
            self.error.setText(
                tr(
                    CTX,
                    "Not saved: the database is unreachable. Retry later; what you typed is kept.",
                )
            )
            return
        except (ValidationError, ServiceError) as exc:
            self.error.setText(labels.service_message(exc))
            return
        self.logged.emit(self.customer_id)
        self.accept()
