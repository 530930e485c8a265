"""Departure handover: nobody is ever left without a manager, and it is all or nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from branchcrm.cli import main
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.services import assignments, handover, staff
from branchcrm.services.errors import InvariantError, PermissionDenied
from tests.factories import PASSWORD, Branch, make_branch


def sid(actor: object) -> int:
    value = getattr(actor, "staff_id", None)
    assert isinstance(value, int)
    return value


def serving(db: Database, cid: int) -> tuple[str | None, str | None]:
    with db.session() as s:
        now = assignments.current(s, cid)
        logins = dict(s.execute(select(m.Staff.id, m.Staff.login)).all())
        return (
            logins[now.primary.staff_id] if now.primary else None,
            logins[now.secondary.staff_id] if now.secondary else None,
        )


def add_secondary(b: Branch, cid: int, login: str) -> None:
    who = {"m1": b.m1, "m2": b.m2, "m3": b.m3}[login]
    with b.db.session(b.supervisor) as s:
        assignments.assign(s, b.supervisor, cid, sid(who), "secondary", reason="test")


def set_customer(db: Database, actor: object, cid: int, **values: object) -> None:
    with db.session(actor) as s:  # type: ignore[arg-type]
        c = s.get(m.Customer, cid)
        assert c is not None
        for k, v in values.items():
            setattr(c, k, v)


@pytest.fixture
def watched(db: Database) -> Iterator[list[list[int]]]:
    """Every commit is checked: the list collects customers found without an active primary."""
    seen: list[list[int]] = []

    def check(session: Session) -> None:
        with session.no_autoflush:
            seen.append(assignments.customers_without_active_primary(session))

    event.listen(db.factory, "before_commit", check)
    yield seen
    event.remove(db.factory, "before_commit", check)


def test_secondary_takes_over_at_once_and_the_rest_is_shared_out(
    db: Database, watched: list[list[int]]
) -> None:
    b = make_branch(db)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(6)]
    add_secondary(b, ids[0], "m2")
    add_secondary(b, ids[1], "m3")
    with db.session(b.supervisor) as s:
        plan = handover.depart(s, b.supervisor, "m1", receivers=None, dry_run=False)
    assert plan.applied and plan.batch_ref
    assert serving(db, ids[0]) == ("m2", None)
    assert serving(db, ids[1]) == ("m3", None)
    new = Counter(serving(db, c)[0] for c in ids[2:])
    assert set(new) == {"m2", "m3"} and sorted(new.values()) == [2, 2]
    with db.session() as s:
        assert staff.get_by_login(s, "m1").status == "departed"
        history = s.scalars(select(m.Assignment).where(m.Assignment.staff_id == sid(b.m1))).all()
        assert history and all(a.valid_to is not None for a in history)
    assert all(found == [] for found in watched)


def test_a_dry_run_shows_before_and_after_and_changes_nothing(db: Database) -> None:
    b = make_branch(db)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(4)]
    b.customer(b.m2, "已有客户")
    with db.session(b.supervisor) as s:
        plan = handover.depart(s, b.supervisor, "m1", dry_run=True)
    assert not plan.applied and plan.batch_ref is None
    figures = {r.login: (r.before.customers, r.after.customers) for r in plan.receivers}
    assert figures == {"m2": (1, 3), "m3": (0, 2)}
    assert {line.old_primary for line in plan.lines} == {"m1"}
    assert all(serving(db, c) == ("m1", None) for c in ids)
    with db.session() as s:
        assert staff.get_by_login(s, "m1").status == "active"


def test_only_the_chosen_receivers_take_customers(db: Database) -> None:
    b = make_branch(db)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(3)]
    with db.session(b.supervisor) as s:
        handover.depart(s, b.supervisor, "m1", receivers=["m3"], transferred=True)
    assert [serving(db, c) for c in ids] == [("m3", None)] * 3
    with db.session() as s:
        assert staff.get_by_login(s, "m1").status == "transferred"


def test_open_reminders_follow_the_customer_and_each_gets_a_contact_task(db: Database) -> None:
    b = make_branch(db)
    cid = b.customer(b.m1, "赵敏")
    with db.session(b.m1) as s:
        for status in ("open", "done"):
            s.add(
                m.Reminder(
                    kind="follow_up",
                    customer_id=cid,
                    staff_id=sid(b.m1),
                    due_date=dt.date(2030, 1, 1),
                    status=status,
                )
            )
    with db.session(b.supervisor) as s:
        handover.depart(s, b.supervisor, "m1", receivers=["m2"])
    with db.session() as s:
        held = {
            (r.kind, r.status): r.staff_id
            for r in s.scalars(select(m.Reminder).where(m.Reminder.customer_id == cid))
        }
    assert held == {
        ("follow_up", "open"): sid(b.m2),
        ("follow_up", "done"): sid(b.m1),
        ("handover", "open"): sid(b.m2),
    }


def test_their_secondary_roles_end_and_customers_who_need_one_are_flagged(db: Database) -> None:
    b = make_branch(db)
    with db.session(b.supervisor) as s:
        s.add(m.Tier(code="gold", name="金卡", rank=3, min_aum_fen=0, needs_secondary=True))
    cid = b.customer(b.m2, "钱多")
    set_customer(db, b.supervisor, cid, tier_code="gold")
    add_secondary(b, cid, "m1")
    with db.session(b.supervisor) as s:
        plan = handover.depart(s, b.supervisor, "m1")
    assert [line.customer_id for line in plan.flagged] == [cid]
    assert plan.by_how(handover.SECONDARY_ENDED)[0].new_primary == "m2"
    assert serving(db, cid) == ("m2", None)
    with db.session() as s:
        primary = assignments.current(s, cid).primary
        assert primary is not None and primary.share_bp == 10000


def test_a_failure_at_the_last_step_leaves_everything_as_it_was(
    db: Database, monkeypatch: pytest.MonkeyPatch, watched: list[list[int]]
) -> None:
    b = make_branch(db)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(3)]
    add_secondary(b, ids[0], "m2")

    def refuse(*args: object, **kwargs: object) -> None:
        raise InvariantError("the last active administrator cannot leave")

    monkeypatch.setattr(handover.staff_service, "set_status", refuse)
    with pytest.raises(InvariantError), db.session(b.supervisor) as s:
        handover.depart(s, b.supervisor, "m1")
    assert serving(db, ids[0]) == ("m1", "m2")
    assert [serving(db, c) for c in ids[1:]] == [("m1", None)] * 2
    with db.session() as s:
        assert s.scalars(select(m.Reminder).where(m.Reminder.kind == "handover")).all() == []
    assert all(found == [] for found in watched)


def test_only_supervisors_and_heads_run_a_handover(db: Database) -> None:
    b = make_branch(db)
    b.customer(b.m1, "孙悟")
    for actor in (b.m2, b.admin, b.lobby):
        with db.session(actor) as s, pytest.raises(PermissionDenied):
            handover.depart(s, actor, "m1")


def test_without_room_anywhere_the_supervisor_must_name_receivers(db: Database) -> None:
    b = make_branch(db)
    b.customer(b.m1, "周芷")
    with db.session(b.admin) as s:
        for login in ("m2", "m3"):
            staff.get_by_login(s, login).capacity = 0
    with db.session(b.supervisor) as s, pytest.raises(InvariantError, match="--to"):
        handover.depart(s, b.supervisor, "m1")
    with db.session(b.supervisor) as s:
        plan = handover.depart(s, b.supervisor, "m1", receivers=["m2"])
    assert plan.over_capacity == ["m2"]


def test_the_report_lists_everyone_and_never_turns_a_name_into_a_formula(
    db: Database, tmp_path: Path
) -> None:
    from branchcrm.reports.handover_report import write_handover_report

    b = make_branch(db)
    evil = b.customer(b.m1, "=HYPERLINK(1)")
    plain = b.customer(b.m1, "林平")
    with db.session(b.supervisor) as s:
        plan = handover.depart(s, b.supervisor, "m1", receivers=["m2"])
    path = write_handover_report(plan, tmp_path / "handover.xlsx")
    ws = openpyxl.load_workbook(path)["Customers"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    assert set(rows) == {"=HYPERLINK(1)", "林平"}
    assert rows["=HYPERLINK(1)"][1].data_type == "s"
    assert [c.value for c in rows["林平"][4:7]] == ["m1", None, "m2"]
    assert {evil, plain} == {line.customer_id for line in plan.lines}


def test_the_command_line_shows_the_plan_then_hands_over(
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    b = make_branch(db)
    ids = [b.customer(b.m1, f"客户{i}") for i in range(2)]
    url = db.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("BRANCHCRM_PASSWORD", PASSWORD)
    base = ["--db", url, "--user", "sup", "staff", "depart", "m1"]
    assert main([*base, "--dry-run", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["applied"] is False and shown["distributed"] == 2
    assert serving(db, ids[0]) == ("m1", None)
    report = tmp_path / "h.xlsx"
    assert main([*base, "--to", "m3", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "handed over 2 customers" in out and report.exists()
    assert serving(db, ids[0]) == ("m3", None)
    assert main([*base]) == 2
    assert "already departed" in capsys.readouterr().err
