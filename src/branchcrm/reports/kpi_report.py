"""The KPI ranking as an .xlsx a supervisor can publish: a sheet per kind of scorecard
(managers, teams, chief customer managers), each a table with a bar chart of scores, then
the scaled values and the weights used."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from branchcrm.reports.xlsx_safe import write_table
from branchcrm.services.kpi import INDICATORS, KIND_TITLES, Ranking, Scorecard, indicators

# Sheet names; the managers' sheet keeps its original name.
SHEETS = {"managers": "KPI", "teams": "Teams", "chiefs": "Chiefs"}
UNIT = {"managers": "Login", "teams": "Members", "chiefs": "Login"}


def _rounded(value: float | None, digits: int) -> float | None:
    """An empty cell for an indicator with nothing to measure."""
    return None if value is None else round(value, digits)


def _ranking_sheet(ws: Worksheet, kind: str, period_label: str, cards: list[Scorecard]) -> None:
    keys = indicators(kind)
    header = ["Rank", UNIT[kind], "Name", "Score", "Customers", *(INDICATORS[k] for k in keys)]
    rows = [
        [
            c.rank,
            ", ".join(c.members) if kind == "teams" else c.login,
            c.name,
            c.score,
            c.customers,
            *(_rounded(c.raw[k], 4) for k in keys),
        ]
        for c in cards
    ]
    end = write_table(ws, header, rows, widths=[6, 14, 12, 8, 10, *(16 for _ in keys)])
    if cards:
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"KPI score, {KIND_TITLES[kind].lower()} {period_label}"
        chart.y_axis.title = "Score (0-100)"
        data = Reference(ws, min_col=4, min_row=1, max_row=end - 1)
        names = Reference(ws, min_col=3, min_row=2, max_row=end - 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(names)
        chart.height = max(6.0, 0.6 * len(cards))
        ws.add_chart(chart, f"B{end + 2}")


def write_kpi_report(path: Path, ranking: Ranking) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for kind, title in SHEETS.items():
        _ranking_sheet(wb.create_sheet(title), kind, ranking.period, ranking.cards.get(kind, []))
    scaled = wb.create_sheet("Scaled")
    row = 1
    for kind in SHEETS:
        keys = indicators(kind)
        cards = ranking.cards.get(kind, [])
        scaled.cell(row=row, column=1, value=KIND_TITLES[kind])
        write_table(
            scaled,
            ["Name", *(INDICATORS[k] for k in keys)],
            [[c.label, *(_rounded(c.scaled[k], 1) for k in keys)] for c in cards],
            first_row=row + 1,
        )
        row += len(cards) + 3
    info = wb.create_sheet("Weights")
    rows = [
        [KIND_TITLES[kind], INDICATORS[k], ranking.weights.get(kind, {}).get(k, 0)]
        for kind in SHEETS
        for k in indicators(kind)
    ]
    write_table(info, ["Scorecard", "Indicator", "Weight"], rows, widths=[26, 30, 8])
    info.cell(row=len(rows) + 3, column=1, value=f"Period: {ranking.period}")
    wb.save(path)
