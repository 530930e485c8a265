"""Staff departure handover: choose the leaver and the receivers, see the plan before and
after (a dry run), confirm, and save the handover report (.xlsx)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui import labels
from branchcrm.gui.charts import BarChart, Series, wan
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr, tr_noop
from branchcrm.gui.supervisor.common import Col, TableModel, fit_columns, submit, table_view
from branchcrm.services import handover, supervisor_views
from branchcrm.services import staff as staff_service
from branchcrm.services.handover import HandoverLine, HandoverPlan, ReceiverFigures
from branchcrm.services.staff import StaffRow
from branchcrm.tasks import TaskRunner, TaskState

CTX = "HandoverDialog"
HOW = {
    handover.PROMOTED: tr_noop(CTX, "Secondary promoted"),
    handover.DISTRIBUTED: tr_noop(CTX, "Distributed"),
    handover.SECONDARY_ENDED: tr_noop(CTX, "Secondary role ended"),
}


def plan_handover(
    db: Database,
    actor: Actor,
    login: str,
    receivers: list[str],
    transferred: bool,
    dry_run: bool,
    *,
    state: TaskState,
) -> HandoverPlan:
    with db.session(actor) as s:
        return handover.depart(
            s,
            actor,
            login,
            receivers=receivers or None,
            dry_run=dry_run,
            transferred=transferred,
        )


def save_report(plan: HandoverPlan, path: Path, *, state: TaskState) -> Path:
    from branchcrm.reports.handover_report import write_handover_report

    return write_handover_report(plan, path)


def line_columns(tiers: dict[str, str], people: dict[str, str]) -> list[Col[HandoverLine]]:
    """``people``: login to the manager's name (logins mean little to a supervisor)."""
    return [
        Col(tr(CTX, "Customer no"), lambda r: r.customer_no),
        Col(tr(CTX, "Name"), lambda r: r.name),
        Col(tr(CTX, "Tier"), lambda r: tiers.get(r.tier or "", r.tier or "")),
        Col(tr(CTX, "Assets (yuan)"), lambda r: labels.money(r.aum_fen), lambda r: r.aum_fen, True),
        Col(tr(CTX, "Old primary"), lambda r: people.get(r.old_primary, r.old_primary)),
        Col(tr(CTX, "New primary"), lambda r: people.get(r.new_primary, r.new_primary)),
        Col(
            tr(CTX, "New secondary"),
            lambda r: people.get(r.new_secondary or "", r.new_secondary or ""),
        ),
        Col(tr(CTX, "How"), lambda r: tr(CTX, HOW[r.how]) if r.how in HOW else r.how),
        Col(
            tr(CTX, "Needs a secondary"),
            lambda r: labels.yes_no(r.needs_secondary) if r.needs_secondary else "",
        ),
    ]


def receiver_columns(people: dict[str, str]) -> list[Col[ReceiverFigures]]:
    return [
        Col(tr(CTX, "Receiver"), lambda r: people.get(r.login, r.login)),
        Col(
            tr(CTX, "Customers"),
            lambda r: f"{r.before.customers} → {r.after.customers}",
            lambda r: r.after.customers,
            True,
        ),
        Col(
            tr(CTX, "Capacity used"),
            lambda r: f"{r.before.capacity_used_pct:.0f}% → {r.after.capacity_used_pct:.0f}%",
            lambda r: r.after.capacity_used_pct,
            True,
        ),
        Col(
            tr(CTX, "Assets"),
            lambda r: f"{wan(r.before.aum_fen)} → {wan(r.after.aum_fen)}",
            lambda r: r.after.aum_fen,
            True,
        ),
    ]


