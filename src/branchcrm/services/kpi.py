"""KPI scorecards: configurable indicators and weights, a fair ranking of managers.

Each indicator is scaled 0-100 across the managers being compared (best = 100), then weighted;
weights live in the ``setting`` table (``kpi.weights``) so a branch can change them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.services import dashboard
from branchcrm.services.errors import ValidationError
from branchcrm.services.periods import Period
from branchcrm.services.visibility import require_role

WEIGHTS_KEY = "kpi.weights"
DEFAULT_WEIGHTS: dict[str, float] = {
    "aum_growth": 35,
    "coverage": 20,
    "completeness": 10,
    "on_time": 15,
    "system_use": 10,
    "satisfaction": 10,
}
INDICATORS: dict[str, str] = {
    "aum_growth": "Asset growth credited",
    "coverage": "Contact coverage",
    "completeness": "File completeness",
    "on_time": "Reminders handled on time",
    "system_use": "Use of the system",
    "satisfaction": "Customer satisfaction",
}


@dataclass
class Scorecard:
    staff_id: int
    login: str
    name: str
    raw: dict[str, float]
    scaled: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    rank: int = 0


def load_weights(session: Session) -> dict[str, float]:
    row = session.get(m.Setting, WEIGHTS_KEY)
    if row is None:
        return dict(DEFAULT_WEIGHTS)
    stored = json.loads(row.value)
    return {k: float(stored.get(k, 0)) for k in DEFAULT_WEIGHTS}


def save_weights(session: Session, actor: Actor, weights: dict[str, float]) -> None:
    require_role(actor, Role.SUPERVISOR, Role.HEAD, Role.ADMIN)
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValidationError({"weights": f"unknown indicators: {', '.join(sorted(unknown))}"})
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValidationError({"weights": "weights must be non-negative and not all zero"})
    value = json.dumps({k: weights.get(k, 0) for k in DEFAULT_WEIGHTS})
    row = session.get(m.Setting, WEIGHTS_KEY)
    if row is None:
        session.add(m.Setting(key=WEIGHTS_KEY, value=value))
    else:
        row.value = value
    session.flush()


def _satisfaction(session: Session, period: Period) -> dict[int, float]:
    from sqlalchemy import func

    start = dashboard.utc_midnight(period.start)
    end = dashboard.utc_midnight(period.end)
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


GrowthSource = Callable[[Session, Actor, Period], dict[int, int]]


def credited_growth(session: Session, actor: Actor, period: Period) -> dict[int, int]:
    """Asset growth credited by who served each customer on which days, with team shares."""
    from branchcrm.services import credit

    last_day = period.end - dt.timedelta(days=1)
    return {
        sid: c.credited_fen
        for sid, c in credit.credited_growth(session, period.start, last_day).items()
    }


def scorecards(
    session: Session,
    actor: Actor,
    period: Period,
    *,
    weights: dict[str, float] | None = None,
    growth: GrowthSource | None = None,
) -> list[Scorecard]:
    """Managers ranked by weighted, scaled indicators for the period."""
    require_role(actor, Role.SUPERVISOR, Role.HEAD)
    weights = weights or load_weights(session)
    figures = dashboard.manager_figures(session, actor, period)
    credited = (growth or credited_growth)(session, actor, period)
    satisfaction = _satisfaction(session, period)
    cards = [
        Scorecard(
            f.staff_id,
            f.login,
            f.name,
            {
                "aum_growth": float(credited.get(f.staff_id, 0)),
                "coverage": f.coverage,
                "completeness": f.completeness_avg,
                "on_time": f.on_time_rate,
                "system_use": float(f.contacts_logged + f.files_updated + f.reminders_acted),
                "satisfaction": satisfaction.get(f.staff_id, 0.0),
            },
        )
        for f in figures
    ]
    total_weight = sum(weights.values()) or 1.0
    for key in DEFAULT_WEIGHTS:
        values = [c.raw[key] for c in cards]
        low, high = (min(values), max(values)) if values else (0.0, 0.0)
        for c in cards:
            c.scaled[key] = 100.0 if high == low else 100.0 * (c.raw[key] - low) / (high - low)
    for c in cards:
        c.score = round(
            sum(c.scaled[k] * weights.get(k, 0) for k in DEFAULT_WEIGHTS) / total_weight, 1
        )
    cards.sort(key=lambda c: (-c.score, c.login))
    for i, c in enumerate(cards, start=1):
        c.rank = i
    return cards
