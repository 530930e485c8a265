"""Notebook import: read, normalize, match and merge, then write one batch in one transaction.

No Qt here: the GUI wizard and the CLI both drive :func:`import_notebooks`. Writes are
bulk Core inserts (executemany), so the ORM hooks do not run: search keys and completeness
are computed here the way :func:`branchcrm.db.hooks.customer_keys` does, and one audit row
is recorded per batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import (
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.base import UTCDateTime
from branchcrm.db.session import Database
from branchcrm.domain import search_keys
from branchcrm.domain.actor import Actor
from branchcrm.domain.completeness import INPUT_FIELDS, completeness_pct
from branchcrm.domain.roles import Role
from branchcrm.importers.digest import (
    FileResult,
    RawRows,
    SheetCounts,
    SheetDone,
    SheetResult,
    TableFound,
    normalize_rows,
    unpack,
)
from branchcrm.importers.readers.base import FileInfo, ReadError
from branchcrm.importers.readers.sandbox import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, read_file
from branchcrm.importers.rows import Problem, RowPlan, RowRecord, clear_caches, row_plan
from branchcrm.importers.table import (
    Table,
    mapping_json,
    mapping_setting_key,
)
from branchcrm.services.errors import NotFound, PermissionDenied, ServiceError

__all__ = [
    "FileResult",
    "ImportCancelled",
    "ImportResult",
    "ImportState",
    "SheetResult",
    "import_notebooks",
    "read_notebook",
    "undo_batch",
]

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
_CUSTOMER = cast(SqlTable, m.Customer.__table__)
_CONTACT = cast(SqlTable, m.Contact.__table__)
_ASSIGNMENT = cast(SqlTable, m.Assignment.__table__)
_REVIEW = cast(SqlTable, m.ReviewItem.__table__)
_HOLDING = cast(SqlTable, m.Holding.__table__)
_REMINDER = cast(SqlTable, m.Reminder.__table__)
_TAG = cast(SqlTable, m.CustomerTag.__table__)
_REL = cast(SqlTable, m.CustomerRelationship.__table__)
_ENROL = cast(SqlTable, m.PackageEnrolment.__table__)
_TIER_HIST = cast(SqlTable, m.TierHistory.__table__)
_BALANCE = cast(SqlTable, m.PeriodBalance.__table__)
_TXN = cast(SqlTable, m.AccountTransaction.__table__)
KIND = "notebook"
HANDOFF = 2
WRITE_CHUNK = 5_000
CHUNK = 1_000


class ImportCancelled(ServiceError):
    """The person cancelled; nothing was written."""


@dataclass
class ImportState:
    """Progress reporting and cancellation for a GUI worker thread or the CLI."""

    on_progress: Callable[[str, int], None] | None = None
    cancelled: bool = False

    def is_cancelled(self) -> bool:
        return self.cancelled

    def cancel(self) -> None:
        self.cancelled = True

    def progress(self, what: str, rows: int) -> None:
        if self.on_progress:
            self.on_progress(what, rows)
        if self.is_cancelled():
            raise ImportCancelled("import cancelled; nothing was written")


@dataclass
class ImportResult:
    batch_id: int | None
    dry_run: bool
    files: list[FileResult]
    customers_new: int = 0
    customers_matched: int = 0
    merged: int = 0
    contacts: int = 0
    review: list[Problem] = field(default_factory=list)
    rejected: int = 0

    @property
    def ok(self) -> bool:
        return all(f.status == "imported" for f in self.files)

    def as_json(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "dry_run": self.dry_run,
            "files": [f.as_json() for f in self.files],
            "customers_new": self.customers_new,
            "customers_matched": self.customers_matched,
            "merged": self.merged,
            "contacts": self.contacts,
            "review": [p.as_json() for p in self.review],
            "rejected": self.rejected,
            "sheets": [
                {
                    "file": f.file,
                    "sheet": s.sheet,
                    "status": s.status,
                    "rows": s.rows,
                    "new": s.new,
                    "matched": s.matched,
                    "merged": s.merged,
                    "review": s.review,
                    "rejected": s.rejected,
                    "skipped": s.skipped,
                    "header_rows": list(s.header_rows),
                    "columns": s.columns,
                    "hidden": s.hidden,
                    "hidden_columns": s.hidden_columns,
                }
                for f in self.files
                for s in f.sheets
            ],
        }


# ---------------------------------------------------------------- reading


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_notebook(
    path: Path,
    *,
    saved: dict[str, dict[str, Any]] | None = None,
    state: ImportState | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    today: dt.date | None = None,
    engine: str = "auto",
) -> tuple[FileResult, list[RowRecord], list[Problem]]:
    """Read one file in the sandbox, where its rows are also normalized (:mod:`.digest`);
    a failed file yields no rows."""
    state = state or ImportState()
    result = FileResult(path.name, str(path))
    records: list[RowRecord] = []
    problems: list[Problem] = []
    try:
        result.sha256 = file_sha256(path)
    except OSError as exc:
        result.status, result.error = "error", f"{path.name}: cannot open ({exc.strerror})"
        return result, [], []
    # The child normalizes one chunk in HANDOFF; this process the others (two cores busy).
    digest = {"saved": saved, "today": today, "handoff": HANDOFF}
    threading.Thread(target=_load_pinyin, daemon=True).start()  # while the child parses
    tables: dict[str, tuple[Table, RowPlan, SheetCounts]] = {}
    try:
        events = read_file(
            path, timeout_s=timeout_s, memory_mb=memory_mb, engine=engine, digest=digest
        )
        for event in events:
            if isinstance(event, list):
                for packed in event:
                    rec = unpack(packed)
                    records.append(rec)
                state.progress(path.name, len(records))
            elif isinstance(event, RawRows):
                table, plan, counts = tables[event.sheet]
                for rec in normalize_rows(
                    path.name, event.sheet, event.rows, table, plan, counts, today=today
                ):
                    records.append(rec)
                state.progress(path.name, len(records))
            elif isinstance(event, TableFound):
                tables[event.sheet] = (event.table, row_plan(event.table), SheetCounts())
            elif isinstance(event, SheetDone):
                sheet = event.sheet
                if sheet.sheet in tables:
                    counts = tables[sheet.sheet][2]
                    sheet.rows += counts.rows
                    sheet.skipped += counts.skipped
                result.sheets.append(sheet)
                result.warnings.extend(event.warnings)
                problems.extend(_formula_problems_on_data(event, records))
            elif isinstance(event, FileInfo):
                result.format, result.encoding = event.format, event.encoding
                result.warnings.extend(event.warnings)
    except ReadError as exc:
        result.status, result.error = "error", str(exc)
        result.sheets, result.warnings = [], [w for w in result.warnings if ":" not in w]
        return result, [], []
    if not records:
        result.status = "no_data"
        if not result.error:
            result.error = f"{path.name}: no sheet with customer rows was found"
    return result, records, problems


def _load_pinyin() -> None:
    """Import pypinyin's dictionaries (a second or so) while this process waits anyway."""
    _pinyin("王")


