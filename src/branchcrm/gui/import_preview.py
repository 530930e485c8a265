"""The import wizard's middle steps: check the column mapping, and preview the dry run.

Both show a dry run's :class:`~branchcrm.importers.notebook.ImportResult`; the mapping step
edits the detected :class:`~branchcrm.importers.table.Table` of each sheet in place and
reports which ones changed, so the wizard can save them (``save_mapping``) for reuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchcrm.gui.i18n import tr, tr_noop
from branchcrm.gui.import_messages import import_message, import_messages, with_prefix
from branchcrm.gui.review_queue import field_label
from branchcrm.gui.rows_model import Column, RowsModel
from branchcrm.importers.grid import SampleRow
from branchcrm.importers.notebook import FileResult, ImportResult, SheetResult
from branchcrm.importers.table import FIELDS, Table

CTX = "ImportWizard"
EXTRA_FIELDS = {"phone": tr_noop(CTX, "Phone"), "seq": tr_noop(CTX, "Sequence number (ignored)")}


def field_name(key: str | None) -> str:
    if key is None:
        return tr(CTX, "(not imported)")
    if key in EXTRA_FIELDS:
        return tr(CTX, EXTRA_FIELDS[key])
    return field_label(key)


def column_letter(index: int) -> str:
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class Analysis:
    """A dry run and the first rows of each sheet, as the import would store them."""

    result: ImportResult
    samples: list[SampleRow] = field(default_factory=list)


# ---------------------------------------------------------------- files and mapping


class FileList(QListWidget):
    """The chosen files; files dropped from the desktop are added."""

    dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.dropped.emit([Path(u.toLocalFile()) for u in event.mimeData().urls()])


class MappingStep(QWidget):
    """Detected header rows and columns per file and sheet; a combo per column."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tables: list[tuple[FileResult, SheetResult, Table]] = []
        self.dirty: set[str] = set()  # signatures of tables a person changed
        self.sheets = QListWidget()
        self.sheets.setObjectName("mappingSheets")
        self.sheets.currentRowChanged.connect(self._show)
        self.header_label = QLabel()
        self.header_label.setObjectName("headerRows")
        self.header_label.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setObjectName("mappingNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a5a00;")
        self.columns = QTableWidget(0, 3)
        self.columns.setObjectName("mappingColumns")
        self.columns.setHorizontalHeaderLabels(
            [tr(CTX, "Column"), tr(CTX, "Header in the file"), tr(CTX, "Imported as")]
        )
        self.columns.verticalHeader().hide()
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.columns.setColumnWidth(0, 70)
        self.columns.setColumnWidth(1, 220)
        hint = QLabel(
            tr(
                CTX,
                "Check what each column is imported as. Changes are saved and reused for "
                "every file with the same header.",
            )
        )
        hint.setWordWrap(True)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.header_label)
        rl.addWidget(self.columns, 1)
        rl.addWidget(self.notes)
        split = QSplitter()
        split.addWidget(self.sheets)
        split.addWidget(right)
        split.setSizes([340, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(split, 1)
        self.setFocusProxy(self.sheets)

    def set_result(self, result: ImportResult) -> None:
        self.tables, self.dirty = [], set()
        self.sheets.clear()
        for f in result.files:
            if f.status == "error" or (f.status == "no_data" and not f.sheets):
                item = QListWidgetItem(file_error(f), self.sheets)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip(f.error or "")
                continue
            for w in f.warnings:
                if "already imported" in w:
                    text = with_prefix(f.file, import_message(w))
                    item = QListWidgetItem(text, self.sheets)
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
            for s in f.sheets:
                hidden = tr(CTX, " (hidden)") if s.hidden else ""
                if s.table is None:
                    text = tr(CTX, "%1 / %2: no customer table").replace("%1", f.file)
                    item = QListWidgetItem(text.replace("%2", s.sheet + hidden), self.sheets)
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setToolTip(import_messages(s.notes))
                    continue
                item = QListWidgetItem(f"{f.file} / {s.sheet}{hidden}", self.sheets)
                item.setData(Qt.ItemDataRole.UserRole, len(self.tables))
                if s.notes:
                    item.setToolTip("\n".join(import_message(n) for n in s.notes))
                self.tables.append((f, s, s.table))
        rows = range(self.sheets.count())
        role = Qt.ItemDataRole.UserRole
        first = next((i for i in rows if self.sheets.item(i).data(role) is not None), -1)
        self.sheets.setCurrentRow(first)
        if first < 0:
            self._show(-1)

    def changed_tables(self) -> list[Table]:
        return [t for _f, _s, t in self.tables if t.signature in self.dirty]

    def _show(self, row: int) -> None:
        item = self.sheets.item(row) if row >= 0 else None
        pos = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.columns.setRowCount(0)
        if pos is None:
            self.header_label.setText(tr(CTX, "No sheet with customer rows to map."))
            self.notes.clear()
            return
        f, s, table = self.tables[int(pos)]
        rows = "–".join(str(r) for r in table.header_rows)
        self.header_label.setText(
            tr(CTX, "%1, sheet %2: header in row %3; %4 data rows.")
            .replace("%1", f.file)
            .replace("%2", s.sheet)
            .replace("%3", rows)
            .replace("%4", f"{s.rows:,}")
        )
        notes = [import_message(n) for n in s.notes]
        self.notes.setText("\n".join([*notes, *self._duplicate_notes(table)]))
        self.columns.setRowCount(len(table.columns))
        for i, col in enumerate(table.columns):
            letter = QTableWidgetItem(column_letter(col.index))
            label = QTableWidgetItem(col.label + (tr(CTX, " (hidden)") if col.hidden else ""))
            self.columns.setItem(i, 0, letter)
            self.columns.setItem(i, 1, label)
            combo = QComboBox()
            combo.setObjectName(f"field{col.index}")
            combo.addItem(field_name(None), None)
            for key in FIELDS:
                combo.addItem(field_name(key), key)
            combo.setCurrentIndex(max(0, combo.findData(col.field)))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, t=table, k=col.index: self._set_field(t, k, c.currentData())
            )
            self.columns.setCellWidget(i, 2, combo)
        self.columns.resizeRowsToContents()

    def _duplicate_notes(self, table: Table) -> list[str]:
        seen: dict[str, int] = {}
        out = []
        for col in table.columns:
            if col.field is None or col.field == "phone":
                continue
            if col.field in seen:
                out.append(
                    tr(CTX, "Columns %1 and %2 are both %3: only the first is used.")
                    .replace("%1", column_letter(seen[col.field]))
                    .replace("%2", column_letter(col.index))
                    .replace("%3", field_name(col.field))
                )
            else:
                seen[col.field] = col.index
        return out

    def _set_field(self, table: Table, index: int, key: str | None) -> None:
        col = next(c for c in table.columns if c.index == index)
        if col.field == key:
            return
        col.field = key
        self.dirty.add(table.signature)
        row = self.sheets.currentRow()
        item = self.sheets.item(row)
        if item is not None and not item.text().endswith(" *"):
            item.setText(item.text() + " *")
        self.notes.setText("\n".join(self._duplicate_notes(table)))
        self.changed.emit()


# ---------------------------------------------------------------- preview


@dataclass(frozen=True)
class CountRow:
    file: str
    sheet: str
    status: str
    sheet_result: SheetResult | None
    error: str | None = None


def _n(r: CountRow, attr: str) -> str:
    return "" if r.sheet_result is None else f"{getattr(r.sheet_result, attr):,}"


COUNT_COLUMNS: list[Column[CountRow]] = [
    Column(CTX, "File", lambda r: r.file),
    Column(CTX, "Sheet", lambda r: r.sheet),
    Column(CTX, "Status", lambda r: r.error or r.status),
    Column(CTX, "Rows", lambda r: _n(r, "rows"), True),
    Column(CTX, "New", lambda r: _n(r, "new"), True),
    Column(CTX, "Matched", lambda r: _n(r, "matched"), True),
    Column(CTX, "Merged", lambda r: _n(r, "merged"), True),
    Column(CTX, "Review", lambda r: _n(r, "review"), True),
    Column(CTX, "Rejected", lambda r: _n(r, "rejected"), True),
    Column(CTX, "Skipped", lambda r: _n(r, "skipped"), True),
]
SAMPLE_KEYS = (
    "name",
    "mobile",
    "id_number",
    "birthday",
    "assets_cny",
    "contacts.date",
    "contacts.product",
    "contacts.amount_cny",
    "risk_level",
)


def status_text(status: str) -> str:
    names = {
        "table": tr_noop(CTX, "ready"),
        "imported": tr_noop(CTX, "ready"),
        "no_data": tr_noop(CTX, "no customer rows"),
        "error": tr_noop(CTX, "cannot be read"),
    }
    return tr(CTX, names[status]) if status in names else status


def file_error(f: FileResult) -> str:
    """A file that was not imported: its error, or ``file: status``, in the UI's language."""
    if f.error:
        return import_message(f.error)
    return with_prefix(f.file, status_text(f.status))


def count_rows(result: ImportResult) -> list[CountRow]:
    out: list[CountRow] = []
    for f in result.files:
        if f.status == "error" or not f.sheets:
            if f.error:  # the file is named in the row already
                note = import_message(f.error)
                for prefix in (f"{f.file}：", f"{f.file}: "):
                    note = note.removeprefix(prefix)
            else:
                note = import_messages(f.warnings) or status_text(f.status)
            out.append(CountRow(f.file, "", status_text(f.status), None, note))
            continue
        for s in f.sheets:
            out.append(CountRow(f.file, s.sheet, status_text(s.status), s))
    return out


class SampleModel(RowsModel[SampleRow]):
    """Sample rows with the importer's field names translated in the header."""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 3 <= section < 3 + len(SAMPLE_KEYS)
        ):
            return field_name(SAMPLE_KEYS[section - 3])
        return super().headerData(section, orientation, role)


