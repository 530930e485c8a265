"""Reporting periods: a month ``YYYY-MM`` or a quarter ``YYYY-Qn``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from branchcrm.services.errors import ValidationError

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    label: str
    months: tuple[str, ...]  # YYYY-MM, oldest first
    start: dt.date
    end: dt.date  # exclusive

    @property
    def last_month(self) -> str:
        return self.months[-1]

    def previous(self) -> Period:
        return parse_period(_shift_label(self))


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_period(text: str) -> Period:
    raw = text.strip()
    if match := _MONTH.match(raw):
        start = _month_start(int(match[1]), int(match[2]))
        return Period(raw, (raw,), start, _add_months(start, 1))
    if match := _QUARTER.match(raw):
        year, q = int(match[1]), int(match[2])
        start = _month_start(year, 3 * q - 2)
        months = tuple(
            f"{d.year:04d}-{d.month:02d}" for d in (_add_months(start, i) for i in range(3))
        )
        return Period(f"{year}-Q{q}", months, start, _add_months(start, 3))
    raise ValidationError({"period": f"use YYYY-MM or YYYY-Qn, not {text!r}"})


def _shift_label(p: Period) -> str:
    if "Q" in p.label:
        year, q = int(p.label[:4]), int(p.label[-1])
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
        return f"{year}-Q{q}"
    prev = _add_months(p.start, -1)
    return f"{prev.year:04d}-{prev.month:02d}"


def months_back(last: str, count: int) -> list[str]:
    """``count`` months ending with ``last``, oldest first."""
    year, month = int(last[:4]), int(last[5:7])
    end = dt.date(year, month, 1)
    return [
        f"{d.year:04d}-{d.month:02d}"
        for d in (_add_months(end, -i) for i in range(count - 1, -1, -1))
    ]
