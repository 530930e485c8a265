"""The KPI ranking as an .xlsx a supervisor can publish: a table and a bar chart of scores."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from branchcrm.reports.xlsx_safe import write_table
from branchcrm.services.kpi import DEFAULT_WEIGHTS, INDICATORS, Scorecard


def write_kpi_report(
    path: Path, period_label: str, cards: list[Scorecard], weights: dict[str, float]
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "KPI"
    keys = list(DEFAULT_WEIGHTS)
    header = ["Rank", "Login", "Name", "Score", *(INDICATORS[k] for k in keys)]
    rows = [[c.rank, c.login, c.name, c.score, *(round(c.raw[k], 4) for k in keys)] for c in cards]
    end = write_table(ws, header, rows, widths=[6, 12, 10, 8, *(16 for _ in keys)])
    if cards:
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"KPI score {period_label}"
        chart.y_axis.title = "Score (0-100)"
        data = Reference(ws, min_col=4, min_row=1, max_row=end - 1)
        names = Reference(ws, min_col=3, min_row=2, max_row=end - 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(names)
        chart.height = max(6.0, 0.6 * len(cards))
        ws.add_chart(chart, f"B{end + 2}")
    scaled = wb.create_sheet("Scaled")
    write_table(
        scaled,
        ["Login", *(INDICATORS[k] for k in keys)],
        [[c.login, *(round(c.scaled[k], 1) for k in keys)] for c in cards],
    )
    info = wb.create_sheet("Weights")
    write_table(info, ["Indicator", "Weight"], [[INDICATORS[k], weights.get(k, 0)] for k in keys])
    info.cell(row=len(keys) + 3, column=1, value=f"Period: {period_label}")
    wb.save(path)
