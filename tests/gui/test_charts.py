"""QPainter charts: axis steps, separators, rendering with real and degenerate data, clicks."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from branchcrm.gui.charts import (
    BarChart,
    ChartBase,
    DonutChart,
    LineChart,
    Series,
    grouped,
    nice_ticks,
    wan,
    wan_axis,
)


def render(chart: ChartBase) -> QImage:
    chart.resize(480, 300)
    chart.show()
    image = chart.grab().toImage()
    assert not image.isNull()
    return image


def test_number_formats_and_ticks() -> None:
    assert grouped(1234567.8) == "1,234,568"
    assert grouped(-0.2) == "0"
    assert wan(123_456_789_00) == "12,345.7万"
    assert wan_axis(250_000_000_00) == "25,000万"
    assert nice_ticks(0, 78.6) == [0, 20, 40, 60, 80]
    assert nice_ticks(0, 1367)[-1] >= 1367
    assert nice_ticks(-35, 80)[0] <= -35 and 0 in nice_ticks(-35, 80)
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_line_chart_renders_and_summarises(qtbot: QtBot) -> None:
    chart = LineChart("网点资产")
    qtbot.addWidget(chart)
    chart.value_format = wan
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    chart.set_data(months, [Series("", [16_000_000_000 + i * 100_000_000 for i in range(12)])])
    render(chart)
    assert "2026-12: 17,100.0万" in chart.summary()
    assert chart.accessibleDescription() == chart.summary()
    assert chart.hit_at(chart._hits[0][0].center()) is not None


def test_bars_grouped_stacked_horizontal_and_click(qtbot: QtBot) -> None:
    for chart in (
        BarChart("tiers"),
        BarChart("stacked", stacked=True),
        BarChart("horizontal", horizontal=True),
    ):
        qtbot.addWidget(chart)
        chart.set_data(
            ["普通", "金卡", "私人银行"], [Series("a", [1367, 543, 4]), Series("b", [10, -5, 0])]
        )
        render(chart)
        assert "普通: 1,367" in chart.summary()
        area, index, tip = next(h for h in chart._hits if h[1] == 1)
        with qtbot.waitSignal(chart.clicked) as blocker:
            qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=area.center().toPoint())
        assert blocker.args == [index] and "金卡" in tip


def test_donut_shares_and_empty_states(qtbot: QtBot) -> None:
    donut = DonutChart("结构")
    qtbot.addWidget(donut)
    donut.set_data([("活期", 300), ("定期", 700), ("零", 0)], "1,000")
    render(donut)
    assert donut.summary().splitlines()[1:] == ["活期: 300 (30.0%)", "定期: 700 (70.0%)"]
    with qtbot.assertNotEmitted(donut.clicked):
        qtbot.mouseClick(donut, Qt.MouseButton.LeftButton, pos=QPoint(1, 1))
    line, bar, ring = LineChart("empty"), BarChart("empty"), DonutChart("empty")
    line.set_data([], [])
    bar.set_data(["a"], [])
    ring.set_data([("nothing", 0)])
    for chart in (line, bar, ring):
        qtbot.addWidget(chart)
        render(chart)
        assert chart.is_empty()
    one = LineChart("one point")
    qtbot.addWidget(one)
    one.set_data(["2026-01"], [Series("", [5])])
    render(one)
    mismatched = BarChart("bad")
    qtbot.addWidget(mismatched)
    mismatched.set_data(["a", "b"], [Series("", [1])])  # wrong length: ignored, not a crash
    assert mismatched.is_empty()
    render(mismatched)
