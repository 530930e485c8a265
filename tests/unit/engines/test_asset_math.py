"""Quarter daily-averages weight each month by its days; the quarter is the quarter so far."""

from __future__ import annotations

from branchcrm.services.assets import quarter_daily_average, quarter_of


def test_quarter_of_a_month_is_the_quarter_so_far() -> None:
    assert quarter_of("2026-01") == ("2026Q1", ["2026-01"])
    assert quarter_of("2026-06") == ("2026Q2", ["2026-04", "2026-05", "2026-06"])
    assert quarter_of("2026-11") == ("2026Q4", ["2026-10", "2026-11"])


def test_the_quarter_average_weights_months_by_their_days() -> None:
    # Q1 2028 (leap): 31 + 29 + 31 = 91 days.
    months = {"2028-01": 3100, "2028-02": 0, "2028-03": 0}
    assert quarter_daily_average(months, ["2028-01", "2028-02", "2028-03"]) == round(3100 * 31 / 91)
    # In an ordinary year February has 28 days: 90 days in all.
    months = {"2027-02": 9000}
    assert quarter_daily_average(months, ["2027-01", "2027-02", "2027-03"]) == 2800


def test_a_quarter_with_no_months_averages_to_zero() -> None:
    assert quarter_daily_average({}, []) == 0
