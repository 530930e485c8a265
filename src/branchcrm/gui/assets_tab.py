"""The customer file's assets tab: month and quarter daily-average, the structure by category
(donut) and the 24-month trend (line), drawn with :mod:`branchcrm.gui.charts`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from branchcrm.gui import labels
from branchcrm.gui.charts import DonutChart, LineChart, Series, wan, wan_axis
from branchcrm.gui.i18n import tr, tr_noop
from branchcrm.services.assets import CustomerAssets

CTX = "AssetsTab"
# The asset service's category labels, marked for translation.
CATEGORY_LABELS = {
    "demand_deposit": tr_noop(CTX, "Demand deposits"),
    "time_deposit": tr_noop(CTX, "Time deposits"),
    "wealth": tr_noop(CTX, "Wealth management"),
    "fund": tr_noop(CTX, "Funds"),
    "insurance": tr_noop(CTX, "Insurance"),
    "precious_metal": tr_noop(CTX, "Precious metals"),
    "bond": tr_noop(CTX, "Bonds"),
    "other": tr_noop(CTX, "Other"),
}


def category(code: str, fallback: str) -> str:
    return tr(CTX, CATEGORY_LABELS[code]) if code in CATEGORY_LABELS else fallback


class AssetsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assetsTab")
        self.month = QLabel()
        self.month.setObjectName("monthAverage")
        self.quarter = QLabel()
        self.quarter.setObjectName("quarterAverage")
        self.change = QLabel()
        self.change.setObjectName("change")
        for label in (self.month, self.quarter):
            label.setStyleSheet("font-size: 13pt;")
        figures = QGridLayout()
        figures.addWidget(self.month, 0, 0)
        figures.addWidget(self.quarter, 0, 1)
        figures.addWidget(self.change, 1, 0, 1, 2)
        self.trend = LineChart(tr(CTX, "Assets, month daily-average (24 months)"))
        self.trend.setObjectName("assetTrend")
        self.trend.value_format, self.trend.axis_format = wan, wan_axis
        self.trend.empty_text = tr(CTX, "No balances delivered yet")
        self.structure = DonutChart(tr(CTX, "Structure by category"))
        self.structure.setObjectName("assetStructure")
        self.structure.value_format = wan
        self.structure.empty_text = tr(CTX, "No balances for this month")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.trend)
        split.addWidget(self.structure)
        split.setSizes([560, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addWidget(split, 1)
        self.set_assets(None)

    def set_assets(self, assets: CustomerAssets | None) -> None:
        if assets is None or assets.period is None:
            self.month.setText(tr(CTX, "Month daily-average: —"))
            self.quarter.setText(tr(CTX, "Quarter daily-average: —"))
            self.change.setText("")
            self.trend.set_data([], [])
            self.structure.set_data([])
            return
        self.month.setText(
            tr(CTX, "Month daily-average %1: %2 yuan")
            .replace("%1", assets.period)
            .replace("%2", labels.money(assets.month_avg_fen))
        )
        months = ", ".join(assets.quarter_months)
        self.quarter.setText(
            tr(CTX, "Quarter daily-average %1: %2 yuan")
            .replace("%1", assets.quarter or "")
            .replace("%2", labels.money(assets.quarter_avg_fen))
        )
        self.quarter.setToolTip(tr(CTX, "Over the days of %1").replace("%1", months))
        trend = assets.trend
        if len(trend) >= 2:
            first, last = trend[0][1], trend[-1][1]
            diff = last - first
            self.change.setText(
                tr(CTX, "Since %1: %2 (%3)")
                .replace("%1", trend[0][0])
                .replace("%2", ("+" if diff >= 0 else "") + wan(diff))
                .replace("%3", f"{100 * diff / first:+.1f}%" if first else "—")
            )
        else:
            self.change.setText("")
        self.trend.set_data([p for p, _ in trend], [Series("", [v for _, v in trend])])
        self.structure.set_data(
            [(category(s.category, s.label), s.fen) for s in assets.structure],
            wan(assets.month_avg_fen),
        )
