"""The tier recompute on a real database (SQLite and PostgreSQL): history, denormalized
columns, reminders, idempotence, and the sentence for the customer file."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, insert, select

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.engines import tiering
from branchcrm.services import catalogue
from branchcrm.services.errors import PermissionDenied, ServiceError
from tests.factories import Branch, make_branch

WAN = 1_000_000
TODAY = dt.date(2026, 7, 2)


@pytest.fixture
def branch(db: Database) -> Branch:
    b = make_branch(db)
    with db.session(b.admin) as s:
        catalogue.ensure_defaults(s, b.admin)
    return b


def balances(db: Database, customer_id: int, by_period: dict[str, float]) -> None:
    """Month daily-averages in 万元, split over two categories as a feed would deliver them."""
    rows = []
    for period, wan in by_period.items():
        fen = int(wan * WAN)
        rows.append((period, "demand_deposit", fen // 4))
        rows.append((period, "time_deposit", fen - fen // 4))
    with db.session() as s:
        s.execute(
            insert(m.PeriodBalance),
            [
                {"customer_id": customer_id, "period": p, "category": c, "avg_balance_fen": v}
                for p, c, v in rows
            ],
        )


def customer_state(db: Database, cid: int) -> tuple[str | None, int]:
    with db.session() as s:
        c = s.get(m.Customer, cid)
        assert c is not None
        return c.tier_code, c.aum_fen


def history(db: Database, cid: int) -> list[tuple[str | None, str, str]]:
    with db.session() as s:
        rows = s.execute(
            select(m.TierHistory.from_tier, m.TierHistory.to_tier, m.TierHistory.period)
            .where(m.TierHistory.customer_id == cid)
            .order_by(m.TierHistory.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def months(start: str, values: list[float]) -> dict[str, float]:
    year, month = int(start[:4]), int(start[5:])
    out = {}
    for i, v in enumerate(values):
        idx = year * 12 + month - 1 + i
        out[f"{idx // 12:04d}-{idx % 12 + 1:02d}"] = v
    return out


def recompute_each(db: Database, actor: Actor, periods: list[str]) -> None:
    for p in periods:
        tiering.recompute(db, actor, p, today=TODAY)


def test_recompute_assigns_initial_tiers_and_keeps_aum_current(
    db: Database, branch: Branch
) -> None:
    rich = branch.customer(branch.m1, "钱多多")
    modest = branch.customer(branch.m1, "王小二")
    balances(db, rich, {"2026-05": 650, "2026-06": 700})
    balances(db, modest, {"2026-06": 3})
    result = tiering.recompute(db, branch.supervisor, today=TODAY)
    assert result.period == "2026-06"
    assert result.initial == 2
    assert customer_state(db, rich) == ("private", 700 * WAN)
    assert customer_state(db, modest) == ("standard", 3 * WAN)
    with db.session() as s:
        row = s.scalars(select(m.TierHistory).where(m.TierHistory.customer_id == rich)).one()
    figures = json.loads(row.figures or "{}")
    assert figures["month_avg_fen"] == 700 * WAN
    assert figures["action"] == "initial"
    assert row.reason


def test_upgrade_is_immediate_and_raises_a_reminder_for_the_manager(
    db: Database, branch: Branch
) -> None:
    cid = branch.customer(branch.m1, "升级客户")
    series = months("2026-01", [10, 12, 60])
    balances(db, cid, series)
    recompute_each(db, branch.supervisor, list(series))
    assert customer_state(db, cid)[0] == "platinum"
    assert history(db, cid) == [(None, "gold", "2026-01"), ("gold", "platinum", "2026-03")]
    with db.session() as s:
        reminders = s.execute(
            select(m.Reminder.kind, m.Reminder.staff_id).where(m.Reminder.customer_id == cid)
        ).all()
    assert reminders == [("tier_up", branch.m1.staff_id)]


def test_downgrade_waits_for_the_watch_and_goes_to_what_six_months_support(
    db: Database, branch: Branch
) -> None:
    cid = branch.customer(branch.m1, "降级客户")
    series = months("2025-10", [250, 250, 250, 10, 10, 10])
    balances(db, cid, series)
    periods = list(series)
    recompute_each(db, branch.supervisor, periods[:5])
    # Two months below the diamond line: still diamond, on watch.
    assert customer_state(db, cid)[0] == "diamond"
    tiering.recompute(db, branch.supervisor, periods[5], today=TODAY)
    assert customer_state(db, cid) == ("platinum", 10 * WAN)
    assert history(db, cid)[-1] == ("diamond", "platinum", "2026-03")
    with db.session() as s:
        kinds = s.scalars(select(m.Reminder.kind).where(m.Reminder.customer_id == cid)).all()
        expl = tiering.explain_current(s, cid)
    assert kinds == ["tier_down"]
    assert expl.text.startswith("白金 since 2026-03: after 3 months below the 钻石 line")
    assert "¥1,300,000.00" in expl.text


def test_recompute_is_idempotent(db: Database, branch: Branch) -> None:
    cid = branch.customer(branch.m1, "重复计算")
    balances(db, cid, months("2026-01", [250, 250, 250, 10, 10, 10]))
    first = tiering.recompute(db, branch.supervisor, "2026-06", today=TODAY)
    with db.session() as s:
        audit_before = s.scalar(select(func.count()).select_from(m.AuditLog))
    second = tiering.recompute(db, branch.supervisor, "2026-06", today=TODAY)
    assert first.initial == 1
    assert (second.initial, second.upgrades, second.downgrades, second.aum_updated) == (0, 0, 0, 0)
    assert len(history(db, cid)) == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.AuditLog)) == audit_before


def test_an_older_period_never_rewinds_a_newer_decision(db: Database, branch: Branch) -> None:
    cid = branch.customer(branch.m1, "回溯")
    balances(db, cid, {"2026-05": 60, "2026-06": 700})
    tiering.recompute(db, branch.supervisor, "2026-06", today=TODAY)
    result = tiering.recompute(db, branch.supervisor, "2026-05", today=TODAY)
    assert result.skipped == 1
    assert customer_state(db, cid) == ("private", 700 * WAN)


def test_thresholds_are_data(db: Database, branch: Branch) -> None:
    cid = branch.customer(branch.m1, "门槛")
    balances(db, cid, {"2026-06": 30})
    with db.session(branch.admin) as s:
        gold = s.scalars(select(m.Tier).where(m.Tier.code == "gold")).one()
        gold.min_aum_fen = 40 * WAN
    tiering.recompute(db, branch.supervisor, today=TODAY)
    assert customer_state(db, cid)[0] == "standard"


def test_policy_is_read_from_settings(db: Database, branch: Branch) -> None:
    cid = branch.customer(branch.m1, "快降")
    balances(db, cid, {"2026-05": 80, "2026-06": 10})
    with db.session(branch.admin) as s:
        s.add(
            m.Setting(
                key="tiering.policy", value=json.dumps({"watch_months": 1, "lookback_months": 1})
            )
        )
    tiering.recompute(db, branch.supervisor, "2026-05", today=TODAY)
    tiering.recompute(db, branch.supervisor, "2026-06", today=TODAY)
    assert customer_state(db, cid)[0] == "gold"


def test_missing_feeds_and_permissions_are_user_errors(db: Database, branch: Branch) -> None:
    with pytest.raises(ServiceError, match="no balances"):
        tiering.recompute(db, branch.supervisor, today=TODAY)
    cid = branch.customer(branch.m1, "权限")
    balances(db, cid, {"2026-06": 1})
    with pytest.raises(ServiceError, match="no balances for 2026-07"):
        tiering.recompute(db, branch.supervisor, "2026-07", today=TODAY)
    with pytest.raises(PermissionDenied):
        tiering.recompute(db, branch.m1, today=TODAY)


# --------------------------------------------------------------------- period-average assets


def test_customer_assets_month_quarter_structure_and_trend(db: Database, branch: Branch) -> None:
    from branchcrm.services import assets

    cid = branch.customer(branch.m1, "资产")
    other = branch.customer(branch.m2, "别人的")
    balances(db, cid, {"2026-04": 40, "2026-05": 80, "2026-06": 120})
    balances(db, other, {"2026-01": 1})
    with db.session(branch.m1) as s:
        got = assets.customer_assets(s, branch.m1, cid)
        with pytest.raises(ServiceError):
            assets.customer_assets(s, branch.m1, other)
    assert got.period == "2026-06"
    assert got.month_avg_fen == 120 * WAN
    assert got.quarter == "2026Q2"
    # (40×30 + 80×31 + 120×30) / 91 days
    assert got.quarter_avg_fen == round((40 * 30 + 80 * 31 + 120 * 30) * WAN / 91)
    assert [(sl.category, sl.fen) for sl in got.structure] == [
        ("demand_deposit", 30 * WAN),
        ("time_deposit", 90 * WAN),
    ]
    assert got.structure[0].share == pytest.approx(0.25)
    # The trend starts with the customer's first month; delivered months without a balance are 0.
    assert got.trend == [("2026-04", 40 * WAN), ("2026-05", 80 * WAN), ("2026-06", 120 * WAN)]


def test_portfolio_assets_use_the_denormalized_aum(db: Database, branch: Branch) -> None:
    from branchcrm.services import assets

    a = branch.customer(branch.m1, "甲")
    b = branch.customer(branch.m1, "乙")
    balances(db, a, {"2026-06": 700})
    balances(db, b, {"2026-06": 10})
    tiering.recompute(db, branch.supervisor, today=TODAY)
    with db.session(branch.m1) as s:
        got = assets.portfolio_assets(s, branch.m1)
    assert (got.customers, got.aum_fen) == (2, 710 * WAN)
    assert got.by_tier == {"private": (1, 700 * WAN), "gold": (1, 10 * WAN)}
    assert sum(sl.fen for sl in got.structure) == 710 * WAN
