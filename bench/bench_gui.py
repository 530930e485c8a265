"""Workstation figures with 100,000 demo customers on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_gui.py [--customers 100000] [--sqlite PATH] [--pg URL|none]

Each database is filled once with the demo branch (kept for later runs), then measured in a
fresh process (so that RSS is that of the application, not of the generator): main window
ready after sign-in, first portfolio page, a sort on a column (and the worst of every
sortable column both ways), a filter, search keystroke-to-results, and the resident memory
with the main window open. Prints the figures and the load average (the machine is shared).

Every figure ends when the table has painted the new rows. Search is timed from the last
keystroke: a Chinese name arrives whole from the input method, pinyin and digits are typed
key by key 120 ms apart, and the time runs from the final key. ``search_delay_ms`` is the
debounce the page adds to that (``SEARCH_DELAY_MS``; now 0: keys are coalesced instead).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_SCHEMA = "bench_gui"
TARGETS = {
    "window_ready_ms": 1000,
    "first_page_ms": 300,
    "sort_ms": 100,
    "sort_name_ms": 100,
    "sort_worst_ms": 100,
    "filter_ms": 100,
    "filter_worst_ms": 100,
    "search_ms": 100,
    "rss_mb": 150,
}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pg_url(base: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{PG_SCHEMA}"'))
    admin.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{PG_SCHEMA},public"


def prepare(url: str, customers: int) -> None:
    from sqlalchemy import func, select

    from branchcrm.db import models as m
    from branchcrm.db import schema
    from branchcrm.db.engine import make_engine
    from branchcrm.db.session import Database
    from branchcrm.services import demo

    engine = make_engine(url)
    started = time.perf_counter()
    before = schema.status(engine)
    schema.upgrade(engine, backup=False)  # a bench database is regenerated, not backed up
    if before.state is schema.SchemaState.BEHIND:
        print(f"  upgraded from {before.revision} in {time.perf_counter() - started:.0f} s")
    db = Database(engine)
    with db.session() as s:
        have = s.scalar(select(func.count()).select_from(m.Customer)) or 0
    if have >= customers:
        print(f"  reusing {have:,} customers", flush=True)
        return
    if have:
        raise SystemExit(f"{url}: holds {have} customers, not {customers}; use a fresh database")
    started = time.perf_counter()
    demo.generate_demo(db, customers=customers, managers=16, months=24)
    print(
        f"  generated {customers:,} customers in {time.perf_counter() - started:.0f} s", flush=True
    )
    db.dispose()


def measure(url: str, login: str) -> dict[str, float]:
    """Runs in its own process: the figures of one database.

    Imports come in the order of the real entry point (``branchcrm.cli`` imports SQLAlchemy
    before ``run_gui`` imports PySide6; ``Workstation`` is imported after ``make_app``).
    Every figure ends when the table's viewport has painted the new rows (an event filter
    sees the paint); nothing is painted twice to be sure.
    """
    import sqlalchemy.orm  # noqa: F401  (as branchcrm.cli does, before any Qt)

    from branchcrm.app import make_app, open_database

    app = make_app("zh_CN")
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent
    from PySide6.QtWidgets import QApplication

    from branchcrm.gui.portfolio_page import SEARCH_DELAY_MS
    from branchcrm.gui.settings import Settings
    from branchcrm.gui.warmup import warm_up
    from branchcrm.gui.workstation import Workstation
    from branchcrm.services import auth
    from branchcrm.tasks import TaskRunner

    def settle() -> None:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)

    def pause(msecs: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(msecs, loop.quit)
        loop.exec()

    class Paints(QObject):
        """Counts paints of the table's viewport, and which paint followed the last reset."""

        def __init__(self) -> None:
            super().__init__()
            self.count = 0
            self.at_reset = 0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

        def reset(self) -> None:
            self.at_reset = self.count

    def spin(done: object, t0: float) -> None:
        """Handle events until ``done()``, half a millisecond apart: a busy loop would make
        hundreds of thousands of void Qt calls, and PySide6 6.12 drops a reference to None
        on each (see tests/gui/test_qt_binding.py) until the interpreter aborts."""
        while not done():  # type: ignore[operator]
            settle()
            if done():  # type: ignore[operator]
                return
            if time.perf_counter() - t0 > 10:
                raise RuntimeError("the table was never repainted")
            time.sleep(0.0005)

    def shown(t0: float, done: object = lambda: True) -> float:
        """Milliseconds from ``t0`` until the viewport has painted rows of a reset for which
        ``done()`` holds."""
        spin(lambda: paints.count > paints.at_reset and done(), t0)  # type: ignore[operator]
        return (time.perf_counter() - t0) * 1000

    db = open_database(url)
    settings = Settings(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-gui-settings.ini")
    runner = TaskRunner(app)
    out: dict[str, float] = {}
    warm_up()  # as the application does while the sign-in dialog waits for the password
    t0 = time.perf_counter()
    with db.session() as s:
        actor = auth.sign_in(s, login, "demo1234")
    out["sign_in_ms"] = (time.perf_counter() - t0) * 1000  # argon2 verification, by design slow
    t0 = time.perf_counter()
    station = Workstation(db, settings, runner)
    window = station.start(actor)
    window.resize(1366, 800)
    settle()
    window.repaint()
    out["window_ready_ms"] = (time.perf_counter() - t0) * 1000
    page = window.portfolio
    paints = Paints()
    page.table.viewport().installEventFilter(paints)
    page.model.modelReset.connect(paints.reset)
    t0 = time.perf_counter()
    window.nav.setCurrentRow(1)
    out["first_page_ms"] = shown(t0)
    spin(lambda: page.model.total is not None, t0)  # the count for the label, off-thread
    out["count_shown_ms"] = (time.perf_counter() - t0) * 1000
    out["customers_visible"] = page.model.total
    while not page.options_ready:  # filter choices are filled by a worker thread
        pause(10)
    out["filter_choices_ms"] = (time.perf_counter() - t0) * 1000

    def timed(action: object) -> float:
        t = time.perf_counter()
        action()  # type: ignore[operator]
        return shown(t)

    out["sort_ms"] = timed(lambda: page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder))
    out["sort_name_ms"] = timed(lambda: page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder))
    sorts = []
    for column in (1, 5, 9, 10, 0):  # tier, last contact, completeness, risk, name
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            sorts.append(timed(lambda c=column, o=order: page.table.sortByColumn(c, o)))
    out["sort_worst_ms"] = max(sorts)
    out["filter_ms"] = timed(lambda: page.risk.setCurrentIndex(3))
    filters = [out["filter_ms"], timed(lambda: page.risk.setCurrentIndex(0))]
    filters.append(timed(lambda: page.tier.setCurrentIndex(2)))
    filters.append(timed(lambda: page.tier.setCurrentIndex(0)))
    out["filter_worst_ms"] = max(filters)
    settle()

    # Search, from the last keystroke to its rows painted. A Chinese name arrives whole from
    # the input method (one event); pinyin and digits are typed key by key, 120 ms apart.
    def key(char: str) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            code = ord(char.upper()) if char.isalnum() else 0
            QApplication.sendEvent(
                page.search, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, char)
            )

    searches = []
    page.search.setFocus()
    for term in ("王", "王芳", "wf", "1380", "zhangwei"):
        page.search.clear()
        pause(300)
        if term.isascii():
            for char in term[:-1]:
                key(char)
                pause(120)
            t = time.perf_counter()
            key(term[-1])
        else:
            event = QInputMethodEvent()
            event.setCommitString(term)
            t = time.perf_counter()
            QApplication.sendEvent(page.search, event)
        searches.append(shown(t, lambda term=term: page.model.query.term == term))
    out["search_ms"] = max(searches)
    out["search_ms_median"] = sorted(searches)[len(searches) // 2]
    out["search_delay_ms"] = SEARCH_DELAY_MS
    for _ in range(5):  # scroll through five pages
        page.table.scrollToBottom()
        settle()
    out["rows_loaded_after_scroll"] = page.model.rowCount()
    out["rss_mb"] = rss_mb()
    window.close()
    db.dispose()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--sqlite", default="/tmp/branchcrm-bench-gui.sqlite3")
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL URL, or 'none'")
    parser.add_argument("--login", default="supervisor", help="whose screens to measure")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.login)), flush=True)
        os._exit(0)  # skip interpreter teardown of Qt objects: nothing left to measure
    targets: list[tuple[str, str]] = [("SQLite", f"sqlite:///{Path(args.sqlite).resolve()}")]
    if args.pg != "none":
        targets.append(("PostgreSQL", pg_url(args.pg)))
    results: dict[str, dict[str, float]] = {}
    for label, url in targets:
        print(f"{label}: preparing", flush=True)
        prepare(url, args.customers)
        for login in dict.fromkeys([args.login, "manager1"]):
            done = subprocess.run(
                [sys.executable, __file__, "--measure", url, "--login", login],
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ},
            )
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                return 1
            results[f"{label} ({login})"] = json.loads(done.stdout.strip().splitlines()[-1])
    keys = [
        "customers_visible",
        "sign_in_ms",
        "window_ready_ms",
        "first_page_ms",
        "count_shown_ms",
        "filter_choices_ms",
        "sort_ms",
        "sort_name_ms",
        "sort_worst_ms",
        "filter_ms",
        "filter_worst_ms",
        "search_ms",
        "search_ms_median",
        "search_delay_ms",
        "rss_mb",
    ]
    width = max(len(k) for k in results) + 2
    print()
    print("load average: " + Path("/proc/loadavg").read_text().strip())
    print("figure".ljust(20) + "".join(k.rjust(width) for k in results) + "   target")
    for key in keys:
        row = key.ljust(20)
        for figures in results.values():
            value = figures.get(key, float("nan"))
            row += (f"{value:,.0f}" if key == "customers_visible" else f"{value:,.1f}").rjust(width)
        target = TARGETS.get(key)
        print(row + (f"   < {target}" if target else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
