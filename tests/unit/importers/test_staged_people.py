"""The import's people on disk: grouping with only a few people and keys in memory gives what
grouping all in memory gives, rollbacks included, and each person comes back whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from branchcrm.importers.people import _FOLDED, Grouper
from branchcrm.importers.rows import Problem, RowRecord
from branchcrm.importers.staged_people import StagedIndex, StagedPeople
from branchcrm.importers.staging import SpilledProblems, VisitStore, open_visits


def rec(row: int, name: str | None, sheet: str = "s", **kw: Any) -> RowRecord:
    return RowRecord("a.xlsx", sheet, row, name=name, name_key=name, **kw)


def streamed(store: VisitStore) -> list[tuple[int, int, Any]]:
    return [
        (serial, seq, (v.file, v.sheet, v.row, v.visit_date, v.note))
        for part in store.stream()
        for serial, seq, v in part
    ]


def state(people: Any) -> list[tuple[Any, ...]]:
    return [
        (
            p.serial,
            p.first,
            [(v.file, v.sheet, v.row, v.visit_date, v.note) for v in p.rows],
            p.n_rows,
            *(getattr(p, key) for key in _FOLDED),
            list(p.others),
            list(p.notes),
        )
        for p in people
    ]


names = st.sampled_from(["王丽", "张伟", "李娜", None])
mobiles = st.sampled_from(["13812345678", "13900000000", "13700000000", None])
ids = st.sampled_from(["330602197805031234", "110101196511200451", None])
rows = st.tuples(
    names,
    mobiles,
    ids,
    st.sampled_from(["上城区", "西湖区", None]),
    st.sampled_from([None, 500_000, 1_200_000]),
    st.sampled_from(["注意", "老客户", None]),
    st.sampled_from(["s1", "s2"]),
)
specs = st.lists(rows, max_size=14)


def records(spec: list[Any], start: int) -> list[RowRecord]:
    return [
        rec(
            start + i,
            n,
            sheet=sheet,
            mobile=m,
            id_number=idn,
            address=a,
            assets_fen=assets,
            name_note=note,
            keys=(f"{n} k", "s", None) if n else None,
            visit_date=dt.date(2012, 1, 1 + i % 28) if i % 3 else None,
            note=f"n{i}",
        )
        for i, (n, m, idn, a, assets, note, sheet) in enumerate(spec)
    ]


@settings(max_examples=60, deadline=None)
@given(specs, specs, specs, st.integers(1, 4), st.integers(1, 4))
def test_grouping_with_few_people_in_memory_is_grouping_all_in_memory(
    first: list[Any], failed: list[Any], after: list[Any], hot: int, keys: int
) -> None:
    with open_visits() as disk_store:
        memory = Grouper()  # visits, review items and people all in memory
        disk = Grouper(
            disk_store,
            SpilledProblems(disk_store, 0),
            StagedPeople(disk_store, hot=hot, keys=keys),
        )
        for g in (memory, disk):
            g.checkpoint()
            for r in records(first, 1):
                g.add(r)
            g.checkpoint()
            for r in records(failed, 100):
                g.add(r)
            g.rollback()
            for r in records(after, 200):
                g.add(r)
        assert state(disk.people) == state(memory.people)
        assert list(disk.problems) == list(memory.problems)
        assert streamed(disk.visits) == streamed(memory.visits)
        assert disk.nameless == memory.nameless
        disk.finish()
        assert state(disk.people) == state(memory.people)


def test_people_go_to_disk_between_rows_and_come_back_whole() -> None:
    with open_visits() as store:
        people = StagedPeople(store, hot=2, keys=2)
        g = Grouper(store, SpilledProblems(store, 0), people)
        wang = rec(
            1,
            "王丽",
            mobile="13812345678",
            id_number="330602197805031234",
            other_phones=["057188880000"],
            name_note="老客户",
            birth_md=(5, 3),
            birth_date=dt.date(1978, 5, 3),
            keys=("王丽 wangli wl", "w\0wa", None),
            visit_date=dt.date(2012, 3, 15),
            assets_fen=5_000_000,
            risk_level="C2",
        )
        g.add(wang)
        for i in range(10):
            g.add(rec(10 + i, f"客户{i}", mobile=f"1390000000{i}"))
        assert len(people._cache) <= 2 + 1  # the rest waited on disk
        g.add(rec(30, "王丽", id_number="330602197805031234", address="上城区"))
        p = people[0]
        assert (p.name, p.mobile, p.id_number, p.address) == (
            "王丽",
            "13812345678",
            "330602197805031234",
            "上城区",
        )
        assert list(p.others) == ["057188880000"] and list(p.notes) == ["老客户"]
        assert p.keys == ("王丽 wangli wl", "w\0wa", None) and p.birth_md == (5, 3)
        assert (p.assets_fen, p.risk_level, p.last_visit, p.n_rows) == (
            5_000_000,
            "C2",
            dt.date(2012, 3, 15),
            2,
        )
        assert [v.row for v in p.rows] == [1, 30]


def test_a_key_index_finds_keys_in_memory_and_on_disk_and_forgets_them() -> None:
    with open_visits() as store:
        index = StagedIndex(store.db, "key_test", 2, limit=3)
        for serial in range(10):
            index[(f"name{serial}", f"1380000000{serial}")] = serial
        assert all(index.get((f"name{s}", f"1380000000{s}")) == s for s in range(10))
        assert index.get(("name1", "13800000002")) is None and ("x", "y") not in index
        index.discard(("name1", "13800000001"))
        index.drop_from(7)
        assert [s for s in range(10) if (f"name{s}", f"1380000000{s}") in index] == [
            0,
            2,
            3,
            4,
            5,
            6,
        ]


def test_passes_stream_people_in_serial_order_with_what_matching_set() -> None:
    with open_visits() as store:
        people = StagedPeople(store, hot=3)
        g = Grouper(store, SpilledProblems(store, 0), people)
        for i in range(7):
            g.add(rec(i + 1, f"客户{i}", mobile=f"1390000000{i}", visit_date=dt.date(2012, 1, 2)))
        g.finish()
        people.set_matches([(1, 42, {"id": 42, "name": "客户1"}, False), (2, None, None, True)])
        matched = [p for part in people.chunks("customer_id IS NOT NULL") for p in part]
        assert [(p.serial, p.customer_id, p.stored) for p in matched] == [
            (1, 42, {"id": 42, "name": "客户1"})
        ]
        assert people.count("rejected = 0 AND customer_id IS NULL") == 5
        people.set_customer_ids([(0, 100), (3, 101)])
        assert [ids for ids in people.customer_ids(matched=False)] == [[100, 101]]
        assert [(cid, matched) for part in people.contacts() for cid, matched, _v in part] == [
            (100, False),
            (42, True),  # the refused one (serial 2) has none
            (101, False),
            (None, False),
            (None, False),
            (None, False),
        ]
        people.set_fills([(1, {"address": "上城区"})])
        people[1].address = "西湖区"  # a person written again keeps its fills
        people.flush()
        assert [(p.serial, p.address, f) for part in people.fills() for p, f in part] == [
            (1, "西湖区", {"address": "上城区"})
        ]
        assert people.firsts() == [("a.xlsx", "s", 5, 1)]
        assert people.visit_counts() == [("a.xlsx", "s", 0, 1)]


def test_contact_keys_leave_out_refused_people_and_dropped_contacts() -> None:
    with open_visits() as store:
        people = StagedPeople(store, hot=1)
        g = Grouper(store, SpilledProblems(store, 0), people)
        day = dt.date(2012, 3, 4)
        g.add(rec(1, "王丽", mobile="13800000001", visit_date=day, product="定期", note="x"))
        g.add(rec(2, "张伟", mobile="13800000002", note="y"))
        g.add(rec(3, "王丽", mobile="13800000001", note="z"))
        g.finish()
        people.set_matches([(1, None, None, True)])
        store.drop([(0, 2)])
        assert [tuple(r) for part in people.contact_keys() for r in part] == [
            (0, 0, day.toordinal(), "定期", None, "x", None)
        ]


def test_each_review_item_names_the_customer_of_its_row() -> None:
    with open_visits() as store:
        people = StagedPeople(store, hot=1)
        problems = SpilledProblems(store, 0)
        g = Grouper(store, SpilledProblems(store, 1), people)
        g.add(rec(1, "王丽", mobile="13800000001"))  # new
        g.add(rec(1, "王丽", sheet="t", mobile="13800000003"))  # new, same row, other sheet
        g.add(rec(2, "张伟", mobile="13800000002"))  # matched
        g.add(rec(3, "李娜", mobile="13800000004"))  # refused
        # Rows of two people (two files of one name): the matched one, else the last new one.
        g.add(rec(2, "赵六", mobile="13800000005"))
        g.add(rec(1, "钱七", mobile="13800000006"))
        g.finish()
        people.set_matches([(2, 7, {"id": 7}, False), (3, None, None, True)])
        people.set_customer_ids([(0, 100), (1, 101), (4, 102), (5, 103)])
        for sheet, row in (("s", 1), ("t", 1), ("s", 2), ("s", 3), ("s", 9)):
            problems.append(Problem("a.xlsx", sheet, row, None, "name", "x", "c", "r"))
        problems.append(Problem("other.xlsx", None, None, None, None, None, "c", "r"))
        owners = [
            (p.sheet, p.row, owner) for part in people.problems_with_owners() for p, owner in part
        ]
        assert owners == [
            ("s", 1, 103),
            ("t", 1, 101),
            ("s", 2, 7),
            ("s", 3, None),
            ("s", 9, None),
            (None, None, None),
        ]
