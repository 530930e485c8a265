"""Transcribe a notebook (录入笔记本): a spreadsheet-like grid for notebooks never typed into Excel.

Each row is checked as it is typed, by the notebook importer's own normalizers
(:mod:`branchcrm.importers.grid`): the result column shows what will be stored, a red cell what
needs a person, and the last column the customers already in the database it may be (masked).
Ctrl+V pastes a block copied from Excel or WPS. Save imports the grid as one batch owned by the
signed-in manager (a supervisor chooses the manager), with the same review queue and undo.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.gui import labels
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr, tr_noop
from branchcrm.gui.import_messages import import_message, join_messages
from branchcrm.gui.settings import Settings
from branchcrm.importers import grid
from branchcrm.importers.notebook import ImportCancelled, ImportResult
from branchcrm.services.errors import ServiceError
from branchcrm.tasks import Cancelled, TaskHandle, TaskRunner, TaskState

CTX = "Transcription"
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
INPUT_COLUMNS = (
    tr_noop(CTX, "Name"),
    tr_noop(CTX, "Phone"),
    tr_noop(CTX, "ID number"),
    tr_noop(CTX, "Birthday"),
    tr_noop(CTX, "Visit date"),
    tr_noop(CTX, "Product"),
    tr_noop(CTX, "Amount"),
    tr_noop(CTX, "Note"),
)
RESULT, DUPES = len(INPUT_COLUMNS), len(INPUT_COLUMNS) + 1
ALL_COLUMNS = (*INPUT_COLUMNS, tr_noop(CTX, "Will be stored as"), tr_noop(CTX, "In the database"))
START_ROWS = 20
BAD = QColor("#fbd5d5")
GOOD = QColor("#e3f4e1")
MATCH = QColor("#fff3c4")
HINT = QColor("#ffe2c2")
DUP_TEXT = {
    "same_id": tr_noop(CTX, "same ID: will be matched"),
    "same_name_mobile": tr_noop(CTX, "same name and mobile: will be matched"),
    "same_mobile": tr_noop(CTX, "same mobile, other name"),
    "same_name": tr_noop(CTX, "same name only: a different person unless ID or mobile agree"),
    "other_branch": tr_noop(CTX, "same ID in another branch: the row goes to review"),
}


def parse_block(text: str) -> list[list[str]]:
    """A block copied from Excel/WPS: tab-separated, quoted cells may hold line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter="\t")]


def fill_owners(combo: QComboBox, gateway: Gateway) -> None:
    """Who may own a notebook: oneself; a supervisor or head also any manager of the branch
    (preselecting the first manager when they are not a manager themselves)."""
    actor = gateway.actor
    combo.addItem(actor.name, actor.login)
    if actor.has(Role.SUPERVISOR, Role.HEAD, Role.ADMIN):
        from branchcrm.services import staff

        try:
            managers = gateway.call(staff.list_staff, role="manager")
        except ServiceError:
            managers = []
        for s in managers:
            if s.login != actor.login:
                combo.addItem(f"{s.name} ({s.login})", s.login)
        if Role.MANAGER not in actor.roles and combo.count() > 1:
            combo.setCurrentIndex(1)
    combo.setEnabled(combo.count() > 1)


