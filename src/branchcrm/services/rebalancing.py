"""Moving customers between managers: the rebalancing workbench, moves by hand, batch undo.

Every change of who serves a customer goes through :func:`apply_targets`, which sets each
customer's primary and secondary in one transaction, writes the ORM rows the audit hook
records, and tags them with a ``batch_ref`` so that a whole batch can be undone. A manifest of
the batch (before and after, per customer) is written to the audit log, which is append-only,
so an undo always knows exactly what to restore.

Concurrency: plans carry the assignment ids the supervisor saw. Applying re-reads the current
assignments inside the transaction and refuses with :class:`AssignmentConflict` when anything
differs; two transactions racing past that check collide on the assignment ``version`` (the
ORM's optimistic lock) or on the partial unique indexes, which become the same conflict.
Customers are touched in id order so that two batches never deadlock each other.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import may_reassign
from branchcrm.engines import rebalance as engine
from branchcrm.services.assignments import DEFAULT_PRIMARY_BP, DEFAULT_SECONDARY_BP
from branchcrm.services.errors import (
    ConflictError,
    InvariantError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from branchcrm.services.visibility import branch_ids, customer_clause

BATCH_ENTITY = "assignment_batch"
OPEN_REMINDER = ("open", "snoozed")
DEFAULT_NO_CONTACT_DAYS = 180
CHUNK = 500
_UNSET: Any = object()


class AssignmentConflict(ConflictError):
    """Someone changed who serves these customers since the plan was made."""

    def __init__(self, customer_id: int, detail: str, version: int = 0) -> None:
        super().__init__("customer", customer_id, {"detail": detail}, version)
        self.args = (f"{detail}; nothing was changed: reload and try again",)


def require_reassigner(actor: Actor, what: str = "move customers between managers") -> None:
    if not may_reassign(actor.roles):
        raise PermissionDenied(f"{actor.login} may not {what} (supervisors and heads only)")


def new_batch_ref(kind: str) -> str:
    return f"{kind}-{utcnow():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


# --- the one way to change primaries and secondaries --------------------------------------


@dataclass(frozen=True)
class Target:
    """The wanted primary and secondary of one customer; ``expected_*`` are the assignment
    ids the planner saw (``_UNSET``: whatever is current now)."""

    customer_id: int
    primary_id: int
    secondary_id: int | None
    expected_primary: int | None = _UNSET
    expected_secondary: int | None = _UNSET


@dataclass(frozen=True)
class Change:
    customer_id: int
    old_primary: int | None
    old_secondary: int | None
    new_primary: int
    new_secondary: int | None
    primary_assignment: int  # current primary row after the change
    secondary_assignment: int | None

    def as_list(self) -> list[int | None]:
        return [
            self.customer_id,
            self.old_primary,
            self.old_secondary,
            self.new_primary,
            self.new_secondary,
            self.primary_assignment,
            self.secondary_assignment,
        ]


def current_rows(
    session: Session, customer_ids: Sequence[int]
) -> dict[int, dict[str, m.Assignment]]:
    """Current primary and secondary rows of many customers in a few queries."""
    out: dict[int, dict[str, m.Assignment]] = {cid: {} for cid in customer_ids}
    for part in chunks(sorted(customer_ids)):
        rows = session.scalars(
            select(m.Assignment)
            .where(
                m.Assignment.customer_id.in_(part),
                m.Assignment.valid_to.is_(None),
                m.Assignment.role.in_(("primary", "secondary")),
            )
            .order_by(m.Assignment.customer_id, m.Assignment.id)
        ).all()
        for a in rows:
            out[a.customer_id][a.role] = a
    return out


def _end(a: m.Assignment, when: dt.datetime, reason: str) -> None:
    a.valid_to = when
    a.reason = ((a.reason + "; ") if a.reason else "") + f"ended: {reason}"
    a.reason = a.reason[:200]


def _conflict_from_flush(exc: Exception) -> AssignmentConflict:
    return AssignmentConflict(
        0, "another supervisor changed who serves these customers at the same moment"
    )


def _flush(session: Session) -> None:
    try:
        session.flush()
    except (StaleDataError, IntegrityError) as exc:
        raise _conflict_from_flush(exc) from exc
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "deadlock" in text or "serializ" in text or "locked" in text:
            raise _conflict_from_flush(exc) from exc
        raise


def _labels(session: Session, customer_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(customer_ids))
    out: dict[int, str] = {}
    for part in chunks(ids):
        for cid, no, name in session.execute(
            select(m.Customer.id, m.Customer.customer_no, m.Customer.name).where(
                m.Customer.id.in_(part)
            )
        ):
            out[cid] = f"{name} ({no or cid})"
    return out


def _logins(session: Session, staff_ids: Iterable[int | None]) -> dict[int, str]:
    ids = sorted({s for s in staff_ids if s is not None})
    if not ids:
        return {}
    return dict(session.execute(select(m.Staff.id, m.Staff.login).where(m.Staff.id.in_(ids))).all())


def apply_targets(
    session: Session,
    targets: Sequence[Target],
    *,
    batch_ref: str,
    reason: str,
    when: dt.datetime | None = None,
) -> list[Change]:
    """Make every target true at once, or change nothing (raising)."""
    when = when or utcnow()
    targets = sorted(targets, key=lambda t: t.customer_id)
    if len({t.customer_id for t in targets}) != len(targets):
        raise InvariantError("a customer appears twice in one batch")
    rows = current_rows(session, [t.customer_id for t in targets])
    conflicts: list[tuple[int, str]] = []
    receiving: set[int] = set()
    for t in targets:
        if t.primary_id == t.secondary_id:
            raise InvariantError(
                "the secondary manager must be a different person from the primary"
            )
        cur_p, cur_s = rows[t.customer_id].get("primary"), rows[t.customer_id].get("secondary")
        if t.expected_primary is not _UNSET and (cur_p.id if cur_p else None) != t.expected_primary:
            conflicts.append((t.customer_id, "primary"))
        elif (
            t.expected_secondary is not _UNSET
            and (cur_s.id if cur_s else None) != t.expected_secondary
        ):
            conflicts.append((t.customer_id, "secondary"))
        if cur_p is None or cur_p.staff_id != t.primary_id:
            receiving.add(t.primary_id)
        if t.secondary_id is not None and (cur_s is None or cur_s.staff_id != t.secondary_id):
            receiving.add(t.secondary_id)
    if conflicts:
        labels = _labels(session, [c for c, _ in conflicts])
        shown = ", ".join(labels.get(c, str(c)) for c, _ in conflicts[:5])
        more = f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else ""
        raise AssignmentConflict(
            conflicts[0][0],
            f"{len(conflicts)} customer(s) changed hands since this was planned: {shown}{more}",
        )
    staff = {
        s.id: s for s in session.scalars(select(m.Staff).where(m.Staff.id.in_(sorted(receiving))))
    }
    for sid in receiving:
        person = staff.get(sid)
        if person is None:
            raise NotFound(f"staff member {sid} not found")
        if person.status != "active":
            raise InvariantError(f"{person.login} is {person.status} and cannot take customers")
        if "manager" not in person.role_names:
            raise InvariantError(f"{person.login} is not a customer manager")

    plan: list[tuple[Target, m.Assignment | None, m.Assignment | None, bool, bool]] = []
    for t in targets:
        cur_p, cur_s = rows[t.customer_id].get("primary"), rows[t.customer_id].get("secondary")
        new_p = cur_p is None or cur_p.staff_id != t.primary_id
        new_s = (cur_s.staff_id if cur_s else None) != t.secondary_id
        if new_p and cur_p is not None:
            _end(cur_p, when, reason)
        if new_s and cur_s is not None:
            _end(cur_s, when, "became primary" if cur_s.staff_id == t.primary_id else reason)
        plan.append((t, cur_p, cur_s, new_p, new_s))
    _flush(session)  # ended rows first: the unique indexes see one current holder at a time

    fresh: list[tuple[int, m.Assignment, m.Assignment | None]] = []
    for t, cur_p, cur_s, new_p, new_s in plan:
        p_share = DEFAULT_PRIMARY_BP if t.secondary_id is not None else 10000
        if new_p:
            p_row = m.Assignment(
                customer_id=t.customer_id,
                staff_id=t.primary_id,
                role="primary",
                share_bp=p_share,
                valid_from=when,
                reason=reason[:200],
                batch_ref=batch_ref,
            )
            session.add(p_row)
        else:
            assert cur_p is not None
            p_row = cur_p
            if new_s and p_row.share_bp != p_share:
                p_row.share_bp = p_share
        s_row = cur_s if not new_s else None
        if new_s and t.secondary_id is not None:
            s_row = m.Assignment(
                customer_id=t.customer_id,
                staff_id=t.secondary_id,
                role="secondary",
                share_bp=DEFAULT_SECONDARY_BP,
                valid_from=when,
                reason=reason[:200],
                batch_ref=batch_ref,
            )
            session.add(s_row)
        fresh.append((t.customer_id, p_row, s_row))
    _flush(session)
    changes = []
    for (t, cur_p, cur_s, _, _), (_, p_row, s_row) in zip(plan, fresh, strict=True):
        changes.append(
            Change(
                t.customer_id,
                cur_p.staff_id if cur_p else None,
                cur_s.staff_id if cur_s else None,
                t.primary_id,
                t.secondary_id,
                p_row.id,
                s_row.id if s_row is not None else None,
            )
        )
    return changes


def move_reminders(
    session: Session, moves: dict[int, tuple[int, int]], *, any_holder: bool = False
) -> list[list[int]]:
    """Open reminders go with the customer: ``moves`` maps customer -> (old, new) staff.

    With ``any_holder`` every open reminder of the customer moves to the new person, whoever
    held it; otherwise only those the old person held. Returns [reminder, old, new] triples.
    """
    moved: list[list[int]] = []
    for part in chunks(sorted(moves)):
        reminders = session.scalars(
            select(m.Reminder)
            .where(m.Reminder.customer_id.in_(part), m.Reminder.status.in_(OPEN_REMINDER))
            .order_by(m.Reminder.id)
        ).all()
        for r in reminders:
            old, new = moves[r.customer_id]
            if r.staff_id == new or (not any_holder and r.staff_id != old):
                continue
            moved.append([r.id, r.staff_id, new])
            r.staff_id = new
    _flush(session)
    return moved


def record_batch(
    session: Session,
    actor: Actor,
    batch_ref: str,
    kind: str,
    changes: Sequence[Change],
    reminders: Sequence[Sequence[int]],
    extra: dict[str, Any] | None = None,
) -> None:
    hooks.record(
        session,
        actor,
        BATCH_ENTITY,
        batch_ref,
        "batch",
        {
            "kind": kind,
            "changes": [c.as_list() for c in changes],
            "reminders": [list(r) for r in reminders],
            **(extra or {}),
        },
    )


def load_batch(session: Session, batch_ref: str) -> dict[str, Any]:
    raw = session.scalar(
        select(m.AuditLog.changes).where(
            m.AuditLog.entity == BATCH_ENTITY,
            m.AuditLog.entity_id == batch_ref,
            m.AuditLog.action == "batch",
        )
    )
    if raw is None:
        raise NotFound(f"no batch {batch_ref!r}")
    data: dict[str, Any] = json.loads(raw)
    return data


# --- loads and proposals ------------------------------------------------------------------


@dataclass(frozen=True)
class BranchData:
    managers: list[engine.Manager]
    clients: list[engine.Client]
    primary_aid: dict[int, int]  # customer -> current primary assignment id
    secondary_aid: dict[int, int]
    customer_no: dict[int, str]
    customer_name: dict[int, str]
    logins: dict[int, str]


def load_branch(session: Session, actor: Actor, *, now: dt.datetime | None = None) -> BranchData:
    """Managers and active customers of the actor's branch (and sub-branches)."""
    if actor.branch_id is None:
        raise PermissionDenied(f"{actor.login} belongs to no branch")
    now = now or utcnow()
    branches = branch_ids(session, actor.branch_id)
    staff = session.scalars(
        select(m.Staff)
        .where(
            m.Staff.branch_id.in_(branches),
            m.Staff.status.in_(("active", "on_leave")),
            m.Staff.roles.any(m.StaffRole.role == "manager"),
        )
        .order_by(m.Staff.login)
    ).all()
    managers = [
        engine.Manager(s.id, s.login, s.capacity, s.status == "active", s.status == "active")
        for s in staff
    ]
    windows = dict(session.execute(select(m.Tier.code, m.Tier.no_contact_days)).all())
    cust = m.Customer
    in_branch = and_(cust.status == "active", cust.branch_id.in_(branches))
    secondaries: dict[int, tuple[int, int]] = {
        cid: (sid, aid)
        for cid, sid, aid in session.execute(
            select(m.Assignment.customer_id, m.Assignment.staff_id, m.Assignment.id)
            .join(cust, cust.id == m.Assignment.customer_id)
            .where(m.Assignment.role == "secondary", m.Assignment.valid_to.is_(None), in_branch)
        )
    }
    team = aliased(m.Assignment)
    team_served = (
        exists()
        .where(team.customer_id == cust.id, team.role == "team", team.valid_to.is_(None))
        .correlate(cust)
    )
    rows = session.execute(
        select(
            m.Assignment.id,
            m.Assignment.customer_id,
            m.Assignment.staff_id,
            m.Assignment.valid_from,
            cust.aum_fen,
            cust.tier_code,
            cust.last_contact_at,
            cust.customer_no,
            cust.name,
            team_served,
        )
        .join(cust, cust.id == m.Assignment.customer_id)
        .where(m.Assignment.role == "primary", m.Assignment.valid_to.is_(None), in_branch)
        .order_by(m.Assignment.customer_id)
    ).all()
    clients = []
    primary_aid, numbers, names = {}, {}, {}
    for aid, cid, sid, since, aum, tier, last, no, name, pinned in rows:
        window = dt.timedelta(days=windows.get(tier or "", DEFAULT_NO_CONTACT_DAYS))
        sec = secondaries.get(cid)
        clients.append(
            engine.Client(
                cid,
                sid,
                sec[0] if sec else None,
                int(aum or 0),
                tier,
                max((now - since).days, 0),
                last is not None and now - last <= window,
                bool(pinned),
            )
        )
        primary_aid[cid] = aid
        numbers[cid] = no or str(cid)
        names[cid] = name
    logins = {s.id: s.login for s in staff}
    logins.update(_logins(session, {c.primary_id for c in clients} - set(logins)))
    return BranchData(
        managers,
        clients,
        primary_aid,
        {cid: aid for cid, (_, aid) in secondaries.items()},
        numbers,
        names,
        logins,
    )


