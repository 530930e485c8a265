"""Display names for the stored codes (fields, reminder kinds, channels...), translated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from branchcrm.domain.money import format_yuan
from branchcrm.gui.i18n import tr, tr_noop

CTX = "Labels"

FIELDS = {
    "name": tr_noop(CTX, "Name"),
    "gender": tr_noop(CTX, "Gender"),
    "birth_date": tr_noop(CTX, "Birth date"),
    "birth_month": tr_noop(CTX, "Birth month"),
    "birth_day": tr_noop(CTX, "Birth day"),
    "birthday": tr_noop(CTX, "Birthday"),
    "id_type": tr_noop(CTX, "ID type"),
    "id_number": tr_noop(CTX, "ID number"),
    "mobile": tr_noop(CTX, "Mobile"),
    "other_phones": tr_noop(CTX, "Other phones"),
    "address": tr_noop(CTX, "Address"),
    "occupation": tr_noop(CTX, "Occupation"),
    "employer": tr_noop(CTX, "Employer"),
    "industry": tr_noop(CTX, "Industry"),
    "risk_level": tr_noop(CTX, "Risk level"),
    "risk_assessed_on": tr_noop(CTX, "Risk assessed on"),
    "risk_expires_on": tr_noop(CTX, "Risk assessment expires"),
    "marketing_consent": tr_noop(CTX, "Marketing consent"),
    "status": tr_noop(CTX, "Status"),
    "source": tr_noop(CTX, "Source"),
    "notes": tr_noop(CTX, "Notes"),
    "tags": tr_noop(CTX, "Tags"),
    "primary": tr_noop(CTX, "Primary manager"),
    "version": tr_noop(CTX, "Version"),
    # columns that appear in the change history
    "id": tr_noop(CTX, "Record number"),
    "customer_no": tr_noop(CTX, "Customer number"),
    "branch_id": tr_noop(CTX, "Branch"),
    "referred_by_id": tr_noop(CTX, "Referred by"),
    "tier_code": tr_noop(CTX, "Tier"),
    "aum_fen": tr_noop(CTX, "Assets (yuan)"),
    "last_contact_at": tr_noop(CTX, "Last contact"),
    "created_at": tr_noop(CTX, "Created at"),
    # the family tab
    "related_id": tr_noop(CTX, "Related customer"),
    "kind": tr_noop(CTX, "Relation"),
    "note": tr_noop(CTX, "Note"),
}

KINDS = {
    "birthday": tr_noop(CTX, "Birthday"),
    "follow_up": tr_noop(CTX, "Follow-up"),
    "maturity": tr_noop(CTX, "Maturity"),
    "tier_up": tr_noop(CTX, "Tier up"),
    "tier_down": tr_noop(CTX, "Tier down"),
    "large_txn": tr_noop(CTX, "Large transaction"),
    "dormant": tr_noop(CTX, "Dormant"),
    "account_change": tr_noop(CTX, "Account change"),
    "risk_expiry": tr_noop(CTX, "Risk assessment expiry"),
    "suitability": tr_noop(CTX, "Suitability"),
    "handover": tr_noop(CTX, "Handover"),
    "task": tr_noop(CTX, "Task"),
}

CHANNELS = {
    "visit": tr_noop(CTX, "Branch visit"),
    "phone": tr_noop(CTX, "Phone call"),
    "home_visit": tr_noop(CTX, "Home visit"),
    "wechat": tr_noop(CTX, "WeChat"),
    "sms": tr_noop(CTX, "SMS"),
    "other": tr_noop(CTX, "Other"),
}

# Every stored code a screen shows through ``value()``: statuses, roles, relations, audit
# actions. tests/gui/test_labels.py walks the database's CHECK constraints, the role and staff
# status enums and the audit actions and fails on a code missing here or in the .ts.
VALUES = {
    "M": tr_noop(CTX, "Male"),
    "F": tr_noop(CTX, "Female"),
    "active": tr_noop(CTX, "Active"),
    "dormant": tr_noop(CTX, "Dormant"),
    "closed": tr_noop(CTX, "Closed"),
    "open": tr_noop(CTX, "Open"),
    "snoozed": tr_noop(CTX, "Snoozed"),
    "done": tr_noop(CTX, "Done"),
    "dismissed": tr_noop(CTX, "Dismissed"),
    "resident_id": tr_noop(CTX, "Resident ID card"),
    "passport": tr_noop(CTX, "Passport"),
    "hk_macao_permit": tr_noop(CTX, "Hong Kong/Macao permit"),
    "taiwan_permit": tr_noop(CTX, "Taiwan permit"),
    "foreign_permit": tr_noop(CTX, "Foreign permanent residence"),
    "primary": tr_noop(CTX, "Primary"),
    "secondary": tr_noop(CTX, "Secondary"),
    "spouse": tr_noop(CTX, "Spouse"),
    "parent": tr_noop(CTX, "Parent"),
    "child": tr_noop(CTX, "Child"),
    "sibling": tr_noop(CTX, "Sibling"),
    "matured": tr_noop(CTX, "Matured"),
    "create": tr_noop(CTX, "Created"),
    "update": tr_noop(CTX, "Changed"),
    "reveal": tr_noop(CTX, "Full value shown"),
    "open_for_edit": tr_noop(CTX, "Opened for editing"),
    "manual": tr_noop(CTX, "Entered by hand"),
    "demo": tr_noop(CTX, "Demo data"),
    # staff roles (domain.roles.Role)
    "manager": tr_noop(CTX, "Customer manager"),
    "lobby": tr_noop(CTX, "Lobby manager"),
    "supervisor": tr_noop(CTX, "Supervisor"),
    "head": tr_noop(CTX, "Branch head"),
    "admin": tr_noop(CTX, "Administrator"),
    # staff status (domain.roles.StaffStatus)
    "on_leave": tr_noop(CTX, "On leave"),
    "departed": tr_noop(CTX, "Departed"),
    "transferred": tr_noop(CTX, "Transferred"),
    # relations and service roles
    "partner": tr_noop(CTX, "Partner"),
    "other": tr_noop(CTX, "Other"),
    "team": tr_noop(CTX, "Service team"),
    "chief": tr_noop(CTX, "Chief manager"),
    # review items and import batches
    "fixed": tr_noop(CTX, "Fixed"),
    "accepted": tr_noop(CTX, "Accepted"),
    "running": tr_noop(CTX, "Running"),
    "undone": tr_noop(CTX, "Undone"),
    # audit actions (db.hooks and hooks.record)
    "insert": tr_noop(CTX, "Created"),
    "delete": tr_noop(CTX, "Deleted"),
    "undo": tr_noop(CTX, "Undone"),
    "import": tr_noop(CTX, "Imported"),
    "batch": tr_noop(CTX, "Reassigned in a batch"),
    "enrol": tr_noop(CTX, "Enrolled in a package"),
    "export": tr_noop(CTX, "Exported"),
    "export_full_numbers": tr_noop(CTX, "Exported with full numbers"),
    "bulk_tasks": tr_noop(CTX, "Tasks created in bulk"),
    "bulk_insert": tr_noop(CTX, "Created in bulk"),
    "tier_recompute": tr_noop(CTX, "Tiers recomputed"),
    "scan": tr_noop(CTX, "Reminders scanned"),
    "feed_balances": tr_noop(CTX, "Balances feed"),
    "feed_holdings": tr_noop(CTX, "Holdings feed"),
    "feed_transactions": tr_noop(CTX, "Transactions feed"),
    "feed_customers": tr_noop(CTX, "Customers feed"),
}

CATEGORIES = {
    "demand_deposit": tr_noop(CTX, "Demand deposit"),
    "time_deposit": tr_noop(CTX, "Time deposit"),
    "wealth": tr_noop(CTX, "Wealth management"),
    "fund": tr_noop(CTX, "Fund"),
    "insurance": tr_noop(CTX, "Insurance"),
    "precious_metal": tr_noop(CTX, "Precious metal"),
    "bond": tr_noop(CTX, "Bond"),
    "loan": tr_noop(CTX, "Loan"),
    "other": tr_noop(CTX, "Other"),
}

HOLDING_STATUS = {
    "open": tr_noop(CTX, "Held"),
    "active": tr_noop(CTX, "Held"),
    "matured": tr_noop(CTX, "Matured"),
    "closed": tr_noop(CTX, "Closed out"),
    "redeemed": tr_noop(CTX, "Redeemed"),
}


def category(code: str) -> str:
    return tr(CTX, CATEGORIES[code]) if code in CATEGORIES else code


def holding_status(code: str) -> str:
    return tr(CTX, HOLDING_STATUS[code]) if code in HOLDING_STATUS else code


def field(key: str) -> str:
    return tr(CTX, FIELDS[key]) if key in FIELDS else key


def kind(code: str) -> str:
    return tr(CTX, KINDS[code]) if code in KINDS else code


def channel(code: str) -> str:
    return tr(CTX, CHANNELS[code]) if code in CHANNELS else code


def value(code: str | None) -> str:
    if code is None:
        return ""
    return tr(CTX, VALUES[code]) if code in VALUES else code


def stored(key: str, raw: object) -> str:
    """A field's stored value as people read it (the change history, the conflict dialog)."""
    if raw is None or raw == "":
        return "—"
    if key == "marketing_consent" or isinstance(raw, bool):
        return yes_no(bool(raw))
    if key == "aum_fen" and isinstance(raw, int):
        return money(raw)
    if key == "source" and isinstance(raw, str) and raw.startswith("import:"):
        return tr(CTX, "Import batch %1").replace("%1", raw.split(":", 1)[1])
    if isinstance(raw, list | tuple):
        return ", ".join(str(v) for v in raw)
    if isinstance(raw, str):
        return value(raw)
    return str(raw)


