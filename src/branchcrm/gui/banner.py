"""The banner shown while the database cannot be reached, with a Retry button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from branchcrm.gui.i18n import tr

CTX = "ConnectionBanner"


class ConnectionBanner(QFrame):
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setStyleSheet(
            "#connectionBanner { background: #fdecea; border: 1px solid #b00020; }"
            "#connectionBanner QLabel { color: #7f0015; }"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.retry = QPushButton(tr(CTX, "&Retry"))
        self.retry.clicked.connect(self.retry_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry)
        self.hide()

    def show_lost(self, reason: str) -> None:
        self.text.setText(
            tr(
                CTX,
                "The database connection was lost. Unsaved edits are kept; "
                "retry when the network is back.",
            )
            + "  ("
            + reason
            + ")"
        )
        self.show()