@dataclass(frozen=True)
class LoadRow:
    login: str
    status: str
    figures: engine.Figures


def manager_loads(session: Session, actor: Actor) -> list[LoadRow]:
    """Per manager: customers, assets, tier mix, contact coverage, capacity used."""
    require_reassigner(actor, "see the loads of every manager")
    data = load_branch(session, actor)
    figs = engine.figures(data.managers, data.clients)
    return [
        LoadRow(mg.login, "active" if mg.can_receive else "on_leave", figs[mg.staff_id])
        for mg in data.managers
    ]


@dataclass(frozen=True)
class PlannedMove:
    customer_id: int
    customer_no: str
    customer_name: str
    from_login: str
    to_login: str
    to_secondary: bool
    reason: str
    target: Target

    def as_dict(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "customer_no": self.customer_no,
            "name": self.customer_name,
            "from": self.from_login,
            "to": self.to_login,
            "to_secondary": self.to_secondary,
            "reason": self.reason,
        }


@dataclass
class RebalancePlan:
    moves: list[PlannedMove]
    before: dict[str, engine.Figures]
    after: dict[str, engine.Figures]
    spread_before: float
    spread_after: float
    batch_ref: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch_ref": self.batch_ref,
            "moves": [mv.as_dict() for mv in self.moves],
            "managers": {
                login: {
                    "before": self.before[login].as_dict(),
                    "after": self.after[login].as_dict(),
                }
                for login in self.before
            },
            "spread_before_pct": self.spread_before,
            "spread_after_pct": self.spread_after,
            "notes": self.notes,
        }


