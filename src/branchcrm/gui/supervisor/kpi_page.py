"""KPI scorecards: weights editor, ranking table and bar chart, .xlsx export and print/PDF."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
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
from branchcrm.services.kpi import Ranking, Scorecard
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
    "key_aum_growth": tr_noop(CTX, "Asset growth of key customers"),
    "satisfaction_change": tr_noop(CTX, "Change in satisfaction"),
}
KIND_LABELS = {
    "managers": tr_noop(CTX, "Managers"),
    "teams": tr_noop(CTX, "Teams"),
    "chiefs": tr_noop(CTX, "Chief customer managers"),
}
UNIT_LABELS = {
    "managers": tr_noop(CTX, "Manager"),
    "teams": tr_noop(CTX, "Team"),
    "chiefs": tr_noop(CTX, "Chief"),
}
RANKED = {
    "managers": tr_noop(CTX, "%1: %2 managers ranked"),
    "teams": tr_noop(CTX, "%1: %2 teams ranked"),
    "chiefs": tr_noop(CTX, "%1: %2 chief customer managers ranked"),
}

NOTES = {
    "managers": tr_noop(
        CTX,
        "Each indicator is scaled 0–100 across the managers compared (best = 100); "
        "the score is the weighted average. The table shows each figure with its "
        "scaled value in brackets.",
    ),
    "teams": tr_noop(
        CTX,
        "Each indicator is scaled 0–100 across the teams compared (best = 100); the score "
        "is the weighted average. A team is measured over its book (the customers it serves "
        "and its members' customers) and its members' work.",
    ),
    "chiefs": tr_noop(
        CTX,
        "Each indicator is scaled 0–100 across the chief customer managers compared "
        "(best = 100); the score is the weighted average. Growth: their key customers' "
        "assets at the end of the period against the month before it.",
    ),
}


def indicator(key: str) -> str:
    return tr(CTX, INDICATOR_LABELS.get(key, key))


def raw_text(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    if key in ("aum_growth", "key_aum_growth"):
        return wan(value)
    if key in ("coverage", "on_time"):
        return f"{100 * value:.1f}%"
    if key == "completeness":
        return f"{value:.1f}%"
    if key == "satisfaction":
        return f"{value:.2f}" if value else "—"
    if key == "satisfaction_change":
        return f"{value:+.2f}" if value else "—"
    return grouped(value)


@dataclass
class KpiResult:
    period: str
    ranking: Ranking

    @property
    def cards(self) -> list[Scorecard]:
        """The managers' ranking."""
        return self.ranking.cards["managers"]

    @property
    def weights(self) -> dict[str, float]:
        return self.ranking.weights["managers"]


def load_scorecards(
    db: Database,
    actor: Actor,
    label: str,
    weights: dict[str, dict[str, float]] | None,
    kinds: tuple[str, ...] = ("managers",),
    credited: dict[int, int] | None = None,
    *,
    state: TaskState,
) -> KpiResult:
    """The rankings of ``kinds`` with the weights given for each. The page asks for the
    managers first, then for teams and chiefs with the growth credited already computed."""
    period = parse_period(label)
    with db.session(actor) as s:
        state.progress(0, 1, "")
        ranking = kpi.rankings(s, actor, period, weights=weights, kinds=kinds, credited=credited)
    return KpiResult(period.label, ranking)


def load_weights(db: Database, actor: Actor, *, state: TaskState) -> dict[str, dict[str, float]]:
    with db.session(actor) as s:
        return {kind: kpi.load_weights(s, kind) for kind in kpi.KINDS}


def write_report(path: Path, result: KpiResult, *, state: TaskState) -> Path:
    from branchcrm.reports.kpi_report import write_kpi_report

    state.progress(0, 1, "")
    write_kpi_report(path, result.ranking)
    return path


