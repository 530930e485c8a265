"""`branchcrm report kpi` writes a ranking workbook with a chart; names never become formulas."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from branchcrm.cli import main
from branchcrm.db.session import Database
from branchcrm.services import staff
from tests.factories import PASSWORD, make_branch


def test_kpi_report(
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    b = make_branch(db)
    with db.session(b.admin) as s:
        staff.add_staff(
            s, b.admin, login="evil", name="=HYPERLINK(1)", roles=["manager"], password=PASSWORD
        )
    b.customer(b.m1, "甲")
    url = db.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("BRANCHCRM_PASSWORD", PASSWORD)
    out = tmp_path / "kpi.xlsx"
    code = main(
        ["--db", url, "--user", "sup", "report", "kpi", "--period", "2026-Q4", "--out", str(out)]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    wb = load_workbook(out)
    ws = wb["KPI"]
    names = [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)]
    assert set(names) == {"王经理", "刘经理", "陈经理", "=HYPERLINK(1)"}
    evil = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "evil")
    assert ws.cell(evil, 3).data_type == "s"
    assert len(ws._charts) == 1


def test_kpi_report_needs_a_supervisor(
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_branch(db)
    url = db.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("BRANCHCRM_PASSWORD", PASSWORD)
    code = main(
        [
            "--db",
            url,
            "--user",
            "m1",
            "report",
            "kpi",
            "--period",
            "2026-13",
            "--out",
            str(tmp_path / "x.xlsx"),
        ]
    )
    assert code == 2
    assert capsys.readouterr().err.count("\n") == 1
