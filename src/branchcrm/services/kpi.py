"""KPI scorecards: configurable indicators and weights, a fair ranking of managers, teams and
chief customer managers.

Each indicator is scaled 0-100 across the units being compared (best = 100), then weighted;
weights live in the ``setting`` table (``kpi.weights`` for managers, ``kpi.weights.teams``
and ``kpi.weights.chiefs``) so a branch can change them.

* Managers: asset growth credited to them (assignment and team shares), contact coverage of
  their primary customers, file completeness, reminders on time, use of the system, and the
  satisfaction recorded on their contacts.
* Teams: the same indicators over the team's book (customers it serves and its members'
  primary customers) and its members' work; growth credited is its members' sum.
* Chief customer managers: the asset growth of their key customers against the baseline
  and their key customers' satisfaction, with its change (see :func:`chiefs.scoreboard`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.services import dashboard
from branchcrm.services.errors import ValidationError
from branchcrm.services.periods import Period
from branchcrm.services.visibility import require_role

KINDS = ("managers", "teams", "chiefs")
WEIGHTS_KEY = "kpi.weights"  # managers (the first kind, kept under its original key)
WEIGHTS_KEYS = {
    "managers": WEIGHTS_KEY,
    "teams": "kpi.weights.teams",
    "chiefs": "kpi.weights.chiefs",
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "aum_growth": 35,
    "coverage": 20,
    "completeness": 10,
    "on_time": 15,
    "system_use": 10,
    "satisfaction": 10,
}
CHIEF_WEIGHTS: dict[str, float] = {
    "key_aum_growth": 60,
    "satisfaction": 25,
    "satisfaction_change": 15,
}
DEFAULTS: dict[str, dict[str, float]] = {
    "managers": DEFAULT_WEIGHTS,
    "teams": DEFAULT_WEIGHTS,
    "chiefs": CHIEF_WEIGHTS,
}
INDICATORS: dict[str, str] = {
    "aum_growth": "Asset growth credited",
    "coverage": "Contact coverage",
    "completeness": "File completeness",
    "on_time": "Reminders handled on time",
    "system_use": "Use of the system",
    "satisfaction": "Customer satisfaction",
    "key_aum_growth": "Asset growth of key customers",
    "satisfaction_change": "Change in satisfaction",
}
KIND_TITLES = {"managers": "Managers", "teams": "Teams", "chiefs": "Chief customer managers"}


def indicators(kind: str = "managers") -> list[str]:
    """The indicator keys of a kind of scorecard, in display order."""
    return list(DEFAULTS[_kind(kind)])


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError({"kind": f"one of {', '.join(KINDS)}"})
    return kind


@dataclass
class Scorecard:
    """One ranked unit: ``staff_id`` is the manager's or chief's staff id, or the team's id
    (``login`` is then empty and ``members`` lists its members)."""

    staff_id: int
    login: str
    name: str
    raw: dict[str, float | None]  # None: nothing to measure (e.g. no reminder fell due)
    scaled: dict[str, float | None] = field(default_factory=dict)
    score: float = 0.0
    rank: int = 0
    kind: str = "managers"
    customers: int = 0
    members: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "teams":
            return f"{self.name} ({', '.join(self.members)})" if self.members else self.name
        return f"{self.name} ({self.login})"


@dataclass
class Ranking:
    """Every kind's ranking for one period, with the weights used for each."""

    period: str
    cards: dict[str, list[Scorecard]]
    weights: dict[str, dict[str, float]]
    credited: dict[int, int] = field(default_factory=dict)  # staff id -> growth credited


def load_weights(session: Session, kind: str = "managers") -> dict[str, float]:
    defaults = DEFAULTS[_kind(kind)]
    row = session.get(m.Setting, WEIGHTS_KEYS[kind])
    if row is None:
        return dict(defaults)
    stored = json.loads(row.value)
    return {k: float(stored.get(k, 0)) for k in defaults}


