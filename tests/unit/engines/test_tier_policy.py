"""The tier policy on constructed histories: upgrade at once, downgrade after a watch,
downgrade to what the lookback supports."""

from __future__ import annotations

import pytest

from branchcrm.engines.tiering import (
    Policy,
    Rung,
    decide,
    explain,
    sorted_ladder,
    tier_for,
)
from branchcrm.services.errors import ServiceError, ValidationError

WAN = 1_000_000  # 1万元 in fen
LADDER = sorted_ladder(
    [
        Rung("gold", "Gold", 2, 5 * WAN),
        Rung("standard", "Standard", 1, 0),
        Rung("platinum", "Platinum", 3, 50 * WAN),
        Rung("diamond", "Diamond", 4, 200 * WAN),
        Rung("private", "Private", 5, 600 * WAN),
    ]
)
POLICY = Policy(watch_months=3, lookback_months=6)


def w(*wan: float) -> list[int]:
    return [int(x * WAN) for x in wan]


def test_tier_for_uses_inclusive_thresholds() -> None:
    assert tier_for(LADDER, 5 * WAN).code == "gold"
    assert tier_for(LADDER, 5 * WAN - 1).code == "standard"
    assert tier_for(LADDER, 600 * WAN).code == "private"
    assert tier_for(LADDER, 0).code == "standard"


def test_a_customer_without_a_tier_gets_the_tier_of_the_month() -> None:
    d = decide(LADDER, POLICY, None, w(60))
    assert (d.action, d.to_tier) == ("initial", "platinum")


def test_upgrade_happens_in_the_month_the_threshold_is_crossed() -> None:
    d = decide(LADDER, POLICY, "gold", w(10, 10, 49.99, 50))
    assert (d.action, d.from_tier, d.to_tier) == ("upgrade", "gold", "platinum")
    assert d.figures["month_avg_fen"] == 50 * WAN


def test_upgrade_can_skip_rungs() -> None:
    d = decide(LADDER, POLICY, "standard", w(1, 700))
    assert (d.action, d.to_tier) == ("upgrade", "private")


@pytest.mark.parametrize("months_below", [1, 2])
def test_fewer_months_below_than_the_watch_only_put_the_customer_on_watch(
    months_below: int,
) -> None:
    d = decide(LADDER, POLICY, "platinum", w(80, 80, 80, 80, *[10] * months_below))
    assert (d.action, d.to_tier) == ("watch", "platinum")
    assert d.figures["months_below"] == months_below


def test_a_good_month_resets_the_watch() -> None:
    d = decide(LADDER, POLICY, "platinum", w(10, 10, 60, 10, 10))
    assert d.action == "watch"
    assert d.figures["months_below"] == 2


def test_downgrade_after_the_watch_goes_to_the_tier_the_six_month_average_supports() -> None:
    # Diamond customer: 3 months at 250万, then 3 months at 10万: mean 130万 -> platinum.
    d = decide(LADDER, POLICY, "diamond", w(250, 250, 250, 10, 10, 10))
    assert (d.action, d.from_tier, d.to_tier) == ("downgrade", "diamond", "platinum")
    assert d.figures["lookback_avg_fen"] == 130 * WAN
    assert d.figures["months_below"] == 3
    assert d.figures["lookback"] == w(250, 250, 250, 10, 10, 10)


def test_downgrade_can_fall_several_rungs_when_the_lookback_supports_no_more() -> None:
    d = decide(LADDER, POLICY, "diamond", w(1, 1, 1, 1, 1, 1))
    assert (d.action, d.to_tier) == ("downgrade", "standard")


def test_only_the_last_lookback_months_count_for_the_target() -> None:
    # A huge month seven months ago is outside the window.
    d = decide(LADDER, POLICY, "platinum", w(900, 3, 3, 3, 3, 3, 3))
    assert (d.action, d.to_tier) == ("downgrade", "standard")


def test_no_downgrade_while_the_lookback_average_still_meets_the_current_line() -> None:
    # Three months below gold's 5万, but the six-month mean is 20.5万: stays gold, on watch.
    d = decide(LADDER, POLICY, "gold", w(40, 40, 40, 1, 1, 1))
    assert (d.action, d.to_tier) == ("watch", "gold")
    assert d.figures["lookback_avg_fen"] == int(20.5 * WAN)


def test_the_downgrade_target_is_never_above_the_current_tier() -> None:
    d = decide(LADDER, POLICY, "platinum", w(900, 900, 900, 10, 10, 10))
    assert d.to_tier == "platinum"


def test_a_short_history_averages_over_the_months_there_are() -> None:
    d = decide(LADDER, POLICY, "platinum", w(10, 10, 10))
    assert (d.action, d.to_tier) == ("downgrade", "gold")
    assert d.figures["lookback_months"] == 3


def test_applying_the_decision_again_changes_nothing() -> None:
    histories = [
        ("diamond", w(250, 250, 250, 10, 10, 10)),
        ("gold", w(10, 10, 49.99, 50)),
        ("standard", w(1, 700)),
        ("platinum", w(10, 10, 10)),
        (None, w(0)),
    ]
    for current, months in histories:
        first = decide(LADDER, POLICY, current, months)
        again = decide(LADDER, POLICY, first.to_tier, months)
        assert not again.changed, (current, months, first, again)


def test_policy_parameters_come_from_data() -> None:
    strict = Policy.from_dict({"watch_months": 1, "lookback_months": 1})
    d = decide(LADDER, strict, "platinum", w(80, 10))
    assert (d.action, d.to_tier) == ("downgrade", "gold")
    with pytest.raises(ValidationError):
        Policy.from_dict({"watch_months": 0})
    with pytest.raises(ValidationError):
        Policy.from_dict({"watch_months": "three"})


def test_an_unknown_current_tier_is_decided_afresh() -> None:
    d = decide(LADDER, POLICY, "retired-code", w(60))
    assert (d.action, d.to_tier) == ("initial", "platinum")


def test_an_empty_ladder_is_a_user_error() -> None:
    with pytest.raises(ServiceError):
        sorted_ladder([])


def test_explanations_are_one_sentence_with_the_figures() -> None:
    names = {r.code: r.name for r in LADDER}
    up = decide(LADDER, POLICY, "gold", w(10, 62))
    e = explain(up.action, up.to_tier, "2026-03", up.figures, names, from_tier=up.from_tier)
    assert e.text == (
        "Platinum since 2026-03: upgraded at once because the 2026-03 daily-average assets of "
        "¥620,000.00 reached the Platinum line of ¥500,000.00."
    )
    down = decide(LADDER, POLICY, "diamond", w(250, 250, 250, 10, 10, 10))
    e = explain(down.action, down.to_tier, "2026-06", down.figures, names, from_tier="diamond")
    assert e.text == (
        "Platinum since 2026-06: after 3 months below the Diamond line of ¥2,000,000.00, "
        "the 6-month average of ¥1,300,000.00 supports Platinum."
    )
    assert "{" in e.template and e.text.count(".") >= 1
