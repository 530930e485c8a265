"""Finding the table in a notebook sheet and mapping its columns to customer fields.

Real sheets have title rows above the header, two-row grouped headers, subtotal rows
(合计), pre-numbered empty rows and instruction sheets. The header is the row (or pair of
rows) whose cells best match known column names; a sheet with no such row is not a table.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from branchcrm.domain.amounts import header_unit

HEADER_SEARCH_ROWS = 30
MIN_HEADER_MATCHES = 2

# Field names are those of the export JSON (``contacts.*`` for visit-level values).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "姓名",
        "客户姓名",
        "户名",
        "客户名称",
        "客户名",
        "名字",
        "客户",
        "name",
        "customer name",
        "customer",
        "full name",
    ),
    "phone": (
        "电话",
        "手机",
        "联系电话",
        "手机号码",
        "手机号",
        "电话号码",
        "联系方式",
        "移动电话",
        "固定电话",
        "座机",
        "联系电话号码",
        "phone",
        "mobile",
        "tel",
        "telephone",
        "cell phone",
        "mobile phone",
        "phone number",
    ),
    "id_number": (
        "身份证",
        "身份证号",
        "身份证号码",
        "证件号码",
        "证件号",
        "证件",
        "身份证件号码",
        "id number",
        "id no",
        "id",
        "identity number",
        "id card",
    ),
    "birthday": (
        "生日",
        "出生日期",
        "出生年月",
        "出生年月日",
        "出生",
        "birthday",
        "date of birth",
        "dob",
        "birth date",
    ),
    "assets_cny": (
        "资产",
        "存款余额",
        "总资产",
        "余额",
        "资产规模",
        "金融资产",
        "存款",
        "aum",
        "assets",
        "balance",
    ),
    "contacts.amount_cny": (
        "金额",
        "购买金额",
        "投资金额",
        "认购金额",
        "交易金额",
        "购买额",
        "amount",
    ),
    "contacts.product": ("产品", "购买产品", "产品名称", "理财产品", "购买理财", "购买", "product"),
    "contacts.date": (
        "来行日期",
        "到访时间",
        "到访日期",
        "来访日期",
        "来行时间",
        "日期",
        "时间",
        "拜访日期",
        "登记日期",
        "办理日期",
        "date",
        "visit date",
    ),
    "contacts.note": (
        "备注",
        "情况记录",
        "情况说明",
        "记录",
        "说明",
        "沟通记录",
        "沟通情况",
        "note",
        "notes",
        "remark",
        "remarks",
        "comment",
        "comments",
    ),
    "risk_level": (
        "风险偏好",
        "风险等级",
        "风险承受能力",
        "风评",
        "风险评级",
        "风险类型",
        "risk",
        "risk level",
        "risk tolerance",
    ),
    "occupation": ("职业", "occupation", "job"),
    "employer": ("工作单位", "单位", "employer", "company"),
    "address": ("地址", "住址", "家庭住址", "联系地址", "家庭地址", "address"),
    "gender": ("性别", "gender", "sex"),
    "seq": ("序号", "编号", "no", "no.", "#", "序"),
}
FIELDS = tuple(SYNONYMS)
_MULTI_FIELDS = {"phone"}
_SUBTOTAL = re.compile(r"^\s*(合\s*计|小\s*计|总\s*计|共\s*计|总\s*额|total|subtotal|sum)\b", re.I)


def norm_label(text: Any) -> str:
    """``客户姓名：`` / ``资产（万元）`` / ``Customer  Name`` -> comparable label."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).lower().strip()
    s = re.sub(r"[(\[（【][^)\]）】]*[)\]）】]", "", s)  # units and remarks in brackets
    s = re.sub(r"[\s*:：_/\\\-]+", " ", s).strip()
    return s


# Too general to be trusted inside a longer label (客户经理 is not a name column).
EXACT_ONLY = frozenset(
    {
        "客户",
        "出生",
        "存款",
        "购买",
        "余额",
        "单位",
        "记录",
        "说明",
        "日期",
        "时间",
        "证件",
        "序",
        "资产",
        "金额",
        "电话",
        "手机",
    }
)
_EXACT = {norm_label(s): f for f, syns in SYNONYMS.items() for s in syns}
_BY_LENGTH = sorted(_EXACT.items(), key=lambda kv: -len(kv[0]))


def field_for(label: Any) -> str | None:
    return _field_for(str(label)) if label is not None else None


@lru_cache(maxsize=4096)
def _field_for(label: str) -> str | None:
    key = norm_label(label)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    squeezed = key.replace(" ", "")
    if squeezed in _EXACT:
        return _EXACT[squeezed]
    for syn, fld in _BY_LENGTH:
        if syn.isascii():
            if re.search(rf"\b{re.escape(syn)}\b", key) and len(syn) >= 3:
                return fld
        elif len(syn) >= 2 and syn not in EXACT_ONLY and syn in squeezed:
            return fld
    return None


@dataclass
class Column:
    index: int  # 0-based
    label: str
    field: str | None
    unit: int = 1  # multiplier declared by the header (万元 -> 10000)
    hidden: bool = False


