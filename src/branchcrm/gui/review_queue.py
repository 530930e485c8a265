"""Review queue (待核实): rows the import could not take for sure; fix, accept or dismiss each.

Built on :mod:`branchcrm.importers.review`. A fix goes through the ordinary customer validation:
a bad value is shown under the edit box and the item stays open; an item someone else resolved
first is reloaded with a message.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchcrm.gui import labels
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr, tr_noop
from branchcrm.gui.import_messages import import_message
from branchcrm.importers import grid, review
from branchcrm.importers.review import FIXABLE_FIELDS, ReviewRow
from branchcrm.services.errors import ConflictError, ServiceError, ValidationError

CTX = "ReviewQueue"


def column_label(r: ReviewRow) -> str:
    """The column as written in the file; the transcription grid's own columns (saved under
    these exact English headers) by their names on screen."""
    if r.column in grid.GRID_HEADERS:
        from branchcrm.gui.transcription import CTX as GRID_CTX
        from branchcrm.gui.transcription import INPUT_COLUMNS

        return tr(GRID_CTX, INPUT_COLUMNS[grid.GRID_HEADERS.index(r.column)])
    return r.column or ""


Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_COLOR = "#b00020"

FIELD_NAMES = {
    "contacts.date": tr_noop(CTX, "Visit date"),
    "contacts.product": tr_noop(CTX, "Product"),
    "contacts.amount_cny": tr_noop(CTX, "Amount"),
    "contacts.note": tr_noop(CTX, "Note"),
    "assets_cny": tr_noop(CTX, "Assets"),
}


def field_label(name: str | None) -> str:
    if not name:
        return ""
    if name in FIELD_NAMES:
        return tr(CTX, FIELD_NAMES[name])
    return labels.field(name)


def fixable(row: ReviewRow) -> bool:
    return row.customer_id is not None and (row.field or "") in FIXABLE_FIELDS


COLUMNS = (
    tr_noop(CTX, "File"),
    tr_noop(CTX, "Sheet"),
    tr_noop(CTX, "Row"),
    tr_noop(CTX, "Column"),
    tr_noop(CTX, "Field"),
    tr_noop(CTX, "Raw value"),
    tr_noop(CTX, "Reason"),
)


class ReviewModel(QAbstractTableModel):
    """Open review items, oldest first; resolved items leave the model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReviewRow] = []

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def remove(self, item_id: int) -> int | None:
        for i, r in enumerate(self.rows):
            if r.id == item_id:
                self.beginRemoveRows(ROOT, i, i)
                del self.rows[i]
                self.endRemoveRows()
                return i
        return None

    def row_at(self, row: int) -> ReviewRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                r.file,
                r.sheet or "",
                "" if r.row is None else str(r.row),
                column_label(r),
                field_label(r.field),
                (r.raw or "").replace("\n", " ")[:200],
                import_message(r.reason, r.code),
            )
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 5:
                return (r.raw or "")[:2000]
            if col == 6:  # the translation, and the importer's own words
                shown = import_message(r.reason, r.code)
                if shown == r.reason:
                    return f"{r.reason} [{r.code}]"
                return f"{shown}\n{r.reason} [{r.code}]"
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == 6:
            return QBrush(QColor(ERROR_COLOR))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == ROW_ROLE:
            return r
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return tr(CTX, COLUMNS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None


class ReviewQueuePage(QWidget):
    """The queue of one batch (``batch_id``) or of everything the signed-in person may see."""

    open_customer = QtSignal(int)
    status_message = QtSignal(str)
    resolved = QtSignal(int, str)  # item id, fixed / accepted / dismissed

    def __init__(
        self, gateway: Gateway, batch_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.gateway = gateway
        self.batch_id = batch_id
        self.model = ReviewModel(self)
        self.title = QLabel()
        self.title.setObjectName("reviewTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.table = QTableView()
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((170, 80, 45, 110, 90, 170)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())

        self.where = QLabel()
        self.where.setObjectName("where")
        self.where.setWordWrap(True)
        self.reason = QLabel()
        self.reason.setObjectName("reason")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)  # raw values may hold "<"
        self.reason.setStyleSheet(f"color: {ERROR_COLOR};")
        self.value = QLineEdit()
        self.value.setObjectName("value")
        self.value.setPlaceholderText(tr(CTX, "Corrected value"))
        self.value.returnPressed.connect(self.fix)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        self.table.activated.connect(lambda _i: self.value.setFocus())
        self.value.textEdited.connect(lambda _t: self.error.clear())
        self.fix_button = QPushButton(tr(CTX, "&Fix"))
        self.fix_button.setObjectName("fix")
        self.fix_button.setToolTip(tr(CTX, "Store the corrected value in the customer file"))
        self.fix_button.clicked.connect(self.fix)
        self.accept_button = QPushButton(tr(CTX, "&Accept as is"))
        self.accept_button.setObjectName("accept")
        self.accept_button.setToolTip(tr(CTX, "The stored data is right; close the item"))
        self.accept_button.clicked.connect(self.accept)
        self.dismiss_button = QPushButton(tr(CTX, "&Dismiss"))
        self.dismiss_button.setObjectName("dismiss")
        self.dismiss_button.setToolTip(tr(CTX, "Close the item without changing any customer"))
        self.dismiss_button.clicked.connect(self.dismiss)
        self.open_button = QPushButton(tr(CTX, "&Open customer"))
        self.open_button.setObjectName("openCustomer")
        self.open_button.clicked.connect(self._open_customer)
        self.reload_button = QPushButton(tr(CTX, "&Reload"))
        self.reload_button.clicked.connect(self.refresh)

        caption = QLabel(tr(CTX, "Correct &value:"))
        caption.setBuddy(self.value)
        form = QFormLayout()
        form.addRow(tr(CTX, "Where:"), self.where)
        form.addRow(tr(CTX, "Problem:"), self.reason)
        form.addRow(caption, self.value)
        form.addRow("", self.error)
        buttons = QHBoxLayout()
        for b in (self.fix_button, self.accept_button, self.dismiss_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.setTabOrder(self.table, self.value)
        self.setFocusProxy(self.table)
        self._show_current()

    # --- data -----------------------------------------------------------------------------

    def set_batch(self, batch_id: int | None) -> None:
        self.batch_id = batch_id
        self.refresh()

    def refresh(self) -> None:
        try:
            rows = self.gateway.call(review.list_open, batch_id=self.batch_id)
        except ServiceError as exc:
            self.status_message.emit(labels.service_message(exc))
            return
        self.model.set_rows(rows)
        self._update_title()
        if rows:
            self.table.selectRow(0)
        self._show_current()

    def _update_title(self) -> None:
        n = len(self.model.rows)
        if self.batch_id is None:
            text = tr(CTX, "Review queue: %1 open item(s)").replace("%1", f"{n:,}")
        else:
            text = (
                tr(CTX, "Review queue of batch %1: %2 open item(s)")
                .replace("%1", str(self.batch_id))
                .replace("%2", f"{n:,}")
            )
        self.title.setText(text)

    def current(self) -> ReviewRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _show_current(self) -> None:
        r = self.current()
        self.error.clear()
        for b in (self.fix_button, self.accept_button, self.dismiss_button, self.value):
            b.setEnabled(r is not None)
        self.open_button.setEnabled(r is not None and r.customer_id is not None)
        if r is None:
            self.where.setText(tr(CTX, "Nothing to review."))
            self.reason.clear()
            self.reason.setToolTip("")
            self.value.clear()
            return
        place = tr(CTX, "%1, sheet %2, row %3").replace("%1", r.file)
        place = place.replace("%2", r.sheet or "–").replace("%3", str(r.row or "–"))
        if r.column:
            place += tr(CTX, ", column %1").replace("%1", column_label(r))
        if r.field:
            place += f" ({field_label(r.field)})"
        self.where.setText(place)
        self.reason.setText(import_message(r.reason, r.code))
        self.reason.setToolTip(f"{r.reason} [{r.code}]")
        self.value.setText(r.raw or "")
        can_fix = fixable(r)
        self.fix_button.setEnabled(can_fix)
        self.value.setEnabled(can_fix)
        if r.customer_id is None:
            hint = tr(CTX, "No customer was imported from this row; accept or dismiss it.")
        elif not can_fix:
            hint = tr(CTX, "This value cannot be corrected here; open the customer file.")
        else:
            hint = tr(CTX, "Type the correct value and press Enter (Alt+F).")
        self.value.setToolTip(hint)
        self.fix_button.setToolTip(hint)

    # --- actions --------------------------------------------------------------------------

    def fix(self) -> bool:
        r = self.current()
        if r is None or not fixable(r):
            return False
        text = self.value.text().strip()
        if not text:
            self.error.setText(tr(CTX, "Type the correct value, or accept or dismiss the item."))
            return False
        return self._resolve(
            r, "fixed", lambda: self.gateway.call(review.accept, r.id, r.version, text)
        )

    def accept(self) -> bool:
        r = self.current()
        if r is None:
            return False
        return self._resolve(
            r, "accepted", lambda: self.gateway.call(review.accept, r.id, r.version)
        )

    def dismiss(self) -> bool:
        r = self.current()
        if r is None:
            return False
        return self._resolve(
            r, "dismissed", lambda: self.gateway.call(review.dismiss, r.id, r.version)
        )

    def _resolve(self, r: ReviewRow, status: str, action: Any) -> bool:
        try:
            action()
        except ValidationError as exc:
            self.error.setText(labels.service_message(exc))
            self.value.setFocus()
            self.value.selectAll()
            return False
        except ConflictError:
            self.status_message.emit(
                tr(CTX, "Someone else changed this item or customer first; the queue is reloaded.")
            )
            self.refresh()
            return False
        except ServiceError as exc:
            self.error.setText(labels.service_message(exc))
            return False
        row = self.model.remove(r.id)
        self._update_title()
        if self.model.rows:
            self.table.selectRow(min(row or 0, len(self.model.rows) - 1))
        self._show_current()
        self.table.setFocus()
        self.resolved.emit(r.id, status)
        self.status_message.emit(
            tr(CTX, "Item %1: %2").replace("%1", str(r.id)).replace("%2", labels.value(status))
        )
        return True

    def _open_customer(self) -> None:
        r = self.current()
        if r is not None and r.customer_id is not None:
            self.open_customer.emit(r.customer_id)


def make_page(gateway: Gateway, _settings: object, _runner: object) -> QWidget:
    page = ReviewQueuePage(gateway)
    page.refresh()
    return page