class TranscriptionModel(QAbstractTableModel):
    """The grid: typed values, each row's check, and duplicates found in the database."""

    rows_checked = Signal()

    def __init__(self, rows: int = START_ROWS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.values: list[list[str]] = [[""] * len(INPUT_COLUMNS) for _ in range(rows)]
        self.checks: list[grid.RowCheck] = [grid.check_row(i, []) for i in range(rows)]
        self.dupes: dict[int, list[grid.Duplicate]] = {}
        self.merges: dict[int, int] = {}

    # --- editing --------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.values)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(ALL_COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() < RESULT else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() >= RESULT:
            return False
        self.set_cells(index.row(), index.column(), [[("" if value is None else str(value))]])
        return True

    def set_cells(self, top: int, left: int, block: Sequence[Sequence[str]]) -> int:
        """Write a block at (top, left), growing the grid; returns the rows touched."""
        block = [list(r)[: max(0, len(INPUT_COLUMNS) - left)] for r in block]
        if not block or left >= len(INPUT_COLUMNS):
            return 0
        self.ensure_rows(top + len(block) + 1)
        for i, cells in enumerate(block):
            row = self.values[top + i]
            for j, v in enumerate(cells):
                row[left + j] = v.strip()
            self.checks[top + i] = grid.check_row(top + i, row)
        self.merges = grid.grid_merges(self.checks)
        last = top + len(block) - 1
        self.dataChanged.emit(self.index(top, 0), self.index(last, len(ALL_COLUMNS) - 1))
        self.rows_checked.emit()
        return len(block)

    def ensure_rows(self, n: int) -> None:
        if n <= len(self.values):
            return
        first = len(self.values)
        self.beginInsertRows(ROOT, first, n - 1)
        for i in range(first, n):
            self.values.append([""] * len(INPUT_COLUMNS))
            self.checks.append(grid.check_row(i, []))
        self.endInsertRows()

    def clear_cells(self, indexes: Sequence[QModelIndex]) -> None:
        for ix in indexes:
            if ix.isValid() and ix.column() < RESULT:
                self.set_cells(ix.row(), ix.column(), [[""]])

    def reset(self, rows: int = START_ROWS) -> None:
        self.beginResetModel()
        self.values = [[""] * len(INPUT_COLUMNS) for _ in range(rows)]
        self.checks = [grid.check_row(i, []) for i in range(rows)]
        self.dupes, self.merges = {}, {}
        self.endResetModel()
        self.rows_checked.emit()

    def set_dupes(self, dupes: dict[int, list[grid.Duplicate]]) -> None:
        self.dupes = dupes
        if self.values:
            self.dataChanged.emit(self.index(0, DUPES), self.index(len(self.values) - 1, DUPES))

    def filled(self) -> list[grid.RowCheck]:
        return [c for c in self.checks if not c.blank]

    # --- display --------------------------------------------------------------------------

    def _dupe_text(self, row: int) -> str:
        found = self.dupes.get(row, [])
        if row in self.merges:
            merged = tr(CTX, "same person as row %1").replace("%1", str(self.merges[row] + 1))
        else:
            merged = ""
        parts = [f"{d.name} {d.masked_mobile or d.masked_id}".strip() for d in found[:2]]
        text = "; ".join(parts)
        if len(found) > 2:
            text += tr(CTX, " +%1 more").replace("%1", str(len(found) - 2))
        return "; ".join(t for t in (merged, text) if t)

    def _dupe_tip(self, row: int) -> str:
        lines = [
            f"{d.name}  {d.masked_mobile}  {d.masked_id}  — {tr(CTX, DUP_TEXT[d.code])}"
            for d in self.dupes.get(row, [])
        ]
        if row in self.merges:
            lines.insert(
                0,
                tr(CTX, "Merged with row %1 when saved").replace("%1", str(self.merges[row] + 1)),
            )
        return "\n".join(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.values):
            return None
        r, c = index.row(), index.column()
        check = self.checks[r]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c < RESULT:
                return self.values[r][c]
            if c == RESULT:
                if check.blank:
                    return ""
                return check.result_text() if check.ok else "⚠ " + join_messages(_reasons(check))
            return self._dupe_text(r)
        if role == Qt.ItemDataRole.ToolTipRole:
            if c < RESULT:
                return "\n".join(import_message(t) for t in check.column_problems(c)) or None
            if c == RESULT and not check.blank:
                lines = _reasons(check) + [import_message(t) for t in check.changes]
                return "\n".join([check.result_text(), *lines]).strip() or None
            return self._dupe_tip(r) or None
        if role == Qt.ItemDataRole.BackgroundRole and not check.blank:
            if c < RESULT:
                return QBrush(BAD) if check.column_problems(c) else None
            if c == RESULT:
                return QBrush(GOOD if check.ok else BAD)
            found = self.dupes.get(r, [])
            if any(d.will_match for d in found) or r in self.merges:
                return QBrush(MATCH)
            return QBrush(HINT) if found else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(ALL_COLUMNS):
            return tr(CTX, ALL_COLUMNS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.values):
            return str(section + 1)
        return None


class GridView(QTableView):
    """Ctrl+V pastes a block at the current cell; Delete clears the selected cells."""

    def __init__(self, model: TranscriptionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = model
        self.setModel(model)

    def paste(self, text: str | None = None) -> int:
        if text is None:
            text = QGuiApplication.clipboard().text()
        block = parse_block(text)
        here = self.currentIndex()
        top, left = (here.row(), here.column()) if here.isValid() else (0, 0)
        n = self.grid.set_cells(top, min(left, RESULT - 1), block)
        if n:
            self.setCurrentIndex(self.grid.index(min(top + n, self.grid.rowCount() - 1), 0))
        return n

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if event.key() == Qt.Key.Key_Delete and self.state() != self.State.EditingState:
            self.grid.clear_cells(self.selectedIndexes())
            return
        super().keyPressEvent(event)


def save_task(
    db: Database,
    actor: Actor,
    rows: list[list[str]],
    owner_login: str,
    title: str | None,
    *,
    state: TaskState,
) -> ImportResult:
    try:
        return grid.save_grid(db, actor, rows, owner_login=owner_login, title=title, state=state)
    except ImportCancelled as exc:
        raise Cancelled() from exc


class TranscriptionPage(QWidget):
    status_message = Signal(str)
    saved = Signal(object)  # ImportResult

    def __init__(self, gateway: Gateway, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gateway, self.runner = gateway, runner
        self.actor = gateway.actor
        self.handle: TaskHandle | None = None
        self.model = TranscriptionModel(parent=self)
        self.view = GridView(self.model)
        self.view.setObjectName("transcriptionGrid")
        self.view.setAlternatingRowColors(False)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((70, 110, 150, 80, 90, 70, 80, 90, 250)):
            self.view.setColumnWidth(col, width)

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("notebookTitle")
        self.title_edit.setPlaceholderText(tr(CTX, "e.g. Lobby register 2012 (Wang Li)"))
        self.owner = QComboBox()
        self.owner.setObjectName("owner")
        fill_owners(self.owner, gateway)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.save_button = QPushButton(tr(CTX, "&Save as import batch (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(lambda: self.save())
        self.cancel_button = QPushButton(tr(CTX, "Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._cancel)
        self.paste_button = QPushButton(tr(CTX, "&Paste from Excel (Ctrl+V)"))
        self.paste_button.clicked.connect(lambda: self.view.paste())
        self.add_button = QPushButton(tr(CTX, "&Add 10 rows"))
        self.add_button.clicked.connect(lambda: self.model.ensure_rows(self.model.rowCount() + 10))
        self.clear_button = QPushButton(tr(CTX, "C&lear grid"))
        self.clear_button.clicked.connect(lambda: self.model.reset())
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.save())

        top = QHBoxLayout()
        for text, widget in (
            (tr(CTX, "&Notebook:"), self.title_edit),
            (tr(CTX, "&Owner:"), self.owner),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget, 1 if widget is self.title_edit else 0)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.progress)
        for b in (self.paste_button, self.add_button, self.clear_button, self.cancel_button):
            bottom.addWidget(b)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.result)
        layout.addLayout(bottom)
        self.setTabOrder(self.title_edit, self.owner)
        self.setTabOrder(self.owner, self.view)
        self.setFocusProxy(self.view)

        self.dupe_timer = QTimer(self)
        self.dupe_timer.setSingleShot(True)
        self.dupe_timer.setInterval(300)
        self.dupe_timer.timeout.connect(self.find_duplicates)
        self.model.rows_checked.connect(self._changed)
        self.view.setCurrentIndex(self.model.index(0, 0))
        self._changed()

    # --- live checks ----------------------------------------------------------------------

    def _changed(self) -> None:
        filled = self.model.filled()
        bad = sum(1 for c in filled if not c.ok)
        self.summary.setText(
            tr(CTX, "%1 rows, %2 need review, %3 may already be customers")
            .replace("%1", str(len(filled)))
            .replace("%2", str(bad))
            .replace("%3", str(len(self.model.dupes)))
        )
        self.dupe_timer.start()

    def find_duplicates(self) -> None:
        checks = self.model.filled()
        try:
            dupes = self.gateway.call(grid.find_duplicates, checks) if checks else {}
        except ServiceError as exc:
            self.status_message.emit(labels.service_message(exc))
            return
        self.model.set_dupes(dupes)
        self.summary.setText(
            tr(CTX, "%1 rows, %2 need review, %3 may already be customers")
            .replace("%1", str(len(checks)))
            .replace("%2", str(sum(1 for c in checks if not c.ok)))
            .replace("%3", str(len(dupes)))
        )

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> TaskHandle | None:
        if self.handle is not None:
            return None
        if not self.model.filled():
            self._say(tr(CTX, "The grid is empty: nothing to save."))
            return None
        rows = [list(r) for r in self.model.values]
        title = self.title_edit.text().strip() or None
        handle = self.runner.submit(
            save_task, self.gateway.db, self.actor, rows, self.owner.currentData(), title
        )
        self.handle = handle
        self._busy(True)
        handle.finished.connect(self._saved)
        handle.failed.connect(lambda error, _t: self._failed(error))
        handle.cancelled.connect(
            lambda: self._done(tr(CTX, "Saving cancelled. Nothing was written; the grid is kept."))
        )
        return handle

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        for w in (self.save_button, self.clear_button, self.paste_button, self.view):
            w.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))

    def _cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _done(self, text: str) -> None:
        self.handle = None
        self._busy(False)
        self._say(text)
        self.status_message.emit(text)

    def _failed(self, error: object) -> None:
        reason = labels.service_message(error) if isinstance(error, BaseException) else str(error)
        self._done(
            tr(CTX, "Not saved: %1. Nothing was written; the grid is kept.").replace("%1", reason)
        )

    def _saved(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        if result.batch_id is None:
            self._done(tr(CTX, "Nothing new: these rows were already imported. The grid is kept."))
            return
        self._done(
            tr(CTX, "Saved as batch %1: %2 new customers, %3 matched, %4 contacts, %5 for review.")
            .replace("%1", str(result.batch_id))
            .replace("%2", str(result.customers_new))
            .replace("%3", str(result.customers_matched))
            .replace("%4", str(result.contacts))
            .replace("%5", str(len(result.review)))
        )
        self.model.reset()
        self.title_edit.clear()
        self.saved.emit(result)

    def refresh(self) -> None:
        self.find_duplicates()


def _reasons(check: grid.RowCheck) -> list[str]:
    """The row's problems in the UI's language."""
    return [import_message(p.reason, p.code) for p in check.problems]


def make_page(gateway: Gateway, _settings: Settings, runner: TaskRunner) -> QWidget:
    return TranscriptionPage(gateway, runner)
