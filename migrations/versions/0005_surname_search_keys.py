"""Search keys with surnames read as surnames: typing ``zeng`` or ``zw`` finds 曾伟.

``search_keys.search_text`` and ``short_keys`` now also carry the pinyin of the name with
its surname's own reading (``search_keys.surname_variant``); customers whose name starts
with such a surname get their keys recomputed here, as the session hooks would compute them.
The full-text tables follow through their triggers (SQLite) or the trigram index
(PostgreSQL). Downgrading keeps the extra keys: they only add matches.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from branchcrm.domain import search_keys as sk

    conn = op.get_bind()
    customer = sa.table(
        "customer",
        sa.column("id", sa.Integer),
        sa.column("name"),
        sa.column("mobile"),
        sa.column("other_phones"),
        sa.column("id_number"),
        sa.column("search_text"),
        sa.column("short_keys"),
    )
    first = sa.func.substr(customer.c.name, 1, 1)
    rows = conn.execute(
        sa.select(
            customer.c.id,
            customer.c.name,
            customer.c.mobile,
            customer.c.other_phones,
            customer.c.id_number,
        ).where(first.in_(sorted(sk.SURNAME_READINGS)))
    ).all()
    values = []
    for cid, name, mobile, other_phones, id_number in rows:
        phones = [p for p in [mobile, *(other_phones or "").split(",")] if p]
        values.append(
            {
                "cid": cid,
                "text": sk.search_text(name or "", phones, id_number),
                "short": sk.short_keys(name or ""),
            }
        )
    if values:
        conn.execute(
            sa.update(customer)
            .where(customer.c.id == sa.bindparam("cid"))
            .values(search_text=sa.bindparam("text"), short_keys=sa.bindparam("short")),
            values,
        )


def downgrade() -> None:
    """Nothing to undo: the extra keys only add matches."""
