"""Business-system feeds: balances, holdings, transactions and customer master updates.

Guarantees, and how they are kept:

* **Unknown customers are reported, never dropped silently.** Rows are matched by customer
  number, else by ID number; every unmatched key appears in ``unknown`` (with its row
  count and first row) and as a review item.
* **A feed imported twice changes nothing.** A file whose content hash was already
  imported is skipped; otherwise writes are upserts that touch only rows whose values
  differ: ``period_balance`` on (customer, period, category), ``account_transaction`` on
  ``source_ref`` (the bank's reference, or a stable hash of the row when the feed has
  none), holdings on (customer, product, account).
* **A bad feed leaves the database as it was.** The whole import is one transaction; a
  file that cannot be read or lacks required columns aborts it (the summary names it).
  Single bad rows do not: they are skipped and listed for review.
* **Speed.** Rows are parsed on a fast path and written in bulk: ``COPY`` into a temporary
  table then one ``INSERT ... SELECT ... ON CONFLICT`` on PostgreSQL, ``executemany`` on
  SQLite. One audit row records the batch.
* **Time.** Feed timestamps are branch-local (default Asia/Shanghai) and stored in UTC, so
  a transaction at 23:30 Beijing time stays on that Beijing day.
* **Daily balances -> month daily-average** per customer and category: each account's
  balance is carried forward day by day from its first row in the month to the last day
  the feed covers for that month, and divided by the number of those days (the full
  month for a complete feed). Rows may arrive in any order. A month with a single
  balance date (a month-end snapshot) takes that balance as the month's figure. A month's
  daily rows must come in one import (one or more files): a later import replaces it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import typing
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from branchcrm.db import hooks
from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.roles import Role
from branchcrm.engines.common import branch_zone, month_days, setting_json
from branchcrm.importers import feeds_parse as fp
from branchcrm.importers.feeds_read import FeedReadError, read_rows
from branchcrm.services.errors import PermissionDenied, ValidationError

KINDS = ("balances", "holdings", "transactions", "customers")
REVIEW_LIMIT = 10_000  # review items written per import; the summary says when more were cut
SUMMARY_LIMIT = 200


@dataclass
class FeedFile:
    file: str
    path: str
    status: str = "imported"  # imported, skipped (already imported), error
    error: str | None = None
    sha256: str = ""
    rows: int = 0
    matched: int = 0
    unknown_rows: int = 0
    review: int = 0
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            "rows": self.rows,
            "matched": self.matched,
            "unknown_rows": self.unknown_rows,
            "review": self.review,
            "header_row": self.header_row,
            "columns": self.columns,
            "warnings": self.warnings,
        }


@dataclass
class Unknown:
    file: str
    first_row: int
    customer_no: str | None
    id_number: str | None
    rows: int = 1

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.first_row,
            "customer_no": self.customer_no,
            "id_number": _mask(self.id_number),
            "rows": self.rows,
        }


@dataclass
class Problem:
    file: str
    row: int | None
    column: str | None
    raw: str | None
    code: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "raw": self.raw,
            "code": self.code,
            "reason": self.reason,
        }


@dataclass
class FeedResult:
    kind: str
    batch_id: int | None = None
    files: list[FeedFile] = field(default_factory=list)
    rows: int = 0
    matched: int = 0
    written: int = 0  # rows inserted or changed
    unchanged: int = 0  # rows already there with the same values
    unknown: list[Unknown] = field(default_factory=list)
    review: list[Problem] = field(default_factory=list)
    review_total: int = 0
    periods: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.status != "error" for f in self.files)

    def as_json(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "kind": self.kind,
            "files": [f.as_json() for f in self.files],
            "rows": self.rows,
            "matched": self.matched,
            "written": self.written,
            "unchanged": self.unchanged,
            "unknown": [u.as_json() for u in self.unknown],
            "review": [p.as_json() for p in self.review[:SUMMARY_LIMIT]],
            "review_total": self.review_total,
            "periods": self.periods,
        }


class _Abort(Exception):
    """A file-level error: the import's transaction is rolled back."""


def _mask(number: str | None) -> str | None:
    if not number:
        return number
    return number[:4] + "*" * max(len(number) - 8, 0) + number[-4:]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _may_import(actor: Actor) -> None:
    if actor.staff_id is None:
        return
    if not actor.has(Role.SUPERVISOR, Role.HEAD, Role.ADMIN):
        raise PermissionDenied(
            f"{actor.login} may not import bank feeds (supervisor, head or admin)"
        )


