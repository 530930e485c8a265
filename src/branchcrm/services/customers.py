"""Customer files: create, edit without silent overwrites, read masked, reveal audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.completeness import missing_fields
from branchcrm.domain.idnumber import mask_id
from branchcrm.domain.phone import mask_phone
from branchcrm.domain.roles import Role, may_reveal_full_values
from branchcrm.domain.search_keys import normalize_term
from branchcrm.services import assignments
from branchcrm.services.customer_rules import EDITABLE_FIELDS, MASKED_FIELDS, validate
from branchcrm.services.errors import ConflictError, PermissionDenied, ValidationError
from branchcrm.services.visibility import require_customer

__all__ = [
    "EDITABLE_FIELDS",
    "CustomerFile",
    "DuplicateHint",
    "StaffRef",
    "create_customer",
    "find_duplicates",
    "get_customer",
    "reveal",
    "update_customer",
    "validate",
]


@dataclass(frozen=True)
class StaffRef:
    id: int
    login: str
    name: str


@dataclass
class CustomerFile:
    id: int
    version: int
    values: dict[str, Any]
    tier_code: str | None
    tier_name: str | None
    aum_fen: int
    primary: StaffRef | None
    secondary: StaffRef | None
    tags: list[str]
    completeness: int
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DuplicateHint:
    customer_id: int
    name: str
    masked_phone: str
    reason: str


def _values(c: m.Customer, *, masked: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in EDITABLE_FIELDS:
        if key == "tags":
            out[key] = sorted(t.tag for t in c.tags)
        else:
            out[key] = getattr(c, key)
    if masked:
        out["id_number"] = mask_id(c.id_number)
        out["mobile"] = mask_phone(c.mobile)
        out["other_phones"] = ",".join(
            mask_phone(p) for p in (c.other_phones or "").split(",") if p
        )
    return out


def _apply(c: m.Customer, clean: dict[str, Any]) -> None:
    for key, value in clean.items():
        if key == "tags":
            current = {t.tag for t in c.tags}
            wanted = set(value)
            c.tags = [t for t in c.tags if t.tag in wanted] + [
                m.CustomerTag(tag=t) for t in sorted(wanted - current)
            ]
        else:
            setattr(c, key, value)
    if clean.get("birth_date"):
        c.birth_month = clean["birth_date"].month
        c.birth_day = clean["birth_date"].day


def _check_unique_id(session: Session, clean: dict[str, Any], exclude: int | None) -> None:
    number = clean.get("id_number")
    if not number:
        return
    stmt = select(m.Customer.id).where(
        m.Customer.id_type == (clean.get("id_type") or "resident_id"),
        m.Customer.id_number == number,
    )
    if exclude is not None:
        stmt = stmt.where(m.Customer.id != exclude)
    if session.scalar(stmt) is not None:
        raise ValidationError({"id_number": "another customer already has this ID number"})


def create_customer(
    session: Session, actor: Actor, values: dict[str, Any], *, primary_staff_id: int | None = None
) -> int:
    """A walk-in needs only a name and a phone; the primary manager is required from the start."""
    if not actor.has(Role.MANAGER, Role.LOBBY, Role.SUPERVISOR, Role.HEAD):
        raise PermissionDenied(f"{actor.login} may not create customers")
    clean, errors = validate({"name": values.get("name"), **values})
    if errors:
        raise ValidationError(errors)
    _check_unique_id(session, clean, None)
    if primary_staff_id is None:
        if Role.MANAGER not in actor.roles or actor.staff_id is None:
            raise ValidationError({"primary": "choose the customer manager who will serve them"})
        primary_staff_id = actor.staff_id
    assert actor.branch_id is not None
    customer = m.Customer(branch_id=actor.branch_id, name=clean["name"], status="active")
    _apply(customer, clean)
    if not customer.source:
        customer.source = "manual"
    session.add(customer)
    session.flush()
    assignments.assign(
        session,
        actor,
        customer.id,
        primary_staff_id,
        "primary",
        reason="new customer",
        creating=True,
    )
    return customer.id


def update_customer(
    session: Session, actor: Actor, customer_id: int, expected_version: int, changes: dict[str, Any]
) -> int:
    """Save edits made against ``expected_version``; a newer stored version raises ConflictError."""
    customer = require_customer(session, actor, customer_id)
    if Role.LOBBY in actor.roles and not actor.has(Role.MANAGER, Role.SUPERVISOR, Role.HEAD):
        allowed = {"name", "mobile", "other_phones", "address", "notes", "tags"}
        if set(changes) - allowed:
            raise PermissionDenied("lobby staff may only correct contact details")
    session.refresh(customer)
    if customer.version != expected_version:
        raise ConflictError(
            "customer", customer_id, _values(customer, masked=False), customer.version
        )
    clean, errors = validate({**_values(customer, masked=False), **changes})
    errors = {k: v for k, v in errors.items() if k in changes or k in ("birth_date", "gender")}
    if errors:
        raise ValidationError(errors)
    _check_unique_id(session, clean, customer_id)
    _apply(customer, {k: clean[k] for k in changes if k in clean})
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        fresh = session.get(m.Customer, customer_id)
        assert fresh is not None
        raise ConflictError(
            "customer", customer_id, _values(fresh, masked=False), fresh.version
        ) from None
    return customer.version


def _staff_ref(session: Session, customer_id: int, role: str) -> StaffRef | None:
    row = session.execute(
        select(m.Staff.id, m.Staff.login, m.Staff.name)
        .join(m.Assignment, m.Assignment.staff_id == m.Staff.id)
        .where(
            m.Assignment.customer_id == customer_id,
            m.Assignment.role == role,
            m.Assignment.valid_to.is_(None),
        )
    ).first()
    return StaffRef(*row) if row else None


def get_customer(session: Session, actor: Actor, customer_id: int) -> CustomerFile:
    c = require_customer(session, actor, customer_id)
    tier_name = None
    if c.tier_code:
        tier_name = session.scalar(select(m.Tier.name).where(m.Tier.code == c.tier_code))
    full = _values(c, masked=False)
    return CustomerFile(
        id=c.id,
        version=c.version,
        values=_values(c, masked=True),
        tier_code=c.tier_code,
        tier_name=tier_name,
        aum_fen=c.aum_fen,
        primary=_staff_ref(session, c.id, "primary"),
        secondary=_staff_ref(session, c.id, "secondary"),
        tags=full["tags"],
        completeness=c.completeness,
        missing=missing_fields(full),
    )


def editable_values(session: Session, actor: Actor, customer_id: int) -> tuple[int, dict[str, Any]]:
    """Unmasked values for the edit form, which needs them; opening it for edit is audited."""
    if not may_reveal_full_values(actor.roles):
        raise PermissionDenied(f"{actor.login} may not edit full identity details")
    c = require_customer(session, actor, customer_id)
    hooks.record(session, actor, "customer", c.id, "open_for_edit")
    return c.version, _values(c, masked=False)


def reveal(session: Session, actor: Actor, customer_id: int, field_name: str) -> str:
    """The full value of a masked field, recorded in the audit log."""
    if field_name not in MASKED_FIELDS:
        raise ValidationError({field_name: "is not a masked field"})
    if not may_reveal_full_values(actor.roles):
        raise PermissionDenied(f"{actor.login} may not see full {field_name}")
    c = require_customer(session, actor, customer_id)
    hooks.record(session, actor, "customer", c.id, "reveal", {"field": field_name})
    return str(getattr(c, field_name) or "")


def find_duplicates(
    session: Session,
    actor: Actor,
    *,
    name: str | None = None,
    mobile: str | None = None,
    id_number: str | None = None,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[DuplicateHint]:
    """Possible existing files for a new customer, branch-wide, masked."""
    assert actor.branch_id is not None
    hints: dict[int, DuplicateHint] = {}
    base = select(m.Customer.id, m.Customer.name, m.Customer.mobile).where(
        m.Customer.branch_id == actor.branch_id
    )
    if exclude_id is not None:
        base = base.where(m.Customer.id != exclude_id)
    checks: list[tuple[Any, str]] = []
    digits = "".join(ch for ch in (mobile or "") if ch.isdigit())
    clean_name = normalize_term(name or "")
    if id_number and len(id_number.strip()) >= 15:
        checks.append(
            (func.upper(m.Customer.id_number) == id_number.strip().upper(), "same ID number")
        )
    if len(digits) == 11:
        checks.append(
            (
                or_(m.Customer.mobile == digits, m.Customer.other_phones.contains(digits)),
                "same phone",
            )
        )
    if clean_name and len(digits) >= 4:
        checks.append(
            (
                and_(m.Customer.name == clean_name, m.Customer.mobile.like(f"%{digits[-4:]}")),
                "same name and phone tail",
            )
        )
    for clause, reason in checks:
        for cid, cname, cmobile in session.execute(base.where(clause).limit(limit)):
            hints.setdefault(cid, DuplicateHint(cid, cname, mask_phone(cmobile), reason))
    return list(hints.values())[:limit]


def touch_last_contact(session: Session, customer_id: int, when: dt.datetime) -> None:
    """Derived data: a plain UPDATE that does not bump the version, so that logging a contact
    never makes a colleague's open profile edit conflict."""
    session.execute(
        update(m.Customer)
        .where(
            m.Customer.id == customer_id,
            or_(m.Customer.last_contact_at.is_(None), m.Customer.last_contact_at < when),
        )
        .values(last_contact_at=when)
        .execution_options(synchronize_session=False)
    )