def propose(session: Session, actor: Actor, *, tolerance: float = 0.10) -> RebalancePlan:
    """A suggested rebalancing of the actor's branch, for approval; nothing is written."""
    require_reassigner(actor)
    if not 0 <= tolerance <= 1:
        raise ValidationError({"tolerance": "must be between 0 and 1"})
    data = load_branch(session, actor)
    proposal = engine.propose(data.managers, data.clients, tolerance=tolerance)
    by_id = {c.customer_id: c for c in data.clients}
    moves = []
    for mv in proposal.moves:
        c = by_id[mv.customer_id]
        secondary = mv.from_id if mv.to_secondary else c.secondary_id
        moves.append(
            PlannedMove(
                mv.customer_id,
                data.customer_no[mv.customer_id],
                data.customer_name[mv.customer_id],
                data.logins[mv.from_id],
                data.logins[mv.to_id],
                mv.to_secondary,
                mv.reason,
                Target(
                    mv.customer_id,
                    mv.to_id,
                    secondary,
                    data.primary_aid[mv.customer_id],
                    data.secondary_aid.get(mv.customer_id),
                ),
            )
        )
    active = [mg.staff_id for mg in data.managers if mg.can_receive]
    login = data.logins
    notes = []
    total_cap = sum(mg.capacity for mg in data.managers if mg.can_receive)
    served = sum(1 for c in data.clients if c.primary_id in set(active))
    if served > total_cap:
        notes.append(
            f"the active managers serve {served} customers but have capacity for {total_cap}: "
            "loads were evened out, but some stay over capacity"
        )
    return RebalancePlan(
        moves,
        {login[s]: f for s, f in proposal.before.items()},
        {login[s]: f for s, f in proposal.after.items()},
        engine.count_spread(proposal.before, active),
        engine.count_spread(proposal.after, active),
        notes=notes,
    )