def save_weights(
    session: Session, actor: Actor, weights: dict[str, float], kind: str = "managers"
) -> None:
    require_role(actor, Role.SUPERVISOR, Role.HEAD, Role.ADMIN)
    defaults = DEFAULTS[_kind(kind)]
    unknown = set(weights) - set(defaults)
    if unknown:
        raise ValidationError({"weights": f"unknown indicators: {', '.join(sorted(unknown))}"})
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValidationError({"weights": "weights must be non-negative and not all zero"})
    value = json.dumps({k: weights.get(k, 0) for k in defaults})
    row = session.get(m.Setting, WEIGHTS_KEYS[kind])
    if row is None:
        session.add(m.Setting(key=WEIGHTS_KEYS[kind], value=value))
    else:
        row.value = value
    session.flush()


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    return dashboard.utc_midnight(period.start), dashboard.utc_midnight(period.end)


def _satisfaction(session: Session, period: Period) -> dict[int, float]:
    """Staff id -> average satisfaction recorded on their contacts in the period."""
    start, end = _bounds(period)
    return {
        sid: float(avg)
        for sid, avg in session.execute(
            select(m.Contact.staff_id, func.avg(m.Contact.satisfaction))
            .where(
                m.Contact.satisfaction.is_not(None),
                m.Contact.occurred_at >= start,
                m.Contact.occurred_at < end,
            )
            .group_by(m.Contact.staff_id)
        )
        if sid is not None and avg is not None
    }


def _team_satisfaction(session: Session, period: Period) -> dict[int, float]:
    """Team id -> average satisfaction over every answer on its members' contacts."""
    start, end = _bounds(period)
    tm, c = m.TeamMember, m.Contact
    return {
        tid: float(avg)
        for tid, avg in session.execute(
            select(tm.team_id, func.avg(c.satisfaction))
            .join(c, c.staff_id == tm.staff_id)
            .where(c.satisfaction.is_not(None), c.occurred_at >= start, c.occurred_at < end)
            .group_by(tm.team_id)
        )
        if avg is not None
    }


GrowthSource = Callable[[Session, Actor, Period], dict[int, int]]


def credited_growth(session: Session, actor: Actor, period: Period) -> dict[int, int]:
    """Asset growth credited by who served each customer on which days, with team shares."""
    from branchcrm.services import credit

    last_day = period.end - dt.timedelta(days=1)
    return {
        sid: c.credited_fen
        for sid, c in credit.credited_growth(session, period.start, last_day).items()
    }


def rank(
    cards: list[Scorecard], weights: Mapping[str, float], keys: Sequence[str]
) -> list[Scorecard]:
    """Scale each indicator across ``cards`` (best = 100, all equal = 100), weight, sort and
    number them; the cards are updated in place and returned best first."""
    for key in keys:
        values = [v for c in cards if (v := c.raw[key]) is not None]
        low, high = (min(values), max(values)) if values else (0.0, 0.0)
        for c in cards:
            v = c.raw[key]
            c.scaled[key] = (
                None if v is None else 100.0 if high == low else 100.0 * (v - low) / (high - low)
            )
    for c in cards:
        # An indicator with nothing to measure neither helps nor hurts: the score is the
        # weighted average of the indicators that could be measured.
        known = [(s, weights.get(k, 0)) for k in keys if (s := c.scaled[k]) is not None]
        total = sum(w for _, w in known)
        c.score = round(sum(s * w for s, w in known) / total, 1) if total else 0.0
    cards.sort(key=lambda c: (-c.score, c.login, c.name, c.staff_id))
    for i, c in enumerate(cards, start=1):
        c.rank = i
    return cards


def _work_raw(
    f: dashboard.ManagerFigures, credited_fen: float, satisfaction: float
) -> dict[str, float | None]:
    return {
        "aum_growth": float(credited_fen),
        "coverage": f.coverage,
        "completeness": f.completeness_avg,
        "on_time": f.on_time_rate if f.reminders_due else None,
        "system_use": float(f.contacts_logged + f.files_updated + f.reminders_acted),
        "satisfaction": satisfaction,
    }


