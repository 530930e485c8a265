"""Chinese resident identity numbers (GB 11643-1999).

python-stdnum's ``cn.ric.validate`` rejects most real IDs of people born before 1983
because it insists that the area code existed in the birth year, so we check only what
is certain: the shape, a real birth date and the ISO 7064 MOD 11-2 check digit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from operator import mul

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# The bytes of ASCII digits are 48 more than the digits: a weighted sum of the bytes is
# the weighted sum of the digits plus 48 times the sum of the weights.
_ASCII_BIAS = 48 * sum(_WEIGHTS)
_ASCII_DIGITS = re.compile(r"[0-9]{17}", re.ASCII)
# An ID as it is mostly typed: nothing for the text steps of parse_resident_id to change.
_CLEAN = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


class IdNumberError(ValueError):
    """An ID number that cannot be right; ``code`` is stable for review queues."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    gender: str  # "M" or "F"

    @property
    def area_code(self) -> str:
        return self.number[:6]


def check_digit(first17: str) -> str:
    if _ASCII_DIGITS.fullmatch(first17):
        return _CHECK[(sum(map(mul, first17.encode(), _WEIGHTS)) - _ASCII_BIAS) % 11]
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def _birth_date(text: str) -> dt.date:
    try:
        return dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError as exc:
        raise IdNumberError(
            "id_bad_date", f"ID number has an impossible birth date {text}"
        ) from exc


def upgrade_15(number: str) -> str:
    """Turn a 15-digit first-generation ID into its 18-digit form (century 19)."""
    if len(number) != 15 or not number.isdigit():
        raise IdNumberError("id_bad_format", "a 15-digit ID must be 15 digits")
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_digit(first17)


def parse_resident_id(raw: str, *, today: dt.date | None = None) -> ResidentId:
    """Validate and normalize an 18-digit (or upgrade a 15-digit) resident ID."""
    if type(raw) is str and _CLEAN.fullmatch(raw):
        text = raw  # what the steps below would make of it
    else:
        text = raw.strip().replace(" ", "").upper()
        if len(text) == 15 and text.isdigit():
            text = upgrade_15(text)
        if (
            len(text) != 18
            or not text[:17].isdigit()
            or not (text[17].isdigit() or text[17] == "X")
        ):
            raise IdNumberError("id_bad_format", f"not an 18-digit resident ID: {raw!r}")
    birth = _birth_date(text[6:14])
    today = today or dt.date.today()
    if birth > today or birth.year < 1880:
        raise IdNumberError("id_bad_date", f"ID number has an impossible birth date {text[6:14]}")
    expected = check_digit(text[:17])
    if text[17] != expected:
        raise IdNumberError(
            "id_bad_check", f"check digit fails: ends in {text[17]}, should be {expected}"
        )
    gender = "M" if int(text[16]) % 2 == 1 else "F"
    return ResidentId(text, birth, gender)


def is_valid_resident_id(raw: str) -> bool:
    try:
        parse_resident_id(raw)
    except IdNumberError:
        return False
    return True


def make_resident_id(area: str, birth: dt.date, sequence: int) -> str:
    """Build a valid ID (used for demo data and tests); ``sequence`` is 0..999."""
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def mask_id(number: str | None) -> str:
    """``330602********0317``: area and last four stay, the birth date is hidden."""
    if not number:
        return ""
    if len(number) <= 8:
        return number[:1] + "*" * (len(number) - 1)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
