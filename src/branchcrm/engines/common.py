"""Helpers shared by the engines and the feed importer: settings, periods, time zone, bulk writes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m

DEFAULT_TIMEZONE = "Asia/Shanghai"
TIMEZONE_SETTING = "branch.timezone"
# China has kept UTC+8 without daylight saving since 1991: a safe fallback where the
# operating system has no time zone database (some Windows installations).
CHINA_FIXED = dt.timezone(dt.timedelta(hours=8), "UTC+08:00")


def setting_json(session: Session, key: str, default: dict[str, Any]) -> dict[str, Any]:
    """A JSON object setting merged over ``default``; unknown or broken values fall back."""
    raw = session.scalar(select(m.Setting.value).where(m.Setting.key == key))
    out = dict(default)
    if raw:
        try:
            stored = json.loads(raw)
        except ValueError:
            stored = None
        if isinstance(stored, dict):
            out.update(stored)
    return out


def branch_zone(session: Session | None = None) -> dt.tzinfo:
    """The branch's time zone: business days are local days, timestamps are stored in UTC."""
    name = DEFAULT_TIMEZONE
    if session is not None:
        raw = session.scalar(select(m.Setting.value).where(m.Setting.key == TIMEZONE_SETTING))
        if raw:
            try:
                value = json.loads(raw)
            except ValueError:
                value = raw
            if isinstance(value, str) and value:
                name = value
    return zone(name)


def zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name == DEFAULT_TIMEZONE:
            return CHINA_FIXED
        raise


def local_day_bounds(day: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local calendar day in UTC (23 or 25 hours long on DST change days)."""
    start = dt.datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(dt.UTC)
    nxt = day + dt.timedelta(days=1)
    end = dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz).astimezone(dt.UTC)
    return start, end


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_period(period: str) -> tuple[int, int]:
    """``'2026-03'`` -> (2026, 3); raises ValueError for anything else."""
    text = period.strip()
    if len(text) != 7 or text[4] != "-":
        raise ValueError(f"not a period (YYYY-MM): {period!r}")
    year, month = int(text[:4]), int(text[5:])
    if not 1 <= month <= 12 or year < 1900:
        raise ValueError(f"not a period (YYYY-MM): {period!r}")
    return year, month


def shift_period(period: str, months: int) -> str:
    year, month = parse_period(period)
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def periods_back(period: str, count: int) -> list[str]:
    """The ``count`` periods ending with ``period``, oldest first."""
    return [shift_period(period, -i) for i in range(count - 1, -1, -1)]


def month_days(period: str) -> int:
    year, month = parse_period(period)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.date(year, month, 1)).days


def bulk_insert(
    session: Session, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Plain rows through the driver's fastest path: COPY on PostgreSQL, executemany on SQLite.

    Values must already be in database form (UTC naive datetimes, ISO dates on SQLite are
    handled by the driver). Returns the number of rows written.
    """
    conn = session.connection()
    names = ", ".join(columns)
    count = 0
    if conn.dialect.name == "postgresql":
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    marks = ", ".join("?" * len(columns))
    batch: list[Sequence[Any]] = []
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    for row in rows:
        batch.append(row)
        if len(batch) >= 20_000:
            conn.exec_driver_sql(sql, batch)
            count += len(batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)
        count += len(batch)
    return count


def db_time(value: dt.datetime, dialect: str) -> dt.datetime | str:
    """An aware datetime as ``UTCDateTime`` stores it, for driver-level writes.

    On SQLite that is the exact text SQLAlchemy writes (microseconds always present), so
    that string comparisons against bound parameters order correctly.
    """
    if value.tzinfo is None:
        raise ValueError("naive datetime given where UTC was expected")
    naive = value.astimezone(dt.UTC).replace(tzinfo=None)
    if dialect == "sqlite":
        return naive.strftime("%Y-%m-%d %H:%M:%S.%f")
    return naive
