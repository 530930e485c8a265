"""Validation of customer fields as a person types them (no database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from branchcrm.domain.idnumber import IdNumberError, parse_resident_id
from branchcrm.domain.phone import PhoneError, normalize_phone

EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "gender",
    "birth_date",
    "birth_month",
    "birth_day",
    "id_type",
    "id_number",
    "mobile",
    "other_phones",
    "address",
    "occupation",
    "employer",
    "industry",
    "risk_level",
    "risk_assessed_on",
    "risk_expires_on",
    "marketing_consent",
    "status",
    "source",
    "notes",
    "tags",
)
MASKED_FIELDS = ("id_number", "mobile", "other_phones")
ID_TYPES = (
    "resident_id",
    "passport",
    "hk_macao_permit",
    "taiwan_permit",
    "foreign_permit",
    "other",
)
RISK_LEVELS = ("C1", "C2", "C3", "C4", "C5")
STATUSES = ("active", "dormant", "closed")
MAX_LEN = {
    "name": 100,
    "address": 300,
    "occupation": 100,
    "employer": 200,
    "industry": 100,
    "source": 100,
    "other_phones": 200,
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def validate(
    values: dict[str, Any], *, today: dt.date | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean the given fields; return (cleaned, errors by field). Only given keys are checked."""
    today = today or dt.date.today()
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in values.items():
        if key not in EDITABLE_FIELDS:
            errors[key] = "not an editable field"
            continue
        try:
            clean[key] = _clean_one(key, raw)
        except (ValueError, TypeError) as exc:
            errors[key] = str(exc) or "invalid value"
    if "name" in values and not clean.get("name") and "name" not in errors:
        errors["name"] = "a name is required"
    _cross_check(clean, errors, today)
    return clean, errors


def _clean_one(key: str, raw: Any) -> Any:
    if key == "tags":
        items = (
            raw if isinstance(raw, list | tuple) else str(raw or "").replace("，", ",").split(",")
        )
        return sorted({str(t).strip()[:50] for t in items if str(t).strip()})
    if key == "marketing_consent":
        return bool(raw)
    if key in ("birth_date", "risk_assessed_on", "risk_expires_on"):
        try:
            return _date(raw)
        except ValueError as exc:
            raise ValueError(f"not a date (use YYYY-MM-DD): {raw!r}") from exc
    if key in ("birth_month", "birth_day"):
        if raw in (None, ""):
            return None
        number = int(raw)
        limit = 12 if key == "birth_month" else 31
        if not 1 <= number <= limit:
            raise ValueError(f"must be between 1 and {limit}")
        return number
    text = _text(raw)
    if key == "gender" and text is not None:
        text = {"男": "M", "女": "F", "m": "M", "f": "F"}.get(text, text)
        if text not in ("M", "F"):
            raise ValueError("must be M or F")
    if key == "risk_level" and text is not None:
        text = text.upper()
        if text not in RISK_LEVELS:
            raise ValueError("must be one of C1-C5")
    if key == "status" and text is not None and text not in STATUSES:
        raise ValueError(f"must be one of {', '.join(STATUSES)}")
    if key == "id_type" and text is not None and text not in ID_TYPES:
        raise ValueError(f"must be one of {', '.join(ID_TYPES)}")
    if key == "mobile" and text is not None:
        try:
            text = normalize_phone(text)
        except PhoneError as exc:
            raise ValueError(str(exc)) from exc
    if key == "other_phones" and text is not None:
        phones = []
        for part in text.replace("，", ",").replace("/", ",").replace(";", ",").split(","):
            if part.strip():
                try:
                    phones.append(normalize_phone(part))
                except PhoneError as exc:
                    raise ValueError(str(exc)) from exc
        text = ",".join(phones) or None
    if key == "name" and text is not None:
        text = " ".join(text.split())
    if text is not None and key in MAX_LEN and len(text) > MAX_LEN[key]:
        raise ValueError(f"longer than {MAX_LEN[key]} characters")
    return text


def _cross_check(clean: dict[str, Any], errors: dict[str, str], today: dt.date) -> None:
    number = clean.get("id_number")
    id_type = clean.get("id_type") or ("resident_id" if number else None)
    if number and id_type == "resident_id" and "id_number" not in errors:
        try:
            rid = parse_resident_id(number, today=today)
        except IdNumberError as exc:
            errors["id_number"] = str(exc)
            return
        clean["id_number"] = rid.number
        clean.setdefault("id_type", "resident_id")
        birth = clean.get("birth_date")
        if birth and birth != rid.birth_date:
            errors["birth_date"] = f"disagrees with the ID number's birth date {rid.birth_date}"
        gender = clean.get("gender")
        if gender and gender != rid.gender:
            errors["gender"] = "disagrees with the ID number"
    birth = clean.get("birth_date")
    if birth and birth > today:
        errors["birth_date"] = "is in the future"
    month, day = clean.get("birth_month"), clean.get("birth_day")
    if month and day:
        try:
            dt.date(2000, month, day)  # a leap year admits 29 February
        except ValueError:
            errors["birth_day"] = f"{month}-{day} is not a day of the year"
