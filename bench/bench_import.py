"""Notebook import speed against openpyxl's bare read-only parse of the same file.

Prints figures only (no assertions), for each size (default 10k, 50k and 100k rows): the bare
openpyxl read-only parse (``reset_dimensions()``, values only) in rows/s; the whole import
(read and normalize in the sandboxed child, match, bulk write) on SQLite and on PostgreSQL in
rows/s and as a ratio to that parse; and the peak RSS of the importing process and of its
reader child. Every measurement runs in a fresh process, so each peak is its own. The reader
server (see ``readers.sandbox``), which the wizard starts while files are chosen, is started
and timed before the import (its start-up is printed); it is then ready, as in the wizard.
The machine's load average is printed too: other jobs slow everything down.

    .venv/bin/python bench/bench_import.py [ROWS ...] [--pg URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

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
from branchcrm.importers.readers import sandbox
from branchcrm.importers.readers.sandbox import start_reader_server

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
    if not result.ok:
        raise SystemExit(f"import failed: {[f.error for f in result.files]}")
    return took, result.customers_new


def rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def measure(what: str, path: Path, url: str) -> None:
    """One measurement in this (fresh) process; prints one JSON line."""
    if what == "parse":
        took, rows = bare_parse(path)
        out = {"seconds": took, "rows": rows}
    else:
        # The reader server starts once a session, while files are chosen in the wizard.
        start = time.perf_counter()
        start_reader_server(wait=True)
        server = time.perf_counter() - start
        took, new = run_import(url, path)
        out = {"seconds": took, "new": new, "server_s": server}
    out["rss_mb"] = rss_mb(resource.RUSAGE_SELF)
    # A reader child forked by the reader server is not this process's own child.
    out["child_rss_mb"] = sandbox.last_child_peak_mb or rss_mb(resource.RUSAGE_CHILDREN)
    print(json.dumps(out))


def fresh(what: str, path: Path, url: str = "") -> dict[str, float]:
    cmd = [sys.executable, __file__, "--measure", what, "--file", str(path), "--url", url]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def pg_schema(base: str) -> tuple[Any, str, str] | None:
    """A fresh schema (and the URL whose search_path is it), or None without a server."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(base, connect_args={"connect_timeout": 3})
        with admin.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
    except Exception as exc:
        print(f"PostgreSQL skipped: {str(exc).splitlines()[0]}")
        return None
    sep = "&" if "?" in base else "?"
    return admin, name, f"{base}{sep}options=-csearch_path%3D{name},public"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", nargs="*", type=int, default=[10_000, 50_000, 100_000])
    ap.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    ap.add_argument("--measure", choices=("parse", "import"), help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--url", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(args.measure, Path(args.file), args.url)
        return
    tmp = Path(tempfile.mkdtemp())
    print(f"load average at start: {load()}  (2 cores; other jobs slow every figure)")
    summary: list[str] = []
    for rows in args.rows:
        path = tmp / f"notebook_{rows}.xlsx"
        t = time.perf_counter()
        make_file(path, rows)
        print(
            f"\n== {rows:,} rows x {len(HEADER)} columns ({path.stat().st_size / 2**20:.1f} MB,"
            f" generated in {time.perf_counter() - t:.0f} s); load {load()}"
        )
        parse = fresh("parse", path)
        parse_rate = parse["rows"] / parse["seconds"]
        print(
            f"  openpyxl read-only bare parse: {parse['seconds']:6.2f} s {parse_rate:9,.0f} rows/s"
            f"  (peak RSS {parse['rss_mb']:.0f} MB)"
        )
        targets: list[tuple[str, str, Any]] = [
            ("SQLite", f"sqlite:///{tmp / f'bench_{rows}.sqlite3'}", None)
        ]
        pg = pg_schema(args.pg)
        if pg is not None:
            targets.append(("PostgreSQL", pg[2], pg))
        for label, url, owner in targets:
            try:
                r = fresh("import", path, url)
            finally:
                if owner is not None:
                    admin, name, _ = owner
                    with admin.begin() as conn:
                        conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
                    admin.dispose()
            print(
                f"  whole import on {label:10}: {r['seconds']:6.2f} s "
                f"{rows / r['seconds']:9,.0f} rows/s  ratio to bare parse "
                f"{parse['seconds'] / r['seconds']:4.2f}  ({int(r['new']):,} new customers)"
                f"  peak RSS {r['rss_mb']:.0f} MB, reader child {r['child_rss_mb']:.0f} MB"
                f"  (reader server started in {r['server_s']:.2f} s before)"
                f"  load {load()}"
            )
            summary.append(
                f"| {rows:,} | {parse['seconds']:.2f} s | {label} | {r['seconds']:.2f} s"
                f" | {rows / r['seconds']:,.0f} | {parse['seconds'] / r['seconds']:.2f}"
                f" | {r['rss_mb']:.0f} / {r['child_rss_mb']:.0f} MB | {load().split()[0]} |"
            )
    print(f"\nload average at end: {load()}\n")
    print("| rows | bare parse | database | whole import | rows/s | ratio | peak RSS | load |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
