"""The reminder engine: turns what changed about customers into reminders for their manager.

``scan(db, actor, day)`` runs each morning (from the app, or ``branchcrm events scan``). It
is idempotent: every event has a stable key in ``reminder.event_key`` (unique), candidates
whose key already exists are filtered out in SQL and the insert itself is ``ON CONFLICT DO
NOTHING``, so a rescan, or two workstations scanning at once, never duplicates a reminder.

Each kind is found by one set-wise query per day or per tier (never a Python loop over
all customers); Python only formats the reason of the events found. Reminders go to the
customer's responsible manager computed set-wise exactly like
:func:`branchcrm.services.routing.responsible_staff`: the primary, or the secondary while
the primary is on leave. Customers without a primary manager cannot be routed; they are
counted in ``unrouted`` so that nobody assumes they were handled.

Reasons are stored as English text with the figures filled in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.money import format_yuan
from branchcrm.engines import potential
from branchcrm.engines.common import branch_zone, local_day_bounds, setting_json
from branchcrm.services.errors import PermissionDenied

POLICY_SETTING = "events.policy"
DEFAULT_POLICY: dict[str, Any] = {
    "birthday_lead_days": 7,
    "maturity_lead_days": 14,
    "risk_expiry_lead_days": 30,
    "recent_days": 7,  # how far back a scan looks for transactions, openings, tier changes
}
LIVE = ("active", "dormant")


@dataclass
class ScanResult:
    day: dt.date
    created: dict[str, int] = field(default_factory=dict)
    unrouted: int = 0
    potential_snapshot: potential.SnapshotInfo | None = None  # when this scan took it

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "created": dict(sorted(self.created.items())),
            "total": self.total,
            "unrouted": self.unrouted,
        }


@dataclass(frozen=True)
class Event:
    kind: str
    customer_id: int
    due: dt.date
    reason: str
    key: str


# ----------------------------------------------------------------------------- routing


def _on_leave(s: Any, day: dt.date) -> ColumnElement[bool]:
    return or_(
        and_(s.status == "on_leave", s.leave_from.is_(None)),
        and_(
            s.leave_from.is_not(None),
            s.leave_from <= day,
            or_(s.leave_to.is_(None), s.leave_to >= day),
        ),
    )


def responsible_map(session: Session, day: dt.date) -> dict[int, int]:
    """customer_id -> staff_id for every customer with a current primary, set-wise."""
    prim = aliased(m.Assignment)
    sec = aliased(m.Assignment)
    pstaff = aliased(m.Staff)
    staff_id = case(
        (and_(sec.staff_id.is_not(None), _on_leave(pstaff, day)), sec.staff_id),
        else_=prim.staff_id,
    )
    q = (
        select(prim.customer_id, staff_id)
        .join(pstaff, pstaff.id == prim.staff_id)
        .outerjoin(
            sec,
            and_(
                sec.customer_id == prim.customer_id,
                sec.role == "secondary",
                sec.valid_to.is_(None),
            ),
        )
        .where(prim.role == "primary", prim.valid_to.is_(None))
    )
    return {int(c): int(s) for c, s in session.execute(q)}


# ----------------------------------------------------------------------------- helpers


def _key(prefix: str, *parts: Any) -> ColumnElement[str]:
    """An event key built in SQL, e.g. ``'maturity:' || CAST(holding.id AS VARCHAR)``."""
    expr: Any = literal(prefix)
    for i, part in enumerate(parts):
        if i:
            expr = expr + literal(":")
        expr = expr + (literal(part) if isinstance(part, str) else cast(part, String))
    return expr


def _new(key: ColumnElement[str]) -> ColumnElement[bool]:
    return ~exists().where(m.Reminder.event_key == key)


def _yuan(fen: int) -> str:
    return f"¥{format_yuan(fen)}"


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _may_scan(actor: Actor) -> None:
    if actor.staff_id is None:
        return
    if not actor.roles:
        raise PermissionDenied(f"{actor.login} may not scan for reminders")


# ----------------------------------------------------------------------------- event kinds


def birthday_dates(day: dt.date, lead_days: int) -> list[tuple[dt.date, list[tuple[int, int]]]]:
    """Each day of the window with the (month, day) birthdays celebrated on it.

    29 February birthdays are celebrated on 28 February in ordinary years.
    """
    out = []
    for i in range(lead_days + 1):
        d = day + dt.timedelta(days=i)
        mds = [(d.month, d.day)]
        if d.month == 2 and d.day == 28 and not _leap(d.year):
            mds.append((2, 29))
        out.append((d, mds))
    return out


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _birthdays(session: Session, day: dt.date, policy: dict[str, Any]) -> Iterable[Event]:
    c = m.Customer
    for d, mds in birthday_dates(day, int(policy["birthday_lead_days"])):
        key = _key("birthday:", c.id, str(d.year))
        match = or_(
            *[
                or_(
                    and_(c.birth_month == mo, c.birth_day == da),
                    and_(
                        c.birth_month.is_(None),
                        c.birth_date.is_not(None),
                        extract("month", c.birth_date) == mo,
                        extract("day", c.birth_date) == da,
                    ),
                )
                for mo, da in mds
            ]
        )
        q = select(c.id, c.birth_date, key).where(match, c.status.in_(LIVE), _new(key))
        for cid, birth, k in session.execute(q):
            born = _date(birth)
            age = f" (turns {d.year - born.year})" if born else ""
            yield Event("birthday", cid, d, f"Birthday on {d.isoformat()}{age}", k)


def _tiers(session: Session) -> list[tuple[str, int, int, int]]:
    """(code, rank, large_txn_fen, no_contact_days), lowest rank first."""
    rows = session.execute(
        select(m.Tier.code, m.Tier.rank, m.Tier.large_txn_fen, m.Tier.no_contact_days).order_by(
            m.Tier.rank
        )
    ).all()
    return [(str(a), int(b), int(c), int(d)) for a, b, c, d in rows]


def _tier_clause(code: str, lowest: bool) -> ColumnElement[bool]:
    """Customers of this tier; those with no tier yet are treated as the lowest tier."""
    if lowest:
        return or_(m.Customer.tier_code == code, m.Customer.tier_code.is_(None))
    return m.Customer.tier_code == code


def _large_transactions(
    session: Session, day: dt.date, policy: dict[str, Any], tz: dt.tzinfo
) -> Iterable[Event]:
    t = m.AccountTransaction
    start, _ = local_day_bounds(day - dt.timedelta(days=int(policy["recent_days"])), tz)
    _, end = local_day_bounds(day, tz)
    tiers = _tiers(session)
    for i, (code, _rank, threshold, _days) in enumerate(tiers):
        key = _key("large_txn:", t.id)
        q = (
            select(t.customer_id, t.amount_fen, t.occurred_at, t.kind, t.description, key)
            .join(m.Customer, m.Customer.id == t.customer_id)
            .where(
                t.occurred_at >= start,
                t.occurred_at < end,
                func.abs(t.amount_fen) >= threshold,
                _tier_clause(code, i == 0),
                m.Customer.status.in_(LIVE),
                _new(key),
            )
        )
        for cid, amount, at, kind, desc, k in session.execute(q):
            local = at.astimezone(tz)
            what = "inflow" if amount > 0 else "outflow"
            note = f" ({desc or kind})" if (desc or kind) else ""
            reason = (
                f"Large {what} of {_yuan(abs(amount))} on {local:%Y-%m-%d %H:%M}{note}; "
                f"tier threshold {_yuan(threshold)}"
            )
            yield Event("large_txn", cid, day, reason, k)


def _account_changes(
    session: Session, day: dt.date, policy: dict[str, Any], tz: dt.tzinfo
) -> Iterable[Event]:
    h, p = m.Holding, m.Product
    since = day - dt.timedelta(days=int(policy["recent_days"]))
    key = _key("account_open:", h.id)
    q = (
        select(h.customer_id, p.name, h.account_no, h.amount_fen, h.start_date, key)
        .join(p, p.id == h.product_id)
        .join(m.Customer, m.Customer.id == h.customer_id)
        .where(h.start_date >= since, h.start_date <= day, m.Customer.status.in_(LIVE), _new(key))
    )
    for cid, name, acct, amount, start, k in session.execute(q):
        reason = f"Account opened on {_date(start)}: {name} {acct or ''} {_yuan(amount)}".replace(
            "  ", " "
        )
        yield Event("account_change", cid, day, reason, k)
    start_utc, _ = local_day_bounds(since, tz)
    key = _key("account_close:", h.id)
    q2 = (
        select(h.customer_id, p.name, h.account_no, key)
        .join(p, p.id == h.product_id)
        .join(m.ImportBatch, m.ImportBatch.id == h.import_batch_id)
        .join(m.Customer, m.Customer.id == h.customer_id)
        .where(
            h.status == "closed",
            m.ImportBatch.started_at >= start_utc,
            m.Customer.status.in_(LIVE),
            _new(key),
        )
    )
    for cid, name, acct, k in session.execute(q2):
        reason = f"Account closed: {name} {acct or ''}".rstrip()
        yield Event("account_change", cid, day, reason, k)


def _tier_changes(
    session: Session, day: dt.date, since: dt.datetime | None, min_history_id: int | None
) -> Iterable[Event]:
    th = m.TierHistory
    old = aliased(m.Tier)
    new = aliased(m.Tier)
    key = _key("tier:", th.id)
    where = [th.from_tier.is_not(None), _new(key)]
    if since is not None:
        where.append(th.changed_at >= since)
    if min_history_id is not None:
        where.append(th.id >= min_history_id)
    q = (
        select(th.customer_id, th.period, old.name, new.name, old.rank, new.rank, th.reason, key)
        .join(old, old.code == th.from_tier)
        .join(new, new.code == th.to_tier)
        .join(m.Customer, m.Customer.id == th.customer_id)
        .where(*where, old.rank != new.rank, m.Customer.status.in_(LIVE))
    )
    for cid, period, old_name, new_name, old_rank, new_rank, why, k in session.execute(q):
        up = new_rank > old_rank
        verb = "Upgraded" if up else "Downgraded"
        reason = f"{verb} from {old_name} to {new_name} for {period}: {why}"
        yield Event("tier_up" if up else "tier_down", cid, day, reason, k)


def _maturities(session: Session, day: dt.date, policy: dict[str, Any]) -> Iterable[Event]:
    h, p = m.Holding, m.Product
    until = day + dt.timedelta(days=int(policy["maturity_lead_days"]))
    key = _key("maturity:", h.id)
    q = (
        select(h.customer_id, p.name, h.amount_fen, h.maturity_date, key)
        .join(p, p.id == h.product_id)
        .join(m.Customer, m.Customer.id == h.customer_id)
        .where(
            h.status == "open",
            h.maturity_date >= day,
            h.maturity_date <= until,
            m.Customer.status.in_(LIVE),
            _new(key),
        )
    )
    for cid, name, amount, maturity, k in session.execute(q):
        due = _date(maturity) or day
        reason = f"{name} of {_yuan(amount)} matures on {due.isoformat()}"
        yield Event("maturity", cid, due, reason, k)


def _risk_expiries(session: Session, day: dt.date, policy: dict[str, Any]) -> Iterable[Event]:
    c = m.Customer
    until = day + dt.timedelta(days=int(policy["risk_expiry_lead_days"]))
    key = _key("risk_expiry:", c.id, cast(c.risk_expires_on, String))
    q = select(c.id, c.risk_level, c.risk_expires_on, key).where(
        c.risk_expires_on >= day, c.risk_expires_on <= until, c.status.in_(LIVE), _new(key)
    )
    for cid, level, expires, k in session.execute(q):
        due = _date(expires) or day
        reason = f"Risk assessment ({level or 'no level'}) expires on {due.isoformat()}"
        yield Event("risk_expiry", cid, due, reason, k)


def _no_contact(session: Session, day: dt.date, tz: dt.tzinfo) -> Iterable[Event]:
    c = m.Customer
    tiers = _tiers(session)
    last = func.coalesce(func.substr(cast(c.last_contact_at, String), 1, 10), literal("never"))
    key = _key("dormant:", c.id, last)
    for i, (code, _rank, _threshold, days) in enumerate(tiers):
        cutoff, _ = local_day_bounds(day - dt.timedelta(days=days), tz)
        q = select(c.id, c.last_contact_at, key).where(
            _tier_clause(code, i == 0),
            c.status.in_(LIVE),
            or_(
                c.last_contact_at < cutoff,
                and_(c.last_contact_at.is_(None), c.created_at < cutoff),
            ),
            _new(key),
        )
        for cid, at, k in session.execute(q):
            when = at.astimezone(tz).date().isoformat() if at else "never"
            reason = f"No contact for more than {days} days (last contact: {when})"
            yield Event("dormant", cid, day, reason, k)


RISK_ORDER = {f"R{i}": i for i in range(1, 6)}
TOLERANCE = {f"C{i}": i for i in range(1, 6)}


def suitability_issue(
    product_risk: str | None,
    customer_level: str | None,
    expires_on: dt.date | None,
    day: dt.date,
) -> str | None:
    """Why a held or recommended product is unsuitable, or None.

    A product rated Rn suits a customer whose tolerance is Cn or higher; products rated R1
    or unrated (insurance) need no assessment.
    """
    risk = RISK_ORDER.get(product_risk or "", 0)
    if risk <= 1:
        return None
    if not customer_level:
        return f"Product rated {product_risk} but the customer has no risk assessment"
    if risk > TOLERANCE.get(customer_level, 0):
        return f"Product rated {product_risk} is above the customer's tolerance {customer_level}"
    if expires_on is not None and expires_on < day:
        return f"Risk assessment expired on {expires_on.isoformat()}"
    return None


def _suitability(session: Session, day: dt.date) -> Iterable[Event]:
    h, p, c = m.Holding, m.Product, m.Customer
    prisk = func.substr(p.risk_rating, 2, 1)  # 'R4' -> '4'; single digits compare as text
    crisk = func.substr(c.risk_level, 2, 1)
    key = _key("suitability:", h.id, func.coalesce(c.risk_level, literal("none")))
    q = (
        select(h.customer_id, p.name, p.risk_rating, c.risk_level, key)
        .join(p, p.id == h.product_id)
        .join(c, c.id == h.customer_id)
        .where(
            h.status == "open",
            p.risk_rating.is_not(None),
            p.risk_rating != "R1",
            or_(c.risk_level.is_(None), prisk > crisk),
            c.status.in_(LIVE),
            _new(key),
        )
    )
    for cid, name, prating, level, k in session.execute(q):
        why = suitability_issue(prating, level, None, day) or "unsuitable"
        yield Event("suitability", cid, day, f"{name}: {why}", k)
    key2 = _key("suitability_expired:", c.id, cast(c.risk_expires_on, String))
    risky = (
        select(func.count())
        .select_from(h)
        .join(p, p.id == h.product_id)
        .where(
            h.customer_id == c.id,
            h.status == "open",
            p.risk_rating.is_not(None),
            p.risk_rating != "R1",
        )
        .scalar_subquery()
    )
    q2 = select(c.id, c.risk_expires_on, risky, key2).where(
        c.risk_expires_on < day, c.status.in_(LIVE), risky > 0, _new(key2)
    )
    for cid, expires, n, k in session.execute(q2):
        reason = (
            f"Risk assessment expired on {_date(expires)} while holding {n} "
            "risk-rated product(s): reassess before the next sale"
        )
        yield Event("suitability", cid, day, reason, k)


# ----------------------------------------------------------------------------- writing


def _write(
    session: Session, events: Iterable[Event], routes: dict[int, int], result: ScanResult
) -> None:
    """Insert the events' reminders; a key that appeared meanwhile is skipped by the database."""
    now = dt.datetime.now(dt.UTC)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for e in events:
        if e.key in seen:
            continue
        seen.add(e.key)
        staff = routes.get(e.customer_id)
        if staff is None:
            result.unrouted += 1
            continue
        rows.append(
            {
                "kind": e.kind,
                "customer_id": e.customer_id,
                "staff_id": staff,
                "due_date": e.due,
                "status": "open",
                "reason": e.reason[:1000],
                "event_key": e.key[:120],
                "created_at": now,
                "version": 1,
            }
        )
        result.created[e.kind] = result.created.get(e.kind, 0) + 1
    dialect = session.get_bind().dialect.name
    ins: Any = (postgresql if dialect == "postgresql" else sqlite).insert(m.Reminder)
    stmt = ins.on_conflict_do_nothing(index_elements=["event_key"])
    for i in range(0, len(rows), 10_000):
        session.execute(stmt, rows[i : i + 10_000])


