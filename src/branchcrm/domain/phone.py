"""Phone numbers as branch staff write them, normalized with Google's phonenumbers."""

from __future__ import annotations

import re
import unicodedata

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


class PhoneError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _digits_only(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    return re.sub(r"[\s\-–—()（）.]", "", text)


def normalize_phone(raw: str) -> str:
    """Return a mobile as 11 digits or a landline in E.164-less national form (e.g. 057188001234).

    Raises :class:`PhoneError` for masked, too short/long or otherwise invalid numbers.
    """
    text = _digits_only(raw)
    if "*" in text or "＊" in raw:
        raise PhoneError("phone_masked", f"phone is masked: {raw!r}")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not text.isdigit():
        raise PhoneError("phone_bad_chars", f"phone has characters other than digits: {raw!r}")
    if _MOBILE.match(text):
        return text
    import phonenumbers  # loaded on first landline: mobiles need no metadata

    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise PhoneError("phone_invalid", f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneError("phone_invalid", f"not a valid Chinese phone number: {raw!r}")
    return "0" + str(parsed.national_number)


def is_mobile(number: str) -> bool:
    return bool(_MOBILE.match(number))


def mask_phone(number: str | None) -> str:
    """``138****5678``: enough to recognise, not enough to call."""
    if not number:
        return ""
    if len(number) < 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
