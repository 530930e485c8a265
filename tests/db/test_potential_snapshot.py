"""Potential-score snapshots: the dashboard reads what the engine scored as of the period's
first day, taken by the engine runs or, when missing, once by the first view; read and
freshly computed figures agree on the hand-made branch of ``test_dashboard_teams``
(乙 and 丁 flagged; 丁 moved up to gold)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.engines import events, potential, tiering
from branchcrm.services import dashboard
from tests.db.test_dashboard_teams import BEFORE, PERIOD, TODAY, _branch


def _snapshot_rows(db: Database, as_of: dt.date) -> dict[int, int]:
    with db.session() as s:
        return dict(
            s.execute(
                select(m.PotentialSnapshot.customer_id, m.PotentialSnapshot.score).where(
                    m.PotentialSnapshot.as_of == as_of
                )
            ).all()
        )


def test_the_first_view_scores_and_stores_the_next_reads_and_both_agree_with_fresh(
    db: Database,
) -> None:
    b, ids, _team = _branch(db)
    sup = b.supervisor
    with db.session(sup) as s:
        fresh = dashboard.potential_figures(s, sup, PERIOD, use_snapshot=False)
    assert _snapshot_rows(db, PERIOD.start) == {}  # computing afresh writes nothing
    with db.session(sup) as s:
        first = dashboard.potential_figures(s, sup, PERIOD)
    with db.session(sup) as s:
        second = dashboard.potential_figures(s, sup, PERIOD)
        by_unit_read = dashboard.potential_by_unit(s, sup, second)
        by_unit_fresh = dashboard.potential_by_unit(s, sup, fresh)
    assert first.computed and not second.computed
    assert fresh.computed and fresh.taken_at is None  # scored, not stored
    assert first.as_of == second.as_of == PERIOD.start
    assert first.taken_at is not None and second.taken_at == first.taken_at
    for figures in (first, second):
        assert figures.found == fresh.found and figures.converted == fresh.converted
    assert set(fresh.found) == {ids["乙"], ids["丁"]}
    assert fresh.converted == {ids["丁"]: ("standard", "gold")}
    assert by_unit_read == by_unit_fresh
    # every customer with a score is kept, whatever the threshold asked
    stored = _snapshot_rows(db, PERIOD.start)
    assert stored == {ids["乙"]: fresh.found[ids["乙"]], ids["丁"]: fresh.found[ids["丁"]]}
    with db.session(sup) as s:
        run = s.get(m.PotentialRun, PERIOD.start)
        assert run is not None and run.customers == 2 and run.taken_by == sup.staff_id
        none = dashboard.potential_figures(s, sup, PERIOD, min_score=100)
    assert none.found == {} and not none.computed


def test_a_snapshot_records_the_day_it_was_taken_for(db: Database) -> None:
    """Later edits do not change what was found at the start of the period."""
    b, ids, _team = _branch(db)
    sup = b.supervisor
    with db.session(sup) as s:
        before = dashboard.potential_figures(s, sup, PERIOD)
    with db.session(Actor.system("test")) as s:
        s.execute(
            update(m.Customer)
            .where(m.Customer.id == ids["乙"])
            .values(occupation="教师", notes=None)
        )
    with db.session(sup) as s:
        after = dashboard.potential_figures(s, sup, PERIOD)
        fresh = dashboard.potential_figures(s, sup, PERIOD, use_snapshot=False)
    assert after.found == before.found and not after.computed
    assert ids["乙"] not in fresh.found  # scored today, 乙 no longer looks like potential


def test_the_daily_scan_takes_the_months_snapshot_once(db: Database) -> None:
    b, _ids, _team = _branch(db)
    sup = b.supervisor
    first = events.scan(db, sup, PERIOD.start)
    again = events.scan(db, sup, PERIOD.start + dt.timedelta(days=1))
    assert first.potential_snapshot is not None and first.potential_snapshot.customers == 2
    assert again.potential_snapshot is None  # the month's snapshot exists already
    with db.session(sup) as s:
        read = dashboard.potential_figures(s, sup, PERIOD)
        fresh = dashboard.potential_figures(s, sup, PERIOD, use_snapshot=False)
    assert not read.computed and read.taken_at == first.potential_snapshot.taken_at
    assert (read.found, read.converted) == (fresh.found, fresh.converted)


def test_recomputing_the_latest_month_takes_the_next_months_snapshot(db: Database) -> None:
    b, _ids, _team = _branch(db)
    with db.session(Actor.system("test")) as s:  # the latest month is now BEFORE
        s.execute(delete(m.PeriodBalance).where(m.PeriodBalance.period == PERIOD.last_month))
    y, mo = divmod(int(BEFORE[:4]) * 12 + int(BEFORE[5:7]), 12)
    next_start = dt.date(y, mo + 1, 1)
    # run before the next month has begun: no snapshot of a day still to come
    early = tiering.recompute(db, b.supervisor, BEFORE, today=next_start - dt.timedelta(days=1))
    assert early.potential_snapshot is None
    result = tiering.recompute(db, b.supervisor, BEFORE, today=TODAY)
    assert result.potential_snapshot is not None
    assert result.potential_snapshot.as_of == next_start
    again = tiering.recompute(db, b.supervisor, BEFORE, today=TODAY)
    assert again.potential_snapshot is None  # taken already
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.PotentialRun)) == 1


def test_ensure_snapshot_keeps_the_first_one(db: Database) -> None:
    b, _ids, _team = _branch(db)
    day = PERIOD.start
    with db.session(b.supervisor) as s:
        one = potential.ensure_snapshot(s, day, taken_by=b.supervisor.staff_id)
        two = potential.ensure_snapshot(s, day)
    assert one.created and not two.created and two.taken_at == one.taken_at
    with db.session(b.supervisor) as s:
        assert potential.snapshot_scores(s, day, min_score=potential.MIN_SCORE) == dict(
            _snapshot_rows(db, day)
        )
