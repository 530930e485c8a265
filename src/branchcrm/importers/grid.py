"""The transcription grid's logic: rows typed (or pasted) by a clerk, checked and imported.

No Qt here. A grid row goes through exactly the notebook importer's normalizers
(:func:`branchcrm.importers.rows.normalize_row` over a fixed header) so the grid shows what the
import will do; duplicates are looked up in the database the way the importer matches
(resident ID, or name + mobile in the branch) plus softer hints (same mobile, same name) that
never merge. Saving writes the grid as a UTF-8 CSV named after the transcription and imports
it with :func:`branchcrm.importers.notebook.import_notebooks`: one batch, one transaction, the
same review queue, idempotence and undo as a file import.

Also here: :func:`sample_rows`, the first normalized rows of each sheet for the wizard's preview.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.idnumber import mask_id
from branchcrm.domain.phone import mask_phone
from branchcrm.importers import normalize as nz
from branchcrm.importers.notebook import (
    ImportResult,
    ImportState,
    import_notebooks,
    save_mapping,
)
from branchcrm.importers.rows import Problem, RowRecord, normalize_row
from branchcrm.importers.table import Column, Table, signature
from branchcrm.services.errors import ServiceError

__all__ = [
    "GRID_FIELDS",
    "GRID_HEADERS",
    "Duplicate",
    "RowCheck",
    "SampleRow",
    "check_row",
    "find_duplicates",
    "grid_merges",
    "grid_table",
    "import_with_progress",
    "preview",
    "sample_rows",
    "save_grid",
]

# Importer field names of the grid's columns, and the header written to the CSV (English
# synonyms the importer's header detection maps to exactly these fields).
GRID_FIELDS = (
    "name",
    "phone",
    "id_number",
    "birthday",
    "contacts.date",
    "contacts.product",
    "contacts.amount_cny",
    "contacts.note",
)
GRID_HEADERS = ("name", "phone", "id number", "birthday", "visit date", "product", "amount", "note")
SHEET = "grid"
MAX_ROWS = 5_000
# Review ``field`` names (the importer's) -> grid column.
_PROBLEM_COLUMN = {
    "name": 0,
    "mobile": 1,
    "other_phones": 1,
    "phone": 1,
    "id_number": 2,
    "birthday": 3,
    "contacts.date": 4,
    "contacts.product": 5,
    "contacts.amount_cny": 6,
    "contacts.note": 7,
}


class Progress(Protocol):
    """What a task runner's state offers (kept structural: this module imports no Qt)."""

    @property
    def cancelled(self) -> bool: ...

    def progress(self, done: int, total: int, text: str = "") -> None: ...


def grid_table() -> Table:
    columns = [
        Column(i, h, f) for i, (h, f) in enumerate(zip(GRID_HEADERS, GRID_FIELDS, strict=True))
    ]
    return Table((1,), columns, signature(GRID_HEADERS))


_TABLE = grid_table()


@dataclass(frozen=True)
class RowCheck:
    """What the importer makes of one grid row."""

    row: int  # 0-based grid row
    blank: bool
    record: RowRecord | None
    problems: tuple[Problem, ...] = ()
    changes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def column_problems(self, column: int) -> list[str]:
        return [p.reason for p in self.problems if _PROBLEM_COLUMN.get(p.field or "") == column]

    def row_problems(self) -> list[str]:
        """Problems not tied to one cell (e.g. a birthday that disagrees with the ID)."""
        return [p.reason for p in self.problems if (p.field or "") not in _PROBLEM_COLUMN]

    def result_text(self) -> str:
        """One line: the normalized values the import would store."""
        r = self.record
        if r is None:
            return ""
        parts: list[str] = []
        if r.name:
            parts.append(r.name + (f" ({r.name_note})" if r.name_note else ""))
        if r.mobile:
            parts.append(r.mobile)
        parts.extend(r.other_phones)
        if r.id_number:
            parts.append(r.id_number)
        if r.birth_date:
            parts.append(r.birth_date.isoformat())
        elif r.birth_md:
            parts.append(f"{r.birth_md[0]:02d}-{r.birth_md[1]:02d}")
        if r.visit_date:
            parts.append(r.visit_date.isoformat())
        if r.product:
            parts.append(r.product)
        if r.amount_fen is not None:
            parts.append(f"¥{r.amount_fen / 100:,.2f}")
        return " · ".join(parts)