def _imported_hashes(session: Session, kind: str) -> dict[str, int]:
    out: dict[str, int] = {}
    q = select(m.ImportBatch.id, m.ImportBatch.counts).where(
        m.ImportBatch.kind == f"feed:{kind}",
        m.ImportBatch.status == "done",
        m.ImportBatch.undone_at.is_(None),
    )
    for bid, counts in session.execute(q):
        try:
            files = json.loads(counts or "{}").get("files", [])
        except (ValueError, AttributeError):
            continue
        for f in files:
            if f.get("status") == "imported" and f.get("sha256"):
                out.setdefault(f["sha256"], bid)
    return out


COLUMNS_SETTING = "feeds.columns"


def _saved_columns(session: Session, kind: str) -> dict[str, str]:
    """A source's own header labels, saved by an administrator:
    ``{"transactions": {"TRX_AMT": "amount", ...}, "*": {...}}`` (``*`` for every kind)."""
    raw = setting_json(session, COLUMNS_SETTING, {})
    out: dict[str, str] = {}
    for key in ("*", kind):
        part = raw.get(key)
        if isinstance(part, dict):
            out.update({str(k): str(v) for k, v in part.items()})
    return out


# ----------------------------------------------------------------------------- matching


class Matcher:
    """customer_no / ID number -> customer id, loaded once per import (100k rows: ~0.2 s)."""

    def __init__(self, session: Session) -> None:
        self.by_no: dict[str, int] = {}
        self.by_id: dict[str, int] = {}
        for cid, no, idn in session.execute(
            select(m.Customer.id, m.Customer.customer_no, m.Customer.id_number)
        ):
            if no:
                self.by_no[no.upper()] = cid
            if idn:
                self.by_id[idn.upper()] = cid
        self.unknown: dict[tuple[str | None, str | None], Unknown] = {}

    def match(self, ctx: _Ctx, row: int, no_raw: Any, id_raw: Any) -> int | None:
        no = fp.text(no_raw)
        no = no.upper() if no else None
        try:
            idn = fp.id_text(id_raw)
        except fp.ValueProblem as exc:
            ctx.problem(row, "id_number", id_raw, exc.code, str(exc))
            idn = None
        cid = self.by_no.get(no) if no else None
        by_id = self.by_id.get(idn) if idn else None
        if cid is not None and by_id is not None and cid != by_id:
            ctx.problem(
                row,
                "customer_no",
                no,
                "customer_conflict",
                "customer number and ID number belong to different customers",
            )
            return None
        cid = cid if cid is not None else by_id
        if cid is None:
            if not no and not idn:
                ctx.problem(
                    row, "customer_no", None, "customer_missing", "no customer number or ID"
                )
                return None
            key = (no, idn)
            u = self.unknown.get(key)
            if u is None:
                self.unknown[key] = Unknown(ctx.file.file, row, no, idn)
            else:
                u.rows += 1
            ctx.file.unknown_rows += 1
            return None
        ctx.file.matched += 1
        return cid


@dataclass
class _Ctx:
    file: FeedFile
    problems: list[Problem]
    cols: dict[str, int]

    def problem(
        self, row: int | None, column: str | None, raw: Any, code: str, reason: str
    ) -> None:
        self.file.review += 1
        self.problems.append(
            Problem(
                self.file.file, row, column, None if raw is None else str(raw)[:200], code, reason
            )
        )

    def getter(self, name: str) -> Any:
        """A fast accessor for one field (None when the column is absent or the row short)."""
        idx = self.cols.get(name)
        if idx is None:
            return lambda cells: None
        return lambda cells: cells[idx] if idx < len(cells) else None


REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "balances": [("customer_no", "id_number"), ("date", "period"), ("balance", "avg_balance")],
    "holdings": [("customer_no", "id_number"), ("product_code",), ("amount",)],
    "transactions": [("customer_no", "id_number"), ("date",), ("amount", "debit", "credit")],
    "customers": [("customer_no", "id_number")],
}


