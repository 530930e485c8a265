"""The fast paths of the normalizers (clean cells of the usual forms, read without the
general steps) give exactly what the general paths give."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchcrm.domain import amounts, dates
from branchcrm.domain.idnumber import (
    _WEIGHTS,
    check_digit,
    make_resident_id,
    parse_resident_id,
)
from branchcrm.importers import normalize as nz
from branchcrm.importers import rows
from branchcrm.importers.table import detect_table

TODAY = dt.date(2026, 6, 15)


def _outcome(fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        return ("ok", fn(*args, **kw))
    except (ValueError, InvalidOperation) as exc:
        return ("error", type(exc).__name__, getattr(exc, "code", None), str(exc))


# ---------------------------------------------------------------- names


def test_plain_name_characters_are_left_alone_by_nfkc() -> None:
    changed = [
        hex(c) for c in range(0x4E00, 0xA000) if unicodedata.normalize("NFKC", chr(c)) != chr(c)
    ]
    assert changed == []


@given(
    st.text(alphabet="王丽张伟和平李娜 \u3000()（）老客户·Ab/、丽\uf900\u4e00\u9fff", max_size=8)
)
def test_a_plain_name_is_what_normalize_name_makes_of_it(raw: str) -> None:
    if nz.is_plain_name(raw):
        assert nz.normalize_name(raw) == nz.Normalized(nz.NameValue(raw, None), ())
        assert nz.name_key(raw) == raw


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1))
def test_names_of_chinese_characters_are_plain_unless_long_or_with_he(raw: str) -> None:
    assert nz.is_plain_name(raw) == (len(raw) <= 50 and "和" not in raw)
    if nz.is_plain_name(raw):
        assert nz.normalize_name(raw) == nz.Normalized(nz.NameValue(raw, None), ())


# ---------------------------------------------------------------- phones

phones = st.one_of(
    st.integers(-(10**12), 10**12),
    st.integers(12_999_999_990, 20_000_000_010),
    st.from_regex(r"1[0-9]{10}", fullmatch=True),
    st.from_regex(r"\s?(\+86|86)?1[3-9][0-9 \-]{9,11}\s?", fullmatch=True),
    st.booleans(),
    st.floats(1.3e10, 2e10),
)


@given(phones)
def test_a_plain_mobile_is_what_normalize_phones_makes_of_it(raw: Any) -> None:
    mobile = nz.plain_mobile(raw)
    if mobile is not None:
        notes = () if isinstance(raw, str) else (nz.NUMBER_CELL,)
        assert nz.normalize_phones(raw) == nz.Normalized(nz.Phones(mobile), notes)


# ---------------------------------------------------------------- dates

date_texts = st.one_of(
    st.from_regex(r"[0-9]{4}[./\-][0-9]{1,2}[./\-][0-9]{1,2}", fullmatch=True),
    st.from_regex(r"[0-9]{2,4}[./\-年][0-9]{1,3}[./\-月][0-9]{1,3}[日号]?", fullmatch=True),
    st.dates().map(lambda d: f"{d.year}.{d.month}.{d.day}"),
)


@given(date_texts, st.booleans())
def test_plain_dates_are_read_as_the_general_path_reads_them(raw: str, birth: bool) -> None:
    # A leading space keeps the text off the fast path (and is stripped by the general one).
    fast = _outcome(dates.parse_date_text, raw, birth=birth, today=TODAY)
    general = _outcome(dates.parse_date_text, " " + raw, birth=birth, today=TODAY)
    if general[0] == "error":
        general = (*general[:3], general[3].replace(repr(" " + raw), repr(raw)))
    assert fast == general
    plain = dates.plain_date(raw)
    if plain is not None:
        assert fast == ("ok", dates.ParsedDate(plain, plain.month, plain.day))


@given(st.dates(), st.dates(), st.booleans())
def test_is_plausible_agrees_with_check_plausible(d: dt.date, today: dt.date, birth: bool) -> None:
    ok = _outcome(dates.check_plausible, d, birth=birth, today=today)[0] == "ok"
    assert dates.is_plausible(d, birth=birth, today=today) == ok


# ---------------------------------------------------------------- identity numbers


def _check_digit_reference(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


@given(
    st.from_regex(r"[0-9]{17}", fullmatch=True)
    | st.text(alphabet="0123456789３٣", min_size=17, max_size=17)
)
def test_check_digit_of_ascii_and_other_digits(first17: str) -> None:
    assert check_digit(first17) == _check_digit_reference(first17)


ids = st.one_of(
    st.builds(
        make_resident_id,
        st.sampled_from(["330602", "110101", "440305"]),
        st.dates(dt.date(1870, 1, 1), dt.date(2030, 12, 31)),
        st.integers(0, 999),
    ),
    st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
    st.from_regex(
        r"[0-9]{6}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])[0-2][0-9][0-9]{3}[0-9X]", fullmatch=True
    ),
)


@given(ids)
def test_clean_ids_are_parsed_as_the_general_path_parses_them(raw: str) -> None:
    fast = _outcome(parse_resident_id, raw, today=TODAY)
    general = _outcome(parse_resident_id, f" {raw} ", today=TODAY)
    assert fast == general
    if fast[0] == "ok":
        assert nz.normalize_id(raw, today=TODAY) == nz.Normalized(
            nz.IdValue(raw, "resident_id", fast[1].birth_date, fast[1].gender)
        )


# ---------------------------------------------------------------- amounts


def _number_to_fen_reference(value: int, unit: int) -> int:
    amount = Decimal(value)
    fen = amounts.to_fen(amount * unit)
    if fen < 0:
        raise amounts.AmountError("amount_negative", f"amount is negative: {value!r}")
    return fen


units = st.sampled_from(sorted(set(amounts.UNITS.values())))
big_ints = st.one_of(
    st.integers(-(10**6), 10**9),
    st.integers(-(10**30), 10**30),
    st.integers(10**23, 10**25),
    st.integers(10**15, 10**17),
)


@given(big_ints, units)
def test_integer_amounts_are_exactly_the_decimal_ones(value: int, unit: int) -> None:
    assert _outcome(amounts.number_to_fen, value, unit=unit) == _outcome(
        _number_to_fen_reference, value, unit
    )


# ---------------------------------------------------------------- whole rows

HEADER = (
    "序号",
    "姓名",
    "手机",
    "身份证号码",
    "出生日期",
    "性别",
    "来行日期",
    "购买产品",
    "金额（万元）",
    "资产",
    "风险等级",
    "职业",
    "工作单位",
    "地址",
    "备注",
)
TABLE = detect_table([(1, HEADER)])

cells: dict[str, st.SearchStrategy[Any]] = {
    "name": st.one_of(
        st.text(alphabet="王丽张伟和平李娜 ()老客户A·/", max_size=6),
        st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=4),
        st.integers(0, 9),
    ),
    "phone": phones,
    "id": ids | st.integers(10**14, 10**18) | st.sampled_from(["33060219780503031x", "E1234567"]),
    "date": st.one_of(
        date_texts,
        st.datetimes(dt.datetime(1890, 1, 1), dt.datetime(2030, 12, 31)),
        st.dates(dt.date(1890, 1, 1), dt.date(2030, 12, 31)),
        st.sampled_from(["5月3日", "78-5-3", "2012/3/15 上午", "19780503", "3/4/2012"]),
        st.integers(-5, 60_000),
    ),
    "gender": st.sampled_from(["男", "女", "M", "x"]),
    "amount": st.one_of(
        big_ints,
        st.floats(-1e6, 1e12, allow_nan=False),
        st.sampled_from(["12.5万", "约5万", "3-5万", "-3", "¥1,200.50"]),
    ),
    "risk": st.sampled_from(["C1", "C3", "C5", "C6", "c2", "R2", "稳健型", " C4", "谨慎型"]),
    "text": st.one_of(
        st.text(alphabet="某公司路 \x00a\n", max_size=8),
        st.text(alphabet="ab", min_size=295, max_size=305),
        st.integers(0, 10),
        st.floats(0, 10),
    ),
}
KIND = ["name", "phone", "id", "date", "gender", "date", "text", "amount", "amount", "risk"]
KIND += ["text", "text", "text", "text"]


@st.composite
def notebook_rows(draw: Any) -> tuple[Any, ...]:
    values: list[Any] = [draw(st.integers(1, 9))]
    for kind in KIND:
        values.append(draw(st.none() | st.just("  ") | cells[kind]))
    return tuple(values)


@settings(max_examples=400)
@given(st.lists(notebook_rows(), min_size=1, max_size=3), st.sampled_from([TODAY, None]))
def test_normalize_row_fast_paths_give_what_the_general_paths_give(
    data: list[tuple[Any, ...]], today: dt.date | None
) -> None:
    assert TABLE is not None
    plan = rows.row_plan(TABLE)
    fast = [
        rows.normalize_row("f", "S", i + 2, v, TABLE, today=today, plan=plan)
        for i, v in enumerate(data)
    ]
    rows._FAST_PATHS = False
    try:
        general = [
            rows.normalize_row("f", "S", i + 2, v, TABLE, today=today, plan=plan)
            for i, v in enumerate(data)
        ]
    finally:
        rows._FAST_PATHS = True
    assert fast == general


def test_the_bench_header_maps_every_column() -> None:
    assert TABLE is not None
    assert [c.field for c in TABLE.columns][1:] == [
        "name",
        "phone",
        "id_number",
        "birthday",
        "gender",
        "contacts.date",
        "contacts.product",
        "contacts.amount_cny",
        "assets_cny",
        "risk_level",
        "occupation",
        "employer",
        "address",
        "contacts.note",
    ]


@pytest.mark.parametrize(
    "values",
    [
        (
            1,
            "陈杰刚",
            13051847156,
            "330602196901190008",
            "1969.01.19",
            "女",
            dt.datetime(2013, 3, 25),
        ),
        (2, "王丽", "13812345678", "330602196901190008", "1969.1.19", None, dt.date(2013, 3, 25)),
        (3, "王丽", 13812345678, "13912345678", None, None, None, "基金", 12, 3_428_366, "C4"),
        (4, "王和平安", 23812345678, "330602196901190009", "1969.02.30", "男", "2013.3.25"),
    ],
)
def test_typical_rows_the_same_either_way(values: tuple[Any, ...]) -> None:
    assert TABLE is not None
    fast = rows.normalize_row("f", "S", 2, values, TABLE, today=TODAY)
    rows._FAST_PATHS = False
    try:
        general = rows.normalize_row("f", "S", 2, values, TABLE, today=TODAY)
    finally:
        rows._FAST_PATHS = True
    assert fast == general
