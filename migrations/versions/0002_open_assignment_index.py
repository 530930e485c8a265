"""Partial index of current assignments by staff member (replaces staff_id, valid_to).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHERE = sa.text("valid_to IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assignment_open_by_staff",
            ["staff_id", "role", "customer_id"],
            unique=False,
            sqlite_where=WHERE,
            postgresql_where=WHERE,
        )
        batch_op.drop_index("ix_assignment_staff_current")


def downgrade() -> None:
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index("ix_assignment_staff_current", ["staff_id", "valid_to"], unique=False)
        batch_op.drop_index(
            "ix_assignment_open_by_staff", sqlite_where=WHERE, postgresql_where=WHERE
        )
