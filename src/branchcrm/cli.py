"""The ``branchcrm`` command line: a thin layer over the services.

User errors print one line to stderr and exit non-zero; there is never a traceback for them.
With no subcommand the workstation application opens.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from branchcrm import __version__
from branchcrm.db.engine import (
    DatabaseUrlError,
    make_engine,
    network_share_warning,
    resolve_url,
    sqlite_path,
)
from branchcrm.db.errors import SchemaError
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.services.errors import ServiceError

EXIT_USER_ERROR = 2


class CliError(Exception):
    """A one-line message for the person at the terminal."""


class CliApp:
    """What a command handler gets: the database, the signed-in actor, and output."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.url = resolve_url(getattr(args, "db", None))
        self._db: Database | None = None
        self._actor: Actor | None = None

    def open(self, *, upgrade_empty: bool = False, check: bool = True) -> Database:
        if self._db is None:
            path = sqlite_path(self.url)
            if path is not None:
                warning = network_share_warning(path)
                if warning:
                    print(f"warning: {warning}", file=sys.stderr)
            from branchcrm.db import schema  # alembic: loaded only by commands that need it

            engine = make_engine(self.url)
            schema.ping(engine)
            if check:
                state = schema.status(engine)
                if state.state is schema.SchemaState.EMPTY and upgrade_empty:
                    schema.upgrade(engine)
                elif state.state is schema.SchemaState.EMPTY:
                    raise CliError("the database is empty: run `branchcrm db upgrade` first")
                else:
                    schema.check_usable(engine)
            self._db = Database(engine)
        return self._db

    @property
    def db(self) -> Database:
        return self.open()

    def actor(self) -> Actor:
        if self._actor is None:
            login = getattr(self.args, "user", None)
            if not login:
                raise CliError("this command acts as a staff member: give --user LOGIN")
            password = os.environ.get("BRANCHCRM_PASSWORD")
            if password is None:
                if not sys.stdin.isatty():
                    raise CliError("set BRANCHCRM_PASSWORD or run in a terminal to be asked")
                password = getpass.getpass(f"password for {login}: ")
            from branchcrm.services import auth

            with self.db.session() as session:
                self._actor = auth.sign_in(session, login, password)
        return self._actor

    def out(self, text: str) -> None:
        print(text)

    def json_out(self, value: Any) -> None:
        print(json.dumps(value, ensure_ascii=False, indent=2, default=str))

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


Handler = Callable[[argparse.Namespace, CliApp], int]