def _cell(value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def check_row(row: int, values: Sequence[Any], *, today: dt.date | None = None) -> RowCheck:
    """Normalize one grid row exactly as a notebook row under the grid's header."""
    cells = tuple(_cell(v) for v in list(values)[: len(GRID_FIELDS)])
    if all(c is None for c in cells):
        return RowCheck(row, True, None)
    rec = normalize_row("grid", SHEET, row + 2, cells, _TABLE, today=today)
    if rec is None:
        return RowCheck(row, True, None)
    return RowCheck(row, False, rec, tuple(rec.problems), tuple(rec.changes))


def grid_merges(checks: Sequence[RowCheck]) -> dict[int, int]:
    """Rows the import will merge into an earlier row of the grid (same ID, or same name and
    mobile): ``{row: first_row}``."""
    first_by: dict[tuple[str, ...], int] = {}
    out: dict[int, int] = {}
    for c in checks:
        r = c.record
        if r is None or r.name_key is None:
            continue
        keys: list[tuple[str, ...]] = []
        if r.id_number:
            keys.append(("id", r.id_number))
        if r.mobile:
            keys.append(("nm", r.name_key, r.mobile))
        hit = next((first_by[k] for k in keys if k in first_by), None)
        if hit is not None:
            out[c.row] = hit
        for k in keys:
            first_by.setdefault(k, hit if hit is not None else c.row)
    return out


@dataclass(frozen=True)
class Duplicate:
    """A stored customer a grid row may be: masked, for recognition only."""

    customer_id: int
    name: str
    masked_mobile: str
    masked_id: str
    code: str  # same_id, same_name_mobile, same_mobile, same_name, other_branch
    will_match: bool  # the import attaches the row to this customer


def find_duplicates(
    session: Session,
    actor: Actor,
    checks: Sequence[RowCheck],
    *,
    branch_id: int | None = None,
    limit: int = 5,
) -> dict[int, list[Duplicate]]:
    """Stored customers each checked row may duplicate, best first (at most ``limit``)."""
    branch = branch_id if branch_id is not None else actor.branch_id
    recs = [(c.row, c.record) for c in checks if c.record is not None]
    ids = sorted({r.id_number for _, r in recs if r.id_number})
    mobiles = sorted({r.mobile for _, r in recs if r.mobile})
    names = sorted({r.name for _, r in recs if r.name})
    if not (ids or mobiles or names):
        return {}
    cols = (
        m.Customer.id,
        m.Customer.branch_id,
        m.Customer.name,
        m.Customer.mobile,
        m.Customer.id_number,
    )
    conds: list[ColumnElement[bool]] = []
    if ids:
        conds.append(m.Customer.id_number.in_(ids))
    local = []
    if mobiles:
        local.append(m.Customer.mobile.in_(mobiles))
    if names:
        local.append(m.Customer.name.in_(names))
    if local:
        scope = or_(*local)
        if branch is not None:
            scope = scope & (m.Customer.branch_id == branch)
        conds.append(scope)
    stored = list(session.execute(select(*cols).where(or_(*conds)).limit(2_000)).mappings())
    out: dict[int, list[Duplicate]] = {}
    for row, r in recs:
        found: dict[int, Duplicate] = {}
        for s in stored:
            code = _dup_code(r, s, branch)
            if code is None or s["id"] in found:
                continue
            found[s["id"]] = Duplicate(
                s["id"],
                s["name"],
                mask_phone(s["mobile"]),
                mask_id(s["id_number"]),
                code,
                code in ("same_id", "same_name_mobile"),
            )
        if found:
            order = ("same_id", "same_name_mobile", "other_branch", "same_mobile", "same_name")
            out[row] = sorted(found.values(), key=lambda d: order.index(d.code))[:limit]
    return out


def _dup_code(r: RowRecord, s: Any, branch: int | None) -> str | None:
    if r.id_number and s["id_number"] == r.id_number:
        return "other_branch" if branch is not None and s["branch_id"] != branch else "same_id"
    if branch is not None and s["branch_id"] != branch:
        return None
    same_name = r.name_key is not None and nz.name_key(s["name"]) == r.name_key
    if r.mobile and s["mobile"] == r.mobile:
        if same_name and (not r.id_number or not s["id_number"]):
            return "same_name_mobile"
        return "same_mobile"
    if same_name:
        return "same_name"
    return None


def _trimmed(rows: Sequence[Sequence[Any]]) -> list[list[str]]:
    out = [[("" if v is None else str(v)) for v in list(r)[: len(GRID_FIELDS)]] for r in rows]
    out = [r + [""] * (len(GRID_FIELDS) - len(r)) for r in out]
    while out and not any(v.strip() for v in out[-1]):
        out.pop()
    return out


def write_grid_csv(path: Path, rows: Sequence[Sequence[Any]]) -> int:
    """The grid as the CSV the importer reads: header row 1, grid row ``i`` at sheet row
    ``i + 2`` (blank rows are kept so the review queue's row numbers point into the grid)."""
    body = _trimmed(rows)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(GRID_HEADERS)
        for r in body:
            writer.writerow([v.replace("\r", " ").strip() for v in r])
    return len(body)


def import_with_progress(
    db: Database,
    actor: Actor,
    paths: Sequence[Path],
    *,
    owner_login: str,
    dry_run: bool = False,
    state: Progress | None = None,
) -> ImportResult:
    """:func:`import_notebooks` reporting to a task state; cancelling raises ImportCancelled
    and writes nothing (the engine's one transaction is rolled back)."""

    class _State(ImportState):
        def is_cancelled(self) -> bool:
            return self.cancelled or (state is not None and state.cancelled)

    def report(what: str, rows: int) -> None:
        if state is not None and not state.cancelled:
            state.progress(rows, 0, what)

    return import_notebooks(
        db, actor, list(paths), owner_login=owner_login, dry_run=dry_run, state=_State(report)
    )


def save_grid(
    db: Database,
    actor: Actor,
    rows: Sequence[Sequence[Any]],
    *,
    owner_login: str,
    title: str | None = None,
    dry_run: bool = False,
    state: Progress | None = None,
    directory: Path | None = None,
) -> ImportResult:
    """Import the grid as one notebook batch owned by ``owner_login``.

    ``title`` names the batch's "file" (shown in the review queue and batch list)."""
    body = _trimmed(rows)
    if not any(any(v.strip() for v in r) for r in body):
        raise ServiceError("the grid is empty: nothing to save")
    if len(body) > MAX_ROWS:
        raise ServiceError(f"at most {MAX_ROWS:,} rows can be saved at once")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = _safe_name(title or f"transcription-{owner_login}-{stamp}") + ".csv"
    with contextlib.ExitStack() as stack:
        if directory is None:
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="branchcrm-")))
        path = directory / name
        write_grid_csv(path, body)
        return import_with_progress(
            db, actor, [path], owner_login=owner_login, dry_run=dry_run, state=state
        )


