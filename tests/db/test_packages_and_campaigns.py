"""Service packages by asset band and batch work lists for small customers."""

from __future__ import annotations

import datetime as dt

import pytest

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.services import campaigns, contacts, packages, portfolio
from branchcrm.services.errors import PermissionDenied, ValidationError
from tests.factories import Branch, make_branch

AS_OF = dt.date(2026, 4, 15)  # quarter = 2026-01..03
WAN = 1_000_000  # fen in 1万元


def _balances(db: Database, cid: int, months: dict[str, int]) -> None:
    with db.session(Actor.system("test")) as s:
        for period, fen in months.items():
            s.add(
                m.PeriodBalance(
                    customer_id=cid, period=period, category="demand_deposit", avg_balance_fen=fen
                )
            )


@pytest.fixture
def branch(db: Database) -> tuple[Branch, dict[str, int]]:
    b = make_branch(db)
    ids = {
        "small": b.customer(b.m1, "小额", mobile="13800000001", marketing_consent=True),
        "band": b.customer(b.m1, "中间", mobile="13800000002", marketing_consent=True),
        "spike": b.customer(b.m1, "波动", mobile="13800000003"),
        "big": b.customer(b.m2, "大户", mobile="13800000004", marketing_consent=True),
    }
    _balances(
        db, ids["small"], {"2026-01": 5_000 * 100, "2026-02": 5_000 * 100, "2026-03": 5_000 * 100}
    )
    _balances(db, ids["band"], {"2026-01": 2 * WAN, "2026-02": 3 * WAN, "2026-03": 4 * WAN})
    # one big month: quarter average 4万 stays in the band
    _balances(db, ids["spike"], {"2026-03": 12 * WAN})
    _balances(db, ids["big"], {"2026-01": 80 * WAN, "2026-02": 80 * WAN, "2026-03": 80 * WAN})
    return b, ids


def test_quick_wealth_package_takes_customers_by_quarter_daily_average(
    branch: tuple[Branch, dict[str, int]],
) -> None:
    b, ids = branch
    with b.db.session(b.supervisor) as s:
        pid = packages.create_package(
            s, b.supervisor, code="QW", name="快捷理财", min_aum_fen=1 * WAN, max_aum_fen=5 * WAN
        )
    with b.db.session(b.supervisor) as s:
        rows = packages.eligible(s, b.supervisor, pid, as_of=AS_OF)
        assert [(r.customer_id, r.quarter_avg_fen) for r in rows] == [
            (ids["spike"], 4 * WAN),
            (ids["band"], 3 * WAN),
        ]
        assert (
            packages.enrol(
                s, b.supervisor, pid, [ids["band"], ids["big"], ids["band"]], as_of=AS_OF
            )
            == 1
        )
    with b.db.session(b.supervisor) as s:
        assert [r.customer_id for r in packages.eligible(s, b.supervisor, pid, as_of=AS_OF)] == [
            ids["spike"]
        ]
        assert [p.enrolled for p in packages.list_packages(s)] == [1]


def test_packages_are_defined_by_supervisors_with_a_sane_band(
    branch: tuple[Branch, dict[str, int]],
) -> None:
    b, _ = branch
    with b.db.session(b.m1) as s, pytest.raises(PermissionDenied):
        packages.create_package(s, b.m1, code="X", name="X", min_aum_fen=1)
    with b.db.session(b.supervisor) as s, pytest.raises(ValidationError):
        packages.create_package(s, b.supervisor, code="X", name="X", min_aum_fen=5, max_aum_fen=1)


def test_sms_lists_respect_consent_and_mask_numbers(branch: tuple[Branch, dict[str, int]]) -> None:
    b, ids = branch
    q = portfolio.PortfolioQuery(scope="mine")
    with b.db.session(b.m1) as s:
        sms = campaigns.work_list(s, b.m1, q, kind="sms")
        calls = campaigns.work_list(s, b.m1, q, kind="call")
    assert {r.customer_id for r in sms} == {ids["small"], ids["band"]}
    assert {r.customer_id for r in calls} == {ids["small"], ids["band"], ids["spike"]}
    assert all("****" in r.phone for r in sms + calls)
    with b.db.session(b.lobby) as s, pytest.raises(ValidationError):
        campaigns.work_list(
            s, b.lobby, portfolio.PortfolioQuery(scope="branch"), kind="call", full_numbers=True
        )


def test_bulk_tasks_are_idempotent_and_responses_are_tracked(
    branch: tuple[Branch, dict[str, int]],
) -> None:
    b, ids = branch
    q = portfolio.PortfolioQuery(scope="branch")
    due = dt.date.today() + dt.timedelta(days=3)
    with b.db.session(b.supervisor) as s:
        assert (
            campaigns.bulk_tasks(
                s, b.supervisor, q, campaign="春节问候", due=due, reason="电话问候"
            )
            == 4
        )
        assert (
            campaigns.bulk_tasks(
                s, b.supervisor, q, campaign="春节问候", due=due, reason="电话问候"
            )
            == 0
        )
    with b.db.session(b.m1) as s:
        contacts.log_contact(
            s,
            b.m1,
            ids["small"],
            channel="phone",
            summary="问候",
            outcome="interested",
            campaign="春节问候",
        )
        contacts.log_contact(
            s,
            b.m1,
            ids["band"],
            channel="phone",
            summary="问候",
            outcome="declined",
            campaign="春节问候",
        )
    with b.db.session(b.supervisor) as s:
        result = campaigns.results(s, "春节问候")
    assert (result.targeted, result.contacted) == (4, 2)
    assert result.by_outcome == {"interested": 1, "declined": 1}