@dataclass(frozen=True)
class BatchResult:
    batch_ref: str | None
    moved: int
    reminders_moved: int
    unchanged: list[int] = field(default_factory=list)


def _commit_targets(
    session: Session, actor: Actor, targets: Sequence[Target], kind: str, reason: str
) -> BatchResult:
    if not targets:
        return BatchResult(None, 0, 0)
    ref = new_batch_ref(kind)
    changes = apply_targets(session, targets, batch_ref=ref, reason=reason)
    reminder_moves = {
        c.customer_id: (c.old_primary, c.new_primary)
        for c in changes
        if c.old_primary is not None and c.old_primary != c.new_primary
    }
    moved = move_reminders(session, reminder_moves)
    record_batch(session, actor, ref, kind, changes, moved, {"reason": reason})
    return BatchResult(ref, len(changes), len(moved))


def apply(session: Session, actor: Actor, plan: RebalancePlan) -> BatchResult:
    """Carry out an approved plan as one batch; any customer changed since -> conflict."""
    require_reassigner(actor)
    result = _commit_targets(session, actor, [mv.target for mv in plan.moves], "rb", "rebalancing")
    plan.batch_ref = result.batch_ref
    return result


def resolve_customers(session: Session, actor: Actor, refs: Sequence[str]) -> list[int]:
    """Customer ids from ids or customer numbers, restricted to what the actor may see."""
    visible = customer_clause(session, actor, "branch")
    out: list[int] = []
    for ref in refs:
        cond = m.Customer.customer_no == ref
        if ref.isdigit():
            cond = cond | (m.Customer.id == int(ref))
        found = session.scalars(select(m.Customer.id).where(cond, visible)).all()
        if not found:
            raise NotFound(f"customer {ref} not found or not visible to {actor.login}")
        if len(found) > 1:
            found = [f for f in found if str(f) != ref] or found[:1]
        out.append(found[0])
    return out


