"""Sign-in with argon2 password hashes and lock-out after repeated failures."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.services.errors import SignInError, ValidationError

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    check_password_policy(password)
    return _hasher.hash(password)


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError({"password": f"must have at least {MIN_PASSWORD} characters"})


def actor_for(staff: m.Staff) -> Actor:
    return Actor(
        staff_id=staff.id,
        login=staff.login,
        name=staff.name,
        roles=frozenset(Role(r) for r in staff.role_names),
        branch_id=staff.branch_id,
    )


def sign_in(
    session: Session, login: str, password: str, *, now: dt.datetime | None = None
) -> Actor:
    """Return the signed-in staff member; the same message for unknown login and bad password."""
    now = now or dt.datetime.now(dt.UTC)
    staff = session.scalar(select(m.Staff).where(m.Staff.login == login.strip()))
    bad = SignInError("wrong login or password")
    if staff is None:
        _hasher.hash(password)  # same cost as a real check: do not reveal which logins exist
        raise bad
    session.info["actor"] = Actor(staff.id, staff.login, staff.name, frozenset(), staff.branch_id)
    if staff.locked_until and staff.locked_until > now:
        minutes = int((staff.locked_until - now).total_seconds() // 60) + 1
        session.rollback()
        raise SignInError(
            f"account locked after repeated failed sign-ins; try again in {minutes} min"
        )
    if staff.status in ("departed", "transferred"):
        raise SignInError("this account is no longer active")
    try:
        _hasher.verify(staff.password_hash, password)
    except (VerificationError, InvalidHashError):
        staff.failed_logins += 1
        if staff.failed_logins >= MAX_FAILURES:
            staff.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            staff.failed_logins = 0
        session.commit()  # the failure must count even though sign-in fails
        raise bad from None
    if _hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = _hasher.hash(password)
    staff.failed_logins = 0
    staff.locked_until = None
    staff.last_login_at = now
    session.flush()
    actor = actor_for(staff)
    session.info["actor"] = actor
    return actor


def verify_password(session: Session, actor: Actor, password: str) -> bool:
    """Used to unlock an idle-locked workstation without a full sign-in."""
    staff = session.get(m.Staff, actor.staff_id)
    if staff is None:
        return False
    try:
        return bool(_hasher.verify(staff.password_hash, password))
    except (VerificationError, InvalidHashError):
        return False