def _rows_after_header(
    path: Path, kind: str, f: FeedFile, saved: dict[str, str] | None = None
) -> tuple[dict[str, int], Iterator[tuple[int, list[Any]]]]:
    """Find the header among the first rows, check the required columns, stream the rest."""
    it = iter(read_rows(path))
    head: list[tuple[int, list[Any]]] = []
    for n, cells in it:
        head.append((n, cells))
        if len(head) >= fp.HEADER_SEARCH_ROWS:
            break
    found = fp.find_header(head, kind, saved)
    if found is None:
        raise _Abort(f"{f.file}: no header row with known {kind} columns in the first rows")
    header_row, cols, _unmapped = found
    missing = [" or ".join(alts) for alts in REQUIRED[kind] if not any(a in cols for a in alts)]
    if missing:
        raise _Abort(
            f"{f.file}: required column(s) missing for a {kind} feed: {', '.join(missing)}"
        )
    f.header_row = header_row
    header_cells = next(c for n, c in head if n == header_row)
    f.columns = {name: str(header_cells[i]) for name, i in sorted(cols.items(), key=lambda x: x[1])}

    def rest() -> Iterator[tuple[int, list[Any]]]:
        for n, cells in head:
            if n > header_row:
                yield n, cells
        yield from it

    return cols, rest()


def _blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


# ----------------------------------------------------------------------------- entry point


def import_feed(
    db: Database,
    actor: Actor,
    kind: str,
    paths: Sequence[Path | str],
    *,
    today: dt.date | None = None,
) -> FeedResult:
    """Import feed files of one kind as one batch (all or nothing); see the module docs."""
    if kind not in KINDS:
        raise ValidationError({"kind": f"unknown feed kind {kind!r}; one of {', '.join(KINDS)}"})
    if not paths:
        raise ValidationError({"files": "give at least one file"})
    _may_import(actor)
    result = FeedResult(kind)
    with db.session(actor) as session:
        done = _imported_hashes(session, kind)
        todo: list[tuple[Path, FeedFile]] = []
        hashes: set[str] = set()
        for raw in paths:
            path = Path(raw)
            f = FeedFile(path.name, str(path))
            result.files.append(f)
            if not path.is_file():
                f.status, f.error = "error", f"{path.name}: no such file"
                continue
            f.sha256 = file_sha256(path)
            if f.sha256 in done:
                f.status = "skipped"
                f.warnings.append(f"already imported in batch {done[f.sha256]}; nothing changed")
            elif f.sha256 in hashes:
                f.status = "skipped"
                f.warnings.append("same content as another file of this import; read once")
            else:
                hashes.add(f.sha256)
                todo.append((path, f))
        if not result.ok or not todo:
            return result
        tz = branch_zone(session)
        saved = _saved_columns(session, kind)
        now = dt.datetime.now(dt.UTC)
        batch_id = session.execute(
            insert(m.ImportBatch).returning(m.ImportBatch.id),
            [
                {
                    "kind": f"feed:{kind}",
                    "file_name": "; ".join(f.file for _, f in todo)[:500],
                    "content_hash": hashlib.sha256(
                        "".join(sorted(f.sha256 for _, f in todo)).encode()
                    ).hexdigest(),
                    "staff_id": actor.staff_id,
                    "started_at": now,
                    "status": "running",
                }
            ],
        ).scalar_one()
        matcher = Matcher(session)
        writer = {
            "balances": _Balances,
            "holdings": _Holdings,
            "transactions": _Transactions,
            "customers": _Customers,
        }[kind](session, batch_id, tz)
        try:
            for path, f in todo:
                ctx = _Ctx(f, result.review, {})
                try:
                    cols, rows = _rows_after_header(path, kind, f, saved)
                    ctx.cols = cols
                    writer.feed(ctx, matcher, rows)
                except FeedReadError as exc:
                    raise _Abort(str(exc)) from None
                except _Abort:
                    raise
            writer.finish(result)
        except _Abort as exc:
            writer.abort()
            session.rollback()
            message = str(exc)
            for _, f in todo:
                if message.startswith(f"{f.file}:") and f.status != "error":
                    f.status, f.error = "error", message
                    break
            else:
                todo[-1][1].status, todo[-1][1].error = "error", message
            for _, f in todo:
                if f.status == "imported":
                    f.status = "not_imported"
                    f.warnings.append("not imported: another file of this import failed")
            return result
        except BaseException:
            writer.abort()
            raise
        result.batch_id = batch_id
        result.unknown = sorted(matcher.unknown.values(), key=lambda u: (u.file, u.first_row))
        result.rows = sum(f.rows for f in result.files)
        result.matched = sum(f.matched for f in result.files)
        result.review_total = len(result.review)
        _review_items(session, batch_id, result)
        counts = {
            "files": [{**f.as_json(), "sha256": f.sha256} for f in result.files],
            "rows": result.rows,
            "matched": result.matched,
            "written": result.written,
            "unchanged": result.unchanged,
            "unknown": len(result.unknown),
            "review": result.review_total,
            "periods": result.periods,
        }
        session.execute(
            update(m.ImportBatch)
            .where(m.ImportBatch.id == batch_id)
            .values(
                status="done",
                finished_at=dt.datetime.now(dt.UTC),
                counts=json.dumps(counts, ensure_ascii=False),
            )
        )
        hooks.record(
            session,
            actor,
            "import_batch",
            batch_id,
            f"feed_{kind}",
            {k: v for k, v in counts.items() if k != "files"},
        )
    return result


