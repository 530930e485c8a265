"""Alembic environment: one migration history for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from branchcrm.db.base import UTCDateTime
from branchcrm.db.models import Base

config = context.config
target_metadata = Base.metadata

# Search indexes and append-only triggers are written by hand in the revisions
# (FTS5 virtual tables on SQLite, pg_trgm/GIN indexes on PostgreSQL); autogenerate
# must not try to drop them.
HAND_WRITTEN_PREFIXES = (
    "customer_fts",
    "customer_keys",
    "ix_customer_search_",
    "ix_customer_short_",
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (name and name.startswith(HAND_WRITTEN_PREFIXES))


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render our TypeDecorators as the plain types they store."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as conn:
        run(conn)


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `branchcrm db upgrade`")
run_online()
