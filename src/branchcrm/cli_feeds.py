"""Command line for feeds and engines: ``feed``/``import feed``, ``tiers recompute``,
``events scan`` and ``export reminders``.

The notebook importer's module may already have created ``import`` and ``export``; the
feed command is therefore registered both top-level (``branchcrm feed ...``) and, when
``import`` exists, as ``branchcrm import feed ...``, so neither module overrides the other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from branchcrm.services.errors import ServiceError, ValidationError


def _subactions(parser: argparse.ArgumentParser) -> Any | None:
    """The parser's subcommand action, if it has one (argparse keeps it private)."""
    try:
        action = parser._subparsers  # argparse offers no public accessor
        if action is None:
            return None
        for a in action._group_actions:
            if isinstance(a, argparse._SubParsersAction):
                return a
    except AttributeError:
        return None
    return None


def _add_feed_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("feed_kind", choices=["balances", "holdings", "transactions", "customers"])
    p.add_argument("files", nargs="+", metavar="FILE", help=".csv or .xlsx extracts")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=cmd_feed)


def cmd_feed(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.importers import feeds

    actor = app.actor()
    result = feeds.import_feed(app.db, actor, args.feed_kind, [Path(f) for f in args.files])
    if args.json:
        app.json_out(result.as_json())
        return 0 if result.ok else 1
    for f in result.files:
        line = f"{f.file}: {f.status}"
        if f.error:
            line += f" - {f.error}"
        elif f.status == "imported":
            line += f" ({f.rows} rows, {f.matched} matched, {f.unknown_rows} unknown, {f.review} to review)"
        app.out(line)
        for w in f.warnings:
            app.out(f"  note: {w}")
    if result.batch_id is not None:
        app.out(
            f"batch {result.batch_id}: {result.written} written, {result.unchanged} unchanged"
            + (f"; periods {', '.join(result.periods)}" if result.periods else "")
        )
    for u in result.unknown[:50]:
        j = u.as_json()
        app.out(
            f"  unknown customer {j['customer_no'] or j['id_number']} "
            f"({j['rows']} row(s), first at {j['file']} row {j['row']})"
        )
    if len(result.unknown) > 50:
        app.out(f"  ... and {len(result.unknown) - 50} more unknown customers (use --json)")
    if result.review_total:
        app.out(f"  {result.review_total} row(s) need review: `branchcrm import review`")
    if not result.ok:
        app.out("nothing was imported")
    return 0 if result.ok else 1


def cmd_tiers_recompute(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.engines import tiering

    actor = app.actor()
    result = tiering.recompute(app.db, actor, args.period)
    if args.json:
        app.json_out(result.as_json())
        return 0
    app.out(
        f"{result.period}: {result.customers} customers; {result.initial} first tiers, "
        f"{result.upgrades} upgrades, {result.downgrades} downgrades, {result.watch} on watch, "
        f"{result.skipped} skipped (a later period already decided); "
        f"{result.reminders} reminders"
    )
    return 0


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({"date": f"not a date (YYYY-MM-DD): {text!r}"}) from None


def cmd_events_scan(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.engines import events

    actor = app.actor()
    result = events.scan(app.db, actor, _day(args.date))
    if args.json:
        app.json_out(result.as_json())
        return 0
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(result.created.items())) or "none"
    app.out(f"{result.day}: {result.total} new reminders ({kinds})")
    if result.unrouted:
        app.out(f"  {result.unrouted} event(s) skipped: the customer has no primary manager")
    return 0


def cmd_export_reminders(args: argparse.Namespace, app: Any) -> int:
    from branchcrm.engines import events

    actor = app.actor()
    with app.db.session(actor) as session:
        rows = events.export_rows(session, actor, status=args.status)
    out = Path(args.out)
    if args.format == "json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str), "utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("reminders")
        ws.append(list(events.EXPORT_FIELDS))
        for r in rows:
            ws.append([r[k] for k in events.EXPORT_FIELDS])
        try:
            wb.save(out)
        except OSError as exc:
            raise ServiceError(f"cannot write {out}: {exc.strerror}") from None
    app.out(f"{len(rows)} reminders written to {out}")
    return 0


def add_commands(subparsers: Any) -> None:
    """Hook into the main parser (called by branchcrm.cli.build_parser)."""
    feed = subparsers.add_parser("feed", help="import a business-system feed (also: import feed)")
    _add_feed_arguments(feed)
    imp = subparsers.choices.get("import")
    if imp is not None:
        action = _subactions(imp)
        if action is not None and "feed" not in action.choices:
            _add_feed_arguments(action.add_parser("feed", help="import a business-system feed"))

    tiers = subparsers.add_parser("tiers", help="the tiering engine")
    tsub = tiers.add_subparsers(dest="tiers_command", metavar="ACTION", required=True)
    p = tsub.add_parser("recompute", help="decide every customer's tier for a month (idempotent)")
    p.add_argument("--period", metavar="YYYY-MM", help="default: the latest month with balances")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_tiers_recompute)

    ev = subparsers.add_parser("events", help="the reminder engine")
    esub = ev.add_subparsers(dest="events_command", metavar="ACTION", required=True)
    p = esub.add_parser("scan", help="raise the day's reminders (idempotent)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="default: today in the branch")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_events_scan)

    exp = subparsers.choices.get("export")
    action = _subactions(exp) if exp is not None else None
    if action is None:
        exp = subparsers.add_parser("export", help="export data")
        action = exp.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    if "reminders" not in action.choices:
        p = action.add_parser("reminders", help="reminders with kind, customer, staff, due, status")
        p.add_argument("--format", choices=["json", "xlsx"], required=True)
        p.add_argument("--out", required=True, metavar="PATH")
        p.add_argument("--status", choices=["open", "done", "snoozed", "dismissed"])
        p.set_defaults(handler=cmd_export_reminders)