def _review_items(session: Session, batch_id: int, result: FeedResult) -> None:
    rows: list[dict[str, Any]] = []
    for u in result.unknown:
        rows.append(
            {
                "batch_id": batch_id,
                "file": u.file,
                "row": u.first_row,
                "field": "customer_no",
                "raw": u.customer_no or _mask(u.id_number),
                "code": "unknown_customer",
                "reason": f"no customer with this number or ID ({u.rows} row(s) not imported)",
                "status": "open",
                "version": 1,
            }
        )
    for p in result.review:
        rows.append(
            {
                "batch_id": batch_id,
                "file": p.file,
                "row": p.row,
                "column": p.column,
                "field": p.column,
                "raw": p.raw,
                "code": p.code,
                "reason": p.reason,
                "status": "open",
                "version": 1,
            }
        )
    if rows:
        session.execute(insert(m.ReviewItem), rows[:REVIEW_LIMIT])


# ----------------------------------------------------------------------------- writers


class _Writer:
    def __init__(self, session: Session, batch_id: int, tz: dt.tzinfo) -> None:
        self.session = session
        self.batch_id = batch_id
        self.tz = tz
        self.dialect = session.get_bind().dialect.name

    def feed(self, ctx: _Ctx, matcher: Matcher, rows: Iterator[tuple[int, list[Any]]]) -> None:
        raise NotImplementedError

    def finish(self, result: FeedResult) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        """Release driver state (an open COPY) before the transaction is rolled back."""

    def products(self) -> dict[str, tuple[int, str]]:
        return {
            code.upper(): (pid, cat)
            for pid, code, cat in self.session.execute(
                select(m.Product.id, m.Product.code, m.Product.category)
            )
        }


