"""One notebook row, normalized: what is certain becomes a value, the rest a review item."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from branchcrm.domain import dates
from branchcrm.domain.idnumber import IdNumberError, parse_resident_id
from branchcrm.importers import normalize as nz
from branchcrm.importers.readers.base import CutText
from branchcrm.importers.table import Table

TEXT_LIMITS = {
    "address": 300,
    "occupation": 100,
    "employer": 200,
    "contacts.product": 200,
    "contacts.note": 32_767,
}


# For the fast paths of normalize_row (see there); off, every cell takes the general path
# (the tests compare the two).
_FAST_PATHS = True
_ID_CLEAN = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)  # as normalize_id's: read as it is
_RISK_CODES = frozenset({"C1", "C2", "C3", "C4", "C5"})
_EXACT_YUAN = 10**24  # whole amounts below this: in Decimal as exact as in integers


@dataclass(slots=True)
class Problem:
    """A review-queue entry; field names are those of the export JSON."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    field: str | None
    raw: str | None
    code: str
    reason: str
    customer_key: int | None = None  # index of the person in the plan, set by matching

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "raw": self.raw,
            "code": self.code,
            "reason": self.reason,
        }


@dataclass(slots=True)
class RowRecord:
    file: str
    sheet: str
    row: int
    name: str | None = None
    name_key: str | None = None
    name_note: str | None = None
    id_number: str | None = None
    id_birth: dt.date | None = None
    gender: str | None = None
    mobile: str | None = None
    other_phones: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    birth_md: tuple[int, int] | None = None
    assets_fen: int | None = None
    risk_level: str | None = None
    address: str | None = None
    occupation: str | None = None
    employer: str | None = None
    visit_date: dt.date | None = None
    product: str | None = None
    amount_fen: int | None = None
    note: str | None = None
    has_date_column: bool = False
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    # Search and sort keys of the name (see importers.namekeys), made in the reader child.
    keys: tuple[str, str, str | None] | None = None

    @property
    def has_contact(self) -> bool:
        return any(
            v is not None for v in (self.visit_date, self.product, self.amount_fen, self.note)
        )


def _raw_text(raw: Any) -> str:
    return nz.cell_text(raw)[:2000]


# Normalizers are pure functions of the cell value, and notebooks repeat values (names over
# visits, products, dates, amounts): each distinct short value is normalized once.
_CACHE = 2_048  # per normalizer; bounded so that a huge file does not grow the cache
_CACHEABLE_LEN = 64


@lru_cache(maxsize=_CACHE, typed=True)
def _name(raw: Any) -> nz.Normalized[nz.NameValue]:
    return nz.normalize_name(raw)


@lru_cache(maxsize=_CACHE, typed=True)
def _phones(raw: Any) -> nz.Normalized[nz.Phones]:
    return nz.normalize_phones(raw)


@lru_cache(maxsize=_CACHE, typed=True)
def _id(raw: Any, today: dt.date | None) -> nz.Normalized[nz.IdValue]:
    return nz.normalize_id(raw, today=today)


# Birthdays and visit dates have caches of their own: nearly every birthday is new, and in
# one shared cache they would push out the visit dates, which repeat (a day's visitors).
@lru_cache(maxsize=_CACHE, typed=True)
def _birthday(raw: Any, today: dt.date | None) -> nz.Normalized[nz.DateValue]:
    return nz.normalize_date(raw, birth=True, today=today)


@lru_cache(maxsize=2 * _CACHE, typed=True)
def _visit_date(raw: Any, today: dt.date | None) -> nz.Normalized[nz.DateValue]:
    return nz.normalize_date(raw, birth=False, today=today)


@lru_cache(maxsize=_CACHE, typed=True)
def _amount(raw: Any, unit: int) -> nz.Normalized[int]:
    return nz.normalize_amount(raw, unit=unit)


@lru_cache(maxsize=_CACHE, typed=True)
def _risk(raw: Any) -> nz.Normalized[str]:
    return nz.normalize_risk(raw)


@lru_cache(maxsize=_CACHE, typed=True)
def _text_short(raw: Any, max_len: int) -> nz.Normalized[str]:
    return nz.normalize_text(raw, max_len=max_len)


def _text(raw: Any, max_len: int) -> nz.Normalized[str]:
    if isinstance(raw, str) and (len(raw) > _CACHEABLE_LEN or type(raw) is not str):
        return nz.normalize_text(raw, max_len=max_len)
    return _text_short(raw, max_len)


