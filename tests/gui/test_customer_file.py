"""Customer file: header, tabs, audited reveal, validated edits and conflict resolution."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.gui.conflict_dialog import ConflictDialog
from branchcrm.gui.customer_file import CustomerFileWindow
from branchcrm.services import customers
from tests.gui.conftest import World


def _open(qtbot: QtBot, world: World, name: str = "张伟", actor: str = "m1") -> CustomerFileWindow:
    window = CustomerFileWindow(world.gateway(getattr(world.branch, actor)), world.customers[name])
    qtbot.addWidget(window)
    window.show()
    return window


def test_header_and_tabs(qtbot: QtBot, world: World, qtmodeltester: Any) -> None:
    window = _open(qtbot, world, "王芳")
    assert window.name.text() == "王芳"
    assert window.phone_label.text() == "139****9001"
    assert "王经理" in window.summary.text() and "VIP" in window.summary.text()
    assert "missing" in window.completeness.text()
    contacts = window.tables["contacts"][1]
    assert [r.summary for r in contacts.rows] == ["咨询理财"]
    assert [r.reason for r in window.tables["reminders"][1].rows] == ["later call"]
    assert window.tables["team"][1].rows[0].staff_login == "m1"
    assert window.tabs.isTabEnabled(6)
    for _view, model in window.tables.values():
        qtmodeltester.check(model)
    assert window.form.widgets["name"].isReadOnly()  # type: ignore[attr-defined]


def test_reveal_is_audited(qtbot: QtBot, world: World) -> None:
    window = _open(qtbot, world)
    window.show_phone.click()
    assert window.phone_label.text() == "13800138000"
    with world.db.session() as s:
        actions = list(
            s.scalars(
                select(m.AuditLog.action).where(
                    m.AuditLog.entity == "customer", m.AuditLog.entity_id == str(window.customer_id)
                )
            )
        )
    assert "reveal" in actions


def test_lobby_cannot_reveal_nor_read_changes(qtbot: QtBot, world: World) -> None:
    window = _open(qtbot, world, actor="lobby")
    assert not window.show_phone.isEnabled()
    assert not window.tabs.isTabEnabled(6)


def test_edit_validates_and_saves(qtbot: QtBot, world: World) -> None:
    window = _open(qtbot, world)
    window.start_edit()
    form = window.form
    id_edit = form.widgets["id_number"]
    good = id_edit.text()  # type: ignore[attr-defined]
    assert len(good) == 18 and "*" not in good  # unmasked for editing
    id_edit.setText(good[:-1] + ("0" if good[-1] != "0" else "1"))  # type: ignore[attr-defined]
    form._changed()
    assert form.errors["id_number"].isVisible()
    assert not window.save_button.isEnabled()
    id_edit.setText(good)  # type: ignore[attr-defined]
    form.widgets["birth_date"].setText("1980-01-01")  # type: ignore[attr-defined]
    form._changed()
    assert form.errors["birth_date"].isVisible()  # disagrees with the ID's birth date
    form.widgets["birth_date"].setText("1978-05-03")  # type: ignore[attr-defined]
    form.widgets["address"].setText("杭州市西湖区文三路 1 号")  # type: ignore[attr-defined]
    form._changed()
    assert window.save_button.isEnabled()
    with qtbot.waitSignal(window.saved, timeout=3000):
        assert window.save()
    assert not window.editing
    with world.db.session(world.branch.m1) as s:
        cf = customers.get_customer(s, world.branch.m1, window.customer_id)
    assert cf.values["address"] == "杭州市西湖区文三路 1 号"
    assert str(cf.values["birth_date"]) == "1978-05-03"


def test_conflict_shows_both_versions_and_keeps_every_choice(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, world)
    window.start_edit()
    cid = window.customer_id
    # A colleague (the supervisor) saves first: occupation and address.
    sup = world.branch.supervisor
    with world.db.session(sup) as s:
        version, _values = customers.editable_values(s, sup, cid)
        customers.update_customer(s, sup, cid, version, {"occupation": "医生", "address": "上海市"})
    form = window.form
    form.widgets["occupation"].setText("工程师")  # type: ignore[attr-defined]
    form.widgets["employer"].setText("某某公司")  # type: ignore[attr-defined]
    form._changed()
    shown: list[ConflictDialog] = []

    def choose(dialog: ConflictDialog) -> int:
        shown.append(dialog)
        assert set(dialog.fields) == {"occupation", "address", "employer"}
        mine, theirs = dialog.choices["occupation"]
        assert mine.text() == "工程师" and theirs.text() == "医生"
        assert mine.isChecked()  # I changed it: mine by default
        assert dialog.choices["address"][1].isChecked()  # only they changed it
        dialog.choose("occupation", "theirs")
        dialog.choose("address", "theirs")
        return int(ConflictDialog.DialogCode.Accepted)

    monkeypatch.setattr(ConflictDialog, "exec", choose)
    assert window.save()
    assert shown
    with world.db.session(world.branch.m1) as s:
        _v, values = customers.editable_values(s, world.branch.m1, cid)
    assert values["occupation"] == "医生"
    assert values["address"] == "上海市"
    assert values["employer"] == "某某公司"


def test_conflict_dialog_lists_only_differing_fields() -> None:
    from branchcrm.gui.conflict_dialog import conflicting_fields

    base = {"name": "A", "mobile": "1", "address": "x"}
    assert conflicting_fields(base, {"name": "B"}, {**base, "name": "B"}) == []
    assert conflicting_fields(base, {"name": "B"}, {**base, "mobile": "2"}) == ["name", "mobile"]


def test_family_tab_links_a_relative_found_by_name_and_shows_the_tie(
    qtbot: QtBot, world: World, qtmodeltester: Any
) -> None:
    from branchcrm.gui.relation_dialog import RelationDialog
    from tests.gui.conftest import type_text

    window = _open(qtbot, world, "张伟")
    dialog = RelationDialog(window.gateway, window.customer_id, "张伟", window)
    qtbot.addWidget(dialog)
    type_text(dialog.search, "王芳")
    dialog.look_up()
    assert [dialog.results.item(i).text() for i in range(dialog.results.count())] == [
        "王芳 · 139****9001"
    ]
    dialog.kind.setCurrentIndex(dialog.kind.findData("spouse"))
    dialog.note.setText("在医院工作")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    window.reload()
    family = window.tables["family"][1]
    qtmodeltester.check(family)
    assert [(r.name, r.kind, r.note) for r in family.rows] == [("王芳", "spouse", "在医院工作")]

    again = RelationDialog(window.gateway, window.customer_id, "张伟", window)
    qtbot.addWidget(again)
    type_text(again.search, "王芳")
    again.look_up()
    again.kind.setCurrentIndex(again.kind.findData("spouse"))
    again.save()
    assert again.result() != again.DialogCode.Accepted
    assert "already recorded" in again.message.text()


def test_relatives_outside_ones_portfolio_are_not_offered(qtbot: QtBot, world: World) -> None:
    from branchcrm.gui.relation_dialog import RelationDialog
    from tests.gui.conftest import type_text

    window = _open(qtbot, world, "张伟")
    dialog = RelationDialog(window.gateway, window.customer_id, "张伟", window)
    qtbot.addWidget(dialog)
    type_text(dialog.search, "刘洋")  # m2's customer
    dialog.look_up()
    assert dialog.results.count() == 0
    assert dialog.message.text() == "No customer you may see matches."
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_removing_a_relative_asks_first_and_opening_one_is_a_double_click(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from branchcrm.services import relationships

    with world.db.session(world.branch.m1) as s:
        relationships.link(
            s, world.branch.m1, world.customers["张伟"], world.customers["李娜"], "child"
        )
    window = _open(qtbot, world, "张伟")
    view, family = window.tables["family"]
    assert [(r.name, r.kind) for r in family.rows] == [("李娜", "child")]
    with qtbot.waitSignal(window.open_customer_requested) as opened:
        view.doubleClicked.emit(family.index(0, 1))
    assert opened.args == [world.customers["李娜"]]
    view.selectRow(0)
    assert window.remove_relation_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    window.remove_relation_button.click()
    assert len(family.rows) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.remove_relation_button.click()
    assert family.rows == []


def test_lobby_staff_see_relatives_but_cannot_change_them(qtbot: QtBot, world: World) -> None:
    window = _open(qtbot, world, actor="lobby")
    assert not window.add_relation_button.isEnabled()