def move(
    session: Session,
    actor: Actor,
    customer_ids: Sequence[int],
    to_login: str,
    *,
    expected: dict[int, int] | None = None,
    reason: str = "moved by hand",
) -> BatchResult:
    """Make ``to_login`` the primary of the customers. ``expected`` maps customer to the
    primary assignment id shown on screen: if it changed meanwhile, nothing moves.

    Moving a customer to their own secondary swaps the two, so nobody loses a manager."""
    require_reassigner(actor)
    to = session.scalar(select(m.Staff).where(m.Staff.login == to_login))
    if to is None:
        raise NotFound(f"no staff member with login {to_login!r}")
    ids = sorted(set(customer_ids))
    visible = customer_clause(session, actor, "branch")
    seen = set(session.scalars(select(m.Customer.id).where(m.Customer.id.in_(ids), visible)))
    missing = [c for c in ids if c not in seen]
    if missing:
        raise NotFound(f"customer {missing[0]} not found or not visible to {actor.login}")
    rows = current_rows(session, ids)
    old_primary_ids = {r["primary"].staff_id for r in rows.values() if "primary" in r}
    active = set(
        session.scalars(
            select(m.Staff.id).where(
                m.Staff.id.in_(sorted(old_primary_ids)), m.Staff.status == "active"
            )
        )
    )
    targets, unchanged = [], []
    for cid in ids:
        cur_p, cur_s = rows[cid].get("primary"), rows[cid].get("secondary")
        exp_p = expected.get(cid, _UNSET) if expected is not None else _UNSET
        if cur_p is not None and cur_p.staff_id == to.id and exp_p in (_UNSET, cur_p.id):
            unchanged.append(cid)
            continue
        secondary = cur_s.staff_id if cur_s else None
        if secondary == to.id:
            # The secondary takes over; the old primary stays on as secondary if still active.
            secondary = cur_p.staff_id if cur_p is not None and cur_p.staff_id in active else None
        targets.append(Target(cid, to.id, secondary, exp_p))
    result = _commit_targets(session, actor, targets, "mv", reason)
    return BatchResult(result.batch_ref, result.moved, result.reminders_moved, unchanged)


