"""The handover report (.xlsx): every customer of the leaver with old and new managers, and
each receiver's load before and after, for the supervisor to file and the team to work from."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from branchcrm.reports.xlsx_safe import write_table
from branchcrm.services.handover import HandoverPlan

HOW_LABELS = {
    "secondary promoted": "副客户经理接任 / secondary promoted",
    "distributed": "重新分配 / distributed",
    "secondary role ended": "副客户经理角色结束 / secondary role ended",
}


def write_handover_report(plan: HandoverPlan, path: Path) -> Path:
    """Write the report; strings are stored as text, never as formulas."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Customers"
    write_table(
        ws,
        [
            "Customer no",
            "Name",
            "Tier",
            "AUM (yuan)",
            "Old primary",
            "Old secondary",
            "New primary",
            "New secondary",
            "How",
            "Needs a secondary",
            "Contact task",
        ],
        (
            [
                line.customer_no,
                line.name,
                line.tier or "",
                line.aum_fen / 100,
                line.old_primary,
                line.old_secondary or "",
                line.new_primary,
                line.new_secondary or "",
                HOW_LABELS.get(line.how, line.how),
                "yes" if line.needs_secondary else "",
                "yes" if line.contact_task else "",
            ]
            for line in plan.lines
        ),
        widths=[14, 14, 8, 14, 12, 12, 12, 12, 30, 10, 10],
    )
    rs = wb.create_sheet("Receivers")
    write_table(
        rs,
        [
            "Manager",
            "Customers before",
            "Customers after",
            "AUM before (yuan)",
            "AUM after (yuan)",
            "Capacity",
            "Used before %",
            "Used after %",
        ],
        (
            [
                r.login,
                r.before.customers,
                r.after.customers,
                r.before.aum_fen / 100,
                r.after.aum_fen / 100,
                r.after.capacity,
                r.before.capacity_used_pct,
                r.after.capacity_used_pct,
            ]
            for r in plan.receivers
        ),
        widths=[14, 12, 12, 16, 16, 10, 12, 12],
    )
    ss = wb.create_sheet("Summary")
    write_table(
        ss,
        ["Item", "Value"],
        [
            ["Staff member", f"{plan.name} ({plan.login})"],
            ["New status", plan.new_status],
            ["Applied", "yes" if plan.applied else "no (proposal)"],
            ["Batch", plan.batch_ref or ""],
            ["Secondary promoted", len(plan.by_how("secondary promoted"))],
            ["Distributed", len(plan.by_how("distributed"))],
            ["Secondary roles ended", len(plan.by_how("secondary role ended"))],
            ["Customers needing a secondary", len(plan.flagged)],
            ["Reminders moved", plan.reminders_to_move],
            ["Contact tasks", plan.contact_tasks],
            *[["Note", note] for note in plan.notes],
        ],
        widths=[30, 60],
    )
    path = Path(path)
    wb.save(path)
    return path