class _Transactions(_Writer):
    COLUMNS = (
        "customer_id",
        "account_no",
        "occurred_at",
        "amount_fen",
        "kind",
        "description",
        "source_ref",
        "import_batch_id",
    )

    def __init__(self, session: Session, batch_id: int, tz: dt.tzinfo) -> None:
        super().__init__(session, batch_id, tz)
        self.conn = session.connection()
        self.count = 0
        self.buffer: list[tuple[Any, ...]] = []
        if self.dialect == "postgresql":
            self.conn.exec_driver_sql(
                "CREATE TEMP TABLE feed_txn (customer_id bigint, account_no varchar(40), "
                "occurred_at timestamp, amount_fen bigint, kind varchar(40), "
                "description varchar(200), source_ref varchar(80), import_batch_id bigint) "
                "ON COMMIT DROP"
            )
            raw: Any = self.conn.connection.driver_connection
            self._cursor = raw.cursor()
            self._copy_cm = self._cursor.copy(
                f"COPY feed_txn ({', '.join(self.COLUMNS)}) FROM STDIN"
            )
            self._copy = self._copy_cm.__enter__()
            self._copy_done = False
        names = ", ".join(self.COLUMNS)
        marks = ", ".join("?" * len(self.COLUMNS))
        self.sqlite_sql = (
            f"INSERT INTO account_transaction ({names}) VALUES ({marks}) "
            "ON CONFLICT (source_ref) DO NOTHING"
        )
        self.inserted = 0

    def _flush(self) -> None:
        if self.buffer:
            res = self.conn.exec_driver_sql(self.sqlite_sql, self.buffer)
            self.inserted += max(res.rowcount, 0)
            self.buffer = []

    def feed(self, ctx: _Ctx, matcher: Matcher, rows: Iterator[tuple[int, list[Any]]]) -> None:
        """The hot loop (a million rows): plain index access, fast paths, no per-row calls
        into SQLAlchemy; anything unusual falls back to the thorough parsers."""
        cols = ctx.cols
        width = max(cols.values()) + 1
        pad = [None] * (width + 1)
        absent = width  # index of an always-None cell appended to short rows

        def ix(name: str) -> int:
            return cols.get(name, absent)

        i_no, i_id, i_date, i_time = ix("customer_no"), ix("id_number"), ix("date"), ix("time")
        i_amt, i_deb, i_cred, i_dir = ix("amount"), ix("debit"), ix("credit"), ix("direction")
        i_acct, i_ref, i_kind, i_desc = ix("account"), ix("ref"), ix("kind"), ix("description")
        has_dir = "direction" in cols
        simple_amount = "amount" in cols and not has_dir
        seen: dict[str, int] = {}
        clock = fp.LocalClock(self.tz)
        pg = self.dialect == "postgresql"
        batch = self.batch_id
        text_, fen_ = fp.fast_text, fp.fast_fen
        by_no = matcher.by_no
        file = ctx.file
        copy_row = self._copy.write_row if pg else None
        buffer = self.buffer
        for n, cells in rows:
            if len(cells) <= width:
                cells = [*cells, *pad[: width + 1 - len(cells)]]
            if not cells[i_no] and not cells[i_id] and _blank(cells):
                continue
            file.rows += 1
            no = cells[i_no]
            cid = by_no.get(no) if no.__class__ is str else None
            if cid is None:
                cid = matcher.match(ctx, n, no, cells[i_id])
                if cid is None:
                    continue
            else:
                file.matched += 1
            try:
                local, occurred = clock.convert(cells[i_date], cells[i_time])
                if simple_amount:
                    amount = fen_(cells[i_amt])
                else:
                    amount = _txn_amount(
                        cells[i_amt], cells[i_deb], cells[i_cred], cells[i_dir], has_dir
                    )
            except fp.ValueProblem as exc:
                ctx.problem(n, None, None, exc.code, str(exc))
                continue
            account = text_(cells[i_acct])
            kind = text_(cells[i_kind])
            desc = text_(cells[i_desc])
            ref = text_(cells[i_ref])
            if ref is None or len(ref) > 80:
                base = f"{cid}|{account}|{local.isoformat()}|{amount}|{kind}|{desc}|{ref}"
                dup = seen.get(base, 0)
                seen[base] = dup + 1
                ref = (
                    "h:" + hashlib.sha1(f"{base}|{dup}".encode(), usedforsecurity=False).hexdigest()
                )
            if pg:
                at: Any = occurred
            else:
                at = occurred.isoformat(" ")
                if len(at) == 19:
                    at += ".000000"
            row = (
                cid,
                account[:40] if account else None,
                at,
                amount,
                kind[:40] if kind else None,
                desc[:200] if desc else None,
                ref,
                batch,
            )
            self.count += 1
            if copy_row is not None:
                copy_row(row)
            else:
                buffer.append(row)
                if len(buffer) >= 20_000:
                    self._flush()
                    buffer = self.buffer

    def abort(self) -> None:
        if self.dialect == "postgresql" and not self._copy_done:
            self._copy_done = True
            with contextlib.suppress(Exception):  # the COPY is being cancelled either way
                self._copy_cm.__exit__(_Abort, _Abort("import aborted"), None)
            self._cursor.close()

    def finish(self, result: FeedResult) -> None:
        if self.dialect == "postgresql":
            self._copy_done = True
            self._copy_cm.__exit__(None, None, None)
            self._cursor.close()
            names = ", ".join(self.COLUMNS)
            res = self.conn.exec_driver_sql(
                f"INSERT INTO account_transaction ({names}) SELECT {names} FROM feed_txn "
                "ON CONFLICT (source_ref) DO NOTHING"
            )
            self.inserted = max(res.rowcount, 0)
            self.conn.exec_driver_sql("DROP TABLE feed_txn")
        else:
            self._flush()
        result.written += self.inserted
        result.unchanged += self.count - self.inserted


def _txn_amount(amount: Any, debit: Any, credit: Any, direction: Any, has_dir: bool) -> int:
    """Signed fen: positive in, negative out, from one amount (with an optional direction
    column) or from separate debit/credit columns."""
    if amount not in (None, ""):
        fen = fp.parse_fen(amount)
        if has_dir:
            sign = fp.direction_sign(direction)
            if sign is None:
                raise fp.ValueProblem(
                    "direction_invalid", f"unknown debit/credit flag: {direction!r}"
                )
            fen = abs(fen) * sign
        return fen
    d = fp.parse_fen(debit) if debit not in (None, "") else 0
    c = fp.parse_fen(credit) if credit not in (None, "") else 0
    if d == 0 and c == 0 and debit in (None, "") and credit in (None, ""):
        raise fp.ValueProblem("amount_missing", "amount missing")
    return abs(c) - abs(d)


