"""Schema state and upgrades through alembic, for both databases.

The application refuses a database whose schema is newer than it knows, and one that is not
a BranchCRM database, instead of touching either.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from branchcrm.db.engine import sqlite_path
from branchcrm.db.errors import SchemaError


class SchemaState(enum.Enum):
    EMPTY = "empty"
    CURRENT = "current"
    BEHIND = "behind"
    AHEAD = "ahead"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class SchemaStatus:
    state: SchemaState
    revision: str | None
    head: str

    def describe(self) -> str:
        return {
            SchemaState.EMPTY: "empty database (no BranchCRM schema yet)",
            SchemaState.CURRENT: f"schema is current ({self.revision})",
            SchemaState.BEHIND: f"schema {self.revision} is older than {self.head}: "
            "run `branchcrm db upgrade`",
            SchemaState.AHEAD: f"schema {self.revision} is newer than this BranchCRM knows "
            f"({self.head}): install the newer BranchCRM",
            SchemaState.FOREIGN: "this is not a BranchCRM database (it holds other tables)",
        }[self.state]


def migrations_dir() -> Path:
    override = os.environ.get("BRANCHCRM_MIGRATIONS")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "migrations"
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("path_separator", "os")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def status(engine: Engine) -> SchemaStatus:
    head = head_revision()
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revision = MigrationContext.configure(conn).get_current_revision()
        is_ours = "app_meta" in tables and _is_branchcrm(conn)
    if revision is None:
        user_tables = {t for t in tables if not t.startswith("sqlite_")}
        state = SchemaState.EMPTY if not user_tables else SchemaState.FOREIGN
        return SchemaStatus(state, None, head)
    if not is_ours:
        return SchemaStatus(SchemaState.FOREIGN, revision, head)
    if revision == head:
        return SchemaStatus(SchemaState.CURRENT, revision, head)
    try:
        script.get_revision(revision)
    except Exception:
        return SchemaStatus(SchemaState.AHEAD, revision, head)
    return SchemaStatus(SchemaState.BEHIND, revision, head)


def _is_branchcrm(conn: object) -> bool:
    try:
        value = conn.execute(text("SELECT value FROM app_meta WHERE key = 'app'")).scalar()  # type: ignore[attr-defined]
    except SQLAlchemyError:
        return False
    return bool(value == "branchcrm")


def check_usable(engine: Engine) -> SchemaStatus:
    """Raise :class:`SchemaError` unless the schema is exactly what this version expects."""
    current = status(engine)
    if current.state is not SchemaState.CURRENT:
        raise SchemaError(current.describe())
    return current


def upgrade(engine: Engine, *, backup: bool = True) -> tuple[SchemaStatus, Path | None]:
    """Bring an empty or older BranchCRM database to head; back up an SQLite file first."""
    before = status(engine)
    if before.state in (SchemaState.AHEAD, SchemaState.FOREIGN):
        raise SchemaError(before.describe())
    backup_path = None
    if before.state is SchemaState.BEHIND and backup:
        path = sqlite_path(engine.url.render_as_string(hide_password=False))
        if path is not None and path.exists():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup_path = path.with_name(
                f"{path.stem}.before-{before.revision}-{stamp}{path.suffix}"
            )
            backup_sqlite(engine, backup_path)
    if before.state is not SchemaState.CURRENT:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    return status(engine), backup_path


def backup_sqlite(engine: Engine, target: Path) -> None:
    """A consistent copy through SQLite's online backup API, safe while others read."""
    source_path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if source_path is None:
        raise SchemaError("backups from here work for SQLite files; for PostgreSQL use pg_dump")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source_path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def restore_sqlite(engine: Engine, source: Path) -> None:
    """Replace the database with a backup, after checking the backup is a BranchCRM database."""
    target_path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if target_path is None:
        raise SchemaError("restores from here work for SQLite files; for PostgreSQL use pg_restore")
    if not source.exists():
        raise SchemaError(f"backup file not found: {source}")
    try:
        probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            row = probe.execute("SELECT value FROM app_meta WHERE key='app'").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise SchemaError(f"{source} is not a BranchCRM backup ({exc})") from exc
    if not row or row[0] != "branchcrm":
        raise SchemaError(f"{source} is not a BranchCRM backup")
    engine.dispose()
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target_path)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def ping(engine: Engine) -> None:
    """Raise a one-line :class:`SchemaError` when the server cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise SchemaError(f"cannot reach the database: {reason}") from exc
