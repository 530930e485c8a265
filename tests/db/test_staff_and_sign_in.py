"""Staff accounts, argon2 passwords and lock-out, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.services import auth, staff
from branchcrm.services.errors import (
    InvariantError,
    PermissionDenied,
    SignInError,
    ValidationError,
)
from tests.factories import PASSWORD, make_branch


def test_first_staff_member_on_an_empty_database_becomes_administrator(db: Database) -> None:
    with db.session() as s:
        staff.add_staff(s, None, login="alice", name="Alice", roles=["manager"], password=PASSWORD)
    with db.session() as s:
        alice = s.scalar(select(m.Staff).where(m.Staff.login == "alice"))
        assert alice is not None
        assert alice.role_names == {"admin", "manager"}
        assert alice.password_hash.startswith("$argon2id$")


def test_second_staff_member_needs_an_administrator(db: Database) -> None:
    branch = make_branch(db)
    with db.session(branch.m1) as s, pytest.raises(PermissionDenied):
        staff.add_staff(s, branch.m1, login="x1", name="X", roles=["manager"], password=PASSWORD)


def test_short_password_and_bad_login_are_refused(db: Database) -> None:
    with db.session() as s, pytest.raises(ValidationError) as err:
        staff.add_staff(s, None, login="9bad", name="", roles=["manager"], password="short")
    assert "login" in err.value.errors and "name" in err.value.errors


def test_sign_in_returns_roles_and_branch(db: Database) -> None:
    branch = make_branch(db)
    assert branch.m1.roles == {"manager"}
    assert branch.m1.branch_id == branch.admin.branch_id


def test_wrong_password_and_unknown_login_say_the_same(db: Database) -> None:
    make_branch(db)
    messages = []
    for login in ("m1", "nobody"):
        with db.session() as s, pytest.raises(SignInError) as err:
            auth.sign_in(s, login, "wrong-password")
        messages.append(str(err.value))
    assert messages[0] == messages[1] == "wrong login or password"


def test_five_failures_lock_the_account_even_for_the_right_password(db: Database) -> None:
    make_branch(db)
    for _ in range(auth.MAX_FAILURES):
        with db.session() as s, pytest.raises(SignInError):
            auth.sign_in(s, "m2", "wrong-password")
    with db.session() as s, pytest.raises(SignInError, match="locked"):
        auth.sign_in(s, "m2", PASSWORD)


def test_departed_staff_cannot_sign_in(db: Database) -> None:
    branch = make_branch(db)
    with db.session(branch.admin) as s:
        staff.set_status(s, branch.admin, "m3", "departed")
    with db.session() as s, pytest.raises(SignInError, match="no longer active"):
        auth.sign_in(s, "m3", PASSWORD)


def test_a_manager_still_serving_customers_cannot_simply_depart(db: Database) -> None:
    branch = make_branch(db)
    branch.customer(branch.m1, "李娜", mobile="13812345678")
    with db.session(branch.admin) as s, pytest.raises(InvariantError, match="hand them over"):
        staff.set_status(s, branch.admin, "m1", "departed")


def test_the_last_administrator_cannot_leave(db: Database) -> None:
    branch = make_branch(db)
    with db.session(branch.admin) as s, pytest.raises(InvariantError):
        staff.set_status(s, branch.admin, "admin", "departed")
