"""Header detection and column mapping on messy notebook sheets."""

from __future__ import annotations

from branchcrm.importers.table import detect_table, field_for, is_subtotal


def test_title_rows_and_two_row_grouped_header() -> None:
    rows = [
        (1, ("2012年大堂客户登记本（王丽）",) * 6),
        (3, ("序号", "客户信息", "客户信息", "客户信息", "购买情况", "购买情况")),
        (4, (None, "姓名", "手机", "身份证号码", "产品", "金额（万元）")),
        (5, (1, "王丽", "13812345678", None, "理财", 5)),
    ]
    t = detect_table(rows)
    assert t is not None and t.header_rows == (3, 4) and t.first_data_row == 5
    assert [c.field for c in t.columns] == [
        "seq",
        "name",
        "phone",
        "id_number",
        "contacts.product",
        "contacts.amount_cny",
    ]
    assert t.columns[5].unit == 10_000


def test_synonyms_chinese_and_english() -> None:
    expect = {
        "客户姓名": "name",
        "户名": "name",
        "联系电话": "phone",
        "手机号码": "phone",
        "证件号码": "id_number",
        "出生日期": "birthday",
        "存款余额": "assets_cny",
        "购买金额": "contacts.amount_cny",
        "购买产品": "contacts.product",
        "到访时间": "contacts.date",
        "情况记录": "contacts.note",
        "风险等级": "risk_level",
        "风险偏好": "risk_level",
        "工作单位": "employer",
        "职业": "occupation",
        "家庭住址": "address",
        "Customer Name": "name",
        "Mobile": "phone",
        "Date of birth": "birthday",
        "Remarks": "contacts.note",
    }
    assert {k: field_for(k) for k in expect} == expect


def test_general_words_inside_other_labels_do_not_map() -> None:
    assert field_for("客户经理") is None
    assert field_for("paid") is None


def test_instruction_sheet_is_not_a_table() -> None:
    assert detect_table([(1, ("本登记本用于记录大堂来访客户",)), (2, ("请勿修改表头",))]) is None


def test_saved_mapping_wins_over_guessing() -> None:
    rows = [(1, ("姓名", "电话", "甲")), (2, ("王丽", "138", "x"))]
    guessed = detect_table(rows)
    assert guessed is not None and guessed.columns[2].field is None
    saved = {guessed.signature: {"columns": {"2": "address"}}}
    t = detect_table(rows, saved=saved)
    assert t is not None and t.columns[2].field == "address"


def test_subtotal_rows() -> None:
    assert is_subtotal(("合计", None, 100))
    assert is_subtotal((None, "小 计", 100))
    assert not is_subtotal(("王丽", "合计购买三次"))