def _formula_problems_on_data(done: SheetDone, records: list[RowRecord]) -> list[Problem]:
    """A formula without a saved result matters only on a row that was imported."""
    if not any(p.code == "formula_no_value" for p in done.problems):
        return done.problems
    name = done.sheet.sheet
    rows = {r.row for r in records if r.sheet == name}
    return [p for p in done.problems if p.code != "formula_no_value" or p.row in rows]


# ---------------------------------------------------------------- grouping and matching


@dataclass(slots=True)
class Person:
    rows: list[RowRecord] = field(default_factory=list)
    id_number: str | None = None
    customer_id: int | None = None
    stored: dict[str, Any] | None = None
    rejected: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    others: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def first(self) -> RowRecord:
        return self.rows[0]


SCALARS = ("gender", "birth_date", "address", "occupation", "employer")


def group_people(records: Sequence[RowRecord]) -> tuple[list[Person], list[Problem]]:
    """Rows of one person: same verified ID, or same normalized name and same mobile.
    The same name alone never merges."""
    people: list[Person] = []
    by_id: dict[str, Person] = {}
    by_nm: dict[tuple[str, str], Person] = {}
    problems: list[Problem] = []
    for rec in records:
        if rec.name_key is None:
            continue
        p: Person | None = None
        if rec.id_number:
            p = by_id.get(rec.id_number)
            if p is None and rec.mobile:
                q = by_nm.get((rec.name_key, rec.mobile))
                if q is not None and q.id_number is None:
                    p = q
            if p is None:
                p = Person()
                people.append(p)
            if p.id_number is None:
                p.id_number = rec.id_number
                by_id[rec.id_number] = p
            elif p.first.name_key != rec.name_key:
                problems.append(
                    Problem(
                        rec.file,
                        rec.sheet,
                        rec.row,
                        None,
                        "name",
                        rec.name,
                        "name_differs",
                        f"same ID as {p.first.name!r} (row {p.first.row}) but another name; "
                        "the first name is kept",
                    )
                )
        elif rec.mobile:
            p = by_nm.get((rec.name_key, rec.mobile))
            if p is None:
                p = Person()
                people.append(p)
        else:
            p = Person()
            people.append(p)
        p.rows.append(rec)
        if rec.mobile:
            by_nm.setdefault((rec.name_key, rec.mobile), p)
    for p in people:
        problems.extend(_aggregate(p))
    return people, problems


def _aggregate(p: Person) -> list[Problem]:
    problems: list[Problem] = []
    v = p.values
    first = p.first
    v["name"] = first.name
    v["name_key"] = first.name_key
    v["id_number"] = p.id_number
    for rec in p.rows:
        if rec.mobile:
            if v.get("mobile") is None:
                v["mobile"] = rec.mobile
            elif rec.mobile != v["mobile"] and rec.mobile not in p.others:
                p.others.append(rec.mobile)
        for ph in rec.other_phones:
            if ph not in p.others and ph != v.get("mobile"):
                p.others.append(ph)
        if rec.name_note and rec.name_note not in p.notes:
            p.notes.append(rec.name_note)
        if rec.birth_md and v.get("birth_md") is None:
            v["birth_md"] = rec.birth_md
        for key in SCALARS:
            new = getattr(rec, key)
            if new is None:
                continue
            old = v.get(key)
            if old is None:
                v[key] = new
            elif old != new:
                problems.append(
                    Problem(
                        rec.file,
                        rec.sheet,
                        rec.row,
                        None,
                        _FIELD_NAMES.get(key, key),
                        str(new),
                        "value_conflict",
                        f"{_FIELD_NAMES.get(key, key)} differs from row "
                        f"{first.row} of {first.sheet} ({old}); the first value is kept",
                    )
                )
    # Latest-dated row wins for values that change over time.
    dated = sorted(p.rows, key=lambda r: r.visit_date or dt.date.min)
    for rec in dated:
        if rec.assets_fen is not None:
            v["assets_fen"] = rec.assets_fen
        if rec.risk_level is not None:
            v["risk_level"] = rec.risk_level
    return problems


