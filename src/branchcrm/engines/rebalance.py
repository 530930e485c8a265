"""Portfolio balancing: who should serve which customer. Pure functions, no database.

Two uses share the same cost model:

* :func:`distribute` places customers that must find a new primary (a departure) on receivers,
  balancing customer count, assets and tier mix against each receiver's capacity;
* :func:`propose` moves customers away from overloaded managers and narrows the spread of
  loads, moving as few and as recent relationships as it can: a customer goes to their own
  secondary when that person has room (service continues with someone they know), long
  relationships stay, customers served by a team (``pinned``) are never moved.

Loads are counted in primary customers; capacity is what a manager can serve well.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

AUM_WEIGHT = 0.5
TIER_WEIGHT = 0.3
LONG_RELATIONSHIP_DAYS = 3 * 365


@dataclass(frozen=True)
class Manager:
    staff_id: int
    login: str
    capacity: int
    can_receive: bool = True  # active; on-leave or departing people take no new customers
    can_give: bool = True  # customers of people on leave stay: their secondary covers


@dataclass(frozen=True)
class Client:
    customer_id: int
    primary_id: int
    secondary_id: int | None
    aum_fen: int
    tier: str | None
    served_days: int = 0  # how long the current primary has served them
    contacted: bool = False  # contacted within the tier's window
    pinned: bool = False  # served by a team: the team decides, not the balancer


@dataclass(frozen=True)
class Figures:
    """One manager's load."""

    customers: int
    aum_fen: int
    tiers: dict[str, int]
    contacted: int
    capacity: int

    @property
    def capacity_used_pct(self) -> float:
        return round(100.0 * self.customers / self.capacity, 1) if self.capacity else 100.0

    @property
    def coverage_pct(self) -> float:
        return round(100.0 * self.contacted / self.customers, 1) if self.customers else 100.0

    def as_dict(self) -> dict[str, object]:
        return {
            "customers": self.customers,
            "aum_fen": self.aum_fen,
            "tiers": dict(sorted(self.tiers.items())),
            "contacted": self.contacted,
            "coverage_pct": self.coverage_pct,
            "capacity": self.capacity,
            "capacity_used_pct": self.capacity_used_pct,
        }


@dataclass(frozen=True)
class Move:
    customer_id: int
    from_id: int
    to_id: int
    to_secondary: bool  # the receiver already served them as secondary
    reason: str


@dataclass
class Proposal:
    moves: list[Move]
    before: dict[int, Figures]
    after: dict[int, Figures]
    over_capacity: list[int] = field(default_factory=list)  # receivers pushed past capacity


def figures(managers: Iterable[Manager], clients: Iterable[Client]) -> dict[int, Figures]:
    """Per-manager load from the clients' primaries."""
    caps = {mg.staff_id: mg.capacity for mg in managers}
    count: Counter[int] = Counter()
    aum: Counter[int] = Counter()
    contacted: Counter[int] = Counter()
    tiers: dict[int, Counter[str]] = {sid: Counter() for sid in caps}
    for c in clients:
        if c.primary_id not in caps:
            continue
        count[c.primary_id] += 1
        aum[c.primary_id] += c.aum_fen
        contacted[c.primary_id] += int(c.contacted)
        tiers[c.primary_id][c.tier or "-"] += 1
    return {
        sid: Figures(count[sid], aum[sid], dict(tiers[sid]), contacted[sid], cap)
        for sid, cap in caps.items()
    }


def count_spread(figs: dict[int, Figures], among: Iterable[int]) -> float:
    """Max minus min capacity used (percentage points) among ``among``."""
    used = [figs[s].capacity_used_pct for s in among if s in figs]
    return max(used) - min(used) if used else 0.0


def _apply(clients: Sequence[Client], moves: Sequence[Move]) -> list[Client]:
    target = {mv.customer_id: mv for mv in moves}
    out = []
    for c in clients:
        mv = target.get(c.customer_id)
        if mv is None:
            out.append(c)
        else:
            secondary = c.primary_id if mv.to_secondary else c.secondary_id
            out.append(
                Client(
                    c.customer_id,
                    mv.to_id,
                    secondary,
                    c.aum_fen,
                    c.tier,
                    0,
                    c.contacted,
                    c.pinned,
                )
            )
    return out


