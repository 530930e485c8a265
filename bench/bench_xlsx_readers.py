""".xlsx reader speed and memory: openpyxl read-only, python-calamine and the streaming reader.

Prints figures only (no assertions), for each size (default 10k, 50k and 100k rows of the
15-column notebook that ``bench_import.make_file`` writes): rows/s, seconds to the first
row, and the peak RSS of a fresh process that does nothing but read the file. Every reader
runs in its own process, one after the other, so the figures of one run compare; the
machine's load average is printed too (other jobs slow everything down).

* ``openpyxl``: ``load_workbook(read_only=True, data_only=True)``, ``reset_dimensions()``,
  ``iter_rows(values_only=True)``: the bare parse the import is measured against.
* ``calamine``: ``CalamineWorkbook.from_path`` and ``iter_rows()``: calamine's parse alone.
* ``fast``: the importer's calamine reader (:mod:`.xlsx_fast`), events as the sandbox sends them.
* ``stream``: the importer's streaming reader (:mod:`.xlsx_stream`), the same events.

Then, as the import runs them, the sandboxed reader child with each engine (it normalizes the
rows too): seconds, and the child's own peak RSS. Peaks are read from ``/proc`` (VmHWM):
``ru_maxrss`` of a fresh process starts at its parent's RSS, so it would show the parent.

    .venv/bin/python bench/bench_xlsx_readers.py [ROWS ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_import import make_file

READERS = ("openpyxl", "calamine", "fast", "stream")


def read(reader: str, path: Path) -> dict[str, float]:
    """Read the file once in this process; rows, seconds, seconds to the first row (the
    modules are imported before the clock starts)."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    from branchcrm.importers.readers.xlsx_fast import read_xlsx_fast
    from branchcrm.importers.readers.xlsx_stream import read_xlsx_stream

    rows = 0
    first = 0.0
    start = time.perf_counter()

    def emit(event: object) -> None:
        nonlocal rows, first
        if isinstance(event, tuple):
            rows += 1
            if rows == 1:
                first = time.perf_counter() - start

    if reader == "openpyxl":
        wb = load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            ws.reset_dimensions()
            for row in ws.iter_rows(values_only=True):
                emit(row)
        wb.close()
    elif reader == "calamine":
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).iter_rows():
                emit(tuple(row))
    elif reader == "fast":
        read_xlsx_fast(path, emit)
    else:
        read_xlsx_stream(path, emit)
    return {"rows": rows, "seconds": time.perf_counter() - start, "first": first}


def peak_mb(pid: int | str = "self") -> float:
    """The peak RSS of a process (VmHWM). Not ``ru_maxrss``: on Linux that starts from the
    RSS of the parent that forked the process, so a big parent hides a small child."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure(reader: str, path: Path) -> None:
    out: dict[str, Any] = read(reader, path)
    out["rss_mb"] = peak_mb()
    print(json.dumps(out))


def measure_sandbox(engine: str, path: Path) -> None:
    """The import's way: the sandboxed reader child, normalizing the rows as it reads
    (digest mode); its peak RSS is watched from here while it runs."""
    import multiprocessing as mp
    import threading

    from branchcrm.importers.readers.sandbox import read_file

    peaks: dict[int, float] = {}
    running = True

    def watch() -> None:
        while running:
            for child in mp.active_children():
                pid = child.pid or 0
                with contextlib.suppress(OSError):  # it may just have ended
                    peaks[pid] = max(peaks.get(pid, 0.0), peak_mb(pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    start = time.perf_counter()
    first = 0.0
    n = 0
    digest = {"saved": None, "today": None, "handoff": 0}
    for event in read_file(path, engine=engine, digest=digest, timeout_s=600):
        if isinstance(event, list):
            if not n:
                first = time.perf_counter() - start
            n += len(event)
    took = time.perf_counter() - start
    running = False
    watcher.join()
    out = {
        "records": n,
        "seconds": took,
        "first": first,
        "child_mb": max(peaks.values(), default=0),
    }
    print(json.dumps(out))


def fresh(reader: str, path: Path, what: str = "--measure") -> dict[str, float]:
    cmd = [sys.executable, __file__, what, reader, "--file", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{reader} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def baseline_rss() -> float:
    """Peak RSS of a process that imports what the readers import and reads nothing."""
    code = (
        "import openpyxl, python_calamine, defusedxml, bench_xlsx_readers as b;"
        "import branchcrm.importers.readers.xlsx_stream;"
        "print(b.peak_mb())"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return float(done.stdout.strip() or 0)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", nargs="*", type=int, default=[10_000, 50_000, 100_000])
    ap.add_argument("--repeat", type=int, default=1, help="runs per reader; the best is kept")
    ap.add_argument("--measure", choices=READERS, help=argparse.SUPPRESS)
    ap.add_argument("--sandbox", choices=("fast", "stream"), help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(args.measure, Path(args.file))
        return
    if args.sandbox:
        measure_sandbox(args.sandbox, Path(args.file))
        return
    tmp = Path(tempfile.mkdtemp())
    print(f"load average at start: {load()}  (2 cores; other jobs slow every figure)")
    print(f"peak RSS of a process that only imports the readers: {baseline_rss():.0f} MB")
    table = [
        "| rows | reader | seconds | rows/s | vs calamine | first row | peak RSS | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    sandbox = [
        "| rows | sandbox engine | read + normalize | first records | child peak RSS | load |",
        "|---|---|---|---|---|---|",
    ]
    for rows in args.rows:
        path = tmp / f"notebook_{rows}.xlsx"
        make_file(path, rows)
        print(f"\n== {rows:,} rows x 15 columns ({path.stat().st_size / 2**20:.1f} MB)")
        got: dict[str, dict[str, float]] = {}
        for _ in range(args.repeat):  # interleaved, so load changes hit every reader alike
            for reader in READERS:
                r = fresh(reader, path)
                if reader not in got or r["seconds"] < got[reader]["seconds"]:
                    got[reader] = r
        base = got["calamine"]["rows"] / got["calamine"]["seconds"]
        for reader in READERS:
            r = got[reader]
            rate = r["rows"] / r["seconds"]
            line = (
                f"  {reader:9} {r['seconds']:6.2f} s {rate:9,.0f} rows/s ({rate / base:4.2f} x"
                f" calamine)  first row after {r['first']:5.2f} s  peak RSS {r['rss_mb']:5.0f} MB"
            )
            print(line)
            table.append(
                f"| {rows:,} | {reader} | {r['seconds']:.2f} | {rate:,.0f} | {rate / base:.2f}"
                f" | {r['first']:.2f} s | {r['rss_mb']:.0f} MB | {load().split()[0]} |"
            )
        for engine in ("fast", "stream"):  # the sandboxed child, as the import runs it
            r = fresh(engine, path, "--sandbox")
            line = (
                f"  sandbox child, engine {engine:6}: {r['seconds']:6.2f} s for"
                f" {int(r['records']):,} records, first after {r['first']:5.2f} s,"
                f" child peak RSS {r['child_mb']:5.0f} MB"
            )
            print(line)
            sandbox.append(
                f"| {rows:,} | {engine} | {r['seconds']:.2f} | {r['first']:.2f} s"
                f" | {r['child_mb']:.0f} MB | {load().split()[0]} |"
            )
        path.unlink()
    print(f"\nload average at end: {load()}\n")
    print("\n".join(table))
    print()
    print("\n".join(sandbox))


if __name__ == "__main__":
    main()
