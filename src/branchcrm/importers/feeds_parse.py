"""Column mapping and fast cell parsers for business-system feeds.

The per-cell normalizers of the notebook import are thorough but cost ~20 µs a cell; a
feed of a million transactions needs a few microseconds per row, so these parsers take the
common machine-written forms on a fast path (with caches for repeated dates) and report
anything else as a problem for the review list instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

HEADER_SEARCH_ROWS = 20

# Field -> header labels (compared after normalization: NFKC, lower case, no spaces,
# no bracketed units). Bank systems differ; administrators extend these in code review.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_no": (
        "客户号",
        "客户编号",
        "客户代码",
        "核心客户号",
        "客户号码",
        "客户id",
        "cif",
        "cif号",
        "customer no",
        "customer number",
        "cust no",
        "customer id",
    ),
    "id_number": ("证件号码", "证件号", "身份证号", "身份证号码", "身份证", "id number", "id no"),
    "name": ("客户名称", "客户姓名", "姓名", "户名", "name", "customer name"),
    "account": (
        "账号",
        "帐号",
        "账户",
        "帐户",
        "卡号",
        "账户号",
        "账号/卡号",
        "客户账号",
        "account",
        "account no",
        "account number",
    ),
    "date": (
        "日期",
        "余额日期",
        "数据日期",
        "交易日期",
        "记账日期",
        "统计日期",
        "业务日期",
        "date",
        "balance date",
        "txn date",
        "transaction date",
        "as of",
    ),
    "time": ("交易时间", "时间", "time", "txn time"),
    "period": ("月份", "统计月份", "期间", "数据月份", "period", "month"),
    "amount": ("金额", "交易金额", "发生额", "持有金额", "持仓金额", "购买金额", "本金", "amount"),
    "debit": ("借方金额", "支出金额", "支出", "借方发生额", "debit"),
    "credit": ("贷方金额", "收入金额", "存入金额", "收入", "贷方发生额", "credit"),
    "direction": ("借贷标志", "收支标志", "借贷方向", "方向", "direction", "dr/cr", "drcr"),
    "balance": ("余额", "账户余额", "日终余额", "当日余额", "期末余额", "balance"),
    "avg_balance": ("月日均", "日均余额", "月日均余额", "日均", "average balance", "avg balance"),
    "category": ("资产类别", "类别", "产品类别", "产品类型", "资产类型", "category"),
    "product_code": ("产品代码", "产品编号", "产品编码", "product code", "product"),
    "start_date": (
        "起息日",
        "开户日期",
        "购买日期",
        "起始日",
        "起息日期",
        "开户日",
        "start date",
        "value date",
        "open date",
    ),
    "maturity": ("到期日", "到期日期", "maturity", "maturity date"),
    "status": ("状态", "账户状态", "持仓状态", "status"),
    "ref": (
        "流水号",
        "交易流水号",
        "流水",
        "交易编号",
        "参考号",
        "交易参考号",
        "reference",
        "ref",
        "txn id",
        "transaction id",
    ),
    "kind": ("交易类型", "交易种类", "业务类型", "type", "txn type"),
    "description": ("摘要", "交易摘要", "附言", "用途", "description", "memo"),
    "mobile": ("手机", "手机号", "手机号码", "移动电话", "mobile", "phone"),
    "birth_date": ("出生日期", "生日", "birth date", "date of birth", "dob"),
    "gender": ("性别", "gender", "sex"),
    "occupation": ("职业", "occupation"),
    "employer": ("工作单位", "单位名称", "employer"),
    "industry": ("行业", "所属行业", "industry"),
    "address": ("地址", "联系地址", "家庭地址", "address"),
    "risk_level": ("风险等级", "风险承受能力", "风险评级", "客户风险等级", "risk level"),
    "risk_assessed_on": ("评估日期", "风险评估日期", "风评日期", "assessed on"),
    "risk_expires_on": ("评估到期日", "风险评估到期日", "风评到期日", "有效期至", "expires on"),
}

# Fields a feed kind uses; in a holdings feed a "balance" column is the holding's amount.
KIND_FIELDS: dict[str, frozenset[str]] = {
    "balances": frozenset(
        {
            "customer_no",
            "id_number",
            "name",
            "account",
            "date",
            "period",
            "balance",
            "avg_balance",
            "category",
            "product_code",
        }
    ),
    "holdings": frozenset(
        {
            "customer_no",
            "id_number",
            "name",
            "account",
            "product_code",
            "amount",
            "start_date",
            "maturity",
            "status",
            "category",
        }
    ),
    "transactions": frozenset(
        {
            "customer_no",
            "id_number",
            "name",
            "account",
            "date",
            "time",
            "amount",
            "debit",
            "credit",
            "direction",
            "ref",
            "kind",
            "description",
        }
    ),
    "customers": frozenset(
        {
            "customer_no",
            "id_number",
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
        }
    ),
}
KIND_ALIASES: dict[str, dict[str, str]] = {"holdings": {"balance": "amount"}}

CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("活期", "demand_deposit"),
    ("demand", "demand_deposit"),
    ("定期", "time_deposit"),
    ("大额存单", "time_deposit"),
    ("通知存款", "time_deposit"),
    ("time", "time_deposit"),
    ("理财", "wealth"),
    ("wealth", "wealth"),
    ("基金", "fund"),
    ("fund", "fund"),
    ("保险", "insurance"),
    ("insurance", "insurance"),
    ("贵金属", "precious_metal"),
    ("黄金", "precious_metal"),
    ("金", "precious_metal"),
    ("precious", "precious_metal"),
    ("gold", "precious_metal"),
    ("国债", "bond"),
    ("债券", "bond"),
    ("bond", "bond"),
    ("存款", "demand_deposit"),
)
CATEGORIES = frozenset(
    {
        "demand_deposit",
        "time_deposit",
        "wealth",
        "fund",
        "insurance",
        "precious_metal",
        "bond",
        "other",
    }
)


def norm_label(text: Any) -> str:
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).lower().strip()
    s = re.sub(r"[(\[（【][^)\]）】]*[)\]）】]", "", s)
    return re.sub(r"[\s*:：_\-]+", " ", s).strip()


_LOOKUP = {norm_label(s).replace(" ", ""): f for f, syns in SYNONYMS.items() for s in syns}


def field_for(label: Any, kind: str) -> str | None:
    key = norm_label(label).replace(" ", "")
    found = _LOOKUP.get(key)
    if found is None:
        return None
    found = KIND_ALIASES.get(kind, {}).get(found, found)
    return found if found in KIND_FIELDS[kind] else None


def find_header(
    rows: Sequence[tuple[int, Sequence[Any]]],
    kind: str,
    saved: dict[str, str] | None = None,
) -> tuple[int, dict[str, int], list[str]] | None:
    """(row number, field -> column index, unmapped labels) of the best header row.

    ``saved`` maps a source's own header labels to fields (setting ``feeds.columns``); it
    wins over the built-in synonyms.
    """
    own = {norm_label(k).replace(" ", ""): v for k, v in (saved or {}).items()}
    best: tuple[int, dict[str, int], list[str]] | None = None
    for n, cells in rows[:HEADER_SEARCH_ROWS]:
        mapping: dict[str, int] = {}
        unmapped: list[str] = []
        for i, cell in enumerate(cells):
            f = own.get(norm_label(cell).replace(" ", "")) if own else None
            if f not in KIND_FIELDS[kind]:
                f = field_for(cell, kind)
            if f is not None and f not in mapping:
                mapping[f] = i
            elif cell not in (None, ""):
                unmapped.append(str(cell))
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best[1])):
            best = (n, mapping, unmapped)
    return best


# ----------------------------------------------------------------------------- values


class ValueProblem(ValueError):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code


def text(value: Any) -> str | None:
    """A cell as trimmed text; whole floats lose ``.0``; Excel's ``="0012"`` is unwrapped."""
    if value is None:
        return None
    if isinstance(value, str):
        s = value.strip()
        if s.startswith('="') and s.endswith('"'):
            s = s[2:-1].strip()
        return s or None
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip() or None


