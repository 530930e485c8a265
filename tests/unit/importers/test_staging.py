"""The import's staging store: the visits and review items wait on disk, come back in
person order (or group order), and a failed file's are taken back out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from branchcrm.importers.people import pack_keys, unpack_keys
from branchcrm.importers.rows import Problem, RowRecord
from branchcrm.importers.staging import (
    MemoryVisits,
    SpilledProblems,
    SqliteVisits,
    StagedProblems,
    VisitStore,
    open_visits,
)


def rec(row: int, name: str | None, sheet: str = "s", **kw: Any) -> RowRecord:
    return RowRecord("a.xlsx", sheet, row, name=name, name_key=name, **kw)


def streamed(store: VisitStore, **kw: Any) -> list[tuple[int, int, Any]]:
    return [
        (serial, seq, (v.sheet, v.row, v.visit_date, v.note, v.has_contact))
        for part in store.stream(**kw)
        for serial, seq, v in part
    ]


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    s: VisitStore = MemoryVisits() if request.param == "memory" else SqliteVisits(tmp_path)
    yield s
    s.close()


def test_visits_come_back_in_person_order_and_rollback_takes_them_out(store: VisitStore) -> None:
    d = dt.date(2012, 3, 4)
    store.add(1, rec(2, "a", visit_date=d, note="x"))
    store.add(0, rec(3, "b", sheet="t", has_date_column=True))
    mark = store.mark()
    store.add(1, rec(4, "a", amount_fen=5))
    store.add(2, rec(5, "c", product="定期"))
    assert [v.row for v in store.of(1)] == [2, 4]
    assert streamed(store) == [
        (0, 1, ("t", 3, None, None, False)),
        (1, 0, ("s", 2, d, "x", True)),
        (1, 2, ("s", 4, None, None, True)),
        (2, 3, ("s", 5, None, None, True)),
    ]
    store.drop([(1, 2)])
    assert [(s, q) for s, q, _v in streamed(store, contacts_only=True)] == [(1, 0), (2, 3)]
    store.rollback(mark)
    assert [(s, q) for s, q, _v in streamed(store)] == [(0, 1), (1, 0)]
    assert store.mark() == mark and [v.row for v in store.of(1)] == [2]
    store.add(3, rec(6, "d", note="y"))  # and it goes on after the rollback
    assert [(s, q) for s, q, _v in streamed(store, contacts_only=True)] == [(1, 0), (3, 2)]


def test_a_visit_keeps_every_field(store: VisitStore) -> None:
    r = rec(
        7,
        "王丽",
        visit_date=dt.date(2013, 1, 2),
        product="理财A",
        amount_fen=12_345,
        note="来行咨询",
        has_date_column=True,
    )
    store.add(0, r)
    (v,) = store.of(0)
    assert (v.file, v.sheet, v.row, v.visit_date, v.product, v.amount_fen, v.note) == (
        "a.xlsx",
        "s",
        7,
        dt.date(2013, 1, 2),
        "理财A",
        12_345,
        "来行咨询",
    )
    assert v.has_date_column and v.has_contact


def test_many_visits_stream_in_chunks(tmp_path: Path) -> None:
    with open_visits(tmp_path) as s:
        for i in range(12_345):
            s.add(i % 7, rec(i, "a", note=str(i)))
        parts = list(s.stream())
        assert len(parts) > 1 and sum(len(p) for p in parts) == 12_345
        keys = [(serial, seq) for p in parts for serial, seq, _v in p]
        assert keys == sorted(keys)


def test_the_store_is_removed_whatever_happens(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), open_visits(tmp_path) as s:
        s.add(0, rec(1, "a"))
        assert list(tmp_path.iterdir())
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []
    s.close()  # twice is harmless


def problem(row: int, code: str = "c") -> Problem:
    return Problem("a.xlsx", "s", row, None, "name", f"raw {row}", code, f"reason {row}")


def test_review_items_spill_in_group_order_and_cut_back(tmp_path: Path) -> None:
    with open_visits(tmp_path) as s:
        late, early = SpilledProblems(s, 5), SpilledProblems(s, 1)
        late.append(problem(1))
        early.extend([problem(2), problem(3)])
        late.append(problem(4))
        early.append(Problem("b", None, None, None, None, None, "x", "y", customer_key=9))
        assert len(late) == 2 and len(early) == 3
        every = StagedProblems(s)
        assert len(every) == 5
        assert [p.row for p in every] == [2, 3, None, 1, 4]
        assert every.counts() == {("a.xlsx", "s"): 4, ("b", ""): 1}
        assert list(every)[2] == Problem("b", None, None, None, None, None, "x", "y", 9)
        del early[1:]
        assert [p.row for p in every] == [2, 1, 4] and len(every) == 3
        late.clear()
        assert list(late) == [] and [p.row for p in every] == [2]
        for i in range(6_000):  # more than one batch
            late.append(problem(i))
        del late[5_999:]
        assert len(late) == 5_999 and list(late)[-1] == problem(5_998)
        with pytest.raises(TypeError):
            del late[1:2]


def test_name_keys_pack_into_one_value() -> None:
    for keys in [
        ("王丽 wangli wl", "w wa 王", "wang2.li4 王丽"),
        ("a", "b", None),
        ("a", "", ""),
        ("a\0b", "c", None),
    ]:
        assert unpack_keys(pack_keys(keys)) == keys
    assert pack_keys(None) is None and unpack_keys(None) is None
    assert isinstance(pack_keys(("a", "b", "c")), bytes)
