"""Link a relative to a customer's file: find them as you type, say how they are related."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
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

from branchcrm.gui import labels
from branchcrm.gui.gateway import DatabaseUnavailable, Gateway
from branchcrm.gui.i18n import tr
from branchcrm.services import relationships
from branchcrm.services.errors import ServiceError

CTX = "RelationDialog"
SEARCH_DELAY_MS = 200


class RelationDialog(QDialog):
    """Saves one tie on OK; the caller reloads the family tab."""

    def __init__(
        self, gateway: Gateway, customer_id: int, customer_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("relationDialog")
        self.gateway = gateway
        self.customer_id = customer_id
        self.setWindowTitle(tr(CTX, "Add a relation — %1").replace("%1", customer_name))
        self.search = QLineEdit()
        self.search.setObjectName("relationSearch")
        self.search.setPlaceholderText(tr(CTX, "Name, pinyin, phone or ID fragment"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("relationResults")
        self.kind = QComboBox()
        self.kind.setObjectName("relationKind")
        for code in relationships.KINDS:
            self.kind.addItem(labels.value(code), code)
        self.note = QLineEdit()
        self.note.setObjectName("relationNote")
        self.note.setMaxLength(relationships.NOTE_MAX)
        self.note.setPlaceholderText(tr(CTX, "e.g. works at the hospital, retired teacher"))
        self.message = QLabel()
        self.message.setObjectName("relationMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(tr(CTX, "&Find customer:"), self.search)
        form.addRow("", self.results)
        form.addRow(tr(CTX, "&Is this customer's:"), self.kind)
        form.addRow(tr(CTX, "N&ote:"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.look_up)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.currentItemChanged.connect(lambda *_a: self._update_ok())
        self.results.itemDoubleClicked.connect(lambda _i: self.save())
        self._update_ok()
        self.resize(520, 420)

    def related_id(self) -> int | None:
        item = self.results.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.related_id() is not None)

    def look_up(self) -> None:
        self._timer.stop()
        self.results.clear()
        self.message.clear()
        try:
            found = self.gateway.call(
                relationships.candidates, self.search.text(), exclude_id=self.customer_id
            )
        except (DatabaseUnavailable, ServiceError) as exc:
            self.message.setText(labels.service_message(exc))
            return
        for c in found:
            parts = [c.name, c.customer_no or "", str(c.birth_year or ""), c.phone_masked]
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, c.customer_id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        elif self.search.text().strip():
            self.message.setText(tr(CTX, "No customer you may see matches."))
        self._update_ok()

    def save(self) -> None:
        related = self.related_id()
        if related is None:
            return
        try:
            self.gateway.call(
                relationships.link,
                self.customer_id,
                related,
                str(self.kind.currentData()),
                self.note.text(),
            )
        except DatabaseUnavailable:
            self.message.setText(
                tr(CTX, "Not saved: the database is unreachable. Retry later; nothing is lost.")
            )
            return
        except ServiceError as exc:
            self.message.setText(labels.service_message(exc))
            return
        self.accept()