def _safe_name(text: str) -> str:
    bad = '<>:"/\\|?*\n\r\t'
    clean = "".join("_" if ch in bad else ch for ch in text).strip(" .")
    return clean[:120] or "transcription"


# ---------------------------------------------------------------- the wizard's dry run


def preview(
    db: Database,
    actor: Actor,
    paths: Sequence[Path],
    owner_login: str,
    changed: Sequence[Table] = (),
    *,
    state: Progress | None = None,
) -> tuple[ImportResult, list[SampleRow]]:
    """Save the mappings a person changed, dry-run the import, and sample each sheet."""
    for table in changed:
        save_mapping(db, actor, table)
    result = import_with_progress(
        db, actor, paths, owner_login=owner_login, dry_run=True, state=state
    )
    samples: list[SampleRow] = []
    for f in result.files:
        tables = {s.sheet: s.table for s in f.sheets if s.table is not None}
        if tables and f.status == "imported":
            if state is not None:
                state.progress(0, 0, f.file)
            samples.extend(sample_rows(Path(f.path), tables, state=state))
    return result, samples


# ---------------------------------------------------------------- preview samples


@dataclass
class SampleRow:
    file: str
    sheet: str
    row: int
    values: dict[str, str] = field(default_factory=dict)  # export field name -> shown value
    problems: list[str] = field(default_factory=list)


