"""Composition root of the workstation application.

QApplication, font, translators, settings, the database (with its schema checked), sign-in and
the main window are put together here and nowhere else.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from branchcrm.db.engine import (
    DatabaseUrlError,
    make_engine,
    network_share_warning,
    resolve_url,
    sqlite_path,
)
from branchcrm.db.session import Database
from branchcrm.gui import settings as keys
from branchcrm.gui.i18n import LANGUAGES, apply_font, install_translators, tr
from branchcrm.gui.settings import Settings
from branchcrm.tasks import TaskRunner

CTX = "Application"
# The newest migration (migrations/versions): a database stamped with it is opened without
# loading alembic. tests/gui/test_open_database.py keeps it equal to alembic's head.
SCHEMA_REVISION = "0005"


def make_app(lang: str) -> QApplication:
    from branchcrm.gui.warmup import lean_import_hook

    lean_import_hook()  # before the screens' modules are imported
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # 150 % stays 1.5 (not rounded to 2); icons are drawn for the exact ratio.
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("BranchCRM")
    app.setApplicationName("BranchCRM")
    app.setApplicationDisplayName("BranchCRM")
    apply_font(app)
    from branchcrm.gui.icons import app_icon

    app.setWindowIcon(app_icon())
    install_translators(app, lang)
    return app


def open_database(url: str, *, ask_upgrade: Callable[[str], bool] | None = None) -> Database:
    """Connect and check the schema. An empty database is created at the current version; an
    older one is upgraded (SQLite backed up first) only when ``ask_upgrade`` agrees."""
    engine = make_engine(url)
    if _stamped_current(engine):
        return Database(engine)
    from branchcrm.db import schema  # alembic, mako and the PostgreSQL dialect: ~18 MB

    schema.ping(engine)
    state = schema.status(engine)
    if state.state is schema.SchemaState.EMPTY:
        schema.upgrade(engine)
    elif state.state is schema.SchemaState.BEHIND and ask_upgrade is not None:
        if not ask_upgrade(state.describe()):
            raise schema.SchemaError(state.describe())
        schema.upgrade(engine)
    else:
        schema.check_usable(engine)
    return Database(engine)


def _stamped_current(engine: Engine) -> bool:
    """The everyday case, told with two plain queries instead of alembic (which would stay
    resident, ~18 MB, in a process that never needs it again): a BranchCRM database stamped
    with the newest revision. Anything else takes the full check."""
    try:
        with engine.connect() as conn:
            stamps = conn.execute(text("SELECT version_num FROM alembic_version")).all()
            app = conn.execute(text("SELECT value FROM app_meta WHERE key = 'app'")).scalar()
    except SQLAlchemyError:
        return False
    return [tuple(r) for r in stamps] == [(SCHEMA_REVISION,)] and app == "branchcrm"


def _share_warning(url: str, headless: bool) -> None:
    """SQLite on a network share corrupts; say so plainly and point to PostgreSQL."""
    path = sqlite_path(url)
    warning = network_share_warning(path) if path is not None else None
    if warning is None:
        return
    print(f"branchcrm: warning: {warning}", file=sys.stderr)
    if not headless:
        QMessageBox.warning(None, tr(CTX, "Database on a network share"), warning)


def _ask_upgrade(headless: bool) -> Callable[[str], bool] | None:
    if headless:
        return None

    def ask(description: str) -> bool:
        answer = QMessageBox.question(
            None,
            tr(CTX, "Upgrade the database?"),
            tr(CTX, "%1\n\nUpgrade it now? An SQLite file is backed up first.").replace(
                "%1", description
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    return ask


def _fail(message: str, headless: bool) -> int:
    print(f"branchcrm: {message}", file=sys.stderr)
    if not headless:
        QMessageBox.critical(None, tr(CTX, "BranchCRM cannot start"), message)
    return 2


def run_gui(
    db_url: str | None,
    *,
    lang: str | None,
    screenshot_dir: Path | None,
    login: str | None,
    password: str | None,
    settings_path: Path | None = None,
) -> int:
    """Open the workstation; with ``screenshot_dir``, render each main screen to PNG and exit."""
    settings = Settings(settings_path)
    language = lang or settings.get(keys.LANGUAGE)
    if language not in LANGUAGES:
        language = "zh_CN"
    headless = screenshot_dir is not None
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app(language)
    try:
        url = resolve_url(db_url, settings.get(keys.DATABASE_URL) or None)
        _share_warning(url, headless)
        db = open_database(url, ask_upgrade=_ask_upgrade(headless))
    except DatabaseUrlError as exc:
        return _fail(str(exc), headless)
    except Exception as exc:  # a refused server or an unusable schema: one line, no traceback
        from branchcrm.db.schema import SchemaError

        if isinstance(exc, SchemaError):
            return _fail(str(exc), headless)
        return _fail(tr(CTX, "Cannot open the database: %1").replace("%1", str(exc)), headless)
    runner = TaskRunner(app)
    try:
        if headless:
            assert screenshot_dir is not None
            from branchcrm.gui.screenshots import capture_all

            return capture_all(db, settings, runner, screenshot_dir, login, password)
        return _interactive(app, db, settings, runner, login, password)
    finally:
        runner.cancel_all()
        runner.wait(10000)
        db.dispose()


def _interactive(
    app: QApplication,
    db: Database,
    settings: Settings,
    runner: TaskRunner,
    login: str | None,
    password: str | None,
) -> int:
    from branchcrm.gui.workstation import Workstation
    from branchcrm.services import auth, staff
    from branchcrm.services.errors import SignInError

    with db.session() as session:
        empty = staff.is_empty(session)
    if empty:
        return _fail(
            tr(
                CTX,
                "This database has no staff accounts yet. Add the first "
                "administrator with: branchcrm staff add LOGIN --name NAME "
                "--role admin",
            ),
            False,
        )
    station = Workstation(db, settings, runner)
    station.finished.connect(app.quit)
    app.setQuitOnLastWindowClosed(False)
    from PySide6.QtCore import QTimer

    from branchcrm.gui.warmup import warm_up

    QTimer.singleShot(0, warm_up)  # runs while the sign-in dialog waits for the password
    if login and password:
        try:
            with db.session() as session:
                actor = auth.sign_in(session, login, password)
        except SignInError:
            station.ask_sign_in()
        else:
            station.start(actor)
    else:
        station.ask_sign_in()
    code = app.exec()
    settings.sync()
    return int(code)