class _Pool:
    """Running loads of the receivers while customers are placed one by one."""

    def __init__(self, receivers: Sequence[Manager], clients: Sequence[Client]) -> None:
        self.caps = {r.staff_id: max(r.capacity, 1) for r in receivers}
        self.room = {r.staff_id: r.capacity for r in receivers}
        self.count: Counter[int] = Counter()
        self.aum: Counter[int] = Counter()
        self.tier: dict[int, Counter[str]] = {s: Counter() for s in self.caps}
        total_aum = 0
        tier_total: Counter[str] = Counter()
        for c in clients:
            total_aum += c.aum_fen
            tier_total[c.tier or "-"] += 1
            if c.primary_id in self.caps:
                self.add(c.primary_id, c)
        total_cap = sum(self.caps.values()) or 1
        self.aum_per_cap = max(total_aum / total_cap, 1.0)
        self.tier_per_cap = {t: max(n / total_cap, 1e-9) for t, n in tier_total.items()}

    def add(self, sid: int, c: Client) -> None:
        self.count[sid] += 1
        self.aum[sid] += c.aum_fen
        self.tier[sid][c.tier or "-"] += 1

    def remove(self, sid: int, c: Client) -> None:
        self.count[sid] -= 1
        self.aum[sid] -= c.aum_fen
        self.tier[sid][c.tier or "-"] -= 1

    def cost(self, sid: int, c: Client) -> float:
        """How loaded ``sid`` would be after taking ``c``: count, assets and tier, per capacity."""
        cap = self.caps[sid]
        tier = c.tier or "-"
        load = (self.count[sid] + 1) / cap
        aum = (self.aum[sid] + c.aum_fen) / (self.aum_per_cap * cap)
        tier_load = (self.tier[sid][tier] + 1) / (self.tier_per_cap.get(tier, 1e-9) * cap)
        return load + AUM_WEIGHT * aum + TIER_WEIGHT * tier_load / max(len(self.tier_per_cap), 1)

    def has_room(self, sid: int) -> bool:
        return self.count[sid] < self.room[sid]


def distribute(
    to_place: Sequence[Client],
    receivers: Sequence[Manager],
    receivers_clients: Sequence[Client],
    *,
    reason: str = "handover",
) -> Proposal:
    """Give each customer in ``to_place`` a receiver; everyone is placed (over capacity if
    there is no room anywhere, reported in ``over_capacity``) because nobody may be left
    without a primary manager."""
    if not receivers:
        raise ValueError("no receivers")
    everyone = [*receivers_clients, *to_place]
    pool = _Pool(receivers, everyone)
    pool_members = set(pool.caps)
    moves: list[Move] = []
    over: set[int] = set()
    # Largest first: big customers are the hardest to balance, small ones fill the gaps.
    for c in sorted(to_place, key=lambda c: (-c.aum_fen, c.customer_id)):
        if c.secondary_id in pool_members and pool.has_room(c.secondary_id):
            best = c.secondary_id
        else:
            roomy = [s for s in pool.caps if pool.has_room(s)]
            candidates = roomy or list(pool.caps)
            best = min(candidates, key=lambda s: (pool.cost(s, c), s))
            if not roomy:
                over.add(best)
        assert best is not None
        pool.add(best, c)
        moves.append(Move(c.customer_id, c.primary_id, best, best == c.secondary_id, reason))
    managers = [Manager(r.staff_id, r.login, r.capacity) for r in receivers]
    after_clients = _apply(everyone, moves)
    return Proposal(
        moves, figures(managers, everyone), figures(managers, after_clients), sorted(over)
    )


