"""Search finds customers by any fragment, including 1- and 2-character terms."""

from __future__ import annotations

import pytest

from branchcrm.db.session import Database
from branchcrm.services import customers, search
from tests.factories import Branch, make_branch, resident_id


@pytest.fixture
def branch(db: Database) -> tuple[Branch, dict[str, int]]:
    b = make_branch(db)
    ids = {
        "张伟": b.customer(
            b.m1, "张伟", mobile="13812345678", id_number=resident_id(1978, 5, 3, 31)
        ),
        "张伟明": b.customer(b.m1, "张伟明", mobile="13900001111"),
        "李娜": b.customer(
            b.m1, "李娜", mobile="13700002222", id_number=resident_id(1985, 2, 1, 7)
        ),
        "王 丽": b.customer(b.m2, "王 丽", mobile="13600003333"),
        "曾乐": b.customer(b.m2, "曾乐", mobile="13522224444"),  # 曾 is Zēng as a surname
    }
    return b, ids


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("张", {"张伟", "张伟明"}),
        ("张伟", {"张伟", "张伟明"}),
        ("伟明", {"张伟明"}),
        ("张伟明", {"张伟明"}),
        ("zw", {"张伟", "张伟明"}),
        ("ZWM", {"张伟明"}),
        ("zhangwei", {"张伟", "张伟明"}),
        ("ln", {"李娜"}),
        ("5678", {"张伟"}),
        ("0000", {"张伟明", "李娜", "王 丽"}),
        ("00002222", {"李娜"}),
        ("19850201", {"李娜"}),
        ("王丽", {"王 丽"}),
        ("丽", {"王 丽"}),
        ("zengle", {"曾乐"}),
        ("zl", {"曾乐"}),
        ("曾", {"曾乐"}),
        ("cengle", {"曾乐"}),  # pypinyin's everyday reading still finds them
        ("zzz", set()),
        ("%", set()),
        ('"', set()),
    ],
)
def test_supervisor_search(
    branch: tuple[Branch, dict[str, int]], term: str, expected: set[str]
) -> None:
    b, ids = branch
    with b.db.session(b.supervisor) as s:
        found = set(search.search_customer_ids(s, b.supervisor, term))
    assert found == {ids[n] for n in expected}


def test_a_manager_finds_only_their_own_customers(branch: tuple[Branch, dict[str, int]]) -> None:
    b, ids = branch
    with b.db.session(b.m2) as s:
        assert search.search_customer_ids(s, b.m2, "丽") == [ids["王 丽"]]
        assert search.search_customer_ids(s, b.m2, "张") == []


def test_search_keys_follow_edits(branch: tuple[Branch, dict[str, int]]) -> None:
    b, ids = branch
    with b.db.session(b.m1) as s:
        v = customers.get_customer(s, b.m1, ids["李娜"]).version
        customers.update_customer(
            s, b.m1, ids["李娜"], v, {"name": "李娜娜", "mobile": "13755556666"}
        )
    with b.db.session(b.m1) as s:
        assert search.search_customer_ids(s, b.m1, "娜娜") == [ids["李娜"]]
        assert search.search_customer_ids(s, b.m1, "5555") == [ids["李娜"]]
        assert search.search_customer_ids(s, b.m1, "0000") == [ids["张伟明"]]
