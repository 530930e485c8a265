"""The profile tab's form: read-only and masked until Edit (audited), validated as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchcrm.gui import labels
from branchcrm.gui.i18n import tr
from branchcrm.services.customer_rules import EDITABLE_FIELDS, ID_TYPES, RISK_LEVELS, STATUSES
from branchcrm.services.customers import validate

CTX = "ProfileForm"
LOBBY_FIELDS = frozenset({"name", "mobile", "other_phones", "address", "notes", "tags"})
FORM_FIELDS = tuple(k for k in EDITABLE_FIELDS if k not in ("birth_month", "birth_day"))
CHECKED = ("birth_date", "gender", "id_number")  # cross-checked whenever any field changes


def _combo(codes: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    combo.addItem("", None)
    for code in codes:
        combo.addItem(labels.value(code), code)
    return combo


def display(key: str, value: Any) -> str:
    """How a stored value reads in the form and in the conflict dialog."""
    if value is None or value == "":
        return ""
    if key == "tags":
        return ", ".join(value) if isinstance(value, list | tuple) else str(value)
    if key == "marketing_consent":
        return labels.yes_no(bool(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if key in ("gender", "status", "id_type", "source"):
        return labels.stored(key, str(value))
    return str(value)


class ProfileForm(QWidget):
    """``values()`` gives the raw entries; ``changes()`` the cleaned edited fields."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.original: dict[str, Any] = {}
        self.original_raw: dict[str, Any] = {}
        self.full = False
        columns = QHBoxLayout(self)
        forms = (QFormLayout(), QFormLayout())
        for form in forms:
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            columns.addLayout(form, 1)
        half = (len(FORM_FIELDS) + 1) // 2
        for position, key in enumerate(FORM_FIELDS):
            layout = forms[0] if position < half else forms[1]
            widget = self._make(key)
            widget.setObjectName(key)
            self.widgets[key] = widget
            error = QLabel()
            error.setObjectName(f"{key}_error")
            error.setStyleSheet("color: #b00020;")
            error.hide()
            self.errors[key] = error
            row = QHBoxLayout()
            row.addWidget(widget, 1)
            if key == "birth_date":
                self.birth_month = QSpinBox()
                self.birth_month.setObjectName("birth_month")
                self.birth_month.setRange(0, 12)
                self.birth_month.setSpecialValueText("—")
                self.birth_day = QSpinBox()
                self.birth_day.setObjectName("birth_day")
                self.birth_day.setRange(0, 31)
                self.birth_day.setSpecialValueText("—")
                for spin, text in (
                    (self.birth_month, tr(CTX, "or month")),
                    (self.birth_day, tr(CTX, "day")),
                ):
                    row.addWidget(QLabel(text))
                    row.addWidget(spin)
                    spin.valueChanged.connect(lambda _v: self._changed())
            error.setWordWrap(True)
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addLayout(row)
            cell.addWidget(error)
            label = QLabel(labels.caption(labels.field(key)))
            label.setBuddy(widget)
            layout.addRow(label, cell)
        self.set_editable(False)

    def _make(self, key: str) -> QWidget:
        widget: QWidget
        if key == "gender":
            widget = _combo(("M", "F"))
        elif key == "id_type":
            widget = _combo(ID_TYPES)
        elif key == "risk_level":
            widget = _combo(RISK_LEVELS)
        elif key == "status":
            widget = _combo(STATUSES)
        elif key == "marketing_consent":
            widget = QCheckBox(tr(CTX, "Agrees to receive offers"))
            widget.toggled.connect(lambda _c: self._changed())
            return widget
        elif key == "notes":
            widget = QPlainTextEdit()
            widget.setFixedHeight(60)
            widget.textChanged.connect(self._changed)
            return widget
        else:
            edit = QLineEdit()
            if key in ("birth_date", "risk_assessed_on", "risk_expires_on"):
                edit.setPlaceholderText("YYYY-MM-DD")
            if key == "tags":
                edit.setPlaceholderText(tr(CTX, "comma-separated"))
            edit.textEdited.connect(lambda _t: self._changed())
            return edit
        assert isinstance(widget, QComboBox)
        widget.currentIndexChanged.connect(lambda _i: self._changed())
        return widget

    # --- values ---------------------------------------------------------------------------

    def set_values(self, values: dict[str, Any], *, full: bool) -> None:
        """Show stored values; ``full`` means unmasked (editable by managers)."""
        self.full = full
        self.original = dict(values)
        for key, widget in self.widgets.items():
            widget.blockSignals(True)
            value = values.get(key)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QLineEdit):
                shown = display(key, value)
                if key in ("gender", "status", "id_type"):
                    shown = str(value or "")
                widget.setText(shown)
            widget.blockSignals(False)
        for spin, key in ((self.birth_month, "birth_month"), (self.birth_day, "birth_day")):
            spin.blockSignals(True)
            spin.setValue(int(values.get(key) or 0))
            spin.blockSignals(False)
        self.original_raw = self.values()
        self.show_errors({})

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text()
        out["birth_month"] = self.birth_month.value() or None
        out["birth_day"] = self.birth_day.value() or None
        return out

    def changed_keys(self) -> list[str]:
        now = self.values()
        return [k for k in now if now[k] != self.original_raw.get(k)]

    def check(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(changes, errors): cleaned edited fields and the errors that block saving."""
        keys = self.changed_keys()
        if not keys:
            return {}, {}
        raw = self.values()
        to_check = raw if self.full else {k: raw[k] for k in keys}
        clean, errors = validate(to_check)
        relevant = set(keys) | (set(CHECKED) if self.full else set())
        errors = {k: v for k, v in errors.items() if k in relevant}
        changes = {k: clean.get(k) for k in keys if k in clean}
        return changes, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            text = errors.get(key) or (errors.get("birth_day") if key == "birth_date" else None)
            text = labels.message(text) if text else None
            label.setText(text or "")
            label.setToolTip(text or "")
            label.setVisible(bool(text))

    def _changed(self) -> None:
        self.edited.emit()

    def set_editable(self, editable: bool, allowed: frozenset[str] | None = None) -> None:
        for key, widget in self.widgets.items():
            on = editable and (allowed is None or key in allowed)
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(not on)
            else:
                widget.setEnabled(on)
        for spin in (self.birth_month, self.birth_day):
            spin.setEnabled(editable and allowed is None)
