"""Every stored code a screen can show has a display word, and that word a Chinese translation.

The codes are gathered from where they are defined, not copied: the database's CHECK
constraints, the role and staff-status enums, the customer rules, the reminder kinds the events
engine creates and the audit actions written with ``hooks.record``. A new status added anywhere
fails here until it has a label and a translation.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import CheckConstraint

import branchcrm
from branchcrm.db import models  # noqa: F401  (registers the tables)
from branchcrm.db.base import Base
from branchcrm.domain.roles import Role, StaffStatus
from branchcrm.gui import i18n, i18n_tool, labels
from branchcrm.importers import feeds
from branchcrm.services import customer_rules

SOURCE = Path(branchcrm.__file__).resolve().parent
Labeller = tuple[str, dict[str, str]]  # (translation context, code -> English label)

VALUE: Labeller = (labels.CTX, labels.VALUES)
# Which label table shows each constrained column; a new constrained column must be added.
COLUMNS: dict[tuple[str, str], Labeller | None] = {
    ("staff", "status"): VALUE,
    ("staff_role", "role"): VALUE,
    ("customer", "gender"): VALUE,
    ("customer", "status"): VALUE,
    ("customer", "risk_level"): None,  # C1–C5 are shown as they are, as on every bank form
    ("customer_relationship", "kind"): VALUE,
    ("product", "risk_rating"): None,  # R1–R5, likewise
    ("product", "category"): (labels.CTX, labels.CATEGORIES),
    ("holding", "status"): (labels.CTX, labels.HOLDING_STATUS),
    ("assignment", "role"): VALUE,
    ("contact", "channel"): (labels.CTX, labels.CHANNELS),
    ("reminder", "status"): VALUE,
}


def constrained_codes() -> Iterator[tuple[str, str, list[str]]]:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                for match in re.finditer(r"(\w+) in \(([^)]*)\)", str(constraint.sqltext)):
                    codes = re.findall(r"'([^']*)'", match.group(2))
                    yield table.name, match.group(1), codes


def _calls(path: Path) -> Iterator[ast.Call]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def audit_actions() -> set[str]:
    """Actions the audit trail can hold: the ORM hook's, and every ``hooks.record`` literal
    (``feed_{kind}`` expanded); review items are recorded with their new status."""
    found = {"insert", "update", "delete"}
    for path in SOURCE.rglob("*.py"):
        for call in _calls(path):
            name = _name(call)
            if name == "record" and len(call.args) >= 5:
                action = call.args[4]
                text = _literal(action)
                if text is not None:
                    found.add(text)
                elif isinstance(action, ast.JoinedStr):
                    found.update(f"feed_{kind}" for kind in feeds.KINDS)
            elif name == "_resolve" and len(call.args) >= 4:
                text = _literal(call.args[3])
                if text is not None:
                    found.add(text)
    return found


def reminder_kinds() -> set[str]:
    kinds = set()
    for path in (SOURCE / "engines").rglob("*.py"):
        for call in _calls(path):
            if _name(call) == "Event" and call.args:
                first = call.args[0]
                choices = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                kinds.update(text for node in choices if (text := _literal(node)))
    for path in SOURCE.rglob("*.py"):
        for call in _calls(path):
            for kw in call.keywords:
                if kw.arg == "kind" and _name(call) == "Reminder":
                    text = _literal(kw.value)
                    if text:
                        kinds.add(text)
    return kinds


def shown_codes() -> list[tuple[str, Labeller]]:
    out: list[tuple[str, Labeller]] = []
    for table, column, codes in constrained_codes():
        assert (table, column) in COLUMNS, f"{table}.{column}: say which labels show its codes"
        labeller = COLUMNS[(table, column)]
        if labeller is not None:
            out += [(code, labeller) for code in codes]
    out += [(role.value, VALUE) for role in Role]
    out += [(status.value, VALUE) for status in StaffStatus]
    out += [(code, VALUE) for code in customer_rules.ID_TYPES + customer_rules.STATUSES]
    out += [(code, VALUE) for code in audit_actions()]
    out += [(code, (labels.CTX, labels.KINDS)) for code in reminder_kinds()]
    return out


def test_the_walk_finds_the_known_codes() -> None:
    codes = {code for code, _ in shown_codes()}
    assert {"departed", "transferred", "fixed", "accepted", "insert", "reveal"} <= codes
    assert {"birthday", "maturity", "tier_down", "handover"} <= codes
    assert len(codes) > 60


@pytest.mark.parametrize(
    "code,labeller", shown_codes(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_shown_code_has_a_label_and_a_chinese_translation(
    code: str, labeller: Labeller
) -> None:
    context, table = labeller
    assert code in table, f"{code!r} would show as it is stored: add it to labels.py"
    translations = i18n_tool.read_ts(i18n.ts_path("zh_CN"))
    chinese = translations.get((context, table[code]), "")
    assert chinese, f"{code!r} ({table[code]!r}) has no Chinese translation"
    assert not re.search(r"[A-Za-z]{3,}", chinese), f"{code!r} reads {chinese!r} in Chinese"


def test_value_shows_the_translated_word(qapp: QApplication) -> None:
    installed = i18n.install_translators(qapp, "zh_CN")
    try:
        assert labels.value("departed") == "已离职"
        assert labels.value("transferred") == "已调离"
        assert labels.value("fixed") == "已更正"
        assert labels.value("accepted") == "已接受"
        assert labels.value("manager") == "客户经理"
        assert labels.value("insert") == "新建"
        assert labels.category("other") == "其他"
        assert labels.value("unknown_code") == "unknown_code"
        assert labels.value(None) == ""
    finally:
        i18n.remove_translators(qapp, installed)
    assert labels.value("departed") == "Departed"
