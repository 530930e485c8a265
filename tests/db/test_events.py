"""The reminder scan on a real database: each kind of event, routing to the responsible
manager, Beijing days over UTC storage, and rescans that never duplicate a reminder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, insert, select, update

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.engines import events
from branchcrm.services import assignments, catalogue, routing
from branchcrm.services.errors import PermissionDenied
from tests.factories import Branch, make_branch

DAY = dt.date(2026, 3, 4)
WAN = 1_000_000
BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def branch(db: Database) -> Branch:
    b = make_branch(db)
    with db.session(b.admin) as s:
        catalogue.ensure_defaults(s, b.admin)
    return b


def new_customer(b: Branch, name: str, **columns: Any) -> int:
    """A customer served by m1, with engine-maintained or feed-maintained columns set directly."""
    cid = b.customer(b.m1, name)
    if columns:
        with b.db.session() as s:
            s.execute(update(m.Customer).where(m.Customer.id == cid).values(**columns))
    return cid


def holding(db: Database, cid: int, product: str, amount_yuan: int, **values: Any) -> int:
    with db.session() as s:
        pid = s.scalar(select(m.Product.id).where(m.Product.code == product))
        return int(
            s.execute(
                insert(m.Holding).returning(m.Holding.id),
                [
                    {
                        "customer_id": cid,
                        "product_id": pid,
                        "amount_fen": amount_yuan * 100,
                        "status": values.pop("status", "open"),
                        "version": 1,
                        **values,
                    }
                ],
            ).scalar_one()
        )


def transaction(db: Database, cid: int, beijing: dt.datetime, amount_yuan: int, ref: str) -> None:
    with db.session() as s:
        s.execute(
            insert(m.AccountTransaction),
            [
                {
                    "customer_id": cid,
                    "occurred_at": beijing.replace(tzinfo=BEIJING),
                    "amount_fen": amount_yuan * 100,
                    "kind": "transfer",
                    "source_ref": ref,
                }
            ],
        )


def reminders(db: Database, cid: int) -> list[tuple[str, int, dt.date, str]]:
    with db.session() as s:
        rows = s.execute(
            select(m.Reminder.kind, m.Reminder.staff_id, m.Reminder.due_date, m.Reminder.reason)
            .where(m.Reminder.customer_id == cid)
            .order_by(m.Reminder.kind, m.Reminder.due_date)
        ).all()
    return [(k, s_, d, r or "") for k, s_, d, r in rows]


def test_birthdays_within_the_lead_days_get_one_reminder_each(db: Database, branch: Branch) -> None:
    soon = new_customer(
        branch, "生日近", birth_date=dt.date(1980, 3, 9), birth_month=3, birth_day=9
    )
    later = new_customer(branch, "生日远", birth_month=3, birth_day=20)
    md_only = new_customer(branch, "只知月日", birth_month=3, birth_day=5)
    result = events.scan(db, branch.supervisor, DAY)
    assert reminders(db, soon) == [
        ("birthday", branch.m1.staff_id, dt.date(2026, 3, 9), "Birthday on 2026-03-09 (turns 46)")
    ]
    assert reminders(db, later) == []
    assert reminders(db, md_only)[0][:3] == ("birthday", branch.m1.staff_id, dt.date(2026, 3, 5))
    assert result.created["birthday"] == 2


def test_29_february_birthdays_are_remembered_on_28_february_in_ordinary_years(
    db: Database, branch: Branch
) -> None:
    leapling = new_customer(branch, "闰日", birth_date=dt.date(1996, 2, 29))
    events.scan(db, branch.supervisor, dt.date(2027, 2, 25))
    events.scan(db, branch.supervisor, dt.date(2028, 2, 25))
    birthdays = [r[2] for r in reminders(db, leapling) if r[0] == "birthday"]
    assert birthdays == [dt.date(2027, 2, 28), dt.date(2028, 2, 29)]


def test_a_rescan_never_duplicates_a_reminder(db: Database, branch: Branch) -> None:
    cid = new_customer(
        branch,
        "重扫",
        birth_month=3,
        birth_day=6,
        risk_level="C2",
        risk_expires_on=DAY + dt.timedelta(days=10),
        last_contact_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    holding(db, cid, "FD-EQ", 100_000, maturity_date=DAY + dt.timedelta(days=3))
    first = events.scan(db, branch.supervisor, DAY)
    second = events.scan(db, branch.supervisor, DAY)
    third = events.scan(db, branch.supervisor, DAY + dt.timedelta(days=1))
    assert first.total >= 5
    assert second.total == 0 and third.total == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Reminder)) == first.total


def test_reminders_go_to_the_secondary_while_the_primary_is_on_leave(
    db: Database, branch: Branch
) -> None:
    cid = new_customer(branch, "休假", birth_month=3, birth_day=5)
    other = new_customer(branch, "不休假", birth_month=3, birth_day=5)
    with db.session(branch.supervisor) as s:
        assert branch.m2.staff_id is not None
        assignments.assign(s, branch.supervisor, cid, branch.m2.staff_id, "secondary", reason="t")
        s.execute(
            update(m.Staff)
            .where(m.Staff.id == branch.m1.staff_id)
            .values(leave_from=DAY - dt.timedelta(days=1), leave_to=DAY + dt.timedelta(days=3))
        )
    events.scan(db, branch.supervisor, DAY)
    assert reminders(db, cid)[0][1] == branch.m2.staff_id
    # Without a secondary the primary keeps it, on leave or not (as routing.responsible_staff).
    assert reminders(db, other)[0][1] == branch.m1.staff_id
    with db.session() as s:
        table = events.responsible_map(s, DAY)
        for c in (cid, other):
            assert table[c] == routing.responsible_staff(s, c, DAY)
        after_leave = DAY + dt.timedelta(days=4)
        assert events.responsible_map(s, after_leave)[cid] == routing.responsible_staff(
            s, cid, after_leave
        )


def test_customers_without_a_primary_are_counted_not_lost(db: Database, branch: Branch) -> None:
    cid = new_customer(branch, "无人管", birth_month=3, birth_day=5)
    with db.session() as s:
        s.execute(
            update(m.Assignment)
            .where(m.Assignment.customer_id == cid)
            .values(
                valid_to=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                valid_from=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            )
        )
    result = events.scan(db, branch.supervisor, DAY)
    assert result.unrouted == 1
    assert reminders(db, cid) == []


def test_large_transactions_use_the_tier_threshold_and_beijing_days(
    db: Database, branch: Branch
) -> None:
    gold = new_customer(branch, "金卡", tier_code="gold")  # threshold 10万
    std = new_customer(branch, "普通卡", tier_code="standard")  # threshold 5万
    transaction(db, gold, dt.datetime(2026, 3, 4, 23, 30), 120_000, "T1")  # 15:30 UTC
    transaction(db, gold, dt.datetime(2026, 3, 4, 10, 0), -80_000, "T2")  # below gold's line
    transaction(db, std, dt.datetime(2026, 3, 4, 9, 0), -80_000, "T3")  # above standard's
    transaction(db, std, dt.datetime(2026, 3, 5, 0, 30), 900_000, "T4")  # tomorrow in Beijing
    events.scan(db, branch.supervisor, DAY)
    got_gold = reminders(db, gold)
    assert [(k, d) for k, _, d, _ in got_gold] == [("large_txn", DAY)]
    assert "Large inflow of ¥120,000.00 on 2026-03-04 23:30" in got_gold[0][3]
    got_std = reminders(db, std)
    assert len(got_std) == 1 and "outflow of ¥80,000.00" in got_std[0][3]
    events.scan(db, branch.supervisor, DAY + dt.timedelta(days=1))
    assert len(reminders(db, std)) == 2


def test_maturities_risk_expiry_and_account_openings(db: Database, branch: Branch) -> None:
    cid = new_customer(branch, "到期", risk_level="C3", risk_expires_on=DAY + dt.timedelta(days=20))
    holding(db, cid, "TD-1Y", 200_000, maturity_date=DAY + dt.timedelta(days=10))
    holding(db, cid, "TD-3Y", 300_000, maturity_date=DAY + dt.timedelta(days=40))
    holding(db, cid, "DD-SAV", 1_000, start_date=DAY - dt.timedelta(days=2), account_no="6217001")
    events.scan(db, branch.supervisor, DAY)
    got = {(k, d): r for k, _, d, r in reminders(db, cid)}
    assert got[("maturity", DAY + dt.timedelta(days=10))] == (
        "整存整取一年 of ¥200,000.00 matures on 2026-03-14"
    )
    assert ("risk_expiry", DAY + dt.timedelta(days=20)) in got
    assert ("account_change", DAY) in got
    assert len(got) == 3


def test_no_contact_uses_the_days_of_the_customers_tier(db: Database, branch: Branch) -> None:
    long_ago = dt.datetime(2025, 8, 1, tzinfo=dt.UTC)  # 215 days before DAY
    std = new_customer(branch, "久未联系", tier_code="standard", last_contact_at=long_ago)  # 180
    recent = new_customer(
        branch, "刚联系", tier_code="gold", last_contact_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )  # 120 days, 62 days ago
    events.scan(db, branch.supervisor, DAY)
    assert [r[0] for r in reminders(db, std)] == ["dormant"]
    assert "last contact: 2025-08-01" in reminders(db, std)[0][3]
    assert reminders(db, recent) == []


def test_suitability_warnings(db: Database, branch: Branch) -> None:
    cautious = new_customer(branch, "保守", risk_level="C2", risk_expires_on=dt.date(2027, 1, 1))
    expired = new_customer(branch, "过期", risk_level="C5", risk_expires_on=dt.date(2026, 1, 1))
    fine = new_customer(branch, "合适", risk_level="C4", risk_expires_on=dt.date(2027, 1, 1))
    holding(db, cautious, "FD-EQ", 50_000)  # R4 above C2
    holding(db, expired, "FD-MIX", 50_000)  # R3, assessment expired
    holding(db, fine, "FD-EQ", 50_000)  # R4 within C4
    holding(db, fine, "DD-SAV", 50_000)
    events.scan(db, branch.supervisor, DAY)
    assert [r[3] for r in reminders(db, cautious)] == [
        "科技成长股票型基金: Product rated R4 is above the customer's tolerance C2"
    ]
    assert "expired on 2026-01-01" in reminders(db, expired)[0][3]
    assert reminders(db, fine) == []


def test_scanning_needs_a_staff_member_with_a_role(db: Database, branch: Branch) -> None:
    from branchcrm.domain.actor import Actor

    nobody = Actor(999, "ghost", "ghost", frozenset(), branch.admin.branch_id)
    with pytest.raises(PermissionDenied):
        events.scan(db, nobody, DAY)


# --------------------------------------------------------------------- potential customers


def test_potential_customers_are_scored_with_reasons(db: Database, branch: Branch) -> None:
    from branchcrm.engines import potential

    today = dt.date(2026, 7, 1)
    trough = new_customer(
        branch, "低谷", aum_fen=2 * WAN, occupation="个体工商户", industry="房地产"
    )
    flows = new_customer(branch, "过路钱", aum_fen=1 * WAN, notes="说资金主要放在他行")
    plain = new_customer(branch, "普通", aum_fen=3 * WAN, occupation="教师")
    rich_spouse = new_customer(branch, "富配偶", tier_code="diamond", aum_fen=300 * WAN)
    with db.session() as s:
        s.execute(
            insert(m.PeriodBalance),
            [
                {
                    "customer_id": trough,
                    "period": "2025-09",
                    "category": "fund",
                    "avg_balance_fen": 150 * WAN,
                },
                {
                    "customer_id": trough,
                    "period": "2026-06",
                    "category": "fund",
                    "avg_balance_fen": 2 * WAN,
                },
                {
                    "customer_id": plain,
                    "period": "2026-06",
                    "category": "fund",
                    "avg_balance_fen": 3 * WAN,
                },
            ],
        )
        s.execute(
            insert(m.CustomerRelationship),
            [{"customer_id": plain, "related_id": rich_spouse, "kind": "spouse"}],
        )
    transaction(db, flows, dt.datetime(2026, 3, 1, 10), 500_000, "F1")
    transaction(db, flows, dt.datetime(2026, 3, 2, 10), -480_000, "F2")
    with db.session(branch.m1) as s:
        scored = potential.score_customers(s, today=today)
        work = potential.worklist(s, branch.m1, min_score=1, today=today)
    assert {r.code for r in scored[trough].reasons} == {"peak_gap", "occupation"}
    assert "Peak month of 150.0万" in next(
        r.text for r in scored[trough].reasons if r.code == "peak_gap"
    )
    assert {r.code for r in scored[flows].reasons} == {"flows", "other_banks"}
    assert [r.code for r in scored[plain].reasons] == ["family"]
    assert "spouse" in scored[plain].reasons[0].text
    assert rich_spouse not in scored
    assert {p.customer_id for p in work[:2]} == {trough, flows}
    assert work[-1].customer_id == plain and work[0].score > work[-1].score
    with db.session(branch.m2) as s, pytest.raises(PermissionDenied):
        potential.worklist(s, branch.m2, staff_id=branch.m1.staff_id)


def test_potential_weights_are_configurable(db: Database, branch: Branch) -> None:
    import json

    from branchcrm.engines import potential

    cid = new_customer(branch, "老板", occupation="企业主")
    with db.session(branch.admin) as s:
        s.add(m.Setting(key="potential.weights", value=json.dumps({"occupation": 0})))
    with db.session(branch.m1) as s:
        assert cid not in potential.score_customers(s)
