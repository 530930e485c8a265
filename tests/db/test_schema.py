"""Migrations build the schema from empty on both databases, and it matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from branchcrm.db import schema
from branchcrm.db.models import Base
from branchcrm.db.session import Database


def test_upgrade_from_empty_reaches_head(db: Database) -> None:
    assert schema.status(db.engine).state is schema.SchemaState.CURRENT


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "include_object": _include_object,
                "compare_type": True,
            },
        )
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def _include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    prefixes = ("customer_fts", "customer_keys", "ix_customer_search_", "ix_customer_short_")
    return not (name and name.startswith(prefixes))


def test_database_is_marked_as_branchcrm(db: Database) -> None:
    with db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT value FROM app_meta WHERE key='app'")).scalar() == "branchcrm"
        )
