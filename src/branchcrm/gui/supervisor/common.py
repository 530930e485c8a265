"""Pieces shared by the supervisors' screens: a sortable table model (with optional drag of
customer ids and an in-cell bar), the period chooser, background loading with progress,
and the drill-down list of customers behind a figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchcrm.gui import labels
from branchcrm.gui.i18n import tr
from branchcrm.services.errors import ServiceError
from branchcrm.services.supervisor_views import DrillRow
from branchcrm.tasks import TaskHandle, TaskRunner

CTX = "Supervisor"
R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
BAR_ROLE = Qt.ItemDataRole.UserRole + 2
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
CUSTOMER_MIME = "application/x-branchcrm-customer-ids"


@dataclass(frozen=True)
class Col(Generic[R]):
    title: str  # already translated
    text: Callable[[R], str]
    key: Callable[[R], Any] | None = None  # sort key; the text when None
    right: bool = False
    bar: Callable[[R], float] | None = None  # 0..1 (or more): drawn as a bar behind the text


class TableModel(QAbstractTableModel, Generic[R]):
    """A small read-only list of rows, sortable in Python (lists of at most a few thousand)."""

    def __init__(
        self,
        columns: Sequence[Col[R]],
        parent: QObject | None = None,
        *,
        drag_ids: Callable[[R], int] | None = None,
        checkable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[R] = []
        self.drag_ids = drag_ids
        self.checkable = checkable
        self.checked: set[int] = set()

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.checked = set()
        self.endResetModel()

    def row(self, index: Index | int) -> R | None:
        i = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, col = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.right:
            return RIGHT
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            checked = index.row() in self.checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == BAR_ROLE and col.bar is not None:
            return float(col.bar(row))
        if role == ROW_ROLE:
            return row
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and index.isValid() and index.column() == 0):
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self.checked.add(index.row())
        else:
            self.checked.discard(index.row())
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_all_checked(self, on: bool) -> None:
        self.checked = set(range(len(self.rows))) if on else set()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )

    def checked_rows(self) -> list[R]:
        return [self.rows[i] for i in sorted(self.checked) if i < len(self.rows)]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.drag_ids is not None:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        if self.checkable and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        col = self.columns[column]
        key = col.key or col.text
        checked = [self.rows[i] for i in self.checked]
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(
            key=lambda r: (key(r) is None, key(r) if key(r) is not None else 0),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        ids = {id(r) for r in checked}
        self.checked = {i for i, r in enumerate(self.rows) if id(r) in ids}
        self.layoutChanged.emit()

    # --- drag and drop of customers -------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CUSTOMER_MIME] if self.drag_ids is not None else []

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        if self.drag_ids is None:
            return mime
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self.drag_ids(self.rows[r]) for r in rows if r < len(self.rows)]
        mime.setData(CUSTOMER_MIME, ",".join(map(str, ids)).encode())
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction if self.drag_ids is not None else Qt.DropAction.IgnoreAction


def ids_from_mime(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(CUSTOMER_MIME):
        return []
    raw = bytes(mime.data(CUSTOMER_MIME).data()).decode()
    return [int(x) for x in raw.split(",") if x.strip().isdigit()]


class BarDelegate(QStyledItemDelegate):
    """Paints ``BAR_ROLE`` (a fraction) as a bar behind the text: green, amber past 90 %,
    red past 100 %."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(BAR_ROLE)
        if isinstance(value, float):
            rect: QRect = option.rect.adjusted(3, 4, -3, -4)
            colour = "#8fd19e" if value <= 0.9 else "#f3c969" if value <= 1.0 else "#f08a80"
            painter.save()
            painter.fillRect(rect, QColor("#eeeeee"))
            width = int(rect.width() * max(0.0, min(value, 1.0)))
            painter.fillRect(QRect(rect.left(), rect.top(), width, rect.height()), QColor(colour))
            painter.restore()
        super().paint(painter, option, index)


def table_view(model: QAbstractTableModel, name: str, *, sortable: bool = True) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    if sortable:  # keep the service's order until a header is clicked
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table: every control stays reachable
    return view


def fit_columns(view: QTableView, most: int = 260) -> None:
    """Columns as wide as their contents, between 60 and ``most`` pixels. A stretched last
    column is left to the header: given a width of its own it would no longer give way, and
    push itself off the right edge behind a horizontal scroll bar."""
    view.resizeColumnsToContents()
    model = view.model()
    count = model.columnCount()
    stretched = view.horizontalHeader().stretchLastSection()
    for c in range(count - 1 if stretched else count):
        view.setColumnWidth(c, max(60, min(view.columnWidth(c), most)))


