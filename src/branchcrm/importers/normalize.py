"""Normalizers for notebook cells: each returns the value it is sure of plus what it noticed.

An :class:`Issue` with ``review=True`` means the value was *not* used: a person must look.
``review=False`` records a change that was made (inner spaces removed, a 15-digit ID
upgraded), so the report can show what the import did to a cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

from branchcrm.domain import amounts, dates
from branchcrm.domain.idnumber import IdNumberError, parse_resident_id
from branchcrm.domain.phone import PhoneError, is_mobile, normalize_phone

T = TypeVar("T")
EXCEL_CELL_LIMIT = 32_767


@dataclass(frozen=True)
class Issue:
    code: str
    reason: str
    review: bool = True


@dataclass(frozen=True)
class Normalized(Generic[T]):
    value: T | None
    issues: tuple[Issue, ...] = ()

    @property
    def needs_review(self) -> bool:
        return any(i.review for i in self.issues)


def _ok(value: T | None, *notes: Issue) -> Normalized[T]:
    return Normalized(value, tuple(notes))


def _review(code: str, reason: str, *more: Issue) -> Normalized[Any]:
    return Normalized(None, (Issue(code, reason), *more))


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    return isinstance(raw, str) and not raw.strip()


def cell_text(raw: Any) -> str:
    """A cell as text: whole floats lose their ``.0``; NFKC makes full-width ASCII half-width."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.isoformat(sep=" ")
    return unicodedata.normalize("NFKC", str(raw)).strip()


# ---------------------------------------------------------------- names

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOTE = re.compile(r"\s*[(\[【〔{<《]([^()\[\]【】〔〕{}<>《》]*)[)\]】〕}>》]\s*")
_MULTI = re.compile(r"[/、,，;；&＆]|\s和\s|(?<=[\u4e00-\u9fff])和(?=[\u4e00-\u9fff]{2,})")
_NAME_OK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaffA-Za-z·•.'\- ]+$")


@dataclass(frozen=True)
class NameValue:
    name: str
    note: str | None = None


def normalize_name(raw: Any) -> Normalized[NameValue]:
    """``王 丽`` -> ``王丽``; ``张伟(老客户)`` -> name ``张伟`` with note ``老客户``.

    Traditional characters are kept exactly as typed: a name is a legal identity string and
    conversion is lossy (乾/干, 后/後), so matching compares what was written.
    """
    if is_blank(raw):
        return _review("name_missing", "no name")
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    notes: list[str] = []

    def _keep(m: re.Match[str]) -> str:
        if m[1].strip():
            notes.append(m[1].strip())
        return " "

    text = _NOTE.sub(_keep, text).strip()
    issues: list[Issue] = []
    if notes:
        issues.append(Issue("name_note", f"note {'; '.join(notes)!r} moved out of the name", False))
    if _CJK.search(text):
        squeezed = re.sub(r"(?<=[^A-Za-z])\s+|\s+(?=[^A-Za-z])", "", text)
        if squeezed != text:
            issues.append(Issue("name_spaces", "spaces inside the name removed", False))
        text = squeezed
    else:
        text = re.sub(r"\s+", " ", text)
    note = "; ".join(notes) or None
    if not text:
        return Normalized(None, (Issue("name_missing", "no name, only a note"), *issues))
    if _MULTI.search(text):
        return Normalized(
            None, (Issue("name_multiple", f"more than one person in the name cell: {raw!r}"),)
        )
    if not _NAME_OK.match(text) or len(text) > 50:
        return Normalized(None, (Issue("name_suspect", f"does not look like a name: {raw!r}"),))
    return Normalized(NameValue(text, note), tuple(issues))


# A name of Chinese characters only (no 和, which may join two names): NFKC leaves these
# characters as they are, so normalize_name returns it as it is, without a note or an issue,
# and its name_key is itself.
_PLAIN_NAME = re.compile(r"[\u4e00-\u9fff]{1,50}")


def is_plain_name(raw: str) -> bool:
    """Whether ``normalize_name(raw)`` is ``raw`` itself, with no note and no issue (and
    ``name_key(raw)`` is ``raw``); ``False`` says nothing."""
    return _PLAIN_NAME.fullmatch(raw) is not None and "和" not in raw


