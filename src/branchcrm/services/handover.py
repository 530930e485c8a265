"""Departure handover: when someone leaves or changes post, every customer keeps a manager.

One transaction does it all, so the invariant "every active customer has an active primary"
holds at every commit: wherever the leaver was primary their secondary takes over at once;
customers without a usable secondary are distributed among receivers by
:func:`branchcrm.engines.rebalance.distribute`; the leaver's secondary roles end; open
reminders follow the customers; each customer whose manager changes gets a 'handover'
contact task for the new manager; team memberships and chief roles are wound up; and only
then does the status become departed or transferred. ``dry_run`` returns the same plan
without writing anything, for approval.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.db.base import utcnow
from branchcrm.domain.actor import Actor
from branchcrm.engines import rebalance as engine
from branchcrm.services import assignments
from branchcrm.services import staff as staff_service
from branchcrm.services.errors import InvariantError, PermissionDenied, ValidationError
from branchcrm.services.rebalancing import (
    OPEN_REMINDER,
    Target,
    apply_targets,
    chunks,
    current_rows,
    move_reminders,
    new_batch_ref,
    record_batch,
    require_reassigner,
)

CONTACT_TASK_DAYS = 7
PROMOTED = "secondary promoted"
DISTRIBUTED = "distributed"
SECONDARY_ENDED = "secondary role ended"


@dataclass(frozen=True)
class HandoverLine:
    """One customer in the handover report."""

    customer_id: int
    customer_no: str
    name: str
    tier: str | None
    aum_fen: int
    old_primary: str
    old_secondary: str | None
    new_primary: str
    new_secondary: str | None
    how: str
    needs_secondary: bool  # their tier needs a secondary and they have none now
    contact_task: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ReceiverFigures:
    login: str
    before: engine.Figures
    after: engine.Figures

    def as_dict(self) -> dict[str, Any]:
        return {"login": self.login, "before": self.before.as_dict(), "after": self.after.as_dict()}


@dataclass
class HandoverPlan:
    login: str
    name: str
    new_status: str
    lines: list[HandoverLine]
    receivers: list[ReceiverFigures]
    reminders_to_move: int
    over_capacity: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    batch_ref: str | None = None
    applied: bool = False

    def by_how(self, how: str) -> list[HandoverLine]:
        return [line for line in self.lines if line.how == how]

    @property
    def flagged(self) -> list[HandoverLine]:
        return [line for line in self.lines if line.needs_secondary]

    @property
    def contact_tasks(self) -> int:
        return sum(1 for line in self.lines if line.contact_task)

    def as_dict(self) -> dict[str, Any]:
        return {
            "login": self.login,
            "name": self.name,
            "new_status": self.new_status,
            "applied": self.applied,
            "batch_ref": self.batch_ref,
            "promoted": len(self.by_how(PROMOTED)),
            "distributed": len(self.by_how(DISTRIBUTED)),
            "secondary_roles_ended": len(self.by_how(SECONDARY_ENDED)),
            "needs_secondary": [line.customer_no for line in self.flagged],
            "contact_tasks": self.contact_tasks,
            "reminders_to_move": self.reminders_to_move,
            "over_capacity": self.over_capacity,
            "notes": self.notes,
            "receivers": [r.as_dict() for r in self.receivers],
            "customers": [line.as_dict() for line in self.lines],
        }


def _receivers(session: Session, person: m.Staff, logins: Sequence[str] | None) -> list[m.Staff]:
    if logins:
        found = {
            s.login: s for s in session.scalars(select(m.Staff).where(m.Staff.login.in_(logins)))
        }
        out = []
        for login in dict.fromkeys(logins):
            s = found.get(login)
            if s is None:
                raise ValidationError({"to": f"no staff member with login {login!r}"})
            if s.id == person.id:
                raise ValidationError({"to": f"{login} is the person leaving"})
            if s.status != "active" or "manager" not in s.role_names:
                raise ValidationError({"to": f"{login} is not an active customer manager"})
            out.append(s)
        return out
    counts = staff_service._customer_counts(session)
    candidates = session.scalars(
        select(m.Staff)
        .where(
            m.Staff.branch_id == person.branch_id,
            m.Staff.status == "active",
            m.Staff.id != person.id,
            m.Staff.roles.any(m.StaffRole.role == "manager"),
        )
        .order_by(m.Staff.login)
    ).all()
    return [s for s in candidates if counts.get(s.id, 0) < s.capacity]


def _their_customers(
    session: Session, staff_id: int, role: str
) -> list[tuple[m.Assignment, m.Customer]]:
    rows = session.execute(
        select(m.Assignment, m.Customer)
        .join(m.Customer, m.Customer.id == m.Assignment.customer_id)
        .where(
            m.Assignment.staff_id == staff_id,
            m.Assignment.role == role,
            m.Assignment.valid_to.is_(None),
        )
        .order_by(m.Assignment.customer_id)
    ).all()
    return [(a, c) for a, c in rows]


def depart(
    session: Session,
    actor: Actor,
    login: str,
    *,
    receivers: Sequence[str] | None = None,
    dry_run: bool = False,
    transferred: bool = False,
) -> HandoverPlan:
    """Hand over everything ``login`` holds and mark them departed (or transferred)."""
    require_reassigner(actor, "run a departure handover")
    person = staff_service.get_by_login(session, login)
    if person.status in ("departed", "transferred"):
        raise InvariantError(f"{login} is already {person.status}")
    if actor.staff_id == person.id:
        raise PermissionDenied("your own handover must be run by another supervisor or head")
    new_status = "transferred" if transferred else "departed"
    primaries = _their_customers(session, person.id, "primary")
    secondaries = _their_customers(session, person.id, "secondary")
    customers = {c.id: c for _, c in primaries + secondaries}
    rows = current_rows(session, sorted(customers))
    involved_ids = {a.staff_id for r in rows.values() for a in r.values()}
    staff = {
        s.id: s
        for s in session.scalars(select(m.Staff).where(m.Staff.id.in_(sorted(involved_ids))))
    }
    needs_secondary = {
        code for code, flag in session.execute(select(m.Tier.code, m.Tier.needs_secondary)) if flag
    }

    def usable(sid: int | None) -> bool:
        s = staff.get(sid) if sid is not None else None
        return s is not None and s.status == "active" and "manager" in s.role_names

    targets: dict[int, Target] = {}
    how: dict[int, str] = {}
    to_place: list[engine.Client] = []
    for _, c in primaries:
        sec = rows[c.id].get("secondary")
        if sec is not None and usable(sec.staff_id):
            targets[c.id] = Target(c.id, sec.staff_id, None)
            how[c.id] = PROMOTED
        else:
            keep = sec.staff_id if sec is not None else None
            to_place.append(engine.Client(c.id, person.id, keep, int(c.aum_fen or 0), c.tier_code))
    for _, c in secondaries:
        prim = rows[c.id].get("primary")
        if prim is None:
            continue
        targets[c.id] = Target(c.id, prim.staff_id, None)
        how[c.id] = SECONDARY_ENDED

    chosen = _receivers(session, person, receivers) if to_place or receivers else []
    if to_place and not chosen:
        raise InvariantError(
            f"no active manager with free capacity can take {len(to_place)} customers of "
            f"{login}; name receivers with --to"
        )
    gaining = {t.primary_id for t in targets.values() if how[t.customer_id] == PROMOTED}
    gaining |= {s.id for s in chosen}
    staff.update({s.id: s for s in chosen})
    base = session.execute(
        select(m.Assignment.staff_id, m.Customer.id, m.Customer.aum_fen, m.Customer.tier_code)
        .join(m.Customer, m.Customer.id == m.Assignment.customer_id)
        .where(
            m.Assignment.role == "primary",
            m.Assignment.valid_to.is_(None),
            m.Assignment.staff_id.in_(sorted(gaining)),
        )
    ).all()
    base_clients = [
        engine.Client(cid, sid, None, int(aum or 0), tier) for sid, cid, aum, tier in base
    ]
    promoted_clients = [
        engine.Client(
            cid, t.primary_id, None, int(customers[cid].aum_fen or 0), customers[cid].tier_code
        )
        for cid, t in targets.items()
        if how[cid] == PROMOTED
    ]
    over: list[str] = []
    distributed: list[engine.Client] = []
    if to_place:
        recv = [engine.Manager(s.id, s.login, s.capacity) for s in chosen]
        proposal = engine.distribute(to_place, recv, base_clients + promoted_clients)
        by_id = {c.customer_id: c for c in to_place}
        for mv in proposal.moves:
            cl = by_id[mv.customer_id]
            keep = cl.secondary_id if cl.secondary_id != mv.to_id else None
            targets[cl.customer_id] = Target(cl.customer_id, mv.to_id, keep)
            how[cl.customer_id] = DISTRIBUTED
            distributed.append(engine.Client(cl.customer_id, mv.to_id, keep, cl.aum_fen, cl.tier))
        over = [staff[s].login for s in proposal.over_capacity]
    managers = [engine.Manager(s, staff[s].login, staff[s].capacity) for s in sorted(gaining)]
    before = engine.figures(managers, base_clients)
    after = engine.figures(managers, base_clients + promoted_clients + distributed)
    figures = [
        ReceiverFigures(staff[s].login, before[s], after[s])
        for s in sorted(gaining, key=lambda s: staff[s].login)
    ]

    def login_of(sid: int | None) -> str | None:
        return staff[sid].login if sid is not None and sid in staff else None

    lines = []
    for cid in sorted(targets):
        c, t = customers[cid], targets[cid]
        cur_p, cur_s = rows[cid].get("primary"), rows[cid].get("secondary")
        changed_primary = cur_p is None or cur_p.staff_id != t.primary_id
        lines.append(
            HandoverLine(
                cid,
                c.customer_no or str(cid),
                c.name,
                c.tier_code,
                int(c.aum_fen or 0),
                login_of(cur_p.staff_id if cur_p else None) or "",
                login_of(cur_s.staff_id if cur_s else None),
                login_of(t.primary_id) or "",
                login_of(t.secondary_id),
                how[cid],
                c.tier_code in needs_secondary and t.secondary_id is None,
                changed_primary and c.status == "active",
            )
        )
    reminder_rows = session.scalars(
        select(m.Reminder).where(
            m.Reminder.staff_id == person.id, m.Reminder.status.in_(OPEN_REMINDER)
        )
    ).all()
    plan = HandoverPlan(
        person.login,
        person.name,
        new_status,
        lines,
        figures,
        len(reminder_rows),
        over,
    )
    if over:
        plan.notes.append(f"over capacity after the handover: {', '.join(over)}")
    if dry_run:
        return plan

    when = utcnow()
    ref = new_batch_ref("ho")
    changes = apply_targets(
        session, list(targets.values()), batch_ref=ref, reason=f"{login} {new_status}", when=when
    )
    # Reminders follow the customer to whoever is now primary.
    new_primary = {c.customer_id: c.new_primary for c in changes}
    others = sorted({r.customer_id for r in reminder_rows} - set(new_primary))
    for part in chunks(others):
        for cid, sid in session.execute(
            select(m.Assignment.customer_id, m.Assignment.staff_id).where(
                m.Assignment.customer_id.in_(part),
                m.Assignment.role == "primary",
                m.Assignment.valid_to.is_(None),
            )
        ):
            new_primary[cid] = sid
    moved = move_reminders(session, {cid: (person.id, sid) for cid, sid in new_primary.items()})
    due = (when + dt.timedelta(days=CONTACT_TASK_DAYS)).date()
    for line in lines:
        if line.contact_task:
            session.add(
                m.Reminder(
                    kind="handover",
                    customer_id=line.customer_id,
                    staff_id=targets[line.customer_id].primary_id,
                    due_date=due,
                    reason=(
                        f"{person.name} ({login}) has {new_status}; you now serve this customer: "
                        "introduce yourself"
                    )[:500],
                    event_key=f"handover:{ref}:{line.customer_id}",
                )
            )
    plan.notes.extend(_wind_up_roles(session, person, when, ref))
    record_batch(
        session, actor, ref, "handover", changes, moved, {"staff": login, "status": new_status}
    )
    session.flush()
    staff_service.set_status(session, actor, login, new_status)
    broken = set(assignments.customers_without_active_primary(session)) & set(customers)
    if broken:
        raise InvariantError(f"handover would leave {len(broken)} customers without a manager")
    plan.batch_ref, plan.applied = ref, True
    return plan


def _wind_up_roles(session: Session, person: m.Staff, when: dt.datetime, ref: str) -> list[str]:
    """Teams keep shares adding up to 100 %: the leaver's share goes to the (new) lead; a
    team of one is dissolved. Chief designations end."""
    notes: list[str] = []
    memberships = session.scalars(
        select(m.Team)
        .join(m.TeamMember, m.TeamMember.team_id == m.Team.id)
        .where(m.TeamMember.staff_id == person.id, m.Team.active.is_(True))
    ).all()
    relead: dict[int, int | None] = {}
    for team in memberships:
        rest = [tm for tm in team.members if tm.staff_id != person.id]
        mine = sum(tm.share_bp for tm in team.members if tm.staff_id == person.id)
        if not rest:
            team.active = False
            relead[team.id] = None
            notes.append(f"team {team.name} dissolved: {person.login} was its only member")
            continue
        if team.lead_id == person.id:
            new_lead = max(rest, key=lambda tm: (tm.share_bp, -tm.staff_id)).staff_id
            team.lead_id = new_lead
            relead[team.id] = new_lead
        shares = {tm.staff_id: tm.share_bp for tm in rest}
        shares[team.lead_id] += mine
        team.members = [m.TeamMember(staff_id=s, share_bp=bp) for s, bp in shares.items()]
        notes.append(f"team {team.name}: share of {person.login} passed to the lead")
    session.flush()
    team_rows = session.scalars(
        select(m.Assignment).where(
            m.Assignment.role == "team",
            m.Assignment.valid_to.is_(None),
            m.Assignment.team_id.in_(sorted(relead)),
        )
    ).all()
    for a in team_rows:
        a.valid_to = when
        lead: int | None = relead[a.team_id] if a.team_id is not None else None
        if lead is not None:
            session.add(
                m.Assignment(
                    customer_id=a.customer_id,
                    staff_id=lead,
                    role="team",
                    share_bp=a.share_bp,
                    team_id=a.team_id,
                    valid_from=when,
                    reason=f"team lead {person.login} left",
                    batch_ref=ref,
                )
            )
    chiefs = session.scalars(
        select(m.Assignment).where(
            m.Assignment.staff_id == person.id,
            m.Assignment.role.in_(("chief", "team")),
            m.Assignment.valid_to.is_(None),
        )
    ).all()
    ended: defaultdict[str, int] = defaultdict(int)
    for a in chiefs:
        a.valid_to = when
        ended[a.role] += 1
    for role, n in ended.items():
        notes.append(f"{role} role of {person.login} ended for {n} customers")
    session.flush()
    return notes
