"""Per-team figures, coverage by tier, growth credited and potential customers found and
converted, checked against a small branch computed by hand, with their drill-downs.

The branch: m1 serves 甲 (gold) and 乙; m2 serves 丙 and 丁 (moved up to gold this month);
m3 serves 戊, whom the team of m1 (60 %) and m2 (40 %) also serves. 甲, 丙 and 戊 were
contacted this month. 乙 and 丁 are business owners whose notes mention another bank.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.services import contacts, credit, dashboard, staff, supervisor_views, teams
from branchcrm.services.errors import PermissionDenied, ValidationError
from branchcrm.services.periods import months_back, parse_period
from tests.factories import Branch, make_branch

WAN = 1_000_000
TODAY = dt.date.today()
PERIOD = parse_period(f"{TODAY:%Y-%m}")
BEFORE = months_back(PERIOD.last_month, 2)[0]


def _branch(db: Database) -> tuple[Branch, dict[str, int], int]:
    b = make_branch(db)
    owner = {"occupation": "企业主", "notes": "大部分资产在他行"}
    ids = {
        "甲": b.customer(b.m1, "甲"),
        "乙": b.customer(b.m1, "乙", **owner),
        "丙": b.customer(b.m2, "丙"),
        "丁": b.customer(b.m2, "丁", **owner),
        "戊": b.customer(b.m3, "戊"),
    }
    m1, m2 = b.m1.staff_id or 0, b.m2.staff_id or 0
    with db.session(b.supervisor) as s:
        team = teams.create_team(
            s, b.supervisor, name="财富组", lead_id=m1, members={m1: 6000, m2: 4000}
        )
        credit.serve_by_team(s, b.supervisor, ids["戊"], team)
    for actor, name in ((b.m1, "甲"), (b.m2, "丙"), (b.m3, "戊")):
        with db.session(actor) as s:
            contacts.log_contact(s, actor, ids[name], channel="visit", summary="来访")
    with db.session(Actor.system("test")) as s:
        s.add_all(
            [
                m.Tier(code="standard", name="普通", rank=1, min_aum_fen=0),
                m.Tier(code="gold", name="金卡", rank=2, min_aum_fen=5 * WAN),
            ]
        )
        s.execute(update(m.Assignment).values(valid_from=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))
        for name, before, now, tier in (
            ("甲", 4 * WAN, 6 * WAN, "gold"),
            ("乙", WAN, WAN, "standard"),
            ("丙", 2 * WAN, 3 * WAN, "standard"),
            ("丁", 4 * WAN, 5 * WAN, "gold"),
            ("戊", 0, 10 * WAN, "standard"),
        ):
            for period, fen in ((BEFORE, before), (PERIOD.last_month, now)):
                s.add(
                    m.PeriodBalance(
                        customer_id=ids[name],
                        period=period,
                        category="deposit",
                        avg_balance_fen=fen,
                    )
                )
            c = s.get(m.Customer, ids[name])
            assert c is not None
            c.aum_fen, c.tier_code = now, tier
        s.add(
            m.TierHistory(
                customer_id=ids["丁"],
                from_tier="standard",
                to_tier="gold",
                period=PERIOD.last_month,
                reason="up",
            )
        )
    return b, ids, team


def _figures(
    db: Database, b: Branch
) -> tuple[dict[str, dashboard.ManagerFigures], list[dashboard.TeamFigures]]:
    with db.session(b.supervisor) as s:
        credited = dashboard.credited(s, b.supervisor, PERIOD)
        found = dashboard.potential_figures(s, b.supervisor, PERIOD)
        managers = dashboard.manager_figures(
            s, b.supervisor, PERIOD, credited=credited, potential=found
        )
        team_rows = dashboard.team_figures(
            s, b.supervisor, PERIOD, credited=credited, potential=found
        )
    return {f.login: f for f in managers}, team_rows


def test_a_team_is_measured_over_its_book_and_its_members_work(db: Database) -> None:
    b, _ids, team = _branch(db)
    _managers, team_rows = _figures(db, b)
    [t] = team_rows
    assert (t.team_id, t.name, t.members) == (team, "财富组", ("王经理", "刘经理"))
    # the book: the members' primary customers and the customer the team serves
    assert (t.customers, t.aum_fen, t.aum_start_fen) == (5, 25 * WAN, 11 * WAN)
    assert t.growth_fen == 14 * WAN
    assert (t.contacted, t.coverage) == (3, 0.6)
    assert t.coverage_by_tier == {"gold": (1, 2), "standard": (2, 3)}
    assert t.contacts_logged == 2  # m1's and m2's, not m3's
    assert t.files_updated == 4  # 甲 乙 丙 丁, created by the members
    # credited: 甲 2万 (m1), 丙 and 丁 1万 each (m2), 戊 10万 served by the team
    assert t.credited_fen == 14 * WAN
    assert (t.potential_found, t.potential_converted) == (2, 1)


def test_managers_get_credit_coverage_by_tier_and_potential(db: Database) -> None:
    b, _ids, _team = _branch(db)
    managers, _ = _figures(db, b)
    m1, m2, m3 = managers["m1"], managers["m2"], managers["m3"]
    assert m1.coverage_by_tier == {"gold": (1, 1), "standard": (0, 1)}
    assert m1.tier_coverage("gold") == 1.0 and m1.tier_coverage("platinum") is None
    assert m2.coverage_by_tier == {"gold": (0, 1), "standard": (1, 1)}
    # while the team serves 戊, its growth goes to the team's members, not to m3
    # (m1 60 %, m2 40 %)
    assert (m1.credited_fen, m2.credited_fen, m3.credited_fen) == (8 * WAN, 6 * WAN, 0)
    assert (m1.potential_found, m1.potential_converted) == (1, 0)  # 乙, still standard
    assert (m2.potential_found, m2.potential_converted) == (1, 1)  # 丁 became gold
    assert (m3.potential_found, m3.potential_converted) == (0, 0)


def test_potential_is_found_at_the_start_and_converted_by_moving_up(db: Database) -> None:
    b, ids, _team = _branch(db)
    with db.session(b.supervisor) as s:
        found = dashboard.potential_figures(s, b.supervisor, PERIOD)
    assert set(found.found) == {ids["乙"], ids["丁"]}
    assert found.converted == {ids["丁"]: ("standard", "gold")}
    with db.session(b.supervisor) as s:
        none = dashboard.potential_figures(s, b.supervisor, PERIOD, min_score=100)
    assert none.found == {} and none.converted == {}


def test_team_and_tier_figures_drill_down_to_their_customers(db: Database) -> None:
    b, ids, team = _branch(db)
    sup, m2 = b.supervisor, b.m2.staff_id or 0

    def team_ids(figure: str, **kw: object) -> list[int]:
        with db.session(sup) as s:
            rows = supervisor_views.team_customers(s, sup, team, figure, PERIOD, **kw)  # type: ignore[arg-type]
        return [r.customer_id for r in rows]

    def manager_rows(figure: str, **kw: object) -> list[supervisor_views.DrillRow]:
        with db.session(sup) as s:
            return supervisor_views.manager_customers(s, sup, m2, figure, PERIOD, **kw)  # type: ignore[arg-type]

    assert sorted(team_ids("customers")) == sorted(ids.values())
    assert team_ids("coverage", tier="gold") == [ids["丁"]]
    assert team_ids("coverage", tier="standard") == [ids["乙"]]
    assert team_ids("coverage") == [ids["丁"], ids["乙"]]  # largest first
    assert team_ids("credited") == [ids["戊"], ids["甲"], ids["丙"], ids["丁"]]
    assert team_ids("potential") == sorted([ids["乙"], ids["丁"]])
    converted = manager_rows("converted")
    assert [(r.customer_id, r.detail) for r in converted] == [(ids["丁"], "普通 → 金卡")]
    credited = manager_rows("credited")
    assert [(r.customer_id, r.detail) for r in credited] == [
        (ids["戊"], "+40,000.00"),
        (ids["丙"], "+10,000.00"),
        (ids["丁"], "+10,000.00"),
    ]
    assert [r.customer_id for r in manager_rows("coverage", tier="gold")] == [ids["丁"]]
    with db.session(sup) as s, pytest.raises(ValidationError):
        supervisor_views.team_customers(s, sup, team, "charm", PERIOD)


def test_team_figures_are_for_supervisors_only_and_empty_without_teams(db: Database) -> None:
    b = make_branch(db)
    with db.session(b.m1) as s, pytest.raises(PermissionDenied):
        dashboard.team_figures(s, b.m1, PERIOD)
    with db.session(b.supervisor) as s:
        assert dashboard.team_figures(s, b.supervisor, PERIOD) == []
        assert dashboard.credited(s, b.supervisor, PERIOD) == {}


def test_customers_of_another_branch_in_the_database_are_left_out(db: Database) -> None:
    b, ids, _team = _branch(db)
    with db.session(Actor.system("test")) as s:
        other = staff.ensure_branch(s, "B2", "别的网点")
        stranger = m.Customer(
            branch_id=other, name="外人", occupation="企业主", notes="资产在他行", aum_fen=WAN
        )
        s.add(stranger)
        s.flush()
        s.add(
            m.PeriodBalance(
                customer_id=stranger.id,
                period=PERIOD.last_month,
                category="deposit",
                avg_balance_fen=99 * WAN,
            )
        )
    with db.session(b.supervisor) as s:
        assert not dashboard.whole_database_is_branch(s, b.supervisor)
        trend = dashboard.assets_trend(s, b.supervisor, PERIOD.last_month, 2)
        found = dashboard.potential_figures(s, b.supervisor, PERIOD)
    assert trend == [(BEFORE, 11 * WAN), (PERIOD.last_month, 25 * WAN)]
    assert set(found.found) == {ids["乙"], ids["丁"]}
