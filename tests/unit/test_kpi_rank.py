"""Ranking rule: an indicator with nothing to measure neither helps nor hurts."""

from __future__ import annotations

import pytest

from branchcrm.services.kpi import Scorecard, rank

KEYS = ("coverage", "on_time")
WEIGHTS = {"coverage": 50.0, "on_time": 50.0}


def _card(login: str, coverage: float, on_time: float | None) -> Scorecard:
    return Scorecard(0, login, login, {"coverage": coverage, "on_time": on_time})


def test_a_manager_with_no_reminders_due_is_scored_on_the_other_indicators() -> None:
    idle = _card("idle", coverage=0.7, on_time=None)  # nothing fell due: 0/0
    late = _card("late", coverage=0.5, on_time=0.2)
    prompt = _card("prompt", coverage=0.9, on_time=1.0)
    ranked = rank([idle, late, prompt], WEIGHTS, KEYS)
    assert [c.login for c in ranked] == ["prompt", "idle", "late"]
    assert idle.scaled["on_time"] is None
    assert idle.scaled["coverage"] == pytest.approx(50.0)
    assert idle.score == 50.0  # its coverage alone: on time is counted neither for nor against
    assert (late.score, prompt.score) == (0.0, 100.0)


def test_nothing_to_measure_does_not_beat_a_measured_best() -> None:
    idle = _card("idle", coverage=0.9, on_time=None)
    best = _card("best", coverage=0.9, on_time=1.0)
    worst = _card("worst", coverage=0.1, on_time=0.0)
    rank([idle, best, worst], WEIGHTS, KEYS)
    assert (idle.score, best.score, worst.score) == (100.0, 100.0, 0.0)
    assert idle.rank > best.rank or idle.login > best.login  # ties break by login
