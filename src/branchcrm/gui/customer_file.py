"""The customer file (客户档案): header with audited reveal, profile form and history tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchcrm.domain.roles import Role
from branchcrm.gui import labels, printing
from branchcrm.gui.assets_tab import AssetsTab
from branchcrm.gui.conflict_dialog import ConflictDialog
from branchcrm.gui.customer_tabs import (
    CHANGE_COLUMNS,
    CONTACT_COLUMNS,
    HOLDING_COLUMNS,
    REMINDER_COLUMNS,
    TEAM_COLUMNS,
    LoadedFile,
    load_file,
    open_for_edit,
    relation_columns,
)
from branchcrm.gui.gateway import DatabaseUnavailable, Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.icons import action_icon
from branchcrm.gui.profile_form import LOBBY_FIELDS, ProfileForm
from branchcrm.gui.relation_dialog import RelationDialog
from branchcrm.gui.rows_model import Column, RowsModel
from branchcrm.services import customers, relationships
from branchcrm.services.customer_file import RelationRow
from branchcrm.services.errors import ConflictError, ServiceError, ValidationError
from branchcrm.tasks import TaskRunner

CTX = "CustomerFile"
TAB_NAMES = ("profile", "family", "holdings", "contacts", "reminders", "team", "changes", "assets")


def _table(columns: list[Column[Any]], parent: QWidget) -> tuple[QTableView, RowsModel[Any]]:
    model: RowsModel[Any] = RowsModel(columns, parent)
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view, model


def _tier_names_of(gateway: Gateway) -> dict[str, str]:
    from branchcrm.services.supervisor_views import tier_names

    try:
        return gateway.call_plain(tier_names)
    except (ServiceError, DatabaseUnavailable):
        return {}


def _fit_columns(view: QTableView, count: int, available: int) -> None:
    """Fit each column to its text (small lists), then narrow the widest ones until every
    column shows without scrolling sideways; long text is elided, the tooltip has it all."""
    view.resizeColumnsToContents()
    widths = [max(70, min(view.columnWidth(col), 320)) for col in range(count)]
    cap = max(widths, default=0)
    while sum(widths) > available and cap > 120:
        cap -= 10
        widths = [min(w, cap) for w in widths]
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)


class CustomerFileWindow(QWidget):
    closed = Signal()
    saved = Signal()
    log_contact_requested = Signal(int)
    open_customer_requested = Signal(int)

    def __init__(
        self,
        gateway: Gateway,
        customer_id: int,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.gateway, self.customer_id, self.runner = gateway, customer_id, runner
        self.actor = gateway.actor
        self.setObjectName("customerFile")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.loaded: LoadedFile | None = None
        self.edit_version: int | None = None
        self.editing = False

        self.name = QLabel()
        self.name.setObjectName("name")
        self.name.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.id_label = QLabel()
        self.id_label.setObjectName("idNumber")
        self.phone_label = QLabel()
        self.phone_label.setObjectName("mobile")
        self.show_id = QPushButton(tr(CTX, "Show"))
        self.show_id.setObjectName("showId")
        self.show_id.setToolTip(tr(CTX, "Show the full ID number (recorded in the audit log)"))
        self.show_id.clicked.connect(lambda: self.reveal("id_number", self.id_label))
        self.show_phone = QPushButton(tr(CTX, "Show"))
        self.show_phone.setObjectName("showPhone")
        self.show_phone.setToolTip(
            tr(CTX, "Show the full phone number (recorded in the audit log)")
        )
        self.show_phone.clicked.connect(lambda: self.reveal("mobile", self.phone_label))
        self.completeness = QLabel()
        self.completeness.setObjectName("completeness")
        self.completeness.setWordWrap(True)
        ids = QHBoxLayout()
        for widget in (
            QLabel(labels.caption(labels.field("id_number"))),
            self.id_label,
            self.show_id,
            QLabel("    " + labels.caption(labels.field("mobile"))),
            self.phone_label,
            self.show_phone,
        ):
            ids.addWidget(widget)
        ids.addStretch(1)
        header = QVBoxLayout()
        header.setSpacing(4)
        header.addWidget(self.name)
        header.addWidget(self.summary)
        header.addLayout(ids)
        header.addWidget(self.completeness)

        self.form = ProfileForm()
        self.form.edited.connect(self._form_edited)
        self.edit_button = QPushButton(tr(CTX, "&Edit"))
        self.edit_button.setObjectName("edit")
        self.edit_button.clicked.connect(self.start_edit)
        self.save_button = QPushButton(tr(CTX, "&Save"))
        self.save_button.setObjectName("save")
        self.save_button.setIcon(action_icon("save"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(tr(CTX, "Cancel edits"))
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.form_message = QLabel()
        self.form_message.setObjectName("formMessage")
        self.form_message.setWordWrap(True)
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.form_message, 1)
        for b in (self.edit_button, self.save_button, self.cancel_button):
            form_buttons.addWidget(b)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        profile = QWidget()
        profile_layout = QVBoxLayout(profile)
        profile_layout.addWidget(scroll, 1)
        profile_layout.addLayout(form_buttons)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(profile, tr(CTX, "&Profile"))
        self.tables: dict[str, tuple[QTableView, RowsModel[Any]]] = {}
        for key, title, columns in (
            ("family", tr(CTX, "&Family"), relation_columns(_tier_names_of(gateway))),
            ("holdings", tr(CTX, "&Assets and holdings"), HOLDING_COLUMNS),
            ("contacts", tr(CTX, "&Contacts"), CONTACT_COLUMNS),
            ("reminders", tr(CTX, "&Reminders"), REMINDER_COLUMNS),
            ("team", tr(CTX, "&Team"), TEAM_COLUMNS),
            ("changes", tr(CTX, "C&hanges"), CHANGE_COLUMNS),
        ):
            view, model = _table(columns, self)
            view.setObjectName(f"{key}Table")
            self.tables[key] = (view, model)
            self.tabs.addTab(self._family_tab(view) if key == "family" else view, title)
        self.assets_tab = AssetsTab()
        self.tabs.addTab(self.assets_tab, tr(CTX, "A&UM trend"))
        self.log_button = QPushButton(tr(CTX, "&Log contact… (Ctrl+L)"))
        self.log_button.setIcon(action_icon("log_contact"))
        self.log_button.clicked.connect(lambda: self.log_contact_requested.emit(self.customer_id))
        self.print_button = QPushButton(tr(CTX, "P&rint / PDF…"))
        self.print_button.setIcon(action_icon("print"))
        self.print_button.clicked.connect(lambda: printing.print_html(self, self.print_html()))
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.log_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence("F2"), self, self.start_edit)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        QShortcut(QKeySequence("Escape"), self, self.close)
        self.resize(1000, 720)
        self.reload()

    def _family_tab(self, view: QTableView) -> QWidget:
        """The relatives table with add and remove (staff who serve customers only)."""
        may_edit = self.actor.has(Role.MANAGER, Role.SUPERVISOR, Role.HEAD)
        self.add_relation_button = QPushButton(tr(CTX, "&Add relation…"))
        self.add_relation_button.setObjectName("addRelation")
        self.add_relation_button.setIcon(action_icon("new_customer"))
        self.add_relation_button.setEnabled(may_edit)
        self.add_relation_button.clicked.connect(self.add_relation)
        self.remove_relation_button = QPushButton(tr(CTX, "Re&move relation"))
        self.remove_relation_button.setObjectName("removeRelation")
        self.remove_relation_button.setIcon(action_icon("dismiss"))
        self.remove_relation_button.setEnabled(False)
        self.remove_relation_button.clicked.connect(self.remove_relation)
        view.doubleClicked.connect(lambda index: self._open_relative(index.row()))
        selection = view.selectionModel()
        selection.selectionChanged.connect(
            lambda *_a: self.remove_relation_button.setEnabled(
                may_edit and selection.hasSelection()
            )
        )
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(tr(CTX, "Double-click a relative to open their file.")), 1)
        buttons.addWidget(self.add_relation_button)
        buttons.addWidget(self.remove_relation_button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view, 1)
        layout.addLayout(buttons)
        return tab

    def _selected_relation(self) -> RelationRow | None:
        view, model = self.tables["family"]
        rows = view.selectionModel().selectedRows()
        return model.row(rows[0]) if rows else None

    def add_relation(self) -> None:
        dialog = RelationDialog(self.gateway, self.customer_id, self.name.text(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def remove_relation(self) -> None:
        row = self._selected_relation()
        if row is None:
            return
        question = (
            tr(CTX, "Remove %1 (%2) from this customer's family?")
            .replace("%1", row.name)
            .replace("%2", labels.value(row.kind))
        )
        if QMessageBox.question(self, tr(CTX, "Remove relation"), question) != (
            QMessageBox.StandardButton.Yes
        ):
            return
        try:
            self.gateway.call(relationships.unlink, self.customer_id, row.customer_id, row.kind)
        except ServiceError as exc:
            QMessageBox.warning(self, tr(CTX, "Remove relation"), labels.service_message(exc))
            return
        self.reload()

    def _open_relative(self, row_number: int) -> None:
        _view, model = self.tables["family"]
        row = model.rows[row_number] if 0 <= row_number < len(model.rows) else None
        if row is not None:
            self.open_customer_requested.emit(row.customer_id)

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Refresh header and tabs; unsaved profile edits stay in the form."""
        self.loaded = self.gateway.call(load_file, self.customer_id)
        cf = self.loaded.file
        self.setWindowTitle(tr(CTX, "Customer file — %1").replace("%1", cf.values["name"]))
        self.name.setText(cf.values["name"])
        managers = labels.joined(
            text.replace("%1", ref.name)
            for text, ref in (
                (tr(CTX, "Primary: %1"), cf.primary),
                (tr(CTX, "Secondary: %1"), cf.secondary),
            )
            if ref
        )
        self.summary.setText(
            "   ·   ".join(
                p
                for p in (
                    tr(CTX, "Tier: %1").replace("%1", cf.tier_name or cf.tier_code or "—"),
                    tr(CTX, "Assets: %1 yuan").replace("%1", labels.money(cf.aum_fen)),
                    managers,
                    tr(CTX, "Tags: %1").replace("%1", labels.joined(cf.tags) or "—"),
                )
                if p
            )
        )
        self.id_label.setText(cf.values.get("id_number") or "—")
        self.phone_label.setText(cf.values.get("mobile") or "—")
        may_reveal = self.actor.has(Role.MANAGER, Role.SUPERVISOR, Role.HEAD)
        self.show_id.setEnabled(may_reveal and bool(cf.values.get("id_number")))
        self.show_phone.setEnabled(may_reveal and bool(cf.values.get("mobile")))
        missing = labels.joined(labels.field(k) for k in cf.missing)
        self.completeness.setText(
            tr(CTX, "File %1% complete").replace("%1", str(cf.completeness))
            + (tr(CTX, " — missing: %1").replace("%1", missing) if missing else "")
        )
        for key, rows in (
            ("family", self.loaded.relations),
            ("holdings", self.loaded.holdings),
            ("contacts", self.loaded.contacts),
            ("reminders", self.loaded.reminders),
            ("team", self.loaded.team),
            ("changes", self.loaded.changes or []),
        ):
            view, model = self.tables[key]
            model.set_rows(rows)
            _fit_columns(view, model.columnCount(), self.width() - 40)
        self.tabs.setTabEnabled(6, self.loaded.changes is not None)
        self.assets_tab.set_assets(self.loaded.assets)
        if not self.editing:
            self.form.set_values(cf.values, full=False)
            self.form.set_editable(False)
        self._update_buttons()

    def reveal(self, field: str, label: QLabel) -> None:
        try:
            value = self.gateway.call(customers.reveal, self.customer_id, field)
        except ServiceError as exc:
            self.form_message.setText(labels.service_message(exc))
            return
        label.setText(value)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    # --- editing --------------------------------------------------------------------------

    def start_edit(self) -> None:
        if self.editing:
            return
        try:
            version, values = self.gateway.call(open_for_edit, self.customer_id)
        except ServiceError as exc:
            self.form_message.setText(labels.service_message(exc))
            return
        self.edit_version = version
        full = self.actor.has(Role.MANAGER, Role.SUPERVISOR, Role.HEAD)
        self.form.set_values(values, full=full)
        self.form.set_editable(True, None if full else LOBBY_FIELDS)
        self.editing = True
        self.tabs.setCurrentIndex(0)
        self.form.widgets["name"].setFocus()
        self._update_buttons()

    def cancel_edit(self) -> None:
        self.editing = False
        self.edit_version = None
        self.form_message.clear()
        if self.loaded is not None:
            self.form.set_values(self.loaded.file.values, full=False)
        self.form.set_editable(False)
        self._update_buttons()

    def has_unsaved_edits(self) -> bool:
        return self.editing and bool(self.form.changed_keys())

    def _form_edited(self) -> None:
        _changes, errors = self.form.check()
        self.form.show_errors(errors)
        self._update_buttons(errors)

    def _update_buttons(self, errors: dict[str, str] | None = None) -> None:
        self.edit_button.setVisible(not self.editing)
        self.save_button.setVisible(self.editing)
        self.cancel_button.setVisible(self.editing)
        self.save_button.setEnabled(self.editing and not errors and bool(self.form.changed_keys()))

    def save(self) -> bool:
        """Save the edited fields; a newer save by someone else opens the conflict dialog."""
        if not self.editing or self.edit_version is None:
            return False
        changes, errors = self.form.check()
        self.form.show_errors(errors)
        if errors:
            self.form_message.setText(tr(CTX, "Correct the marked fields first."))
            return False
        if not changes:
            self.cancel_edit()
            return True
        return self._save(self.edit_version, changes)

    def _save(self, version: int, changes: dict[str, Any]) -> bool:
        try:
            self.gateway.call(customers.update_customer, self.customer_id, version, changes)
        except ConflictError as exc:
            return self._resolve(exc, changes)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            self.form_message.setText(labels.service_message(exc))
            return False
        except DatabaseUnavailable:
            self.form_message.setText(
                tr(
                    CTX,
                    "Not saved: the database is unreachable. Your "
                    "edits are kept; save again after Retry.",
                )
            )
            return False
        except ServiceError as exc:
            self.form_message.setText(labels.service_message(exc))
            return False
        self.editing = False
        self.edit_version = None
        self.form_message.setText(tr(CTX, "Saved."))
        self.reload()
        self.saved.emit()
        return True

    def conflict_dialog(self, exc: ConflictError, changes: dict[str, Any]) -> ConflictDialog:
        return ConflictDialog(self.form.original, changes, exc.theirs, self)

    def _resolve(self, exc: ConflictError, changes: dict[str, Any]) -> bool:
        dialog = self.conflict_dialog(exc, changes)
        self.pending_conflict = dialog
        if dialog.exec() != ConflictDialog.DialogCode.Accepted:
            self.form_message.setText(tr(CTX, "Not saved yet: someone else saved first."))
            return False
        return self.apply_resolution(exc, dialog.resolved_changes())

    def apply_resolution(self, exc: ConflictError, resolved: dict[str, Any]) -> bool:
        theirs = {k: v for k, v in exc.theirs.items() if k != "version"}
        if not resolved:
            self.editing = False
            self.reload()
            return True
        self.form.original = theirs
        return self._save(exc.version, resolved)

    # --- other ----------------------------------------------------------------------------

    def print_html(self) -> str:
        assert self.loaded is not None
        return printing.profile_html(self.loaded)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_unsaved_edits():
            answer = QMessageBox.question(
                self,
                tr(CTX, "Unsaved edits"),
                tr(CTX, "This customer file has unsaved edits. Close it and lose them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.closed.emit()
        event.accept()
