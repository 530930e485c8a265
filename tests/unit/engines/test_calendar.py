"""Calendar rules the engines rely on: birthdays on 29 February, periods, local days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from branchcrm.engines.common import (
    local_day_bounds,
    month_days,
    parse_period,
    periods_back,
    shift_period,
)
from branchcrm.engines.events import birthday_dates, suitability_issue


def _celebrated(day: dt.date, lead: int) -> dict[tuple[int, int], dt.date]:
    return {md: d for d, mds in birthday_dates(day, lead) for md in mds}


def test_29_february_is_celebrated_on_28_february_in_ordinary_years() -> None:
    got = _celebrated(dt.date(2027, 2, 25), 5)
    assert got[(2, 29)] == dt.date(2027, 2, 28)
    assert got[(3, 1)] == dt.date(2027, 3, 1)


def test_29_february_is_its_own_day_in_leap_years() -> None:
    got = _celebrated(dt.date(2028, 2, 25), 5)
    assert got[(2, 29)] == dt.date(2028, 2, 29)
    assert got[(2, 28)] == dt.date(2028, 2, 28)


def test_the_birthday_window_crosses_the_year_end() -> None:
    got = _celebrated(dt.date(2026, 12, 29), 5)
    assert got[(1, 2)] == dt.date(2027, 1, 2)
    assert (12, 28) not in got


def test_periods() -> None:
    assert shift_period("2026-01", -1) == "2025-12"
    assert shift_period("2025-12", 1) == "2026-01"
    assert periods_back("2026-02", 3) == ["2025-12", "2026-01", "2026-02"]
    assert month_days("2024-02") == 29
    assert month_days("2026-02") == 28
    assert month_days("2026-12") == 31
    with pytest.raises(ValueError):
        parse_period("2026-13")
    with pytest.raises(ValueError):
        parse_period("202603")


def test_a_beijing_day_starts_at_16_00_utc_the_day_before() -> None:
    start, end = local_day_bounds(dt.date(2026, 3, 5), ZoneInfo("Asia/Shanghai"))
    assert start == dt.datetime(2026, 3, 4, 16, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(hours=24)


def test_local_days_are_23_or_25_hours_long_when_daylight_saving_changes() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    spring = local_day_bounds(dt.date(2026, 3, 29), berlin)
    autumn = local_day_bounds(dt.date(2026, 10, 25), berlin)
    assert spring[1] - spring[0] == dt.timedelta(hours=23)
    assert autumn[1] - autumn[0] == dt.timedelta(hours=25)


@pytest.mark.parametrize(
    ("risk", "level", "expires", "problem"),
    [
        ("R1", None, None, None),
        (None, None, None, None),
        ("R3", "C3", dt.date(2027, 1, 1), None),
        ("R4", "C3", None, "above the customer's tolerance C3"),
        ("R2", None, None, "no risk assessment"),
        ("R3", "C5", dt.date(2026, 1, 1), "expired on 2026-01-01"),
    ],
)
def test_suitability(
    risk: str | None, level: str | None, expires: dt.date | None, problem: str | None
) -> None:
    got = suitability_issue(risk, level, expires, dt.date(2026, 6, 1))
    if problem is None:
        assert got is None
    else:
        assert got is not None and problem in got
