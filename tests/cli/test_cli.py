"""The command line: happy paths, and one clear line (no traceback) for every user error."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from branchcrm.cli import main

PASSWORD = "admin-pass-1"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCHCRM_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("BRANCHCRM_PASSWORD", PASSWORD)
    monkeypatch.delenv("BRANCHCRM_DB", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_first_run_creates_the_schema_and_the_first_administrator(
    db_url: str, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--db", db_url, "staff", "add", "boss", "--name", "老板", "--role", "head"
    )
    assert (code, err) == (0, "")
    assert "boss" in out and "admin" in out
    code, out, _ = run(capsys, "--db", db_url, "db", "current")
    assert code == 0 and "current" in out
    code, out, _ = run(
        capsys,
        "--db",
        db_url,
        "--user",
        "boss",
        "staff",
        "add",
        "m1",
        "--name",
        "王经理",
        "--role",
        "manager",
    )
    assert code == 0
    code, out, _ = run(capsys, "--db", db_url, "--user", "boss", "staff", "list")
    assert code == 0 and "m1" in out and "王经理" in out


def test_wrong_password_is_one_line_and_nonzero(
    db_url: str, env: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--db", db_url, "staff", "add", "boss", "--name", "老板", "--role", "head")
    monkeypatch.setenv("BRANCHCRM_PASSWORD", "not-the-password")
    code, out, err = run(capsys, "--db", db_url, "--user", "boss", "staff", "list")
    assert code == 2 and out == ""
    assert err == "branchcrm: wrong login or password\n"


def test_an_unsupported_url_is_one_line(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", "mysql://x@localhost/db", "db", "current")
    assert code == 2 and err.count("\n") == 1 and "unsupported database" in err


def test_an_unreachable_server_is_one_line(env: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", "postgresql://nobody@127.0.0.1:1/none", "db", "upgrade")
    assert code == 2 and err.count("\n") == 1 and "cannot reach the database" in err


def test_another_applications_database_is_refused_and_left_alone(
    tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    for argv in (["db", "upgrade"], ["staff", "add", "x1", "--name", "X", "--role", "admin"]):
        code, _, err = run(capsys, "--db", str(path), *argv)
        assert code == 2 and "not a BranchCRM database" in err
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables == ["invoices"]


def test_another_applications_postgresql_schema_is_refused(
    pg_url: str, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
    code, _, err = run(capsys, "--db", pg_url, "db", "upgrade")
    assert code == 2 and "not a BranchCRM database" in err
    assert inspect(engine).get_table_names() == ["invoices"]
    engine.dispose()


def test_a_newer_schema_is_refused(
    db_url: str, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", db_url, "db", "upgrade")
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    code, _, err = run(
        capsys, "--db", db_url, "staff", "add", "a1", "--name", "A", "--role", "admin"
    )
    assert code == 2 and "newer than this BranchCRM" in err


def test_backup_and_restore_an_sqlite_database(
    tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "b.sqlite3")
    backup = tmp_path / "backup.sqlite3"
    run(capsys, "--db", db, "staff", "add", "boss", "--name", "老板", "--role", "head")
    code, out, _ = run(capsys, "--db", db, "db", "backup", str(backup))
    assert code == 0 and backup.exists()
    run(
        capsys,
        "--db",
        db,
        "--user",
        "boss",
        "staff",
        "add",
        "m9",
        "--name",
        "九",
        "--role",
        "manager",
    )
    code, _, _ = run(capsys, "--db", db, "db", "restore", str(backup))
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "--user", "boss", "staff", "list")
    assert "boss" in out and "m9" not in out


def test_restore_refuses_a_file_that_is_not_a_backup(
    tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "b.sqlite3")
    run(capsys, "--db", db, "db", "upgrade")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, "--db", db, "db", "restore", str(junk))
    assert code == 2 and "not a BranchCRM backup" in err


def test_the_console_script_prints_no_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("branchcrm")
    result = subprocess.run(
        [str(exe), "--db", str(tmp_path / "x.sqlite3"), "--user", "ghost", "staff", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "BRANCHCRM_PASSWORD": "whatever-1"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("branchcrm: ")


def test_help_is_available_on_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["db", "--help"], ["staff", "add", "--help"], ["demo", "--help"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0
    assert "usage: branchcrm" in capsys.readouterr().out
