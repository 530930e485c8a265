"""Opening a database from the workstation: empty is created, older is upgraded only on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command

from branchcrm.app import open_database
from branchcrm.db import schema
from branchcrm.db.engine import make_engine


def _old_database(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    cfg = schema.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    return url


def test_an_empty_file_becomes_a_current_database(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert schema.status(db.engine).state is schema.SchemaState.CURRENT
    db.dispose()


def test_an_older_database_is_upgraded_only_when_the_user_agrees(tmp_path: Path) -> None:
    url = _old_database(tmp_path / "old.sqlite3")
    asked: list[str] = []
    with pytest.raises(schema.SchemaError, match="older"):
        open_database(url, ask_upgrade=lambda text: asked.append(text) or False)
    assert len(asked) == 1
    db = open_database(url, ask_upgrade=lambda _text: True)
    assert schema.status(db.engine).state is schema.SchemaState.CURRENT
    db.dispose()
    assert list(tmp_path.glob("old.before-0001-*.sqlite3")), "the old file is backed up first"


def test_without_a_person_to_ask_an_older_database_is_refused(tmp_path: Path) -> None:
    url = _old_database(tmp_path / "old.sqlite3")
    with pytest.raises(schema.SchemaError, match="branchcrm db upgrade"):
        open_database(url)


def test_the_revision_the_workstation_knows_is_alembics_head() -> None:
    from branchcrm import app

    assert schema.head_revision() == app.SCHEMA_REVISION, (
        "a new migration: set branchcrm.app.SCHEMA_REVISION to its revision"
    )


def test_a_current_database_opens_without_loading_alembic(tmp_path: Path) -> None:
    """alembic, mako and the PostgreSQL dialect would stay resident (~18 MB) for nothing."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'current.sqlite3'}"
    open_database(url).dispose()  # created at head
    probe = (
        "import sys\n"
        "from branchcrm.app import open_database\n"
        f"open_database({url!r}).dispose()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako'))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