class _Balances(_Writer):
    def __init__(self, session: Session, batch_id: int, tz: dt.tzinfo) -> None:
        super().__init__(session, batch_id, tz)
        self.daily: dict[tuple[int, str, str, str], list[tuple[int, int]]] = defaultdict(list)
        self.monthly: dict[tuple[int, str, str], int] = defaultdict(int)
        self.last_day: dict[str, int] = {}
        self.dates: dict[str, set[int]] = defaultdict(set)
        self.product_cats = {code: cat for code, (_pid, cat) in self.products().items()}
        self.uncategorized = 0

    def _category(self, ctx: _Ctx, n: int, cat_raw: Any, product_raw: Any) -> str | None:
        if cat_raw not in (None, ""):
            cat = fp.category_of(cat_raw)
            if cat is None:
                ctx.problem(
                    n,
                    "category",
                    cat_raw,
                    "category_unknown",
                    f"unknown asset category {cat_raw!r}",
                )
            return cat
        code = fp.text(product_raw)
        if code:
            cat = self.product_cats.get(code.upper())
            if cat is None:
                ctx.problem(
                    n, "product_code", code, "product_unknown", f"unknown product code {code!r}"
                )
            return cat
        self.uncategorized += 1
        return "other"

    def feed(self, ctx: _Ctx, matcher: Matcher, rows: Iterator[tuple[int, list[Any]]]) -> None:
        g = ctx.getter
        get_no, get_id, get_date, get_period = (
            g("customer_no"),
            g("id_number"),
            g("date"),
            g("period"),
        )
        get_bal, get_avg, get_cat, get_prod, get_acct = (
            g("balance"),
            g("avg_balance"),
            g("category"),
            g("product_code"),
            g("account"),
        )
        monthly = "avg_balance" in ctx.cols or ("balance" in ctx.cols and "date" not in ctx.cols)
        for n, cells in rows:
            if _blank(cells):
                continue
            ctx.file.rows += 1
            cid = matcher.match(ctx, n, get_no(cells), get_id(cells))
            if cid is None:
                continue
            cat = self._category(ctx, n, get_cat(cells), get_prod(cells))
            if cat is None:
                continue
            try:
                if monthly:
                    period = fp.parse_period(
                        get_period(cells) if "period" in ctx.cols else get_date(cells)
                    )
                    value = get_avg(cells) if "avg_balance" in ctx.cols else get_bal(cells)
                    self.monthly[(cid, period, cat)] += fp.parse_fen(value)
                    continue
                day = fp.parse_date(get_date(cells))
                fen = fp.parse_fen(get_bal(cells))
            except fp.ValueProblem as exc:
                ctx.problem(n, None, None, exc.code, str(exc))
                continue
            period = f"{day.year:04d}-{day.month:02d}"
            account = fp.text(get_acct(cells)) or fp.text(get_prod(cells)) or ""
            self.daily[(cid, cat, account, period)].append((day.day, fen))
            if day.day > self.last_day.get(period, 0):
                self.last_day[period] = day.day
            self.dates[period].add(day.day)
        if self.uncategorized:
            ctx.file.warnings.append(
                f"{self.uncategorized} row(s) have no category or product code: counted as 'other'"
            )

    def averages(self) -> dict[tuple[int, str, str], int]:
        out: dict[tuple[int, str, str], int] = defaultdict(int)
        for key, value in self.monthly.items():
            out[key] += value
        for (cid, cat, _account, period), points in self.daily.items():
            points.sort(key=lambda p: p[0])  # stable: for one day, the file's later row wins
            if len(self.dates[period]) == 1:
                out[(cid, period, cat)] += points[-1][1]
                continue
            last = self.last_day[period]
            total = 0
            for i, (day, fen) in enumerate(points):
                nxt = points[i + 1][0] if i + 1 < len(points) else last + 1
                if nxt == day:  # the same account twice on one day: the later row wins
                    continue
                total += fen * (min(nxt, last + 1) - day)
            out[(cid, period, cat)] += round(total / last)
        return out

    def finish(self, result: FeedResult) -> None:
        values = self.averages()
        periods = sorted({p for _, p, _ in values})
        for p in periods:
            if self.last_day.get(p, month_days(p)) < month_days(p) and len(self.dates[p]) > 1:
                result.files[-1].warnings.append(
                    f"{p}: daily balances only up to day {self.last_day[p]}; averaged over those days"
                )
        result.periods = periods
        existing: dict[tuple[int, str, str], int] = {}
        for p in periods:
            for cid, cat, avg in self.session.execute(
                select(
                    m.PeriodBalance.customer_id,
                    m.PeriodBalance.category,
                    m.PeriodBalance.avg_balance_fen,
                ).where(m.PeriodBalance.period == p)
            ):
                existing[(cid, p, cat)] = avg
        changed = [
            {"c": cid, "p": p, "k": cat, "v": v, "b": self.batch_id}
            for (cid, p, cat), v in values.items()
            if existing.get((cid, p, cat)) != v
        ]
        stmt = text(
            "INSERT INTO period_balance (customer_id, period, category, avg_balance_fen, "
            "import_batch_id) VALUES (:c, :p, :k, :v, :b) "
            "ON CONFLICT (customer_id, period, category) DO UPDATE SET "
            "avg_balance_fen = excluded.avg_balance_fen, import_batch_id = excluded.import_batch_id"
        )
        if self.dialect == "postgresql" and len(changed) > 1000:
            self._pg_upsert(changed)
        else:
            for i in range(0, len(changed), 20_000):
                self.session.execute(stmt, changed[i : i + 20_000])
        result.written += len(changed)
        result.unchanged += len(values) - len(changed)

    def _pg_upsert(self, rows: list[dict[str, Any]]) -> None:
        """COPY into a temporary table, then one INSERT ... ON CONFLICT DO UPDATE."""
        conn = self.session.connection()
        conn.exec_driver_sql(
            "CREATE TEMP TABLE feed_pb (customer_id bigint, period varchar(7), "
            "category varchar(20), avg_balance_fen bigint, import_batch_id bigint) ON COMMIT DROP"
        )
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy("COPY feed_pb FROM STDIN") as copy:
            for r in rows:
                copy.write_row((r["c"], r["p"], r["k"], r["v"], r["b"]))
        conn.exec_driver_sql(
            "INSERT INTO period_balance (customer_id, period, category, avg_balance_fen, "
            "import_batch_id) SELECT customer_id, period, category, avg_balance_fen, "
            "import_batch_id FROM feed_pb "
            "ON CONFLICT (customer_id, period, category) DO UPDATE SET "
            "avg_balance_fen = excluded.avg_balance_fen, import_batch_id = excluded.import_batch_id"
        )
        conn.exec_driver_sql("DROP TABLE feed_pb")