def name_key(name: str) -> str:
    """The form names are compared in: no spaces, lower case, NFKC."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).lower()


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class DateValue:
    date: dt.date | None
    month: int
    day: int


_DATE_COMPACT = re.compile(r"(19|20)\d{6}")


def normalize_date(
    raw: Any, *, birth: bool = False, today: dt.date | None = None
) -> Normalized[DateValue]:
    """Excel dates, serial numbers and the text forms of :mod:`branchcrm.domain.dates`.

    A month-day without a year is a value only for birthdays; for a visit it goes to review.
    """
    if is_blank(raw):
        return _ok(None)
    today = today or dt.date.today()
    notes: list[Issue] = []
    try:
        if isinstance(raw, dt.datetime):
            d: dt.date | None = raw.date()
        elif isinstance(raw, dt.date):
            d = raw
        elif isinstance(raw, dt.time):
            return _review("date_invalid", f"a time of day, not a date: {raw!r}")
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            text = cell_text(raw)
            if _DATE_COMPACT.fullmatch(text):
                d = dates.parse_date_text(text, birth=birth, today=today).date
            else:
                d = dates.from_excel_serial(float(raw))
                notes.append(Issue("date_serial", f"number {text} read as Excel date {d}", False))
        else:
            parsed = dates.parse_date_text(str(raw), birth=birth, today=today)
            if parsed.note:
                notes.append(Issue("date_interpreted", parsed.note, False))
            if parsed.date is None:
                if birth:
                    return _ok(DateValue(None, parsed.month, parsed.day), *notes)
                return _review("date_no_year", f"date has no year: {raw!r}")
            d = parsed.date
        assert d is not None
        dates.check_plausible(d, birth=birth, today=today)
    except dates.DateError as exc:
        return _review(exc.code, str(exc))
    return _ok(DateValue(d, d.month, d.day), *notes)


# ---------------------------------------------------------------- phones


@dataclass(frozen=True)
class Phones:
    mobile: str | None
    others: tuple[str, ...] = ()


_SCI = re.compile(r"^([+-]?)(\d)(?:\.(\d+))?[eE]\+?(\d+)$")
NUMBER_CELL = Issue("phone_number_cell", "phone was stored as a number", False)
# A mobile typed cleanly, or stored as a number: normalize_phones takes it as it is.
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)
_MOBILE_MIN, _MOBILE_MAX = 13_000_000_000, 19_999_999_999


def plain_mobile(raw: Any) -> str | None:
    """The mobile of a cell holding one as 11 ASCII digits (text) or as an integer; then
    ``normalize_phones(raw)`` is that mobile, with :data:`NUMBER_CELL` for a number cell
    and no issue for text. ``None`` says nothing."""
    t = type(raw)
    if t is str:
        return raw if _PLAIN_MOBILE.fullmatch(raw) else None
    if t is int and _MOBILE_MIN <= raw <= _MOBILE_MAX:
        return str(raw)
    return None


_PHONE_SPLIT = re.compile(r"[,，;；/、|\n]+|\s{2,}|(?<=\d)\s+(?=(?:\+?86)?1[3-9]\d{9}\b)|或")


def _number_digits(raw: Any) -> tuple[str | None, Issue | None]:
    """Digits of a phone stored as a number, or None with a review issue if digits were lost."""
    if isinstance(raw, float):
        if not math.isfinite(raw) or not raw.is_integer():
            return None, Issue("phone_invalid", f"not a phone number: {raw!r}")
        return str(int(raw)), NUMBER_CELL
    if isinstance(raw, int):
        return str(raw), NUMBER_CELL
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if re.fullmatch(r"\d{7,}\.0+", text):  # a number cell exported to text
        return text.split(".")[0], NUMBER_CELL
    m = _SCI.match(text)
    if m:
        mantissa = m[2] + (m[3] or "")
        digits = int(m[4]) + 1
        if len(mantissa.rstrip("0")) > digits or len(mantissa) < digits:
            return None, Issue(
                "phone_destroyed",
                f"phone shown in scientific notation {raw!r}: digits were lost",
            )
        return mantissa.ljust(digits, "0"), NUMBER_CELL
    return None, None


def normalize_phones(raw: Any) -> Normalized[Phones]:
    """One mobile and/or landline per cell; two numbers in one cell go to review.

    Which of two numbers is the customer's own cannot be known, so neither is stored.
    """
    if is_blank(raw):
        return _ok(None)
    digits, note = _number_digits(raw)
    if note is not None and digits is None:
        return Normalized(None, (note,))
    text = digits if digits is not None else unicodedata.normalize("NFKC", str(raw)).strip()
    notes = [note] if note else []
    try:
        number = normalize_phone(text)
    except PhoneError as exc:
        parts = [p for p in _PHONE_SPLIT.split(text) if p.strip()]
        if len(parts) > 1 and sum(bool(re.search(r"\d{7,}", p)) for p in parts) > 1:
            return _review("phone_multiple", f"more than one phone in one cell: {raw!r}")
        code = exc.code
        if code == "phone_invalid" and re.fullmatch(r"[2-9]\d{6,7}", re.sub(r"\D", "", text)):
            return _review("phone_no_area_code", f"landline without area code: {raw!r}")
        return _review(code, str(exc))
    if is_mobile(number):
        return _ok(Phones(number), *notes)
    return _ok(Phones(None, (number,)), *notes)


# ---------------------------------------------------------------- identity numbers


@dataclass(frozen=True)
class IdValue:
    number: str
    id_type: str
    birth_date: dt.date | None
    gender: str | None


_OTHER_DOC = re.compile(r"^(?:[A-Z]{1,2}\d{6,10}|\d{8,10}[A-Z]?|[A-Z]\d{7}\(?[0-9A]\)?)$")


_ID_SCI_TEXT = re.compile(r"\d\.\d+[eE]\+?\d+")
_ID_SEPARATORS = re.compile(r"[\s\-]")
_ID_RESIDENT = re.compile(r"\d{17}[\dX]|\d{15}")
# An 18-digit ID typed cleanly (ASCII digits, upper-case X, nothing around it): the text
# steps below leave it as it is, so they are skipped (most cells of most notebooks).
_ID_CLEAN = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


def _id_destroyed(raw: Any) -> Normalized[Any]:
    return _review(
        "id_destroyed",
        f"ID destroyed by Excel number format: {cell_text(raw)!r} kept only 15 significant digits",
    )


def normalize_id(raw: Any, *, today: dt.date | None = None) -> Normalized[IdValue]:
    """Resident IDs checked by GB 11643 check digit and birth date; numbers Excel rounded
    (only 15 significant digits survive a number cell) are reported, never repaired."""
    if type(raw) is str and _ID_CLEAN.fullmatch(raw):
        try:
            rid = parse_resident_id(raw, today=today)
        except IdNumberError as exc:
            return _review(exc.code, str(exc))
        return _ok(IdValue(rid.number, "resident_id", rid.birth_date, rid.gender))
    if is_blank(raw):
        return _ok(None)
    if isinstance(raw, float):
        if not raw.is_integer() or raw >= 1e15:
            return _id_destroyed(raw)
        text = str(int(raw))
    elif isinstance(raw, int) and not isinstance(raw, bool):
        if raw >= 10**15:
            return _id_destroyed(raw)
        text = str(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip().lstrip("'")
        if _SCI.match(text.replace(" ", "")) or _ID_SCI_TEXT.fullmatch(text):
            return _id_destroyed(raw)
        text = _ID_SEPARATORS.sub("", text).upper()
    notes: list[Issue] = []
    if len(text) == 15 and text.isdigit():
        notes.append(Issue("id_upgraded", "15-digit ID upgraded to 18 digits", False))
    if _ID_RESIDENT.fullmatch(text):
        try:
            rid = parse_resident_id(text, today=today)
        except IdNumberError as exc:
            return _review(exc.code, str(exc))
        if raw != rid.number and not notes and str(raw).strip() != rid.number:
            notes.append(Issue("id_cleaned", "spaces, dashes or lower-case x fixed", False))
        return _ok(IdValue(rid.number, "resident_id", rid.birth_date, rid.gender), *notes)
    if _OTHER_DOC.match(text):
        return _review(
            "id_other_document",
            f"not a resident ID (passport or permit?): {raw!r}; its kind must be chosen by a person",
        )
    return _review("id_bad_format", f"not an 18-digit resident ID: {raw!r}")


# ---------------------------------------------------------------- amounts


def normalize_amount(raw: Any, *, unit: int = 1) -> Normalized[int]:
    """Fen from numbers and text; ``unit`` is what the header declares (万元 -> 10000)."""
    if is_blank(raw):
        return _ok(None)
    try:
        if isinstance(raw, bool):
            raise amounts.AmountError("amount_invalid", f"not an amount: {raw!r}")
        if isinstance(raw, int | float | Decimal):
            return _ok(amounts.number_to_fen(raw, unit=unit))
        return _ok(amounts.parse_amount(str(raw), unit=unit))
    except (amounts.AmountError, InvalidOperation) as exc:
        code = getattr(exc, "code", "amount_invalid")
        return _review(code, str(exc))


# ---------------------------------------------------------------- risk level and text

RISK_WORDS: dict[str, str] = {
    "保守": "C1",
    "保守型": "C1",
    "稳健": "C2",
    "稳健型": "C2",
    "平衡": "C3",
    "平衡型": "C3",
    "成长": "C4",
    "成长型": "C4",
    "进取": "C5",
    "进取型": "C5",
    "激进": "C5",
    "激进型": "C5",
    "conservative": "C1",
    "moderatelyconservative": "C2",
    "balanced": "C3",
    "growth": "C4",
    "aggressive": "C5",
}


def normalize_risk(raw: Any) -> Normalized[str]:
    """C1-C5, or the standard tolerance words; anything else (e.g. 谨慎型, which banks
    map differently) goes to review."""
    if is_blank(raw):
        return _ok(None)
    text = re.sub(r"[\s_\-]", "", cell_text(raw)).lower()
    m = re.fullmatch(r"[cr]?([1-5])(?:级|型)?", text)
    if m and not text.startswith("r"):
        return _ok(f"C{m[1]}")
    m = re.fullmatch(r"c([1-5])[\(（]?(.*?)[\)）]?", text)
    if m:
        return _ok(f"C{m[1]}")
    if text in RISK_WORDS:
        return _ok(RISK_WORDS[text])
    return _review("risk_unknown", f"unknown risk level: {raw!r}")


def normalize_text(raw: Any, *, max_len: int) -> Normalized[str]:
    """Free text kept as typed; cut to what the column holds, and then reviewed."""
    if is_blank(raw):
        return _ok(None)
    text = str(raw).strip() if not isinstance(raw, float | int) else cell_text(raw)
    text = text.replace("\x00", "")
    if len(text) > max_len:
        return Normalized(
            text[:max_len],
            (Issue("text_too_long", f"text of {len(text):,} characters cut to {max_len:,}"),),
        )
    return _ok(text)
