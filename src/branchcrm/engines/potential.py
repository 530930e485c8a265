"""Potential customers: small here, maybe big elsewhere (or in a cyclical trough).

Each signal is computed set-wise in SQL and scores 0..1; the weights (setting
``potential.weights``) turn them into points, and every point comes with the reason a
manager reads on the worklist. Signals:

* ``peak_gap``  the best month of the last 24 is far above the current assets;
* ``flows``     large money passing through the accounts against little held here;
* ``occupation`` business owners, and people in cyclical industries;
* ``other_banks`` notes or contact records mentioning assets at other banks (他行 ...);
* ``family``    a spouse, parent, child or partner in a high tier.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, insert, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.money import format_wan
from branchcrm.domain.roles import Role
from branchcrm.engines.common import period_of, periods_back, setting_json
from branchcrm.services.errors import PermissionDenied

WEIGHTS_SETTING = "potential.weights"
DEFAULT_WEIGHTS: dict[str, Any] = {
    "peak_gap": 30,
    "flows": 25,
    "occupation": 15,
    "other_banks": 20,
    "family": 10,
}
WAN = 1_000_000
PEAK_MIN_FEN = 20 * WAN  # a peak below 20万 is not a sign of wealth elsewhere
FLOW_MIN_FEN = 20 * WAN
FAMILY_MIN_RANK = 3  # platinum and above
MIN_SCORE = 20  # a worklist's threshold: below it, a customer is not flagged as potential

OWNER_WORDS = (
    "个体",
    "老板",
    "企业主",
    "私营",
    "法人",
    "董事",
    "股东",
    "总经理",
    "合伙人",
    "自由职业",
    "business owner",
    "entrepreneur",
    "self-employed",
)
CYCLICAL_WORDS = (
    "房地产",
    "建筑",
    "钢铁",
    "煤炭",
    "有色",
    "化工",
    "汽车",
    "航运",
    "外贸",
    "矿",
    "建材",
    "大宗",
    "水泥",
    "real estate",
    "construction",
    "mining",
    "steel",
    "shipping",
)
OTHER_BANK_WORDS = (
    "他行",
    "其他银行",
    "别的银行",
    "外行",
    "工行",
    "建行",
    "农行",
    "中行",
    "招行",
    "交行",
    "工商银行",
    "建设银行",
    "农业银行",
    "中国银行",
    "招商银行",
    "other bank",
)


@dataclass(frozen=True)
class Reason:
    code: str
    points: int
    text: str


@dataclass
class Potential:
    customer_id: int
    name: str = ""
    aum_fen: int = 0
    tier_code: str | None = None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        return min(100, sum(r.points for r in self.reasons))

    def as_json(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "name": self.name,
            "aum_fen": self.aum_fen,
            "tier_code": self.tier_code,
            "score": self.score,
            "reasons": [r.__dict__ for r in self.reasons],
        }


def load_weights(session: Session) -> dict[str, float]:
    raw = setting_json(session, WEIGHTS_SETTING, DEFAULT_WEIGHTS)
    out: dict[str, float] = {}
    for key, default in DEFAULT_WEIGHTS.items():
        try:
            out[key] = max(0.0, float(raw.get(key, default)))
        except (TypeError, ValueError):
            out[key] = float(default)
    return out


def _ids_filter(col: Any, ids: Select[Any] | None) -> ColumnElement[bool]:
    return col.in_(ids) if ids is not None else true()


def _like_any(col: Any, words: tuple[str, ...]) -> ColumnElement[bool]:
    return or_(*[col.like(f"%{w}%") for w in words])


def score_customers(
    session: Session,
    ids: Select[Any] | None = None,
    *,
    today: dt.date | None = None,
    weights: dict[str, float] | None = None,
) -> dict[int, Potential]:
    """Potential for the customers selected by ``ids`` (a SELECT of customer ids; all when
    None). Only customers with at least one reason are returned."""
    today = today or dt.date.today()
    w = weights or load_weights(session)
    c = m.Customer
    out: dict[int, Potential] = {}

    def add(cid: int, code: str, strength: float, text: str) -> None:
        points = round(w.get(code, 0) * max(0.0, min(1.0, strength)))
        if points <= 0:
            return
        out.setdefault(cid, Potential(cid)).reasons.append(Reason(code, points, text))

    current = {
        cid: int(aum or 0)
        for cid, aum in session.execute(select(c.id, c.aum_fen).where(_ids_filter(c.id, ids)))
    }

    # Past peak far above today's assets. A customer's best month is at most the sum, over
    # categories, of each category's best month: that bound (one grouping into far fewer
    # groups than customer-months) picks the few candidates, whose month totals are then
    # summed exactly.
    pb = m.PeriodBalance
    window = periods_back(period_of(today), 24)
    in_window = and_(pb.period >= window[0], _ids_filter(pb.customer_id, ids))
    best_by_category = (
        select(pb.customer_id.label("cid"), func.max(pb.avg_balance_fen).label("top"))
        .where(in_window)
        .group_by(pb.customer_id, pb.category)
        .subquery()
    )
    bound = func.sum(best_by_category.c.top)
    floor = case((c.aum_fen > 1, c.aum_fen), else_=1)  # max(now, 1)
    candidates = list(
        session.scalars(
            select(best_by_category.c.cid)
            .join(c, c.id == best_by_category.c.cid)
            .group_by(best_by_category.c.cid, c.aum_fen)
            .having(bound >= PEAK_MIN_FEN, bound >= 3 * floor)
        )
    )
    peaks: list[tuple[int, int]] = []
    for i in range(0, len(candidates), 5000):
        monthly = (
            select(pb.customer_id.label("cid"), func.sum(pb.avg_balance_fen).label("t"))
            .where(in_window, pb.customer_id.in_(candidates[i : i + 5000]))
            .group_by(pb.customer_id, pb.period)
            .subquery()
        )
        peaks.extend(
            (int(cid), int(top or 0))
            for cid, top in session.execute(
                select(monthly.c.cid, func.max(monthly.c.t)).group_by(monthly.c.cid)
            )
        )
    for cid, peak in peaks:
        peak = int(peak or 0)
        now = current.get(cid, 0)
        if peak >= PEAK_MIN_FEN and peak >= 3 * max(now, 1):
            add(
                cid,
                "peak_gap",
                (peak - now) / peak,
                f"Peak month of {format_wan(peak)} in the last 24 months; now {format_wan(now)}",
            )

    # Large flows through the accounts against what stays here.
    t = m.AccountTransaction
    since = dt.datetime.combine(today - dt.timedelta(days=365), dt.time(), dt.UTC)
    inflow = func.sum(case((t.amount_fen > 0, t.amount_fen), else_=0))
    outflow = func.sum(case((t.amount_fen < 0, -t.amount_fen), else_=0))
    q2 = (
        select(t.customer_id, inflow, outflow)
        .where(t.occurred_at >= since, _ids_filter(t.customer_id, ids))
        .group_by(t.customer_id)
        .having(inflow >= FLOW_MIN_FEN, outflow >= FLOW_MIN_FEN)  # min(in, out) can count
    )
    for cid, fin, fout in session.execute(q2):
        fin, fout = int(fin or 0), int(fout or 0)
        flow = min(fin, fout)  # money that came and went again
        held = current.get(cid, 0)
        if flow >= FLOW_MIN_FEN and flow >= 2 * max(held, 1):
            add(
                cid,
                "flows",
                min(1.0, flow / (10 * max(held, WAN))),
                f"{format_wan(fin)} in and {format_wan(fout)} out in 12 months; "
                f"{format_wan(held)} held here",
            )

    # Occupation and industry.
    q3 = select(c.id, c.occupation, c.industry, c.employer).where(
        _ids_filter(c.id, ids),
        or_(c.occupation.is_not(None), c.industry.is_not(None)),
    )
    for cid, occupation, industry, _employer in session.execute(q3):
        job = f"{occupation or ''} {industry or ''}".lower()
        owner = next((x for x in OWNER_WORDS if x in job), None)
        cyclical = next((x for x in CYCLICAL_WORDS if x in job), None)
        if owner or cyclical:
            parts = []
            if owner:
                parts.append(f"business owner ({occupation})")
            if cyclical:
                parts.append(f"cyclical industry ({industry or occupation})")
            add(cid, "occupation", 1.0 if owner else 0.6, "; ".join(parts).capitalize())

    # Notes and contact records mentioning other banks.
    ct = m.Contact
    mentioned = set(
        session.scalars(
            select(c.id).where(_ids_filter(c.id, ids), _like_any(c.notes, OTHER_BANK_WORDS))
        )
    )
    mentioned |= set(
        session.scalars(
            select(ct.customer_id)
            .where(
                _ids_filter(ct.customer_id, ids),
                or_(
                    _like_any(ct.summary, OTHER_BANK_WORDS),
                    _like_any(ct.needs, OTHER_BANK_WORDS),
                ),
            )
            .distinct()
        )
    )
    for cid in mentioned:
        add(cid, "other_banks", 1.0, "Notes mention assets at other banks")

    # Family members in high tiers.
    rel = m.CustomerRelationship
    other = aliased(m.Customer)
    tier = aliased(m.Tier)
    for me_col, them_col in ((rel.customer_id, rel.related_id), (rel.related_id, rel.customer_id)):
        q5 = (
            select(me_col, rel.kind, other.name, tier.name, tier.rank)
            .join(other, other.id == them_col)
            .join(tier, tier.code == other.tier_code)
            .where(tier.rank >= FAMILY_MIN_RANK, _ids_filter(me_col, ids))
        )
        best: dict[int, tuple[int, str]] = {}
        for cid, kind, _oname, tname, rank in session.execute(q5):
            if cid not in best or rank > best[cid][0]:
                best[cid] = (int(rank), f"Family member ({kind}) is a {tname} customer")
        for cid, (rank, text) in best.items():
            if not any(r.code == "family" for r in out.get(cid, Potential(cid)).reasons):
                add(cid, "family", min(1.0, 0.6 + 0.2 * (rank - FAMILY_MIN_RANK)), text)

    if out:
        chosen = list(out)
        for i in range(0, len(chosen), 5000):
            part = chosen[i : i + 5000]
            for cid, name, aum, code in session.execute(
                select(c.id, c.name, c.aum_fen, c.tier_code).where(c.id.in_(part))
            ):
                p = out[cid]
                p.name, p.aum_fen, p.tier_code = name, int(aum or 0), code
    return out


def worklist(
    session: Session,
    actor: Actor,
    *,
    staff_id: int | None = None,
    min_score: int = MIN_SCORE,
    limit: int = 50,
    today: dt.date | None = None,
) -> list[Potential]:
    """A manager's potential customers, best first: those they serve as primary."""
    target = staff_id if staff_id is not None else actor.staff_id
    if target is None:
        raise PermissionDenied("a worklist belongs to a staff member")
    if target != actor.staff_id and not actor.has(Role.SUPERVISOR, Role.HEAD):
        raise PermissionDenied(f"{actor.login} may not see another manager's worklist")
    a = m.Assignment
    ids = select(a.customer_id).where(
        and_(a.staff_id == target, a.role == "primary", a.valid_to.is_(None))
    )
    scored = score_customers(session, ids, today=today)
    ranked = sorted(
        (p for p in scored.values() if p.score >= min_score),
        key=lambda p: (-p.score, p.aum_fen, p.customer_id),
    )
    return ranked[:limit]


