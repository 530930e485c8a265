"""Plain-Python rules and value types: no Qt, no SQLAlchemy."""
