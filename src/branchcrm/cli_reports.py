"""``branchcrm report ...``: KPI scorecards and dashboards for supervisors and branch heads."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from branchcrm.services.periods import parse_period


def cmd_report_kpi(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.reports.kpi_report import write_kpi_report
    from branchcrm.services import kpi

    actor = app.actor()
    period = parse_period(args.period)
    with app.db.session(actor) as session:
        ranking = kpi.rankings(session, actor, period)
    write_kpi_report(Path(args.out), ranking)
    for kind in kpi.KINDS:
        cards = ranking.cards[kind]
        app.out(f"{kpi.KIND_TITLES[kind]}: {len(cards)}")
        for c in cards:
            app.out(f"{c.rank:>3}. {c.login or '-':<12} {c.name:<8} {c.score:6.1f}")
    app.out(f"wrote {args.out}")
    return 0


def add_commands(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="KPI and other reports (supervisors)")
    rsub = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    p = rsub.add_parser(
        "kpi",
        help="rank managers, teams and chief customer managers for a month or quarter "
        "into an .xlsx",
    )
    p.add_argument("--period", required=True, help="YYYY-MM or YYYY-Qn")
    p.add_argument("--out", required=True, help="PATH.xlsx")
    p.set_defaults(handler=cmd_report_kpi)
