"""A demo branch for the supervisors' screens: built once per test session, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from branchcrm.db import schema
from branchcrm.db.engine import make_engine
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui.gateway import Gateway
from branchcrm.services import auth
from branchcrm.services.demo import generate_demo

PASSWORD = "demo1234"


@dataclass
class Demo:
    db: Database

    def actor(self, login: str = "supervisor") -> Actor:
        with self.db.session() as s:
            return auth.sign_in(s, login, PASSWORD)

    def gateway(self, login: str = "supervisor") -> Gateway:
        return Gateway(self.db, self.actor(login))


@pytest.fixture(scope="session", name="demo_template")
def demo_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    schema.upgrade(engine, backup=False)
    db = Database(engine)
    generate_demo(db, customers=300, managers=6, months=12, password=PASSWORD)
    db.dispose()
    return path


@pytest.fixture(name="demo")
def demo_fixture(demo_template: Path, tmp_path: Path) -> Iterator[Demo]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    db = Database(make_engine(f"sqlite:///{path}"))
    try:
        yield Demo(db)
    finally:
        db.dispose()
