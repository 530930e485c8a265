"""Customer search latency (median, p95) over demo customers, on SQLite and PostgreSQL.

Prints figures only (no assertions). Calls ``services.search.search_customer_ids`` as the
'supervisor' (whole branch) and as 'manager1' (own customers only), with terms drawn from the
demo data itself, and, in the same run, a baseline: plain ``LIKE '%term%'`` on
``customer.search_text`` with the same ordering and limit (on PostgreSQL with bitmap scans
off, so the trigram index cannot serve it: the scan the search indexes exist to avoid).

    .venv/bin/python bench/bench_search.py [--customers N] [--queries Q] [--only ...]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from bench_demo import PG_BASE, postgres_database, sqlite_database
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain import search_keys as sk
from branchcrm.services.auth import sign_in
from branchcrm.services.demo import generate_demo
from branchcrm.services.search import search_customer_ids

PASSWORD = "demo1234"


def make_terms(session: Session, queries: int, seed: int = 1) -> dict[str, list[str]]:
    """Realistic terms, each taken from a randomly chosen demo customer."""
    rows = session.execute(
        select(m.Customer.name, m.Customer.mobile, m.Customer.id_number)
        .where(m.Customer.mobile.is_not(None), m.Customer.id_number.is_not(None))
        .order_by(m.Customer.id)
    ).all()
    rnd = random.Random(seed)
    sample = [rnd.choice(rows) for _ in range(queries * 4)]
    two = [r for r in sample if len(r.name) == 2]
    three = [r for r in sample if len(r.name) == 3]
    terms = {
        "name, 1 char": [r.name[0] for r in sample],
        "name, 2 chars": [r.name[:2] for r in sample],
        "name, 3 chars": [r.name for r in three],
        "initials, 2": [sk.pinyin_initials(r.name) for r in two],
        "initials, 3": [sk.pinyin_initials(r.name) for r in three],
        "pinyin fragment": [sk.pinyin_full(r.name)[:6] for r in sample],
        "phone, 4 digits": [r.mobile[-4:] for r in sample],
        "ID, 6 digits": [r.id_number[-6:] for r in sample],
    }
    return {kind: values[:queries] for kind, values in terms.items()}


def timed(fn: Callable[[str], int], terms: list[str]) -> tuple[float, float, float]:
    """Median and p95 in ms, and the mean number of ids returned."""
    fn(terms[0])  # warm caches and statement compilation
    times, hits = [], []
    for term in terms:
        start = time.perf_counter()
        hits.append(fn(term))
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return statistics.median(times), p95, statistics.mean(hits)


def like_baseline(session: Session) -> Callable[[str], int]:
    postgres = session.get_bind().dialect.name == "postgresql"

    def run(term: str) -> int:
        if postgres:
            session.execute(text("SET LOCAL enable_bitmapscan = off"))
        pattern = f"%{sk.normalize_term(term)}%"
        ids = session.scalars(
            select(m.Customer.id)
            .where(m.Customer.search_text.like(pattern))
            .order_by(m.Customer.aum_fen.desc(), m.Customer.id)
            .limit(50)
        ).all()
        return len(ids)

    return run


def bench(db: Database, backend: str, customers: int, queries: int) -> None:
    generate_demo(db, customers=customers)
    with db.session() as session:
        supervisor = sign_in(session, "supervisor", PASSWORD)
        manager = sign_in(session, "manager1", PASSWORD)
        session.commit()
        terms = make_terms(session, queries)
        print(f"\n{backend}: {customers:,} customers, {queries} queries per kind, limit 50")
        print(
            "| term kind        | supervisor med / p95 ms | hits | manager1 med / p95 ms | hits "
            "| LIKE scan med / p95 ms | p95 ratio |"
        )
        print(
            "|------------------|------------------------:|-----:|----------------------:|-----:"
            "|-----------------------:|----------:|"
        )
        baseline = like_baseline(session)
        for kind, values in terms.items():
            sup = timed(lambda t: len(search_customer_ids(session, supervisor, t)), values)
            man = timed(lambda t: len(search_customer_ids(session, manager, t)), values)
            base = timed(baseline, values)
            session.rollback()  # ends the SET LOCAL transaction on PostgreSQL
            print(
                f"| {kind:<16} | {sup[0]:>10.2f} / {sup[1]:>8.2f} | {sup[2]:>4.0f} "
                f"| {man[0]:>8.2f} / {man[1]:>8.2f} | {man[2]:>4.0f} "
                f"| {base[0]:>9.2f} / {base[1]:>9.2f} | {base[1] / max(sup[1], 1e-9):>8.1f}x |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--pg", default=PG_BASE, help="PostgreSQL base URL")
    args = parser.parse_args()
    if args.only in (None, "sqlite"):
        with sqlite_database() as (db, _path):
            bench(db, "SQLite", args.customers, args.queries)
    if args.only in (None, "postgresql"):
        with postgres_database(args.pg) as db:
            bench(db, "PostgreSQL", args.customers, args.queries)


if __name__ == "__main__":
    main()
