"""The review queue screen: its model, fix with inline validation, accept, dismiss, conflicts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.gui.review_queue import ReviewModel, ReviewQueuePage
from branchcrm.importers import grid, review
from tests.factories import resident_id
from tests.gui.conftest import World, type_text

SHOTS = os.environ.get("BRANCHCRM_SHOTS")

ROWS = [
    [
        "赵敏",
        "138****5678",
        resident_id(1980, 2, 3, 11),
        "1980-02-03",
        "2012-3-15",
        "定期",
        "5万",
        "",
    ],
    ["钱多多", "13812345678 / 13987654321", "", "5月3日", "", "", "30-50万", ""],
    ["孙丽", "13700001234", "3.30602197805031E+17", "", "2013年4月2日", "", "", ""],
    ["", "13600001234", "", "", "", "", "", "无名"],
]


@pytest.fixture
def batch(world: World) -> int:
    result = grid.save_grid(world.db, world.branch.m1, ROWS, owner_login="m1", title="笔记本2012")
    assert result.batch_id
    return result.batch_id


def page_for(world: World, qtbot: QtBot, batch_id: int | None) -> ReviewQueuePage:
    page = ReviewQueuePage(world.gateway(world.branch.m1), batch_id)
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    page.refresh()
    return page


def select_field(page: ReviewQueuePage, field: str) -> None:
    row = next(i for i, r in enumerate(page.model.rows) if r.field == field)
    page.table.selectRow(row)


def test_model_matches_the_service(world: World, batch: int, qtbot: QtBot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = page_for(world, qtbot, batch)
    with world.db.session(world.branch.m1) as s:
        expected = review.list_open(s, world.branch.m1, batch_id=batch)
    assert [r.id for r in page.model.rows] == [r.id for r in expected] and expected
    qtmodeltester.check(page.model, force_py=True)
    assert page.model.index(0, 0).data() == "笔记本2012.csv"
    assert "open item" in page.title.text() and str(batch) in page.title.text()
    if SHOTS:
        page.grab().save(str(Path(SHOTS) / "review-queue.png"))


def test_empty_model_and_degenerate(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ReviewModel()
    qtmodeltester.check(model, force_py=True)
    assert model.remove(42) is None and model.row_at(0) is None


def test_fix_shows_validation_inline_then_saves(world: World, batch: int, qtbot: QtBot) -> None:
    page = page_for(world, qtbot, batch)
    select_field(page, "mobile")
    item = page.current()
    assert item is not None and item.raw == "138****5678" and page.fix_button.isEnabled()
    assert page.value.text() == "138****5678"
    page.value.clear()
    type_text(page.value, "12345")
    assert not page.fix()
    assert page.error.text() and page.current() == item
    page.value.clear()
    type_text(page.value, "13812345670")
    with qtbot.waitSignal(page.resolved) as sig:
        qtbot.keyClick(page.value, "\r")
    assert sig.args == [item.id, "fixed"]
    assert all(r.id != item.id for r in page.model.rows)
    with world.db.session(world.branch.m1) as s:
        c = s.get(m.Customer, item.customer_id)
        assert c is not None and c.mobile == "13812345670"


def test_accept_and_dismiss(world: World, batch: int, qtbot: QtBot) -> None:
    page = page_for(world, qtbot, batch)
    n = len(page.model.rows)
    first = page.current()
    assert first is not None
    qtbot.mouseClick(page.accept_button, qtbot_button())
    second = page.current()
    assert second is not None and second.id != first.id
    page.dismiss()
    assert len(page.model.rows) == n - 2
    with world.db.session(world.branch.m1) as s:
        states = dict(s.execute(select(m.ReviewItem.id, m.ReviewItem.status)).all())
    assert states[first.id] == "accepted" and states[second.id] == "dismissed"


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_item_without_customer_cannot_be_fixed(world: World, batch: int, qtbot: QtBot) -> None:
    page = page_for(world, qtbot, batch)
    row = next(i for i, r in enumerate(page.model.rows) if r.customer_id is None)
    page.table.selectRow(row)
    assert not page.fix_button.isEnabled() and not page.value.isEnabled()
    assert page.accept_button.isEnabled() and not page.open_button.isEnabled()
    assert not page.fix()


def test_conflict_reloads(world: World, batch: int, qtbot: QtBot) -> None:
    page = page_for(world, qtbot, batch)
    item = page.current()
    assert item is not None
    with world.db.session(world.branch.m1) as s:
        review.dismiss(s, world.branch.m1, item.id, item.version)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    assert not page.accept()
    assert messages and all(r.id != item.id for r in page.model.rows)


def test_whole_queue_and_empty_queue(world: World, qtbot: QtBot) -> None:
    page = page_for(world, qtbot, None)
    assert page.model.rowCount() == 0 and not page.accept_button.isEnabled()
    assert not page.accept() and not page.dismiss()