def kpi_columns(kind: str = "managers") -> list[Col[Scorecard]]:
    cols: list[Col[Scorecard]] = [
        Col(tr(CTX, "Rank"), lambda c: str(c.rank), lambda c: c.rank, True),
        Col(tr(CTX, UNIT_LABELS[kind]), lambda c: c.label),
        Col(tr(CTX, "Score"), lambda c: f"{c.score:.1f}", lambda c: c.score, True),
    ]
    for key in kpi.indicators(kind):
        cols.append(Col(indicator(key), _cell_text(key), _cell_key(key), True))
    return cols


def _cell_text(key: str) -> Callable[[Scorecard], str]:
    def text(c: Scorecard) -> str:
        scaled = c.scaled.get(key)
        if scaled is None:
            return raw_text(key, c.raw[key])
        return f"{raw_text(key, c.raw[key])}  ({scaled:.0f})"

    return text


def _cell_key(key: str) -> Callable[[Scorecard], float]:
    def value(c: Scorecard) -> float:
        v = c.raw[key]
        return float("-inf") if v is None else v

    return value


class KpiPage(QWidget):
    open_customer = Signal(int)
    status_message = Signal(str)
    loaded = Signal()  # the ranking shown is ready
    all_loaded = Signal()  # every kind is ranked
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
        self.kind = "managers"
        self._pending_export: Path | None = None

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
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("kpiKind")
        for kind in kpi.KINDS:
            self.kind_box.addItem(tr(CTX, KIND_LABELS[kind]), kind)
        self.kind_box.setToolTip(
            tr(CTX, "Rank managers, teams or chief customer managers; the report holds all three")
        )
        self.kind_box.currentIndexChanged.connect(
            lambda _i: self.set_kind(self.kind_box.currentData())
        )
        kind_label = QLabel(tr(CTX, "Ran&k:"))
        kind_label.setBuddy(self.kind_box)
        self.state = QLabel()
        self.state.setObjectName("state")
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addWidget(kind_label)
        top.addWidget(self.kind_box)
        top.addWidget(self.state, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)

        # a spin box per kind and indicator; the form shows the current kind's rows
        self.kind_spins: dict[str, dict[str, QDoubleSpinBox]] = {k: {} for k in kpi.KINDS}
        weights_box = QGroupBox(tr(CTX, "Indicator weights"))
        form = QFormLayout(weights_box)
        self.form = form
        for kind in kpi.KINDS:
            for key in kpi.indicators(kind):
                spin = QDoubleSpinBox()
                spin.setObjectName(
                    f"weight_{key}" if kind == "managers" else f"weight_{kind}_{key}"
                )
                spin.setRange(0, 100)
                spin.setDecimals(0)
                spin.setSuffix(" ")
                spin.valueChanged.connect(self._weights_edited)
                self.kind_spins[kind][key] = spin
                label = QLabel(tr(CTX, "%1:").replace("%1", indicator(key)))
                label.setBuddy(spin)
                form.addRow(label, spin)
        self.weights_sum = QLabel()
        form.addRow(self.weights_sum)
        self.apply_button = QPushButton(tr(CTX, "&Apply"))
        self.apply_button.setToolTip(tr(CTX, "Recompute the ranking with these weights"))
        self.apply_button.clicked.connect(self.apply)
        self.save_button = QPushButton(tr(CTX, "&Save weights"))
        self.save_button.setObjectName("saveWeights")
        self.save_button.clicked.connect(self.save_weights)
        self.defaults_button = QPushButton(tr(CTX, "&Defaults"))
        self.defaults_button.clicked.connect(lambda: self.set_weights(kpi.DEFAULTS[self.kind]))
        buttons = QHBoxLayout()
        for b in (self.apply_button, self.save_button, self.defaults_button):
            buttons.addWidget(b)
        form.addRow(buttons)
        note = QLabel(tr(CTX, NOTES["managers"]))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        note.setObjectName("weightsNote")

        self.chart = BarChart(tr(CTX, "KPI score (0–100)"), horizontal=True)
        self.chart.setObjectName("kpiChart")
        self.chart.value_format = lambda v: f"{v:.1f}"
        self.chart.axis_format = lambda v: grouped(v)
        # A short window (or longer Chinese text) scrolls the weights instead of clipping the
        # wrapped note under them.
        weights_scroll = QScrollArea()
        weights_scroll.setObjectName("weightsScroll")
        weights_scroll.setWidget(weights_box)
        weights_scroll.setWidgetResizable(True)
        weights_scroll.setFrameShape(QFrame.Shape.NoFrame)
        weights_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        weights_scroll.setMinimumWidth(weights_box.minimumSizeHint().width() + 24)
        self.weights_box, self.weights_note = weights_box, note
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(weights_scroll)
        upper.addWidget(self.chart)
        upper.setChildrenCollapsible(False)
        upper.setSizes([400, 840])

        self._show_rows_of(self.kind)
        self.model: TableModel[Scorecard] = TableModel(kpi_columns(), self)
        self.view = table_view(self.model, "kpiTable")
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(upper)
        body.addWidget(self.view)
        body.setChildrenCollapsible(False)
        # The weights are never squeezed below their natural height (the table gives way).
        upper.setMinimumHeight(weights_box.sizeHint().height())
        body.setSizes([weights_box.sizeHint().height(), 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addWidget(note)  # full width under the table: never squeezed into the form
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
        for kind in kpi.KINDS:
            self.set_weights(weights[kind], kind)
        self._loading_weights = False
        self.refresh()

    @property
    def spins(self) -> dict[str, QDoubleSpinBox]:
        """The weights of the kind shown, by indicator."""
        return self.kind_spins[self.kind]

    def _show_rows_of(self, kind: str) -> None:
        """Only the weights of the kind ranked are shown."""
        for k, spins in self.kind_spins.items():
            for spin in spins.values():
                self.form.setRowVisible(spin, k == kind)

    def set_kind(self, kind: str) -> None:
        """Show the ranking of managers, teams or chiefs (computed together: no reload)."""
        if kind == self.kind or kind not in kpi.KINDS:
            return
        self.kind = kind
        self.weights_note.setText(self._note_text())
        index = self.kind_box.findData(kind)
        if self.kind_box.currentIndex() != index:
            self.kind_box.blockSignals(True)
            self.kind_box.setCurrentIndex(index)
            self.kind_box.blockSignals(False)
        self._show_rows_of(kind)
        self._weights_edited()
        self.model.beginResetModel()
        self.model.columns = kpi_columns(kind)
        self.model.endResetModel()
        if self.result is not None:
            self._render()
            if kind in self.result.ranking.cards:  # else: on their way
                self.loaded.emit()

    def set_weights(self, weights: Mapping[str, float], kind: str | None = None) -> None:
        """Put ``weights`` in the spin boxes of ``kind`` (default: the kind shown)."""
        for key, spin in self.kind_spins[kind or self.kind].items():
            spin.blockSignals(True)
            spin.setValue(float(weights.get(key, 0)))
            spin.blockSignals(False)
        self._weights_edited()

    def weights(self, kind: str | None = None) -> dict[str, float]:
        """The weights of ``kind`` (default: the kind shown) as edited."""
        return {k: spin.value() for k, spin in self.kind_spins[kind or self.kind].items()}

    def all_weights(self) -> dict[str, dict[str, float]]:
        return {kind: self.weights(kind) for kind in kpi.KINDS}

    def _note_text(self) -> str:
        return tr(CTX, NOTES[self.kind])

    def cards(self) -> list[Scorecard]:
        return self.result.ranking.cards.get(self.kind, []) if self.result is not None else []

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
        self.export_button.setEnabled(False)
        submit(
            self.runner,
            load_scorecards,
            self.gateway.db,
            self.gateway.actor,
            self.period.period(),
            self.all_weights(),
            done=self._show,
            failed=self._failed,
        )

    def apply(self) -> None:
        """Rank again with the weights edited: the figures stay, no reload."""
        if self.result is None:
            self.refresh()
            return
        if self.kind not in self.result.ranking.cards:
            return  # ranked with the spin boxes' weights when they arrive
        weights = self.weights()
        self.result.ranking.weights[self.kind] = dict(weights)
        kpi.rank(self.cards(), weights, kpi.indicators(self.kind))
        self._render()
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self.busy = False
        self.state.setText(message)
        self.status_message.emit(message)

    def _show(self, result: object) -> None:
        """The managers' ranking: shown, then teams and chiefs are computed."""
        self.busy = False
        assert isinstance(result, KpiResult)
        if result.period != self.period.period():
            self.refresh()  # the period changed meanwhile
            return
        self.result = result
        self._render()
        if self.kind in result.ranking.cards:
            self.loaded.emit()
        submit(
            self.runner,
            load_scorecards,
            self.gateway.db,
            self.gateway.actor,
            result.period,
            self.all_weights(),
            ("teams", "chiefs"),
            result.ranking.credited,
            done=self._show_rest,
            failed=self._failed,
        )

    def _show_rest(self, rest: object) -> None:
        assert isinstance(rest, KpiResult)
        if self.result is None or rest.period != self.result.period:
            return  # a later load brings its own
        ranking = self.result.ranking
        for kind, cards in rest.ranking.cards.items():
            # weights edited while they were computed count
            ranking.weights[kind] = self.weights(kind)
            ranking.cards[kind] = kpi.rank(cards, ranking.weights[kind], kpi.indicators(kind))
        self.export_button.setEnabled(True)
        if self.kind in rest.ranking.cards:
            self._render()
            self.loaded.emit()
        self.all_loaded.emit()
        if self._pending_export is not None:
            path, self._pending_export = self._pending_export, None
            self.export(path)

    def _render(self) -> None:
        assert self.result is not None
        cards = self.cards()
        self.model.set_rows(cards)
        fit_columns(self.view, 320 if self.kind == "teams" else 220)
        self.chart.set_data(
            [f"{c.rank}. {c.name}" for c in cards], [Series("", [c.score for c in cards])]
        )
        self.state.setText(
            tr(CTX, RANKED[self.kind])
            .replace("%1", self.result.period)
            .replace("%2", str(len(cards)))
        )
        if self.kind not in self.result.ranking.cards:
            self.state.setText(tr(CTX, "Computing…"))
        self.export_button.setEnabled(self.complete())
        self.print_button.setEnabled(bool(cards))

    def complete(self) -> bool:
        """Whether every kind is ranked (the report holds them all)."""
        return self.result is not None and all(k in self.result.ranking.cards for k in kpi.KINDS)

    def save_weights(self) -> None:
        try:
            self.gateway.call(kpi.save_weights, self.weights(), self.kind)
        except ServiceError as exc:
            self.status_message.emit(labels.service_message(exc))
            return
        self.status_message.emit(tr(CTX, "Weights saved."))
        self.apply()

    # --- output ---------------------------------------------------------------------------

    def export(self, path: Path | None = None) -> None:
        if self.result is None:
            return
        if not self.complete():
            self._pending_export = path  # written when teams and chiefs are ranked
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
        keys = kpi.indicators(self.kind)
        head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in [
                tr(CTX, "Rank"),
                tr(CTX, UNIT_LABELS[self.kind]),
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
                    c.label,
                    f"{c.score:.1f}",
                    *(raw_text(k, c.raw[k]) for k in keys),
                ]
            )
            + "</tr>"
            for c in self.cards()
        )
        used = self.result.ranking.weights.get(self.kind, {})
        weights = ", ".join(f"{indicator(k)} {used.get(k, 0):g}" for k in keys)
        title = (
            tr(CTX, "KPI ranking — %1").replace("%1", self.result.period)
            + " · "
            + tr(CTX, KIND_LABELS[self.kind])
        )
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