def tier_reminders(session: Session, day: dt.date, *, min_history_id: int | None = None) -> int:
    """Reminders for tier changes in the history (from ``min_history_id`` on); the tier
    engine calls this right after writing its history rows."""
    result = ScanResult(day)
    routes = responsible_map(session, day)
    _write(session, _tier_changes(session, day, None, min_history_id), routes, result)
    return result.total


def scan(db: Database, actor: Actor, day: dt.date | None = None) -> ScanResult:
    """Raise every reminder due on ``day`` (default: today in the branch's time zone)."""
    _may_scan(actor)
    with db.session(actor) as session:
        tz = branch_zone(session)
        day = day or dt.datetime.now(tz).date()
        policy = setting_json(session, POLICY_SETTING, DEFAULT_POLICY)
        result = ScanResult(day)
        routes = responsible_map(session, day)
        since, _ = local_day_bounds(day - dt.timedelta(days=int(policy["recent_days"])), tz)
        kinds: Sequence[Iterable[Event]] = (
            _birthdays(session, day, policy),
            _large_transactions(session, day, policy, tz),
            _account_changes(session, day, policy, tz),
            _tier_changes(session, day, since, None),
            _maturities(session, day, policy),
            _risk_expiries(session, day, policy),
            _no_contact(session, day, tz),
            _suitability(session, day),
        )
        for events in kinds:
            _write(session, list(events), routes, result)
        if result.total:
            hooks.record(session, actor, "reminder", None, "scan", result.as_json())
        # The month's potential snapshot (what the supervisors' dashboard counts as found),
        # taken by the first scan of the month.
        snap = potential.ensure_snapshot(session, day.replace(day=1), taken_by=actor.staff_id)
        result.potential_snapshot = snap if snap.created else None
    return result


