"""Supervisor dashboard figures over a large branch: each service call timed, median of 3.

    .venv/bin/python bench/bench_dashboard.py [--sqlite PATH] [--pg URL|none]

Reuses the 100,000-customer databases that ``bench_gui.py`` builds (and builds them if
missing, through the same code). Prints figures only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gui import PG_DEFAULT, pg_url, prepare

from branchcrm.db import models as m
from branchcrm.db.engine import make_engine
from branchcrm.db.session import Database
from branchcrm.services import auth, dashboard, kpi, supervisor_views
from branchcrm.services.periods import parse_period


def timed(fn: Callable[[], Any], runs: int = 3) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def measure(url: str) -> dict[str, float]:
    from sqlalchemy import delete, func, select

    db = Database(make_engine(url))
    with db.session() as s:
        actor = auth.sign_in(s, "supervisor", "demo1234")
        last = s.scalar(select(func.max(m.PeriodBalance.period))) or "2026-10"
    month = parse_period(last)
    quarter = parse_period(f"{last[:4]}-Q{(int(last[5:7]) - 1) // 3 + 1}")
    out: dict[str, float] = {}

    def with_session(fn: Callable[[Any], Any]) -> Any:
        with db.session(actor) as s:
            return fn(s)

    def call(fn: Callable[..., Any], *args: Any, **kw: Any) -> Callable[[], Any]:
        def run() -> Any:
            with db.session(actor) as s:
                return fn(s, actor, *args, **kw)

        return run

    out["assets trend (24 months)"] = timed(call(dashboard.assets_trend, last, 24))
    out["tier distribution"] = timed(call(dashboard.tier_distribution))
    out["migration matrix (quarter)"] = timed(call(dashboard.migration_matrix, quarter))
    out["manager figures (month)"] = timed(call(dashboard.manager_figures, month))
    out["team figures (month)"] = timed(call(dashboard.team_figures, month))
    out["growth credited by shares (quarter)"] = timed(call(dashboard.credited, quarter))
    out["potential found/converted (month), scored afresh"] = timed(
        call(dashboard.potential_figures, month, use_snapshot=False), runs=1
    )

    def drop_snapshot() -> None:
        # the bench's own rows: the next view takes the snapshot again
        with db.session(actor) as s:
            s.execute(delete(m.PotentialRun).where(m.PotentialRun.as_of == month.start))

    drop_snapshot()
    out["potential (month), first view: snapshot taken"] = timed(
        call(dashboard.potential_figures, month), runs=1
    )
    out["potential found/converted (month), snapshot read"] = timed(
        call(dashboard.potential_figures, month)
    )
    found = with_session(lambda s: dashboard.potential_figures(s, actor, month))
    out["potential per manager and team (month)"] = timed(call(dashboard.potential_by_unit, found))
    out["satisfaction trend (12 months)"] = timed(
        call(dashboard.satisfaction_trend, [p for p in _months(last, 12)])
    )
    out["referral counts"] = timed(call(dashboard.referral_counts))
    out["KPI scorecards (quarter, credited growth)"] = timed(call(kpi.scorecards, quarter))
    out["KPI team scorecards (quarter)"] = timed(call(kpi.team_scorecards, quarter))
    out["KPI chief scorecards (quarter)"] = timed(call(kpi.chief_scorecards, quarter))
    out["KPI page: all three rankings (quarter)"] = timed(call(kpi.rankings, quarter))
    credited = with_session(lambda s: kpi.credited_growth(s, actor, quarter))
    out["KPI page: teams and chiefs after the managers"] = timed(
        call(kpi.rankings, quarter, kinds=("teams", "chiefs"), credited=credited)
    )
    first = with_session(lambda s: dashboard.manager_figures(s, actor, month)[0].staff_id)
    out["drill: a manager's uncovered gold customers"] = timed(
        call(supervisor_views.manager_customers, first, "coverage", month, tier="gold")
    )
    db.dispose()
    return out


def _months(last: str, n: int) -> list[str]:
    from branchcrm.services.periods import months_back

    return months_back(last, n)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--sqlite", default="/tmp/branchcrm-bench-gui.sqlite3")
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL URL, or 'none'")
    args = parser.parse_args()
    targets = {"SQLite": f"sqlite:///{args.sqlite}"}
    if args.pg != "none":
        targets["PostgreSQL"] = pg_url(args.pg)
    results = {}
    for name, url in targets.items():
        prepare(url, args.customers)
        results[name] = measure(url)
    keys = list(next(iter(results.values())))
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"load average: {' '.join(load)}")
    print(
        f"\n{'figure (ms, median of 3)':<52}" + "".join(f"{n:>14}" for n in results) + "   target"
    )
    for key in keys:
        print(f"{key:<52}" + "".join(f"{results[n][key]:>14.0f}" for n in results) + "   < 2000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
