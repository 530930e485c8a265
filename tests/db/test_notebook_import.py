"""Notebook import on SQLite and PostgreSQL: merge, match, review, idempotence and undo."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from branchcrm.cli_import import add_commands
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.idnumber import make_resident_id
from branchcrm.domain.roles import Role
from branchcrm.importers import review
from branchcrm.importers.notebook import (
    ImportCancelled,
    ImportState,
    import_notebooks,
    undo_batch,
)
from branchcrm.importers.review import ReviewRow
from branchcrm.services.errors import ConflictError, NotFound, PermissionDenied, ValidationError

sys.path.insert(0, str(Path(__file__).parents[1]))
from notebook_corpus import ID_LI, ID_WANG, ID_ZHANG, messy_notebook, simple_notebook


def staff(db: Database, login: str, role: Role, branch_code: str = "B1") -> Actor:
    with db.session(Actor.system()) as s:
        branch = s.scalar(select(m.Branch).where(m.Branch.code == branch_code))
        if branch is None:
            branch = m.Branch(code=branch_code, name=branch_code)
            s.add(branch)
            s.flush()
        person = m.Staff(branch_id=branch.id, login=login, name=login, password_hash="x")
        s.add(person)
        s.flush()
        s.add(m.StaffRole(staff_id=person.id, role=role.value))
        return Actor(person.id, login, login, frozenset({role}), branch.id)


@pytest.fixture
def wangli(db: Database) -> Actor:
    return staff(db, "wangli", Role.MANAGER)


def count(db: Database, model: Any) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def customers(db: Database) -> dict[str, m.Customer]:
    with db.session() as s:
        return {f"{c.name}:{c.mobile}": c for c in s.scalars(select(m.Customer))}


def test_messy_notebook_merges_people_and_queues_doubts(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    result = import_notebooks(
        db, wangli, [messy_notebook(tmp_path / "nb.xlsx")], owner_login="wangli"
    )
    assert result.ok and result.batch_id
    found = customers(db)
    # 王丽 on two sheets (merged-down name, same ID) is one customer with three visits.
    wang = found["王丽:13812345678"]
    assert wang.id_number == ID_WANG and wang.birth_date == dt.date(1978, 5, 3)
    assert wang.risk_level == "C2" and wang.search_text and wang.short_keys
    # Two people called 张伟 with different phones stay two customers.
    assert {k for k in found if k.startswith("张伟")} == {"张伟:13800001111", "张伟:13999998888"}
    assert found["张伟:13800001111"].id_number == ID_ZHANG
    assert found["张伟:13800001111"].notes == "老客户"
    assert (found["张伟:13999998888"].birth_month, found["张伟:13999998888"].birth_day) == (5, 3)
    assert found["钱七:None"].other_phones == "057188001234"
    with db.session() as s:
        visits = s.scalars(
            select(m.Contact)
            .where(m.Contact.customer_id == wang.id)
            .order_by(m.Contact.occurred_at)
        ).all()
        assert [
            (v.occurred_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date(), v.amount_fen)
            for v in visits
        ] == [
            (dt.date(2012, 3, 15), 5_000_000),
            (dt.date(2012, 4, 2), 12_500_000),
            (dt.date(2013, 1, 5), 12_000_000),
        ]
        assert {v.channel for v in visits} == {"visit"}
        owners = s.execute(
            select(m.Assignment.role, m.Assignment.share_bp, m.Assignment.staff_id).where(
                m.Assignment.customer_id == wang.id
            )
        ).all()
        assert owners == [("primary", 10000, wangli.staff_id)]
        codes = {(r.code, r.field) for r in s.scalars(select(m.ReviewItem))}
    assert {
        ("id_destroyed", "id_number"),
        ("phone_multiple", "mobile"),
        ("amount_range", "contacts.amount_cny"),
        ("amount_approximate", "contacts.amount_cny"),
        ("phone_masked", "mobile"),
        ("amount_negative", "contacts.amount_cny"),
        ("cell_too_long", "contacts.note"),
        ("risk_unknown", "risk_level"),
    } <= codes
    assert count(db, m.Customer) == 6


def test_dry_run_previews_and_writes_nothing(db: Database, wangli: Actor, tmp_path: Path) -> None:
    result = import_notebooks(
        db, wangli, [messy_notebook(tmp_path / "nb.xlsx")], owner_login="wangli", dry_run=True
    )
    assert result.batch_id is None and result.customers_new == 6 and result.contacts == 8
    sheet = {s["sheet"]: s for s in result.as_json()["sheets"]}
    assert sheet["2012年"]["new"] == 4 and sheet["2012年"]["merged"] == 1
    assert sheet["填写说明"]["status"] == "no_data"
    assert count(db, m.Customer) == count(db, m.ImportBatch) == count(db, m.ReviewItem) == 0


def test_reimporting_the_same_file_changes_nothing(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    f = messy_notebook(tmp_path / "nb.xlsx")
    first = import_notebooks(db, wangli, [f], owner_login="wangli")
    before = (count(db, m.Customer), count(db, m.Contact), count(db, m.ReviewItem))
    again = import_notebooks(db, wangli, [f], owner_login="wangli")
    assert again.ok and again.customers_new == 0 and again.files[0].already_batch == first.batch_id
    assert (count(db, m.Customer), count(db, m.Contact), count(db, m.ReviewItem)) == before


def test_existing_customers_are_matched_filled_but_never_overwritten(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    with db.session(wangli) as s:
        s.add(
            m.Customer(
                branch_id=wangli.branch_id,
                name="王丽",
                mobile="13812345678",
                address="杭州市上城区",
                id_type="resident_id",
                id_number=ID_WANG,
            )
        )
    f = simple_notebook(
        tmp_path / "a.xlsx",
        [["王 丽", "13812345678", ID_WANG, "2014-1-1", "回访"]],
        header=("姓名", "手机", "身份证号码", "来行日期", "备注"),
    )
    g = simple_notebook(
        tmp_path / "b.xlsx",
        [["王丽", "13812345678", None, "2014-2-1", "西湖区"]],
        header=("姓名", "手机", "身份证号码", "来行日期", "地址"),
    )
    result = import_notebooks(db, wangli, [f, g], owner_login="wangli")
    assert (result.customers_new, result.customers_matched) == (0, 1)
    assert count(db, m.Customer) == 1
    stored = customers(db)["王丽:13812345678"]
    assert stored.address == "杭州市上城区"
    assert stored.birth_date == dt.date(1978, 5, 3)  # was empty: filled
    assert [(p.code, p.field) for p in result.review] == [("stored_conflict", "address")]
    assert result.review[0].raw == "西湖区"


def test_same_name_alone_never_merges(db: Database, wangli: Actor, tmp_path: Path) -> None:
    with db.session(wangli) as s:
        s.add(m.Customer(branch_id=wangli.branch_id, name="李娜", mobile="13700000000"))
    f = simple_notebook(
        tmp_path / "a.xlsx",
        [
            ["李娜", None, None, "2014-1-1", "a"],
            ["李娜", None, None, "2014-1-2", "b"],
            ["李娜", "13711111111", None, None, "c"],
        ],
    )
    result = import_notebooks(db, wangli, [f], owner_login="wangli")
    assert result.customers_new == 3 and result.customers_matched == 0
    assert count(db, m.Customer) == 4


def test_undo_removes_what_the_batch_created_unless_touched(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    with db.session(wangli) as s:
        s.add(m.Customer(branch_id=wangli.branch_id, name="王丽", mobile="13812345678"))
    f = simple_notebook(
        tmp_path / "a.xlsx",
        [
            ["王丽", "13812345678", ID_WANG, "2014-1-1", "x"],
            ["赵敏", "13900000000", None, "2014-1-1", "y"],
            ["周芷若", "13900000001", None, "2014-1-1", "z"],
        ],
    )
    batch = import_notebooks(db, wangli, [f], owner_login="wangli").batch_id
    assert batch is not None and count(db, m.Customer) == 3
    with db.session(wangli) as s:  # someone edits 周芷若 after the import
        zhou = s.scalar(select(m.Customer).where(m.Customer.name == "周芷若"))
        assert zhou is not None
        zhou.address = "峨眉"
    r = undo_batch(db, wangli, batch)
    assert (r.customers_deleted, r.customers_kept) == (1, 1) and r.fields_restored >= 1
    left = customers(db)
    assert set(left) == {"王丽:13812345678", "周芷若:13900000001"}
    assert left["王丽:13812345678"].id_number is None  # the filled ID is taken back
    assert count(db, m.Contact) == 0
    with db.session() as s:
        assert s.scalar(select(m.ImportBatch.undone_at).where(m.ImportBatch.id == batch))
    # After an undo the same file may be imported again.
    assert import_notebooks(db, wangli, [f], owner_login="wangli").customers_new == 1


def test_broken_file_is_reported_and_the_good_one_still_imports(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    good = simple_notebook(tmp_path / "good.xlsx", [["王丽", "13812345678", None, None, None]])
    result = import_notebooks(db, wangli, [bad, good], owner_login="wangli")
    assert [f.status for f in result.files] == ["error", "imported"]
    assert result.files[0].error and result.files[0].error.startswith("broken.xlsx")
    assert not result.ok and count(db, m.Customer) == 1


def test_cancelled_or_failed_import_leaves_the_database_unchanged(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    f = messy_notebook(tmp_path / "nb.xlsx")
    state = ImportState()

    def cancel_when_writing(what: str, _rows: int) -> None:
        if what.startswith("writing customers"):
            state.cancel()

    state.on_progress = cancel_when_writing
    with pytest.raises(ImportCancelled):
        import_notebooks(db, wangli, [f], owner_login="wangli", state=state)
    assert count(db, m.Customer) == count(db, m.ImportBatch) == count(db, m.Contact) == 0


def test_a_manager_cannot_import_for_someone_else(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    staff(db, "zhaoming", Role.MANAGER)
    f = simple_notebook(tmp_path / "a.xlsx", [["王丽", "13812345678", None, None, None]])
    with pytest.raises(PermissionDenied):
        import_notebooks(db, wangli, [f], owner_login="zhaoming")
    boss = staff(db, "boss", Role.SUPERVISOR)
    assert import_notebooks(db, boss, [f], owner_login="zhaoming").customers_new == 1


# ---------------------------------------------------------------- CLI handlers


class FakeApp:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db, self._actor = db, actor
        self.lines: list[str] = []

    def actor(self) -> Actor:
        return self._actor

    def out(self, text: str) -> None:
        self.lines.append(text)


def run(app: FakeApp, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args, app))


def test_cli_import_json_review_undo_and_export(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    app = FakeApp(db, wangli)
    f = messy_notebook(tmp_path / "nb.xlsx")
    report = tmp_path / "review.xlsx"
    assert (
        run(
            app,
            "import",
            "notebook",
            str(f),
            "--owner",
            "wangli",
            "--json",
            "--report",
            str(report),
        )
        == 0
    )
    data = json.loads(app.lines[-1])
    assert set(data) >= {
        "batch_id",
        "files",
        "customers_new",
        "customers_matched",
        "contacts",
        "review",
        "rejected",
    }
    assert data["files"] == [{"file": "nb.xlsx", "status": "imported", "error": None}]
    assert set(data["review"][0]) == {
        "file",
        "sheet",
        "row",
        "column",
        "field",
        "raw",
        "code",
        "reason",
    }
    ws = load_workbook(report).active
    header = [c.value for c in ws[1]]
    assert header == ["file", "sheet", "row", "column", "field", "raw", "code", "reason"]
    assert ws.max_row == len(data["review"]) + 1

    assert run(app, "import", "review", "--json") == 0
    assert len(json.loads(app.lines[-1])) == len(data["review"])

    out = tmp_path / "c.json"
    assert run(app, "export", "customers", "--format", "json", "--out", str(out)) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    wang = next(c for c in exported if c["name"] == "王丽")
    assert wang["birthday"] == "1978-05-03" and wang["birthday_month_day"] == "05-03"
    assert wang["primary_manager"] == "wangli" and wang["secondary_manager"] is None
    assert wang["contacts"][0] == {
        "date": "2012-03-15",
        "channel": "visit",
        "product": "定期存款",
        "amount_cny": "50000.00",
        "note": "老客户",
    }
    # Another manager sees none of them; a supervisor of the branch sees all.
    other = FakeApp(db, staff(db, "zhaoming", Role.MANAGER))
    run(other, "export", "customers", "--format", "json", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == []
    run(
        FakeApp(db, staff(db, "boss", Role.SUPERVISOR)),
        "export",
        "customers",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "c.csv"),
    )
    assert (tmp_path / "c.csv").read_text(encoding="utf-8-sig").count("\n") == 7

    assert run(app, "import", "undo", str(data["batch_id"])) == 0
    assert count(db, m.Customer) == 0


def test_cli_exit_code_is_non_zero_when_a_file_fails(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    bad = tmp_path / "locked.xlsx"
    bad.write_bytes(b"")
    app = FakeApp(db, wangli)
    assert run(app, "import", "notebook", str(bad), "--owner", "wangli", "--json") == 1
    assert json.loads(app.lines[-1])["files"][0]["status"] == "error"


def test_export_cells_that_look_like_formulas_stay_text(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    f = tmp_path / "a.csv"
    f.write_text(
        "姓名,手机,来行日期,备注,地址\n"
        '王丽,13812345678,2014-1-1,"=HYPERLINK(""http://x"")",@SUM(1+1)\n',
        encoding="utf-8",
    )
    import_notebooks(db, wangli, [f], owner_login="wangli")
    app = FakeApp(db, wangli)
    run(app, "export", "customers", "--format", "xlsx", "--out", str(tmp_path / "o.xlsx"))
    wb = load_workbook(tmp_path / "o.xlsx")
    assert wb["contacts"]["G2"].value == '=HYPERLINK("http://x")'
    assert wb["contacts"]["G2"].data_type == "s"
    run(app, "export", "customers", "--format", "csv", "--out", str(tmp_path / "o.csv"))
    assert ",'@SUM(1+1)," in (tmp_path / "o.csv").read_text(encoding="utf-8-sig")


# ---------------------------------------------------------------- review queue resolution


def _imported_messy(db: Database, owner: Actor, tmp_path: Path) -> int:
    result = import_notebooks(
        db, owner, [messy_notebook(tmp_path / "nb.xlsx")], owner_login=owner.login
    )
    assert result.batch_id is not None
    return result.batch_id


def _item(db: Database, actor: Actor, code: str) -> ReviewRow:
    with db.session(actor) as s:
        return next(r for r in review.list_open(s, actor) if r.code == code)


def test_review_queue_is_visible_to_the_owner_the_branch_and_who_serves_the_customer(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    batch_id = _imported_messy(db, wangli, tmp_path)
    with db.session(wangli) as s:
        mine = review.list_open(s, wangli)
        assert mine and {r.batch_id for r in mine} == {batch_id}
        assert {r.status for r in mine} == {"open"} and {r.version for r in mine} == {1}
        assert len(review.list_open(s, wangli, limit=3)) == 3
        assert review.list_open(s, wangli, batch_id=batch_id + 1) == []
    boss = staff(db, "boss", Role.SUPERVISOR)
    stranger = staff(db, "zhaoming", Role.MANAGER)
    elsewhere = staff(db, "far", Role.SUPERVISOR, branch_code="B2")
    with db.session(boss) as s:
        assert [r.id for r in review.list_open(s, boss)] == [r.id for r in mine]
    with db.session(stranger) as s:
        assert review.list_open(s, stranger) == []
    with db.session(elsewhere) as s:
        assert review.list_open(s, elsewhere) == []
    # A manager who comes to serve 李娜 sees the items about her, and only those.
    li_na = _item(db, wangli, "id_destroyed").customer_id
    assert li_na is not None
    with db.session(Actor.system()) as s:
        s.add(
            m.Assignment(
                customer_id=li_na,
                staff_id=stranger.staff_id,
                role="secondary",
                share_bp=0,
                valid_from=dt.datetime.now(dt.UTC),
            )
        )
    with db.session(stranger) as s:
        theirs = review.list_open(s, stranger)
    assert theirs and {r.customer_id for r in theirs} == {li_na}


def test_a_corrected_value_is_validated_and_applied_to_the_customer(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    _imported_messy(db, wangli, tmp_path)
    item = _item(db, wangli, "id_destroyed")
    assert item.field == "id_number" and item.customer_id is not None
    # A wrong check digit, or an ID another customer already has, is refused; nothing changes.
    with pytest.raises(ValidationError), db.session(wangli) as s:
        review.accept(s, wangli, item.id, item.version, ID_LI[:-1] + "0")
    with pytest.raises(ValidationError, match="another customer"), db.session(wangli) as s:
        review.accept(s, wangli, item.id, item.version, ID_LI)
    fixed_id = make_resident_id("320102", dt.date(1990, 1, 9), 78)
    with db.session(wangli) as s:
        review.accept(s, wangli, item.id, item.version, fixed_id.lower())
    with db.session() as s:
        li = s.get(m.Customer, item.customer_id)
        done = s.get(m.ReviewItem, item.id)
        assert li is not None and done is not None
        assert (li.id_type, li.id_number, li.birth_date) == (
            "resident_id",
            fixed_id,
            dt.date(1990, 1, 9),
        )
        assert fixed_id.lower() in li.search_text
        assert (done.status, done.resolved_by, done.version) == ("fixed", wangli.staff_id, 2)
        assert done.resolved_at is not None
    with db.session(wangli) as s:
        assert item.id not in {r.id for r in review.list_open(s, wangli)}

    phones = _item(db, wangli, "phone_multiple")
    with db.session(wangli) as s:
        review.accept(s, wangli, phones.id, phones.version, "139 0000 1111")
    with db.session() as s:
        customer = s.get(m.Customer, phones.customer_id)
        assert customer is not None and customer.mobile == "13900001111"


def test_accept_as_is_and_dismiss_close_items_without_touching_customers(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    _imported_messy(db, wangli, tmp_path)
    before = {k: c.version for k, c in customers(db).items()}
    masked = _item(db, wangli, "phone_masked")
    risk = _item(db, wangli, "risk_unknown")
    with db.session(wangli) as s:
        review.accept(s, wangli, masked.id, masked.version)
        review.dismiss(s, wangli, risk.id, risk.version)
    with db.session() as s:
        statuses = {s.get(m.ReviewItem, i).status for i in (masked.id, risk.id)}  # type: ignore[union-attr]
    assert statuses == {"accepted", "dismissed"}
    assert {k: c.version for k, c in customers(db).items()} == before


def test_resolving_an_item_someone_else_resolved_first_is_a_conflict(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    _imported_messy(db, wangli, tmp_path)
    boss = staff(db, "boss", Role.SUPERVISOR)
    item = _item(db, wangli, "risk_unknown")
    with db.session(boss) as s:
        review.dismiss(s, boss, item.id, item.version)
    with pytest.raises(ConflictError) as err, db.session(wangli) as s:
        review.accept(s, wangli, item.id, item.version, "C2")
    assert err.value.version == 2 and err.value.theirs["status"] == "dismissed"


def test_items_others_may_not_see_cannot_be_resolved(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    _imported_messy(db, wangli, tmp_path)
    item = _item(db, wangli, "risk_unknown")
    stranger = staff(db, "zhaoming", Role.MANAGER)
    with pytest.raises(NotFound), db.session(stranger) as s:
        review.dismiss(s, stranger, item.id, item.version)
    not_fixable = _item(db, wangli, "amount_range")
    with pytest.raises(ValidationError, match="customer file"), db.session(wangli) as s:
        review.accept(s, wangli, not_fixable.id, not_fixable.version, "300000")


def test_hidden_sheets_and_columns_are_named_never_dropped(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    wb = Workbook()
    info = wb.active
    info.title = "统计"
    info.append(["本月来访", 12])
    info.append(["合计金额", "=SUM(B1:B1)"])
    ws = wb.create_sheet("2012年")
    ws.append(["姓名", "手机", "身份证号码", "内部编号"])
    ws.append(["王丽", "13812345678", ID_WANG, "A-1"])
    ws.column_dimensions["C"].hidden = True
    ws.column_dimensions["D"].hidden = True
    old = wb.create_sheet("旧客户")
    old.sheet_state = "hidden"
    old.append(["姓名", "手机"])
    old.append(["张伟", "13800001111"])
    empty = wb.create_sheet("空白")
    empty.sheet_state = "hidden"
    path = tmp_path / "hidden.xlsx"
    wb.save(path)

    app = FakeApp(db, wangli)
    report = tmp_path / "report.xlsx"
    argv = ["import", "notebook", str(path), "--owner", "wangli", "--dry-run"]
    assert run(app, *argv, "--json", "--report", str(report)) == 0
    data = json.loads(app.lines[-1])
    sheets = {s["sheet"]: s for s in data["sheets"]}
    assert sheets["统计"]["status"] == "no_data"
    assert any("no table of customers" in n for n in sheets["统计"]["notes"])
    assert sheets["旧客户"]["hidden"] and sheets["旧客户"]["new"] == 1
    assert any("'旧客户' is hidden" in n for n in sheets["旧客户"]["notes"])
    assert sheets["空白"]["status"] == "no_data"
    assert any("is hidden" in n for n in sheets["空白"]["notes"])
    assert sheets["2012年"]["hidden_columns"] == ["身份证号码", "内部编号"]
    assert any("'内部编号' is hidden; not used" in n for n in sheets["2012年"]["notes"])
    found = {(r["sheet"], r["column"], r["code"]) for r in data["review"]}
    assert ("旧客户", None, "sheet_hidden") in found
    assert ("2012年", "身份证号码", "column_hidden") in found
    assert data["customers_new"] == 2  # nothing hidden was dropped
    ws = load_workbook(report).active
    assert {ws.cell(r, 7).value for r in range(2, ws.max_row + 1)} >= {
        "sheet_hidden",
        "column_hidden",
    }
    # The plain text output names them too.
    assert run(app, *argv) == 0
    text = "\n".join(app.lines)
    assert "note: sheet '旧客户' is hidden" in text and "no table of customers" in text
    assert count(db, m.Customer) == 0


def test_imported_rows_are_searchable_and_audited_as_the_session_hooks_would(
    db: Database, wangli: Actor, tmp_path: Path
) -> None:
    """Bulk writes bypass the ORM hooks: the importer writes the same search keys and the
    same field-level audit rows (attributed to the signed-in staff member) itself."""
    from branchcrm.db import hooks
    from branchcrm.services.search import search_customer_ids

    with db.session(wangli) as s:  # stored before: matched, and its empty fields filled
        s.add(m.Customer(branch_id=wangli.branch_id, name="王丽", mobile="13812345678"))
    result = import_notebooks(
        db, wangli, [messy_notebook(tmp_path / "nb.xlsx")], owner_login="wangli"
    )
    assert result.batch_id and result.customers_new == 5 and result.customers_matched == 1
    with db.session() as s:
        audit = {
            (a.entity, a.entity_id, a.action): a
            for a in s.scalars(select(m.AuditLog).where(m.AuditLog.entity != "import_batch"))
        }
        new = list(s.scalars(select(m.Customer).where(m.Customer.source.is_not(None))))
        contacts = list(s.scalars(select(m.Contact)))
        assert len(new) == 5 and len(contacts) == result.contacts
        for row in [*new, *contacts]:
            entry = audit.pop((row.__tablename__, str(row.id), "insert"))
            assert (entry.staff_id, entry.workstation) == (wangli.staff_id, wangli.workstation)
            # What the after_flush hook records for an ORM insert of this very row, to the
            # character.
            expected = hooks._changes(row, "insert")
            assert json.loads(entry.changes) == expected
            assert entry.changes == json.dumps(expected, ensure_ascii=False)
        for c in new:
            fresh = m.Customer(**{k: getattr(c, k) for k in ("name", "mobile", "other_phones")})
            for k in ("id_number", "birth_date", "birth_month", "address", "risk_level"):
                setattr(fresh, k, getattr(c, k))
            fresh.occupation, fresh.employer, fresh.gender = c.occupation, c.employer, c.gender
            hooks.customer_keys(fresh)
            assert (c.search_text, c.short_keys, c.completeness) == (
                fresh.search_text,
                fresh.short_keys,
                fresh.completeness,
            )
        wang = s.scalar(select(m.Customer).where(m.Customer.source.is_(None)))
        assert wang is not None and wang.id_number == ID_WANG
        update = audit.pop(("customer", str(wang.id), "update"))
        changes = json.loads(update.changes)
        assert changes["id_number"] == [None, ID_WANG]
        assert changes["birth_date"] == [None, "1978-05-03"]
        assert not set(changes) & hooks.SILENT_FIELDS
        # No other customer or contact row was audited (王丽 was added through the ORM).
        left = {k for k in audit if k[0] in ("customer", "contact")}
        assert left == {("customer", str(wang.id), "insert")}
    with db.session(wangli) as s:
        for term in ("钱七", "qianqi", "qq", "王丽", "wl"):
            assert search_customer_ids(s, wangli, term), term


def test_sqlite_search_trigger_is_back_after_an_import_and_after_a_cancelled_one(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """The importer indexes new customers for search itself, with the trigger suspended
    inside its transaction: afterwards (or after a rollback) it is there as before."""
    from sqlalchemy import text

    from branchcrm.importers.bulk import suspend_search_trigger

    def trigger() -> str | None:
        with sqlite_db.engine.connect() as conn:
            q = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'customer_fts_ai'"
            return conn.execute(text(q)).scalar()

    before = trigger()
    with sqlite_db.session() as s:  # the migration's trigger is the one the importer knows
        assert suspend_search_trigger(s) is None  # not inside a write transaction: kept
        s.execute(text("DELETE FROM setting WHERE 1 = 0"))
        assert suspend_search_trigger(s) == before
        s.rollback()
    assert trigger() == before
    owner = staff(sqlite_db, "wangli", Role.MANAGER)
    state = ImportState()
    state.on_progress = lambda what, _n: state.cancel() if what == "writing contacts" else None
    with pytest.raises(ImportCancelled):
        import_notebooks(
            sqlite_db,
            owner,
            [messy_notebook(tmp_path / "a.xlsx")],
            owner_login="wangli",
            state=state,
        )
    assert trigger() == before and count(sqlite_db, m.Customer) == 0
    import_notebooks(sqlite_db, owner, [messy_notebook(tmp_path / "a.xlsx")], owner_login="wangli")
    assert trigger() == before
    with sqlite_db.session(owner) as s:  # later ORM inserts are indexed by the trigger again
        s.add(m.Customer(branch_id=owner.branch_id, name="欧阳娜娜", mobile="13700000001"))
    with sqlite_db.engine.connect() as conn:
        fts = conn.execute(text("SELECT count(*) FROM customer_fts")).scalar()
        keys = conn.execute(text("SELECT count(*) FROM customer_keys")).scalar()
        rows = conn.execute(text("SELECT count(*) FROM customer")).scalar()
        found = conn.execute(
            text("SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"ouyang\"'")
        ).all()
    assert fts == keys == rows == 7 and len(found) == 1
