"""Family ties between customers: who is whose spouse, parent, child or partner.

A tie is stored once, on the file where it was recorded; the family tab reads both directions
(see ``customer_file.relationships``). ``link(a, b, "parent")`` means *b is a's parent*, so b's
file shows a as a child. Households matter to a branch: assets and needs are family matters.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.phone import mask_phone
from branchcrm.domain.roles import Role
from branchcrm.services import search
from branchcrm.services.errors import NotFound, ValidationError
from branchcrm.services.visibility import require_customer, require_role

KINDS = ("spouse", "parent", "child", "partner", "other")
INVERSE = {"parent": "child", "child": "parent"}
NOTE_MAX = 200


@dataclass(frozen=True)
class Candidate:
    """A customer someone might mean when typing a relative's name (masked: only to tell apart)."""

    customer_id: int
    customer_no: str | None
    name: str
    birth_year: int | None
    phone_masked: str


def candidates(
    session: Session, actor: Actor, term: str, exclude_id: int, limit: int = 20
) -> list[Candidate]:
    """Visible customers matching ``term`` (name, pinyin, phone or ID fragment), for linking."""
    term = term.strip()
    if not term:
        return []
    ids = [
        i for i in search.search_customer_ids(session, actor, term, limit + 1) if i != exclude_id
    ]
    if not ids:
        return []
    rows = session.execute(
        select(
            m.Customer.id,
            m.Customer.customer_no,
            m.Customer.name,
            m.Customer.birth_date,
            m.Customer.mobile,
        ).where(m.Customer.id.in_(ids[:limit]))
    ).all()
    order = {cid: n for n, cid in enumerate(ids)}
    return [
        Candidate(cid, no, name, born.year if born else None, mask_phone(mobile))
        for cid, no, name, born, mobile in sorted(rows, key=lambda r: order[r[0]])
    ]


def _stored(
    session: Session, customer_id: int, related_id: int, kind: str
) -> list[m.CustomerRelationship]:
    """The rows that say this tie, written on either file."""
    rel = m.CustomerRelationship
    return list(
        session.scalars(
            select(rel).where(
                or_(
                    and_(
                        rel.customer_id == customer_id,
                        rel.related_id == related_id,
                        rel.kind == kind,
                    ),
                    and_(
                        rel.customer_id == related_id,
                        rel.related_id == customer_id,
                        rel.kind == INVERSE.get(kind, kind),
                    ),
                )
            )
        )
    )


def link(
    session: Session,
    actor: Actor,
    customer_id: int,
    related_id: int,
    kind: str,
    note: str | None = None,
) -> int:
    """Record that ``related_id`` is ``customer_id``'s ``kind``; both must be visible to the actor."""
    require_role(actor, Role.MANAGER, Role.SUPERVISOR, Role.HEAD)
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = f"must be one of {', '.join(KINDS)}"
    if customer_id == related_id:
        errors["related_id"] = "a customer cannot be related to themselves"
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        errors["note"] = f"at most {NOTE_MAX} characters"
    if errors:
        raise ValidationError(errors)
    require_customer(session, actor, customer_id)
    require_customer(session, actor, related_id)
    if _stored(session, customer_id, related_id, kind):
        raise ValidationError({"related_id": "this relation is already recorded"})
    row = m.CustomerRelationship(
        customer_id=customer_id, related_id=related_id, kind=kind, note=note
    )
    session.add(row)
    session.flush()
    return row.id


def unlink(session: Session, actor: Actor, customer_id: int, related_id: int, kind: str) -> int:
    """Remove the tie as seen from ``customer_id``'s file, whichever file recorded it."""
    require_role(actor, Role.MANAGER, Role.SUPERVISOR, Role.HEAD)
    require_customer(session, actor, customer_id)
    rows = _stored(session, customer_id, related_id, kind)
    if not rows:
        raise NotFound(f"customer {customer_id} has no {kind} relation to {related_id}")
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)