# ----------------------------------------------------------------------------- export

EXPORT_FIELDS = ("kind", "customer", "customer_id", "staff", "due", "status", "reason")


def export_rows(
    session: Session, actor: Actor, *, status: str | None = None, limit: int = 200_000
) -> list[dict[str, Any]]:
    """Reminders for an export: a manager's own; the branch's for supervisors and heads."""
    from branchcrm.domain.roles import Role
    from branchcrm.services.visibility import customer_clause

    r, c, s = m.Reminder, m.Customer, m.Staff
    q = (
        select(r.kind, c.name, c.id, s.login, r.due_date, r.status, r.reason)
        .join(c, c.id == r.customer_id)
        .join(s, s.id == r.staff_id)
        .order_by(r.due_date, r.id)
        .limit(limit)
    )
    if actor.has(Role.SUPERVISOR, Role.HEAD):
        q = q.where(customer_clause(session, actor, "branch"))
    elif actor.staff_id is not None and actor.roles:
        q = q.where(r.staff_id == actor.staff_id)
    else:
        raise PermissionDenied(f"{actor.login} may not export reminders")
    if status:
        q = q.where(r.status == status)
    return [
        dict(zip(EXPORT_FIELDS, (k, name, cid, login, due, st, reason), strict=True))
        for k, name, cid, login, due, st, reason in session.execute(q)
    ]
