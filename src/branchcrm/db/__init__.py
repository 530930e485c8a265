"""Storage: SQLAlchemy models, engine and sessions, migrations glue, search queries."""
