"""Demo branch generation rate (customers/s) on SQLite and PostgreSQL.

Prints figures only (no assertions). Each backend gets a fresh, migrated database: a temp
SQLite file, and a new schema in the PostgreSQL database ``test`` that is dropped afterwards.
Migration time is not counted; the argon2 hash, catalogue, staff and every bulk row are.

    .venv/bin/python bench/bench_demo.py [--customers N] [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from branchcrm.db import schema
from branchcrm.db.engine import make_engine
from branchcrm.db.session import Database
from branchcrm.services.demo import generate_demo

PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def sqlite_database() -> Iterator[tuple[Database, Path]]:
    """A migrated SQLite file in a temp folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as folder:
        path = Path(folder) / "branch.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        schema.upgrade(engine)
        db = Database(engine)
        try:
            yield db, path
        finally:
            db.dispose()


@contextmanager
def postgres_database(base: str = PG_BASE) -> Iterator[Database]:
    """A migrated fresh schema (search_path set per connection), dropped afterwards."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    engine = make_engine(f"{base}?options=-csearch_path%3D{name},public")
    try:
        schema.upgrade(engine)
        db = Database(engine)
        try:
            yield db
        finally:
            db.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def _row(backend: str, customers: int, seconds: float, rows: int, size: str) -> str:
    return (
        f"| {backend:<10} | {customers:>9,} | {seconds:>7.1f} | {customers / seconds:>11,.0f} "
        f"| {rows:>11,} | {rows / seconds:>9,.0f} | {size:>8} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--managers", type=int, default=8)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--pg", default=PG_BASE, help="PostgreSQL base URL")
    args = parser.parse_args()
    n = args.customers
    lines = []
    detail = {}
    if args.only in (None, "sqlite"):
        with sqlite_database() as (db, path):
            r = generate_demo(db, customers=n, managers=args.managers, months=args.months)
            wal = path.with_name(path.name + "-wal")
            size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
            lines.append(_row("SQLite", n, r.seconds, sum(r.rows.values()), f"{size / 1e6:.0f} MB"))
            detail["SQLite"] = r.rows
            print(lines[-1], flush=True)
    if args.only in (None, "postgresql"):
        with postgres_database(args.pg) as db:
            r = generate_demo(db, customers=n, managers=args.managers, months=args.months)
            with db.engine.connect() as conn:
                size_b = conn.execute(
                    text(
                        "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                        "JOIN pg_namespace s ON s.oid = c.relnamespace "
                        "WHERE s.nspname = current_schema() AND c.relkind = 'r'"
                    )
                ).scalar()
            lines.append(
                _row(
                    "PostgreSQL",
                    n,
                    r.seconds,
                    sum(r.rows.values()),
                    f"{float(size_b or 0) / 1e6:.0f} MB",
                )
            )
            detail["PostgreSQL"] = r.rows
            print(lines[-1], flush=True)
    print(f"\nDemo generation: {n:,} customers, {args.managers} managers, {args.months} months\n")
    print("| database   | customers | seconds | customers/s |   bulk rows |    rows/s |     size |")
    print("|------------|----------:|--------:|------------:|------------:|----------:|---------:|")
    for line in lines:
        print(line)
    for backend, rows in detail.items():
        per = ", ".join(f"{t} {c / n:.1f}" for t, c in rows.items())
        print(f"\n{backend} rows per customer: {per}")


if __name__ == "__main__":
    main()
