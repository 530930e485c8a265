"""Import notebooks (导入笔记本): choose files → check mapping → preview → import → review.

Reading, the dry run and the import run off the GUI thread (:mod:`branchcrm.tasks`) with
progress and cancel. The engine imports a batch in one transaction: a failed or cancelled
import writes nothing, and the wizard says so.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui import labels
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr, tr_noop
from branchcrm.gui.import_messages import import_message
from branchcrm.gui.import_preview import (
    Analysis,
    FileList,
    MappingStep,
    PreviewStep,
    file_error,
)
from branchcrm.gui.review_queue import ReviewQueuePage, field_label
from branchcrm.gui.settings import Settings
from branchcrm.gui.transcription import fill_owners
from branchcrm.importers import grid
from branchcrm.importers.notebook import ImportCancelled, ImportResult
from branchcrm.importers.readers.base import ReadError
from branchcrm.importers.readers.sandbox import start_reader_server
from branchcrm.importers.table import Table
from branchcrm.tasks import Cancelled, TaskHandle, TaskRunner, TaskState

CTX = "ImportWizard"


def _text(value: object) -> str | None:
    return None if value is None else str(value)


FILES, MAPPING, PREVIEW, IMPORT, REVIEW = range(5)
STEPS = (
    tr_noop(CTX, "1 Choose files"),
    tr_noop(CTX, "2 Check mapping"),
    tr_noop(CTX, "3 Preview"),
    tr_noop(CTX, "4 Import"),
    tr_noop(CTX, "5 Review queue"),
)
NEXT = (
    tr_noop(CTX, "&Next: check mapping"),
    tr_noop(CTX, "&Next: preview"),
    tr_noop(CTX, "&Import"),
    tr_noop(CTX, "&Next: review queue"),
    tr_noop(CTX, "&Start again"),
)
NOTHING_WRITTEN = tr_noop(
    CTX, "Nothing was written to the database: the import runs in one transaction."
)


def run(
    db: Database,
    actor: Actor,
    paths: list[Path],
    owner_login: str,
    changed: list[Table] | None,
    *,
    state: TaskState,
) -> Analysis | ImportResult:
    """The dry run with samples (after saving ``changed`` mappings), or with ``changed=None``
    the import itself; a cancelled engine raises :class:`Cancelled` for the runner."""
    try:
        if changed is None:
            return grid.import_with_progress(db, actor, paths, owner_login=owner_login, state=state)
        return Analysis(*grid.preview(db, actor, paths, owner_login, changed, state=state))
    except ImportCancelled as exc:
        raise Cancelled() from exc


WORKBOOK_HEADERS = (
    tr_noop(CTX, "File"),
    tr_noop(CTX, "Sheet"),
    tr_noop(CTX, "Row"),
    tr_noop(CTX, "Column"),
    tr_noop(CTX, "Field"),
    tr_noop(CTX, "Value as written"),
    tr_noop(CTX, "Code"),
    tr_noop(CTX, "Reason"),
)


def write_workbook(path: Path, items: list[dict[str, object]], *, state: TaskState) -> int:
    """The review workbook for people: headers, fields and reasons in the interface's
    language (the command line's ``--report`` keeps the importer's own words)."""
    from branchcrm.importers.export import write_review_workbook

    shown = [
        {
            **item,
            "field": field_label(str(item["field"])) if item.get("field") else None,
            "reason": import_message(str(item.get("reason") or ""), _text(item.get("code"))),
        }
        for item in items
    ]
    write_review_workbook(path, shown, headers=[tr(CTX, h) for h in WORKBOOK_HEADERS])
    return len(items)


class ImportWizardPage(QWidget):
    status_message = Signal(str)
    open_customer = Signal(int)
    imported = Signal(object)  # ImportResult

    def __init__(self, gateway: Gateway, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gateway, self.runner = gateway, runner
        self.actor = gateway.actor
        self.handle: TaskHandle | None = None
        self.analysis: Analysis | None = None
        self.result: ImportResult | None = None

        self.step_labels = [QLabel(tr(CTX, s)) for s in STEPS]
        steps = QHBoxLayout()
        bold = QFont(self.font())
        bold.setBold(True)
        for i, label in enumerate(self.step_labels):
            if i:
                steps.addWidget(QLabel("›"))
            label.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(label.text()) + 8)
            steps.addWidget(label)
        steps.addStretch(1)

        # 1 files
        self.files = FileList()
        self.files.setObjectName("files")
        self.files.dropped.connect(self.add_files)
        self.add_button = QPushButton(tr(CTX, "&Add files…"))
        self.add_button.clicked.connect(lambda: self.add_files(None))
        self.remove_button = QPushButton(tr(CTX, "&Remove"))
        self.remove_button.clicked.connect(self._remove_file)
        self.owner = QComboBox()
        self.owner.setObjectName("owner")
        fill_owners(self.owner, gateway)
        owner_caption = QLabel(tr(CTX, "Notebook &owner (serves the imported customers):"))
        owner_caption.setBuddy(self.owner)
        files_page = QWidget()
        fl = QVBoxLayout(files_page)
        fl.addWidget(
            QLabel(tr(CTX, "Excel (.xlsx, .xls), WPS or CSV notebooks; one batch for all files."))
        )
        fl.addWidget(self.files, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(owner_caption)
        row.addWidget(self.owner)
        fl.addLayout(row)

        self.mapping = MappingStep()
        self.preview = PreviewStep()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.workbook_button = QPushButton(tr(CTX, "&Save error and review workbook…"))
        self.workbook_button.setObjectName("saveWorkbook")
        self.workbook_button.clicked.connect(lambda: self.save_workbook())
        self.workbook_button.hide()
        import_page = QWidget()
        il = QVBoxLayout(import_page)
        il.addWidget(self.summary, 1)
        wb_row = QHBoxLayout()
        wb_row.addWidget(self.workbook_button)
        wb_row.addStretch(1)
        il.addLayout(wb_row)
        self.review = ReviewQueuePage(gateway)
        self.review.open_customer.connect(self.open_customer)
        self.review.status_message.connect(self.status_message)

        self.stack = QStackedWidget()
        for w in (files_page, self.mapping, self.preview, import_page, self.review):
            self.stack.addWidget(w)

        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.progress_text = QLabel()
        self.back_button = QPushButton(tr(CTX, "&Back"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton()
        self.next_button.setObjectName("next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.cancel_button = QPushButton(tr(CTX, "Cancel (Esc)"))
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        QShortcut(QKeySequence("Esc"), self, self.cancel)  # stops a running task
        nav = QHBoxLayout()
        nav.addWidget(self.progress_text, 1)
        nav.addWidget(self.progress)
        for b in (self.cancel_button, self.back_button, self.next_button):
            nav.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(steps)
        layout.addWidget(self.stack, 1)
        layout.addLayout(nav)
        self.setFocusProxy(self.files)
        self.go(FILES)

    # --- navigation -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Files are chosen next: the reader server gets ready meanwhile (see sandbox).
        start_reader_server()

    def go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        for i, label in enumerate(self.step_labels):
            text = tr(CTX, STEPS[i])
            label.setText(f"<b>{text}</b>" if i == step else text)
            label.setStyleSheet("" if i == step else "color: #777;")
        self.next_button.setText(tr(CTX, NEXT[step]))
        self._update_buttons()
        widget = self.stack.currentWidget()
        if widget is not None:
            widget.setFocus()

    def _update_buttons(self) -> None:
        busy = self.handle is not None
        step = self.stack.currentIndex()
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        self.back_button.setEnabled(not busy and step in (MAPPING, PREVIEW))
        ready = bool(self.paths()) and self.owner.currentData() is not None
        if step == FILES:
            ok = ready
        elif step == PREVIEW:
            ok = self.analysis is not None and any(
                f.status == "imported" and not f.already_batch for f in self.analysis.result.files
            )
        elif step == IMPORT:
            ok = self.result is not None and self.result.batch_id is not None
        else:
            ok = True
        self.next_button.setEnabled(ok and not busy)
        for w in (self.add_button, self.remove_button, self.owner, self.files):
            w.setEnabled(not busy and (w is not self.owner or self.owner.count() > 1))

    def back(self) -> None:
        self.go(max(FILES, self.stack.currentIndex() - 1))

    def next(self) -> None:
        step = self.stack.currentIndex()
        if step == FILES:
            self.start_analysis([], MAPPING)
        elif step == MAPPING:
            self.start_analysis(self.mapping.changed_tables(), PREVIEW)
        elif step == PREVIEW:
            self.start_import()
        elif step == IMPORT:
            batch = self.result.batch_id if self.result else None
            self.review.set_batch(batch)
            self.go(REVIEW)
        else:
            self.files.clear()
            self.analysis = self.result = None
            self.summary.clear()
            self.workbook_button.hide()
            self.go(FILES)

    # --- files ----------------------------------------------------------------------------

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def add_files(self, paths: list[Path] | None) -> None:
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(
                self,
                tr(CTX, "Choose notebooks"),
                "",
                tr(CTX, "Spreadsheets (*.xlsx *.xlsm *.xls *.csv *.txt);;All files (*)"),
            )
            paths = [Path(n) for n in names]
        have = set(self.paths())
        for p in paths:
            if p.is_file() and p not in have:
                self.files.addItem(str(p))
                have.add(p)
        self._update_buttons()

    def _remove_file(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._update_buttons()

    # --- tasks ----------------------------------------------------------------------------

    def _start(self, handle: TaskHandle, what: str) -> None:
        self.handle = handle
        self.progress_text.setText(what)
        handle.progress.connect(self._progress)
        self._update_buttons()

    def _progress(self, done: int, _total: int, text: str) -> None:
        shown = text if not done else tr(CTX, "%1: %2 rows").replace("%1", text)
        self.progress_text.setText(shown.replace("%2", f"{done:,}"))

    def _finish(self, message: str = "") -> None:
        self.handle = None
        self.progress_text.setText(message)
        self._update_buttons()
        if message:
            self.status_message.emit(message)

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.progress_text.setText(tr(CTX, "Cancelling…"))

    def start_analysis(self, changed: list[Table], then: int) -> TaskHandle:
        handle = self.runner.submit(
            run, self.gateway.db, self.actor, self.paths(), self.owner.currentData(), changed
        )
        self._start(handle, tr(CTX, "Reading the files (dry run)…"))

        def done(analysis: object) -> None:
            assert isinstance(analysis, Analysis)
            self.analysis = analysis
            self.mapping.set_result(analysis.result)
            self.preview.set_analysis(analysis)
            self._finish(tr(CTX, "Dry run done: nothing has been written yet."))
            self.go(then)

        handle.finished.connect(done)
        handle.cancelled.connect(lambda: self._finish(tr(CTX, "Reading cancelled.")))
        handle.failed.connect(lambda e, _t: self._finish(self._error(e)))
        return handle

    def start_import(self) -> TaskHandle:
        handle = self.runner.submit(
            run, self.gateway.db, self.actor, self.paths(), self.owner.currentData(), None
        )
        self.result = None
        self.summary.setText(tr(CTX, "Importing…"))
        self.workbook_button.hide()
        self.go(IMPORT)
        self._start(handle, tr(CTX, "Importing…"))
        handle.finished.connect(self._imported)
        handle.cancelled.connect(lambda: self._stopped(tr(CTX, "The import was cancelled.")))
        handle.failed.connect(lambda e, _t: self._stopped(self._error(e)))
        return handle

    def _error(self, error: object) -> str:
        if isinstance(error, ReadError):
            why = import_message(str(error), error.code)
        elif isinstance(error, BaseException):
            why = labels.service_message(error)
        else:
            why = str(error)
        return tr(CTX, "Failed: %1").replace("%1", why)

    def _stopped(self, why: str) -> None:
        self.summary.setText(f"<b>{why}</b><br>{tr(CTX, NOTHING_WRITTEN)}")
        self._finish(why)
        self.back_button.setEnabled(True)

    def _imported(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.result = result
        lines = []
        if result.batch_id is None:
            lines.append(tr(CTX, "<b>Nothing new: these files were imported before.</b>"))
        else:
            lines.append(
                tr(CTX, "<b>Imported as batch %1.</b>").replace("%1", str(result.batch_id))
            )
        lines.append(
            tr(CTX, "%1 new customers, %2 matched, %3 rows merged, %4 contacts.")
            .replace("%1", f"{result.customers_new:,}")
            .replace("%2", f"{result.customers_matched:,}")
            .replace("%3", f"{result.merged:,}")
            .replace("%4", f"{result.contacts:,}")
        )
        lines.append(
            tr(CTX, "%1 items for review, %2 rows rejected.")
            .replace("%1", f"{len(result.review):,}")
            .replace("%2", f"{result.rejected:,}")
        )
        for f in result.files:
            if f.status != "imported":
                lines.append(html.escape(file_error(f)))
        self.summary.setText("<br>".join(lines))
        self.workbook_button.setVisible(bool(result.review) or result.rejected > 0)
        self._finish(tr(CTX, "Import finished."))
        self.imported.emit(result)

    def save_workbook(self, path: Path | None = None) -> TaskHandle | None:
        if self.result is None:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, tr(CTX, "Save review workbook"), "review.xlsx", tr(CTX, "Excel (*.xlsx)")
            )
            if not name:
                return None
            path = Path(name if name.endswith(".xlsx") else name + ".xlsx")
        items = [p.as_json() for p in self.result.review]
        handle = self.runner.submit(write_workbook, path, items)
        target = path
        handle.finished.connect(
            lambda n: self.status_message.emit(
                tr(CTX, "%1 rows written to %2").replace("%1", str(n)).replace("%2", str(target))
            )
        )
        handle.failed.connect(lambda e, _t: self.status_message.emit(self._error(e)))
        return handle

    def refresh(self) -> None:
        if self.stack.currentIndex() == REVIEW:
            self.review.refresh()


def make_page(gateway: Gateway, _settings: Settings, runner: TaskRunner) -> QWidget:
    return ImportWizardPage(gateway, runner)
