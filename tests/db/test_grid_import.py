"""The transcription grid's logic on SQLite and PostgreSQL: the importer's normalization per row,
duplicate hints, and saving the grid as one undoable batch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.importers import grid
from branchcrm.importers.notebook import ImportCancelled, undo_batch
from branchcrm.importers.review import list_open
from branchcrm.importers.table import field_for
from branchcrm.services.errors import PermissionDenied, ServiceError
from tests.factories import Branch, make_branch, resident_id
from tests.notebook_corpus import simple_notebook

ID_A = resident_id(1978, 5, 3, 31)
ID_B = resident_id(1990, 1, 9, 77)


@pytest.fixture
def branch(db: Database) -> Branch:
    return make_branch(db)


def count(db: Database, model: object) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def test_headers_map_to_the_grid_fields() -> None:
    assert [field_for(h) for h in grid.GRID_HEADERS] == list(grid.GRID_FIELDS)


def test_check_row_uses_the_importer_normalizers() -> None:
    c = grid.check_row(
        0, ["王 丽", "138 1234 5678", ID_A.lower(), "1978.5.3", "2012/3/15", "定期", "5万", ""]
    )
    assert c.ok and not c.blank and c.record is not None
    assert c.record.name == "王丽" and c.record.mobile == "13812345678"
    assert c.record.id_number == ID_A and c.record.amount_fen == 5_000_000
    assert c.record.visit_date == dt.date(2012, 3, 15)
    assert "13812345678" in c.result_text() and "¥50,000.00" in c.result_text()


def test_check_row_reports_problems_by_column() -> None:
    c = grid.check_row(3, ["张伟", "138****5678", "3.30602197805031E+17", "", "", "", "30-50万"])
    assert not c.ok
    assert c.column_problems(1) and c.column_problems(2) and c.column_problems(6)
    assert not c.column_problems(0)
    mismatch = grid.check_row(0, ["李娜", "", ID_A, "1980-01-01"])
    assert any("ID" in p for p in mismatch.column_problems(3) + mismatch.row_problems())


def test_degenerate_rows() -> None:
    assert grid.check_row(0, []).blank
    assert grid.check_row(0, ["", "  ", None]).blank
    nameless = grid.check_row(0, ["", "13812345678"])
    assert not nameless.ok and nameless.column_problems(0)
    assert grid.check_row(0, ["张伟", "", "", "", "", "", "", "", "extra"]).ok


def test_grid_merges_rows_of_one_person() -> None:
    checks = [
        grid.check_row(0, ["王丽", "13812345678"]),
        grid.check_row(1, ["张伟", "13800001111"]),
        grid.check_row(2, ["王 丽", "13812345678"]),
        grid.check_row(3, ["张伟", "13999998888"]),  # same name alone never merges
    ]
    assert grid.grid_merges(checks) == {2: 0}


def test_find_duplicates_masks_and_ranks(db: Database, branch: Branch) -> None:
    branch.customer(branch.m1, "王丽", mobile="13812345678", id_number=ID_A)
    branch.customer(branch.m1, "张伟", mobile="13800001111")
    checks = [
        grid.check_row(0, ["王丽", "", ID_A]),
        grid.check_row(1, ["张伟", "13800001111"]),
        grid.check_row(2, ["张伟", "13999998888"]),
        grid.check_row(3, ["赵六", "13800001111"]),
        grid.check_row(4, ["新客户", "13700000000"]),
        grid.check_row(5, []),
    ]
    with db.session(branch.m1) as s:
        found = grid.find_duplicates(s, branch.m1, checks)
    assert [d.code for d in found[0]] == ["same_id"] and found[0][0].will_match
    assert found[0][0].masked_id == ID_A[:6] + "********" + ID_A[-4:]
    assert found[1][0].code == "same_name_mobile" and found[1][0].masked_mobile == "138****1111"
    assert [d.code for d in found[2]] == ["same_name"] and not found[2][0].will_match
    assert [d.code for d in found[3]] == ["same_mobile"]
    assert 4 not in found and 5 not in found
    with db.session(branch.m1) as s:
        assert grid.find_duplicates(s, branch.m1, []) == {}


ROWS = [
    ["王丽", "13812345678", ID_A, "1978-05-03", "2012-03-15", "定期存款", "5万", "老客户"],
    ["张伟", "13800001111", "", "5月3日", "2012-04-01", "", "", ""],
    ["", "", "", "", "", "", "", ""],
    ["王 丽", "13812345678", "", "", "2012-05-20", "理财", "10万", ""],
    ["李娜", "138****5678", ID_B, "", "", "", "", ""],
    ["", "", "", "", "", "", "", ""],
]


def test_save_grid_imports_one_batch_with_review(
    db: Database, branch: Branch, tmp_path: Path
) -> None:
    result = grid.save_grid(db, branch.m1, ROWS, owner_login="m1", title="王经理 笔记本 2012")
    assert result.ok and result.batch_id
    assert result.customers_new == 3 and result.merged == 1 and result.contacts == 3
    with db.session(branch.m1) as s:
        open_items = list_open(s, branch.m1, batch_id=result.batch_id)
        batch = s.get(m.ImportBatch, result.batch_id)
        assert batch is not None and batch.owner_id == branch.m1.staff_id
        owners = set(
            s.scalars(select(m.Assignment.staff_id).where(m.Assignment.valid_to.is_(None)))
        )
    assert owners == {branch.m1.staff_id}
    masked = [i for i in open_items if i.field == "mobile"]
    assert masked and masked[0].row == 4 + 2 and masked[0].file == "王经理 笔记本 2012.csv"
    # The same grid again changes nothing.
    again = grid.save_grid(db, branch.m1, ROWS, owner_login="m1", title="again")
    assert again.batch_id is None and count(db, m.Customer) == 3
    undo_batch(db, branch.m1, result.batch_id)
    assert count(db, m.Customer) == 0


def test_save_grid_owner_rules(db: Database, branch: Branch) -> None:
    with pytest.raises(PermissionDenied):
        grid.save_grid(db, branch.m2, ROWS[:1], owner_login="m1")
    result = grid.save_grid(db, branch.supervisor, ROWS[:2], owner_login="m2")
    assert result.batch_id and result.customers_new == 2
    with db.session(branch.supervisor) as s:
        batch = s.get(m.ImportBatch, result.batch_id)
        assert batch is not None and batch.owner_id == branch.m2.staff_id
        assert batch.staff_id == branch.supervisor.staff_id


def test_save_grid_degenerate_and_dry_run(db: Database, branch: Branch) -> None:
    with pytest.raises(ServiceError):
        grid.save_grid(db, branch.m1, [], owner_login="m1")
    with pytest.raises(ServiceError):
        grid.save_grid(db, branch.m1, [["", ""], [None]], owner_login="m1")
    preview = grid.save_grid(db, branch.m1, ROWS[:1], owner_login="m1", dry_run=True)
    assert preview.dry_run and preview.customers_new == 1 and preview.batch_id is None
    assert count(db, m.Customer) == 0


class _Cancelled:
    cancelled = True

    def progress(self, done: int, total: int, text: str = "") -> None:
        pass


def test_cancelled_save_writes_nothing(db: Database, branch: Branch) -> None:
    with pytest.raises(ImportCancelled):
        grid.save_grid(db, branch.m1, ROWS, owner_login="m1", state=_Cancelled())
    assert count(db, m.Customer) == 0 and count(db, m.ImportBatch) == 0


def test_sample_rows_reads_only_the_first_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [f"王{chr(0x4E3D + i)}", f"138{i:08d}", "", "2012-03-15", "n"] for i in range(40)
    ]
    path = simple_notebook(tmp_path / "nb.xlsx", rows)
    table = grid.grid_table()  # any table will do for "no such sheet"
    assert grid.sample_rows(path, {}) == []
    from branchcrm.importers.notebook import read_notebook

    res, _recs, _probs = read_notebook(path)
    tables = {s.sheet: s.table for s in res.sheets if s.table is not None}
    samples = grid.sample_rows(path, tables, per_sheet=3)
    assert [s.row for s in samples] == [2, 3, 4]
    assert samples[0].values["name"] == "王丽" and samples[0].values["mobile"] == "13800000000"
    assert grid.sample_rows(tmp_path / "missing.xlsx", {"客户": table}) == []
