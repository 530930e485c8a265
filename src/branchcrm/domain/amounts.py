"""Amounts as branch staff write them (``5万``, ``50w``, ``¥120,000.00``, ``12.5万元``).

Returns exact integer fen. Approximate amounts and ranges are refused with a stable code,
because a number someone only estimated must not become a stored fact.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

UNITS: dict[str, int] = {
    "": 1,
    "元": 1,
    "块": 1,
    "千": 1_000,
    "k": 1_000,
    "千元": 1_000,
    "万": 10_000,
    "w": 10_000,
    "万元": 10_000,
    "十万": 100_000,
    "百万": 1_000_000,
    "百万元": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
    "亿元": 100_000_000,
}
_APPROX = re.compile(r"约|大约|大概|左右|上下|多|余|几|估计|以上|以下|不到|近|超过|~$|^~")
_RANGE = re.compile(r"\d\s*(?:-|~|～|—|–|至|到)\s*\d")
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)(?:e([+-]?\d+))?\s*([^\d\s]*)$")
_EXACT = 10**24  # integer amounts below this are computed without Decimal (same result)
_STRIP = re.compile(r"[¥￥$,，\s]|rmb|cny|人民币")


class AmountError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def header_unit(header: str) -> int:
    """The multiplier a header declares, e.g. ``资产（万元）`` -> 10000; 1 when none."""
    text = unicodedata.normalize("NFKC", header).lower()
    m = re.search(
        r"[(\[]\s*(万元|万|千元|元|亿元|亿|w)\s*[)\]]|单位\s*[:：]?\s*(万元|万|元|千元)", text
    )
    if not m:
        return 1
    return UNITS[m[1] or m[2]]


def to_fen(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_amount(raw: str, *, unit: int = 1) -> int:
    """Parse one amount into fen; ``unit`` applies only when the text carries no unit."""
    text = _STRIP.sub("", unicodedata.normalize("NFKC", raw).strip().lower())
    if not text:
        raise AmountError("amount_invalid", "empty amount")
    if _RANGE.search(text):
        raise AmountError("amount_range", f"amount is a range: {raw!r}")
    approx = bool(_APPROX.search(text))
    core = _APPROX.sub("", text).strip()
    m = _NUMBER.match(core)
    if not m or m[3] not in UNITS:
        raise AmountError("amount_invalid", f"not an amount: {raw!r}")
    try:
        value = Decimal(m[1]) * (Decimal(10) ** int(m[2] or 0))
    except InvalidOperation as exc:  # pragma: no cover - regex guarantees digits
        raise AmountError("amount_invalid", f"not an amount: {raw!r}") from exc
    multiplier = UNITS[m[3]] if m[3] else unit
    fen = to_fen(value * multiplier)
    if approx:
        raise AmountError(
            "amount_approximate", f"amount is approximate: {raw!r} (about {fen / 100:,.2f} yuan)"
        )
    if fen < 0:
        raise AmountError("amount_negative", f"amount is negative: {raw!r}")
    return fen


def number_to_fen(value: float | int | Decimal, *, unit: int = 1) -> int:
    """A number cell; floats go through ``repr`` so 0.1 stays 0.1 and not 0.1000000000000000055."""
    if type(value) is int and type(unit) is int and -_EXACT < value * unit < _EXACT:
        # Whole yuan: exact in integers, as in Decimal (far within its 28 digits).
        fen = value * unit * 100
        if fen < 0:
            raise AmountError("amount_negative", f"amount is negative: {value!r}")
        return fen
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite():
        raise AmountError("amount_invalid", f"not an amount: {value!r}")
    fen = to_fen(amount * unit)
    if fen < 0:
        raise AmountError("amount_negative", f"amount is negative: {value!r}")
    return fen