def id_text(value: Any) -> str | None:
    """An ID number; refuses floats with 16+ digits (Excel has already lost the last ones)."""
    if isinstance(value, float) and abs(value) >= 1e15:
        raise ValueProblem(
            "id_number_number",
            "ID number stored as a number: its last digits are lost; export it as text",
        )
    s = text(value)
    return s.upper().replace(" ", "") if s else None


_DATE_CACHE: dict[str, dt.date] = {}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        v = int(value)
        if 19000101 <= v <= 21001231:
            return _ymd(v // 10000, v // 100 % 100, v % 100, value)
        if 20000 <= v <= 80000:
            return dt.date(1899, 12, 30) + dt.timedelta(days=v)
        raise ValueProblem("date_invalid", f"not a date: {value!r}")
    s = text(value)
    if not s:
        raise ValueProblem("date_missing", "date missing")
    cached = _DATE_CACHE.get(s)
    if cached is not None:
        return cached
    head = s[:10]
    if len(s) >= 10 and head[4] in "-/." and head[7] == head[4] and head[:4].isdigit():
        d = _ymd(int(head[:4]), int(head[5:7]), int(head[8:10]), s)
    elif len(s) >= 8 and s[:8].isdigit() and (len(s) == 8 or not s[8].isdigit()):
        d = _ymd(int(s[:4]), int(s[4:6]), int(s[6:8]), s)
    else:
        match = _DATE_RE.match(s)
        if not match:
            raise ValueProblem("date_invalid", f"not a date: {s!r}")
        d = _ymd(int(match[1]), int(match[2]), int(match[3]), s)
    if len(_DATE_CACHE) < 100_000:
        _DATE_CACHE[s] = d
    return d


def _ymd(y: int, mo: int, d: int, raw: Any) -> dt.date:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValueProblem("date_invalid", f"not a calendar date: {raw!r}") from None


def parse_time(value: Any) -> dt.time:
    if value is None or value == "":
        return dt.time(0, 0)
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # Excel fraction of a day
        seconds = round(value * 86400)
        return dt.time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    s = str(value).strip()
    if " " in s:  # a full timestamp in the time column
        s = s.rsplit(" ", 1)[1]
    try:
        if len(s) == 6 and s.isdigit():  # HHMMSS
            return dt.time(int(s[:2]), int(s[2:4]), int(s[4:]))
        parts = s.split(":")
        h, mi = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
        sec = float(parts[2]) if len(parts) > 2 else 0.0
        return dt.time(h, mi, int(sec))
    except (ValueError, IndexError):
        raise ValueProblem("time_invalid", f"not a time of day: {value!r}") from None


def parse_local_datetime(date_value: Any, time_value: Any) -> dt.datetime:
    """A naive local timestamp from a date cell (possibly with its time) and a time cell."""
    if isinstance(date_value, dt.datetime):
        base = date_value
        if time_value not in (None, ""):
            t = parse_time(time_value)
            base = base.replace(hour=t.hour, minute=t.minute, second=t.second)
        return base.replace(tzinfo=None, microsecond=0)
    d = parse_date(date_value)
    t_value = time_value
    if t_value in (None, "") and isinstance(date_value, str) and len(date_value.strip()) > 10:
        t_value = date_value.strip()[10:].strip().lstrip("T")
    t = parse_time(t_value)
    return dt.datetime(d.year, d.month, d.day, t.hour, t.minute, t.second)


_STRIP_AMOUNT = str.maketrans("", "", ",，¥￥ \u00a0")


def parse_fen(value: Any) -> int:
    """An amount in yuan -> integer fen (negative allowed: ``-1,234.50``, ``(1,234.50)``)."""
    if isinstance(value, bool):
        raise ValueProblem("amount_invalid", f"not an amount: {value!r}")
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueProblem("amount_invalid", f"not an amount: {value!r}")
        return _to_fen(Decimal(repr(value)), value)
    if value is None:
        raise ValueProblem("amount_missing", "amount missing")
    s = str(value).translate(_STRIP_AMOUNT)
    if not s:
        raise ValueProblem("amount_missing", "amount missing")
    negative = False
    if s[0] == "(" and s[-1] == ")":
        negative, s = True, s[1:-1]
    if s.endswith("元"):
        s = s[:-1]
    whole, _, frac = s.partition(".")
    sign = 1
    if whole[:1] in "+-" and whole:
        sign = -1 if whole[0] == "-" else 1
        whole = whole[1:]
    if whole.isdigit() and (not frac or (frac.isdigit() and len(frac) <= 2)):
        fen = int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
        fen *= sign
    else:
        try:
            fen = _to_fen(Decimal(s), value)
        except InvalidOperation:
            raise ValueProblem("amount_invalid", f"not an amount: {value!r}") from None
    return -fen if negative else fen


def _to_fen(amount: Decimal, raw: Any) -> int:
    if not amount.is_finite():
        raise ValueProblem("amount_invalid", f"not an amount: {raw!r}")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_period(value: Any) -> str:
    """``2026-03``, ``202603``, ``2026年3月`` or a date in the month -> ``'2026-03'``."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    s = text(value)
    if not s:
        raise ValueProblem("period_missing", "period missing")
    m = re.match(r"^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$", s)
    if m and 1 <= int(m[2]) <= 12:
        return f"{int(m[1]):04d}-{int(m[2]):02d}"
    d = parse_date(s)
    return f"{d.year:04d}-{d.month:02d}"


def category_of(value: Any) -> str | None:
    s = text(value)
    if not s:
        return None
    low = s.lower()
    if low in CATEGORIES:
        return low
    for word, cat in CATEGORY_WORDS:
        if word in low:
            return cat
    return None


OUT_WORDS = ("借", "支", "出", "d", "dr", "debit", "-")
IN_WORDS = ("贷", "收", "入", "c", "cr", "credit", "+")


def direction_sign(value: Any) -> int | None:
    s = (text(value) or "").lower()
    if not s:
        return None
    if s in OUT_WORDS or s.startswith(("借", "支")):
        return -1
    if s in IN_WORDS or s.startswith(("贷", "收")):
        return 1
    return None


HOLDING_STATUS = (
    ("销户", "closed"),
    ("结清", "closed"),
    ("注销", "closed"),
    ("closed", "closed"),
    ("赎回", "closed"),
    ("到期", "matured"),
    ("matured", "matured"),
    ("正常", "open"),
    ("持有", "open"),
    ("open", "open"),
    ("active", "open"),
)


def holding_status(value: Any) -> str:
    s = (text(value) or "").lower()
    if not s:
        return "open"
    for word, status in HOLDING_STATUS:
        if word in s:
            return status
    raise ValueProblem("status_invalid", f"unknown holding status: {value!r}")


RISK_WORDS = {"保守": "C1", "谨慎": "C2", "稳健": "C3", "积极": "C4", "激进": "C5"}


def risk_level(value: Any) -> str:
    s = (text(value) or "").upper()
    if len(s) == 2 and s[0] in "CR" and s[1] in "12345":
        return "C" + s[1]
    if len(s) == 1 and s in "12345":
        return "C" + s
    for word, level in RISK_WORDS.items():
        if word in s:
            return level
    raise ValueProblem("risk_invalid", f"not a risk level (C1-C5): {value!r}")


# ----------------------------------------------------------------------------- fast paths


def fast_text(value: Any) -> str | None:
    """``text`` for the common case of a plain string cell."""
    if value.__class__ is str:
        s: str = value.strip()
        if not s:
            return None
        if s[0] != "=":
            return s
    return text(value)


def fast_fen(value: Any) -> int:
    """``parse_fen`` with a float fast path: a decimal string with at most two decimals and
    under 10^13 yuan converts exactly through ``round(float(s) * 100)``."""
    if value.__class__ is str:
        s: str = value
        dot = s.find(".")
        if (dot == -1 or len(s) - dot <= 3) and "_" not in s and "," not in s:
            try:
                f = float(s)
            except ValueError:
                return parse_fen(value)
            if -1e13 < f < 1e13:
                return round(f * 100)
    return parse_fen(value)


class LocalClock:
    """Branch-local date and time cells -> (local naive, UTC naive) datetimes, fast.

    Local midnights are cached per date string; ``HH:MM:SS`` is sliced, not parsed. The
    UTC conversion goes through the zone (daylight saving included) unless it is a fixed
    offset such as China's UTC+8.
    """

    def __init__(self, tz: dt.tzinfo) -> None:
        self.tz = tz
        self.fixed = tz.utcoffset(None) if isinstance(tz, dt.timezone) else None
        if self.fixed is None and getattr(tz, "key", None) == "Asia/Shanghai":
            self.fixed = dt.timedelta(hours=8)  # no daylight saving since 1991
        self.days: dict[str, dt.datetime] = {}

    def convert(self, date_value: Any, time_value: Any) -> tuple[dt.datetime, dt.datetime]:
        local: dt.datetime | None = None
        if date_value.__class__ is str and len(date_value) == 10:
            base = self.days.get(date_value)
            if base is None:
                d = parse_date(date_value)
                base = dt.datetime(d.year, d.month, d.day)
                if len(self.days) < 50_000:
                    self.days[date_value] = base
            if time_value is None or time_value == "":
                local = base
            elif (
                time_value.__class__ is str
                and len(time_value) == 8
                and time_value[2] == ":"
                and time_value[5] == ":"
            ):
                try:
                    h, mi, sec = int(time_value[:2]), int(time_value[3:5]), int(time_value[6:])
                except ValueError:
                    local = None
                else:
                    if h < 24 and mi < 60 and sec < 60:
                        local = base + dt.timedelta(seconds=h * 3600 + mi * 60 + sec)
        if local is None:
            local = parse_local_datetime(date_value, time_value)
        if self.fixed is not None and local.year > 1991:
            return local, local - self.fixed
        utc = local.replace(tzinfo=self.tz).astimezone(dt.UTC).replace(tzinfo=None)
        return local, utc
