"""An import keeps only a few people in memory and the rest on disk: whatever the limits, it
writes exactly what it writes with every person in memory (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, select, text

from branchcrm.db import models as m
from branchcrm.db import schema
from branchcrm.db.engine import make_engine
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.idnumber import make_resident_id
from branchcrm.domain.roles import Role
from branchcrm.importers import staged_people
from branchcrm.importers.notebook import import_notebooks

sys.path.insert(0, str(Path(__file__).parents[1]))
from notebook_corpus import messy_notebook

HEADER = ["姓名", "手机", "身份证号码", "来行日期", "资产", "地址", "风险等级", "备注"]


def notebook(path: Path, seed: int, rows: int, *, break_at_end: bool = False) -> Path:
    """Forty people seen again and again: phones that change, an ID that appears later, the
    same name with another phone, conflicting addresses, assets on several dates."""
    rnd = random.Random(seed)
    people = [
        (
            rnd.choice("王李张刘陈") + rnd.choice(["丽", "伟", "芳", "强", "敏"]),
            f"138{rnd.randrange(10**8):08d}",
            make_resident_id("330602", dt.date(1950 + i, 1 + i % 12, 1 + i % 27), i),
        )
        for i in range(40)
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "登记"
    ws.append(HEADER)
    for i in range(rows):
        name, mobile, idn = rnd.choice(people)
        ws.append(
            [
                name,
                mobile if rnd.random() < 0.8 else f"139{rnd.randrange(10**8):08d}",
                idn if rnd.random() < 0.6 else None,
                dt.date(2012, 1, 1) + dt.timedelta(days=rnd.randrange(900)),
                rnd.choice([None, 5, "12万", 30]),
                rnd.choice([None, "上城区", "西湖区"]),
                rnd.choice([None, "C2", "C3"]),
                f"第{i}次",
            ]
        )
    wb.save(path)
    if break_at_end:  # rows first, then XML that breaks: the file fails half-way
        import zipfile

        data = {}
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                data[n] = z.read(n)
        sheet = "xl/worksheets/sheet1.xml"
        data[sheet] = data[sheet].replace(b"</sheetData>", b"<row r=")
        with zipfile.ZipFile(path, "w") as z:
            for n, b in data.items():
                z.writestr(n, b)
    return path


def outcome(db: Database, results: list[Any]) -> dict[str, Any]:
    with db.session() as s:
        names = {c.id: (c.name, c.mobile) for c in s.scalars(select(m.Customer))}
        customers = sorted(
            (
                (
                    c.name,
                    c.mobile,
                    c.id_number,
                    c.other_phones,
                    c.address,
                    c.risk_level,
                    c.aum_fen,
                    c.notes,
                    c.last_contact_at,
                    c.search_text,
                    c.completeness,
                )
                for c in s.scalars(select(m.Customer))
            ),
            key=repr,
        )
        contacts = sorted(
            (
                (names[c.customer_id], c.occurred_at, c.channel, c.summary, c.amount_fen)
                for c in s.scalars(select(m.Contact))
            ),
            key=repr,
        )
        review = sorted(
            (
                (
                    r.file,
                    r.sheet or "",
                    r.row or 0,
                    r.field or "",
                    r.code,
                    r.reason,
                    names.get(r.customer_id) if r.customer_id else None,
                )
                for r in s.scalars(
                    select(m.ReviewItem).where(
                        m.ReviewItem.batch_id.in_(r.batch_id for r in results)
                    )
                )
            ),
            key=repr,
        )
        served = sorted(
            (
                (names[a.customer_id], a.role, a.valid_to is None)
                for a in s.scalars(select(m.Assignment))
            ),
            key=repr,
        )
    summaries = []
    for r in results:
        j = r.as_json()
        j.pop("batch_id")
        for f in j["files"]:
            f.pop("already_batch", None)
        summaries.append(j)
    return {
        "customers": customers,
        "contacts": contacts,
        "review": review,
        "served": served,
        "results": summaries,
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def two_dbs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[Database]]:
    """Two fresh, migrated databases of one kind."""
    if request.param == "sqlite":
        urls = [f"sqlite:///{tmp_path / f'{i}.sqlite3'}" for i in range(2)]
        admin, names = None, []
    else:
        base = request.getfixturevalue("pg_server")
        admin = create_engine(base)
        names = [f"t_{uuid.uuid4().hex[:12]}" for _ in range(2)]
        with admin.begin() as conn:
            for name in names:
                conn.execute(text(f'CREATE SCHEMA "{name}"'))
        urls = [f"{base}?options=-csearch_path%3D{name},public" for name in names]
    dbs = []
    try:
        for url in urls:
            engine = make_engine(url)
            schema.upgrade(engine)
            dbs.append(Database(engine))
        yield dbs
    finally:
        for d in dbs:
            d.dispose()
        if admin is not None:
            with admin.begin() as conn:
                for name in names:
                    conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            admin.dispose()


def owner_of(db: Database) -> Actor:
    with db.session(Actor.system()) as s:
        branch = m.Branch(code="B1", name="B1")
        s.add(branch)
        s.flush()
        owner = m.Staff(branch_id=branch.id, login="wangli", name="王丽", password_hash="x")
        s.add(owner)
        s.flush()
        s.add(m.StaffRole(staff_id=owner.id, role=Role.MANAGER.value))
        return Actor(owner.id, "wangli", "王丽", frozenset({Role.MANAGER}), branch.id)


@pytest.mark.parametrize("hot", [2, 5])
def test_an_import_with_few_people_in_memory_writes_what_one_with_all_in_memory_writes(
    two_dbs: list[Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hot: int
) -> None:
    first = [messy_notebook(tmp_path / "messy.xlsx"), notebook(tmp_path / "a.xlsx", 1, 120)]
    then = [
        notebook(tmp_path / "b.xlsx", 2, 150),
        notebook(tmp_path / "broken.xlsx", 3, 80, break_at_end=True),
        notebook(tmp_path / "c.xlsx", 1, 90),  # the people of a.xlsx: matched, filled
    ]

    def run(db: Database) -> dict[str, Any]:
        actor = owner_of(db)
        results = [
            import_notebooks(db, actor, first, owner_login="wangli"),
            import_notebooks(db, actor, then, owner_login="wangli"),
        ]
        assert results[1].files[1].status == "error"
        return outcome(db, results)

    everyone = run(two_dbs[0])
    assert everyone["results"][1]["customers_matched"] > 0
    monkeypatch.setattr(staged_people, "HOT_PEOPLE", hot)
    monkeypatch.setattr(staged_people, "HOT_KEYS", hot + 1)
    assert run(two_dbs[1]) == everyone