def _sample_value(key: str, r: SampleRow) -> str:
    return r.values.get(key, "")


SAMPLE_COLUMNS: list[Column[SampleRow]] = [
    Column(CTX, "File", lambda r: r.file),
    Column(CTX, "Sheet", lambda r: r.sheet),
    Column(CTX, "Row", lambda r: str(r.row), True),
    *[Column(CTX, k, partial(_sample_value, k)) for k in SAMPLE_KEYS],
    Column(CTX, "Problems", lambda r: import_messages(r.problems)),
]


def _table(model: RowsModel[object] | RowsModel[CountRow] | SampleModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class PreviewStep(QWidget):
    """Counts per file and sheet, totals, and sample rows: nothing is written yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: RowsModel[CountRow] = RowsModel(
            COUNT_COLUMNS, self, highlight=lambda r: r.error is not None
        )
        self.samples = SampleModel(SAMPLE_COLUMNS, self, highlight=lambda r: bool(r.problems))
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        self.totals.setStyleSheet("font-weight: bold;")
        self.counts_view = _table(self.counts, "previewCounts")
        self.counts_view.horizontalHeader().setStretchLastSection(False)
        for col, width in enumerate((180, 100, 300, 60, 60, 70, 65, 65, 70, 65)):
            self.counts_view.setColumnWidth(col, width)
        self.samples_view = _table(self.samples, "previewSamples")
        for col, width in enumerate((110, 60, 40, 60, 100, 150, 85, 70, 85, 60, 75, 50)):
            self.samples_view.setColumnWidth(col, width)
        dry = QLabel(tr(CTX, "Dry run: nothing has been written yet."))
        dry.setStyleSheet("color: #555;")
        caption = QLabel(tr(CTX, "First rows of each sheet, as they will be stored:"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.totals, 1)
        top.addWidget(dry)
        layout.addLayout(top)
        layout.addWidget(self.counts_view, 2)
        layout.addWidget(caption)
        layout.addWidget(self.samples_view, 3)
        self.setFocusProxy(self.counts_view)

    def set_analysis(self, analysis: Analysis) -> None:
        r = analysis.result
        self.counts.set_rows(count_rows(r))
        self.samples.set_rows(analysis.samples)
        self.totals.setText(
            tr(
                CTX,
                "%1 new customers, %2 matched in the database, %3 rows merged, %4 contacts; "
                "%5 for review, %6 rows rejected.",
            )
            .replace("%1", f"{r.customers_new:,}")
            .replace("%2", f"{r.customers_matched:,}")
            .replace("%3", f"{r.merged:,}")
            .replace("%4", f"{r.contacts:,}")
            .replace("%5", f"{len(r.review):,}")
            .replace("%6", f"{r.rejected:,}")
        )
