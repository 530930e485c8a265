"""Small builders for tests: a branch with staff who can sign in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.idnumber import make_resident_id
from branchcrm.services import auth, customers, staff

PASSWORD = "secret-pass-1"


@dataclass
class Branch:
    db: Database
    admin: Actor
    supervisor: Actor
    lobby: Actor
    m1: Actor
    m2: Actor
    m3: Actor

    def sign_in(self, login: str) -> Actor:
        with self.db.session() as s:
            return auth.sign_in(s, login, PASSWORD)

    def customer(self, actor: Actor, name: str = "张伟", **values: object) -> int:
        with self.db.session(actor) as s:
            return customers.create_customer(s, actor, {"name": name, **values})


def make_branch(db: Database) -> Branch:
    with db.session() as s:
        staff.add_staff(s, None, login="admin", name="管理员", roles=["admin"], password=PASSWORD)
    with db.session() as s:
        admin = auth.sign_in(s, "admin", PASSWORD)
    people = [
        ("sup", "周主管", ["supervisor"]),
        ("lobby", "大堂李", ["lobby"]),
        ("m1", "王经理", ["manager"]),
        ("m2", "刘经理", ["manager"]),
        ("m3", "陈经理", ["manager"]),
    ]
    with db.session(admin) as s:
        for login, name, roles in people:
            staff.add_staff(s, admin, login=login, name=name, roles=roles, password=PASSWORD)
    actors = {}
    for login, _, _ in people:
        with db.session() as s:
            actors[login] = auth.sign_in(s, login, PASSWORD)
    return Branch(
        db, admin, actors["sup"], actors["lobby"], actors["m1"], actors["m2"], actors["m3"]
    )


def resident_id(year: int = 1978, month: int = 5, day: int = 3, seq: int = 31) -> str:
    return make_resident_id("330602", dt.date(year, month, day), seq)