def fit_to_width(view: QTableView, stretch: Sequence[int]) -> None:
    """Columns that always fit the view, however narrow its pane: the ``stretch`` columns
    share the width the others (sized to their contents) leave, eliding their text when
    they must; no horizontal scroll bar hides the last column."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for c in range(view.model().columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if c in stretch
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(c, mode)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


# --- periods ------------------------------------------------------------------------------


def period_choices(today: dt.date, months: int = 12, quarters: int = 4) -> list[str]:
    """Complete months (newest first), then complete quarters."""
    out = []
    y, mth = today.year, today.month
    for _ in range(months):
        mth -= 1
        if mth == 0:
            y, mth = y - 1, 12
        out.append(f"{y:04d}-{mth:02d}")
    q = (today.month - 1) // 3 + 1
    y = today.year
    for _ in range(quarters):
        q -= 1
        if q == 0:
            y, q = y - 1, 4
        out.append(f"{y:04d}-Q{q}")
    return out


class PeriodBox(QComboBox):
    def __init__(self, today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("period")
        self.setEditable(False)
        for label in period_choices(today or dt.date.today()):
            self.addItem(label, label)
        self.setToolTip(tr(CTX, "Reporting period: a month or a quarter"))

    def period(self) -> str:
        return str(self.currentData())


# --- background work ----------------------------------------------------------------------


def submit(
    runner: TaskRunner,
    fn: Callable[..., Any],
    *args: Any,
    done: Callable[[Any], None],
    failed: Callable[[str], None],
    progress: Callable[[int, int, str], None] | None = None,
) -> TaskHandle:
    """Run ``fn(*args, state=...)`` off the GUI thread; ``done``/``failed`` run on it."""
    handle = runner.submit(fn, *args)
    handle.finished.connect(done)

    def on_failed(error: object, _trace: str) -> None:
        if isinstance(error, ServiceError):
            failed(labels.service_message(error))
        else:
            failed(str(error) or error.__class__.__name__)

    handle.failed.connect(on_failed)
    handle.cancelled.connect(lambda: failed(tr(CTX, "Cancelled")))
    if progress is not None:
        handle.progress.connect(progress)
    return handle


# --- drill-down ---------------------------------------------------------------------------


def drill_columns() -> list[Col[DrillRow]]:
    return [
        Col(tr(CTX, "Customer no"), lambda r: r.customer_no),
        Col(tr(CTX, "Name"), lambda r: r.name),
        Col(tr(CTX, "Tier"), lambda r: r.tier_name),
        Col(
            tr(CTX, "Assets (yuan)"),
            lambda r: labels.money(r.aum_fen),
            lambda r: r.aum_fen,
            right=True,
        ),
        Col(tr(CTX, "Primary manager"), lambda r: r.manager or ""),
        Col(
            tr(CTX, "Last contact"),
            lambda r: labels.date(r.last_contact_at),
            lambda r: r.last_contact_at.isoformat() if r.last_contact_at else "",
        ),
        Col(
            tr(CTX, "Completeness"),
            lambda r: f"{r.completeness}%",
            lambda r: r.completeness,
            right=True,
        ),
        Col(tr(CTX, "Detail"), lambda r: r.detail),
    ]


class DrillDialog(QDialog):
    """The customers behind a figure; Enter or a double-click opens a customer's file."""

    open_customer = Signal(int)

    def __init__(self, title: str, rows: Sequence[DrillRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drillDown")
        self.setWindowTitle(title)
        self.model: TableModel[DrillRow] = TableModel(drill_columns(), self)
        self.model.set_rows(rows)
        self.view = table_view(self.model, "drillTable")
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        count = QLabel(tr(CTX, "%n customer(s)", None, len(rows)))
        count.setObjectName("drillCount")
        hint = QLabel(tr(CTX, "Double-click or press Enter to open the customer's file."))
        hint.setStyleSheet("color: #666;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(count)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+O"), self, self.open_current)
        fit_columns(self.view)
        self.resize(900, 520)

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row(index)
        if row is not None:
            self.open_customer.emit(row.customer_id)

    def open_current(self) -> None:
        self._open(self.view.currentIndex())
