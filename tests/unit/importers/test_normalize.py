"""Normalizers keep what is certain and send everything else to review with a stable code."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchcrm.domain.idnumber import make_resident_id
from branchcrm.importers import normalize as nz

TODAY = dt.date(2026, 1, 15)


def codes(result: nz.Normalized[object]) -> list[str]:
    return [i.code for i in result.issues if i.review]


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("raw", "name", "note"),
    [
        ("王 丽", "王丽", None),
        ("张伟(老客户)", "张伟", "老客户"),
        ("张伟（老客户）", "张伟", "老客户"),
        ("  李娜 ", "李娜", None),
        ("張偉", "張偉", None),
        ("John  Smith", "John Smith", None),
    ],
)
def test_names_are_cleaned_and_notes_moved_out(raw: str, name: str, note: str | None) -> None:
    r = nz.normalize_name(raw)
    assert r.value == nz.NameValue(name, note)
    assert not r.needs_review


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "name_missing"),
        ("", "name_missing"),
        ("(老客户)", "name_missing"),
        ("张伟/李娜", "name_multiple"),
        ("王丽2", "name_suspect"),
    ],
)
def test_doubtful_names_go_to_review(raw: str | None, code: str) -> None:
    r = nz.normalize_name(raw)
    assert r.value is None
    assert code in codes(r)


@given(st.text(alphabet="王丽张伟李娜赵敏钱 ", min_size=1, max_size=8))
def test_name_never_keeps_spaces_between_chinese_characters(raw: str) -> None:
    r = nz.normalize_name(raw)
    if r.value is not None:
        assert " " not in r.value.name
        assert r.value.name == raw.replace(" ", "")


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(1978, 5, 3), dt.date(1978, 5, 3)),
        ("1978.5.3", dt.date(1978, 5, 3)),
        ("1978年5月3日", dt.date(1978, 5, 3)),
        ("78-5-3", dt.date(1978, 5, 3)),
        ("19780503", dt.date(1978, 5, 3)),
        (19780503, dt.date(1978, 5, 3)),
        (28613, dt.date(1978, 5, 3)),
        ("１９７８－０５－０３", dt.date(1978, 5, 3)),
    ],
)
def test_birth_dates_in_every_notebook_form(raw: object, expected: dt.date) -> None:
    r = nz.normalize_date(raw, birth=True, today=TODAY)
    assert r.value is not None and r.value.date == expected
    assert not r.needs_review


def test_month_day_is_a_birthday_without_year() -> None:
    r = nz.normalize_date("5月3日", birth=True, today=TODAY)
    assert r.value == nz.DateValue(None, 5, 3)


def test_month_day_is_not_a_visit_date() -> None:
    assert codes(nz.normalize_date("5月3日", today=TODAY)) == ["date_no_year"]


def test_visit_date_with_half_day_marker() -> None:
    r = nz.normalize_date("2012/3/15 上午", today=TODAY)
    assert r.value is not None and r.value.date == dt.date(2012, 3, 15)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1978.2.30", "date_invalid"),
        ("05-5-3", "date_two_digit_year"),
        ("3/5/1978", "date_ambiguous"),
        ("2030-01-01", "date_implausible"),
        ("1978.05", "date_no_day"),
        ("不详", "date_invalid"),
    ],
)
def test_uncertain_birth_dates_are_not_guessed(raw: str, code: str) -> None:
    r = nz.normalize_date(raw, birth=True, today=TODAY)
    assert r.value is None
    assert codes(r) == [code]


@given(st.dates(min_value=dt.date(1910, 1, 1), max_value=dt.date(2025, 12, 31)))
def test_any_real_date_round_trips_in_each_text_form(d: dt.date) -> None:
    for text in (
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d:%Y%m%d}",
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day} 下午",
    ):
        r = nz.normalize_date(text, birth=True, today=TODAY)
        assert r.value is not None and r.value.date == d, text


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "raw",
    [
        13812345678,
        13812345678.0,
        "13812345678.0",
        "1.3812345678E10",
        "138-1234-5678",
        "138 1234 5678",
        "１３８１２３４５６７８",
        "+86 138 1234 5678",
        "+8613812345678",
    ],
)
def test_mobile_in_every_form(raw: object) -> None:
    r = nz.normalize_phones(raw)
    assert r.value == nz.Phones("13812345678")
    assert not r.needs_review


def test_landline_goes_to_other_phones() -> None:
    assert nz.normalize_phones("0571-88001234").value == nz.Phones(None, ("057188001234",))


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("13812345678 13900001111", "phone_multiple"),
        ("13812345678/0571-88001234", "phone_multiple"),
        ("138****5678", "phone_masked"),
        ("1381234567", "phone_invalid"),
        ("88001234", "phone_no_area_code"),
        ("1.38123E+10", "phone_destroyed"),
    ],
)
def test_uncertain_phones_go_to_review(raw: str, code: str) -> None:
    r = nz.normalize_phones(raw)
    assert r.value is None
    assert codes(r) == [code]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_any_mobile_survives_number_cells_and_formatting(mobile: str) -> None:
    for raw in (
        mobile,
        float(mobile),
        int(mobile),
        f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
        "+86" + mobile,
        mobile.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ):
        assert nz.normalize_phones(raw).value == nz.Phones(mobile), raw


# ---------------------------------------------------------------- identity numbers

ID = make_resident_id("330602", dt.date(1978, 5, 3), 123)


def test_valid_id_gives_birth_date_and_gender() -> None:
    r = nz.normalize_id(ID, today=TODAY)
    assert r.value == nz.IdValue(ID, "resident_id", dt.date(1978, 5, 3), "M")


def test_fifteen_digit_id_is_upgraded_and_the_change_recorded() -> None:
    r = nz.normalize_id("330602780503123", today=TODAY)
    assert r.value is not None and r.value.number == ID
    assert [i.code for i in r.issues] == ["id_upgraded"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (3.30602197805031e17, "id_destroyed"),
        ("3.30602197805031E+17", "id_destroyed"),
        (330602197805031000, "id_destroyed"),
        (ID[:-1] + ("0" if ID[-1] != "0" else "1"), "id_bad_check"),
        ("330602197802301234", "id_bad_date"),
        ("E12345678", "id_other_document"),
        ("12345", "id_bad_format"),
    ],
)
def test_doubtful_ids_go_to_review(raw: object, code: str) -> None:
    r = nz.normalize_id(raw, today=TODAY)
    assert r.value is None
    assert codes(r) == [code]


@given(
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2005, 12, 31)), st.integers(0, 999)
)
def test_any_valid_id_is_accepted_with_lower_case_x_and_spaces(birth: dt.date, seq: int) -> None:
    number = make_resident_id("110101", birth, seq)
    typed = f"{number[:6]} {number[6:14]} {number[14:]}".lower()
    r = nz.normalize_id(typed, today=TODAY)
    assert r.value is not None and r.value.number == number and r.value.birth_date == birth


@given(st.integers(10**17, 10**18 - 1))
def test_no_number_cell_of_18_digits_is_ever_accepted(n: int) -> None:
    assert codes(nz.normalize_id(float(n), today=TODAY)) == ["id_destroyed"]


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("raw", "unit", "fen"),
    [
        ("5万", 1, 5_000_000),
        ("50w", 1, 50_000_000),
        ("¥120,000.00", 1, 12_000_000),
        ("12.5万元", 1, 12_500_000),
        (5, 10_000, 5_000_000),
        ("5", 10_000, 5_000_000),
        ("5万", 10_000, 5_000_000),
        (0.1, 1, 10),
        ("0", 1, 0),
    ],
)
def test_amounts(raw: object, unit: int, fen: int) -> None:
    r = nz.normalize_amount(raw, unit=unit)
    assert (r.value, codes(r)) == (fen, [])


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("约30万", "amount_approximate"),
        ("30多万", "amount_approximate"),
        ("30-50万", "amount_range"),
        (-5, "amount_negative"),
        ("-5", "amount_negative"),
        ("很多", "amount_invalid"),
    ],
)
def test_uncertain_amounts_go_to_review(raw: object, code: str) -> None:
    r = nz.normalize_amount(raw)
    assert r.value is None and codes(r) == [code]


def test_blank_amount_is_simply_unknown() -> None:
    assert nz.normalize_amount("  ") == nz.Normalized(None)


@given(st.integers(0, 10**12))
def test_amount_text_round_trips_through_fen(fen: int) -> None:
    text = f"¥{fen // 100:,}.{fen % 100:02d}"
    assert nz.normalize_amount(text).value == fen


@given(st.decimals(min_value=0, max_value=100_000, places=2))
def test_wan_amounts_are_exact(wan: object) -> None:
    r = nz.normalize_amount(f"{wan}万")
    assert r.value == int(wan * 1_000_000)  # type: ignore[operator]


# ---------------------------------------------------------------- risk and text


@pytest.mark.parametrize(
    ("raw", "level"),
    [("C3", "C3"), ("c1", "C1"), ("稳健型", "C2"), ("进取型", "C5"), ("C4(成长型)", "C4")],
)
def test_risk_levels(raw: str, level: str) -> None:
    assert nz.normalize_risk(raw).value == level


def test_unknown_risk_word_is_not_mapped() -> None:
    assert codes(nz.normalize_risk("谨慎型")) == ["risk_unknown"]


def test_long_text_is_cut_and_reviewed() -> None:
    r = nz.normalize_text("x" * 400, max_len=300)
    assert r.value == "x" * 300 and codes(r) == ["text_too_long"]