def propose(
    managers: Sequence[Manager], clients: Sequence[Client], *, tolerance: float = 0.10
) -> Proposal:
    """Moves that bring every manager within capacity and within ``tolerance`` of their
    capacity-proportional share, moving recent relationships first and to secondaries first."""
    active = [mg for mg in managers if mg.can_receive and mg.can_give]
    active_ids = {mg.staff_id for mg in active}
    own = [c for c in clients if c.primary_id in active_ids]
    before = figures(managers, clients)
    if len(active) < 2 or not own:
        return Proposal([], before, before)
    total = len(own)
    cap_total = sum(max(mg.capacity, 0) for mg in active)
    target: dict[int, float] = {}
    for mg in active:
        share = mg.capacity / cap_total if cap_total else 1 / len(active)
        target[mg.staff_id] = total * share
    upper: dict[int, int] = {}
    for mg in active:
        up = math.ceil(target[mg.staff_id] * (1 + tolerance))
        # Within capacity whenever the branch as a whole has room for everyone.
        upper[mg.staff_id] = min(up, mg.capacity) if total <= cap_total else up
    lower = {s: math.floor(t * (1 - tolerance)) for s, t in target.items()}
    ceil_target = {s: math.ceil(t) for s, t in target.items()}

    pool = _Pool(active, own)
    by_donor: dict[int, list[Client]] = {s: [] for s in active_ids}
    mean_aum = sum(c.aum_fen for c in own) / total
    for c in own:
        if not c.pinned:
            by_donor[c.primary_id].append(c)
    for sid, lst in by_donor.items():
        rich = pool.count[sid] and pool.aum[sid] / pool.count[sid] > mean_aum
        # Recent relationships first (by quarter), then assets in the direction that evens out.
        lst.sort(
            key=lambda c: (
                c.served_days >= LONG_RELATIONSHIP_DAYS,
                c.served_days // 90,
                -c.aum_fen if rich else c.aum_fen,
                c.customer_id,
            )
        )
    moves: list[Move] = []

    cap = {mg.staff_id: mg.capacity for mg in active}
    hard = cap if total <= cap_total else upper  # the limit that must hold, not just "nicer"

    def movable(sid: int, phase: int) -> bool:
        """Phase 1 (over the limit) may move long relationships as a last resort; phase 2
        (narrowing the spread) never does."""
        lst = by_donor[sid]
        return bool(lst) and (phase == 1 or lst[0].served_days < LONG_RELATIONSHIP_DAYS)

    def pick_donor() -> tuple[int, int] | None:
        over = [s for s in active_ids if pool.count[s] > hard[s] and movable(s, 1)]
        if over:
            return max(over, key=lambda s: (pool.count[s] - hard[s], s)), 1
        over = [s for s in active_ids if pool.count[s] > upper[s] and movable(s, 2)]
        if not over and any(pool.count[s] < lower[s] for s in active_ids):
            over = [s for s in active_ids if pool.count[s] > ceil_target[s] and movable(s, 2)]
        if over:
            return max(over, key=lambda s: (pool.count[s] / max(target[s], 1e-9), s)), 2
        return None

    def receivers_for(donor: int, phase: int) -> list[int]:
        others = [s for s in active_ids if s != donor]
        for limit in (ceil_target, upper, hard) if phase == 1 else (ceil_target,):
            found = [s for s in others if pool.count[s] + 1 <= limit[s]]
            if found:
                return found
        return []

    for _ in range(total):
        choice = pick_donor()
        if choice is None:
            break
        donor, phase = choice
        cands = by_donor[donor]
        receivers = receivers_for(donor, phase)
        if not receivers:
            by_donor[donor] = []  # nobody can take from this donor
            continue
        chosen_i = 0
        for i, c in enumerate(cands[:50]):
            if c.served_days >= LONG_RELATIONSHIP_DAYS:
                break
            if c.secondary_id in receivers:
                chosen_i = i
                break
        c = cands.pop(chosen_i)
        if c.secondary_id in receivers:
            to, to_secondary = c.secondary_id, True
        else:
            to = min(receivers, key=lambda s: (pool.cost(s, c), s))
            to_secondary = False
        assert to is not None
        reason = "over capacity" if pool.count[donor] > cap[donor] else "balance"
        pool.remove(donor, c)
        pool.add(to, c)
        moves.append(Move(c.customer_id, donor, to, to_secondary, reason))
    after = figures(managers, _apply(clients, moves))
    return Proposal(moves, before, after)