# ----------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class SnapshotInfo:
    """A snapshot of the scores as of a day; ``created``: written by the call that returned it."""

    as_of: dt.date
    taken_at: dt.datetime
    customers: int  # customers with a score (at least one reason)
    created: bool = False


def snapshot_info(session: Session, as_of: dt.date) -> SnapshotInfo | None:
    row = session.execute(
        select(m.PotentialRun.taken_at, m.PotentialRun.customers).where(
            m.PotentialRun.as_of == as_of
        )
    ).first()
    return None if row is None else SnapshotInfo(as_of, row[0], int(row[1]))


def ensure_snapshot(
    session: Session, as_of: dt.date, *, taken_by: int | None = None
) -> SnapshotInfo:
    """The snapshot of every customer's score as of ``as_of``: the stored one, or scored now
    and stored (one bulk insert) so that later readers find it.

    Scores do not depend on which customers are asked for (each signal reads the customer's
    own rows, and family members wherever they are), so one snapshot of the whole database
    serves every branch in it. A snapshot is never replaced: it records what the engine said
    on that day. When two sessions take the same snapshot at once, the first one stored wins
    and the other reads it.
    """
    existing = snapshot_info(session, as_of)
    if existing is not None:
        return existing
    weights = load_weights(session)
    scored = score_customers(session, None, today=as_of, weights=weights)
    rows = [
        {"as_of": as_of, "customer_id": cid, "score": p.score}
        for cid, p in sorted(scored.items())
        if p.score > 0
    ]
    taken_at = dt.datetime.now(dt.UTC)
    dialect = session.get_bind().dialect.name
    ins: Any = (postgresql if dialect == "postgresql" else sqlite).insert(m.PotentialRun)
    header = ins.values(
        as_of=as_of,
        taken_at=taken_at,
        taken_by=taken_by,
        customers=len(rows),
        weights=json.dumps(weights, sort_keys=True),
    ).on_conflict_do_nothing(index_elements=["as_of"])
    if session.execute(header).rowcount == 0:  # type: ignore[attr-defined]
        other = snapshot_info(session, as_of)
        assert other is not None
        return other
    for i in range(0, len(rows), 10_000):
        session.execute(insert(m.PotentialSnapshot), rows[i : i + 10_000])
    return SnapshotInfo(as_of, taken_at, len(rows), created=True)


def snapshot_scores(
    session: Session, as_of: dt.date, ids: Select[Any] | None = None, *, min_score: int = 1
) -> dict[int, int]:
    """Customer id -> score in the snapshot as of ``as_of``, for the customers selected by
    ``ids`` (all when None) scoring at least ``min_score``."""
    ps = m.PotentialSnapshot
    return {
        int(cid): int(score)
        for cid, score in session.execute(
            select(ps.customer_id, ps.score).where(
                ps.as_of == as_of, ps.score >= min_score, _ids_filter(ps.customer_id, ids)
            )
        )
    }


def weights_json(session: Session) -> str:
    """The effective weights, for the settings screen."""
    return json.dumps(load_weights(session))