def _new_password(prompt: str) -> str:
    password = os.environ.get("BRANCHCRM_NEW_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CliError("set BRANCHCRM_NEW_PASSWORD or run in a terminal to be asked")
    first = getpass.getpass(prompt)
    if first != getpass.getpass("again: "):
        raise CliError("the two passwords differ")
    return first


# --- db ---------------------------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace, app: CliApp) -> int:
    from branchcrm.db import schema

    engine = app.open(check=False).engine
    before = schema.status(engine)
    after, backup = schema.upgrade(engine)
    if backup:
        app.out(f"backed up the database to {backup}")
    if before.state is schema.SchemaState.CURRENT:
        app.out(f"already current ({after.revision})")
    else:
        app.out(f"upgraded {before.revision or 'empty database'} -> {after.revision}")
    return 0


def cmd_db_current(args: argparse.Namespace, app: CliApp) -> int:
    from branchcrm.db import schema

    engine = app.open(check=False).engine
    state = schema.status(engine)
    app.out(f"{engine.url.render_as_string(hide_password=True)}: {state.describe()}")
    return 0 if state.state is schema.SchemaState.CURRENT else 1


def cmd_db_backup(args: argparse.Namespace, app: CliApp) -> int:
    from branchcrm.db import schema

    db = app.open()
    if db.dialect != "sqlite":
        raise CliError(
            "for a PostgreSQL database use pg_dump, e.g. `pg_dump -Fc -f branch.dump URL`"
        )
    target = Path(args.path)
    if target.exists():
        raise CliError(f"{target} exists; choose a new file name")
    schema.backup_sqlite(db.engine, target)
    app.out(f"backed up to {target}")
    return 0


def cmd_db_restore(args: argparse.Namespace, app: CliApp) -> int:
    from branchcrm.db import schema

    db = app.open(check=False)
    if db.dialect != "sqlite":
        raise CliError("for a PostgreSQL database use pg_restore")
    schema.restore_sqlite(db.engine, Path(args.path))
    app.out(f"restored from {args.path}")
    return 0


# --- staff ------------------------------------------------------------------------------


def cmd_staff_add(args: argparse.Namespace, app: CliApp) -> int:
    from branchcrm.services import staff

    db = app.open(upgrade_empty=True)
    with db.session() as session:
        empty = staff.is_empty(session)
    actor = None if empty else app.actor()
    password = _new_password(f"new password for {args.login}: ")
    with db.session(actor) as session:
        staff.add_staff(
            session,
            actor,
            login=args.login,
            name=args.name,
            roles=args.role,
            password=password,
            capacity=args.capacity,
        )
    roles = ", ".join(sorted(set(args.role) | ({"admin"} if empty else set())))
    app.out(f"added {args.login} ({args.name}; {roles})")
    return 0


def cmd_staff_list(args: argparse.Namespace, app: CliApp) -> int:
    from branchcrm.services import staff

    actor = app.actor()
    with app.db.session(actor) as session:
        rows = staff.list_staff(session, actor, role=args.role, active_only=not args.all)
    if args.json:
        app.json_out([row.__dict__ for row in rows])
        return 0
    for r in rows:
        app.out(
            f"{r.login:<14} {r.name:<8} {','.join(r.roles):<22} {r.status:<11} "
            f"{r.customers:>5}/{r.capacity}"
        )
    return 0


def cmd_staff_set_status(args: argparse.Namespace, app: CliApp) -> int:
    import datetime as dt

    from branchcrm.services import staff

    actor = app.actor()
    leave_from = dt.date.fromisoformat(args.leave_from) if args.leave_from else None
    leave_to = dt.date.fromisoformat(args.leave_to) if args.leave_to else None
    with app.db.session(actor) as session:
        staff.set_status(
            session, actor, args.login, args.status, leave_from=leave_from, leave_to=leave_to
        )
    app.out(f"{args.login} is now {args.status}")
    return 0


# --- demo and gui -----------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, app: CliApp) -> int:
    from branchcrm.services import demo

    db = app.open(upgrade_empty=True)
    if args.if_empty:
        from sqlalchemy import func, select

        from branchcrm.db import models as m

        with db.session() as session:
            if session.scalar(select(func.count()).select_from(m.Staff)):
                app.out("the database already holds a branch; no demo data added")
                return 0

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} customers", end="", file=sys.stderr, flush=True)

    result = demo.generate_demo(
        db,
        customers=args.customers,
        managers=args.managers,
        months=args.months,
        seed=args.seed,
        progress=progress if sys.stderr.isatty() else None,
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    app.out(
        f"demo branch {result.branch_name} ({result.branch_code}): {result.customers} customers "
        f"in {result.seconds:.1f} s"
    )
    app.out(f"sign in with any of these logins; the password is {result.password}")
    for login in result.logins:
        app.out(f"  {login.login:<12} {login.name:<6} {login.role}")
    if args.notebooks != "none":
        from branchcrm.services import demo_notebooks

        folder = Path(args.notebooks) if args.notebooks else demo_notebooks.default_folder(db)
        samples = demo_notebooks.install(db, folder, login="manager1")
        app.out(
            f"manager1's notebook {samples.imported.name} was imported "
            f"({samples.review_items} items wait in the review queue);"
        )
        app.out(f"try the import wizard on {samples.for_wizard}")
    return 0


def cmd_gui(args: argparse.Namespace, app: CliApp) -> int:
    from branchcrm.app import run_gui

    password = os.environ.get("BRANCHCRM_PASSWORD") if args.user else None
    return run_gui(
        app.url,
        lang=args.lang,
        screenshot_dir=Path(args.screenshot) if args.screenshot else None,
        login=args.user,
        password=password,
    )


# --- parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="branchcrm",
        description="BranchCRM: customer files, contacts and reminders for a bank branch.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        help="database: an SQLite file or postgresql://... (default: BRANCHCRM_DB or the user data folder)",
    )
    parser.add_argument(
        "--user", help="act as this staff member (password from BRANCHCRM_PASSWORD or a prompt)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = sub.add_parser("db", help="create, upgrade, back up or restore the database")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dbsub.add_parser(
        "upgrade", help="bring the schema to the current version (backs up SQLite first)"
    ).set_defaults(handler=cmd_db_upgrade)
    dbsub.add_parser("current", help="show the schema version").set_defaults(handler=cmd_db_current)
    p = dbsub.add_parser("backup", help="copy an SQLite database to PATH (online backup)")
    p.add_argument("path")
    p.set_defaults(handler=cmd_db_backup)
    p = dbsub.add_parser("restore", help="replace an SQLite database with the backup at PATH")
    p.add_argument("path")
    p.set_defaults(handler=cmd_db_restore)

    staff = sub.add_parser("staff", help="staff accounts")
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    p = ssub.add_parser(
        "add",
        help="add a staff member (on an empty database: the first administrator, no --user needed)",
    )
    p.add_argument("login")
    p.add_argument("--name", required=True)
    p.add_argument(
        "--role",
        required=True,
        action="append",
        choices=["manager", "lobby", "supervisor", "head", "admin"],
        help="repeat for several roles",
    )
    p.add_argument("--capacity", type=int, default=400, help="customers they can serve well")
    p.set_defaults(handler=cmd_staff_add)
    p = ssub.add_parser("list", help="list staff")
    p.add_argument("--role")
    p.add_argument("--all", action="store_true", help="include departed staff")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_staff_list)
    p = ssub.add_parser("set-status", help="active, on_leave (with dates), departed, transferred")
    p.add_argument("login")
    p.add_argument("status", choices=["active", "on_leave", "departed", "transferred"])
    p.add_argument("--from", dest="leave_from", help="first day of leave (YYYY-MM-DD)")
    p.add_argument("--to", dest="leave_to", help="last day of leave (YYYY-MM-DD)")
    p.set_defaults(handler=cmd_staff_set_status)

    p = sub.add_parser("demo", help="fill an empty database with a realistic demo branch")
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--managers", type=int, default=8)
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--if-empty", action="store_true", help="do nothing (and succeed) when staff already exist"
    )
    p.add_argument(
        "--notebooks",
        metavar="DIR",
        default="",
        help="where to write the sample notebooks (one is imported for manager1); "
        "'none' for no notebooks (default: demo-notebooks beside the SQLite database file)",
    )
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("gui", help="open the workstation application (the default)")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="interface language")
    p.add_argument(
        "--screenshot", metavar="DIR", help="render each main screen to PNG in DIR and exit"
    )
    p.set_defaults(handler=cmd_gui)

    for module in (
        "branchcrm.cli_import",
        "branchcrm.cli_feeds",
        "branchcrm.cli_team",
        "branchcrm.cli_reports",
    ):
        try:
            mod = __import__(module, fromlist=["add_commands"])
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.add_commands(sub)
    return parser


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OperationalError):
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "connection failed"
        return f"database error: {reason}"
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        args.lang, args.screenshot = None, None
        handler = cmd_gui
    app: CliApp | None = None
    try:
        app = CliApp(args)
        return handler(args, app)
    except (CliError, ServiceError, SchemaError, DatabaseUrlError) as exc:
        print(f"branchcrm: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OperationalError as exc:
        print(f"branchcrm: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except SQLAlchemyError as exc:
        print(f"branchcrm: database error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("branchcrm: interrupted", file=sys.stderr)
        return 130
    finally:
        if app is not None:
            app.close()


if __name__ == "__main__":
    sys.exit(main())