def joined(items: Iterable[str]) -> str:
    """A list in running text: "a, b" in English, "甲、乙" in Chinese."""
    return tr(CTX, ", ").join(items)


def caption(name: str) -> str:
    """A field's caption before its value: "Name:" / "姓名：" (Chinese uses the wide colon)."""
    return tr(CTX, "%1:").replace("%1", name)


def pair(name: str, text: str) -> str:
    """ "Name: value" / "姓名：值"."""
    return tr(CTX, "%1: %2").replace("%1", name).replace("%2", text)


def yes_no(flag: bool) -> str:
    return tr(CTX, "Yes") if flag else tr(CTX, "No")


def money(fen: int | None) -> str:
    return format_yuan(fen)


def date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone()
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


SERVICE_CTX = "ServiceMessages"
# English messages of the services and domain, by their fixed beginning (the rest, such as
# the value that was typed, is kept as it is).
SERVICE_PREFIXES = (
    tr_noop(SERVICE_CTX, "a name is required"),
    tr_noop(SERVICE_CTX, "not a date (use YYYY-MM-DD)"),
    tr_noop(SERVICE_CTX, "must be M or F"),
    tr_noop(SERVICE_CTX, "must be one of C1-C5"),
    tr_noop(SERVICE_CTX, "must be between 1 and"),
    tr_noop(SERVICE_CTX, "disagrees with the ID number's birth date"),
    tr_noop(SERVICE_CTX, "disagrees with the ID number"),
    tr_noop(SERVICE_CTX, "is in the future"),
    tr_noop(SERVICE_CTX, "is not a day of the year"),
    tr_noop(SERVICE_CTX, "longer than"),
    tr_noop(SERVICE_CTX, "another customer already has this ID number"),
    tr_noop(SERVICE_CTX, "lobby staff may only correct contact details"),
    tr_noop(SERVICE_CTX, "choose the customer manager who will serve them"),
    tr_noop(SERVICE_CTX, "say briefly what happened"),
    tr_noop(SERVICE_CTX, "is before the contact itself"),
    tr_noop(SERVICE_CTX, "must be 1 to 5"),
    tr_noop(SERVICE_CTX, "snooze until a later day"),
    tr_noop(SERVICE_CTX, "ID number has an impossible birth date"),
    tr_noop(SERVICE_CTX, "a 15-digit ID must be 15 digits"),
    tr_noop(SERVICE_CTX, "check digit fails"),
    tr_noop(SERVICE_CTX, "not a phone number"),
    tr_noop(SERVICE_CTX, "not a valid Chinese phone number"),
    tr_noop(SERVICE_CTX, "not an 18-digit resident ID"),
    tr_noop(SERVICE_CTX, "phone has characters other than digits"),
    tr_noop(SERVICE_CTX, "phone is masked"),
    tr_noop(SERVICE_CTX, "this relation is already recorded"),
    tr_noop(SERVICE_CTX, "a customer cannot be related to themselves"),
)


def message(text: str) -> str:
    """Translate the fixed beginning of a service message; keep the details."""
    for prefix in SERVICE_PREFIXES:
        if text.startswith(prefix):
            return tr(SERVICE_CTX, prefix) + text[len(prefix) :]
    return text


def service_message(exc: BaseException) -> str:
    """A one-line message for people, translated where the service's wording is known."""
    from branchcrm.services.errors import ValidationError

    if isinstance(exc, ValidationError):
        return "; ".join(f"{field(k)}: {message(v)}" for k, v in exc.errors.items())
    text = str(exc).strip().splitlines()
    return message(text[0]) if text else exc.__class__.__name__
