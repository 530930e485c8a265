"""Benchmark: a departure handover of 400 customers and a rebalancing of 2,000 customers.

Target: each under 2 s. Usage: ``python bench/bench_team.py [--db URL]`` (default: a fresh
SQLite file in a temporary folder; give a postgresql:// URL of an empty schema for PostgreSQL).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from branchcrm.db import models as m
from branchcrm.db import schema
from branchcrm.db.base import utcnow
from branchcrm.db.engine import make_engine
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.services import handover, rebalancing, staff

TARGET_S = 2.0


def seed(db: Database, *, managers: int, per_manager: list[int], leaver_book: int) -> Actor:
    """Managers m0.. with the given books; 'leaver' with ``leaver_book`` customers (half of
    them with a secondary). Bulk inserts: setup is not what is measured."""
    rng = random.Random(7)
    system = Actor.system("bench")
    with db.session(system) as s:
        branch = staff.ensure_branch(s)
        rows = [
            {
                "branch_id": branch,
                "login": login,
                "name": login,
                "password_hash": "x",
                "capacity": 400,
                "status": "active",
                "version": 1,
            }
            for login in ["sup", "leaver", *[f"m{i}" for i in range(managers)]]
        ]
        s.execute(insert(m.Staff), rows)
        ids = dict(s.execute(select(m.Staff.login, m.Staff.id)).all())
        s.execute(
            insert(m.StaffRole),
            [{"staff_id": ids["sup"], "role": "supervisor"}]
            + [{"staff_id": ids[k], "role": "manager"} for k in ids if k != "sup"],
        )
        now = utcnow()
        books = [("leaver", leaver_book)] + [(f"m{i}", n) for i, n in enumerate(per_manager)]
        n = 0
        for login, size in books:
            cust = [
                {
                    "branch_id": branch,
                    "name": f"客户{n + i}",
                    "customer_no": f"C{n + i:06d}",
                    "status": "active",
                    "aum_fen": rng.randint(0, 5_000_000_00),
                    "tier_code": rng.choice(["mass", "gold", "private"]),
                    "search_text": "",
                    "short_keys": "",
                    "version": 1,
                    "marketing_consent": False,
                    "completeness": 0,
                }
                for i in range(size)
            ]
            n += size
            if not cust:
                continue
            s.execute(insert(m.Customer), cust)
            cids = s.scalars(
                select(m.Customer.id).where(
                    m.Customer.customer_no.in_([c["customer_no"] for c in cust])
                )
            ).all()
            assign = []
            for k, cid in enumerate(cids):
                has_sec = login == "leaver" and k % 2 == 0
                assign.append(
                    {
                        "customer_id": cid,
                        "staff_id": ids[login],
                        "role": "primary",
                        "share_bp": 7000 if has_sec else 10000,
                        "valid_from": now,
                        "version": 1,
                    }
                )
                if has_sec:
                    assign.append(
                        {
                            "customer_id": cid,
                            "staff_id": ids[f"m{k % managers}"],
                            "role": "secondary",
                            "share_bp": 3000,
                            "valid_from": now,
                            "version": 1,
                        }
                    )
            s.execute(insert(m.Assignment), assign)
            s.execute(
                insert(m.Reminder),
                [
                    {
                        "kind": "follow_up",
                        "customer_id": cid,
                        "staff_id": ids[login],
                        "due_date": now.date(),
                        "status": "open",
                        "version": 1,
                    }
                    for cid in cids[::4]
                ],
            )
    return Actor(ids["sup"], "sup", "sup", frozenset({Role.SUPERVISOR}), branch)


def fresh(url: str | None, tmp: Path, name: str) -> Database:
    engine = make_engine(url or f"sqlite:///{tmp / name}")
    schema.upgrade(engine)
    return Database(engine)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: temporary SQLite files)")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        db = fresh(args.db, Path(tmp), "handover.sqlite3")
        sup = seed(db, managers=10, per_manager=[150] * 10, leaver_book=400)
        t0 = time.perf_counter()
        with db.session(sup) as s:
            plan = handover.depart(s, sup, "leaver")
        took = time.perf_counter() - t0
        ok &= took < TARGET_S
        print(
            f"handover of {len(plan.lines)} customers ({len(plan.by_how(handover.PROMOTED))} to "
            f"secondaries, {len(plan.by_how(handover.DISTRIBUTED))} distributed, "
            f"{plan.reminders_to_move} reminders, {plan.contact_tasks} contact tasks): "
            f"{took:.2f} s on {db.dialect}"
        )
        db.dispose()
        if args.db:
            print("(--db given: run the rebalancing on another empty schema)")
            return 0 if ok else 1
        db = fresh(None, Path(tmp), "rebalance.sqlite3")
        sup = seed(
            db, managers=8, per_manager=[520, 380, 300, 250, 200, 150, 120, 80], leaver_book=0
        )
        t0 = time.perf_counter()
        with db.session(sup) as s:
            proposal = rebalancing.propose(s, sup)
        t1 = time.perf_counter()
        with db.session(sup) as s:
            result = rebalancing.apply(s, sup, proposal)
        t2 = time.perf_counter()
        ok &= t2 - t0 < TARGET_S
        print(
            f"rebalancing of 2000 customers: {len(proposal.moves)} moves, spread "
            f"{proposal.spread_before:g} -> {proposal.spread_after:g} points; propose "
            f"{t1 - t0:.2f} s + apply {t2 - t1:.2f} s = {t2 - t0:.2f} s "
            f"(batch {result.batch_ref})"
        )
        t3 = time.perf_counter()
        with db.session(sup) as s:
            assert result.batch_ref is not None
            rebalancing.undo(s, sup, result.batch_ref)
        print(f"undo of that batch: {time.perf_counter() - t3:.2f} s")
        db.dispose()
    print("OK" if ok else f"SLOW: over {TARGET_S} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