_FIELD_NAMES = {"birth_date": "birthday", "assets_fen": "assets_cny"}


def _chunks(items: Sequence[Any], size: int = 5_000) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


_STORED = (
    m.Customer.id,
    m.Customer.branch_id,
    m.Customer.name,
    m.Customer.id_number,
    m.Customer.mobile,
    m.Customer.other_phones,
    m.Customer.gender,
    m.Customer.birth_date,
    m.Customer.birth_month,
    m.Customer.birth_day,
    m.Customer.address,
    m.Customer.occupation,
    m.Customer.employer,
    m.Customer.risk_level,
    m.Customer.aum_fen,
    m.Customer.notes,
    m.Customer.version,
)


def match_existing(session: Session, people: list[Person], branch_id: int) -> list[Problem]:
    """Attach stored customers: by resident ID anywhere, else by name + mobile in the branch."""
    from branchcrm.importers.normalize import name_key

    problems: list[Problem] = []
    ids = [p.id_number for p in people if p.id_number]
    by_id: dict[str, dict[str, Any]] = {}
    for part in _chunks(ids):
        q = select(*_STORED).where(
            m.Customer.id_type == "resident_id", m.Customer.id_number.in_(part)
        )
        for row in session.execute(q).mappings():
            by_id[row["id_number"]] = dict(row)
    mobiles = sorted({p.values["mobile"] for p in people if p.values.get("mobile")})
    by_nm: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for part in _chunks(mobiles):
        q = select(*_STORED).where(m.Customer.branch_id == branch_id, m.Customer.mobile.in_(part))
        for row in session.execute(q).mappings():
            by_nm.setdefault((name_key(row["name"]), row["mobile"]), []).append(dict(row))
    for p in people:
        stored = by_id.get(p.id_number) if p.id_number else None
        if stored is None and p.values.get("mobile"):
            cands = by_nm.get((p.values["name_key"], p.values["mobile"]), [])
            if p.id_number:
                cands = [c for c in cands if c["id_number"] in (None, p.id_number)]
            if len(cands) == 1:
                stored = cands[0]
            elif len(cands) > 1:
                p.rejected = True
                problems.append(
                    _person_problem(
                        p,
                        "match_ambiguous",
                        f"{len(cands)} stored customers have this name and mobile; choose one",
                    )
                )
                continue
            elif p.id_number and by_nm.get((p.values["name_key"], p.values["mobile"])):
                p.rejected = True
                problems.append(
                    _person_problem(
                        p,
                        "match_conflict",
                        "a stored customer with this name and mobile has another ID number",
                    )
                )
                continue
        if stored is None:
            continue
        if stored["branch_id"] != branch_id:
            p.rejected = True
            problems.append(
                _person_problem(
                    p, "other_branch", "this ID belongs to a customer of another branch"
                )
            )
            continue
        p.customer_id, p.stored = stored["id"], stored
    return problems


def _person_problem(p: Person, code: str, reason: str) -> Problem:
    r = p.first
    return Problem(r.file, r.sheet, r.row, None, "name", r.name, code, reason)


# ---------------------------------------------------------------- planning


