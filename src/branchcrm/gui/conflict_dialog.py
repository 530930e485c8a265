"""Someone saved this customer first: both versions field by field, the user picks per field."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from branchcrm.gui import labels
from branchcrm.gui.i18n import tr
from branchcrm.gui.profile_form import display
from branchcrm.services.customer_rules import EDITABLE_FIELDS

CTX = "ConflictDialog"


def conflicting_fields(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> list[str]:
    """Fields where my result and the stored one differ (only these need a choice)."""
    out = []
    for key in EDITABLE_FIELDS:
        my_value = mine.get(key, base.get(key))
        touched = key in mine or theirs.get(key) != base.get(key)
        if touched and my_value != theirs.get(key):
            out.append(key)
    return out


class ConflictDialog(QDialog):
    """``resolved_changes()`` are the fields to save over their version (my choices)."""

    def __init__(
        self,
        base: dict[str, Any],
        mine: dict[str, Any],
        theirs: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(tr(CTX, "Someone else saved this customer first"))
        self.base, self.mine, self.theirs = base, mine, theirs
        self.fields = conflicting_fields(base, mine, theirs)
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        intro = QLabel(
            tr(
                CTX,
                "A colleague saved this file while you were editing it. For each field, choose "
                "which value to keep. Fields only they changed keep their value; nothing is lost.",
            )
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        for col, text in enumerate(
            (tr(CTX, "Field"), tr(CTX, "Before"), tr(CTX, "Yours"), tr(CTX, "Theirs (saved)"))
        ):
            head = QLabel(f"<b>{text}</b>")
            grid.addWidget(head, 0, col)
        for row, key in enumerate(self.fields, start=1):
            grid.addWidget(QLabel(labels.field(key)), row, 0)
            grid.addWidget(QLabel(display(key, base.get(key)) or "—"), row, 1)
            group = QButtonGroup(self)
            mine_button = QRadioButton(display(key, mine.get(key, base.get(key))) or "—")
            mine_button.setObjectName(f"mine_{key}")
            theirs_button = QRadioButton(display(key, theirs.get(key)) or "—")
            theirs_button.setObjectName(f"theirs_{key}")
            group.addButton(mine_button)
            group.addButton(theirs_button)
            (mine_button if key in mine else theirs_button).setChecked(True)
            if key in mine and theirs.get(key) != base.get(key):
                for b in (mine_button, theirs_button):
                    b.setStyleSheet("font-weight: bold;")
            grid.addWidget(mine_button, row, 2)
            grid.addWidget(theirs_button, row, 3)
            self.choices[key] = (mine_button, theirs_button)
        holder = QWidget()
        holder.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        buttons = QDialogButtonBox()
        save = buttons.addButton(tr(CTX, "Save my choices"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("saveChoices")
        buttons.addButton(tr(CTX, "Keep editing"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def choose(self, key: str, side: str) -> None:
        mine_button, theirs_button = self.choices[key]
        (mine_button if side == "mine" else theirs_button).setChecked(True)

    def resolved_changes(self) -> dict[str, Any]:
        out = {}
        for key, (mine_button, _theirs) in self.choices.items():
            if mine_button.isChecked():
                out[key] = self.mine.get(key, self.base.get(key))
        return out
