"""A realistic demo branch, generated fast enough for 200,000 customers.

Why it looks the way it does:

* Speed. Per-object ORM inserts manage ~10,000 rows/s and a customer here brings ~50 rows
  (balances, transactions, contacts ...), so rows are built as plain tuples and written with
  the driver's own bulk path: ``executemany`` on SQLite, ``COPY`` on PostgreSQL. Primary
  keys are assigned here (the customer tables are empty) and PostgreSQL's sequences are
  moved past them at the end.
* Hooks. Bulk writes bypass the session hooks, so the search keys and completeness are
  computed here exactly as :func:`branchcrm.db.hooks.customer_keys` computes them, and one
  audit row is recorded per batch.
* Pinyin. ``pypinyin`` costs ~100 µs per name; names made only of single-reading
  characters are therefore assembled from a per-character table (identical by
  construction), the rest go through :mod:`branchcrm.domain.search_keys` itself.
* Determinism. One ``random.Random(seed)`` drives everything, in a fixed order; with the
  same seed and ``today`` the demo branch is the same to the byte.
* All or nothing. Everything happens in one transaction: a failure leaves the database
  as it was, and a non-empty database is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
import math
import queue
import random
import re
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Generic, TypeVar

from pypinyin.constants import PHRASES_DICT
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain import search_keys as sk
from branchcrm.domain.actor import Actor
from branchcrm.domain.completeness import completeness_pct
from branchcrm.domain.idnumber import make_resident_id
from branchcrm.services import catalogue
from branchcrm.services import demo_pools as pools
from branchcrm.services.auth import hash_password
from branchcrm.services.errors import ServiceError

BRANCH_CODE = "ZJ-HZ-001"
BRANCH_NAME = "杭州西湖支行"
PARENT_CODE = "ZJ-HZ"
PARENT_NAME = "杭州分行"
TEAM_NAME = "西湖财富管理团队"
SOURCE = "demo"
CHUNK = 2500
MAX_CUSTOMERS = 1_000_000

T = TypeVar("T")
Row = tuple[Any, ...]

# Column order of every bulk table; each row tuple follows it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "customer": (
        "id",
        "branch_id",
        "customer_no",
        "name",
        "gender",
        "birth_date",
        "birth_month",
        "birth_day",
        "id_type",
        "id_number",
        "mobile",
        "other_phones",
        "address",
        "occupation",
        "employer",
        "industry",
        "risk_level",
        "risk_assessed_on",
        "risk_expires_on",
        "marketing_consent",
        "status",
        "source",
        "referred_by_id",
        "notes",
        "tier_code",
        "aum_fen",
        "last_contact_at",
        "completeness",
        "search_text",
        "short_keys",
        "name_key",
        "created_at",
        "updated_at",
        "version",
    ),
    "customer_tag": ("customer_id", "tag"),
    "customer_relationship": ("customer_id", "related_id", "kind", "note"),
    "assignment": (
        "customer_id",
        "staff_id",
        "role",
        "share_bp",
        "team_id",
        "valid_from",
        "valid_to",
        "reason",
        "batch_ref",
        "version",
    ),
    "holding": (
        "id",
        "customer_id",
        "product_id",
        "account_no",
        "amount_fen",
        "start_date",
        "maturity_date",
        "status",
        "version",
    ),
    "period_balance": ("customer_id", "period", "category", "avg_balance_fen"),
    "account_transaction": (
        "customer_id",
        "account_no",
        "occurred_at",
        "amount_fen",
        "kind",
        "description",
    ),
    "tier_history": (
        "customer_id",
        "from_tier",
        "to_tier",
        "period",
        "changed_at",
        "reason",
        "figures",
    ),
    "contact": (
        "id",
        "customer_id",
        "staff_id",
        "occurred_at",
        "channel",
        "purpose",
        "summary",
        "needs",
        "products_recommended",
        "outcome",
        "amount_fen",
        "next_follow_up",
        "satisfaction",
        "campaign",
        "created_at",
        "version",
    ),
    "reminder": (
        "kind",
        "customer_id",
        "staff_id",
        "due_date",
        "status",
        "reason",
        "event_key",
        "created_at",
        "version",
    ),
}
# Insert order respects foreign keys (customers first).
TABLES: tuple[str, ...] = tuple(COLUMNS)
ID_TABLES: tuple[str, ...] = tuple(t for t, cols in COLUMNS.items() if cols[0] == "id")
CATEGORIES = (
    "demand_deposit",
    "time_deposit",
    "wealth",
    "fund",
    "insurance",
    "precious_metal",
    "bond",
)


@dataclass(frozen=True)
class DemoLogin:
    login: str
    name: str
    role: str


@dataclass(frozen=True)
class DemoResult:
    """What was created; the logins all share ``password``."""

    branch_code: str
    branch_name: str
    customers: int
    logins: tuple[DemoLogin, ...]
    password: str
    seconds: float
    rows: dict[str, int]


@dataclass(frozen=True)
class _Tier:
    code: str
    name: str
    rank: int
    min_aum_fen: int
    needs_secondary: bool
    large_txn_fen: int


@dataclass(frozen=True)
class _Product:
    id: int
    code: str
    name: str
    category: str
    risk: int  # 1..5; 1 for unrated (insurance)
    term_days: int | None


class _Picker(Generic[T]):
    """Weighted choice by bisection: several times faster than ``random.choices``."""

    def __init__(self, rng: random.Random, items: Sequence[tuple[T, float]]) -> None:
        self.values = [v for v, _ in items]
        self.cum = list(accumulate(w for _, w in items))
        self.total = self.cum[-1]
        self.random = rng.random

    def __call__(self) -> T:
        return self.values[bisect_right(self.cum, self.random() * self.total)]


class NameKeys:
    """Search prefix (name, pinyin, initials) and short keys of a name, memoized.

    Equal to ``search_keys.search_text(name, [], None)`` and ``search_keys.short_keys(name)``.
    pypinyin reads a string phrase by phrase; when no piece of a name is a known phrase,
    its pinyin is the characters' own pinyin joined, which is ~50x faster to assemble.
    Other names go through search_keys itself. The first names are checked both ways and
    any difference turns the shortcut off.
    """

    CHECKED = 500

    def __init__(self) -> None:
        self._chars: dict[str, tuple[str, str]] = {}
        self._memo: dict[str, tuple[str, str]] = {}
        self._checked = 0
        self.shortcut = True

    def _pinyin(self, clean: str) -> tuple[str, str]:
        if self.shortcut and not any(
            clean[a:b] in PHRASES_DICT
            for a in range(len(clean))
            for b in range(a + 2, len(clean) + 1)
        ):
            parts = []
            for ch in clean:
                part = self._chars.get(ch)
                if part is None:
                    part = self._chars[ch] = (sk.pinyin_full(ch), sk.pinyin_initials(ch))
                parts.append(part)
            full = "".join(p[0] for p in parts)
            initials = "".join(p[1] for p in parts)
            if self._checked < self.CHECKED:
                self._checked += 1
                exact = (sk.pinyin_full(clean), sk.pinyin_initials(clean))
                if exact != (full, initials):
                    self.shortcut = False
                    return exact
            return full, initials
        return sk.pinyin_full(clean), sk.pinyin_initials(clean)

    def __call__(self, name: str) -> tuple[str, str]:
        hit = self._memo.get(name)
        if hit is not None:
            return hit
        clean = sk.normalize_term(name)
        full, initials = self._pinyin(clean)
        variant = sk.surname_variant(clean)
        prefix = " ".join(p for p in (clean, full, initials, *variant) if p)
        grams: set[str] = set()
        for piece in (clean, initials, full, *variant):
            grams.update(piece)
            grams.update(piece[i : i + 2] for i in range(len(piece) - 1))
        grams.discard(" ")
        out = (prefix, " ".join(sorted(grams)))
        self._memo[name] = out
        return out


def _month_start(d: dt.date, back: int) -> dt.date:
    index = d.year * 12 + d.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


class _Builder:
    """Builds the rows of consecutive chunks of customers from one random stream."""

    def __init__(
        self,
        rng: random.Random,
        *,
        today: dt.date,
        months: int,
        branch_id: int,
        managers: list[int],
        lobby_id: int,
        tiers: list[_Tier],
        products: list[_Product],
        first_ids: dict[str, int],
    ) -> None:
        self.rng = rng
        self.today = today
        self.months = months
        self.branch_id = branch_id
        self.managers = managers
        self.lobby_id = lobby_id
        self.tiers = sorted(tiers, key=lambda t: t.min_aum_fen)
        self.tier_mins = [t.min_aum_fen for t in self.tiers]
        self.next_id = dict(first_ids)
        self.keys = NameKeys()
        self.sort_keys: dict[str, str] = {}  # name -> pinyin sort key (customer.name_key)
        self.used_ids: set[str] = set()
        self.used_mobiles: set[str] = set()
        self.recent: list[dict[str, Any]] = []
        self._day_cache: dict[int, str] = {}
        self._clock = [f" {h:02d}:{mi:02d}:00.000000" for h in range(24) for mi in range(60)]
        r = rng
        self.surname = _Picker(r, pools.SURNAMES)
        self.area = _Picker(r, pools.AREAS)
        self.job = _Picker(r, [(j, j[3]) for j in pools.JOBS])
        self.outcome = _Picker(r, pools.OUTCOMES)
        self.channel = _Picker(
            r, [("phone", 40), ("visit", 25), ("wechat", 20), ("sms", 8), ("home_visit", 7)]
        )
        self.satisfaction = _Picker(r, [(5, 45), (4, 35), (3, 15), (2, 4), (1, 1)])
        self.manager = _Picker(r, [(s, 1.0 + 0.15 * ((i * 7) % 5)) for i, s in enumerate(managers)])
        decades = [(1940, 8), (1950, 16), (1960, 20), (1970, 20), (1980, 18), (1990, 13), (2000, 5)]
        self.decade = _Picker(r, decades)
        self.periods = [_month_start(today, back) for back in range(months - 1, -1, -1)]
        self.period_names = [f"{p.year:04d}-{p.month:02d}" for p in self.periods]
        self.window_start = self.periods[0]
        self.by_category: dict[str, list[_Product]] = {c: [] for c in CATEGORIES}
        for p in products:
            self.by_category[p.category].append(p)
        self.recommendable = {
            level: [
                x
                for c in ("time_deposit", "wealth", "fund", "bond", "insurance")
                for x in self.by_category[c]
                if x.risk <= level
            ]
            for level in range(1, 6)
        }
        self.payroll = next((p for p in products if p.code == "DD-PAY"), None)
        self.now_str = self.stamp(today.toordinal() - 1, 720)

    # -- small helpers -------------------------------------------------------------------
    def take_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def day(self, ordinal: int) -> str:
        s = self._day_cache.get(ordinal)
        if s is None:
            s = self._day_cache[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return s

    def stamp(self, ordinal: int, minute: int) -> str:
        """A naive-UTC timestamp in the text form SQLAlchemy stores (and COPY accepts)."""
        return self.day(ordinal) + self._clock[minute]

    def tier_of(self, aum_fen: int) -> _Tier:
        return self.tiers[max(0, bisect_right(self.tier_mins, aum_fen) - 1)]

    def given_name(self, male: bool, year: int) -> str:
        r = self.rng.random()
        if r < 0.35:
            pool = pools.COMMON_MALE if male else pools.COMMON_FEMALE
            # Older people more often have the old-fashioned common names at the end.
            lo = 0 if year >= 1975 else len(pool) // 3
            return pool[lo + int(self.rng.random() * (len(pool) - lo))]
        chars = pools.MALE_CHARS if male else pools.FEMALE_CHARS
        first = chars[int(self.rng.random() * len(chars))]
        if r < 0.5:
            return first
        return first + chars[int(self.rng.random() * len(chars))]

    def mobile(self) -> str:
        rnd = self.rng.random
        prefixes = pools.MOBILE_PREFIXES
        while True:
            number = prefixes[int(rnd() * len(prefixes))] + f"{int(rnd() * 100_000_000):08d}"
            if number not in self.used_mobiles:
                self.used_mobiles.add(number)
                return number

    def resident_id(self, area: str, birth: dt.date, male: bool) -> str:
        while True:
            seq = int(self.rng.random() * 500) * 2 + (1 if male else 0)
            number = make_resident_id(area, birth, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def address(self) -> str:
        rnd = self.rng.random
        district, streets, compounds = pools.DISTRICTS[int(rnd() * len(pools.DISTRICTS))]
        street = streets[int(rnd() * len(streets))]
        compound = compounds[int(rnd() * len(compounds))]
        return (
            f"浙江省杭州市{district}{street}{int(rnd() * 300) + 1}号{compound}"
            f"{int(rnd() * 30) + 1}幢{int(rnd() * 4) + 1}单元{int(rnd() * 18) + 1}0{int(rnd() * 4) + 1}室"
        )

    # -- one chunk -------------------------------------------------------------------------
    def build(self, count: int) -> dict[str, list[Row]]:
        """Rows for the next ``count`` customers, per table, in :data:`COLUMNS` order."""
        out: dict[str, list[Row]] = {t: [] for t in TABLES}
        for _ in range(count):
            self._customer(out)
        return out

    def _person(self) -> dict[str, Any]:
        """Name, gender, birth date and address; sometimes the spouse or child of a recent one."""
        rnd = self.rng.random
        today = self.today
        latest_birth = dt.date(min(2005, today.year - 18), 12, 31)
        kin: dict[str, Any] | None = None
        kind = ""
        roll = rnd()
        if self.recent and roll < 0.16:
            kin = self.recent[int(rnd() * len(self.recent))]
            if roll < 0.12 and not kin["married"] and kin["birth"].year <= today.year - 24:
                kind = "spouse"
            elif kin["birth"].year <= 1975:
                kind = "child"
            else:
                kin = None
        if kin is not None and kind == "spouse":
            male = not kin["male"]
            year = kin["birth"].year + int(rnd() * 9) - 4 + (-2 if male else 2)
            year = max(1940, min(latest_birth.year, year))
            surname = self.surname()
            address = kin["address"]
        elif kin is not None:
            male = rnd() < 0.5
            year = min(latest_birth.year, kin["birth"].year + 22 + int(rnd() * 13))
            surname = kin["surname"] if kin["male"] or rnd() < 0.3 else self.surname()
            address = kin["address"] if rnd() < 0.5 else self.address()
        else:
            male = rnd() < 0.49
            decade = self.decade()
            year = min(latest_birth.year, decade + int(rnd() * 10))
            surname = self.surname()
            address = self.address()
        birth = dt.date.fromordinal(dt.date(year, 1, 1).toordinal() + int(rnd() * 365))
        birth = min(birth, latest_birth)
        if rnd() < 0.004 and male:
            surname, given = "张", "伟"  # the most common name in China, on purpose
        else:
            given = self.given_name(male, year)
        person = {
            "name": surname + given,
            "surname": surname,
            "male": male,
            "birth": birth,
            "address": address,
            "married": kind == "spouse",
            "kin": kin,
            "kind": kind,
        }
        if kin is not None and kind == "spouse":
            kin["married"] = True
        return person

    def _customer(self, out: dict[str, list[Row]]) -> None:
        rng = self.rng
        rnd = rng.random
        today = self.today
        t_ord = today.toordinal()
        cid = self.take_id("customer")
        p = self._person()
        name: str = p["name"]
        male: bool = p["male"]
        birth: dt.date = p["birth"]
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))

        # Identity and contact details.
        month_day_only = rnd() < 0.03
        if month_day_only:
            id_type = id_number = birth_date = None
        else:
            id_type = "resident_id"
            area = p["kin"]["area"] if p["kind"] == "child" and rnd() < 0.6 else self.area()
            id_number = self.resident_id(area, birth, male)
            birth_date = birth.isoformat()
            p["area"] = area
        p.setdefault("area", "330106")
        mobile = self.mobile() if rnd() > (0.08 if age > 70 else 0.02) else None
        others: list[str] = []
        if rnd() < 0.25:
            prefix = pools.LANDLINE_PREFIXES[int(rnd() * len(pools.LANDLINE_PREFIXES))]
            others.append(prefix + f"{int(rnd() * 1_000_000):06d}")
        if rnd() < 0.08:
            others.append(self.mobile())
        other_phones = ",".join(others) or None
        address = p["address"] if rnd() > 0.05 else None

        # Work, by age.
        retire_age = 60 if male else 55
        if age >= retire_age and rnd() < 0.85:
            job = pools.RETIRED
        elif age < 23 and rnd() < 0.7:
            job = pools.STUDENT
        else:
            job = self.job()
        occupation: str | None = job[0]
        industry = job[1]
        employers = job[2]
        employer = employers[int(rnd() * len(employers))] or None
        if rnd() < 0.07:
            occupation = industry = employer = None

        # Risk tolerance: the old are cautious, the middle-aged bolder.
        if rnd() < 0.1:
            risk_level = assessed = expires = None
            risk = 1
        else:
            base = 1.2 if age >= 65 else (2.0 if age >= 50 else 2.6)
            risk = max(1, min(5, int(base + rnd() * 2.4)))
            risk_level = f"C{risk}"
            a_ord = t_ord - int(rnd() * 730)
            assessed = self.day(a_ord)
            expires = self.day(a_ord + 365)

        # Assets: log-normal, richer with age; a few rising stars and some leaving.
        mu = math.log(1_500_000) + 0.012 * (age - 40)  # median ~1.5万 yuan at 40, in fen
        total = math.exp(mu + 2.0 * rng.gauss(0.0, 1.0))
        if rnd() < 0.03:
            total = rnd() * 20_000  # a near-empty account
        potential = age < 50 and rnd() < 0.05
        growth = 1.0 + (0.04 + rnd() * 0.04 if potential else rng.gauss(0.003, 0.015))
        salary = (
            occupation not in (None, "退休", "学生", "个体工商户", "企业主", "自由职业", "餐饮店主")
            and rnd() < 0.55
        )

        # Which categories, within the customer's risk tolerance.
        shares: dict[str, float] = {"demand_deposit": 0.15 + rnd() * (0.9 if total < 3e6 else 0.3)}
        if total > 2e6 and rnd() < 0.7:
            shares["time_deposit"] = 0.3 + rnd()
        if total > 8e6 and rnd() < 0.6 and risk >= 2:
            shares["wealth"] = 0.3 + rnd()
        if total > 1e7 and rnd() < 0.15:
            shares["bond"] = 0.2 + rnd() * 0.5
        if total > 2e7 and rnd() < 0.4 and risk >= 3:
            shares["fund"] = 0.2 + rnd() * 0.6
        if total > 2e7 and rnd() < 0.3:
            shares["insurance"] = 0.2 + rnd() * 0.5
        if total > 3e7 and rnd() < 0.15 and risk >= 3:
            shares["precious_metal"] = 0.05 + rnd() * 0.2
        weight = sum(shares.values())

        # Monthly daily-average balances ending this month.
        k = self.months
        last = k - 1
        totals = [0] * k
        pb = out["period_balance"]
        last_values: dict[str, int] = {}
        for category, share in shares.items():
            value = total * share / weight
            since = 0 if category == "demand_deposit" or rnd() < 0.6 else int(rnd() * k)
            for i in range(since, k):
                amount = int(value * growth ** (i - last) * (0.97 + rnd() * 0.06))
                totals[i] += amount
                pb.append((cid, self.period_names[i], category, amount))
                if i == last:
                    last_values[category] = amount
        aum = totals[last]
        tier = self.tier_of(aum)

        # Tier history: the first month's tier, then every change.
        th = out["tier_history"]
        prev: _Tier | None = None
        for i in range(k):
            t = self.tier_of(totals[i])
            if prev is None or t.code != prev.code:
                changed = t_ord - 1
                if i + 1 < k:
                    changed = min(self.periods[i + 1].toordinal(), changed)
                if prev is None:
                    reason = "演示数据：初始定级"
                else:
                    verb = "升级" if t.rank > prev.rank else "降级"
                    reason = (
                        f"{self.period_names[i]} 日均资产 {totals[i] // 100:,} 元，{verb}为{t.name}"
                    )
                th.append(
                    (
                        cid,
                        prev.code if prev else None,
                        t.code,
                        self.period_names[i],
                        self.stamp(changed, 120),
                        reason,
                        f'{{"aum_fen": {totals[i]}}}',
                    )
                )
                prev = t

        # Who serves the customer, and since when.
        created_ord = self.window_start.toordinal() - 30 - int(rnd() * 3000)
        created_at = self.stamp(created_ord, 60 + int(rnd() * 466))
        primary = self.manager()
        secondary = None
        if tier.needs_secondary:
            offset = 1 + int(rnd() * (len(self.managers) - 1))
            secondary = self.managers[(self.managers.index(primary) + offset) % len(self.managers)]
        asg = out["assignment"]
        since_ord = created_ord
        previous_primary = None
        if rnd() < 0.08:
            since_ord = t_ord - 20 - int(rnd() * 300)
            offset = 1 + int(rnd() * (len(self.managers) - 1))
            previous_primary = self.managers[
                (self.managers.index(primary) + offset) % len(self.managers)
            ]
            asg.append(
                (
                    cid,
                    previous_primary,
                    "primary",
                    10000,
                    None,
                    created_at,
                    self.stamp(since_ord, 60),
                    "客户经理岗位调整",
                    SOURCE,
                    1,
                )
            )
        since_at = created_at if since_ord == created_ord else self.stamp(since_ord, 60)
        asg.append(
            (
                cid,
                primary,
                "primary",
                7000 if secondary else 10000,
                None,
                since_at,
                None,
                "演示数据分配",
                SOURCE,
                1,
            )
        )
        if secondary is not None:
            asg.append(
                (
                    cid,
                    secondary,
                    "secondary",
                    3000,
                    None,
                    since_at,
                    None,
                    f"{tier.name}客户配备副客户经理",
                    SOURCE,
                    1,
                )
            )

        # Holdings: one per category held now; term products mature on realistic dates.
        card = f"62170{self.branch_id:03d}{cid:011d}"
        hold = out["holding"]
        reminders = out["reminder"]
        for category, amount in last_values.items():
            if category == "demand_deposit":
                product = self.payroll if salary and self.payroll else self.by_category[category][0]
            else:
                choices = [x for x in self.by_category[category] if x.risk <= max(risk, 1)]
                if not choices:
                    choices = self.by_category[category][:1]
                product = choices[int(rnd() * len(choices))]
            hid = self.take_id("holding")
            term = product.term_days
            maturity: int | None = None
            if term is None:
                start = self.window_start.toordinal() - int(rnd() * 700)
            elif category == "insurance":
                start = t_ord - 30 - int(rnd() * 1500)
                maturity = start + term
            else:
                soon = rnd() < 0.15
                maturity = t_ord + (int(rnd() * 31) if soon else min(term, 31 + int(rnd() * term)))
                start = maturity - term
            hold.append(
                (
                    hid,
                    cid,
                    product.id,
                    card if category == "demand_deposit" else None,
                    amount // 100 * 100,
                    self.day(start),
                    self.day(maturity) if maturity else None,
                    "open",
                    1,
                )
            )
            if maturity is not None and maturity <= t_ord + 30:
                due = max(t_ord, maturity - 7)
                reminders.append(
                    (
                        "maturity",
                        cid,
                        primary,
                        self.day(due),
                        "open",
                        f"{product.name} {amount // 100:,} 元将于 "
                        f"{self.day(maturity)} 到期，请联系客户安排到期资金",
                        f"maturity:{hid}",
                        self.now_str,
                        1,
                    )
                )

        # Transactions: salary or pension, everyday spending, now and then a large movement.
        txn = out["account_transaction"]
        large = tier.large_txn_fen
        monthly = max(aum, 300_000) * 0.04
        pension = job is pools.RETIRED
        pay = int(500_000 + rnd() * 2_500_000) // 100 * 100
        for i in range(k):
            first = self.periods[i].toordinal()
            days = 28 if i < last else max(1, min(28, today.day - 1))
            if salary or pension:
                d = min(first + (9 if salary else 14), first + days - 1)
                txn.append(
                    (
                        cid,
                        card,
                        self.stamp(d, 120),
                        pay if salary else pay // 2,
                        "salary" if salary else "pension",
                        f"代发工资 {employer}"
                        if salary and employer
                        else ("代发工资" if salary else "养老金"),
                    )
                )
            n = int(rnd() * (3 if aum > 2e6 else 2))
            for _ in range(n):
                if rnd() < 0.7:
                    kind, desc = pools.TXN_OUT[int(rnd() * len(pools.TXN_OUT))]
                    sign = -1
                else:
                    kind, desc = pools.TXN_IN[int(rnd() * len(pools.TXN_IN))]
                    sign = 1
                txn.append(
                    (
                        cid,
                        card,
                        self.stamp(first + int(rnd() * days), 60 + int(rnd() * 600)),
                        sign * (int(monthly * (0.1 + rnd())) // 100 * 100 + 100),
                        kind,
                        desc,
                    )
                )
            if tier.rank >= 2 and rnd() < 0.06:
                sign = 1 if rnd() < 0.5 else -1
                txn.append(
                    (
                        cid,
                        card,
                        self.stamp(first + int(rnd() * days), 120 + int(rnd() * 416)),
                        sign * (large + int(rnd() * large * 2)) // 10000 * 10000,
                        "transfer_in" if sign > 0 else "transfer_out",
                        "大额资金转入" if sign > 0 else "大额资金转出",
                    )
                )

        # Contacts: more for richer customers; each one by whoever was the primary then.
        ct = out["contact"]
        mean = (1.0, 2.5, 5.0, 8.0, 12.0)[min(tier.rank, 5) - 1] * k / 12
        n_contacts = int(rnd() * (2 * mean + 1))
        window = max(1, t_ord - max(self.window_start.toordinal(), created_ord) - 1)
        when = sorted(t_ord - 1 - int(rnd() * window) for _ in range(n_contacts))
        last_contact: str | None = None
        follow_up: tuple[int, int, str] | None = None
        for d in when:
            staff = previous_primary if previous_primary and d < since_ord else primary
            channel = self.channel()
            if channel == "visit" and rnd() < 0.3:
                staff = self.lobby_id
            if secondary and rnd() < 0.2:
                staff = secondary
            purpose, summary, need = pools.CONTACT_PURPOSES[
                int(rnd() * len(pools.CONTACT_PURPOSES))
            ]
            outcome = self.outcome()
            recommended = None
            amount_fen = None
            if need:
                options = self.recommendable[risk]
                recommended = "、".join(
                    sorted(
                        {options[int(rnd() * len(options))].name for _ in range(1 + int(rnd() * 2))}
                    )
                )
                if outcome in ("已购买", "已办理"):
                    amount_fen = (
                        int(max(aum, 1_000_000) * (0.05 + rnd() * 0.3)) // 100_000 * 100_000
                    )
            next_fu = None
            if outcome in ("考虑中", "已预约面谈", "未接通"):
                next_fu = d + 3 + int(rnd() * 18)
            at = self.stamp(d, 60 + int(rnd() * 500))
            cid_contact = self.take_id("contact")
            ct.append(
                (
                    cid_contact,
                    cid,
                    staff,
                    at,
                    channel,
                    purpose,
                    summary,
                    need or None,
                    recommended,
                    outcome,
                    amount_fen,
                    self.day(next_fu) if next_fu else None,
                    self.satisfaction() if rnd() < 0.4 else None,
                    f"{self.day(d)[:4]}开门红"
                    if self.day(d)[5:7] in ("01", "02", "03") and rnd() < 0.3
                    else None,
                    at,
                    1,
                )
            )
            last_contact = max(at, last_contact or at)
            follow_up = (cid_contact, next_fu, purpose) if next_fu else None
        if follow_up is not None and follow_up[1] >= t_ord - 14:
            contact_id, fu, purpose = follow_up
            reminders.append(
                (
                    "follow_up",
                    cid,
                    primary,
                    self.day(fu),
                    "open",
                    f"跟进：{purpose}",
                    f"follow_up:{contact_id}",
                    self.now_str,
                    1,
                )
            )

        # Birthday this week (or the month-day-only birthday).
        this_year = birth.replace(year=today.year) if (birth.month, birth.day) != (2, 29) else None
        if this_year is not None and 0 <= this_year.toordinal() - t_ord <= 6:
            reminders.append(
                (
                    "birthday",
                    cid,
                    primary,
                    this_year.isoformat(),
                    "open",
                    f"{name} {birth.month}月{birth.day}日生日，送上祝福",
                    f"birthday:{cid}:{today.year}",
                    self.now_str,
                    1,
                )
            )

        # Tags.
        tags = out["customer_tag"]
        if salary:
            tags.append((cid, pools.TAG_SALARY))
        if age >= 60:
            tags.append((cid, pools.TAG_SENIOR))
        if occupation == "企业主":
            tags.append((cid, pools.TAG_OWNER))
        if potential:
            tags.append((cid, pools.TAG_POTENTIAL))
        for tag, share in pools.EXTRA_TAGS:
            if rnd() < share:
                tags.append((cid, tag))

        # Family ties, in both directions so a household reads the same from either side.
        kin = p["kin"]
        if kin is not None:
            rel = out["customer_relationship"]
            if p["kind"] == "spouse":
                rel.append((cid, kin["id"], "spouse", "配偶"))
                rel.append((kin["id"], cid, "spouse", "配偶"))
            else:
                rel.append(
                    (
                        cid,
                        kin["id"],
                        "parent",
                        "父亲" if kin["male"] else "母亲",
                    )
                )
                rel.append(
                    (
                        kin["id"],
                        cid,
                        "child",
                        "儿子" if male else "女儿",
                    )
                )

        # The customer row itself, with its search keys computed as the hooks would.
        prefix, short = self.keys(name)
        sort_key = self.sort_keys.get(name)
        if sort_key is None:
            sort_key = self.sort_keys[name] = sk.name_sort_key(name)
        phones = [x for x in (mobile, *others) if x]
        search = " ".join([prefix, *phones, *([id_number.lower()] if id_number else [])])
        completeness = completeness_pct(
            {
                "name": name,
                "mobile": mobile,
                "id_number": id_number,
                "birth_date": birth_date,
                "birth_month": birth.month,
                "occupation": occupation,
                "address": address,
                "risk_level": risk_level,
            }
        )
        referred = None
        if self.recent and rnd() < 0.04:
            referred = self.recent[int(rnd() * len(self.recent))]["id"]
        status = "dormant" if aum < 10_000 and rnd() < 0.5 else "active"
        updated_at = max(
            created_at, last_contact or "", f"{assessed} 02:00:00.000000" if assessed else ""
        )
        notes = None
        if rnd() < 0.04:
            notes = (
                "工作日下午方便联系",
                "偏好微信沟通",
                "不喜欢电话营销，请短信联系",
                "子女在国外，关注外汇业务",
                "行动不便，需要上门服务",
            )[int(rnd() * 5)]
        out["customer"].append(
            (
                cid,
                self.branch_id,
                f"HZ{cid:010d}",
                name,
                "M" if male else "F",
                birth_date,
                birth.month,
                birth.day,
                id_type,
                id_number,
                mobile,
                other_phones,
                address,
                occupation,
                employer,
                industry,
                risk_level,
                assessed,
                expires,
                rnd() < 0.7,
                status,
                SOURCE,
                referred,
                notes,
                tier.code,
                aum,
                last_contact,
                completeness,
                search,
                short,
                sort_key,
                created_at,
                updated_at,
                1,
            )
        )
        p["id"] = cid
        if len(self.recent) >= 400:
            self.recent[int(rnd() * 400)] = p
        else:
            self.recent.append(p)


class _Writer:
    """Bulk rows through the driver: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

    On SQLite the full-text indexes over ``customer`` are filled by AFTER INSERT triggers,
    one row at a time, which makes customer inserts three times slower. Since the table is
    empty, those triggers are set aside for the bulk and the indexes rebuilt in one pass
    at the end (same content), then the triggers are restored from their own stored SQL,
    all inside the one transaction.
    """

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()
        self.postgres = self.conn.dialect.name == "postgresql"
        self.rows: dict[str, int] = {}
        self.fts_tables: list[str] = []
        self.triggers: list[str] = []
        if not self.postgres:
            self._set_aside_fts_triggers()

    def _set_aside_fts_triggers(self) -> None:
        tables = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        ).all()
        self.fts_tables = [
            name for name, sql in tables if re.search(r"content\s*=\s*'customer'", sql or "")
        ]
        triggers = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'customer'"
        ).all()
        for name, sql in triggers:
            targets = set(re.findall(r"INSERT\s+INTO\s+(\w+)", sql, re.IGNORECASE))
            after_insert = re.search(r"\bAFTER\s+INSERT\s+ON\b", sql, re.IGNORECASE)
            if after_insert and targets and targets <= set(self.fts_tables):
                self.conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
                self.triggers.append(sql)

    def write(self, table: str, rows: list[Row]) -> None:
        if not rows:
            return
        columns = COLUMNS[table]
        names = ", ".join(columns)
        self.rows[table] = self.rows.get(table, 0) + len(rows)
        if self.postgres:
            raw: Any = self.conn.connection.driver_connection
            with raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            self.conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def finish(self) -> None:
        """Rebuild the full-text indexes and restore their triggers (SQLite); move the id
        sequences past the ids given here (PostgreSQL); refresh planner statistics."""
        for fts in self.fts_tables if self.triggers else []:
            self.conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        for sql in self.triggers:
            self.conn.exec_driver_sql(sql)
        self.triggers = []
        if self.postgres:
            for table in ID_TABLES:
                self.conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                    " HAVING max(id) IS NOT NULL"
                )
        for table in ("customer", "assignment", "customer_tag"):
            self.conn.exec_driver_sql(f"ANALYZE {table}")


class _Producer(threading.Thread):
    """Builds chunks, ahead in a second thread while the main one writes if ``threaded``.

    The database driver releases the GIL while it works, so generation and writing overlap.
    Chunks are built strictly in order from one random stream: the result stays
    deterministic.
    """

    def __init__(self, builder: _Builder, sizes: list[int], *, threaded: bool) -> None:
        super().__init__(name="demo-builder", daemon=True)
        self.builder = builder
        self.sizes = sizes
        self.threaded = threaded
        self.chunks: queue.Queue[dict[str, list[Row]] | BaseException] = queue.Queue(maxsize=2)
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            for size in self.sizes:
                item: dict[str, list[Row]] | BaseException = self.builder.build(size)
                if not self._put(item):
                    return
        except BaseException as exc:  # handed to the writing thread, which raises it
            self._put(exc)

    def _put(self, item: dict[str, list[Row]] | BaseException) -> bool:
        while not self.stop.is_set():
            try:
                self.chunks.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def start(self) -> None:
        if self.threaded:
            super().start()

    def __iter__(self) -> Iterator[dict[str, list[Row]]]:
        if not self.threaded:
            for size in self.sizes:
                yield self.builder.build(size)
            return
        for _ in self.sizes:
            item = self.chunks.get()
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self.stop.set()
        if self.threaded:
            self.join()


def _check_empty(session: Session, logins: list[str]) -> None:
    customers = session.scalar(select(func.count()).select_from(m.Customer)) or 0
    if customers:
        raise ServiceError(
            f"the database already holds {customers} customers: the demo branch is created "
            "only in an empty database (use a new database file or schema)"
        )
    taken = sorted(session.scalars(select(m.Staff.login).where(m.Staff.login.in_(logins))))
    if taken:
        raise ServiceError(
            f"staff logins already exist: {', '.join(taken)}; "
            "the demo branch needs a database without them"
        )


def _staff(
    session: Session, branch: m.Branch, login: str, name: str, role: str, password_hash: str
) -> m.Staff:
    staff = m.Staff(
        branch_id=branch.id,
        login=login,
        name=name,
        password_hash=password_hash,
        status="active",
        capacity=400,
        failed_logins=0,
    )
    staff.roles = [m.StaffRole(role=role)]
    session.add(staff)
    return staff


def _team_shares(size: int) -> list[int]:
    """Basis points adding up to 10000, the lead's share the largest."""
    if size == 1:
        return [10000]
    lead = 4000 if size > 2 else 6000
    rest = 10000 - lead
    each = rest // (size - 1)
    shares = [lead] + [each] * (size - 1)
    shares[-1] += 10000 - sum(shares)
    return shares