@dataclass
class Plan:
    new: list[Person] = field(default_factory=list)
    matched: list[Person] = field(default_factory=list)
    contacts: list[tuple[Person, RowRecord]] = field(default_factory=list)
    fills: list[tuple[Person, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _customer_values(p: Person) -> dict[str, Any]:
    v = p.values
    md = v.get("birth_md")
    out: dict[str, Any] = {
        "name": v["name"],
        "gender": v.get("gender"),
        "birth_date": v.get("birth_date"),
        "birth_month": md[0] if md else None,
        "birth_day": md[1] if md else None,
        "id_type": "resident_id" if p.id_number else None,
        "id_number": p.id_number,
        "mobile": v.get("mobile"),
        "other_phones": ",".join(p.others)[:200] or None,
        "address": v.get("address"),
        "occupation": v.get("occupation"),
        "employer": v.get("employer"),
        "risk_level": v.get("risk_level"),
        "aum_fen": v.get("assets_fen"),
        "notes": "; ".join(p.notes) or None,
    }
    return out


_COMPARE = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "mobile",
    "address",
    "occupation",
    "employer",
    "risk_level",
    "aum_fen",
    "birth_month",
    "birth_day",
)
_EXPORT_NAME = {
    "aum_fen": "assets_cny",
    "birth_date": "birthday",
    "birth_month": "birthday",
    "birth_day": "birthday",
}


def plan_people(session: Session, people: list[Person]) -> Plan:
    plan = Plan()
    existing = _existing_contacts(session, [p.customer_id for p in people if p.customer_id])
    for p in people:
        if p.rejected:
            continue
        if p.customer_id is None:
            plan.new.append(p)
        else:
            plan.matched.append(p)
            plan.fills.append((p, _fills(p, plan.problems)))
        seen = existing.get(p.customer_id, set()) if p.customer_id else set()
        for rec in p.rows:
            if not rec.has_contact:
                continue
            key = _contact_key(rec)
            if key in seen:
                continue
            seen.add(key)
            plan.contacts.append((p, rec))
    return plan


def _fills(p: Person, problems: list[Problem]) -> dict[str, Any]:
    """Empty stored fields are filled; a different stored value goes to review, never overwritten."""
    assert p.stored is not None
    stored = p.stored
    new = _customer_values(p)
    fills: dict[str, Any] = {}
    r = p.first
    for key in _COMPARE:
        value = new.get(key)
        if value is None:
            continue
        old = stored.get(key)
        if old in (None, "") or (key == "aum_fen" and old == 0):
            fills[key] = value
        elif old != value:
            if key == "mobile" and value in (stored.get("other_phones") or "").split(","):
                continue
            if key in ("birth_month", "birth_day") and "birth_date" in fills:
                continue
            shown = _EXPORT_NAME.get(key, key)
            problems.append(
                Problem(
                    r.file,
                    r.sheet,
                    r.row,
                    None,
                    shown,
                    _display(key, value),
                    "stored_conflict",
                    f"stored {shown} {_display(key, old)!r} differs from the notebook; not overwritten",
                    customer_key=p.customer_id,
                )
            )
    if fills.get("id_number"):
        fills["id_type"] = "resident_id"
    extra = [
        ph
        for ph in p.others
        if ph not in (stored.get("other_phones") or "").split(",") and ph != stored.get("mobile")
    ]
    if extra and not stored.get("other_phones"):
        fills["other_phones"] = ",".join(extra)[:200]
    if p.notes and not stored.get("notes"):
        fills["notes"] = "; ".join(p.notes)
    return fills


def _display(key: str, value: Any) -> str:
    if key == "aum_fen" and isinstance(value, int):
        return f"{value / 100:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _contact_key(rec: RowRecord) -> tuple[Any, ...]:
    return (rec.visit_date, rec.product, rec.amount_fen, rec.note)


def _existing_contacts(
    session: Session, customer_ids: list[int | None]
) -> dict[int, set[tuple[Any, ...]]]:
    out: dict[int, set[tuple[Any, ...]]] = {}
    ids = [i for i in customer_ids if i is not None]
    for part in _chunks(ids):
        q = select(
            m.Contact.customer_id,
            m.Contact.occurred_at,
            m.Contact.products_recommended,
            m.Contact.amount_fen,
            m.Contact.summary,
            m.Contact.purpose,
        ).where(m.Contact.customer_id.in_(part), m.Contact.import_batch_id.is_not(None))
        for cid, at, product, amount, summary, purpose in session.execute(q):
            date = None if purpose == UNDATED else at.astimezone(CHINA).date()
            out.setdefault(cid, set()).add((date, product, amount, summary))
    return out


UNDATED = "notebook entry, date not recorded"


# ---------------------------------------------------------------- the whole import


@lru_cache(maxsize=8_192)
def _name_keys(name: str) -> tuple[str, str]:
    """``search_keys.search_text(name, [], None)`` and ``search_keys.short_keys(name)`` from a
    single pinyin pass (it dominates a 50,000-row import); a test pins the equality."""
    clean = search_keys.normalize_term(name)
    syllables = [s.lower() for s in _pinyin(clean)]
    full = "".join(syllables)
    initials = "".join(s[:1] for s in syllables)
    text = " ".join(p for p in (clean, full, initials) if p)
    tokens = _grams(clean) | _grams(initials) | _grams(full)
    tokens.discard(" ")
    return text, " ".join(sorted(tokens))


_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _pinyin(text: str) -> list[str]:
    """``lazy_pinyin(text, errors="ignore")``; a run of Chinese characters no phrase of the
    dictionary occurs in is read character by character (cached), as pypinyin itself does."""
    from pypinyin import lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    if not _HAN.fullmatch(text):
        return list(lazy_pinyin(text, errors="ignore"))
    n = len(text)
    for i in range(n - 1):
        for j in range(i + 2, n + 1):
            if text[i:j] in PHRASES_DICT:
                return list(lazy_pinyin(text, errors="ignore"))
    out: list[str] = []
    for ch in text:
        out.extend(_char_pinyin(ch))
    return out


@lru_cache(maxsize=30_000)
def _char_pinyin(ch: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(ch, errors="ignore"))


def _grams(text: str) -> set[str]:
    out = set(text)
    out.update(text[i : i + 2] for i in range(len(text) - 1))
    return out


def customer_row(values: dict[str, Any]) -> dict[str, Any]:
    """Search keys and completeness exactly as :func:`hooks.customer_keys` computes them."""
    name_text, short = _name_keys(values["name"])
    phones = [
        p for p in [values.get("mobile"), *(values.get("other_phones") or "").split(",")] if p
    ]
    parts = [name_text, *phones]
    if values.get("id_number"):
        parts.append(values["id_number"].lower())
    values["search_text"] = " ".join(x for x in parts if x)
    values["short_keys"] = short
    values["completeness"] = completeness_pct(values)
    return values


def resolve_owner(session: Session, actor: Actor, owner_login: str) -> m.Staff:
    owner = session.scalar(select(m.Staff).where(m.Staff.login == owner_login))
    if owner is None:
        raise NotFound(f"no staff member with login {owner_login!r}")
    if owner.status in ("departed", "transferred"):
        raise ServiceError(f"{owner_login} has {owner.status}; choose a current staff member")
    if actor.staff_id != owner.id:
        if not actor.has(Role.SUPERVISOR, Role.HEAD, Role.ADMIN):
            raise PermissionDenied(
                "only a supervisor or head may import a notebook for someone else"
            )
        if not actor.has(Role.ADMIN) and actor.branch_id != owner.branch_id:
            raise PermissionDenied(f"{owner_login} works in another branch")
    return owner


def _imported_hashes(session: Session) -> dict[str, int]:
    out: dict[str, int] = {}
    q = select(m.ImportBatch.id, m.ImportBatch.counts).where(
        m.ImportBatch.kind == KIND,
        m.ImportBatch.undone_at.is_(None),
        m.ImportBatch.status == "done",
    )
    for bid, counts in session.execute(q):
        for f in json.loads(counts or "{}").get("files", []):
            if f.get("status") == "imported" and f.get("sha256"):
                out.setdefault(f["sha256"], bid)
    return out


def _saved_mappings(session: Session) -> dict[str, dict[str, Any]]:
    q = select(m.Setting.key, m.Setting.value).where(m.Setting.key.like("import.mapping.%"))
    out = {}
    for key, value in session.execute(q):
        try:
            out[key.removeprefix("import.mapping.")] = json.loads(value)
        except ValueError:
            continue
    return out


def import_notebooks(
    db: Database,
    actor: Actor,
    paths: Sequence[Path | str],
    *,
    owner_login: str,
    dry_run: bool = False,
    state: ImportState | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    today: dt.date | None = None,
) -> ImportResult:
    """Import notebook files as one batch; with ``dry_run`` only the preview is computed."""
    try:
        return _import_notebooks(
            db,
            actor,
            paths,
            owner_login=owner_login,
            dry_run=dry_run,
            state=state,
            timeout_s=timeout_s,
            memory_mb=memory_mb,
            today=today,
        )
    finally:
        clear_caches()
        _name_keys.cache_clear()
        _char_pinyin.cache_clear()


def _import_notebooks(
    db: Database,
    actor: Actor,
    paths: Sequence[Path | str],
    *,
    owner_login: str,
    dry_run: bool = False,
    state: ImportState | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    today: dt.date | None = None,
) -> ImportResult:

    state = state or ImportState()
    with db.session(actor) as session:
        owner = resolve_owner(session, actor, owner_login)
        owner_id, branch_id = owner.id, owner.branch_id
        done = _imported_hashes(session)
        saved = _saved_mappings(session)
    files: list[FileResult] = []
    records: list[RowRecord] = []
    problems: list[Problem] = []
    for raw_path in paths:
        path = Path(raw_path)
        res, recs, probs = read_notebook(
            path, saved=saved, state=state, timeout_s=timeout_s, memory_mb=memory_mb, today=today
        )
        if res.sha256 and res.sha256 in done:
            res.status, res.already_batch = "imported", done[res.sha256]
            res.error = None
            res.warnings.append(f"already imported in batch {done[res.sha256]}; nothing changed")
            res.sheets = []
            files.append(res)
            continue
        twin = next((f for f in files if f.sha256 and f.sha256 == res.sha256), None)
        files.append(res)
        if twin is not None:
            res.warnings.append(f"same content as {twin.file}; read once")
            res.sheets = []
            continue
        records.extend(recs)
        problems.extend(probs)
    for rec in records:
        problems.extend(rec.problems)
    state.progress("matching", len(records))
    people, group_problems = group_people(records)
    problems.extend(group_problems)
    with db.session(actor) as session:
        problems.extend(match_existing(session, people, branch_id))
        plan = plan_people(session, people)
        problems.extend(plan.problems)
        result = _summarize(files, records, people, plan, problems, dry_run)
        state.progress("writing", len(records))
        if dry_run or not any(f.status == "imported" and not f.already_batch for f in files):
            if not dry_run:
                result.dry_run = False
            session.rollback()
            return result
        batch_id = _write(session, actor, owner_id, branch_id, files, plan, problems, result, state)
        _save_mappings(session, files)
        result.batch_id = batch_id
    return result


def _summarize(
    files: list[FileResult],
    records: list[RowRecord],
    people: list[Person],
    plan: Plan,
    problems: list[Problem],
    dry_run: bool,
) -> ImportResult:
    sheets = {(f.file, s.sheet): s for f in files for s in f.sheets}
    for p in people:
        first = sheets.get((p.first.file, p.first.sheet))
        if first is not None and not p.rejected:
            if p.customer_id is None:
                first.new += 1
            else:
                first.matched += 1
        for rec in p.rows[1:]:
            s = sheets.get((rec.file, rec.sheet))
            if s is not None and not p.rejected:
                s.merged += 1
    rejected = [r for r in records if r.name_key is None]
    rejected += [r for p in people if p.rejected for r in p.rows]
    for r in rejected:
        s = sheets.get((r.file, r.sheet))
        if s is not None:
            s.rejected += 1
    for prob in problems:
        s = sheets.get((prob.file, prob.sheet or ""))
        if s is not None:
            s.review += 1
    return ImportResult(
        batch_id=None,
        dry_run=dry_run,
        files=files,
        customers_new=len(plan.new),
        customers_matched=len(plan.matched),
        merged=sum(len(p.rows) - 1 for p in people if not p.rejected),
        contacts=len(plan.contacts),
        review=problems,
        rejected=len(rejected),
    )


def _occurred(rec: RowRecord, now: dt.datetime) -> dt.datetime:
    if rec.visit_date is None:
        return now
    d = rec.visit_date
    return dt.datetime(d.year, d.month, d.day, 12, 0, tzinfo=CHINA).astimezone(dt.UTC)


def _reserve_ids(session: Session, n: int) -> list[int]:
    """Customer ids for a plain executemany (RETURNING in parameter order makes SQLite insert
    one row per statement). SQLite: this transaction already holds the write lock, so
    MAX(id) cannot move; PostgreSQL: the ids are drawn from the column's sequence."""
    if n == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        q = text(
            "SELECT nextval(pg_get_serial_sequence('customer', 'id')) FROM generate_series(1, :n)"
        )
        return [int(x) for x in session.execute(q, {"n": n}).scalars()]
    start = int(session.scalar(select(func.coalesce(func.max(m.Customer.id), 0))) or 0) + 1
    return list(range(start, start + n))


def _bulk_insert(session: Session, table: SqlTable, rows: Sequence[dict[str, Any]]) -> None:
    """Insert plain rows (all with the same keys) without the ORM: COPY on PostgreSQL
    (psycopg 3), one DB-API executemany on SQLite, values converted by the columns' own
    bind processors (so stored exactly as Core would store them). Column defaults the rows
    leave out are filled in as Core would."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    extra: dict[str, Any] = {}
    for col in table.c:
        default = col.default
        if col.name in rows[0] or default is None or col.primary_key:
            continue
        if getattr(default, "is_scalar", False):
            extra[col.name] = getattr(default, "arg", None)
        elif getattr(default, "is_callable", False):
            extra[col.name] = default.arg(None)  # type: ignore[attr-defined]
    keys += list(extra)
    fixed = list(extra.values())
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        utc = [isinstance(table.c[k].type, UTCDateTime) for k in keys]
        names = ", ".join(dialect.identifier_preparer.quote(k) for k in keys)
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = [row[k] for k in keys[: len(keys) - len(fixed)]] + fixed
                for i, is_utc in enumerate(utc):
                    if is_utc and values[i] is not None:
                        values[i] = values[i].astimezone(dt.UTC).replace(tzinfo=None)
                copy.write_row(values)
        return
    if dialect.name != "sqlite":
        for part in _chunks(rows, 5_000):
            conn.execute(insert(table), [{**r, **extra} for r in part])
        return
    own = keys[: len(keys) - len(fixed)]
    procs = [
        (i, proc)
        for i, k in enumerate(keys)
        if (proc := table.c[k].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    marks = ", ".join("?" for _ in keys)
    names = ", ".join(dialect.identifier_preparer.quote(k) for k in keys)
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
    params = []
    for row in rows:
        values = [row[k] for k in own] + fixed
        for i, proc in procs:
            values[i] = proc(values[i])
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)


def _write(
    session: Session,
    actor: Actor,
    owner_id: int,
    branch_id: int,
    files: list[FileResult],
    plan: Plan,
    problems: list[Problem],
    result: ImportResult,
    state: ImportState,
) -> int:
    now = dt.datetime.now(dt.UTC)
    imported = [f for f in files if f.status == "imported" and not f.already_batch]
    content = hashlib.sha256("".join(sorted(f.sha256 for f in imported)).encode()).hexdigest()
    batch_id = session.execute(
        insert(m.ImportBatch).returning(m.ImportBatch.id),
        [
            {
                "kind": KIND,
                "file_name": "; ".join(f.file for f in imported)[:500],
                "content_hash": content,
                "staff_id": actor.staff_id,
                "owner_id": owner_id,
                "started_at": now,
                "status": "running",
            }
        ],
    ).scalar_one()
    source = f"import:{batch_id}"

    # New customers, bulk, with their ids back in parameter order; their last visit is
    # known already (an UPDATE per customer afterwards costs seconds on PostgreSQL).
    latest: dict[int, dt.datetime] = {}
    for p, rec in plan.contacts:
        if p.customer_id is None and rec.visit_date is not None:
            at = _occurred(rec, now)
            if id(p) not in latest or latest[id(p)] < at:
                latest[id(p)] = at
    state.progress("writing customers", 0)
    new_ids = iter(_reserve_ids(session, len(plan.new)))
    for i, people in enumerate(_chunks(plan.new, WRITE_CHUNK)):  # built chunk by chunk: flat RSS
        state.progress("writing customers", i * WRITE_CHUNK)
        rows = []
        for p in people:
            values = _customer_values(p)
            values["last_contact_at"] = latest.get(id(p))
            values["aum_fen"] = values["aum_fen"] or 0
            values.update(
                branch_id=branch_id,
                source=source,
                status="active",
                marketing_consent=False,
                created_at=now,
                updated_at=now,
                version=1,
            )
            values["id"] = p.customer_id = next(new_ids)
            rows.append(customer_row(values))
        _bulk_insert(session, _CUSTOMER, rows)
    del latest

    # Matched customers: only empty fields are filled; undo can put them back.
    filled: list[list[Any]] = []
    for p, fills in plan.fills:
        if not fills:
            continue
        assert p.customer_id is not None and p.stored is not None
        merged = {**p.stored, **fills}
        keyed = customer_row({k: merged.get(k) for k in (*INPUT_FIELDS, "other_phones")})
        session.execute(
            update(m.Customer)
            .where(m.Customer.id == p.customer_id)
            .values(
                **fills,
                search_text=keyed["search_text"],
                short_keys=keyed["short_keys"],
                completeness=keyed["completeness"],
                updated_at=now,
                version=m.Customer.version + 1,
            )
        )
        for k, v in fills.items():
            filled.append([p.customer_id, k, v.isoformat() if isinstance(v, dt.date) else v])
        filled.append([p.customer_id, "__version__", p.stored["version"] + 1])

    # The notebook's owner serves the new customers (and stored ones nobody serves).
    served: set[int] = set()
    if plan.matched:
        ids = [p.customer_id for p in plan.matched]
        for part in _chunks(ids):
            served.update(
                session.scalars(
                    select(m.Assignment.customer_id).where(
                        m.Assignment.customer_id.in_(part),
                        m.Assignment.role == "primary",
                        m.Assignment.valid_to.is_(None),
                    )
                )
            )
    assigned = [p.customer_id for p in (*plan.new, *plan.matched) if p.customer_id not in served]
    for part in _chunks(assigned, WRITE_CHUNK):
        assignments = [
            {
                "customer_id": cid,
                "staff_id": owner_id,
                "role": "primary",
                "share_bp": 10000,
                "valid_from": now,
                "reason": "notebook import",
                "batch_ref": source,
                "version": 1,
            }
            for cid in part
        ]
        _bulk_insert(session, _ASSIGNMENT, assignments)

    last: dict[int, dt.datetime] = {}
    for i, pairs in enumerate(_chunks(plan.contacts, WRITE_CHUNK)):
        state.progress("writing contacts", i * WRITE_CHUNK)
        contacts = []
        for p, rec in pairs:
            assert p.customer_id is not None
            at = _occurred(rec, now)
            contacts.append(
                {
                    "customer_id": p.customer_id,
                    "staff_id": owner_id,
                    "occurred_at": at,
                    "channel": "visit" if rec.visit_date and rec.has_date_column else "other",
                    "purpose": UNDATED if rec.visit_date is None else "notebook",
                    "summary": rec.note,
                    "products_recommended": rec.product,
                    "amount_fen": rec.amount_fen,
                    "import_batch_id": batch_id,
                    "created_at": now,
                    "version": 1,
                }
            )
            if rec.visit_date is not None and (
                p.customer_id not in last or last[p.customer_id] < at
            ):
                last[p.customer_id] = at
        _bulk_insert(session, _CONTACT, contacts)
    for p in plan.new:
        last.pop(cast(int, p.customer_id), None)  # set when inserted
    if last:
        stmt = (
            update(_CUSTOMER)
            .where(_CUSTOMER.c.id == bindparam("cid"))
            .where(
                or_(
                    _CUSTOMER.c.last_contact_at.is_(None),
                    _CUSTOMER.c.last_contact_at < bindparam("at"),
                )
            )
            .values(last_contact_at=bindparam("at"))
        )
        session.connection().execute(stmt, [{"cid": k, "at": v} for k, v in last.items()])

    wanted = {(prob.file, prob.sheet or "", prob.row or 0) for prob in problems}
    person_of_row: dict[tuple[str, str, int], Person] = {
        key: p
        for p in (*plan.new, *plan.matched)
        for r in p.rows
        if (key := (r.file, r.sheet, r.row)) in wanted
    }
    items: list[dict[str, Any]] = []
    for prob in problems:
        owner_of = person_of_row.get((prob.file, prob.sheet or "", prob.row or 0))
        review_cid = prob.customer_key or (owner_of.customer_id if owner_of else None)
        items.append(
            {
                "batch_id": batch_id,
                "customer_id": review_cid,
                "file": prob.file[:500],
                "sheet": (prob.sheet or None) and prob.sheet[:200],
                "row": prob.row,
                "column": (prob.column or None) and prob.column[:100],
                "field": (prob.field or None) and prob.field[:40],
                "raw": prob.raw,
                "code": prob.code[:40],
                "reason": prob.reason,
                "status": "open",
                "version": 1,
            }
        )
    _bulk_insert(session, _REVIEW, items)

    state.progress("finishing", len(plan.contacts))
    counts = {
        "files": [{"file": f.file, "sha256": f.sha256, "status": f.status} for f in imported],
        "customers_new": len(plan.new),
        "customers_matched": len(plan.matched),
        "contacts": len(plan.contacts),
        "review": len(items),
        "rejected": result.rejected,
        "filled": filled,
    }
    session.execute(
        update(m.ImportBatch)
        .where(m.ImportBatch.id == batch_id)
        .values(
            status="done",
            finished_at=dt.datetime.now(dt.UTC),
            counts=json.dumps(counts, ensure_ascii=False, default=str),
        )
    )
    hooks.record(
        session,
        actor,
        "import_batch",
        batch_id,
        "import",
        {k: v for k, v in counts.items() if k != "filled"},
    )
    return int(batch_id)


def _save_mappings(session: Session, files: list[FileResult]) -> None:
    """Remember each header's mapping so that the next notebook with it maps the same way."""
    seen: set[str] = set()
    for f in files:
        for s in f.sheets:
            if s.table is None or s.table.signature in seen:
                continue
            seen.add(s.table.signature)
            key = mapping_setting_key(s.table.signature)
            if session.get(m.Setting, key) is None:
                session.add(m.Setting(key=key, value=mapping_json(s.table)))


def save_mapping(db: Database, actor: Actor, table: Table) -> None:
    """Store a mapping a person confirmed or changed (the wizard's "remember" step)."""
    with db.session(actor) as session:
        key = mapping_setting_key(table.signature)
        row = session.get(m.Setting, key)
        if row is None:
            session.add(m.Setting(key=key, value=mapping_json(table)))
        else:
            row.value = mapping_json(table)


# ---------------------------------------------------------------- review queue and undo


def open_review(db: Database, actor: Actor) -> list[dict[str, Any]]:
    """Open review items the actor may see (``import review --json``); see :mod:`.review`."""
    from branchcrm.importers.review import list_open

    with db.session(actor) as session:
        return [r.as_json() for r in list_open(session, actor, limit=1_000_000)]


@dataclass
class UndoResult:
    batch_id: int
    customers_deleted: int
    customers_kept: int
    contacts_deleted: int
    contacts_kept: int
    fields_restored: int


def undo_batch(db: Database, actor: Actor, batch_id: int) -> UndoResult:
    """Delete what the batch created, where nobody has touched it since; record undone_at."""
    with db.session(actor) as session:
        batch = session.get(m.ImportBatch, batch_id)
        if batch is None or batch.kind != KIND:
            raise NotFound(f"no notebook import batch {batch_id}")
        if batch.undone_at is not None:
            raise ServiceError(f"batch {batch_id} was already undone on {batch.undone_at:%Y-%m-%d}")
        if not (
            actor.staff_id in (batch.staff_id, batch.owner_id)
            or actor.has(Role.SUPERVISOR, Role.HEAD, Role.ADMIN)
        ):
            raise PermissionDenied("only who imported it, its owner or a supervisor may undo it")
        source = f"import:{batch_id}"
        c = _CUSTOMER.c
        contacts = _CONTACT
        mine = select(c.id).where(c.source == source)
        n_contacts = _rowcount(
            session,
            delete(contacts).where(contacts.c.import_batch_id == batch_id, contacts.c.version == 1),
        )
        kept_contacts = (
            session.scalar(
                select(func.count())
                .select_from(contacts)
                .where(contacts.c.import_batch_id == batch_id)
            )
            or 0
        )
        session.execute(
            update(_REVIEW)
            .where(_REVIEW.c.batch_id == batch_id)
            .values(status="undone", customer_id=None)
        )
        untouched = and_(
            c.source == source, c.version == 1, *[~clause for clause in _touched(c.id, source)]
        )
        deletable = select(c.id).where(untouched)
        session.execute(
            delete(_ASSIGNMENT).where(
                _ASSIGNMENT.c.batch_ref == source, _ASSIGNMENT.c.customer_id.in_(deletable)
            )
        )
        n_customers = _rowcount(
            session,
            delete(_CUSTOMER).where(c.id.in_(select(c.id).where(untouched).scalar_subquery())),
        )
        kept = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
        restored = _restore_fills(session, json.loads(batch.counts or "{}").get("filled", []))
        session.execute(
            update(m.ImportBatch)
            .where(m.ImportBatch.id == batch_id)
            .values(undone_at=dt.datetime.now(dt.UTC), status="undone")
        )
        result = UndoResult(batch_id, n_customers, kept, n_contacts, kept_contacts, restored)
        hooks.record(session, actor, "import_batch", batch_id, "undo", result.__dict__)
        return result


def _rowcount(session: Session, stmt: Any) -> int:
    return int(cast(CursorResult[Any], session.execute(stmt)).rowcount)


def _touched(cid: Any, source: str) -> list[Any]:
    """EXISTS clauses: something the batch did not create points at the customer."""
    a = _ASSIGNMENT.c
    simple = [
        _CONTACT.c.customer_id,  # batch contacts are deleted first
        _HOLDING.c.customer_id,
        _REMINDER.c.customer_id,
        _TAG.c.customer_id,
        _REL.c.customer_id,
        _REL.c.related_id,
        _ENROL.c.customer_id,
        _TIER_HIST.c.customer_id,
        _BALANCE.c.customer_id,
        _TXN.c.customer_id,
    ]
    clauses = [exists().where(col == cid) for col in simple]
    clauses.append(
        exists().where(a.customer_id == cid, or_(a.batch_ref.is_(None), a.batch_ref != source))
    )
    other = _CUSTOMER.alias("referrer")
    clauses.append(exists().where(other.c.referred_by_id == cid))
    return clauses


def _restore_fills(session: Session, filled: list[list[Any]]) -> int:
    by_customer: dict[int, dict[str, Any]] = {}
    for cid, key, value in filled:
        by_customer.setdefault(cid, {})[key] = value
    restored = 0
    for cid, fields in by_customer.items():
        version = fields.pop("__version__", None)
        row = session.execute(select(*_STORED).where(m.Customer.id == cid)).mappings().first()
        if row is None or row["version"] != version:
            continue  # changed since the import: leave it to a person
        blank = {k: (0 if k == "aum_fen" else None) for k in fields}
        session.execute(
            update(m.Customer)
            .where(m.Customer.id == cid)
            .values(**blank, version=m.Customer.version + 1)
        )
        rest = {**dict(row), **blank}
        keyed = customer_row({k: rest.get(k) for k in (*INPUT_FIELDS, "other_phones")})
        session.execute(
            update(m.Customer)
            .where(m.Customer.id == cid)
            .values(
                search_text=keyed["search_text"],
                short_keys=keyed["short_keys"],
                completeness=keyed["completeness"],
            )
        )
        restored += len(fields)
    return restored
