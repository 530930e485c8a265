"""Customer export (xlsx, csv, json) limited to what the signed-in staff member may see,
and the error/review workbook of an import."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import may_see_customers, sees_whole_branch
from branchcrm.services.errors import PermissionDenied, ServiceError

CHINA = dt.timezone(dt.timedelta(hours=8))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FIELDS = (
    "name",
    "mobile",
    "other_phones",
    "id_number",
    "birthday",
    "birthday_month_day",
    "assets_cny",
    "risk_level",
    "address",
    "primary_manager",
    "secondary_manager",
)


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else f"{fen / 100:.2f}"


def customers_for_export(db: Database, actor: Actor) -> list[dict[str, Any]]:
    """Managers get the customers they currently serve; supervisors and heads their branch."""
    if not may_see_customers(actor.roles):
        raise PermissionDenied("your role may not export customers")
    with db.session(actor) as session:
        c = m.Customer
        q = select(c).order_by(c.id)
        if sees_whole_branch(actor.roles):
            q = q.where(c.branch_id == actor.branch_id)
        else:
            served = select(m.Assignment.customer_id).where(
                m.Assignment.staff_id == actor.staff_id, m.Assignment.valid_to.is_(None)
            )
            q = q.where(c.id.in_(served))
        customers = list(session.scalars(q))
        ids = [x.id for x in customers]
        managers: dict[tuple[int, str], str] = {}
        contacts: dict[int, list[dict[str, Any]]] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            for cid, role, login in session.execute(
                select(m.Assignment.customer_id, m.Assignment.role, m.Staff.login)
                .join(m.Staff, m.Staff.id == m.Assignment.staff_id)
                .where(m.Assignment.customer_id.in_(part), m.Assignment.valid_to.is_(None))
            ):
                managers[(cid, role)] = login
            for k in session.scalars(
                select(m.Contact)
                .where(m.Contact.customer_id.in_(part))
                .order_by(m.Contact.occurred_at)
            ):
                contacts.setdefault(k.customer_id, []).append(
                    {
                        "date": k.occurred_at.astimezone(CHINA).date().isoformat(),
                        "channel": k.channel,
                        "product": k.products_recommended,
                        "amount_cny": _yuan(k.amount_fen),
                        "note": k.summary,
                    }
                )
        out = []
        for x in customers:
            md = f"{x.birth_month:02d}-{x.birth_day:02d}" if x.birth_month and x.birth_day else None
            out.append(
                {
                    "name": x.name,
                    "mobile": x.mobile,
                    "other_phones": x.other_phones,
                    "id_number": x.id_number,
                    "birthday": x.birth_date.isoformat() if x.birth_date else None,
                    "birthday_month_day": md,
                    "assets_cny": _yuan(x.aum_fen),
                    "risk_level": x.risk_level,
                    "address": x.address,
                    "primary_manager": managers.get((x.id, "primary")),
                    "secondary_manager": managers.get((x.id, "secondary")),
                    "contacts": contacts.get(x.id, []),
                }
            )
        hooks.record(session, actor, "customer", None, "export", {"count": len(out)})
    return out


def safe_text(value: Any) -> Any:
    """Spreadsheet programs run cells that start with = + - @ as formulas: make them text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_customers(db: Database, actor: Actor, fmt: str, out: Path) -> int:
    rows = customers_for_export(db, actor)
    out = Path(out)
    if fmt == "json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads UTF-8
            w = csv.writer(fh)
            w.writerow([*EXPORT_FIELDS, "contacts"])
            for r in rows:
                w.writerow(
                    [safe_text(r[f]) for f in EXPORT_FIELDS]
                    + [safe_text(json.dumps(r["contacts"], ensure_ascii=False))]
                )
    elif fmt == "xlsx":
        write_xlsx(
            out,
            {
                "customers": (
                    [*EXPORT_FIELDS, "contacts"],
                    ([r[f] for f in EXPORT_FIELDS] + [len(r["contacts"])] for r in rows),
                ),
                "contacts": (
                    ["name", "mobile", "date", "channel", "product", "amount_cny", "note"],
                    (
                        [
                            r["name"],
                            r["mobile"],
                            k["date"],
                            k["channel"],
                            k["product"],
                            k["amount_cny"],
                            k["note"],
                        ]
                        for r in rows
                        for k in r["contacts"]
                    ),
                ),
            },
        )
    else:
        raise ServiceError(f"unknown export format {fmt!r}: use xlsx, csv or json")
    return len(rows)


def write_xlsx(
    path: Path, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]
) -> None:
    """Write-only workbook; every string is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(list(header))
        for row in rows:
            cells = []
            for v in row:
                cell = WriteOnlyCell(ws, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"
                cells.append(cell)
            ws.append(cells)
    wb.save(path)


REVIEW_COLUMNS = ("file", "sheet", "row", "column", "field", "raw", "code", "reason")


def write_review_workbook(
    path: Path, items: Iterable[dict[str, Any]], *, headers: Sequence[str] | None = None
) -> None:
    """The rows a person must look at: file, sheet, row, column, raw value and why; the
    header row is :data:`REVIEW_COLUMNS` unless ``headers`` (the same columns, for people:
    the workstation writes them in its language) are given."""
    cols = REVIEW_COLUMNS
    write_xlsx(Path(path), {"review": (headers or cols, ([i.get(c) for c in cols] for i in items))})
