"""Rows are folded into people one at a time (no row is held whole); a file that fails
half-way is taken back out as if it had never been read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from branchcrm.importers.people import Grouper, Person, group_people
from branchcrm.importers.rows import RowRecord


def rec(row: int, name: str | None, **kw: Any) -> RowRecord:
    return RowRecord("a.xlsx", "s", row, name=name, name_key=name, **kw)


def state(people: list[Person]) -> list[tuple[Any, ...]]:
    return [
        (
            p.first,
            [(v.file, v.row) for v in p.rows],
            p.id_number,
            p.mobile,
            p.address,
            p.assets_fen,
            p.risk_level,
            p.last_visit,
            list(p.others),
            list(p.notes),
        )
        for p in people
    ]


def test_latest_dated_row_wins_and_first_values_are_kept() -> None:
    d = dt.date
    people, problems = group_people(
        [
            rec(
                2,
                "王丽",
                mobile="13812345678",
                address="上城区",
                assets_fen=1,
                visit_date=d(2013, 1, 1),
            ),
            rec(
                3,
                "王丽",
                mobile="13812345678",
                address="西湖区",
                assets_fen=2,
                visit_date=d(2012, 1, 1),
            ),
            rec(4, "王丽", mobile="13812345678", assets_fen=3, risk_level="C2"),  # undated
            rec(5, "王丽", mobile="13812345678", other_phones=["057188001234"], name_note="老客户"),
            rec(6, "王丽", mobile="13900000000"),  # another mobile: another person
        ]
    )
    assert len(people) == 2
    wang = people[0]
    assert (wang.address, wang.assets_fen, wang.risk_level) == ("上城区", 1, "C2")
    assert wang.last_visit == d(2013, 1, 1) and wang.others == ["057188001234"]
    assert wang.notes == ["老客户"] and [v.row for v in wang.rows] == [2, 3, 4, 5]
    assert [(p.code, p.row) for p in problems] == [("value_conflict", 3)]


names = st.sampled_from(["王丽", "张伟", "李娜", None])
mobiles = st.sampled_from(["13812345678", "13900000000", None])
ids = st.sampled_from(["330602197805031234", "11010119651120045X", None])
rows = st.lists(
    st.tuples(names, mobiles, ids, st.sampled_from(["上城区", "西湖区", None])), max_size=12
)


@settings(max_examples=200, deadline=None)
@given(rows, rows)
def test_rolling_back_a_file_leaves_what_the_earlier_files_made(
    first: list[Any], second: list[Any]
) -> None:
    def records(spec: list[Any], start: int) -> list[RowRecord]:
        return [
            rec(
                start + i, n, mobile=m, id_number=idn, address=a, visit_date=dt.date(2012, 1, 1 + i)
            )
            for i, (n, m, idn, a) in enumerate(spec)
        ]

    alone = Grouper()
    for r in records(first, 1):
        alone.add(r)
    g = Grouper()
    g.checkpoint()
    for r in records(first, 1):
        g.add(r)
    g.checkpoint()
    for r in records(second, 100):
        g.add(r)
    g.rollback()
    assert state(g.people) == state(alone.people)
    assert g.problems == alone.problems and g.nameless == alone.nameless
    assert g.by_id == alone.by_id and g.by_nm.keys() == alone.by_nm.keys()
    # and the grouper goes on exactly as one that never saw the second file
    for r in records(second[:3], 200):
        g.add(r)
        alone.add(r)
    assert state(g.people) == state(alone.people)
