"""New customer in seconds: name and phone are enough; duplicates are flagged as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchcrm.domain.completeness import missing_fields
from branchcrm.domain.roles import Role
from branchcrm.gui import labels
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.icons import action_icon
from branchcrm.services import customers, staff
from branchcrm.services.customer_rules import RISK_LEVELS
from branchcrm.services.customers import DuplicateHint
from branchcrm.services.errors import ServiceError, ValidationError

CTX = "NewCustomerDialog"
DUPLICATE_DELAY_MS = 250
_REASON_TEXT = {
    "same ID number": lambda: tr(CTX, "same ID number"),
    "same phone": lambda: tr(CTX, "same phone"),
    "same name and phone tail": lambda: tr(CTX, "same name and phone tail"),
}


class NewCustomerDialog(QDialog):
    created = Signal(int)
    open_existing = Signal(int)

    def __init__(self, gateway: Gateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gateway = gateway
        self.actor = gateway.actor
        self.setObjectName("newCustomerDialog")
        self.setWindowTitle(tr(CTX, "New customer"))
        self.duplicates: list[DuplicateHint] = []
        self.created_id: int | None = None
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.mobile = QLineEdit()
        self.mobile.setObjectName("mobile")
        self.mobile.setPlaceholderText(tr(CTX, "11-digit mobile"))
        self.id_number = QLineEdit()
        self.id_number.setObjectName("id_number")
        self.id_number.setPlaceholderText(tr(CTX, "optional"))
        self.occupation = QLineEdit()
        self.occupation.setObjectName("occupation")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.risk = QComboBox()
        self.risk.setObjectName("risk_level")
        self.risk.addItem(tr(CTX, "not assessed"), None)
        for level in RISK_LEVELS:
            self.risk.addItem(level, level)
        self.manager = QComboBox()
        self.manager.setObjectName("manager")
        form = QFormLayout()
        form.addRow(tr(CTX, "&Name *"), self.name)
        form.addRow(tr(CTX, "&Mobile *"), self.mobile)
        form.addRow(tr(CTX, "&ID number"), self.id_number)
        form.addRow(tr(CTX, "&Occupation"), self.occupation)
        form.addRow(tr(CTX, "&Address"), self.address)
        form.addRow(tr(CTX, "&Risk level"), self.risk)
        self._fill_managers(form)
        self.errors = QLabel()
        self.errors.setObjectName("errors")
        self.errors.setStyleSheet("color: #b00020;")
        self.errors.setWordWrap(True)
        self.duplicate_label = QLabel()
        self.duplicate_label.setObjectName("duplicateWarning")
        self.duplicate_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.duplicate_label.setWordWrap(True)
        self.duplicate_list = QListWidget()
        self.duplicate_list.setObjectName("duplicates")
        self.duplicate_list.setMaximumHeight(90)
        self.duplicate_list.itemActivated.connect(self._open_duplicate)
        self.completeness = QLabel()
        self.completeness.setObjectName("completeness")
        self.completeness.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            tr(CTX, "&Create"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setIcon(action_icon("new_customer"))
        self.create_button.setObjectName("create")
        buttons.addButton(tr(CTX, "Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create_customer)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.completeness)
        layout.addWidget(self.duplicate_label)
        layout.addWidget(self.duplicate_list)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DUPLICATE_DELAY_MS)
        self.timer.timeout.connect(self.check_duplicates)
        for edit in (self.name, self.mobile, self.id_number, self.occupation, self.address):
            edit.textChanged.connect(self._edited)
        self.risk.currentIndexChanged.connect(lambda _i: self._edited())
        self.setMinimumWidth(520)
        self._edited()
        self.duplicate_list.hide()

    def _fill_managers(self, form: QFormLayout) -> None:
        if Role.MANAGER in self.actor.roles:
            self.manager.addItem(self.actor.name, None)
            self.manager.setEnabled(False)
        else:
            self.manager.addItem(tr(CTX, "— choose —"), None)
            try:
                for s in self.gateway.call(staff.list_staff, role="manager"):
                    self.manager.addItem(f"{s.name} ({s.customers})", s.id)
            except ServiceError as exc:
                self.errors.setText(labels.service_message(exc))
        form.addRow(tr(CTX, "&Primary manager"), self.manager)

    def values(self) -> dict[str, Any]:
        raw = {
            "name": self.name.text(),
            "mobile": self.mobile.text(),
            "id_number": self.id_number.text(),
            "occupation": self.occupation.text(),
            "address": self.address.text(),
            "risk_level": self.risk.currentData(),
        }
        return {k: v for k, v in raw.items() if v not in (None, "") or k == "name"}

    def _edited(self) -> None:
        clean, _errors = customers.validate(self.values())
        missing = [k for k in missing_fields(clean) if k != "birthday" or "id_number" not in clean]
        if missing:
            self.completeness.setText(
                tr(CTX, "Still missing: %1").replace(
                    "%1", labels.joined(labels.field(k) for k in missing)
                )
            )
        else:
            self.completeness.setText(tr(CTX, "All key facts entered."))
        self.timer.start()

    def check_duplicates(self) -> None:
        self.timer.stop()
        try:
            self.duplicates = self.gateway.call(
                customers.find_duplicates,
                name=self.name.text().strip(),
                mobile=self.mobile.text().strip(),
                id_number=self.id_number.text().strip(),
            )
        except ServiceError:
            self.duplicates = []
        self.duplicate_list.clear()
        for hint in self.duplicates:
            reason = _REASON_TEXT.get(hint.reason, lambda h=hint: h.reason)()
            item = QListWidgetItem(f"{hint.name}  {hint.masked_phone}  — {reason}")
            item.setData(Qt.ItemDataRole.UserRole, hint.customer_id)
            self.duplicate_list.addItem(item)
        self.duplicate_list.setVisible(bool(self.duplicates))
        self.duplicate_label.setText(
            tr(
                CTX,
                "Possible duplicate: this customer may already have a file. "
                "Double-click to open it.",
            )
            if self.duplicates
            else ""
        )

    def _open_duplicate(self, item: QListWidgetItem) -> None:
        self.open_existing.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def create_customer(self) -> None:
        values = self.values()
        errors: dict[str, str] = {}
        if not values.get("mobile"):
            errors["mobile"] = tr(CTX, "a phone number is required")
        _clean, found = customers.validate(values)
        errors.update(found)
        primary = self.manager.currentData()
        if Role.MANAGER not in self.actor.roles and primary is None:
            errors["primary"] = tr(CTX, "choose the customer manager who will serve them")
        if errors:
            self.errors.setText(
                "; ".join(
                    labels.pair(labels.field(k), labels.message(v)) for k, v in errors.items()
                )
            )
            return
        try:
            self.created_id = self.gateway.call(
                customers.create_customer, values, primary_staff_id=primary
            )
        except ValidationError as exc:
            self.errors.setText(labels.service_message(exc))
            return
        except ServiceError as exc:
            self.errors.setText(labels.service_message(exc))
            return
        self.created.emit(self.created_id)
        self.accept()