def _cached(fn: Any, raw: Any, *args: Any) -> Any:
    """``fn(raw, *args)`` through its cache unless the value is long (notes, cut cells)."""
    t = type(raw)
    if t is str:
        if len(raw) <= _CACHEABLE_LEN:
            return fn(raw, *args)
    elif t is float or t is int or not isinstance(raw, str):
        return fn(raw, *args)
    return fn.__wrapped__(raw, *args)


def clear_caches() -> None:
    """Forget cached normalizer results (after an import, to give the memory back)."""
    for fn in (
        _name,
        _phones,
        _id,
        _birthday,
        _visit_date,
        _amount,
        _risk,
        _text_short,
        _change,
        _name_key,
    ):
        fn.cache_clear()


@lru_cache(maxsize=4096)
def _change(label: str, reason: str) -> str:
    return f"{label}: {reason}"


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    index: int
    field: str
    label: str
    unit: int


@dataclass(frozen=True, slots=True)
class RowPlan:
    """What :func:`normalize_row` needs of a table, worked out once per sheet."""

    columns: tuple[ColumnPlan, ...]
    has_date_column: bool


def row_plan(table: Table) -> RowPlan:
    cols = tuple(
        ColumnPlan(c.index, c.field, c.label or f"column {c.index + 1}", c.unit)
        for c in table.columns
        if c.field is not None and c.field != "seq"
    )
    return RowPlan(cols, "contacts.date" in table.fields())


