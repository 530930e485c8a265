"""Team and chief customer manager scorecards, checked against the hand-made branch of
``test_dashboard_teams``, and the .xlsx report with a sheet per kind.

Teams: 财富组 (m1 60 %, m2 40 %) serves 甲 乙 丙 丁 (its members' primaries) and 戊; 独立组
(m3 alone) serves 戊, m3's primary customer. Chiefs: head 赵行长 looks after 甲 (4万 → 6万)
and 丁 (4万 → 5万), head 钱行长 after 戊 (0 → 10万).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from branchcrm.db.session import Database
from branchcrm.reports.kpi_report import write_kpi_report
from branchcrm.services import chiefs, contacts, kpi, staff, teams
from branchcrm.services.errors import ValidationError
from tests.db.test_dashboard_teams import PERIOD, WAN, _branch
from tests.factories import PASSWORD, Branch


def _world(db: Database) -> tuple[Branch, dict[str, int], int, int]:
    b, ids, team = _branch(db)
    m3 = b.m3.staff_id or 0
    with db.session(b.admin) as s:
        for login, name in (("zhao", "赵行长"), ("qian", "钱行长")):
            staff.add_staff(s, b.admin, login=login, name=name, roles=["head"], password=PASSWORD)
    with db.session(b.supervisor) as s:
        solo = teams.create_team(s, b.supervisor, name="独立组", lead_id=m3, members={m3: 10000})
        chiefs.designate(s, b.supervisor, ids["甲"], "zhao")
        chiefs.designate(s, b.supervisor, ids["丁"], "zhao")
        chiefs.designate(s, b.supervisor, ids["戊"], "qian")
    # satisfaction this period: m1 5 and m2 3 (the first team: 4.0), m3 4 (the second)
    for actor, name, score in ((b.m1, "甲", 5), (b.m2, "丙", 3), (b.m3, "戊", 4)):
        with db.session(actor) as s:
            contacts.log_contact(
                s, actor, ids[name], channel="phone", summary="回访", satisfaction=score
            )
    return b, ids, team, solo


def test_teams_are_ranked_on_their_books_and_members_work(db: Database) -> None:
    b, _ids, team, solo = _world(db)
    with db.session(b.supervisor) as s:
        cards = {c.staff_id: c for c in kpi.team_scorecards(s, b.supervisor, PERIOD)}
    wealth, alone = cards[team], cards[solo]
    assert (wealth.kind, wealth.name, wealth.members) == ("teams", "财富组", ("王经理", "刘经理"))
    assert wealth.label == "财富组 (王经理, 刘经理)"
    # credited: m1 8万 + m2 6万; m3 is credited nothing while the team serves 戊
    assert (wealth.raw["aum_growth"], alone.raw["aum_growth"]) == (14 * WAN, 0)
    assert (wealth.customers, alone.customers) == (5, 1)
    # coverage: 甲 丙 戊 of five contacted; 戊 of one
    assert (wealth.raw["coverage"], alone.raw["coverage"]) == (0.6, 1.0)
    assert (wealth.raw["satisfaction"], alone.raw["satisfaction"]) == (4.0, 4.0)
    assert wealth.scaled["aum_growth"] == 100.0 and alone.scaled["aum_growth"] == 0.0
    assert alone.scaled["coverage"] == 100.0 and wealth.scaled["coverage"] == 0.0
    assert wealth.scaled["satisfaction"] == alone.scaled["satisfaction"] == 100.0
    # growth alone decides: the first team; coverage alone: the second
    with db.session(b.supervisor) as s:
        by_growth = kpi.team_scorecards(s, b.supervisor, PERIOD, weights={"aum_growth": 1})
        by_coverage = kpi.team_scorecards(s, b.supervisor, PERIOD, weights={"coverage": 1})
    assert [(c.staff_id, c.rank, c.score) for c in by_growth] == [(team, 1, 100.0), (solo, 2, 0.0)]
    assert [c.staff_id for c in by_coverage] == [solo, team]


def test_chiefs_are_ranked_on_key_customers_growth_and_satisfaction(db: Database) -> None:
    b, _ids, _team, _solo = _world(db)
    with db.session(b.supervisor) as s:
        cards = kpi.chief_scorecards(s, b.supervisor, PERIOD)
    assert [(c.login, c.customers) for c in cards] == [("qian", 1), ("zhao", 2)]
    qian, zhao = cards
    assert (zhao.raw["key_aum_growth"], qian.raw["key_aum_growth"]) == (3 * WAN, 10 * WAN)
    # answers this period on their key customers: 甲 5, 戊 4; none before: no change
    assert (zhao.raw["satisfaction"], qian.raw["satisfaction"]) == (5.0, 4.0)
    assert zhao.raw["satisfaction_change"] is qian.raw["satisfaction_change"] is None
    # default weights 60 / 25 / 15, the change not measurable and left out of both scores:
    # 钱 (100·60 + 0·25) / 85, 赵 (0·60 + 100·25) / 85
    assert [(c.login, c.rank, c.score) for c in cards] == [("qian", 1, 70.6), ("zhao", 2, 29.4)]


def test_every_kind_has_its_own_weights(db: Database) -> None:
    b, *_ = _world(db)
    with db.session(b.supervisor) as s:
        kpi.save_weights(s, b.supervisor, {"satisfaction": 1}, "chiefs")
        kpi.save_weights(s, b.supervisor, {"coverage": 1}, "teams")
    with db.session(b.supervisor) as s:
        assert kpi.load_weights(s, "chiefs") == {
            "key_aum_growth": 0,
            "satisfaction": 1,
            "satisfaction_change": 0,
        }
        assert kpi.load_weights(s, "teams")["coverage"] == 1
        assert kpi.load_weights(s) == kpi.DEFAULT_WEIGHTS  # managers untouched
        ranking = kpi.rankings(s, b.supervisor, PERIOD)
        with pytest.raises(ValidationError):
            kpi.save_weights(s, b.supervisor, {"coverage": 1}, "chiefs")
        with pytest.raises(ValidationError):
            kpi.load_weights(s, "branches")
    assert [c.login for c in ranking.cards["chiefs"]] == ["zhao", "qian"]  # satisfaction only
    assert ranking.weights["chiefs"]["satisfaction"] == 1
    assert [c.login for c in ranking.cards["managers"]] == [c.login for c in _managers(db, b)]


def _managers(db: Database, b: Branch) -> list[kpi.Scorecard]:
    with db.session(b.supervisor) as s:
        return kpi.scorecards(s, b.supervisor, PERIOD)


def test_the_report_has_a_ranked_sheet_with_a_chart_per_kind(db: Database, tmp_path: Path) -> None:
    b, *_ = _world(db)
    with db.session(b.supervisor) as s:
        ranking = kpi.rankings(s, b.supervisor, PERIOD)
    out = tmp_path / "kpi.xlsx"
    write_kpi_report(out, ranking)
    wb = load_workbook(out)
    assert wb.sheetnames == ["KPI", "Teams", "Chiefs", "Scaled", "Weights"]
    for sheet, kind in (("KPI", "managers"), ("Teams", "teams"), ("Chiefs", "chiefs")):
        ws = wb[sheet]
        cards = ranking.cards[kind]
        assert [ws.cell(r, 3).value for r in range(2, 2 + len(cards))] == [c.name for c in cards]
        assert [ws.cell(r, 4).value for r in range(2, 2 + len(cards))] == [c.score for c in cards]
        assert len(ws._charts) == 1
    assert wb["Chiefs"].cell(1, 6).value == "Asset growth of key customers"
    assert wb["Teams"].cell(2, 2).value in ("王经理, 刘经理", "陈经理")
