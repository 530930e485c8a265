"""Command line for ownership changes: `staff depart`, `portfolio rebalance|move|undo|loads`
and `chief designate|scoreboard`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from branchcrm.services.errors import ValidationError


def _subactions(parser: argparse.ArgumentParser) -> Any:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("the staff command has no actions")


def _yuan(fen: int) -> str:
    return f"{fen / 100:,.0f}"


def cmd_staff_depart(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.services import handover

    actor = app.actor()
    with app.db.session(actor) as session:
        plan = handover.depart(
            session,
            actor,
            args.login,
            receivers=args.to or None,
            dry_run=args.dry_run,
            transferred=args.transferred,
        )
        if not plan.applied:
            session.rollback()
    if args.report:
        from branchcrm.reports.handover_report import write_handover_report

        write_handover_report(plan, Path(args.report))
    if args.json:
        app.json_out(plan.as_dict())
        return 0
    verb = "would hand over" if not plan.applied else "handed over"
    app.out(
        f"{verb} {len(plan.lines)} customers of {plan.login}: "
        f"{len(plan.by_how(handover.PROMOTED))} to their secondary, "
        f"{len(plan.by_how(handover.DISTRIBUTED))} distributed, "
        f"{len(plan.by_how(handover.SECONDARY_ENDED))} secondary roles ended"
    )
    for r in plan.receivers:
        app.out(
            f"  {r.login:<14} {r.before.customers:>5} -> {r.after.customers:<5} customers  "
            f"{_yuan(r.before.aum_fen):>14} -> {_yuan(r.after.aum_fen)} yuan  "
            f"({r.after.capacity_used_pct:g} % of capacity)"
        )
    if plan.flagged:
        app.out(f"  {len(plan.flagged)} customers now need a secondary manager")
    for note in plan.notes:
        app.out(f"  note: {note}")
    if plan.applied:
        app.out(
            f"{plan.login} is now {plan.new_status}; {plan.reminders_to_move} reminders moved, "
            f"{plan.contact_tasks} contact tasks created (batch {plan.batch_ref})"
        )
    if args.report:
        app.out(f"report: {args.report}")
    return 0


def cmd_rebalance(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.services import rebalancing

    actor = app.actor()
    with app.db.session(actor) as session:
        plan = rebalancing.propose(session, actor, tolerance=args.tolerance)
        if not args.dry_run and plan.moves:
            rebalancing.apply(session, actor, plan)
    if args.json:
        app.json_out({"applied": plan.batch_ref is not None, **plan.as_dict()})
        return 0
    verb = "moved" if plan.batch_ref else "would move"
    app.out(
        f"{verb} {len(plan.moves)} customers; spread of capacity used "
        f"{plan.spread_before:g} -> {plan.spread_after:g} percentage points"
    )
    for login in plan.before:
        b, a = plan.before[login], plan.after[login]
        app.out(
            f"  {login:<14} {b.customers:>5} -> {a.customers:<5} "
            f"{_yuan(b.aum_fen):>14} -> {_yuan(a.aum_fen):<14} cap {a.capacity}"
        )
    for note in plan.notes:
        app.out(f"  note: {note}")
    if plan.batch_ref:
        app.out(f"batch {plan.batch_ref} (undo: branchcrm portfolio undo {plan.batch_ref})")
    return 0


def cmd_move(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.services import rebalancing

    actor = app.actor()
    with app.db.session(actor) as session:
        ids = rebalancing.resolve_customers(session, actor, args.customers)
        result = rebalancing.move(session, actor, ids, args.to)
    app.out(
        f"moved {result.moved} customers to {args.to}"
        + (f" ({len(result.unchanged)} already served by them)" if result.unchanged else "")
        + (f"; batch {result.batch_ref}" if result.batch_ref else "")
    )
    return 0


def cmd_undo(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.services import rebalancing

    actor = app.actor()
    with app.db.session(actor) as session:
        result = rebalancing.undo(session, actor, args.batch)
    app.out(f"undid batch {args.batch}: {result.moved} customers back with their managers")
    return 0


def cmd_loads(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.services import rebalancing

    actor = app.actor()
    with app.db.session(actor) as session:
        rows = rebalancing.manager_loads(session, actor)
    if args.json:
        app.json_out([{"login": r.login, "status": r.status, **r.figures.as_dict()} for r in rows])
        return 0
    for r in rows:
        f = r.figures
        app.out(
            f"{r.login:<14} {r.status:<9} {f.customers:>5}/{f.capacity:<5} "
            f"{_yuan(f.aum_fen):>14} yuan  contacted {f.coverage_pct:g} %"
        )
    return 0


def _date(text: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({name: f"{text!r} is not a date (YYYY-MM-DD)"}) from None


def cmd_chief_designate(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.services import chiefs, rebalancing

    actor = app.actor()
    with app.db.session(actor) as session:
        ids = rebalancing.resolve_customers(session, actor, args.customers)
        for cid in ids:
            chiefs.designate(session, actor, cid, args.login)
    app.out(f"{args.login} is chief customer manager of {len(ids)} customers")
    return 0


def cmd_chief_scoreboard(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.services import chiefs

    actor = app.actor()
    start, end = _date(args.start, "from"), _date(args.end, "to")
    with app.db.session(actor) as session:
        rows = chiefs.scoreboard(session, actor, start, end, baseline=args.baseline)
    if args.report:
        chiefs.write_scoreboard(Path(args.report), rows, f"{start}..{end}")
    if args.json:
        app.json_out([r.as_dict() for r in rows])
        return 0
    for r in rows:
        app.out(
            f"{r.login:<14} {r.customers:>4} customers  {_yuan(r.baseline_fen)} -> "
            f"{_yuan(r.end_fen)} yuan ({r.growth_pct if r.growth_pct is not None else '-'} %)  "
            f"satisfaction {r.satisfaction_change if r.satisfaction_change is not None else '-'}"
        )
    return 0


def add_commands(subparsers: Any) -> None:
    """Hook into the main parser (called by branchcrm.cli.build_parser)."""
    staff = subparsers.choices.get("staff")
    if staff is not None:
        p = _subactions(staff).add_parser(
            "depart", help="hand over all customers of LOGIN and mark them departed"
        )
        p.add_argument("login")
        p.add_argument(
            "--to",
            action="append",
            metavar="LOGIN",
            help="receiver (repeat; default: all with room)",
        )
        p.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
        p.add_argument("--transferred", action="store_true", help="moved to another post")
        p.add_argument("--report", metavar="PATH.xlsx", help="write the handover report")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=cmd_staff_depart)

    portfolio = subparsers.add_parser("portfolio", help="who serves whom: rebalance and move")
    psub = portfolio.add_subparsers(dest="portfolio_command", metavar="ACTION", required=True)
    p = psub.add_parser("rebalance", help="propose (and unless --dry-run, apply) a rebalancing")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--tolerance", type=float, default=0.10, help="allowed deviation (0.10 = 10 %%)")
    p.set_defaults(handler=cmd_rebalance)
    p = psub.add_parser("move", help="make LOGIN the primary manager of the customers")
    p.add_argument("customers", nargs="+", metavar="CUSTOMER", help="id or customer number")
    p.add_argument("--to", required=True, metavar="LOGIN")
    p.set_defaults(handler=cmd_move)
    p = psub.add_parser("undo", help="undo a batch of moves if nothing changed since")
    p.add_argument("batch")
    p.set_defaults(handler=cmd_undo)
    p = psub.add_parser("loads", help="customers, assets and capacity per manager")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_loads)

    chief = subparsers.add_parser("chief", help="chief customer managers (首席客户经理)")
    csub = chief.add_subparsers(dest="chief_command", metavar="ACTION", required=True)
    p = csub.add_parser("designate", help="make LOGIN (a head) chief of the customers")
    p.add_argument("login")
    p.add_argument("customers", nargs="+", metavar="CUSTOMER")
    p.set_defaults(handler=cmd_chief_designate)
    p = csub.add_parser("scoreboard", help="asset growth and satisfaction per chief")
    p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--baseline", help="label of a stored baseline snapshot")
    p.add_argument("--report", metavar="PATH.xlsx")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_chief_scoreboard)