def normalize_row(
    file: str,
    sheet: str,
    row_no: int,
    values: tuple[Any, ...],
    table: Table,
    *,
    today: dt.date | None = None,
    plan: RowPlan | None = None,
) -> RowRecord | None:
    """``None`` for rows that carry nothing but a sequence number."""
    plan = plan or row_plan(table)
    rec = RowRecord(file, sheet, row_no, has_date_column=plan.has_date_column)
    meaningful = False
    gender_cell: Any = None
    width = len(values)
    fast = _FAST_PATHS

    def problem(col: str, fld: str | None, raw: Any, issue: nz.Issue) -> None:
        rec.problems.append(
            Problem(file, sheet, row_no, col, fld, _raw_text(raw), issue.code, issue.reason)
        )

    def take(col: str, fld: str, raw: Any, result: nz.Normalized[Any]) -> Any:
        for issue in result.issues:
            if issue.review:
                problem(col, fld, raw, issue)
            else:
                rec.changes.append(_change(col, issue.reason))
        return result.value

    for col in plan.columns:
        if col.index >= width:
            continue
        raw = values[col.index]
        if raw is None:
            continue
        t = type(raw)
        if t is str:
            if not raw.strip():
                continue
        elif isinstance(raw, str) and not raw.strip():
            continue
        meaningful = True
        f = col.field
        # Fast paths: cells of the usual clean forms are read here directly, to the same
        # values (and changes) the general path below makes of them (tests compare the
        # two); anything else, or a value that needs review, takes the general path.
        if fast:
            if f == "name":
                if t is str and nz.is_plain_name(raw):
                    rec.name, rec.name_note, rec.name_key = raw, None, raw
                    continue
            elif f == "phone":
                mobile = nz.plain_mobile(raw)
                if mobile is not None:
                    if rec.mobile is None:
                        rec.mobile = mobile
                    elif mobile != rec.mobile:
                        rec.other_phones.append(mobile)
                    if t is not str:
                        rec.changes.append(_change(col.label, nz.NUMBER_CELL.reason))
                    continue
            elif f == "id_number":
                if t is str and _ID_CLEAN.fullmatch(raw):
                    try:
                        rid = parse_resident_id(raw, today=today)
                    except IdNumberError:
                        pass
                    else:
                        rec.id_number, rec.id_birth, rec.gender = (
                            rid.number,
                            rid.birth_date,
                            rid.gender,
                        )
                        continue
            elif f == "birthday" or f == "contacts.date":
                if t is str:
                    d = dates.plain_date(raw)
                elif t is dt.datetime:
                    d = raw.date()
                elif t is dt.date:
                    d = raw
                else:
                    d = None
                if d is not None and dates.is_plausible(d, birth=f == "birthday", today=today):
                    if f == "birthday":
                        rec.birth_date, rec.birth_md = d, (d.month, d.day)
                    else:
                        rec.visit_date = d
                    continue
            elif f == "assets_cny" or f == "contacts.amount_cny":
                if t is int and 0 <= (yuan := raw * col.unit) < _EXACT_YUAN:
                    fen = yuan * 100
                    if f == "assets_cny":
                        rec.assets_fen = fen
                    else:
                        rec.amount_fen = fen
                    continue
            elif f == "risk_level":
                if t is str and raw in _RISK_CODES:
                    rec.risk_level = raw
                    continue
            elif f in TEXT_LIMITS and t is str:
                text = raw.strip().replace("\x00", "")
                if len(text) <= TEXT_LIMITS[f]:
                    attr = f.split(".")[-1]
                    if attr == "note" and rec.note and text:
                        text = f"{rec.note}\n{text}"
                    setattr(rec, attr, text)
                    continue
        label = col.label
        if isinstance(raw, CutText):
            problem(
                label,
                col.field,
                raw,
                nz.Issue("cell_too_long", "cell longer than Excel's 32,767-character limit; cut"),
            )
        if f == "name":
            nv = take(label, "name", raw, _cached(_name, raw))
            if nv is not None:
                rec.name, rec.name_note = nv.name, nv.note
                rec.name_key = _name_key(nv.name)
        elif f == "phone":
            ph = take(label, "mobile", raw, _cached(_phones, raw))
            if ph is not None:
                if ph.mobile and rec.mobile is None:
                    rec.mobile = ph.mobile
                elif ph.mobile and ph.mobile != rec.mobile:
                    rec.other_phones.append(ph.mobile)
                rec.other_phones.extend(p for p in ph.others if p not in rec.other_phones)
        elif f == "id_number":
            idv = take(label, "id_number", raw, _cached(_id, raw, today))
            if idv is not None:
                rec.id_number, rec.id_birth, rec.gender = idv.number, idv.birth_date, idv.gender
        elif f == "birthday":
            dv = take(label, "birthday", raw, _cached(_birthday, raw, today))
            if dv is not None:
                rec.birth_date = dv.date
                rec.birth_md = (dv.month, dv.day)
        elif f == "contacts.date":
            dv = take(label, "contacts.date", raw, _cached(_visit_date, raw, today))
            if dv is not None:
                rec.visit_date = dv.date
        elif f == "assets_cny":
            rec.assets_fen = take(label, f, raw, _cached(_amount, raw, col.unit))
        elif f == "contacts.amount_cny":
            rec.amount_fen = take(label, f, raw, _cached(_amount, raw, col.unit))
        elif f == "risk_level":
            rec.risk_level = take(label, f, raw, _cached(_risk, raw))
        elif f == "gender":
            gender_cell = raw
        elif f in TEXT_LIMITS:
            text = take(label, f, raw, _text(raw, TEXT_LIMITS[f]))
            attr = f.split(".")[-1]
            if attr == "note" and rec.note and text:
                text = f"{rec.note}\n{text}"
            setattr(rec, attr, text)
    if not meaningful:
        return None
    if rec.name is None and not any(p.field == "name" for p in rec.problems):
        rec.problems.append(
            Problem(file, sheet, row_no, None, "name", None, "name_missing", "row has no name")
        )
    if rec.id_birth is not None:
        if rec.birth_date is not None and rec.birth_date != rec.id_birth:
            rec.problems.append(
                Problem(
                    file,
                    sheet,
                    row_no,
                    None,
                    "birthday",
                    rec.birth_date.isoformat(),
                    "birthday_mismatch",
                    f"birthday disagrees with the ID ({rec.id_birth.isoformat()}); the ID's is kept",
                )
            )
        elif (
            rec.birth_md is not None
            and rec.birth_date is None
            and rec.birth_md != (rec.id_birth.month, rec.id_birth.day)
        ):
            rec.problems.append(
                Problem(
                    file,
                    sheet,
                    row_no,
                    None,
                    "birthday",
                    f"{rec.birth_md[0]}-{rec.birth_md[1]}",
                    "birthday_mismatch",
                    "birthday disagrees with the ID; the ID's is kept",
                )
            )
        rec.birth_date = rec.id_birth
        rec.birth_md = (rec.id_birth.month, rec.id_birth.day)
    if gender_cell is not None and rec.gender is None:
        g = nz.cell_text(gender_cell)
        rec.gender = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}.get(
            g.lower() if g.isascii() else g
        )
    return rec


def name_of(raw: Any) -> str | None:
    """The name :func:`normalize_row` takes from a name cell (``None`` if none)."""
    nv = _cached(_name, raw).value
    return nv.name if nv is not None else None


@lru_cache(maxsize=_CACHE)
def _name_key(name: str) -> str:
    return nz.name_key(name)
