"""New customer (duplicate warning, completeness) and contact capture (follow-up reminder)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from branchcrm.gui.log_contact import LogContactDialog
from branchcrm.gui.new_customer import NewCustomerDialog
from branchcrm.services import customers, reminders
from tests.gui.conftest import World, type_text


def test_new_customer_warns_of_a_duplicate_as_you_type(qtbot: QtBot, world: World) -> None:
    dialog = NewCustomerDialog(world.gateway(world.branch.m1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Mobile" in dialog.completeness.text()
    type_text(dialog.name, "张伟")
    qtbot.keyClicks(dialog.mobile, "13800138000")
    qtbot.waitUntil(lambda: bool(dialog.duplicates), timeout=3000)
    assert dialog.duplicates[0].customer_id == world.customers["张伟"]
    assert dialog.duplicate_list.isVisible()
    assert "138****8000" in dialog.duplicate_list.item(0).text()
    assert "same phone" in dialog.duplicate_list.item(0).text()
    assert "Possible duplicate" in dialog.duplicate_label.text()


def test_walk_in_with_name_and_phone_is_created(qtbot: QtBot, world: World) -> None:
    dialog = NewCustomerDialog(world.gateway(world.branch.m1))
    qtbot.addWidget(dialog)
    type_text(dialog.name, "孙丽")
    qtbot.keyClicks(dialog.mobile, "13811112222")
    missing = dialog.completeness.text()
    assert "ID number" in missing and "Address" in missing and "Mobile" not in missing
    dialog.check_duplicates()
    assert dialog.duplicates == []
    with qtbot.waitSignal(dialog.created, timeout=3000) as blocker:
        dialog.create_button.click()
    cid = blocker.args[0]
    with world.db.session(world.branch.m1) as s:
        cf = customers.get_customer(s, world.branch.m1, cid)
    assert cf.values["name"] == "孙丽" and cf.primary is not None
    assert cf.primary.login == "m1"


def test_lobby_must_choose_the_manager_and_bad_phone_is_refused(qtbot: QtBot, world: World) -> None:
    dialog = NewCustomerDialog(world.gateway(world.branch.lobby))
    qtbot.addWidget(dialog)
    type_text(dialog.name, "周涛")
    qtbot.keyClicks(dialog.mobile, "12345")
    dialog.create_button.click()
    assert dialog.created_id is None
    assert "Primary manager" in dialog.errors.text() and "Mobile" in dialog.errors.text()
    dialog.mobile.setText("13822223333")
    dialog.manager.setCurrentIndex(dialog.manager.findData(world.branch.m2.staff_id))
    dialog.create_button.click()
    assert dialog.created_id is not None


def test_contact_with_follow_up_becomes_a_reminder(qtbot: QtBot, world: World) -> None:
    cid = world.customers["张伟强"]
    dialog = LogContactDialog(world.gateway(world.branch.m1), cid)
    qtbot.addWidget(dialog)
    assert dialog.who.text() == "张伟强" and not dialog.search.isVisible()
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
    type_text(dialog.summary, "电话回访，客户关注大额存单")
    type_text(dialog.needs, "大额存单")
    due = dt.date.today() + dt.timedelta(days=5)
    dialog.follow_up_on.setChecked(True)
    dialog.follow_up.setDate(QDate(due.year, due.month, due.day))
    dialog.satisfaction.setCurrentIndex(dialog.satisfaction.findData(5))
    with qtbot.waitSignal(dialog.logged, timeout=3000):
        dialog.save_button.click()
    with world.db.session(world.branch.m1) as s:
        rows = reminders.for_customer(s, world.branch.m1, cid)
    follow = [r for r in rows if r.kind == "follow_up"]
    assert len(follow) == 1 and follow[0].due_date == due


def test_contact_asks_for_the_customer_by_search(qtbot: QtBot, world: World) -> None:
    dialog = LogContactDialog(world.gateway(world.branch.m1), None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.search.isVisible()
    type_text(dialog.summary, "到店")
    dialog.save_button.click()
    assert dialog.error.text() == "Choose the customer first."
    type_text(dialog.search, "李娜")
    dialog.run_search()
    assert dialog.results.count() == 1
    assert dialog.customer_id == world.customers["李娜"]
    with qtbot.waitSignal(dialog.logged, timeout=3000):
        dialog.save_button.click()
