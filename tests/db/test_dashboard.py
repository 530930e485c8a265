"""Dashboard figures checked against a small branch computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.services import contacts, dashboard, reminders
from branchcrm.services.errors import PermissionDenied
from branchcrm.services.periods import parse_period
from tests.factories import Branch, make_branch

WAN = 1_000_000
TODAY = dt.date.today()


def _setup(db: Database) -> tuple[Branch, dict[str, int]]:
    b = make_branch(db)
    ids = {
        "a": b.customer(b.m1, "甲", mobile="13800000001", id_number=None, occupation="教师"),
        "b": b.customer(b.m1, "乙"),
        "c": b.customer(b.m2, "丙"),
    }
    with db.session(Actor.system("test")) as s:
        s.add_all(
            [
                m.Tier(code="standard", name="普通", rank=1, min_aum_fen=0),
                m.Tier(code="gold", name="金卡", rank=2, min_aum_fen=5 * WAN),
            ]
        )
        for key, prev, last, tier in (
            ("a", 4 * WAN, 6 * WAN, "gold"),
            ("b", WAN, WAN, "standard"),
            ("c", 2 * WAN, 3 * WAN, "standard"),
        ):
            s.add(
                m.PeriodBalance(
                    customer_id=ids[key],
                    period="2026-02",
                    category="demand_deposit",
                    avg_balance_fen=prev,
                )
            )
            s.add(
                m.PeriodBalance(
                    customer_id=ids[key],
                    period="2026-03",
                    category="demand_deposit",
                    avg_balance_fen=last,
                )
            )
            c = s.get(m.Customer, ids[key])
            assert c is not None
            c.aum_fen, c.tier_code = last, tier
        s.add(
            m.TierHistory(
                customer_id=ids["a"],
                from_tier="standard",
                to_tier="gold",
                period="2026-03",
                reason="up",
            )
        )
    return b, ids


def test_assets_trend_and_tier_distribution(db: Database) -> None:
    b, _ = _setup(db)
    with db.session(b.supervisor) as s:
        trend = dashboard.assets_trend(s, b.supervisor, "2026-03", months=3)
        tiers = dashboard.tier_distribution(s, b.supervisor)
        matrix = dashboard.migration_matrix(s, b.supervisor, parse_period("2026-Q1"))
    assert trend == [("2026-01", 0), ("2026-02", 7 * WAN), ("2026-03", 10 * WAN)]
    assert [(t.tier_code, t.customers, t.aum_fen) for t in tiers] == [
        ("standard", 2, 4 * WAN),
        ("gold", 1, 6 * WAN),
    ]
    assert matrix == {("standard", "gold"): 1}


def test_manager_figures_for_a_month(db: Database) -> None:
    b, ids = _setup(db)
    with db.session(b.m1) as s:
        contacts.log_contact(s, b.m1, ids["a"], channel="visit", summary="来访")
        rid = reminders.add_task(s, b.m1, ids["b"], due=TODAY, reason="回访")
    with db.session(b.m1) as s:
        reminders.mark_done(s, b.m1, rid, 1)
    period = parse_period(f"{TODAY:%Y-%m}")
    with db.session(b.supervisor) as s:
        figures = {f.login: f for f in dashboard.manager_figures(s, b.supervisor, period)}
    m1 = figures["m1"]
    assert (m1.customers, m1.aum_fen, m1.contacted) == (2, 7 * WAN, 1)
    assert m1.coverage == 0.5
    assert (m1.contacts_logged, m1.reminders_due, m1.reminders_on_time, m1.reminders_acted) == (
        1,
        1,
        1,
        1,
    )
    assert m1.files_updated == 2  # created 甲 and 乙
    assert figures["m2"].customers == 1 and figures["m3"].customers == 0
    with db.session(b.supervisor) as s:
        assert dashboard.uncontacted_customers(
            s, b.supervisor, b.m1.staff_id or 0, as_of=TODAY
        ) == [ids["b"]]


def test_managers_cannot_open_the_dashboard(db: Database) -> None:
    b, _ = _setup(db)
    with db.session(b.m1) as s, pytest.raises(PermissionDenied):
        dashboard.tier_distribution(s, b.m1)


def test_periods_parse_months_and_quarters() -> None:
    q = parse_period("2026-q1")
    assert q.months == ("2026-01", "2026-02", "2026-03") and q.end == dt.date(2026, 4, 1)
    assert parse_period("2026-01").previous().label == "2025-12"
    assert q.previous().label == "2025-Q4"
