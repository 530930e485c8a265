"""The GUI's only way to the services: one ``db.session(actor)`` per user action.

A lost database connection (``OperationalError``) becomes :class:`DatabaseUnavailable` and a
``connection_lost`` signal, which shows the banner; callers keep their unsaved edits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import DBAPIError, OperationalError

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.services.errors import ServiceError

R = TypeVar("R")


class DatabaseUnavailable(ServiceError):
    """The database cannot be reached right now; the action can be retried."""


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


class Gateway(QObject):
    connection_lost = Signal(str)
    connection_restored = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.online = True

    def call(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """``fn(session, actor, *args, **kwargs)`` in its own unit of work."""
        try:
            with self.db.session(self.actor) as session:
                return fn(session, self.actor, *args, **kwargs)
        except OperationalError as exc:
            raise self._lost(exc) from exc
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise self._lost(exc) from exc
            raise

    def call_plain(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """``fn(session, *args, **kwargs)``: for services that take no actor."""
        try:
            with self.db.session(self.actor) as session:
                return fn(session, *args, **kwargs)
        except OperationalError as exc:
            raise self._lost(exc) from exc

    def _lost(self, exc: BaseException) -> DatabaseUnavailable:
        reason = _reason(exc)
        self.online = False
        self.connection_lost.emit(reason)
        return DatabaseUnavailable(reason)

    def retry(self) -> bool:
        """Check the connection again; on success the banner goes and screens reload."""
        from branchcrm.db import schema

        try:
            self.db.engine.dispose()
            schema.ping(self.db.engine)
        except Exception as exc:
            self.connection_lost.emit(_reason(exc))
            return False
        self.online = True
        self.connection_restored.emit()
        return True
