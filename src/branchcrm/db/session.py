"""One Session per user action, carrying the signed-in staff member for attribution."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from branchcrm.db import hooks
from branchcrm.domain.actor import Actor


class Database:
    """An engine and its session factory; created once by the composition root."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.factory = sessionmaker(engine, expire_on_commit=False)
        hooks.install(self.factory)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self, actor: Actor | None = None) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self.factory()
        session.info["actor"] = actor
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