def generate_demo(
    db: Database,
    *,
    customers: int = 2000,
    managers: int = 8,
    months: int = 12,
    seed: int = 7,
    password: str = "demo1234",
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> DemoResult:
    """Create the demo branch in an empty database; refuse (changing nothing) otherwise."""
    if not 1 <= customers <= MAX_CUSTOMERS:
        raise ServiceError(f"customers must be between 1 and {MAX_CUSTOMERS:,}")
    if not 2 <= managers <= len(pools.MANAGER_NAMES):
        raise ServiceError(
            f"managers must be between 2 and {len(pools.MANAGER_NAMES)} "
            "(secondary managers must differ from primaries)"
        )
    if not 1 <= months <= 120:
        raise ServiceError("months must be between 1 and 120")
    started = time.perf_counter()
    today = today or dt.date.today()
    password_hash = hash_password(password)  # argon2 is slow: one hash shared by all demo staff
    staff_plan = [*pools.STAFF_FIXED] + [
        (f"manager{i + 1}", pools.MANAGER_NAMES[i], "manager") for i in range(managers)
    ]
    actor = Actor.system(SOURCE)
    with db.session(actor) as session:
        _check_empty(session, [login for login, _, _ in staff_plan])
        catalogue.ensure_defaults(session, actor)
        parent = session.scalar(select(m.Branch).where(m.Branch.code == PARENT_CODE))
        if parent is None:
            parent = m.Branch(code=PARENT_CODE, name=PARENT_NAME)
            session.add(parent)
            session.flush()
        branch = session.scalar(select(m.Branch).where(m.Branch.code == BRANCH_CODE))
        if branch is None:
            branch = m.Branch(code=BRANCH_CODE, name=BRANCH_NAME, parent_id=parent.id)
            session.add(branch)
            session.flush()
        staff = {
            login: _staff(session, branch, login, name, role, password_hash)
            for login, name, role in staff_plan
        }
        session.flush()
        manager_ids = [staff[f"manager{i + 1}"].id for i in range(managers)]
        members = manager_ids[: min(4, managers)]
        team = m.Team(branch_id=branch.id, name=TEAM_NAME, lead_id=members[0], active=True)
        team.members = [
            m.TeamMember(staff_id=s, share_bp=bp)
            for s, bp in zip(members, _team_shares(len(members)), strict=True)
        ]
        session.add(team)
        session.flush()

        tiers = [
            _Tier(t.code, t.name, t.rank, t.min_aum_fen, t.needs_secondary, t.large_txn_fen)
            for t in session.scalars(select(m.Tier))
        ]
        products = [
            _Product(
                p.id,
                p.code,
                p.name,
                p.category,
                int(p.risk_rating[1]) if p.risk_rating else 1,
                p.term_days,
            )
            for p in session.scalars(
                select(m.Product).where(m.Product.active).order_by(m.Product.id)
            )
        ]
        missing = [c for c in CATEGORIES if not any(p.category == c for p in products)]
        if missing or not tiers:
            raise ServiceError(f"the product catalogue lacks categories {missing} or tiers")
        first_ids = {
            t: (session.execute(text(f"SELECT max(id) FROM {t}")).scalar() or 0) + 1
            for t in ID_TABLES
        }
        builder = _Builder(
            random.Random(seed),
            today=today,
            months=months,
            branch_id=branch.id,
            managers=manager_ids,
            lobby_id=staff["lobby"].id,
            tiers=tiers,
            products=products,
            first_ids=first_ids,
        )
        writer = _Writer(session)
        sizes = [min(CHUNK, customers - start) for start in range(0, customers, CHUNK)]
        # A second thread only pays on PostgreSQL, where the server does the work in its own
        # process; sqlite3 hands the GIL back and forth on every row and loses by it.
        producer = _Producer(builder, sizes, threaded=writer.postgres)
        producer.start()
        done = 0
        try:
            for chunk in producer:
                for table in TABLES:
                    writer.write(table, chunk[table])
                count = len(chunk["customer"])
                first = chunk["customer"][0][0]
                hooks.record(
                    session,
                    actor,
                    "customer",
                    None,
                    "bulk_insert",
                    {
                        "source": SOURCE,
                        "first_id": first,
                        "last_id": first + count - 1,
                        "rows": {t: len(rows) for t, rows in chunk.items()},
                    },
                )
                done += count
                if progress is not None:
                    progress(done, customers)
        finally:
            producer.close()
        writer.finish()
    logins = tuple(DemoLogin(login, name, role) for login, name, role in staff_plan)
    return DemoResult(
        BRANCH_CODE,
        BRANCH_NAME,
        customers,
        logins,
        password,
        time.perf_counter() - started,
        dict(writer.rows),
    )