class HandoverDialog(QDialog):
    applied = Signal(str)  # batch reference
    planned = Signal()
    report_saved = Signal(str)

    def __init__(self, gateway: Gateway, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gateway, self.runner = gateway, runner
        self.setObjectName("handoverDialog")
        self.setWindowTitle(tr(CTX, "Staff departure handover"))
        self.plan: HandoverPlan | None = None
        self.people: list[StaffRow] = gateway.call(
            staff_service.list_staff, role="manager", active_only=True
        )
        self.names = {p.login: p.name for p in self.people}

        self.leaver = QComboBox()
        self.leaver.setObjectName("leaver")
        for p in self.people:
            self.leaver.addItem(
                tr(CTX, "%1 (%2) — %3 customers")
                .replace("%1", p.name)
                .replace("%2", p.login)
                .replace("%3", str(p.customers)),
                p.login,
            )
        self.leaver.currentIndexChanged.connect(self._leaver_changed)
        self.transferred = QCheckBox(tr(CTX, "&Transferred to another post (not leaving the bank)"))
        self.receiver_list = QListWidget()
        self.receiver_list.setObjectName("receivers")
        self.receiver_list.setToolTip(
            tr(CTX, "Customers without a usable secondary are shared among the ticked managers")
        )
        self.preview_button = QPushButton(tr(CTX, "&Preview plan"))
        self.preview_button.setObjectName("preview")
        self.preview_button.clicked.connect(self.preview)
        self.confirm_button = QPushButton(tr(CTX, "&Confirm handover…"))
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.clicked.connect(lambda: self.confirm())
        self.report_button = QPushButton(tr(CTX, "Save &report .xlsx…"))
        self.report_button.setObjectName("report")
        self.report_button.clicked.connect(lambda: self.save_report())
        close = QPushButton(tr(CTX, "Close"))
        close.clicked.connect(self.reject)
        form = QFormLayout()
        label = QLabel(tr(CTX, "&Leaving:"))
        label.setBuddy(self.leaver)
        form.addRow(label, self.leaver)
        form.addRow(self.transferred)
        receivers_label = QLabel(tr(CTX, "R&eceivers:"))
        receivers_label.setBuddy(self.receiver_list)
        form.addRow(receivers_label, self.receiver_list)
        self.receiver_list.setMaximumHeight(130)

        self.summary = QLabel(tr(CTX, "Choose who is leaving, then preview the plan."))
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.chart = BarChart(tr(CTX, "Receivers' customers, before and after"))
        self.chart.setMinimumHeight(180)
        self.receiver_model: TableModel[ReceiverFigures] = TableModel(
            receiver_columns(self.names), self
        )
        self.receiver_view = table_view(self.receiver_model, "receiverTable")
        tiers = gateway.call_plain(supervisor_views.tier_names)
        self.lines: TableModel[HandoverLine] = TableModel(line_columns(tiers, self.names), self)
        self.line_view = table_view(self.lines, "lineTable")
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.chart)
        upper.addWidget(self.receiver_view)
        upper.setSizes([520, 560])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.preview_button, self.confirm_button, self.report_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(upper, 1)
        layout.addWidget(self.line_view, 1)
        layout.addLayout(buttons)
        self.resize(1100, 760)
        self._leaver_changed()

    def leaver_login(self) -> str:
        return str(self.leaver.currentData() or "")

    def _leaver_changed(self, *_a: object) -> None:
        leaving = self.leaver_login()
        self.receiver_list.clear()
        for p in self.people:
            if p.login == leaving or p.status != "active":
                continue
            item = QListWidgetItem(
                tr(CTX, "%1 (%2): %3 of %4")
                .replace("%1", p.name)
                .replace("%2", p.login)
                .replace("%3", str(p.customers))
                .replace("%4", str(p.capacity))
            )
            item.setData(Qt.ItemDataRole.UserRole, p.login)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            free = p.customers < p.capacity
            item.setCheckState(Qt.CheckState.Checked if free else Qt.CheckState.Unchecked)
            self.receiver_list.addItem(item)
        self._set_plan(None)

    def chosen_receivers(self) -> list[str]:
        out = []
        for i in range(self.receiver_list.count()):
            item = self.receiver_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _set_plan(self, plan: HandoverPlan | None) -> None:
        self.plan = plan
        self.confirm_button.setEnabled(plan is not None and not plan.applied)
        self.report_button.setEnabled(plan is not None)
        self.preview_button.setEnabled(bool(self.leaver_login()))
        if plan is None:
            self.lines.set_rows([])
            self.receiver_model.set_rows([])
            self.chart.set_data([], [])
            return
        self.lines.set_rows(plan.lines)
        self.receiver_model.set_rows(plan.receivers)
        fit_columns(self.line_view)
        fit_columns(self.receiver_view)
        self.chart.set_data(
            [self.names.get(r.login, r.login) for r in plan.receivers],
            [
                Series(tr(CTX, "Before"), [r.before.customers for r in plan.receivers]),
                Series(tr(CTX, "After"), [r.after.customers for r in plan.receivers]),
            ],
        )
        head = (
            tr(CTX, "Handover done (batch %1).").replace("%1", plan.batch_ref or "")
            if plan.applied
            else tr(CTX, "Plan (nothing changed yet):")
        )
        text = (
            tr(
                CTX,
                "%1 %2 customers: %3 go to their secondary, %4 are distributed, %5 "
                "secondary roles end; %6 reminders move; %7 contact tasks; %8 need a new "
                "secondary.",
            )
            .replace("%1", head)
            .replace("%2", str(len(plan.lines)))
            .replace("%3", str(len(plan.by_how(handover.PROMOTED))))
            .replace("%4", str(len(plan.by_how(handover.DISTRIBUTED))))
            .replace("%5", str(len(plan.by_how(handover.SECONDARY_ENDED))))
            .replace("%6", str(plan.reminders_to_move))
            .replace("%7", str(plan.contact_tasks))
            .replace("%8", str(len(plan.flagged)))
        )
        if plan.notes:
            text += "\n" + "\n".join(plan.notes)
        self.summary.setText(text)

    def _failed(self, message: str) -> None:
        self.summary.setText(message)
        self.preview_button.setEnabled(True)

    def preview(self) -> None:
        if not self.leaver_login():
            return
        self.summary.setText(tr(CTX, "Working out the plan…"))
        self.preview_button.setEnabled(False)
        submit(
            self.runner,
            plan_handover,
            self.gateway.db,
            self.gateway.actor,
            self.leaver_login(),
            self.chosen_receivers(),
            self.transferred.isChecked(),
            True,
            done=self._planned,
            failed=self._failed,
        )

    def _planned(self, plan: object) -> None:
        assert isinstance(plan, HandoverPlan)
        self._set_plan(plan)
        self.planned.emit()

    def confirm(self, *, ask: bool = True) -> None:
        if self.plan is None or self.plan.applied:
            return
        if ask:
            answer = QMessageBox.question(
                self,
                tr(CTX, "Confirm handover"),
                tr(
                    CTX,
                    "Hand over all %1 customers of %2 and mark them as %3? This is done "
                    "all at once.",
                )
                .replace("%1", str(len(self.plan.lines)))
                .replace("%2", self.plan.name)
                .replace("%3", labels.value(self.plan.new_status)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.confirm_button.setEnabled(False)
        self.summary.setText(tr(CTX, "Handing over…"))
        submit(
            self.runner,
            plan_handover,
            self.gateway.db,
            self.gateway.actor,
            self.plan.login,
            self.chosen_receivers(),
            self.transferred.isChecked(),
            False,
            done=self._applied,
            failed=self._failed,
        )

    def _applied(self, plan: object) -> None:
        assert isinstance(plan, HandoverPlan)
        self._set_plan(plan)
        self.applied.emit(plan.batch_ref or "")

    def save_report(self, path: Path | None = None) -> None:
        if self.plan is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                tr(CTX, "Save handover report"),
                f"handover-{self.plan.login}.xlsx",
                tr(CTX, "Excel workbook (*.xlsx)"),
            )
            if not name:
                return
            path = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")

        def done(written: object) -> None:
            self.summary.setText(
                self.summary.text() + "\n" + tr(CTX, "Report saved: %1").replace("%1", str(written))
            )
            self.report_saved.emit(str(written))

        submit(self.runner, save_report, self.plan, path, done=done, failed=self._failed)
