"""The tiering engine: which rung of the tier ladder a customer stands on, and why.

Tiers (the ``tier`` table) and the policy (setting ``tiering.policy``) are data; this module
holds the rule, as a pure function over one customer's month daily-average totals, and a
runner that applies it to the whole branch in a few set-wise statements.

The rule (all amounts are month daily-averages summed over the asset categories):

* **Upgrade at once.** When the month's average reaches a higher tier's threshold, the
  customer moves up to the highest tier it reaches, in that month.
* **Downgrade after a watch.** A month below the current tier's threshold puts the customer
  on watch. Only when the last ``watch_months`` months (default 3) are *all* below the line
  is a downgrade considered.
* **Downgrade target: what the lookback supports.** "Supported" is defined here as: the
  tier's threshold is met by the *mean of the month averages of the last
  ``lookback_months`` months* (default 6; i.e. the six-month daily average, 近六个月日均).
  The customer moves to the highest tier so supported, never higher than the current one;
  while the six-month average still meets the current line the customer stays (on watch).
  The mean rather than the best month was chosen so that both parameters matter: with the
  best month, three months below the line could never cause a downgrade while a good month
  remains in the window, which makes the watch period meaningless.
* Months are those for which the bank's feeds delivered balances at all ("known
  periods"); a customer without balances in a known month counts 0 for it.

The rule is idempotent by construction: applying it twice to the same figures changes
nothing the second time (an upgraded customer meets their new line; a downgraded one is at
the tier the lookback supports, which meets its own line).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.money import format_yuan
from branchcrm.domain.roles import Role
from branchcrm.engines import potential
from branchcrm.engines.common import parse_period, setting_json
from branchcrm.services.errors import PermissionDenied, ServiceError, ValidationError

POLICY_SETTING = "tiering.policy"
DEFAULT_POLICY: dict[str, Any] = {"watch_months": 3, "lookback_months": 6}


@dataclass(frozen=True)
class Rung:
    """One tier of the ladder as the rule needs it."""

    code: str
    name: str
    rank: int
    min_aum_fen: int


@dataclass(frozen=True)
class Policy:
    watch_months: int = 3
    lookback_months: int = 6

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Policy:
        try:
            watch = int(values.get("watch_months", 3))
            lookback = int(values.get("lookback_months", 6))
        except (TypeError, ValueError):
            raise ValidationError(
                {POLICY_SETTING: "watch_months and lookback_months must be whole numbers"}
            ) from None
        if not 1 <= watch <= 24 or not 1 <= lookback <= 24:
            raise ValidationError({POLICY_SETTING: "months must be between 1 and 24"})
        return cls(watch, lookback)

    @property
    def months_needed(self) -> int:
        return max(self.watch_months, self.lookback_months)


@dataclass(frozen=True)
class Decision:
    """What the rule says for one customer in one period.

    ``action`` is ``initial`` (no tier before), ``upgrade``, ``downgrade``, ``keep`` (at or
    above the line) or ``watch`` (below the line, not downgraded yet).
    """

    action: str
    from_tier: str | None
    to_tier: str
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.action in ("initial", "upgrade", "downgrade")


def sorted_ladder(rungs: Sequence[Rung]) -> list[Rung]:
    if not rungs:
        raise ServiceError("the tier ladder is empty: add tiers before computing them")
    return sorted(rungs, key=lambda r: r.rank)


def tier_for(ladder: Sequence[Rung], amount_fen: int) -> Rung:
    """The highest rung whose threshold ``amount_fen`` meets; the lowest rung otherwise."""
    best = ladder[0]
    for rung in ladder:
        if amount_fen >= rung.min_aum_fen and rung.rank >= best.rank:
            best = rung
    return best


def decide(
    ladder: Sequence[Rung], policy: Policy, current: str | None, months: Sequence[int]
) -> Decision:
    """Apply the rule to one customer.

    ``ladder`` is sorted by rank; ``months`` holds the month daily-average totals of the
    known periods, oldest first, ending with the month being decided.
    """
    if not months:
        raise ValueError("at least the decided month is needed")
    now = months[-1]
    reached = tier_for(ladder, now)
    by_code = {r.code: r for r in ladder}
    cur = by_code.get(current) if current else None
    figures: dict[str, Any] = {"month_avg_fen": now, "line_fen": reached.min_aum_fen}
    if cur is None:
        return Decision("initial", current, reached.code, figures)
    if reached.rank > cur.rank:
        return Decision("upgrade", cur.code, reached.code, figures)
    figures["line_fen"] = cur.min_aum_fen
    if now >= cur.min_aum_fen:
        return Decision("keep", cur.code, cur.code, figures)
    below = 0
    for value in reversed(months):
        if value >= cur.min_aum_fen:
            break
        below += 1
    figures["months_below"] = below
    figures["watch_months"] = policy.watch_months
    if below < policy.watch_months:
        return Decision("watch", cur.code, cur.code, figures)
    window = list(months[-policy.lookback_months :])
    # A customer with fewer known months than the lookback: the missing months are unknown,
    # not zero, so the mean is over the months there are.
    mean = sum(window) // len(window)
    supported = tier_for(ladder, mean)
    figures.update(
        lookback_months=len(window),
        lookback_avg_fen=mean,
        lookback=window,
        target_line_fen=supported.min_aum_fen,
    )
    if supported.rank >= cur.rank:
        return Decision("watch", cur.code, cur.code, figures)
    return Decision("downgrade", cur.code, supported.code, figures)


# ----------------------------------------------------------------------------- explanation


@dataclass(frozen=True)
class Explanation:
    """One sentence for the customer file: an English source template (translated by the
    GUI, like any other source string) and the values to fill in."""

    template: str
    params: dict[str, str]

    @property
    def text(self) -> str:
        return self.template.format(**self.params)


TEMPLATES = {
    "initial": "{tier} since {period}: the {period} daily-average assets of {amount} meet "
    "the {tier} line of {line}.",
    "upgrade": "{tier} since {period}: upgraded at once because the {period} daily-average "
    "assets of {amount} reached the {tier} line of {line}.",
    "downgrade": "{tier} since {period}: after {months} months below the {previous} line of "
    "{previous_line}, the {lookback}-month average of {amount} supports {tier}.",
    "other": "{tier} since {period}: {reason}",
    "none": "No tier yet: no balances have been computed for this customer.",
}


def _yuan(fen: Any) -> str:
    return f"¥{format_yuan(int(fen))}" if isinstance(fen, int) else "?"


def explain(
    action: str,
    to_tier: str,
    period: str,
    figures: dict[str, Any],
    names: dict[str, str],
    *,
    from_tier: str | None = None,
    reason: str = "",
) -> Explanation:
    """The sentence for a tier change (a Decision or a tier_history row)."""
    tier = names.get(to_tier, to_tier)
    if action in ("initial", "upgrade") and "month_avg_fen" in figures:
        return Explanation(
            TEMPLATES[action],
            {
                "tier": tier,
                "period": period,
                "amount": _yuan(figures["month_avg_fen"]),
                "line": _yuan(figures.get("line_fen")),
            },
        )
    if action == "downgrade" and "lookback_avg_fen" in figures:
        return Explanation(
            TEMPLATES["downgrade"],
            {
                "tier": tier,
                "period": period,
                "months": str(figures.get("months_below", "?")),
                "previous": names.get(from_tier or "", from_tier or "?"),
                "previous_line": _yuan(figures.get("line_fen")),
                "lookback": str(figures.get("lookback_months", "?")),
                "amount": _yuan(figures["lookback_avg_fen"]),
            },
        )
    return Explanation(TEMPLATES["other"], {"tier": tier, "period": period, "reason": reason})


def explain_current(session: Session, customer_id: int) -> Explanation:
    """Why the customer stands where they do: the last change in the tier history."""
    names = {code: name for code, name in session.execute(select(m.Tier.code, m.Tier.name))}
    last = session.execute(
        select(m.TierHistory)
        .where(m.TierHistory.customer_id == customer_id)
        .order_by(m.TierHistory.changed_at.desc(), m.TierHistory.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if last is None:
        return Explanation(TEMPLATES["none"], {})
    try:
        figures = json.loads(last.figures or "{}")
    except ValueError:
        figures = {}
    if not isinstance(figures, dict):
        figures = {}
    return explain(
        str(figures.get("action", "other")),
        last.to_tier,
        last.period,
        figures,
        names,
        from_tier=last.from_tier,
        reason=last.reason,
    )


REASONS = {
    "initial": "Initial tier from the {period} daily-average assets",
    "upgrade": "Upgraded at once: {period} daily-average assets reached the line",
    "downgrade": "Downgraded after {months} months below the line, to what the "
    "{lookback}-month average supports",
}


# ----------------------------------------------------------------------------- runner


@dataclass
class RecomputeResult:
    period: str
    customers: int = 0
    initial: int = 0
    upgrades: int = 0
    downgrades: int = 0
    watch: int = 0
    skipped: int = 0  # a later period was already decided for them
    aum_updated: int = 0
    reminders: int = 0
    history_ids: list[int] = field(default_factory=list)
    potential_snapshot: potential.SnapshotInfo | None = None  # when this run took one

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "customers": self.customers,
            "initial": self.initial,
            "upgrades": self.upgrades,
            "downgrades": self.downgrades,
            "watch": self.watch,
            "skipped": self.skipped,
            "aum_updated": self.aum_updated,
            "reminders": self.reminders,
        }


def load_ladder(session: Session) -> list[Rung]:
    rows = session.execute(select(m.Tier.code, m.Tier.name, m.Tier.rank, m.Tier.min_aum_fen))
    return sorted_ladder([Rung(c, n, int(r), int(a)) for c, n, r, a in rows])


def load_policy(session: Session) -> Policy:
    return Policy.from_dict(setting_json(session, POLICY_SETTING, DEFAULT_POLICY))


def _may_recompute(actor: Actor) -> None:
    if actor.staff_id is None:
        return  # the application itself (scheduled run)
    if not actor.has(Role.SUPERVISOR, Role.HEAD, Role.ADMIN):
        raise PermissionDenied(f"{actor.login} may not recompute tiers (supervisor, head or admin)")


def _known_periods(session: Session, period: str, count: int) -> list[str]:
    rows = session.scalars(
        select(m.PeriodBalance.period)
        .where(m.PeriodBalance.period <= period)
        .group_by(m.PeriodBalance.period)
        .order_by(m.PeriodBalance.period.desc())
        .limit(count)
    ).all()
    return sorted(rows)


def recompute(
    db: Database, actor: Actor, period: str | None = None, *, today: dt.date | None = None
) -> RecomputeResult:
    """Decide every customer's tier for ``period`` (default: the latest with balances).

    Idempotent: a second run for the same period and figures changes nothing. Customers
    whose history already holds a later period are left alone, so recomputing an old month
    never rewinds a newer decision. ``customer.aum_fen`` follows the latest known period.
    """
    _may_recompute(actor)
    today = today or dt.date.today()
    with db.session(actor) as session:
        ladder = load_ladder(session)
        policy = load_policy(session)
        latest = session.scalar(select(func.max(m.PeriodBalance.period)))
        if period is None:
            if latest is None:
                raise ServiceError(
                    "no balances have been imported yet: import a balances feed first"
                )
            period = latest
        try:
            parse_period(period)
        except ValueError as exc:
            raise ValidationError({"period": str(exc)}) from None
        periods = _known_periods(session, period, policy.months_needed)
        if not periods or periods[-1] != period:
            raise ServiceError(f"no balances for {period}: import that month's balances feed first")
        result = RecomputeResult(period)
        index = {p: i for i, p in enumerate(periods)}
        totals: dict[int, list[int | None]] = {}
        q = (
            select(
                m.PeriodBalance.customer_id,
                m.PeriodBalance.period,
                func.sum(m.PeriodBalance.avg_balance_fen),
            )
            .where(m.PeriodBalance.period.in_(periods))
            .group_by(m.PeriodBalance.customer_id, m.PeriodBalance.period)
        )
        width = len(periods)
        for cid, p, total in session.execute(q):
            row = totals.get(cid)
            if row is None:
                row = totals[cid] = [None] * width
            row[index[p]] = int(total or 0)
        later = {
            cid: p
            for cid, p in session.execute(
                select(m.TierHistory.customer_id, func.max(m.TierHistory.period))
                .where(m.TierHistory.period > period)
                .group_by(m.TierHistory.customer_id)
            )
        }
        first_id = 0
        history: list[dict[str, Any]] = []
        tier_updates: list[dict[str, Any]] = []
        aum_updates: list[dict[str, Any]] = []
        now = dt.datetime.now(dt.UTC)
        set_aum = period == latest
        customers = session.execute(
            select(m.Customer.id, m.Customer.tier_code, m.Customer.aum_fen).where(
                m.Customer.status != "closed"
            )
        )
        for cid, tier_code, aum_fen in customers:
            result.customers += 1
            if cid in later:
                result.skipped += 1
                continue
            months = _months(totals.get(cid))
            d = decide(ladder, policy, tier_code, months)
            if set_aum and months[-1] != aum_fen:
                aum_updates.append({"b_id": cid, "b_aum": months[-1]})
            if d.action == "watch":
                result.watch += 1
            if not d.changed:
                continue
            if d.action == "initial":
                result.initial += 1
            elif d.action == "upgrade":
                result.upgrades += 1
            else:
                result.downgrades += 1
            figures = {"action": d.action, "period": period, **d.figures}
            reason = REASONS[d.action].format(
                period=period,
                months=d.figures.get("months_below", ""),
                lookback=d.figures.get("lookback_months", ""),
            )
            history.append(
                {
                    "customer_id": cid,
                    "from_tier": d.from_tier,
                    "to_tier": d.to_tier,
                    "period": period,
                    "changed_at": now,
                    "reason": reason,
                    "figures": json.dumps(figures),
                }
            )
            tier_updates.append({"b_id": cid, "b_tier": d.to_tier})
        _bulk_update(session, tier_updates, aum_updates)
        result.aum_updated = len(aum_updates)
        if history:
            first_id = (session.scalar(select(func.max(m.TierHistory.id))) or 0) + 1
            session.execute(insert(m.TierHistory), history)
            result.history_ids = list(
                session.scalars(select(m.TierHistory.id).where(m.TierHistory.id >= first_id))
            )
        if history or aum_updates:
            hooks.record(session, actor, "customer", None, "tier_recompute", result.as_json())
        if result.upgrades or result.downgrades:
            from branchcrm.engines import events

            result.reminders = events.tier_reminders(session, today, min_history_id=first_id)
        if set_aum:
            # The latest month's tiers and assets are in: the potential snapshot for the start
            # of the next month (the dashboard's "found" for periods starting then), unless
            # that day is still to come or a snapshot of it exists already.
            y, mo = divmod(int(period[:4]) * 12 + int(period[5:7]), 12)
            next_start = dt.date(y, mo + 1, 1)
            if next_start <= today:
                snap = potential.ensure_snapshot(session, next_start, taken_by=actor.staff_id)
                result.potential_snapshot = snap if snap.created else None
    return result


def _months(row: list[int | None] | None) -> list[int]:
    """Months before a customer's first balance are unknown (not yet a customer of the bank,
    or before the feeds began), so they are left out; later gaps count as zero."""
    if row is None:
        return [0]
    start = next((i for i, v in enumerate(row) if v is not None), len(row) - 1)
    return [v or 0 for v in row[start:]]


def _bulk_update(session: Session, tiers: list[dict[str, Any]], aums: list[dict[str, Any]]) -> None:
    """Derived columns, written like ``touch_last_contact``: no version bump, so a colleague's
    open profile edit never conflicts with an engine run. Tier and AUM go in one UPDATE per
    customer: on PostgreSQL each updated row costs a new version in every index of the
    customer table (trigram search indexes included), so one pass instead of two matters."""
    merged: dict[int, list[Any]] = {}
    for r in tiers:
        merged.setdefault(r["b_id"], [None, None])[0] = r["b_tier"]
    for r in aums:
        merged.setdefault(r["b_id"], [None, None])[1] = r["b_aum"]
    if not merged:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE TEMP TABLE tmp_tier_upd (id bigint, tier text, aum bigint) ON COMMIT DROP"
        )
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy("COPY tmp_tier_upd (id, tier, aum) FROM STDIN") as copy:
            for cid, (tier, aum) in merged.items():
                copy.write_row((cid, tier, aum))
        conn.exec_driver_sql(
            "UPDATE customer SET tier_code = COALESCE(t.tier, customer.tier_code), "
            "aum_fen = COALESCE(t.aum, customer.aum_fen) FROM tmp_tier_upd t "
            "WHERE customer.id = t.id"
        )
        conn.exec_driver_sql("DROP TABLE tmp_tier_upd")
        return
    rows = [(tier, aum, cid) for cid, (tier, aum) in merged.items()]
    sql = (
        "UPDATE customer SET tier_code = COALESCE(?, tier_code), "
        "aum_fen = COALESCE(?, aum_fen) WHERE id = ?"
    )
    for i in range(0, len(rows), 20_000):
        conn.exec_driver_sql(sql, rows[i : i + 20_000])