def scorecards(
    session: Session,
    actor: Actor,
    period: Period,
    *,
    weights: dict[str, float] | None = None,
    growth: GrowthSource | None = None,
    credited: Mapping[int, int] | None = None,
) -> list[Scorecard]:
    """Managers ranked by weighted, scaled indicators for the period."""
    require_role(actor, Role.SUPERVISOR, Role.HEAD)
    weights = weights or load_weights(session)
    figures = dashboard.manager_figures(session, actor, period)
    if credited is None:
        credited = (growth or credited_growth)(session, actor, period)
    satisfaction = _satisfaction(session, period)
    cards = [
        Scorecard(
            f.staff_id,
            f.login,
            f.name,
            _work_raw(f, credited.get(f.staff_id, 0), satisfaction.get(f.staff_id, 0.0)),
            customers=f.customers,
        )
        for f in figures
    ]
    return rank(cards, weights, indicators("managers"))


def team_scorecards(
    session: Session,
    actor: Actor,
    period: Period,
    *,
    weights: dict[str, float] | None = None,
    credited: Mapping[int, int] | None = None,
) -> list[Scorecard]:
    """The branch's active teams ranked by the managers' indicators over their books and
    their members' work (growth credited: the members' sum)."""
    require_role(actor, Role.SUPERVISOR, Role.HEAD)
    weights = weights or load_weights(session, "teams")
    if credited is None:
        credited = credited_growth(session, actor, period)
    figures = dashboard.team_figures(session, actor, period, credited=credited)
    satisfaction = _team_satisfaction(session, period)
    cards = [
        Scorecard(
            f.team_id,
            "",
            f.name,
            _work_raw(f, f.credited_fen, satisfaction.get(f.team_id, 0.0)),
            kind="teams",
            customers=f.customers,
            members=f.members,
        )
        for f in figures
    ]
    return rank(cards, weights, indicators("teams"))


def chief_scorecards(
    session: Session, actor: Actor, period: Period, *, weights: dict[str, float] | None = None
) -> list[Scorecard]:
    """Chief customer managers ranked by their key customers' asset growth (end of the period
    against the month before it) and satisfaction, from :func:`chiefs.scoreboard`.

    A chief without satisfaction answers counts 0 for it, as a manager without answers does;
    without answers before the period the change cannot be measured and is left out of
    their score (it neither helps nor hurts)."""
    from branchcrm.services import chiefs

    require_role(actor, Role.SUPERVISOR, Role.HEAD)
    weights = weights or load_weights(session, "chiefs")
    board = chiefs.scoreboard(session, actor, period.start, period.end - dt.timedelta(days=1))
    ids = dict(
        session.execute(
            select(m.Staff.login, m.Staff.id).where(m.Staff.login.in_([r.login for r in board]))
        ).all()
    )
    cards = [
        Scorecard(
            int(ids[r.login]),
            r.login,
            r.name,
            {
                "key_aum_growth": float(r.growth_fen),
                "satisfaction": r.satisfaction_after or 0.0,
                "satisfaction_change": r.satisfaction_change,
            },
            kind="chiefs",
            customers=r.customers,
        )
        for r in board
    ]
    return rank(cards, weights, indicators("chiefs"))


def rankings(
    session: Session,
    actor: Actor,
    period: Period,
    *,
    weights: Mapping[str, dict[str, float]] | None = None,
    kinds: Sequence[str] = KINDS,
    credited: Mapping[int, int] | None = None,
) -> Ranking:
    """Managers, teams and chiefs (or the ``kinds`` asked) ranked for the period; growth
    credited is computed once for managers and teams (or taken from ``credited``)."""
    require_role(actor, Role.SUPERVISOR, Role.HEAD)
    kinds = [_kind(k) for k in kinds]
    used = {k: dict((weights or {}).get(k) or load_weights(session, k)) for k in kinds}
    if credited is None and ("managers" in kinds or "teams" in kinds):
        credited = credited_growth(session, actor, period)
    cards: dict[str, list[Scorecard]] = {}
    for kind in kinds:
        if kind == "managers":
            cards[kind] = scorecards(session, actor, period, weights=used[kind], credited=credited)
        elif kind == "teams":
            cards[kind] = team_scorecards(
                session, actor, period, weights=used[kind], credited=credited
            )
        else:
            cards[kind] = chief_scorecards(session, actor, period, weights=used[kind])
    return Ranking(period.label, cards, used, dict(credited or {}))
