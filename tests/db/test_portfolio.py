"""The portfolio list on both databases: pinyin order, every sort paged without gaps or
repeats, counts that come with the page, and name keys however customers were written."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import insert, select, update

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.search_keys import name_sort_key
from branchcrm.services import portfolio
from branchcrm.services.portfolio import PortfolioQuery
from tests.factories import Branch, make_branch

# Pinyin order: 李 lǐ before 林 lín (all 李 together, not 李明 林峰 李娜), 张伟 before
# 张伟强, the surname 曾 read zēng; in code point order 张 (U+5F20) would come before 李.
PINYIN_ORDER = [
    "艾青",
    "李",
    "李明",
    "李娜",
    "李强",
    "林峰",
    "吕布",
    "王芳",
    "曾国藩",
    "张伟",
    "张伟强",
]


def test_the_name_key_sorts_syllable_by_syllable_then_by_tone() -> None:
    assert sorted(PINYIN_ORDER[::-1], key=name_sort_key) == PINYIN_ORDER
    assert name_sort_key("张伟") == "zhang1.wei3 张伟"
    assert name_sort_key(" 王 丽 ") == name_sort_key("王丽")  # typed spaces do not count
    assert name_sort_key("") == ""
    assert sorted(["妈", "马", "麻", "骂"], key=name_sort_key) == ["妈", "麻", "马", "骂"]


@pytest.fixture
def branch(db: Database) -> Branch:
    b = make_branch(db)
    for i, name in enumerate(PINYIN_ORDER):
        manager = b.m1 if i % 3 else b.m2
        b.customer(
            manager,
            name,
            mobile=f"1380013{i:04d}",
            risk_level=("C1", "C3", None)[i % 3],
            tags=["代发"] if i % 2 else [],
        )
    with db.session(b.m1) as s:  # assets and contacts for the other sorts, ties included
        for i, cid in enumerate(s.scalars(select(m.Customer.id).order_by(m.Customer.id))):
            s.execute(
                update(m.Customer).where(m.Customer.id == cid).values(aum_fen=(i % 4) * 100_000)
            )
    return b


def _all(db: Database, b: Branch, q: PortfolioQuery, size: int) -> tuple[list[str], int | None]:
    actor = b.supervisor if q.scope == "branch" else b.m1
    names: list[str] = []
    total = None
    with db.session(actor) as s:
        offset = 0
        while True:
            page = portfolio.fetch_page(s, actor, q, offset, size)
            names += [r.name for r in page.rows]
            total = page.total if page.total is not None else total
            offset += len(page.rows)
            if not page.more:
                return names, total if total is not None else portfolio.count(s, actor, q)


def test_the_branch_lists_names_in_pinyin_order(db: Database, branch: Branch) -> None:
    names, total = _all(db, branch, PortfolioQuery(scope="branch"), 4)
    assert names == PINYIN_ORDER and total == len(PINYIN_ORDER)
    mine, _ = _all(db, branch, PortfolioQuery(scope="mine"), 4)
    assert mine == [n for i, n in enumerate(PINYIN_ORDER) if i % 3]
    found, total = _all(db, branch, PortfolioQuery(scope="branch", term="li"), 2)
    assert found == ["李", "李明", "李娜", "李强", "林峰"] and total == 5


@pytest.mark.parametrize("scope", ["branch", "mine"])
@pytest.mark.parametrize("sort", list(portfolio.SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_pages_like_one_page(
    db: Database, branch: Branch, scope: str, sort: str, descending: bool
) -> None:
    """Paged three at a time, a sorted list is the one-page list: nothing lost, nothing twice
    (the id breaks ties, such as equal assets)."""
    q = PortfolioQuery(scope=scope, sort=sort, descending=descending)
    whole, total = _all(db, branch, q, 100)
    paged, _ = _all(db, branch, q, 3)
    assert paged == whole and len(set(paged)) == len(paged) == total
    risky = dataclasses.replace(q, risk_level="C3")  # a filter, through each query shape
    assert _all(db, branch, risky, 2)[0] == _all(db, branch, risky, 100)[0]
    tagged = dataclasses.replace(q, tag="代发")
    assert _all(db, branch, tagged, 2)[0] == _all(db, branch, tagged, 100)[0]


def test_a_page_says_whether_more_follow_and_counts_when_it_can(
    db: Database, branch: Branch
) -> None:
    sup = branch.supervisor
    with db.session(sup) as s:
        first = portfolio.fetch_page(s, sup, PortfolioQuery(scope="branch"), 0, 4)
        assert first.more and first.total is None  # the count is left to count()
        last = portfolio.fetch_page(s, sup, PortfolioQuery(scope="branch"), 8, 4)
        assert not last.more and last.total == len(PINYIN_ORDER)  # a short last page
        found = portfolio.fetch_page(s, sup, PortfolioQuery(scope="branch", term="zh"), 0, 1)
        assert found.more and found.total == 2  # a search counts its matches: 张伟 张伟强
    with db.session(branch.m1) as s:
        mine = portfolio.fetch_page(s, branch.m1, PortfolioQuery(scope="mine"), 0, 2)
        assert mine.more and mine.total == 7  # a manager's own list counts itself


def test_rows_carry_managers_tags_and_tier(db: Database, branch: Branch) -> None:
    with db.session(branch.m1) as s:
        rows = portfolio.fetch_page(s, branch.m1, PortfolioQuery(scope="mine"), 0, 50).rows
    li = next(r for r in rows if r.name == "李")
    assert li.primary_name == "王经理" and li.tags == "代发" and li.masked_phone == "138****0001"


def test_every_writer_leaves_a_name_key(db: Database, branch: Branch) -> None:
    """The session hooks key ORM writes; Core inserts get the column default; rows written
    past SQLAlchemy (COPY) are keyed by fill_missing_name_keys."""
    with db.session(branch.m1) as s:
        keys = dict(s.execute(select(m.Customer.name, m.Customer.name_key)).all())
    assert keys["曾国藩"] == name_sort_key("曾国藩")
    with db.session(branch.admin) as s:
        s.execute(insert(m.Customer), [{"branch_id": branch.m1.branch_id, "name": "欧阳修"}])
        core = s.scalar(select(m.Customer.name_key).where(m.Customer.name == "欧阳修"))
        assert core == name_sort_key("欧阳修")
        s.execute(update(m.Customer).values(name_key=None))  # as a bulk COPY leaves them
    with db.session(branch.admin) as s:
        assert hooks.fill_missing_name_keys(s.connection(), batch=5) == len(PINYIN_ORDER) + 1
        assert hooks.fill_missing_name_keys(s.connection()) == 0
    with db.session(branch.m1) as s:
        assert dict(s.execute(select(m.Customer.name, m.Customer.name_key)).all()) == {
            **keys,
            "欧阳修": name_sort_key("欧阳修"),
        }
    with db.session(branch.m1) as s:
        customer = s.scalar(select(m.Customer).where(m.Customer.name == "李"))
        assert customer is not None
        customer.name = "黎"
    with db.session(branch.m1) as s:
        renamed = s.scalar(select(m.Customer.name_key).where(m.Customer.name == "黎"))
        assert renamed == name_sort_key("黎")
