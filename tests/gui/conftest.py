"""GUI specs run offscreen against a real migrated SQLite database; Qt warnings fail them."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.settings import Settings
from branchcrm.services import contacts, reminders
from branchcrm.tasks import TaskRunner
from tests.factories import Branch, make_branch, resident_id

GUI_DIR = Path(__file__).resolve().parent
# Messages of the offscreen platform itself, not of our code.
PLATFORM_NOISE = (
    r"This plugin does not support",
    r"propagateSizeHints",
    r"QFont::setPointSizeF",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*PLATFORM_NOISE))


@dataclass
class World:
    db: Database
    branch: Branch
    customers: dict[str, int]

    def gateway(self, actor: Actor) -> Gateway:
        return Gateway(self.db, actor)


@pytest.fixture
def world(sqlite_db: Database) -> World:
    """A branch: m1 serves five customers, m2 two; reminders and contacts for m1."""
    branch = make_branch(sqlite_db)
    ids = {
        "张伟": branch.customer(
            branch.m1,
            "张伟",
            mobile="13800138000",
            id_number=resident_id(1978, 5, 3, 31),
            occupation="教师",
            tags=["代发"],
        ),
        "王芳": branch.customer(branch.m1, "王芳", mobile="13900139001", tags=["VIP"]),
        "李娜": branch.customer(branch.m1, "李娜", mobile="13700137002", risk_level="C3"),
        "张伟强": branch.customer(branch.m1, "张伟强", mobile="13600136003"),
        '=HYPERLINK("x")': branch.customer(branch.m1, '=HYPERLINK("x")', mobile="13500135004"),
        "刘洋": branch.customer(branch.m2, "刘洋", mobile="13400134005"),
        "陈静": branch.customer(branch.m2, "陈静", mobile="13300133006"),
    }
    today = dt.date.today()
    with sqlite_db.session(branch.m1) as s:
        contacts.log_contact(s, branch.m1, ids["王芳"], channel="visit", summary="咨询理财")
        reminders.add_task(
            s, branch.m1, ids["张伟"], due=today - dt.timedelta(days=2), reason="overdue call"
        )
        reminders.add_task(s, branch.m1, ids["李娜"], due=today, reason="today call")
        reminders.add_task(
            s,
            branch.m1,
            ids["王芳"],
            due=today + dt.timedelta(days=3),
            reason="later call",
            kind="maturity",
        )
    return World(sqlite_db, branch, ids)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.cancel_all()
    runner.wait(10000)


def type_text(widget: QWidget, text: str) -> None:
    """Commit text through the input method: ``qtbot.keyClicks`` aborts on Chinese."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