class _Holdings(_Writer):
    def __init__(self, session: Session, batch_id: int, tz: dt.tzinfo) -> None:
        super().__init__(session, batch_id, tz)
        self.product_ids = self.products()
        self.rows: dict[tuple[int, int, str], dict[str, Any]] = {}

    def feed(self, ctx: _Ctx, matcher: Matcher, rows: Iterator[tuple[int, list[Any]]]) -> None:
        g = ctx.getter
        get_no, get_id, get_prod, get_amt = (
            g("customer_no"),
            g("id_number"),
            g("product_code"),
            g("amount"),
        )
        get_acct, get_start, get_mat, get_status = (
            g("account"),
            g("start_date"),
            g("maturity"),
            g("status"),
        )
        for n, cells in rows:
            if _blank(cells):
                continue
            ctx.file.rows += 1
            cid = matcher.match(ctx, n, get_no(cells), get_id(cells))
            if cid is None:
                continue
            code = fp.text(get_prod(cells))
            product = self.product_ids.get(code.upper()) if code else None
            if product is None:
                ctx.problem(
                    n, "product_code", code, "product_unknown", f"unknown product code {code!r}"
                )
                continue
            try:
                amount = fp.parse_fen(get_amt(cells))
                start = (
                    fp.parse_date(get_start(cells)) if get_start(cells) not in (None, "") else None
                )
                maturity = (
                    fp.parse_date(get_mat(cells)) if get_mat(cells) not in (None, "") else None
                )
                status = fp.holding_status(get_status(cells))
            except fp.ValueProblem as exc:
                ctx.problem(n, None, None, exc.code, str(exc))
                continue
            account = (fp.text(get_acct(cells)) or "")[:40]
            self.rows[(cid, product[0], account)] = {
                "amount_fen": amount,
                "start_date": start,
                "maturity_date": maturity,
                "status": status,
            }

    def finish(self, result: FeedResult) -> None:
        customers = sorted({cid for cid, _, _ in self.rows})
        existing: dict[tuple[int, int, str], tuple[int, dict[str, Any]]] = {}
        h = m.Holding
        for i in range(0, len(customers), 5000):
            q = select(
                h.id,
                h.customer_id,
                h.product_id,
                h.account_no,
                h.amount_fen,
                h.start_date,
                h.maturity_date,
                h.status,
            ).where(h.customer_id.in_(customers[i : i + 5000]))
            for hid, cid, pid, acct, amt, start, mat, status in self.session.execute(q):
                existing[(cid, pid, acct or "")] = (
                    hid,
                    {
                        "amount_fen": amt,
                        "start_date": start,
                        "maturity_date": mat,
                        "status": status,
                    },
                )
        new, changed = [], []
        for (cid, pid, acct), values in self.rows.items():
            old = existing.get((cid, pid, acct))
            if old is None:
                new.append(
                    {
                        "customer_id": cid,
                        "product_id": pid,
                        "account_no": acct or None,
                        **values,
                        "import_batch_id": self.batch_id,
                        "version": 1,
                    }
                )
            elif old[1] != values:
                changed.append({"b_id": old[0], **values, "import_batch_id": self.batch_id})
        if new:
            self.session.execute(insert(h), new)
        if changed:
            tbl = typing.cast(Table, h.__table__)
            stmt = (
                update(tbl).where(tbl.c.id == bindparam("b_id")).values(version=tbl.c.version + 1)
            )
            self.session.execute(stmt, changed)
        result.written += len(new) + len(changed)
        result.unchanged += len(self.rows) - len(new) - len(changed)


