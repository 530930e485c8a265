"""Errors the services raise for people, not programmers: each message is one clear line."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base of all user-facing errors."""


class NotFound(ServiceError):
    pass


class PermissionDenied(ServiceError):
    pass


class ValidationError(ServiceError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class InvariantError(ServiceError):
    """A change would break a rule of the branch (e.g. a customer without a primary manager)."""


class SignInError(ServiceError):
    pass


class ConflictError(ServiceError):
    """Someone else saved this record first. ``theirs`` holds the stored values and version."""

    def __init__(self, entity: str, entity_id: int, theirs: dict[str, Any], version: int) -> None:
        self.entity = entity
        self.entity_id = entity_id
        self.theirs = theirs
        self.version = version
        super().__init__(
            f"{entity} {entity_id} was changed by someone else (now version {version}); "
            "review their values before saving"
        )
