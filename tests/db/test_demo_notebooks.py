"""The demo's sample notebooks: messy like real ones, one imported for manager1, one left for
the import wizard; their doubts reach the review queue, their known people are matched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.importers.notebook import import_notebooks
from branchcrm.services import demo_notebooks
from branchcrm.services.demo import generate_demo

TODAY = dt.date(2026, 5, 20)


def _manager1(db: Database) -> Actor:
    with db.session() as s:
        staff = s.scalar(select(m.Staff).where(m.Staff.login == "manager1"))
        assert staff is not None
        return Actor(staff.id, staff.login, staff.name, frozenset({Role.MANAGER}), staff.branch_id)


def test_the_demo_imports_manager1s_notebook_and_leaves_one_for_the_wizard(
    db: Database, tmp_path: Path
) -> None:
    generate_demo(db, customers=120, managers=2, months=2, seed=3, today=TODAY)
    samples = demo_notebooks.install(db, tmp_path / "nb", today=TODAY)
    assert samples.imported.is_file() and samples.for_wizard.is_file()
    assert samples.imported.name == "客户登记本_2023_" + _manager1(db).name + ".xlsx"
    assert samples.batch_id is not None and samples.review_items > 0

    with db.session() as s:
        items = list(
            s.scalars(select(m.ReviewItem).where(m.ReviewItem.batch_id == samples.batch_id))
        )
        codes = {i.code for i in items}
        # What a machine must not guess is queued, with the sheet and row it came from.
        assert {"id_destroyed", "amount_range", "phone_multiple", "stored_conflict"} <= codes
        assert all(i.sheet in ("2023年", "2024年") and i.row for i in items)
        # The branch's own customers listed in the notebook were matched, not duplicated
        # (one of them written with a space inside the name): five known, none new.
        batch = s.get(m.ImportBatch, samples.batch_id)
        assert batch is not None and batch.owner_id == _manager1(db).staff_id
        imported = list(
            s.scalars(select(m.Customer).where(m.Customer.source == f"import:{samples.batch_id}"))
        )
        assert len(imported) == 24
        assert all(" " not in c.name for c in imported)
        birthday_only = [c for c in imported if c.birth_date is None and c.birth_month]
        assert birthday_only, "a birthday written without its year keeps month and day"

    # The wizard's file: a GBK CSV with other header words; three of its people are known.
    preview = import_notebooks(
        db, _manager1(db), [samples.for_wizard], owner_login="manager1", dry_run=True, today=TODAY
    )
    assert preview.ok and preview.files[0].encoding in ("gb18030", "gbk")
    assert (preview.customers_new, preview.customers_matched) == (18, 3)


def test_sample_notebooks_go_beside_the_sqlite_database_file(db: Database) -> None:
    from branchcrm.db.engine import default_sqlite_path

    url = db.engine.url
    folder = demo_notebooks.default_folder(db)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        assert folder == Path(str(url.database)).resolve().parent / "demo-notebooks"
    else:  # a shared PostgreSQL database: beside the default file of this workstation
        assert folder == default_sqlite_path().parent / "demo-notebooks"
