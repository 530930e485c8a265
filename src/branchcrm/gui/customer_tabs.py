"""Read-only tabs of the customer file, and loading the whole file in one unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import may_reveal_full_values
from branchcrm.gui import labels
from branchcrm.gui.i18n import tr
from branchcrm.gui.rows_model import Column
from branchcrm.services import assets, contacts, customer_file, customers, reminders
from branchcrm.services.assets import CustomerAssets
from branchcrm.services.contacts import ContactRow
from branchcrm.services.customer_file import AssignmentRow, AuditRow, HoldingRow, RelationRow
from branchcrm.services.customers import CustomerFile
from branchcrm.services.errors import PermissionDenied
from branchcrm.services.reminders import ReminderRow

CTX = "CustomerFileTabs"


@dataclass
class LoadedFile:
    file: CustomerFile
    relations: list[RelationRow] = field(default_factory=list)
    holdings: list[HoldingRow] = field(default_factory=list)
    contacts: list[ContactRow] = field(default_factory=list)
    reminders: list[ReminderRow] = field(default_factory=list)
    team: list[AssignmentRow] = field(default_factory=list)
    changes: list[AuditRow] | None = None
    editable: tuple[int, dict[str, Any]] | None = None
    assets: CustomerAssets | None = None


def load_file(session: Session, actor: Actor, customer_id: int) -> LoadedFile:
    """Opening a file is one user action: one session for all of its tabs."""
    loaded = LoadedFile(customers.get_customer(session, actor, customer_id))
    loaded.relations = customer_file.relationships(session, actor, customer_id)
    loaded.holdings = customer_file.holdings(session, actor, customer_id)
    loaded.contacts = contacts.timeline(session, actor, customer_id)
    loaded.reminders = reminders.for_customer(session, actor, customer_id)
    loaded.team = customer_file.assignment_history(session, actor, customer_id)
    try:
        loaded.changes = customer_file.changes(session, actor, customer_id)
    except PermissionDenied:
        loaded.changes = None
    loaded.assets = assets.customer_assets(session, actor, customer_id)
    return loaded


def open_for_edit(session: Session, actor: Actor, customer_id: int) -> tuple[int, dict[str, Any]]:
    """Full values for managers (audited by the service); lobby staff edit masked contact data."""
    if may_reveal_full_values(actor.roles):
        return customers.editable_values(session, actor, customer_id)
    cf = customers.get_customer(session, actor, customer_id)
    return cf.version, cf.values


def _changes_text(row: AuditRow) -> str:
    parts = []
    for key, value in row.changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            old, new = (labels.stored(key, v) for v in value)
            parts.append(labels.pair(labels.field(key), f"{old} → {new}"))
        else:
            parts.append(labels.pair(labels.field(key), labels.stored(key, value)))
    return "; ".join(parts)


def relation_columns(tier_names: dict[str, str]) -> list[Column[RelationRow]]:
    """The family tab's columns; tiers by their names (the ladder is data)."""
    return [
        Column(CTX, "Relation", lambda r: labels.value(r.kind)),
        Column(CTX, "Name", lambda r: r.name),
        Column(CTX, "Tier", lambda r: tier_names.get(r.tier_code or "", r.tier_code or "")),
        Column(CTX, "Note", lambda r: r.note or ""),
    ]


HOLDING_COLUMNS: list[Column[HoldingRow]] = [
    Column(CTX, "Product", lambda r: r.product_name),
    Column(CTX, "Category", lambda r: labels.category(r.category)),
    Column(CTX, "Risk", lambda r: r.risk_rating or ""),
    Column(CTX, "Amount (yuan)", lambda r: labels.money(r.amount_fen), align_right=True),
    Column(CTX, "Start", lambda r: labels.date(r.start_date)),
    Column(CTX, "Maturity", lambda r: labels.date(r.maturity_date)),
    Column(CTX, "Status", lambda r: labels.holding_status(r.status)),
]
CONTACT_COLUMNS: list[Column[ContactRow]] = [
    Column(CTX, "When", lambda r: labels.date(r.occurred_at)),
    Column(CTX, "Channel", lambda r: labels.channel(r.channel)),
    Column(CTX, "Staff", lambda r: r.staff_name or ""),
    Column(CTX, "Summary", lambda r: r.summary or ""),
    Column(CTX, "Needs", lambda r: r.needs or ""),
    Column(CTX, "Recommended", lambda r: r.products_recommended or ""),
    Column(CTX, "Outcome", lambda r: r.outcome or ""),
    Column(CTX, "Follow-up", lambda r: labels.date(r.next_follow_up)),
    Column(CTX, "Satisfaction", lambda r: str(r.satisfaction or "")),
]
REMINDER_COLUMNS: list[Column[ReminderRow]] = [
    Column(CTX, "Due", lambda r: labels.date(r.due_date)),
    Column(CTX, "Kind", lambda r: labels.kind(r.kind)),
    Column(CTX, "Status", lambda r: labels.value(r.status)),
    Column(CTX, "Reason", lambda r: r.reason or ""),
]
TEAM_COLUMNS: list[Column[AssignmentRow]] = [
    Column(CTX, "Staff", lambda r: r.staff_name),
    Column(CTX, "Role", lambda r: labels.value(r.role)),
    Column(CTX, "Share", lambda r: f"{r.share_bp / 100:g}%", align_right=True),
    Column(CTX, "From", lambda r: labels.date(r.valid_from)),
    Column(CTX, "To", lambda r: labels.date(r.valid_to) or tr(CTX, "current")),
    Column(CTX, "Reason", lambda r: r.reason or ""),
]
CHANGE_COLUMNS: list[Column[AuditRow]] = [
    Column(CTX, "When", lambda r: labels.date(r.at)),
    Column(CTX, "Staff", lambda r: r.staff_name or ""),
    Column(CTX, "Workstation", lambda r: r.workstation or ""),
    Column(CTX, "Action", lambda r: labels.value(r.action)),
    Column(CTX, "Changes", _changes_text),
]
