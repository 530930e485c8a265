"""The portfolio list: filtered, sorted and paged in SQL so 100,000 customers stay fast."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from sqlalchemy import ScalarSelect, Select, exists, func, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.phone import mask_phone
from branchcrm.domain.search_keys import normalize_term
from branchcrm.services import search
from branchcrm.services.visibility import customer_clause, served_list_clause, serves_only

# The columns of each order before the id tie-breaker: each order is one index's order.
SORT_KEYS: dict[str, tuple[Any, ...]] = {
    "name": (m.Customer.name_key,),  # pinyin order (search_keys.name_sort_key)
    "tier": (m.Customer.aum_fen,),  # tiers follow assets
    "aum": (m.Customer.aum_fen,),
    "last_contact": (m.Customer.last_contact_at,),
    "completeness": (m.Customer.completeness,),
    "risk_level": (m.Customer.risk_level, m.Customer.name_key),  # names in order per level
}
NULLABLE_SORTS = frozenset({"last_contact", "risk_level"})
# Without histograms (SQLite keeps none unless built with STAT4) the planner cannot tell a
# filter keeping three customers from one keeping a third of the branch; a capped count
# tells, and a list this short or shorter is sorted whole instead of read off the sort index.
DENSE = 1_000
# A search gathers and sorts its matches unless more than this many customers match (a
# one-letter term: most of the branch): those are dense enough to be read off the index.
SEARCH_CAP = 20_000


@dataclass
class PortfolioQuery:
    term: str = ""
    scope: str = "mine"  # "mine" or "branch"
    tier: str | None = None
    manager_id: int | None = None
    tag: str | None = None
    min_days_since_contact: int | None = None
    risk_level: str | None = None
    max_completeness: int | None = None
    missing_secondary: bool = False
    sort: str = "name"
    descending: bool = False
    as_of: dt.date | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    name: str
    tier_code: str | None
    tier_name: str | None
    aum_fen: int
    primary_name: str | None
    secondary_name: str | None
    last_contact_at: dt.datetime | None
    next_reminder: dt.date | None
    tags: str
    masked_phone: str
    completeness: int
    risk_level: str | None


def _current(role: str, staff_id: int | None = None):  # type: ignore[no-untyped-def]
    clause = exists().where(
        m.Assignment.customer_id == m.Customer.id,
        m.Assignment.role == role,
        m.Assignment.valid_to.is_(None),
    )
    if staff_id is not None:
        clause = exists().where(
            m.Assignment.customer_id == m.Customer.id,
            m.Assignment.role.in_(("primary", "secondary")),
            m.Assignment.staff_id == staff_id,
            m.Assignment.valid_to.is_(None),
        )
    return clause


def filtered(session: Session, actor: Actor, q: PortfolioQuery) -> Select[Any]:
    if serves_only(actor, q.scope):
        assert actor.staff_id is not None
        visible = served_list_clause(session, actor.staff_id)
    else:
        visible = customer_clause(session, actor, q.scope)
    stmt = select(m.Customer.id).where(visible)
    stmt = search.apply_term(session, stmt, q.term)
    if q.tier:
        stmt = stmt.where(m.Customer.tier_code == q.tier)
    if q.manager_id is not None:
        stmt = stmt.where(_current("primary", q.manager_id))
    if q.tag:  # as IN, so that SQLite can start from the tag's index
        tagged = select(m.CustomerTag.customer_id).where(m.CustomerTag.tag == q.tag)
        stmt = stmt.where(m.Customer.id.in_(tagged))
    if q.min_days_since_contact is not None:
        today = q.as_of or dt.date.today()
        cutoff = dt.datetime.combine(
            today - dt.timedelta(days=q.min_days_since_contact), dt.time(), tzinfo=dt.UTC
        )
        stmt = stmt.where(
            (m.Customer.last_contact_at.is_(None)) | (m.Customer.last_contact_at < cutoff)
        )
    if q.risk_level:
        stmt = stmt.where(m.Customer.risk_level == q.risk_level)
    if q.max_completeness is not None:
        stmt = stmt.where(m.Customer.completeness <= q.max_completeness)
    if q.missing_secondary:
        needs = select(m.Tier.code).where(m.Tier.needs_secondary.is_(True))
        stmt = stmt.where(m.Customer.tier_code.in_(needs), ~_current("secondary"))
    return stmt


def count(session: Session, actor: Actor, q: PortfolioQuery) -> int:
    sub = filtered(session, actor, q).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def _keys(q: PortfolioQuery) -> tuple[Any, ...]:
    return SORT_KEYS.get(q.sort, SORT_KEYS["name"])


def _order(q: PortfolioQuery, keys: Sequence[Any], tie: Any) -> list[Any]:
    out = [key.desc() if q.descending else key.asc() for key in keys]
    if q.sort in NULLABLE_SORTS:
        out[0] = out[0].nulls_last()
    return [*out, tie.desc() if q.descending else tie.asc()]


def ordered(session: Session, actor: Actor, q: PortfolioQuery) -> Select[Any]:
    """The visible, filtered ids in the list's order; the id breaks ties, so paging is stable."""
    return filtered(session, actor, q).order_by(*_order(q, _keys(q), m.Customer.id))


