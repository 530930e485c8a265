"""``branchcrm import ...`` and ``branchcrm export ...``: scripts and the bank's IT rely on
these names and JSON fields, so they stay stable."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Protocol

from branchcrm.domain.actor import Actor
from branchcrm.services.errors import ServiceError


class App(Protocol):
    db: Any

    def actor(self) -> Actor: ...

    def out(self, text: str) -> None: ...


def add_commands(subparsers: Any) -> None:
    imp = subparsers.add_parser("import", help="import legacy notebooks")
    isub = imp.add_subparsers(dest="import_command", required=True)
    nb = isub.add_parser("notebook", help="import notebook spreadsheets (.xlsx .xls .csv)")
    nb.add_argument("files", nargs="+", metavar="FILE")
    nb.add_argument("--owner", required=True, metavar="LOGIN", help="staff member who owns them")
    nb.add_argument("--dry-run", action="store_true", help="preview only; write nothing")
    nb.add_argument("--report", metavar="PATH.xlsx", help="write the review rows to a workbook")
    nb.add_argument("--json", action="store_true", help="print one JSON object")
    nb.set_defaults(handler=cmd_import_notebook)
    rv = isub.add_parser("review", help="list the open review queue")
    rv.add_argument("--json", action="store_true")
    rv.set_defaults(handler=cmd_import_review)
    ud = isub.add_parser("undo", help="undo a whole import batch")
    ud.add_argument("batch_id", type=int, metavar="BATCH_ID")
    ud.set_defaults(handler=cmd_import_undo)

    exp = subparsers.add_parser("export", help="export data")
    esub = exp.add_subparsers(dest="export_command", required=True)
    cu = esub.add_parser("customers", help="customers you may see")
    cu.add_argument("--format", choices=("xlsx", "csv", "json"), required=True)
    cu.add_argument("--out", required=True, metavar="PATH")
    cu.set_defaults(handler=cmd_export_customers)


def _progress(what: str, rows: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{what}: {rows:,} rows", end="", file=sys.stderr, flush=True)


def cmd_import_notebook(args: argparse.Namespace, app: App) -> int:
    from branchcrm.importers.export import write_review_workbook
    from branchcrm.importers.notebook import ImportState, import_notebooks
    from branchcrm.importers.readers.sandbox import start_reader_server

    start_reader_server()  # while the sign-in and the database open
    actor = app.actor()
    result = import_notebooks(
        app.db,
        actor,
        [Path(f) for f in args.files],
        owner_login=args.owner,
        dry_run=args.dry_run,
        state=ImportState(on_progress=_progress),
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.report:
        write_review_workbook(Path(args.report), [p.as_json() for p in result.review])
    if args.json:
        data = result.as_json()
        app.out(json.dumps(data, ensure_ascii=False))
    else:
        for f in result.files:
            line = f"{f.file}: {f.status}"
            if f.error:
                line += f" - {f.error}"
            app.out(line)
            for w in f.warnings:
                app.out(f"  warning: {w}")
            for s in f.sheets:
                app.out(
                    f"  {s.sheet}: {s.status}, {s.rows} rows, {s.new} new, {s.matched} matched,"
                    f" {s.merged} merged, {s.review} review, {s.rejected} rejected"
                )
                for note in s.notes:
                    app.out(f"    note: {note}")
        verb = "would import" if args.dry_run else "imported"
        app.out(
            f"{verb}: {result.customers_new} new customers, {result.customers_matched} matched,"
            f" {result.contacts} contacts; {len(result.review)} for review,"
            f" {result.rejected} rows rejected"
            + (f"; batch {result.batch_id}" if result.batch_id else "")
        )
    return 0 if result.ok else 1


def cmd_import_review(args: argparse.Namespace, app: App) -> int:
    from branchcrm.importers.notebook import open_review

    items = open_review(app.db, app.actor())
    if args.json:
        app.out(json.dumps(items, ensure_ascii=False))
    else:
        for i in items:
            where = f"{i['file']} / {i['sheet']} row {i['row']}"
            app.out(f"#{i['id']} {where} {i['column'] or ''}: {i['reason']}")
        app.out(f"{len(items)} open review item(s)")
    return 0


def cmd_import_undo(args: argparse.Namespace, app: App) -> int:
    from branchcrm.importers.notebook import undo_batch

    r = undo_batch(app.db, app.actor(), args.batch_id)
    app.out(
        f"batch {r.batch_id} undone: {r.customers_deleted} customers and {r.contacts_deleted} "
        f"contacts deleted, {r.fields_restored} filled fields cleared"
        + (
            f"; {r.customers_kept} customers and {r.contacts_kept} contacts kept because they "
            "were changed since"
            if r.customers_kept or r.contacts_kept
            else ""
        )
    )
    return 0


def cmd_export_customers(args: argparse.Namespace, app: App) -> int:
    from branchcrm.importers.export import export_customers

    try:
        n = export_customers(app.db, app.actor(), args.format, Path(args.out))
    except OSError as exc:
        raise ServiceError(f"cannot write {args.out}: {exc.strerror}") from exc
    app.out(f"{n} customers written to {args.out}")
    return 0
