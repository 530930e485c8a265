"""Staff roles and what each may do; the services enforce these, the GUI only reflects them."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    MANAGER = "manager"  # 客户经理
    LOBBY = "lobby"  # 大堂经理
    SUPERVISOR = "supervisor"  # 主管
    HEAD = "head"  # 网点负责人 / 行长
    ADMIN = "admin"  # 系统管理员


class StaffStatus(enum.StrEnum):
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    DEPARTED = "departed"
    TRANSFERRED = "transferred"


BRANCH_WIDE_ROLES = frozenset({Role.SUPERVISOR, Role.HEAD})
CUSTOMER_ROLES = frozenset({Role.MANAGER, Role.LOBBY, Role.SUPERVISOR, Role.HEAD})


def sees_whole_branch(roles: frozenset[Role]) -> bool:
    return bool(roles & BRANCH_WIDE_ROLES)


def may_see_customers(roles: frozenset[Role]) -> bool:
    return bool(roles & CUSTOMER_ROLES)


def may_reveal_full_values(roles: frozenset[Role]) -> bool:
    """Lobby staff greet walk-ins and never need full ID numbers."""
    return bool(roles & {Role.MANAGER, Role.SUPERVISOR, Role.HEAD})


def may_manage_staff(roles: frozenset[Role]) -> bool:
    return Role.ADMIN in roles or Role.HEAD in roles


def may_reassign(roles: frozenset[Role]) -> bool:
    return sees_whole_branch(roles)