@dataclass
class Table:
    header_rows: tuple[int, ...]  # 1-based sheet row numbers
    columns: list[Column]
    signature: str
    notes: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return max(self.header_rows) + 1

    def mapping(self) -> dict[int, str]:
        return {c.index: c.field for c in self.columns if c.field}

    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}


def _labels(rows: Sequence[tuple[Any, ...]], width: int) -> list[str]:
    """One header row, or a grouped header above sub-columns: the sub-label wins when it
    names a field, else the group label (客户信息 over 姓名/手机, 出生日期 merged over two)."""
    out = []
    for c in range(width):
        cells = [str(r[c]).strip() if c < len(r) and r[c] is not None else "" for r in rows]
        sub, grp = cells[-1], cells[0]
        if len(cells) == 1 or field_for(sub):
            out.append(sub)
        elif field_for(grp):
            out.append(grp)
        else:
            out.append(sub or grp)
    return out


def _score(labels: Sequence[str]) -> tuple[int, bool]:
    found = [field_for(x) for x in labels]
    hits = {f for f in found if f and f != "seq"}
    return len(hits), "name" in hits


def signature(labels: Sequence[str]) -> str:
    text = "|".join(norm_label(x) for x in labels)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def detect_table(
    rows: Sequence[tuple[int, tuple[Any, ...]]],
    *,
    hidden_columns: frozenset[int] = frozenset(),
    saved: dict[str, dict[str, Any]] | None = None,
) -> Table | None:
    """Find the header among the first rows; ``None`` when the sheet is not a notebook table.

    ``saved`` maps header signatures to mappings a person confirmed earlier; they win.
    """
    head = list(rows[:HEADER_SEARCH_ROWS])
    best: tuple[int, int, int] | None = None  # (score, -i, n)
    for i, (_no, values) in enumerate(head):
        width = len(values)
        if width < 2 or sum(v is not None for v in values) < MIN_HEADER_MATCHES:
            continue
        for n in (1, 2):
            group = [v for _, v in head[i : i + n]]
            if len(group) < n:
                continue
            w = max(len(g) for g in group)
            score, has_name = _score(_labels(group, w))
            if n == 2:
                one, _ = _score(_labels(group[:1], w))
                if score < one or not any(field_for(v) for v in group[1] if isinstance(v, str)):
                    continue
            if score < MIN_HEADER_MATCHES or not has_name:
                continue
            cand = (score, -i, n)
            if best is None or cand > best:
                best = cand
    if best is None:
        return None
    _, neg_i, n = best
    i = -neg_i
    group = [v for _, v in head[i : i + n]]
    width = max(len(g) for g in group)
    for _, v in rows:
        width = max(width, len(v))
    labels = _labels(group, width)
    sig = signature(labels)
    mapping: dict[int, str | None] = {}
    entry = (saved or {}).get(sig)
    if entry:
        mapping = {
            int(k): v for k, v in entry.get("columns", {}).items() if v in FIELDS or v is None
        }
    columns: list[Column] = []
    taken: set[str] = set()
    notes: list[str] = []
    for c, label in enumerate(labels):
        fld = mapping[c] if c in mapping else field_for(label)
        if fld and fld in taken and fld not in _MULTI_FIELDS:
            notes.append(f"column {label!r} also looks like {fld}; only the first is used")
            fld = None
        if fld:
            taken.add(fld)
        columns.append(Column(c, label, fld, header_unit(label) if fld else 1, c in hidden_columns))
    return Table(tuple(no for no, _ in head[i : i + n]), columns, sig, notes)


def is_subtotal(values: tuple[Any, ...]) -> bool:
    return any(isinstance(v, str) and _SUBTOTAL.match(v) for v in values[:6])


def is_header_repeat(values: tuple[Any, ...], table: Table) -> bool:
    """A header printed again further down (sheets pasted together)."""
    return repeats_header(values, table, name_column(table))


def repeats_header(values: tuple[Any, ...], table: Table, name_col: Column | None) -> bool:
    """:func:`is_header_repeat`, the table's name column looked up once for many rows."""
    if name_col is None or name_col.index >= len(values):
        return False
    first = values[name_col.index]
    if not isinstance(first, str) or _norm_short(first) != _norm_short(name_col.label):
        return False  # the cheap test that rules out every ordinary row
    labels = {norm_label(c.label) for c in table.columns if c.field}
    cells = {norm_label(v) for v in values if v is not None}
    return len(labels & cells) >= max(2, len(labels) // 2)


def name_column(table: Table) -> Column | None:
    return next((c for c in table.columns if c.field == "name"), None)


def _norm_short(text: str) -> str:
    return _norm_cached(text) if len(text) <= 64 else norm_label(text)


@lru_cache(maxsize=1 << 16)
def _norm_cached(text: str) -> str:
    return norm_label(text)


def mapping_setting_key(sig: str) -> str:
    return f"import.mapping.{sig}"


def mapping_json(table: Table) -> str:
    return json.dumps(
        {
            "signature": table.signature,
            "header_rows": len(table.header_rows),
            "columns": {str(c.index): c.field for c in table.columns},
        },
        ensure_ascii=False,
    )
