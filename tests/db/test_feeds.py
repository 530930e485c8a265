"""Business-system feeds on a real database: matching, unknown customers, re-imports that
change nothing, all-or-nothing files, Beijing time, and daily balances -> month averages."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.importers import feeds
from branchcrm.services import catalogue
from branchcrm.services.errors import PermissionDenied, ValidationError
from tests.factories import Branch, make_branch, resident_id

ID_A = resident_id(1978, 5, 3, 31)
ID_B = resident_id(1985, 2, 28, 42)


@pytest.fixture
def branch(db: Database) -> Branch:
    b = make_branch(db)
    with db.session(b.admin) as s:
        catalogue.ensure_defaults(s, b.admin)
    return b


@pytest.fixture
def people(branch: Branch) -> dict[str, int]:
    """A: known by customer number C001 (and ID); B: known only by ID number."""
    a = branch.customer(branch.m1, "张伟", id_number=ID_A)
    b = branch.customer(branch.m1, "李娜", id_number=ID_B)
    with branch.db.session() as s:
        s.execute(update(m.Customer).where(m.Customer.id == a).values(customer_no="C001"))
    return {"A": a, "B": b}


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)
    return path


def count(db: Database, model: Any, **where: Any) -> int:
    with db.session() as s:
        q = select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return int(s.scalar(q) or 0)


TXN_HEADER = [
    "交易流水号",
    "客户号",
    "证件号码",
    "账号",
    "交易日期",
    "交易时间",
    "交易金额",
    "摘要",
]


def txn_rows() -> list[list[Any]]:
    return [
        ["系统导出：交易明细 2026-03"],  # a title row above the header
        TXN_HEADER,
        ["T0001", "C001", "", "6217001", "2026-03-04", "23:30:00", "120,000.00", "转入"],
        ["T0002", "", ID_B, "6217002", "2026/03/05", "08:00:00", "-3500.5", "消费"],
        ["T0003", "C999", "", "6217999", "2026-03-05", "09:00:00", "100", "转入"],
        ["T0004", "C999", "", "6217999", "2026-03-06", "09:00:00", "100", "转入"],
        ["T0005", "C001", "", "6217001", "2026-03-07", "10:00:00", "not money", "转入"],
    ]


def test_transactions_are_matched_by_number_or_id_and_unknowns_reported(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "txn.csv", txn_rows())
    result = feeds.import_feed(db, branch.supervisor, "transactions", [path])
    assert result.ok and result.batch_id is not None
    assert (result.rows, result.matched, result.written) == (5, 3, 2)
    assert [(u.customer_no, u.rows, u.first_row) for u in result.unknown] == [("C999", 2, 5)]
    assert [(p.row, p.code) for p in result.review] == [(7, "amount_invalid")]
    summary = result.as_json()
    assert summary["files"][0]["status"] == "imported"
    assert summary["files"][0]["header_row"] == 2
    with db.session() as s:
        t1 = s.scalars(
            select(m.AccountTransaction).where(m.AccountTransaction.source_ref == "T0001")
        ).one()
        t2 = s.scalars(
            select(m.AccountTransaction).where(m.AccountTransaction.source_ref == "T0002")
        ).one()
        codes = set(
            s.scalars(select(m.ReviewItem.code).where(m.ReviewItem.batch_id == result.batch_id))
        )
    # 23:30 in Beijing is 15:30 UTC the same day; it stays on 4 March in Beijing.
    assert t1.occurred_at == dt.datetime(2026, 3, 4, 15, 30, tzinfo=dt.UTC)
    assert t1.amount_fen == 12_000_000 and t1.customer_id == people["A"]
    assert (t2.customer_id, t2.amount_fen) == (people["B"], -350_050)
    assert codes == {"unknown_customer", "amount_invalid"}


def test_the_same_feed_twice_changes_nothing(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "txn.csv", txn_rows())
    feeds.import_feed(db, branch.supervisor, "transactions", [path])
    before = count(db, m.AccountTransaction)
    again = feeds.import_feed(db, branch.supervisor, "transactions", [path])
    assert again.batch_id is None
    assert again.files[0].status == "skipped"
    # The same rows in another order, in a new file: the references keep them single.
    rows = txn_rows()
    shuffled = write_csv(tmp_path / "txn-again.csv", [rows[1], *reversed(rows[2:])])
    third = feeds.import_feed(db, branch.supervisor, "transactions", [shuffled])
    assert (third.written, third.unchanged) == (0, 2)
    assert count(db, m.AccountTransaction) == before == 2


def test_transactions_without_references_get_stable_ones(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    header = ["客户号", "交易日期", "借方金额", "贷方金额"]
    rows = [
        header,
        ["C001", "2026-03-01 09:15:00", "", "500.00"],
        ["C001", "2026-03-01 09:15:00", "", "500.00"],  # a genuine second identical payment
        ["C001", "20260302", "80.00", ""],
    ]
    first = feeds.import_feed(
        db, branch.supervisor, "transactions", [write_csv(tmp_path / "a.csv", rows)]
    )
    assert first.written == 3
    reordered = [header, rows[3], rows[2], rows[1]]
    second = feeds.import_feed(
        db, branch.supervisor, "transactions", [write_csv(tmp_path / "b.csv", reordered)]
    )
    assert (second.written, second.unchanged) == (0, 3)
    with db.session() as s:
        amounts = sorted(s.scalars(select(m.AccountTransaction.amount_fen)))
    assert amounts == [-8000, 50000, 50000]


def test_a_bad_file_leaves_the_database_as_it_was(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    good = write_csv(tmp_path / "good.csv", txn_rows())
    bad = write_csv(
        tmp_path / "bad.csv", [["客户号", "交易日期", "备注"], ["C001", "2026-03-01", "?"]]
    )
    batches = count(db, m.ImportBatch)
    result = feeds.import_feed(db, branch.supervisor, "transactions", [good, bad])
    assert not result.ok and result.batch_id is None
    assert [f.status for f in result.files] == ["not_imported", "error"]
    assert "bad.csv" in (result.files[1].error or "")
    assert "required column" in (result.files[1].error or "")
    assert count(db, m.AccountTransaction) == 0
    assert count(db, m.ImportBatch) == batches
    assert count(db, m.ReviewItem) == 0
    # Fixed, the good file goes in: the failed attempt did not mark it as imported.
    assert feeds.import_feed(db, branch.supervisor, "transactions", [good]).written == 2


def test_an_undecodable_file_is_refused_whole(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "broken.csv"
    head = "流水号,客户号,交易日期,交易金额\n".encode()
    # Valid UTF-8 for the first megabyte (the probe), broken further on.
    body = b"".join(f"R{i},C001,2026-03-01,1.00\n".encode() for i in range(60_000))
    path.write_bytes(head + body + b"R9,C001,2026-03-01,\xff\xfe\xfa\n")
    result = feeds.import_feed(db, branch.supervisor, "transactions", [path])
    assert result.files[0].status == "error"
    assert "not valid utf-8" in (result.files[0].error or "")
    assert count(db, m.AccountTransaction) == 0


def test_gb18030_files_are_read(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "gbk.csv",
        [
            ["流水号", "客户号", "交易日期", "交易金额", "摘要"],
            ["G1", "C001", "2026-03-01", "9", "工资"],
        ],
        encoding="gb18030",
    )
    result = feeds.import_feed(db, branch.supervisor, "transactions", [path])
    assert result.written == 1
    with db.session() as s:
        assert s.scalar(select(m.AccountTransaction.description)) == "工资"


def test_xlsx_transactions_with_datetime_cells(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["流水号", "客户号", "交易日期", "交易金额"])
    ws.append(["X1", "C001", dt.datetime(2026, 2, 28, 23, 59, 59), 250000.5])
    ws.append(["X2", "C001", dt.datetime(2026, 3, 1, 0, 0, 1), -1])
    path = tmp_path / "feed.xlsx"
    wb.save(path)
    result = feeds.import_feed(db, branch.supervisor, "transactions", [path])
    assert result.written == 2
    with db.session() as s:
        got = s.execute(
            select(m.AccountTransaction.occurred_at, m.AccountTransaction.amount_fen).order_by(
                m.AccountTransaction.occurred_at
            )
        ).all()
    assert got == [
        (dt.datetime(2026, 2, 28, 15, 59, 59, tzinfo=dt.UTC), 25_000_050),
        (dt.datetime(2026, 2, 28, 16, 0, 1, tzinfo=dt.UTC), -100),
    ]


def balances(db: Database) -> dict[tuple[int, str, str], int]:
    with db.session() as s:
        rows = s.execute(
            select(
                m.PeriodBalance.customer_id,
                m.PeriodBalance.period,
                m.PeriodBalance.category,
                m.PeriodBalance.avg_balance_fen,
            )
        ).all()
    return {(c, p, k): v for c, p, k, v in rows}


def test_daily_balances_become_month_daily_averages_in_a_leap_february(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    a, b = people["A"], people["B"]
    rows = [
        ["客户号", "证件号码", "账号", "资产类别", "余额日期", "余额"],
        # Out of order; A's deposit changes on the 15th and is carried forward in between.
        ["C001", "", "6217001", "活期存款", "2028-02-15", "300.00"],
        ["C001", "", "6217001", "活期存款", "2028-02-01", "100.00"],
        ["C001", "", "TD01", "定期存款", "2028-02-01", "1000"],
        ["", ID_B, "6217002", "活期", "2028-02-29", "2900"],  # only from the last day
        ["C001", "", "6217001", "活期存款", "2028-03-31", "50"],  # a month-end snapshot
    ]
    result = feeds.import_feed(
        db, branch.supervisor, "balances", [write_csv(tmp_path / "b.csv", rows)]
    )
    assert result.periods == ["2028-02", "2028-03"]
    got = balances(db)
    assert got[(a, "2028-02", "demand_deposit")] == round((10_000 * 14 + 30_000 * 15) / 29)
    assert got[(a, "2028-02", "time_deposit")] == 100_000
    assert got[(b, "2028-02", "demand_deposit")] == 10_000  # 2,900 yuan for 1 of 29 days
    assert got[(a, "2028-03", "demand_deposit")] == 5_000
    assert result.written == 4


def test_a_balances_feed_for_a_period_imported_again_changes_nothing(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    rows = [
        ["月份", "客户号", "资产类别", "月日均余额"],
        ["2026-01", "C001", "基金", "5000"],
        ["2026-01", "C001", "理财", "7000"],
        ["2025-12", "C001", "基金", "4000"],  # an older month in the same file
    ]
    first = feeds.import_feed(
        db, branch.supervisor, "balances", [write_csv(tmp_path / "m.csv", rows)]
    )
    assert first.written == 3
    before = balances(db)
    again = feeds.import_feed(
        db, branch.supervisor, "balances", [write_csv(tmp_path / "m2.csv", [rows[0], *rows[:0:-1]])]
    )
    assert (again.written, again.unchanged) == (0, 3)
    assert balances(db) == before
    corrected = [rows[0], ["2026-01", "C001", "基金", "5100"]]
    fixed = feeds.import_feed(
        db, branch.supervisor, "balances", [write_csv(tmp_path / "m3.csv", corrected)]
    )
    assert fixed.written == 1
    assert balances(db)[(people["A"], "2026-01", "fund")] == 510_000


def test_holdings_are_upserted_by_customer_product_and_account(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    header = ["客户号", "产品代码", "账号", "持有金额", "起息日", "到期日", "状态"]
    first = [
        header,
        ["C001", "TD-1Y", "TD01", "200000", "2025-04-01", "2026-04-01", "正常"],
        ["C001", "NOPE", "X", "1", "", "", ""],
    ]
    r1 = feeds.import_feed(
        db, branch.supervisor, "holdings", [write_csv(tmp_path / "h1.csv", first)]
    )
    assert r1.written == 1
    assert [p.code for p in r1.review] == ["product_unknown"]
    second = [header, ["C001", "TD-1Y", "TD01", "200000", "2025-04-01", "2026-04-01", "已结清"]]
    r2 = feeds.import_feed(
        db, branch.supervisor, "holdings", [write_csv(tmp_path / "h2.csv", second)]
    )
    assert r2.written == 1
    with db.session() as s:
        h = s.scalars(select(m.Holding)).one()
    assert (h.status, h.amount_fen, h.maturity_date, h.version) == (
        "closed",
        20_000_000,
        dt.date(2026, 4, 1),
        2,
    )
    assert h.import_batch_id == r2.batch_id


def test_customer_master_updates_go_through_the_audited_model(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    rows = [
        ["客户号", "证件号码", "职业", "风险等级", "评估到期日"],
        ["C777", ID_B, "个体工商户", "C4", "2027-05-01"],
        ["C404", "", "教师", "C2", ""],
    ]
    result = feeds.import_feed(
        db, branch.supervisor, "customers", [write_csv(tmp_path / "c.csv", rows)]
    )
    assert result.written == 1
    assert [u.customer_no for u in result.unknown] == ["C404"]
    with db.session() as s:
        c = s.get(m.Customer, people["B"])
        assert c is not None
        assert (c.customer_no, c.occupation, c.risk_level, c.risk_expires_on) == (
            "C777",
            "个体工商户",
            "C4",
            dt.date(2027, 5, 1),
        )
        audited = s.scalar(
            select(func.count())
            .select_from(m.AuditLog)
            .where(m.AuditLog.entity == "customer", m.AuditLog.action == "update")
        )
    assert audited == 1


def test_only_branch_wide_roles_import_feeds(db: Database, branch: Branch, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["客户号", "交易日期", "交易金额"]])
    with pytest.raises(PermissionDenied):
        feeds.import_feed(db, branch.m1, "transactions", [path])
    with pytest.raises(ValidationError):
        feeds.import_feed(db, branch.supervisor, "loans", [path])


def test_a_sources_own_column_names_can_be_saved(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    import json

    rows = [["TRX_NO", "CUST", "TRX_DT", "TRX_AMT"], ["S1", "C001", "2026-03-01", "10"]]
    path = write_csv(tmp_path / "core.csv", rows)
    unmapped = feeds.import_feed(db, branch.supervisor, "transactions", [path])
    assert unmapped.files[0].status == "error"
    with db.session(branch.admin) as s:
        s.add(
            m.Setting(
                key="feeds.columns",
                value=json.dumps(
                    {
                        "transactions": {"TRX_NO": "ref", "TRX_DT": "date", "TRX_AMT": "amount"},
                        "*": {"CUST": "customer_no"},
                    }
                ),
            )
        )
    mapped = feeds.import_feed(db, branch.supervisor, "transactions", [path])
    assert mapped.written == 1
    assert mapped.files[0].columns == {
        "ref": "TRX_NO",
        "customer_no": "CUST",
        "date": "TRX_DT",
        "amount": "TRX_AMT",
    }


def test_local_times_follow_daylight_saving_in_a_branch_zone_that_has_it(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    import json

    with db.session(branch.admin) as s:
        s.add(m.Setting(key="branch.timezone", value=json.dumps("Europe/Berlin")))
    rows = [
        ["流水号", "客户号", "交易日期", "交易时间", "交易金额"],
        ["D1", "C001", "2026-03-29", "01:30:00", "1"],  # CET, UTC+1
        ["D2", "C001", "2026-03-29", "03:30:00", "1"],  # CEST, UTC+2 (02:00-03:00 skipped)
        ["D3", "C001", "2026-10-25", "12:00:00", "1"],  # CET again
    ]
    feeds.import_feed(db, branch.supervisor, "transactions", [write_csv(tmp_path / "d.csv", rows)])
    with db.session() as s:
        got = dict(
            s.execute(
                select(m.AccountTransaction.source_ref, m.AccountTransaction.occurred_at)
            ).all()
        )
    assert got == {
        "D1": dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC),
        "D2": dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC),
        "D3": dt.datetime(2026, 10, 25, 11, 0, tzinfo=dt.UTC),
    }


def test_a_closed_holding_from_a_feed_raises_an_account_change_reminder(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    from branchcrm.engines import events

    header = ["客户号", "产品代码", "账号", "持有金额", "状态"]
    feeds.import_feed(
        db,
        branch.supervisor,
        "holdings",
        [write_csv(tmp_path / "h1.csv", [header, ["C001", "WM-R2-90", "W1", "50000", "持有"]])],
    )
    feeds.import_feed(
        db,
        branch.supervisor,
        "holdings",
        [write_csv(tmp_path / "h2.csv", [header, ["C001", "WM-R2-90", "W1", "0", "赎回"]])],
    )
    events.scan(db, branch.supervisor, dt.date.today())
    with db.session() as s:
        reasons = s.scalars(
            select(m.Reminder.reason).where(
                m.Reminder.customer_id == people["A"], m.Reminder.kind == "account_change"
            )
        ).all()
    assert reasons == ["Account closed: 稳享固收90天 W1"]


def test_short_rows_and_blank_lines_are_no_trouble(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "流水号,客户号,交易日期,交易金额,摘要\nR1,C001,2026-03-01,5\n\n,,,\nR2,C001\n", "utf-8"
    )
    result = feeds.import_feed(db, branch.supervisor, "transactions", [path])
    assert (result.rows, result.written) == (2, 1)
    assert [p.code for p in result.review] == ["date_missing"]


def test_the_command_line_imports_feeds_scans_and_exports(
    db: Database,
    db_url: str,
    branch: Branch,
    people: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    import openpyxl

    from branchcrm.cli import main
    from tests.factories import PASSWORD

    monkeypatch.setenv("BRANCHCRM_PASSWORD", PASSWORD)
    path = write_csv(tmp_path / "txn.csv", txn_rows())
    base = ["--db", db_url, "--user", "sup"]
    assert main([*base, "import", "feed", "transactions", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["files"][0]["status"] == "imported"
    assert summary["unknown"][0]["customer_no"] == "C999"
    assert main([*base, "feed", "transactions", str(path)]) == 0
    assert "already imported" in capsys.readouterr().out
    assert main([*base, "events", "scan", "--date", "2026-03-04", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"]["large_txn"] == 1
    out = tmp_path / "reminders.xlsx"
    assert main([*base, "export", "reminders", "--format", "xlsx", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("kind", "customer", "customer_id")
    assert ("large_txn", "张伟") in {r[:2] for r in rows[1:]}
    bad = write_csv(tmp_path / "bad.csv", [["客户号", "交易日期"], ["C001", "2026-03-01"]])
    assert main([*base, "feed", "transactions", str(bad)]) == 1
    assert "nothing was imported" in capsys.readouterr().out
    assert main([*base, "tiers", "recompute"]) == 2  # no balances yet: a one-line user error
    assert "no balances" in capsys.readouterr().err


def test_large_balance_feeds_take_the_bulk_path_with_the_same_results(
    db: Database, branch: Branch, people: dict[str, int], tmp_path: Path
) -> None:
    periods = [f"{1926 + i // 12}-{i % 12 + 1:02d}" for i in range(1200)]
    rows: list[list[Any]] = [["月份", "客户号", "资产类别", "月日均"]]
    rows += [[p, "C001", "定期", str(i)] for i, p in enumerate(periods)]
    first = feeds.import_feed(
        db, branch.supervisor, "balances", [write_csv(tmp_path / "a.csv", rows)]
    )
    assert first.written == 1200
    rows[5][3] = "999.99"
    again = feeds.import_feed(
        db, branch.supervisor, "balances", [write_csv(tmp_path / "b.csv", rows)]
    )
    assert (again.written, again.unchanged) == (1, 1199)
    got = balances(db)
    assert len(got) == 1200
    assert got[(people["A"], periods[4], "time_deposit")] == 99_999
    assert got[(people["A"], periods[1199], "time_deposit")] == 119_900