def undo(session: Session, actor: Actor, batch_ref: str) -> BatchResult:
    """Restore the primaries and secondaries from before a batch, if nobody changed them since."""
    require_reassigner(actor, "undo a batch of moves")
    data = load_batch(session, batch_ref)
    undone = session.scalar(
        select(m.AuditLog.id).where(
            m.AuditLog.entity == BATCH_ENTITY,
            m.AuditLog.entity_id == batch_ref,
            m.AuditLog.action == "undo",
        )
    )
    if undone is not None:
        raise InvariantError(f"batch {batch_ref} has already been undone")
    targets = []
    for cid, old_p, old_s, _new_p, _new_s, p_aid, s_aid in data["changes"]:
        if old_p is None:
            raise InvariantError(
                f"batch {batch_ref} cannot be undone: it gave customers their first manager"
            )
        targets.append(Target(cid, old_p, old_s, p_aid, s_aid))
    ref = f"undo:{batch_ref}"[:40]
    try:
        changes = apply_targets(session, targets, batch_ref=ref, reason=f"undo {batch_ref}")
    except InvariantError as exc:
        raise AssignmentConflict(0, f"batch {batch_ref} cannot be undone: {exc}") from None
    except AssignmentConflict as exc:
        raise AssignmentConflict(
            exc.entity_id, f"batch {batch_ref} cannot be undone: {exc.theirs['detail']}"
        ) from None
    back = {}
    for rid, old, new in data.get("reminders", []):
        back[rid] = (new, old)
    moved: list[list[int]] = []
    if back:
        for part in chunks(sorted(back)):
            for r in session.scalars(select(m.Reminder).where(m.Reminder.id.in_(part))):
                now_holder, restore = back[r.id]
                if r.status in OPEN_REMINDER and r.staff_id == now_holder:
                    moved.append([r.id, r.staff_id, restore])
                    r.staff_id = restore
        _flush(session)
    hooks.record(
        session,
        actor,
        BATCH_ENTITY,
        batch_ref,
        "undo",
        {"changes": [c.as_list() for c in changes], "reminders": moved},
    )
    return BatchResult(ref, len(changes), len(moved))