def _sample_values(rec: RowRecord) -> dict[str, str]:
    out: dict[str, str] = {}
    if rec.name:
        out["name"] = rec.name
    phones = [p for p in [rec.mobile, *rec.other_phones] if p]
    if phones:
        out["mobile"] = ", ".join(phones)
    if rec.id_number:
        out["id_number"] = rec.id_number
    if rec.birth_date:
        out["birthday"] = rec.birth_date.isoformat()
    elif rec.birth_md:
        out["birthday"] = f"{rec.birth_md[0]:02d}-{rec.birth_md[1]:02d}"
    if rec.assets_fen is not None:
        out["assets_cny"] = f"{rec.assets_fen / 100:,.2f}"
    if rec.visit_date:
        out["contacts.date"] = rec.visit_date.isoformat()
    if rec.product:
        out["contacts.product"] = rec.product
    if rec.amount_fen is not None:
        out["contacts.amount_cny"] = f"{rec.amount_fen / 100:,.2f}"
    if rec.risk_level:
        out["risk_level"] = rec.risk_level
    if rec.note:
        out["contacts.note"] = rec.note[:200]
    return out


def sample_rows(
    path: Path,
    tables: dict[str, Table],
    *,
    per_sheet: int = 5,
    state: Progress | None = None,
    timeout_s: float = 60.0,
) -> list[SampleRow]:
    """The first ``per_sheet`` data rows of each mapped sheet, normalized as the import will;
    reading stops as soon as every sheet has its samples. Unreadable files give no samples."""
    from branchcrm.importers.readers.base import ReadError, SheetInfo
    from branchcrm.importers.readers.sandbox import read_file
    from branchcrm.importers.table import is_header_repeat, is_subtotal

    out: list[SampleRow] = []
    counts = dict.fromkeys(tables, 0)
    if not tables:
        return out
    table: Table | None = None
    sheet = ""
    events: Iterator[object] = read_file(path, timeout_s=timeout_s)
    try:
        with contextlib.closing(events):  # type: ignore[type-var]
            for event in events:
                if state is not None and state.cancelled:
                    break
                if isinstance(event, SheetInfo):
                    sheet, table = event.name, tables.get(event.name)
                    continue
                if not isinstance(event, list) or table is None:
                    continue
                for row_no, values in event:
                    if counts[sheet] >= per_sheet:
                        break
                    if row_no < table.first_data_row or is_subtotal(values):
                        continue
                    if is_header_repeat(values, table):
                        continue
                    rec = normalize_row(path.name, sheet, row_no, values, table)
                    if rec is None:
                        continue
                    counts[sheet] += 1
                    out.append(
                        SampleRow(
                            path.name,
                            sheet,
                            row_no,
                            _sample_values(rec),
                            [p.reason for p in rec.problems],
                        )
                    )
                if all(n >= per_sheet for n in counts.values()):
                    break
    except ReadError:
        return out
    return out
