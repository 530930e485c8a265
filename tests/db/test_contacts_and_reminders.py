"""Logging contacts, follow-ups that become reminders, and acting on reminders."""

from __future__ import annotations

import datetime as dt

import pytest

from branchcrm.db.session import Database
from branchcrm.services import contacts, customers, portfolio, reminders, staff
from branchcrm.services.errors import ConflictError, ValidationError
from tests.factories import make_branch

TODAY = dt.date.today()


def test_a_follow_up_date_becomes_a_reminder_for_the_manager(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "杨帆")
    due = TODAY + dt.timedelta(days=3)
    with db.session(b.m1) as s:
        contacts.log_contact(
            s,
            b.m1,
            cid,
            channel="visit",
            summary="来行咨询理财",
            needs="稳健理财",
            products_recommended="一年期定期",
            next_follow_up=due,
            satisfaction=5,
        )
    with db.session(b.m1) as s:
        rows = reminders.open_for(s, b.m1, TODAY)
        counts = reminders.counts_by_kind(s, b.m1, TODAY)
        timeline = contacts.timeline(s, b.m1, cid)
        file = customers.get_customer(s, b.m1, cid)
    assert [(r.kind, r.customer_name, r.due_date) for r in rows] == [("follow_up", "杨帆", due)]
    assert counts == {"follow_up": 1}
    assert [c.summary for c in timeline] == ["来行咨询理财"]
    assert file.version == 1, "logging a contact must not make open profile edits conflict"


def test_follow_ups_go_to_the_secondary_while_the_primary_is_on_leave(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "朱丹")
    from branchcrm.services import assignments

    with db.session(b.supervisor) as s:
        assignments.assign(s, b.supervisor, cid, b.m2.staff_id or 0, "secondary", reason="x")
    with db.session(b.admin) as s:
        staff.set_status(
            s, b.admin, "m1", "on_leave", leave_from=TODAY, leave_to=TODAY + dt.timedelta(days=30)
        )
    with db.session(b.supervisor) as s:
        contacts.log_contact(
            s,
            b.supervisor,
            cid,
            channel="phone",
            summary="电话回访",
            next_follow_up=TODAY + dt.timedelta(days=2),
        )
    with db.session(b.m2) as s:
        assert [r.customer_id for r in reminders.open_for(s, b.m2, TODAY)] == [cid]


def test_contact_input_is_checked(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "秦岚")
    with db.session(b.m1) as s, pytest.raises(ValidationError) as err:
        contacts.log_contact(
            s,
            b.m1,
            cid,
            channel="fax",
            summary=" ",
            satisfaction=9,
            next_follow_up=TODAY - dt.timedelta(days=3),
        )
    assert set(err.value.errors) == {"channel", "summary", "satisfaction", "next_follow_up"}


def test_done_snooze_dismiss_and_overdue_first(db: Database) -> None:
    b = make_branch(db)
    a = b.customer(b.m1, "甲一")
    c = b.customer(b.m1, "乙二")
    with db.session(b.m1) as s:
        r_overdue = reminders.add_task(
            s, b.m1, a, due=TODAY - dt.timedelta(days=2), reason="补资料"
        )
        r_today = reminders.add_task(s, b.m1, c, due=TODAY, reason="回电")
    with db.session(b.m1) as s:
        rows = reminders.open_for(s, b.m1, TODAY)
        assert [(r.id, r.overdue) for r in rows] == [(r_overdue, True), (r_today, False)]
        reminders.mark_done(s, b.m1, r_overdue, rows[0].version)
        reminders.snooze(s, b.m1, r_today, rows[1].version, until=TODAY + dt.timedelta(days=1))
    with db.session(b.m1) as s:
        assert reminders.open_for(s, b.m1, TODAY) == []
        assert [r.id for r in reminders.open_for(s, b.m1, TODAY + dt.timedelta(days=1))] == [
            r_today
        ]
        with pytest.raises(ConflictError):
            reminders.dismiss(s, b.m1, r_today, 1)


def test_portfolio_filters_sorts_and_pages_in_sql(db: Database) -> None:
    b = make_branch(db)
    names = ["丙", "甲", "乙", "丁", "戊"]
    for n in names:
        b.customer(b.m1, n, tags=["老客户"] if n in ("甲", "乙") else [])
    b.customer(b.m2, "己")
    with db.session(b.m1) as s:
        q = portfolio.PortfolioQuery(scope="mine", sort="name")
        assert portfolio.count(s, b.m1, q) == 5
        first = portfolio.page(s, b.m1, q, 0, 2)
        rest = portfolio.page(s, b.m1, q, 2, 10)
        # Pinyin order (bǐng, dīng, jiǎ, wù, yǐ), not code point order.
        assert [r.name for r in first + rest] == ["丙", "丁", "甲", "戊", "乙"]
        tagged = portfolio.PortfolioQuery(scope="mine", tag="老客户")
        assert {r.name for r in portfolio.page(s, b.m1, tagged, 0, 10)} == {"甲", "乙"}
        assert first[0].primary_name == "王经理"
    with db.session(b.supervisor) as s:
        q = portfolio.PortfolioQuery(scope="branch", manager_id=b.m2.staff_id)
        assert [r.name for r in portfolio.page(s, b.supervisor, q, 0, 10)] == ["己"]
        q = portfolio.PortfolioQuery(scope="branch", min_days_since_contact=30)
        assert portfolio.count(s, b.supervisor, q) == 6
