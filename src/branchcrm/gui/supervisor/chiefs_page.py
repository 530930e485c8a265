"""The chief customer managers' scoreboard (首席客户经理): asset growth of their customers
against the baseline and the change in satisfaction, published as .xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui.charts import BarChart, Series, grouped, wan, wan_axis
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.settings import Settings
from branchcrm.gui.supervisor.common import (
    Col,
    PeriodBox,
    TableModel,
    fit_columns,
    submit,
    table_view,
)
from branchcrm.services import chiefs
from branchcrm.services.chiefs import ChiefScore
from branchcrm.services.periods import parse_period
from branchcrm.tasks import TaskRunner, TaskState

CTX = "ChiefsPage"


def load_scores(db: Database, actor: Actor, label: str, *, state: TaskState) -> list[ChiefScore]:
    period = parse_period(label)
    with db.session(actor) as s:
        return chiefs.scoreboard(s, actor, period.start, period.end - dt.timedelta(days=1))


def write(path: Path, rows: list[ChiefScore], label: str, *, state: TaskState) -> Path:
    return chiefs.write_scoreboard(path, rows, label)


def _opt(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def columns() -> list[Col[ChiefScore]]:
    return [
        Col(tr(CTX, "Chief"), lambda r: f"{r.name} ({r.login})"),
        Col(tr(CTX, "Customers"), lambda r: grouped(r.customers), lambda r: r.customers, True),
        Col(tr(CTX, "Baseline"), lambda r: wan(r.baseline_fen), lambda r: r.baseline_fen, True),
        Col(tr(CTX, "End"), lambda r: wan(r.end_fen), lambda r: r.end_fen, True),
        Col(tr(CTX, "Growth"), lambda r: wan(r.growth_fen), lambda r: r.growth_fen, True),
        Col(
            tr(CTX, "Growth %"),
            lambda r: _opt(r.growth_pct, "+.2f") + ("%" if r.growth_pct is not None else ""),
            lambda r: r.growth_pct,
            True,
        ),
        Col(
            tr(CTX, "Satisfaction before → after"),
            lambda r: f"{_opt(r.satisfaction_before, '.2f')} → {_opt(r.satisfaction_after, '.2f')}",
            lambda r: r.satisfaction_after,
            True,
        ),
        Col(
            tr(CTX, "Change"),
            lambda r: _opt(r.satisfaction_change, "+.2f"),
            lambda r: r.satisfaction_change,
            True,
        ),
    ]


class ChiefsPage(QWidget):
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
        self.setObjectName("chiefsPage")
        self.period = PeriodBox(today)
        self.period.setCurrentIndex(
            self.period.findData(
                next(
                    (
                        p
                        for p in (self.period.itemData(i) for i in range(self.period.count()))
                        if "Q" in str(p)
                    ),
                    self.period.period(),
                )
            )
        )
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        label = QLabel(tr(CTX, "&Period:"))
        label.setBuddy(self.period)
        self.state = QLabel()
        self.state.setObjectName("state")
        self.export_button = QPushButton(tr(CTX, "&Export .xlsx…"))
        self.export_button.clicked.connect(lambda: self.export())
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.period)
        top.addWidget(self.state, 1)
        top.addWidget(self.export_button)
        self.chart = BarChart(tr(CTX, "Assets of each chief's customers: baseline and end"))
        self.chart.value_format, self.chart.axis_format = wan, wan_axis
        self.chart.setObjectName("chiefChart")
        self.model: TableModel[ChiefScore] = TableModel(columns(), self)
        self.view = table_view(self.model, "chiefTable")
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.chart)
        body.addWidget(self.view)
        body.setSizes([320, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        self.setFocusProxy(self.period)
        self.refresh()

    def refresh(self) -> None:
        self.state.setText(tr(CTX, "Loading…"))
        submit(
            self.runner,
            load_scores,
            self.gateway.db,
            self.gateway.actor,
            self.period.period(),
            done=self._show,
            failed=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.state.setText(message)
        self.status_message.emit(message)

    def _show(self, rows: object) -> None:
        assert isinstance(rows, list)
        self.model.set_rows(rows)
        fit_columns(self.view)
        self.chart.set_data(
            [r.name for r in rows],
            [
                Series(tr(CTX, "Baseline"), [r.baseline_fen for r in rows]),
                Series(tr(CTX, "End"), [r.end_fen for r in rows]),
            ],
        )
        self.chart.empty_text = tr(
            CTX, "No chief customer manager served key customers in %1; choose another period"
        ).replace("%1", self.period.period())
        self.state.setText(
            tr(CTX, "%1 chief(s) · %2")
            .replace("%1", str(len(rows)))
            .replace("%2", self.period.period())
        )
        self.export_button.setEnabled(bool(rows))
        self.loaded.emit()

    def export(self, path: Path | None = None) -> None:
        if not self.model.rows:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                tr(CTX, "Publish chief scoreboard"),
                f"chiefs-{self.period.period()}.xlsx",
                tr(CTX, "Excel workbook (*.xlsx)"),
            )
            if not name:
                return
            path = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")

        def done(written: object) -> None:
            message = tr(CTX, "Saved %1").replace("%1", str(written))
            self.state.setText(message)
            self.status_message.emit(message)
            self.exported.emit(str(written))

        submit(
            self.runner,
            write,
            path,
            list(self.model.rows),
            self.period.period(),
            done=done,
            failed=self._failed,
        )
