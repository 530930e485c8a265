"""Notebook import speed against openpyxl's bare read-only parse of the same file.

Prints figures only (no assertions): rows/s of the whole import (read in the sandboxed child,
normalize, match, bulk write) on SQLite and PostgreSQL, the ratio to the bare parse, and peak
memory of the parent and of the reader child.

    .venv/bin/python bench/bench_import.py [ROWS] [--pg URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import create_engine, text

from branchcrm.db import models as m
from branchcrm.db import schema
from branchcrm.db.engine import make_engine
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.idnumber import make_resident_id
from branchcrm.domain.roles import Role
from branchcrm.importers.notebook import import_notebooks

HEADER = [
    "序号",
    "姓名",
    "手机",
    "身份证号码",
    "出生日期",
    "性别",
    "来行日期",
    "购买产品",
    "金额（万元）",
    "资产",
    "风险等级",
    "职业",
    "工作单位",
    "地址",
    "备注",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国"


def make_file(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("登记")
    ws.append(["2012年大堂客户登记本"])
    ws.append(HEADER)
    people = []
    for i in range(rows * 7 // 10):  # ~30 % of rows are repeat visits
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rnd.randrange(25_000))
        people.append(
            (
                rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                f"13{rnd.randrange(10**9):09d}",
                make_resident_id("330602", birth, i % 1000),
                birth,
            )
        )
    for i in range(rows):
        name, mobile, idn, birth = people[i] if i < len(people) else rnd.choice(people)
        visit = dt.date(2012, 1, 1) + dt.timedelta(days=rnd.randrange(3000))
        ws.append(
            [
                i + 1,
                name,
                float(mobile),
                idn,
                birth.strftime("%Y.%m.%d"),
                "男" if int(idn[16]) % 2 else "女",
                visit,
                rnd.choice(["定期", "理财A", "基金B"]),
                rnd.choice([5, "12.5万", "3万元", None]),
                rnd.randrange(10**7),
                rnd.choice(["C1", "C2", "稳健型", "C4"]),
                "教师",
                "某某公司",
                "浙江省绍兴市越城区某路" + str(i),
                "来行咨询理财产品，留意到期日",
            ]
        )
    wb.save(path)


def bare_parse(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        ws.reset_dimensions()
        for _row in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return time.perf_counter() - start, n


def setup(db: Database) -> Actor:
    with db.session(Actor.system()) as s:
        b = m.Branch(code="B1", name="bench")
        s.add(b)
        s.flush()
        st = m.Staff(branch_id=b.id, login="owner", name="owner", password_hash="x")
        s.add(st)
        s.flush()
        return Actor(st.id, "owner", "owner", frozenset({Role.MANAGER}), b.id)


def run_import(url: str, path: Path) -> tuple[float, int]:
    engine = make_engine(url)
    schema.upgrade(engine)
    db = Database(engine)
    actor = setup(db)
    start = time.perf_counter()
    result = import_notebooks(db, actor, [path], owner_login="owner")
    took = time.perf_counter() - start
    db.dispose()
    assert result.ok
    return took, result.customers_new


def rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", nargs="?", type=int, default=50_000)
    ap.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "notebook.xlsx"
    t = time.perf_counter()
    make_file(path, args.rows)
    print(
        f"generated {args.rows:,} rows x {len(HEADER)} columns "
        f"({path.stat().st_size / 2**20:.1f} MB) in {time.perf_counter() - t:.1f} s"
    )
    parse_s, n = bare_parse(path)
    print(f"openpyxl read-only bare parse: {parse_s:6.2f} s  {n / parse_s:9,.0f} rows/s")
    print(f"  parent peak RSS after parse: {rss_mb(resource.RUSAGE_SELF):.0f} MB")
    targets = [("SQLite", f"sqlite:///{tmp / 'bench.sqlite3'}")]
    schema_name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = None
    try:
        admin = create_engine(args.pg)
        with admin.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
            conn.execute(text(f'CREATE SCHEMA "{schema_name}"'))
        sep = "&" if "?" in args.pg else "?"
        targets.append(
            ("PostgreSQL", f"{args.pg}{sep}options=-csearch_path%3D{schema_name},public")
        )
    except Exception as exc:
        print(f"PostgreSQL skipped: {str(exc).splitlines()[0]}")
    try:
        for label, url in targets:
            took, new = run_import(url, path)
            print(
                f"whole import on {label:10}: {took:6.2f} s  {args.rows / took:9,.0f} rows/s  "
                f"ratio to bare parse {parse_s / took:4.2f}  ({new:,} new customers)"
            )
    finally:
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE'))
            admin.dispose()
    print(
        f"peak RSS: parent {rss_mb(resource.RUSAGE_SELF):.0f} MB, "
        f"reader child {rss_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