class _Customers(_Writer):
    FIELDS = (
        "name",
        "mobile",
        "birth_date",
        "gender",
        "occupation",
        "employer",
        "industry",
        "address",
        "risk_level",
        "risk_assessed_on",
        "risk_expires_on",
    )
    DATES = frozenset({"birth_date", "risk_assessed_on", "risk_expires_on"})
    LIMITS: typing.ClassVar[dict[str, int]] = {
        "name": 100,
        "mobile": 20,
        "occupation": 100,
        "employer": 200,
        "industry": 100,
        "address": 300,
    }

    def __init__(self, session: Session, batch_id: int, tz: dt.tzinfo) -> None:
        super().__init__(session, batch_id, tz)
        self.updates: dict[int, dict[str, Any]] = {}

    def feed(self, ctx: _Ctx, matcher: Matcher, rows: Iterator[tuple[int, list[Any]]]) -> None:
        g = ctx.getter
        get_no, get_id = g("customer_no"), g("id_number")
        getters = {f: g(f) for f in self.FIELDS if f in ctx.cols}
        for n, cells in rows:
            if _blank(cells):
                continue
            ctx.file.rows += 1
            no, idn = get_no(cells), get_id(cells)
            cid = matcher.match(ctx, n, no, idn)
            if cid is None:
                continue
            values: dict[str, Any] = {}
            ok = True
            for f, get in getters.items():
                raw = get(cells)
                if raw in (None, ""):
                    continue
                try:
                    if f in self.DATES:
                        values[f] = fp.parse_date(raw)
                    elif f == "risk_level":
                        values[f] = fp.risk_level(raw)
                    elif f == "gender":
                        s = fp.text(raw) or ""
                        values[f] = {"男": "M", "女": "F", "m": "M", "f": "F"}.get(s.lower()[:1])
                    else:
                        values[f] = (fp.text(raw) or "")[: self.LIMITS.get(f, 100)]
                except fp.ValueProblem as exc:
                    ctx.problem(n, f, raw, exc.code, str(exc))
                    ok = False
            if not ok:
                continue
            if fp.text(no):
                values["customer_no"] = (fp.text(no) or "").upper()[:32]
            self.updates.setdefault(cid, {}).update(
                {k: v for k, v in values.items() if v is not None}
            )

    def finish(self, result: FeedResult) -> None:
        """Through the ORM, so that search keys, completeness and field-level audit follow;
        customer master feeds are small next to transaction feeds."""
        ids = sorted(self.updates)
        written = 0
        for i in range(0, len(ids), 1000):
            chunk = ids[i : i + 1000]
            for c in self.session.scalars(select(m.Customer).where(m.Customer.id.in_(chunk))):
                values = self.updates[c.id]
                if (
                    values.get("customer_no")
                    and c.customer_no
                    and values["customer_no"] != c.customer_no
                ):
                    values.pop("customer_no")  # matched by ID: the stored number stands
                diff = {k: v for k, v in values.items() if getattr(c, k) != v}
                if not diff:
                    continue
                for k, v in diff.items():
                    setattr(c, k, v)
                if "birth_date" in diff:
                    c.birth_month, c.birth_day = diff["birth_date"].month, diff["birth_date"].day
                written += 1
            self.session.flush()
        result.written += written
        result.unchanged += len(ids) - written
