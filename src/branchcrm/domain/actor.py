"""Who is acting: every change is attributed to a signed-in staff member."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from branchcrm.domain.roles import Role


def workstation_name() -> str:
    return socket.gethostname()[:100]


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    login: str
    name: str
    roles: frozenset[Role]
    branch_id: int | None
    workstation: str = field(default_factory=workstation_name)

    @classmethod
    def system(cls, what: str = "system") -> Actor:
        """For installation steps (migrations, first administrator, demo data)."""
        return cls(None, what, what, frozenset(), None)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))
