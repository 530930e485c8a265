"""Portfolio sorting: a pinyin sort key for names, and indexes for the list's sorts and filters.

``customer.name_key`` (see ``search_keys.name_sort_key``) sorts names the way a Chinese
reader expects (李 before 林, all 李 together), bytewise on both databases; it is filled
here for existing customers. The sorts get indexes ending in the id tie-breaker, and the
tier and risk filters indexes that list names in order, so that a page reads one page of
an index instead of sorting the branch; a partial index finds customers still missing a
key (rows written by ``COPY``).

The customer table is altered in place (no batch copy): a copy would drop the SQLite
full-text triggers defined on it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_LENGTH = 200
MISSING = sa.text("name_key IS NULL")
BATCH = 5_000


def upgrade() -> None:
    op.add_column(
        "customer",
        sa.Column(
            "name_key",
            sa.String(length=KEY_LENGTH).with_variant(
                sa.String(length=KEY_LENGTH, collation="C"), "postgresql"
            ),
            nullable=True,
        ),
    )
    _fill_name_keys()
    op.create_index("ix_customer_name_key", "customer", ["name_key", "id"], unique=False)
    op.create_index(
        "ix_customer_tier_name_key", "customer", ["tier_code", "name_key", "id"], unique=False
    )
    op.create_index(
        "ix_customer_risk_name_key", "customer", ["risk_level", "name_key", "id"], unique=False
    )
    op.create_index("ix_customer_completeness", "customer", ["completeness", "id"], unique=False)
    op.create_index(
        "ix_customer_name_key_missing",
        "customer",
        ["id"],
        unique=False,
        sqlite_where=MISSING,
        postgresql_where=MISSING,
    )
    # Statistics for the new indexes, where the planner keeps statistics: without them
    # SQLite would take an equality index (risk C3: a third of the branch) and sort it.
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" or sa.inspect(bind).has_table("sqlite_stat1"):
        op.execute("ANALYZE customer")


def _fill_name_keys() -> None:
    from branchcrm.domain.search_keys import name_sort_key

    conn = op.get_bind()
    customer = sa.table(
        "customer", sa.column("id", sa.Integer), sa.column("name"), sa.column("name_key")
    )
    memo: dict[str, str] = {}
    rows = conn.execute(sa.select(customer.c.id, customer.c.name)).all()
    update = (
        sa.update(customer)
        .where(customer.c.id == sa.bindparam("cid"))
        .values(name_key=sa.bindparam("key"))
    )
    for start in range(0, len(rows), BATCH):
        params = []
        for cid, name in rows[start : start + BATCH]:
            key = memo.get(name)
            if key is None:
                key = memo[name] = name_sort_key(name or "")
            params.append({"cid": cid, "key": key})
        conn.execute(update, params)


def downgrade() -> None:
    op.drop_index(
        "ix_customer_name_key_missing",
        table_name="customer",
        sqlite_where=MISSING,
        postgresql_where=MISSING,
    )
    op.drop_index("ix_customer_completeness", table_name="customer")
    op.drop_index("ix_customer_risk_name_key", table_name="customer")
    op.drop_index("ix_customer_tier_name_key", table_name="customer")
    op.drop_index("ix_customer_name_key", table_name="customer")
    op.drop_column("customer", "name_key")
