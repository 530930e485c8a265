"""Dates as branch staff typed them into notebooks.

Only what is certain is returned: an ambiguous or impossible date comes back as a
:class:`DateError` with a stable code, never as a guess.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

EXCEL_EPOCH = dt.date(1899, 12, 30)  # 1900 date system, after Lotus' 1900-02-29 bug
MAX_SERIAL = 2_958_465  # 9999-12-31

_TIME_TAIL = re.compile(
    r"(?:\s*(?:上午|下午|中午|晚上|早上|凌晨|am|pm|AM|PM))?"
    r"(?:\s*\d{1,2}[:：时点]\d{0,2}(?:[:：分]\d{0,2}(?:\.\d+)?秒?)?)?"
    r"(?:\s*(?:上午|下午|中午|晚上|早上|凌晨|am|pm|AM|PM))?\s*$"
)
_YMD = re.compile(r"^(\d{2}|\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?$")
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*[日号]?$")
_DMY = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})$")
_YM = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?$")
# The form most notebooks use (1978.5.3, 1978-05-03, 1978/5/3): ASCII, a four-digit year,
# nothing around it. NFKC, the time tail and the patterns above leave it as it is and read
# it as _YMD does, so it skips them.
_YMD_PLAIN = re.compile(r"([0-9]{4})[./\-]([0-9]{1,2})[./\-]([0-9]{1,2})", re.ASCII)


class DateError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ParsedDate:
    """A full date, or only a month and day (``date`` is None then)."""

    date: dt.date | None
    month: int
    day: int
    note: str | None = None  # what was interpreted, e.g. a two-digit year


def from_excel_serial(serial: float) -> dt.date:
    if not 1 <= serial <= MAX_SERIAL:
        raise DateError("date_invalid", f"{serial!r} is not an Excel date serial")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _make(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError("date_invalid", f"impossible date {raw!r}") from exc


def _full_year(yy: int, raw: str, *, birth: bool, today: dt.date) -> tuple[int, str]:
    """Two-digit years: a birth year after this year's two digits is certainly 19xx;
    anything else could be either century for a birthday and is refused."""
    this = today.year % 100
    if birth:
        if yy > this:
            return 1900 + yy, f"two-digit year {yy:02d} read as {1900 + yy}"
        raise DateError(
            "date_two_digit_year", f"two-digit year in {raw!r} could be 19{yy:02d} or 20{yy:02d}"
        )
    year = 2000 + yy if yy <= this else 1900 + yy
    return year, f"two-digit year {yy:02d} read as {year}"


def parse_date_text(raw: str, *, birth: bool = False, today: dt.date | None = None) -> ParsedDate:
    """Parse ``1978.5.3``, ``1978年5月3日``, ``78-5-3``, ``19780503``, ``5月3日``,
    ``2012/3/15 上午``, ``2012-03-15 10:30:00`` ..."""
    if m := _YMD_PLAIN.fullmatch(raw):
        d = _make(int(m[1]), int(m[2]), int(m[3]), raw)
        return ParsedDate(d, d.month, d.day)
    today = today or dt.date.today()
    text = unicodedata.normalize("NFKC", raw).strip()
    text = _TIME_TAIL.sub("", text).strip() if not _YMD_COMPACT.match(text) else text
    if not text:
        raise DateError("date_invalid", f"not a date: {raw!r}")
    if m := _YMD_COMPACT.match(text):
        d = _make(int(m[1]), int(m[2]), int(m[3]), raw)
        return ParsedDate(d, d.month, d.day)
    if m := _YMD.match(text):
        year, note = int(m[1]), None
        if len(m[1]) == 2:
            year, note = _full_year(year, raw, birth=birth, today=today)
        d = _make(year, int(m[2]), int(m[3]), raw)
        return ParsedDate(d, d.month, d.day, note)
    if m := _DMY.match(text):
        a, b = int(m[1]), int(m[2])
        if a <= 12 and b <= 12 and a != b:
            raise DateError("date_ambiguous", f"{raw!r} could be day/month or month/day")
        month, day = (b, a) if a > 12 else (a, b)
        d = _make(int(m[3]), month, day, raw)
        return ParsedDate(d, d.month, d.day, f"{raw!r} read as {d.isoformat()}")
    if m := _MD.match(text):
        month, day = int(m[1]), int(m[2])
        _make(2000, month, day, raw)  # leap year: 2-29 is a real birthday
        return ParsedDate(None, month, day)
    if _YM.match(text):
        raise DateError("date_no_day", f"{raw!r} has no day of the month")
    raise DateError("date_invalid", f"not a date: {raw!r}")


def plain_date(raw: str) -> dt.date | None:
    """The date of ``raw`` in the usual form (``1978.5.3``, ``1978-05-03``, ``1978/5/3``,
    nothing around it), as :func:`parse_date_text` reads it; ``None`` for any other text
    (which may still be a date: ask :func:`parse_date_text`)."""
    m = _YMD_PLAIN.fullmatch(raw)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def is_plausible(d: dt.date, *, birth: bool, today: dt.date | None = None) -> bool:
    """Whether :func:`check_plausible` lets ``d`` through."""
    today = today or dt.date.today()
    if birth:
        return not (d > today or d.year < today.year - 120)
    return not (d > today + dt.timedelta(days=366) or d.year < 1950)


def check_plausible(d: dt.date, *, birth: bool, today: dt.date | None = None) -> None:
    """Birthdays in the future or more than 120 years ago cannot be right."""
    today = today or dt.date.today()
    if birth and (d > today or d.year < today.year - 120):
        raise DateError("date_implausible", f"birth date {d.isoformat()} is not plausible")
    if not birth and (d > today + dt.timedelta(days=366) or d.year < 1950):
        raise DateError("date_implausible", f"date {d.isoformat()} is not plausible")
