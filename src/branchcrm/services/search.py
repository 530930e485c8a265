"""Customer search by name, pinyin, initials, phone or ID fragment, fast on both databases.

Terms of 3+ characters use the trigram index (SQLite FTS5 trigram, PostgreSQL pg_trgm).
Shorter terms, which trigram indexes cannot serve, are looked up as whole tokens among each
customer's short keys (every 1- and 2-character piece of the name, pinyin and initials).
Short digit-only terms are rare and meaningless as phone fragments; they scan.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    Select,
    Text,
    cast,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.search_keys import normalize_term
from branchcrm.services.visibility import customer_clause


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def term_clause(session: Session, term: str) -> ColumnElement[bool] | None:
    """A WHERE clause on ``customer`` matching the term, or None for an empty term."""
    clean = normalize_term(term)
    if not clean:
        return None
    dialect = session.get_bind().dialect.name
    like = m.Customer.search_text.like(f"%{_like_escape(clean)}%", escape="\\")
    if len(clean) >= 3:
        if dialect == "sqlite":
            return _fts5_match("customer_fts", clean)
        return like  # served by the pg_trgm GIN index
    if clean.isdigit():
        return like
    if dialect == "sqlite":
        return _fts5_match("customer_keys", clean)
    # Same expression as the GIN index ix_customer_short_keys, so PostgreSQL uses it.
    from sqlalchemy.dialects import postgresql  # not loaded at all on SQLite

    keys = func.string_to_array(m.Customer.short_keys, literal_column("' '"))
    return keys.op("@>", return_type=Boolean)(cast(postgresql.array([clean]), ARRAY(Text)))


def _fts5_match(table: str, term: str) -> ColumnElement[bool]:
    ids: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(text(table))
        .where(text(f"{table} MATCH :q").bindparams(q=_fts_phrase(term)))
    )
    return m.Customer.id.in_(ids)


def apply_term(session: Session, stmt: Select[Any], term: str) -> Select[Any]:
    clause = term_clause(session, term)
    return stmt if clause is None else stmt.where(clause)


def search_customer_ids(session: Session, actor: Actor, term: str, limit: int = 50) -> list[int]:
    """Ids of visible customers matching ``term``, best-known (largest assets) first."""
    stmt = select(m.Customer.id).where(customer_clause(session, actor, scope="branch"))
    clause = term_clause(session, term)
    if clause is None:
        return []
    stmt = stmt.where(clause).order_by(m.Customer.aum_fen.desc(), m.Customer.id).limit(limit)
    return list(session.scalars(stmt))
