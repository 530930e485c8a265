"""Engines for the embedded SQLite default and a shared PostgreSQL branch database."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

APP_NAME = "BranchCRM"
NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "fuse.sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
}


class DatabaseUrlError(ValueError):
    """The database address cannot be used; the message says why in one line."""


def default_sqlite_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "branchcrm.sqlite3"


def resolve_url(explicit: str | None = None, settings_url: str | None = None) -> str:
    """``--db`` wins over ``BRANCHCRM_DB``, which wins over the settings, then the default file."""
    for candidate in (explicit, os.environ.get("BRANCHCRM_DB"), settings_url):
        if candidate:
            return normalize_url(candidate)
    path = default_sqlite_path()
    return f"sqlite:///{path}"


def normalize_url(raw: str) -> str:
    """Accept a plain file path too; PostgreSQL always goes through psycopg 3."""
    text = raw.strip()
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"not a database address: {raw!r}") from exc
    backend = url.get_backend_name()
    if backend == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise DatabaseUrlError(
            f"unsupported database {backend!r}: use an SQLite file or a postgresql:// address"
        )
    return url.render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def network_share_warning(path: Path) -> str | None:
    """SQLite corrupts on network file systems (sqlite.org, "How To Corrupt An SQLite File")."""
    target = str(path.resolve())
    if sys.platform == "win32":
        if target.startswith("\\\\"):
            return _share_message(path)
        try:
            import ctypes

            drive = target[:3]
            if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # type: ignore[attr-defined]
                return _share_message(path)
        except (AttributeError, OSError):
            return None
        return None
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, fstype = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and target.startswith(parts[1]) and len(parts[1]) >= len(best):
            best, fstype = parts[1], parts[2]
    return _share_message(path) if fstype in NETWORK_FS else None


def _share_message(path: Path) -> str:
    return (
        f"The database file {path} is on a network share. SQLite databases on network shares "
        "get corrupted when several computers use them; use a shared PostgreSQL database instead."
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _postgresql_settings(dbapi_connection: Any, _record: Any) -> None:
    """No JIT compilation: it is for long analytical queries, and here it turned a 40 ms sort
    of a branch into 650 ms (compiling took longer than the query)."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    cursor = dbapi_connection.cursor()
    cursor.execute("SET jit = off")
    cursor.close()
    dbapi_connection.autocommit = autocommit


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalize_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        # No server-side prepared statements: their generic plans ignore how selective a
        # search term or a manager is and turn 20 ms searches into 500 ms ones.
        connect_args={
            "connect_timeout": 5,
            "application_name": "branchcrm",
            "prepare_threshold": None,
        },
    )
    event.listen(engine, "connect", _postgresql_settings)
    return engine
