"""Benchmark: a 1,000,000-row transaction feed, the tier recompute and the reminder scan
over a demo branch of 100,000 customers with 24 months of balances.

Targets (issue 5): feed < 60 s on PostgreSQL, < 90 s on SQLite; recompute and scan < 30 s.

    .venv/bin/python bench/bench_engines.py --backend sqlite
    .venv/bin/python bench/bench_engines.py --backend postgresql \
        --pg postgresql+psycopg://postgres@127.0.0.1:5432/test

Prints figures only. PostgreSQL runs in a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text, update

from branchcrm.db import models as m
from branchcrm.db import schema
from branchcrm.db.engine import make_engine
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.engines import events, tiering
from branchcrm.engines.common import shift_period
from branchcrm.importers import feeds


def write_feed(db: Database, path: Path, rows: int, seed: int = 11) -> None:
    """A core-banking style transaction extract over the branch's real customer numbers."""
    with db.session() as s:
        numbers = [n for (n,) in s.execute(select(m.Customer.customer_no)) if n]
    rnd = random.Random(seed)
    start = dt.datetime(2026, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["交易流水号", "客户号", "账号", "交易日期", "交易时间", "交易金额", "摘要"])
        for i in range(rows):
            no = numbers[rnd.randrange(len(numbers))]
            at = start + dt.timedelta(seconds=rnd.randrange(300 * 86400))
            amount = rnd.randrange(-5_000_000, 5_000_000) / 100
            w.writerow(
                [
                    f"BX{i:012d}",
                    no,
                    f"6217{no[-8:]}",
                    f"{at:%Y-%m-%d}",
                    f"{at:%H:%M:%S}",
                    f"{amount:.2f}",
                    "转账",
                ]
            )


def write_month(db: Database, path: Path, seed: int = 5) -> str:
    """The month after the demo's last: each customer's categories, most flat, some moving."""
    with db.session() as s:
        last = s.scalar(select(func.max(m.PeriodBalance.period)))
        assert last is not None
        rows = s.execute(
            select(
                m.Customer.customer_no, m.PeriodBalance.category, m.PeriodBalance.avg_balance_fen
            )
            .join(m.Customer, m.Customer.id == m.PeriodBalance.customer_id)
            .where(m.PeriodBalance.period == last)
        ).all()
    period = shift_period(last, 1)
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["月份", "客户号", "资产类别", "月日均余额"])
        for no, cat, fen in rows:
            r = rnd.random()
            factor = 0.2 if r < 0.03 else 3.0 if r < 0.05 else 0.97 + rnd.random() * 0.06
            w.writerow([period, no, cat, f"{fen * factor / 100:.2f}"])
    return period


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    print(f"{label:<44} {time.perf_counter() - t0:8.1f} s", flush=True)
    return out


def run(url: str, customers: int, months: int, txns: int, workdir: Path) -> None:
    from branchcrm.services.demo import generate_demo

    engine = make_engine(url)
    schema.upgrade(engine)
    db = Database(engine)
    print(f"backend {db.dialect}; {customers:,} customers, {months} months, {txns:,} transactions")
    timed(
        "demo data (setup, not a target)",
        generate_demo,
        db,
        customers=customers,
        managers=16 if customers >= 20_000 else 8,
        months=months,
    )
    actor = Actor.system("bench")
    feed = workdir / "transactions.csv"
    timed("write the 1M-row CSV (setup)", write_feed, db, feed, txns)
    result = timed(
        "feed import, transactions", feeds.import_feed, db, actor, "transactions", [feed]
    )
    print(
        f"  rows {result.rows:,}, written {result.written:,}, unknown {len(result.unknown)}, "
        f"review {result.review_total}"
    )
    again = feed.with_name("transactions-again.csv")
    again.write_bytes(feed.read_bytes() + b"\n")  # new hash: every row goes through the upsert
    result = timed(
        "feed import again (all rows already there)",
        feeds.import_feed,
        db,
        actor,
        "transactions",
        [again],
    )
    print(f"  written {result.written:,}, unchanged {result.unchanged:,}")
    r = timed("tier recompute (steady state)", tiering.recompute, db, actor)
    print(f"  {r.as_json()}")
    monthly = workdir / "balances.csv"
    period = timed("write next month's balances CSV (setup)", write_month, db, monthly)
    result = timed(
        "feed import, month balances", feeds.import_feed, db, actor, "balances", [monthly]
    )
    print(f"  rows {result.rows:,}, written {result.written:,}, periods {result.periods}")
    r = timed(f"tier recompute {period} (a new month)", tiering.recompute, db, actor)
    print(f"  {r.as_json()}")
    with db.session() as s:
        s.execute(update(m.Customer).values(tier_code=None))
    r = timed("tier recompute (every customer re-tiered)", tiering.recompute, db, actor)
    print(f"  initial {r.initial:,}")
    r2 = timed("tier recompute again (idempotent)", tiering.recompute, db, actor)
    print(f"  changes {r2.initial + r2.upgrades + r2.downgrades}")
    day = dt.date.today()
    sc = timed("events scan (first of the day)", events.scan, db, actor, day)
    print(f"  {sc.as_json()}")
    sc = timed("events scan again (idempotent)", events.scan, db, actor, day)
    print(f"  total {sc.total}")
    db.dispose()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    p.add_argument("--customers", type=int, default=100_000)
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--transactions", type=int, default=1_000_000)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="branchcrm-bench-") as tmp:
        work = Path(tmp)
        if args.backend == "sqlite":
            run(
                f"sqlite:///{work / 'bench.sqlite3'}",
                args.customers,
                args.months,
                args.transactions,
                work,
            )
            return 0
        name = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.pg)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        try:
            sep = "&" if "?" in args.pg else "?"
            run(
                f"{args.pg}{sep}options=-csearch_path%3D{name},public",
                args.customers,
                args.months,
                args.transactions,
                work,
            )
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
