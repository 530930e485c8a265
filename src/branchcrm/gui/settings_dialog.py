"""Settings: database (SQLite file or PostgreSQL URL, with Test connection), language, idle lock."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchcrm.gui import settings as keys
from branchcrm.gui.i18n import tr
from branchcrm.gui.icons import action_icon
from branchcrm.gui.settings import Settings
from branchcrm.tasks import TaskRunner, TaskState

CTX = "SettingsDialog"


def test_connection(url: str, *, state: TaskState) -> str:
    """Reach the database and describe its schema; runs off the GUI thread."""
    from branchcrm.db import schema
    from branchcrm.db.engine import make_engine

    state.progress(0, 2)
    engine = make_engine(url)
    try:
        schema.ping(engine)
        state.progress(1, 2)
        return schema.status(engine).describe()
    finally:
        engine.dispose()


class SettingsDialog(QDialog):
    def __init__(
        self, settings: Settings, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings, self.runner = settings, runner
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr(CTX, "Settings"))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.addItem(tr(CTX, "SQLite file on this computer"), "sqlite")
        self.kind.addItem(tr(CTX, "Shared PostgreSQL server"), "postgresql")
        self.url = QLineEdit(settings.get(keys.DATABASE_URL))
        self.url.setObjectName("url")
        self.url.setPlaceholderText(tr(CTX, "file path, or postgresql://user@host/branchcrm"))
        self.browse = QPushButton(tr(CTX, "&Browse…"))
        self.browse.clicked.connect(self._browse)
        self.test_button = QPushButton(tr(CTX, "&Test connection"))
        self.test_button.setObjectName("test")
        self.test_button.clicked.connect(lambda: self.test())
        self.test_result = QLabel()
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(settings.get(keys.LANGUAGE)), 0))
        self.idle = QSpinBox()
        self.idle.setObjectName("idle")
        self.idle.setRange(1, 120)
        self.idle.setSuffix(tr(CTX, " min"))
        self.idle.setValue(settings.get(keys.IDLE_MINUTES))
        self.kind.setCurrentIndex(1 if self.url.text().startswith("postgresql") else 0)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.browse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form = QFormLayout()
        form.addRow(tr(CTX, "&Database"), self.kind)
        address = QLabel(tr(CTX, "&Address"))
        address.setBuddy(self.url)
        form.addRow(address, url_row)
        form.addRow("", test_row)
        form.addRow(tr(CTX, "&Language"), self.language)
        form.addRow(tr(CTX, "&Lock after idle"), self.idle)
        note = QLabel(
            tr(
                CTX,
                "Database and language changes take effect at the next start. "
                "SQLite files must not live on a network share; a branch shared "
                "by several workstations needs PostgreSQL.",
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: gray;")
        buttons = QDialogButtonBox()
        buttons.addButton(tr(CTX, "Save"), QDialogButtonBox.ButtonRole.AcceptRole).setIcon(
            action_icon("save")
        )
        buttons.addButton(tr(CTX, "Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.browse.setEnabled(self.kind.currentData() == "sqlite")

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            tr(CTX, "Database file"),
            self.url.text(),
            tr(CTX, "SQLite (*.sqlite3 *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.url.setText(name)

    def test(self) -> Any:
        from branchcrm.db.engine import DatabaseUrlError, normalize_url, resolve_url

        try:
            url = normalize_url(self.url.text()) if self.url.text().strip() else resolve_url()
        except DatabaseUrlError as exc:
            self.test_result.setText(str(exc))
            return None
        self.test_button.setEnabled(False)
        self.test_result.setText(tr(CTX, "Connecting…"))
        handle = self.runner.submit(test_connection, url)

        def done(text: object) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(tr(CTX, "Connected: %1").replace("%1", str(text)))

        def failed(error: object, _trace: str) -> None:
            self.test_button.setEnabled(True)
            first = str(error).strip().splitlines()
            self.test_result.setText(
                tr(CTX, "Failed: %1").replace("%1", first[0] if first else type(error).__name__)
            )

        handle.finished.connect(done)
        handle.failed.connect(failed)
        return handle

    def accept(self) -> None:
        self.settings.set(keys.DATABASE_URL, self.url.text().strip())
        self.settings.set(keys.LANGUAGE, str(self.language.currentData()))
        self.settings.set(keys.IDLE_MINUTES, self.idle.value())
        self.settings.sync()
        super().accept()
