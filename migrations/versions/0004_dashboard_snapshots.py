"""Dashboard speed: a covering index for month balances, and potential-score snapshots.

``ix_period_balance_period_customer`` (period, customer_id, avg_balance_fen) replaces the
index on period alone: a month's branch total and a month's balances per customer are then
read from the index without touching the table.

``potential_run`` and ``potential_snapshot`` keep the potential engine's scores as of a day
(the first day of a reporting period), written by the engine runs and, when missing, by the
first dashboard view of the period, so that a view no longer scores the whole branch.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_period_balance_period_customer",
        "period_balance",
        ["period", "customer_id", "avg_balance_fen"],
        unique=False,
    )
    op.drop_index("ix_period_balance_period", table_name="period_balance")
    op.create_table(
        "potential_run",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("taken_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("weights", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["taken_by"], ["staff.id"], name=op.f("fk_potential_run_taken_by_staff")
        ),
        sa.PrimaryKeyConstraint("as_of", name=op.f("pk_potential_run")),
    )
    op.create_table(
        "potential_snapshot",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column(
            "customer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["as_of"],
            ["potential_run.as_of"],
            name=op.f("fk_potential_snapshot_as_of_potential_run"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_potential_snapshot_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("as_of", "customer_id", name=op.f("pk_potential_snapshot")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" or sa.inspect(bind).has_table("sqlite_stat1"):
        op.execute("ANALYZE period_balance")


def downgrade() -> None:
    op.drop_table("potential_snapshot")
    op.drop_table("potential_run")
    op.create_index("ix_period_balance_period", "period_balance", ["period"], unique=False)
    op.drop_index("ix_period_balance_period_customer", table_name="period_balance")