def page_ids(
    session: Session, actor: Actor, q: PortfolioQuery, offset: int, limit: int
) -> list[int]:
    return list(session.scalars(ordered(session, actor, q).offset(offset).limit(limit)))


@dataclass(frozen=True)
class Page:
    """One page of the list, and what the same query told about the rest."""

    rows: list[PortfolioRow]
    more: bool  # rows follow these
    total: int | None  # the count when it came for free; None: ask :func:`count`


def fetch_page(session: Session, actor: Actor, q: PortfolioQuery, offset: int, limit: int) -> Page:
    """A page, one row more to learn whether more follow, and the count when it is free.

    A short last page counts itself. A search (unless most customers match it, see
    ``SEARCH_CAP``), or a manager's own customers, is read whole anyway (the matches come from an index on the term, the customers from the manager's
    assignments, scattered over the table): it is gathered in a materialized CTE, sorted
    and counted (``count(*) OVER ()``) in one query. Left to itself, the planner would walk
    the sort index hoping to meet 200 matches early, which for a term correlated with the
    order (王 sorts late) reads most of the branch: 116 ms for 王 on PostgreSQL, 6 ms so.
    A branch without a term is paged straight from the sort index (on SQLite unless a
    capped count finds the filter keeps few customers, see ``DENSE``); its count, a scan
    of the branch, is left to :func:`count`, which the workstation runs off the GUI thread.
    SQLite starts a search from its full-text index by itself and sorts the matches; there
    the window count costs more than the page (40 ms against 13 for 王), so a search with
    many matches is paged like a branch and counted apart.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    if serves_only(actor, q.scope) or _sparse(session, actor, q):
        return _whole_sorted(session, actor, q, offset, limit)
    if normalize_term(q.term) and not sqlite:
        page = _whole_sorted(session, actor, q, offset, limit, cap=SEARCH_CAP)
        if page is not None:
            return page  # else a term most customers match: read off the sort index
    if q.descending and q.sort in NULLABLE_SORTS and not sqlite:
        ids = _descending_nulls_last(session, actor, q, offset, limit + 1)
    else:
        ids = list(session.scalars(ordered(session, actor, q).offset(offset).limit(limit + 1)))
    total = offset + len(ids) if len(ids) <= limit else None
    return Page(rows_for(session, ids[:limit]), len(ids) > limit, total)


def _descending_nulls_last(
    session: Session, actor: Actor, q: PortfolioQuery, offset: int, limit: int
) -> list[int]:
    """``DESC NULLS LAST`` in two index reads. PostgreSQL's indexes hold NULLs last, so read
    backwards they give ``DESC NULLS FIRST``, and it sorts the whole branch instead (60 ms
    and up for 100,000 customers): the values are read from the index first, then the
    customers without one. Only a page wholly among those needs the number of values."""
    keys = _keys(q)
    first = keys[0]
    valued = filtered(session, actor, q).where(first.is_not(None))
    empty = filtered(session, actor, q).where(first.is_(None))
    ids = list(
        session.scalars(
            valued.order_by(*[k.desc() for k in keys], m.Customer.id.desc())
            .offset(offset)
            .limit(limit)
        )
    )
    if len(ids) == limit:
        return ids
    if ids:
        skip = 0  # the values ran out within this page
    else:
        counted = select(func.count()).select_from(valued.subquery())
        skip = offset - int(session.scalar(counted) or 0)
    rest = empty.order_by(*[k.desc() for k in keys[1:]], m.Customer.id.desc())
    return ids + list(session.scalars(rest.offset(max(skip, 0)).limit(limit - len(ids))))


@overload
def _whole_sorted(
    session: Session, actor: Actor, q: PortfolioQuery, offset: int, limit: int
) -> Page: ...


@overload
def _whole_sorted(
    session: Session, actor: Actor, q: PortfolioQuery, offset: int, limit: int, cap: int
) -> Page | None: ...


def _whole_sorted(
    session: Session,
    actor: Actor,
    q: PortfolioQuery,
    offset: int,
    limit: int,
    cap: int | None = None,
) -> Page | None:
    """The matches gathered first (a CTE, materialized where the planner would otherwise
    fold it back), then sorted and counted in the same query. With a ``cap``, None when
    more than ``cap`` customers match (gathering stops there)."""
    keys = _keys(q)
    columns = [key.label(f"k{i}") for i, key in enumerate(keys)]
    gathered = filtered(session, actor, q).add_columns(*columns)
    if cap is not None:
        gathered = gathered.limit(cap + 1)
    hits = gathered.cte("hits")
    if session.get_bind().dialect.name == "postgresql":  # SQLite plans these well as is
        hits = hits.prefix_with("MATERIALIZED")
    sort = [hits.c[f"k{i}"] for i in range(len(keys))]
    stmt = (
        select(hits.c.id, func.count().over())
        .order_by(*_order(q, sort, hits.c.id))
        .offset(offset)
        .limit(limit + 1)
    )
    found = session.execute(stmt).all()
    ids = [row[0] for row in found]
    total = int(found[0][1]) if found else offset
    if cap is not None and total > cap:
        return None
    return Page(rows_for(session, ids[:limit]), len(ids) > limit, total)


def _sparse(session: Session, actor: Actor, q: PortfolioQuery) -> bool:
    """On SQLite, whether a filtered branch list is short (see ``DENSE``)."""
    unfiltered = PortfolioQuery(scope=q.scope, as_of=q.as_of)
    if session.get_bind().dialect.name != "sqlite" or _same_rows(q, unfiltered):
        return False
    capped = filtered(session, actor, q).limit(DENSE + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(capped)) or 0) <= DENSE


def _same_rows(a: PortfolioQuery, b: PortfolioQuery) -> bool:
    return dataclasses.replace(a, sort=b.sort, descending=b.descending) == b


def _manager(role: str) -> ScalarSelect[Any]:
    return (
        select(m.Staff.name)
        .join(m.Assignment, m.Assignment.staff_id == m.Staff.id)
        .where(
            m.Assignment.customer_id == m.Customer.id,
            m.Assignment.role == role,
            m.Assignment.valid_to.is_(None),
        )
        .limit(1)
        .scalar_subquery()
    )


TAG_SEPARATOR = "\x1f"  # never typed in a tag


def rows_for(session: Session, ids: list[int]) -> list[PortfolioRow]:
    """Full rows for one page of ids, in the order given: one query, whose per-row lookups
    (managers, next reminder, tags) each read a few index entries."""
    if not ids:
        return []
    next_due = (
        select(func.min(m.Reminder.due_date))
        .where(m.Reminder.customer_id == m.Customer.id, m.Reminder.status.in_(("open", "snoozed")))
        .scalar_subquery()
    )
    tags = (
        select(func.aggregate_strings(m.CustomerTag.tag, TAG_SEPARATOR))
        .where(m.CustomerTag.customer_id == m.Customer.id)
        .scalar_subquery()
    )
    stmt = (
        select(
            m.Customer.id,
            m.Customer.name,
            m.Customer.tier_code,
            m.Tier.name,
            m.Customer.aum_fen,
            _manager("primary"),
            _manager("secondary"),
            m.Customer.last_contact_at,
            next_due,
            tags,
            m.Customer.mobile,
            m.Customer.completeness,
            m.Customer.risk_level,
        )
        .outerjoin(m.Tier, m.Tier.code == m.Customer.tier_code)
        .where(m.Customer.id.in_(ids))
    )
    found = {}
    for r in session.execute(stmt):
        found[r[0]] = PortfolioRow(
            id=r[0],
            name=r[1],
            tier_code=r[2],
            tier_name=r[3],
            aum_fen=r[4],
            primary_name=r[5],
            secondary_name=r[6],
            last_contact_at=r[7],
            next_reminder=r[8],
            tags=", ".join(sorted(r[9].split(TAG_SEPARATOR))) if r[9] else "",
            masked_phone=mask_phone(r[10]),
            completeness=r[11],
            risk_level=r[12],
        )
    return [found[cid] for cid in ids if cid in found]


def page(
    session: Session, actor: Actor, q: PortfolioQuery, offset: int, limit: int
) -> list[PortfolioRow]:
    return rows_for(session, page_ids(session, actor, q, offset, limit))


def tags_in_use(session: Session, actor: Actor) -> list[str]:
    """The tag vocabulary, most used first. Tags name groups, not people, so this reads the
    tag index alone instead of joining every visible customer."""
    stmt = (
        select(m.CustomerTag.tag)
        .group_by(m.CustomerTag.tag)
        .order_by(func.count().desc(), m.CustomerTag.tag)
        .limit(100)
    )
    return list(session.scalars(stmt))
