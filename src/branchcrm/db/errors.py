"""Errors of the data layer that callers catch without loading alembic (see ``db.schema``)."""

from __future__ import annotations


class SchemaError(RuntimeError):
    """The database cannot be used by this version of the application."""
