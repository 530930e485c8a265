"""The import review queue: list the open items, and let a person fix, accept or dismiss each.

A fix goes through the ordinary customer validation and optimistic locking
(:func:`branchcrm.services.customers.update_customer`); an item itself is versioned too, so two
people resolving the same item never both win: the later one gets a :class:`ConflictError`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, false, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role, sees_whole_branch
from branchcrm.services import customers
from branchcrm.services.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationError,
)
from branchcrm.services.visibility import branch_ids

__all__ = ["FIXABLE_FIELDS", "ReviewRow", "accept", "dismiss", "get_item", "list_open"]

# Review ``field`` names (those of the export JSON) -> customer fields a person may correct.
FIXABLE_FIELDS: dict[str, str] = {
    "name": "name",
    "mobile": "mobile",
    "other_phones": "other_phones",
    "id_number": "id_number",
    "birthday": "birth_date",
    "birthday_month_day": "birth_md",
    "gender": "gender",
    "risk_level": "risk_level",
    "address": "address",
    "occupation": "occupation",
    "employer": "employer",
}
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass(frozen=True)
class ReviewRow:
    """One open review item as the GUI and ``import review --json`` show it."""

    id: int
    version: int
    batch_id: int | None
    customer_id: int | None
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    field: str | None
    raw: str | None
    code: str
    reason: str
    status: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _row(item: m.ReviewItem) -> ReviewRow:
    return ReviewRow(
        id=item.id,
        version=item.version,
        batch_id=item.batch_id,
        customer_id=item.customer_id,
        file=item.file,
        sheet=item.sheet,
        row=item.row,
        column=item.column,
        field=item.field,
        raw=item.raw,
        code=item.code,
        reason=item.reason,
        status=item.status,
    )


def _visible(session: Session, actor: Actor) -> ColumnElement[bool]:
    """Items an actor may see: administrators all; supervisors and heads those of their branch
    (the notebook owner's or the customer's); everyone else their own batches (as owner or as
    who imported) and items about customers they currently serve."""
    if actor.has(Role.ADMIN):
        return true()
    if actor.staff_id is None:
        return false()
    batch = m.ImportBatch
    own_batch = exists().where(
        batch.id == m.ReviewItem.batch_id,
        or_(batch.owner_id == actor.staff_id, batch.staff_id == actor.staff_id),
    )
    if sees_whole_branch(actor.roles) and actor.branch_id is not None:
        branches = branch_ids(session, actor.branch_id)
        owner_in_branch = exists().where(
            batch.id == m.ReviewItem.batch_id,
            m.Staff.id == batch.owner_id,
            m.Staff.branch_id.in_(branches),
        )
        customer_in_branch = exists().where(
            m.Customer.id == m.ReviewItem.customer_id, m.Customer.branch_id.in_(branches)
        )
        return or_(own_batch, owner_in_branch, customer_in_branch)
    served = exists().where(
        m.Assignment.customer_id == m.ReviewItem.customer_id,
        m.Assignment.staff_id == actor.staff_id,
        m.Assignment.valid_to.is_(None),
    )
    if Role.MANAGER in actor.roles:
        return or_(own_batch, served)
    return own_batch


def _query(session: Session, actor: Actor) -> Select[m.ReviewItem]:
    return select(m.ReviewItem).where(_visible(session, actor))


def list_open(
    session: Session, actor: Actor, *, batch_id: int | None = None, limit: int = 500
) -> list[ReviewRow]:
    """Open items the actor may see, oldest first (at most ``limit``)."""
    q = _query(session, actor).where(m.ReviewItem.status == "open")
    if batch_id is not None:
        q = q.where(m.ReviewItem.batch_id == batch_id)
    q = q.order_by(m.ReviewItem.id).limit(max(0, limit))
    return [_row(item) for item in session.scalars(q)]


def get_item(session: Session, actor: Actor, item_id: int) -> ReviewRow:
    """One item, open or resolved, if the actor may see it."""
    return _row(_load(session, actor, item_id))


def _load(session: Session, actor: Actor, item_id: int) -> m.ReviewItem:
    item = session.scalar(_query(session, actor).where(m.ReviewItem.id == item_id))
    if item is None:
        raise NotFound(f"review item {item_id} not found or not visible to {actor.login}")
    return item


def _open_at(session: Session, actor: Actor, item_id: int, expected_version: int) -> m.ReviewItem:
    item = _load(session, actor, item_id)
    session.refresh(item)
    if item.version != expected_version:
        raise ConflictError("review_item", item_id, _row(item).as_json(), item.version)
    if item.status != "open":
        raise ServiceError(f"review item {item_id} is already {item.status}")
    return item


def _changes(field_name: str, value: str) -> dict[str, Any]:
    """The customer fields a corrected review value sets."""
    target = FIXABLE_FIELDS[field_name]
    text = value.strip()
    if target == "birth_md" or (target == "birth_date" and _MONTH_DAY.match(text)):
        md = _MONTH_DAY.match(text)
        if md is None:
            raise ValidationError({field_name: "use MM-DD"})
        return {"birth_month": md.group(1), "birth_day": md.group(2)}
    if target == "id_number":
        return {"id_type": "resident_id", "id_number": text.upper()}
    return {target: text}


def _resolve(session: Session, actor: Actor, item: m.ReviewItem, status: str) -> None:
    item.status = status
    item.resolved_by = actor.staff_id
    item.resolved_at = dt.datetime.now(dt.UTC)
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        fresh = session.get(m.ReviewItem, item.id)
        assert fresh is not None
        raise ConflictError("review_item", item.id, _row(fresh).as_json(), fresh.version) from None
    hooks.record(session, actor, "review_item", item.id, status, {"code": item.code})


def accept(
    session: Session,
    actor: Actor,
    item_id: int,
    expected_version: int,
    value: str | None = None,
) -> None:
    """A person confirms the item. With ``value``, the item's ``field`` of its customer is set
    to it through the normal customer validation (status ``fixed``); without, the stored data
    is accepted as it is (status ``accepted``). Raises ConflictError when the item (or the
    customer) changed since ``expected_version`` was read, ValidationError for a bad value."""
    item = _open_at(session, actor, item_id, expected_version)
    if value is None:
        _resolve(session, actor, item, "accepted")
        return
    if item.customer_id is None:
        raise ValidationError({item.field or "value": "no customer was imported from this row"})
    if item.field not in FIXABLE_FIELDS:
        raise ValidationError(
            {item.field or "value": "cannot be corrected here; edit the customer file instead"}
        )
    if not actor.has(Role.MANAGER, Role.LOBBY, Role.SUPERVISOR, Role.HEAD):
        raise PermissionDenied(f"{actor.login} may not edit customers")
    changes = _changes(item.field, value)
    version = session.scalar(select(m.Customer.version).where(m.Customer.id == item.customer_id))
    if version is None:
        raise NotFound(f"customer {item.customer_id} no longer exists")
    customers.update_customer(session, actor, item.customer_id, version, changes)
    _resolve(session, actor, item, "fixed")


def dismiss(session: Session, actor: Actor, item_id: int, expected_version: int) -> None:
    """Close the item without changing any customer (status ``dismissed``)."""
    item = _open_at(session, actor, item_id, expected_version)
    _resolve(session, actor, item, "dismissed")
