"""The demo branch: realistic, true to the branch's rules, and made only in an empty database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.engine import make_engine
from branchcrm.db.schema import upgrade
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.idnumber import parse_resident_id
from branchcrm.services import catalogue
from branchcrm.services.auth import sign_in
from branchcrm.services.demo import NameKeys, _Builder, generate_demo
from branchcrm.services.errors import ServiceError
from branchcrm.services.search import search_customer_ids

TODAY = dt.date(2026, 5, 20)
N = 300
MONTHS = 6


@pytest.fixture
def demo_db(db: Database) -> Database:
    generate_demo(db, customers=N, managers=4, months=MONTHS, seed=11, today=TODAY)
    return db


def _current(session: Session, role: str) -> list[m.Assignment]:
    return list(
        session.scalars(
            select(m.Assignment).where(m.Assignment.role == role, m.Assignment.valid_to.is_(None))
        )
    )


def _counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in m.Base.metadata.sorted_tables
    }


def test_every_customer_has_exactly_one_current_primary_who_is_an_active_manager(
    demo_db: Database,
) -> None:
    with demo_db.session() as s:
        primaries = _current(s, "primary")
        per_customer = Counter(a.customer_id for a in primaries)
        assert len(per_customer) == N
        assert set(per_customer.values()) == {1}
        for a in primaries:
            staff = s.get(m.Staff, a.staff_id)
            assert staff is not None and staff.status == "active"
            assert staff.role_names == {"manager"}


def test_platinum_and_above_have_a_secondary_who_is_not_their_primary(demo_db: Database) -> None:
    with demo_db.session() as s:
        needs = set(s.scalars(select(m.Tier.code).where(m.Tier.needs_secondary)))
        primary = {a.customer_id: a for a in _current(s, "primary")}
        secondary = {a.customer_id: a for a in _current(s, "secondary")}
        tiers = dict(s.execute(select(m.Customer.id, m.Customer.tier_code)).all())
        assert any(code in needs for code in tiers.values()), "the demo has no platinum customers"
        for cid, code in tiers.items():
            if code in needs:
                assert cid in secondary, f"customer {cid} ({code}) has no secondary"
        for cid, sec in secondary.items():
            assert sec.staff_id != primary[cid].staff_id
            assert (primary[cid].share_bp, sec.share_bp) == (7000, 3000)
        for cid, pri in primary.items():
            if cid not in secondary:
                assert pri.share_bp == 10000


def test_team_shares_add_up_to_100_percent(demo_db: Database) -> None:
    with demo_db.session() as s:
        teams = list(s.scalars(select(m.Team)))
        assert len(teams) == 1
        assert sum(member.share_bp for member in teams[0].members) == 10000
        assert teams[0].lead_id in {member.staff_id for member in teams[0].members}


def test_id_numbers_are_valid_and_agree_with_birth_date_and_gender(demo_db: Database) -> None:
    with demo_db.session() as s:
        customers = list(s.scalars(select(m.Customer)))
    with_id = [c for c in customers if c.id_number]
    assert len(with_id) > N * 0.9
    for c in with_id:
        rid = parse_resident_id(c.id_number or "", today=TODAY)
        assert rid.number == c.id_number
        assert (rid.birth_date, rid.gender) == (c.birth_date, c.gender)
        assert (c.birth_month, c.birth_day) == (rid.birth_date.month, rid.birth_date.day)
        assert 1940 <= rid.birth_date.year <= 2005
    month_day_only = [c for c in customers if not c.id_number]
    assert all(c.birth_date is None and c.birth_month and c.birth_day for c in month_day_only)
    assert sum(c.birth_date is not None and c.birth_date.year < 1983 for c in with_id) > N / 3


def test_assets_are_the_last_months_balances_and_set_the_tier(demo_db: Database) -> None:
    with demo_db.session() as s:
        last = s.scalar(select(func.max(m.PeriodBalance.period)))
        assert last == f"{TODAY:%Y-%m}"
        assert s.scalar(select(func.count(func.distinct(m.PeriodBalance.period)))) == MONTHS
        sums = dict(
            s.execute(
                select(m.PeriodBalance.customer_id, func.sum(m.PeriodBalance.avg_balance_fen))
                .where(m.PeriodBalance.period == last)
                .group_by(m.PeriodBalance.customer_id)
            ).all()
        )
        ladder = sorted(s.scalars(select(m.Tier)), key=lambda t: t.min_aum_fen)
        customers = list(s.scalars(select(m.Customer)))
    for c in customers:
        assert c.aum_fen == sums.get(c.id, 0)
        expected = [t.code for t in ladder if t.min_aum_fen <= c.aum_fen][-1]
        assert c.tier_code == expected
    spread = Counter(c.tier_code for c in customers)
    assert spread["standard"] > spread["gold"] > spread["platinum"] > 0


def test_search_keys_are_what_the_session_hooks_would_write(demo_db: Database) -> None:
    with demo_db.session() as s:
        stored = list(s.scalars(select(m.Customer)))
    for c in stored:
        fresh = m.Customer(
            name=c.name,
            mobile=c.mobile,
            other_phones=c.other_phones,
            id_number=c.id_number,
            birth_date=c.birth_date,
            birth_month=c.birth_month,
            occupation=c.occupation,
            address=c.address,
            risk_level=c.risk_level,
        )
        hooks.customer_keys(fresh)
        assert (c.search_text, c.short_keys, c.name_key, c.completeness) == (
            fresh.search_text,
            fresh.short_keys,
            fresh.name_key,
            fresh.completeness,
        )


def test_the_shortcut_pinyin_equals_pypinyin_on_thousands_of_names() -> None:
    from branchcrm.domain import search_keys as sk

    names = {_name for _name in _sample_names(5000)} | {"张伟", "曾乐乐", "单行", "诸葛亮"}
    keys = NameKeys()
    for name in names:
        assert keys(name) == (sk.search_text(name, [], None), sk.short_keys(name)), name
    assert keys.shortcut


def _sample_names(count: int) -> list[str]:
    import random

    from branchcrm.services.catalogue import DEFAULT_PRODUCTS, DEFAULT_TIERS
    from branchcrm.services.demo import _Product, _Tier

    builder = _Builder(
        random.Random(3),
        today=TODAY,
        months=2,
        branch_id=1,
        managers=[1, 2],
        lobby_id=3,
        tiers=[
            _Tier(t.code, t.name, t.rank, t.min_aum_fen, t.needs_secondary, t.large_txn_fen)
            for t in DEFAULT_TIERS
        ],
        products=[
            _Product(i, p.code, p.name, p.category, 1, p.term_days)
            for i, p in enumerate(DEFAULT_PRODUCTS, 1)
        ],
        first_ids={"customer": 1, "holding": 1, "contact": 1},
    )
    return [row[3] for row in builder.build(count)["customer"]]


def test_last_contact_is_the_latest_contact(demo_db: Database) -> None:
    with demo_db.session() as s:
        latest = dict(
            s.execute(
                select(m.Contact.customer_id, func.max(m.Contact.occurred_at)).group_by(
                    m.Contact.customer_id
                )
            ).all()
        )
        customers = list(s.scalars(select(m.Customer)))
        contacts = list(s.scalars(select(m.Contact)))
    assert latest, "the demo has no contacts"
    for c in customers:
        assert c.last_contact_at == latest.get(c.id)
    assert {c.channel for c in contacts} >= {"visit", "phone", "wechat"}
    assert all(c.occurred_at.date() < TODAY for c in contacts)


def test_open_reminders_go_to_the_customers_primary_manager(demo_db: Database) -> None:
    with demo_db.session() as s:
        reminders = list(s.scalars(select(m.Reminder)))
        primary = {a.customer_id: a.staff_id for a in _current(s, "primary")}
        soon = list(
            s.scalars(
                select(m.Holding).where(
                    m.Holding.maturity_date.between(TODAY, TODAY + dt.timedelta(days=30))
                )
            )
        )
    assert {r.kind for r in reminders} >= {"maturity", "follow_up"}
    assert all(r.status == "open" and r.staff_id == primary[r.customer_id] for r in reminders)
    assert len({r.event_key for r in reminders}) == len(reminders)
    assert soon, "no holding matures in the next 30 days"
    assert {f"maturity:{h.id}" for h in soon} <= {r.event_key for r in reminders}


def test_demo_staff_sign_in_with_the_shared_password(demo_db: Database) -> None:
    with demo_db.session() as s:
        supervisor = sign_in(s, "supervisor", "demo1234")
        assert len(search_customer_ids(s, supervisor, "zw", limit=N)) >= 0
    with demo_db.session() as s:
        logins = set(s.scalars(select(m.Staff.login)))
    assert logins == {"admin", "head", "supervisor", "lobby", "manager1", "manager2",
                      "manager3", "manager4"}  # fmt: skip


def test_demo_customers_are_found_by_search_and_new_ones_get_fresh_ids(demo_db: Database) -> None:
    with demo_db.session() as s:
        supervisor = sign_in(s, "supervisor", "demo1234")
        someone = s.scalars(select(m.Customer).where(m.Customer.id_number.is_not(None))).first()
        assert someone is not None and someone.id_number is not None
        assert someone.id in search_customer_ids(s, supervisor, someone.id_number[-6:], limit=N)
        branch_id = someone.branch_id
    with demo_db.session(Actor.system("test")) as s:
        newcomer = m.Customer(branch_id=branch_id, name="欧阳新客", source="manual")
        s.add(newcomer)
        s.flush()
        assert newcomer.id > N
    with demo_db.session() as s:
        supervisor = sign_in(s, "supervisor", "demo1234")
        assert search_customer_ids(s, supervisor, "欧阳新客") == [newcomer.id]


def test_bulk_inserts_are_audited_one_row_per_batch(demo_db: Database) -> None:
    with demo_db.session() as s:
        batches = list(s.scalars(select(m.AuditLog).where(m.AuditLog.action == "bulk_insert")))
    assert len(batches) >= 1
    assert all(b.entity == "customer" and b.workstation for b in batches)


def test_demo_refuses_a_database_that_holds_customers_and_changes_nothing(
    demo_db: Database,
) -> None:
    with demo_db.session() as s:
        before = _counts(s)
    with pytest.raises(ServiceError, match="already holds 300 customers"):
        generate_demo(demo_db, customers=10, today=TODAY)
    with demo_db.session() as s:
        assert _counts(s) == before


def test_ensure_defaults_is_idempotent_and_keeps_an_administrators_changes(db: Database) -> None:
    actor = Actor.system("test")
    with db.session(actor) as s:
        catalogue.ensure_defaults(s, actor)
    with db.session(actor) as s:
        gold = s.scalars(select(m.Tier).where(m.Tier.code == "gold")).one()
        assert gold.min_aum_fen == 5_000_000  # 5万元
        gold.min_aum_fen = 8_000_000
        before = _counts(s)
    with db.session(actor) as s:
        catalogue.ensure_defaults(s, actor)
    with db.session() as s:
        after = _counts(s)
        ladder = [
            (t.code, t.rank, t.min_aum_fen, t.needs_secondary)
            for t in s.scalars(select(m.Tier).order_by(m.Tier.rank))
        ]
        categories = set(s.scalars(select(m.Product.category)))
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    assert ladder == [
        ("standard", 1, 0, False),
        ("gold", 2, 8_000_000, False),
        ("platinum", 3, 50_000_000, True),
        ("diamond", 4, 200_000_000, True),
        ("private", 5, 600_000_000, True),
    ]
    assert categories >= {"demand_deposit", "time_deposit", "wealth", "fund", "insurance",
                          "precious_metal", "bond"}  # fmt: skip


def test_the_same_seed_gives_the_same_branch(tmp_path: Path) -> None:
    def names(path: Path) -> list[tuple[object, ...]]:
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        db = Database(engine)
        generate_demo(db, customers=120, managers=3, months=3, seed=5, today=TODAY)
        with db.session() as s:
            rows = s.execute(
                select(m.Customer.name, m.Customer.id_number, m.Customer.aum_fen).order_by(
                    m.Customer.id
                )
            ).all()
        db.dispose()
        return [tuple(r) for r in rows]

    assert names(tmp_path / "a.sqlite3") == names(tmp_path / "b.sqlite3")


def test_demo_rejects_impossible_parameters(db: Database) -> None:
    with pytest.raises(ServiceError, match="managers"):
        generate_demo(db, customers=10, managers=1)
    with pytest.raises(ServiceError, match="password"):
        generate_demo(db, customers=10, password="short")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Staff)) == 0
