"""KPI scorecards rank managers by weighted indicators scaled across the team."""

from __future__ import annotations

import datetime as dt

import pytest

from branchcrm.db.session import Database
from branchcrm.services import contacts, kpi
from branchcrm.services.errors import PermissionDenied, ValidationError
from branchcrm.services.periods import parse_period
from tests.factories import make_branch

TODAY = dt.date.today()


def test_the_manager_who_serves_better_ranks_first(db: Database) -> None:
    b = make_branch(db)
    for name in ("甲", "乙"):
        cid = b.customer(b.m1, name)
        with db.session(b.m1) as s:
            contacts.log_contact(s, b.m1, cid, channel="visit", summary="来访", satisfaction=5)
    b.customer(b.m2, "丙")
    period = parse_period(f"{TODAY:%Y-%m}")
    with db.session(b.supervisor) as s:
        cards = kpi.scorecards(s, b.supervisor, period)
    assert [c.login for c in cards][:1] == ["m1"]
    first = cards[0]
    assert first.raw["coverage"] == 1.0 and first.raw["satisfaction"] == 5.0
    assert first.scaled["coverage"] == 100.0
    assert [c.rank for c in cards] == list(range(1, len(cards) + 1))


def test_weights_are_configurable_and_checked(db: Database) -> None:
    b = make_branch(db)
    with db.session(b.supervisor) as s:
        kpi.save_weights(s, b.supervisor, {"coverage": 1})
    with db.session(b.supervisor) as s:
        weights = kpi.load_weights(s)
    assert weights["coverage"] == 1 and weights["aum_growth"] == 0
    with db.session(b.supervisor) as s, pytest.raises(ValidationError):
        kpi.save_weights(s, b.supervisor, {"charm": 3})
    with db.session(b.m1) as s, pytest.raises(PermissionDenied):
        kpi.save_weights(s, b.m1, {"coverage": 1})
