"""KPI scorecards: weights editor, ranking table and bar chart, .xlsx export and print/PDF."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui import labels, printing
from branchcrm.gui.charts import BarChart, Series, grouped, wan
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr, tr_noop
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.common import (
    Col,
    PeriodBox,
    TableModel,
    fit_columns,
    submit,
    table_view,
)
from branchcrm.services import kpi
from branchcrm.services.errors import ServiceError
from branchcrm.services.kpi import Scorecard
from branchcrm.services.periods import parse_period
from branchcrm.tasks import TaskRunner, TaskState

CTX = "KpiPage"
# The services' indicator names, marked for translation here.
INDICATOR_LABELS = {
    "aum_growth": tr_noop(CTX, "Asset growth credited"),
    "coverage": tr_noop(CTX, "Contact coverage"),
    "completeness": tr_noop(CTX, "File completeness"),
    "on_time": tr_noop(CTX, "Reminders handled on time"),
    "system_use": tr_noop(CTX, "Use of the system"),
    "satisfaction": tr_noop(CTX, "Customer satisfaction"),
}


def indicator(key: str) -> str:
    return tr(CTX, INDICATOR_LABELS.get(key, key))


def raw_text(key: str, value: float) -> str:
    if key == "aum_growth":
        return wan(value)
    if key in ("coverage", "on_time"):
        return f"{100 * value:.1f}%"
    if key == "completeness":
        return f"{value:.1f}%"
    if key == "satisfaction":
        return f"{value:.2f}" if value else "—"
    return grouped(value)


@dataclass
class KpiResult:
    period: str
    cards: list[Scorecard]
    weights: dict[str, float]


def load_scorecards(
    db: Database, actor: Actor, label: str, weights: dict[str, float] | None, *, state: TaskState
) -> KpiResult:
    period = parse_period(label)
    with db.session(actor) as s:
        state.progress(0, 1, "")
        used = weights or kpi.load_weights(s)
        cards = kpi.scorecards(s, actor, period, weights=used)
    return KpiResult(period.label, cards, used)


def load_weights(db: Database, actor: Actor, *, state: TaskState) -> dict[str, float]:
    with db.session(actor) as s:
        return kpi.load_weights(s)


def write_report(path: Path, result: KpiResult, *, state: TaskState) -> Path:
    from branchcrm.reports.kpi_report import write_kpi_report

    state.progress(0, 1, "")
    write_kpi_report(path, result.period, result.cards, result.weights)
    return path


def kpi_columns() -> list[Col[Scorecard]]:
    cols: list[Col[Scorecard]] = [
        Col(tr(CTX, "Rank"), lambda c: str(c.rank), lambda c: c.rank, True),
        Col(tr(CTX, "Manager"), lambda c: f"{c.name} ({c.login})"),
        Col(tr(CTX, "Score"), lambda c: f"{c.score:.1f}", lambda c: c.score, True),
    ]
    for key in kpi.DEFAULT_WEIGHTS:
        cols.append(Col(indicator(key), _cell_text(key), _cell_key(key), True))
    return cols


def _cell_text(key: str) -> Callable[[Scorecard], str]:
    def text(c: Scorecard) -> str:
        return f"{raw_text(key, c.raw[key])}  ({c.scaled.get(key, 0):.0f})"

    return text


def _cell_key(key: str) -> Callable[[Scorecard], float]:
    def value(c: Scorecard) -> float:
        return c.raw[key]

    return value


class KpiPage(QWidget):
    open_customer = Signal(int)
    status_message = Signal(str)
    loaded = Signal()
    exported = Signal(str)

    def __init__(
        self,
        gateway: Gateway,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway, self.runner = gateway, runner
        self.setObjectName("kpiPage")
        self.result: KpiResult | None = None
        self.busy = False

        self.period = PeriodBox(today)
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        period_label = QLabel(tr(CTX, "&Period:"))
        period_label.setBuddy(self.period)
        self.export_button = QPushButton(tr(CTX, "&Export .xlsx…"))
        self.export_button.setObjectName("exportXlsx")
        self.export_button.clicked.connect(lambda: self.export())
        self.print_button = QPushButton(tr(CTX, "P&rint / PDF…"))
        self.print_button.setObjectName("printPdf")
        self.print_button.clicked.connect(self.print_or_pdf)
        self.state = QLabel()
        self.state.setObjectName("state")
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addWidget(self.state, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)

        self.spins: dict[str, QDoubleSpinBox] = {}
        weights_box = QGroupBox(tr(CTX, "Indicator weights"))
        form = QFormLayout(weights_box)
        for key in kpi.DEFAULT_WEIGHTS:
            spin = QDoubleSpinBox()
            spin.setObjectName(f"weight_{key}")
            spin.setRange(0, 100)
            spin.setDecimals(0)
            spin.setSuffix(" ")
            spin.valueChanged.connect(self._weights_edited)
            self.spins[key] = spin
            label = QLabel(indicator(key) + ":")
            label.setBuddy(spin)
            form.addRow(label, spin)
        self.weights_sum = QLabel()
        form.addRow(self.weights_sum)
        self.apply_button = QPushButton(tr(CTX, "&Apply"))
        self.apply_button.setToolTip(tr(CTX, "Recompute the ranking with these weights"))
        self.apply_button.clicked.connect(self.refresh)
        self.save_button = QPushButton(tr(CTX, "&Save weights"))
        self.save_button.setObjectName("saveWeights")
        self.save_button.clicked.connect(self.save_weights)
        self.defaults_button = QPushButton(tr(CTX, "&Defaults"))
        self.defaults_button.clicked.connect(lambda: self.set_weights(kpi.DEFAULT_WEIGHTS))
        buttons = QHBoxLayout()
        for b in (self.apply_button, self.save_button, self.defaults_button):
            buttons.addWidget(b)
        form.addRow(buttons)
        note = QLabel(
            tr(
                CTX,
                "Each indicator is scaled 0–100 across the managers compared (best = 100); "
                "the score is the weighted average. The table shows each figure with its "
                "scaled value in brackets.",
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        form.addRow(note)

        self.chart = BarChart(tr(CTX, "KPI score (0–100)"), horizontal=True)
        self.chart.setObjectName("kpiChart")
        self.chart.value_format = lambda v: f"{v:.1f}"
        self.chart.axis_format = lambda v: grouped(v)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(weights_box)
        upper.addWidget(self.chart)
        upper.setSizes([380, 860])

        self.model: TableModel[Scorecard] = TableModel(kpi_columns(), self)
        self.view = table_view(self.model, "kpiTable")
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(upper)
        body.addWidget(self.view)
        body.setSizes([330, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        self.setFocusProxy(self.period)
        self._loading_weights = True
        submit(
            runner,
            load_weights,
            gateway.db,
            gateway.actor,
            done=self._got_weights,
            failed=self._failed,
        )

    def _got_weights(self, weights: object) -> None:
        assert isinstance(weights, dict)
        self.set_weights(weights)
        self._loading_weights = False
        self.refresh()

    def set_weights(self, weights: dict[str, float]) -> None:
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(float(weights.get(key, 0)))
            spin.blockSignals(False)
        self._weights_edited()

    def weights(self) -> dict[str, float]:
        return {k: s.value() for k, s in self.spins.items()}

    def _weights_edited(self) -> None:
        total = sum(self.weights().values())
        self.weights_sum.setText(tr(CTX, "Total weight: %1").replace("%1", f"{total:g}"))
        self.apply_button.setEnabled(total > 0)
        self.save_button.setEnabled(total > 0)

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.busy or self._loading_weights:
            return
        self.busy = True
        self.state.setText(tr(CTX, "Computing…"))
        submit(
            self.runner,
            load_scorecards,
            self.gateway.db,
            self.gateway.actor,
            self.period.period(),
            self.weights(),
            done=self._show,
            failed=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.busy = False
        self.state.setText(message)
        self.status_message.emit(message)

    def _show(self, result: object) -> None:
        self.busy = False
        assert isinstance(result, KpiResult)
        self.result = result
        self.model.set_rows(result.cards)
        fit_columns(self.view, 220)
        self.chart.set_data(
            [f"{c.rank}. {c.name}" for c in result.cards],
            [Series("", [c.score for c in result.cards])],
        )
        self.state.setText(
            tr(CTX, "%1: %2 managers ranked")
            .replace("%1", result.period)
            .replace("%2", str(len(result.cards)))
        )
        self.export_button.setEnabled(bool(result.cards))
        self.print_button.setEnabled(bool(result.cards))
        self.loaded.emit()

    def save_weights(self) -> None:
        try:
            self.gateway.call(kpi.save_weights, self.weights())
        except ServiceError as exc:
            self.status_message.emit(labels.service_message(exc))
            return
        self.status_message.emit(tr(CTX, "Weights saved."))
        self.refresh()

    # --- output ---------------------------------------------------------------------------

    def export(self, path: Path | None = None) -> None:
        if self.result is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                tr(CTX, "Export KPI ranking"),
                f"kpi-{self.result.period}.xlsx",
                tr(CTX, "Excel workbook (*.xlsx)"),
            )
            if not name:
                return
            path = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")
        self.state.setText(tr(CTX, "Writing %1…").replace("%1", path.name))

        def done(written: object) -> None:
            message = tr(CTX, "Saved %1").replace("%1", str(written))
            self.state.setText(message)
            self.status_message.emit(message)
            self.exported.emit(str(written))

        submit(self.runner, write_report, path, self.result, done=done, failed=self._failed)

    def report_html(self) -> tuple[str, QImage]:
        assert self.result is not None
        image = QImage(
            self.chart.size().expandedTo(self.chart.sizeHint()), QImage.Format.Format_ARGB32
        )
        image.fill(Qt.GlobalColor.white)
        self.chart.render(image)
        keys = list(kpi.DEFAULT_WEIGHTS)
        head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in [
                tr(CTX, "Rank"),
                tr(CTX, "Manager"),
                tr(CTX, "Score"),
                *(indicator(k) for k in keys),
            ]
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(v)}</td>"
                for v in [
                    str(c.rank),
                    f"{c.name} ({c.login})",
                    f"{c.score:.1f}",
                    *(raw_text(k, c.raw[k]) for k in keys),
                ]
            )
            + "</tr>"
            for c in self.result.cards
        )
        weights = ", ".join(f"{indicator(k)} {self.result.weights.get(k, 0):g}" for k in keys)
        title = tr(CTX, "KPI ranking — %1").replace("%1", self.result.period)
        text = (
            f"<html><head>{printing.STYLE}</head><body><h1>{html.escape(title)}</h1>"
            f"<p class='muted'>{html.escape(tr(CTX, 'Weights: %1').replace('%1', weights))}</p>"
            f"<p><img src='chart.png' width='640'></p>"
            f"<table width='100%'><tr>{head}</tr>{body}</table></body></html>"
        )
        return text, image

    def document(self) -> QTextDocument:
        from PySide6.QtCore import QUrl

        text, image = self.report_html()
        doc = QTextDocument(self)
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart.png"), image)
        doc.setHtml(text)
        return doc

    def save_pdf(self, path: Path) -> Path:
        from PySide6.QtGui import QPdfWriter

        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setResolution(150)
        writer.setTitle(path.stem)
        doc = self.document()
        doc.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
        doc.print_(writer)
        return path

    def print_or_pdf(self) -> None:
        """The system print dialog (which offers printing to PDF), or straight to a .pdf."""
        if self.result is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr(CTX, "Print KPI ranking"))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.document().print_(printer)
