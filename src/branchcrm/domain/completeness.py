"""Which key facts a customer file still lacks; managers are measured on keeping files complete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

KEY_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("mobile", "mobile phone"),
    ("id_number", "ID number"),
    ("birthday", "birthday"),
    ("occupation", "occupation"),
    ("address", "address"),
    ("risk_level", "risk tolerance"),
)

# The stored columns the measure reads (a month-day birthday counts as a birthday).
INPUT_FIELDS: tuple[str, ...] = (
    "name",
    "mobile",
    "id_number",
    "birth_date",
    "birth_month",
    "occupation",
    "address",
    "risk_level",
)


def missing_fields(values: Mapping[str, Any]) -> list[str]:
    """Keys of :data:`KEY_FIELDS` with no value. ``birthday`` is met by a month-day too."""
    missing = []
    for key, _label in KEY_FIELDS:
        if key == "birthday":
            if not (values.get("birth_date") or values.get("birth_month")):
                missing.append(key)
        elif not values.get(key):
            missing.append(key)
    return missing


def completeness_pct(values: Mapping[str, Any]) -> int:
    return round(100 * (len(KEY_FIELDS) - len(missing_fields(values))) / len(KEY_FIELDS))
