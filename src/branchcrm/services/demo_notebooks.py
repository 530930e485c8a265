"""The demo's customer notebooks: typed-up paper notebooks as branches really have them.

A newcomer trying BranchCRM should meet the import as a manager does: one notebook of the
demo manager is already imported (its doubts wait in the review queue, its visits are on
the customers' files) and another, in another shape, waits in the demo folder for the
import wizard. Both are messy in the ways real ones are: a title row, a two-row header,
a name merged down over visits, phones typed as numbers, an ID number Excel destroyed,
15-digit old IDs, amounts such as ``5万`` and ``30-50万``, subtotals, blank numbered rows,
an instruction sheet; some people in them are already customers of the branch.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from branchcrm.db import models as m
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.domain.idnumber import make_resident_id
from branchcrm.domain.roles import Role
from branchcrm.services import demo_pools as pools
from branchcrm.services.errors import ServiceError

IMPORTED_NAME = "客户登记本_{year}_{manager}.xlsx"
WIZARD_NAME = "大堂来访登记_{year}.csv"
PRODUCTS = ("三年期定期存款", "稳盈理财90天", "招利债券基金", "沪深300指数基金", "国债", "年金保险")
NOTES = (
    "咨询理财产品，留意到期日",
    "孩子明年上大学，关心教育金",
    "定期到期，建议转存或买国债",
    "风险偏好保守，只要保本",
    "家里有老人，问了养老保险",
    "想了解基金定投",
    "电话回访，客户满意",
)


@dataclass(frozen=True)
class Known:
    """A customer of the branch whom the notebook also lists."""

    name: str
    mobile: str
    id_number: str | None
    address: str | None


@dataclass(frozen=True)
class SampleNotebooks:
    folder: Path
    imported: Path
    for_wizard: Path
    batch_id: int | None
    review_items: int


def _person(rng: random.Random, seq: int, year_from: int = 1945) -> tuple[str, str, str, dt.date]:
    surname = rng.choice([s for s, _ in pools.SURNAMES[:60]])
    male = rng.random() < 0.5
    chars = pools.MALE_CHARS if male else pools.FEMALE_CHARS
    name = surname + "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2))))
    birth = dt.date(year_from, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    # Odd sequence digits are men's (GB 11643).
    seq3 = (seq * 2 + (1 if male else 0)) % 1000
    idn = make_resident_id("330106", birth, seq3)
    mobile = "1" + rng.choice("3589") + f"{rng.randrange(10**9):09d}"
    return name, mobile, idn, birth


def _visit_day(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 2) + dt.timedelta(days=rng.randrange(360))


def write_imported_notebook(
    path: Path, manager: str, year: int, known: list[Known], seed: int = 11
) -> Path:
    """The manager's .xlsx notebook of ``year`` and ``year + 1`` (one sheet each)."""
    rng = random.Random(seed)
    wb = Workbook()
    info = wb.active
    info.title = "填写说明"
    info.append(["本登记本用于记录来访客户，每位客户每次来访记一行"])
    info.append(["金额以万元为单位；身份证号请设置为文本格式"])
    people = [_person(rng, i) for i in range(24)]
    for sheet_year in (year, year + 1):
        ws = wb.create_sheet(f"{sheet_year}年")
        ws.append([f"{sheet_year}年客户登记本（{manager}）"])
        ws.merge_cells("A1:K1")
        ws.append(
            ["序号", "客户信息", None, None, None, "来访情况", None, None, None, None, "备注"]
        )
        ws.merge_cells("B2:E2")
        ws.merge_cells("F2:J2")
        ws.append(
            [
                None,
                "客户姓名",
                "联系电话",
                "身份证号码",
                "出生日期",
                "来行日期",
                "购买产品",
                "金额（万元）",
                "风险等级",
                "地址",
                None,
            ]
        )
        ws.merge_cells("K2:K3")
        n = 0

        def row(*values: object, ws: Any = ws) -> None:
            nonlocal n
            n += 1
            ws.append([n, *values])

        first = sheet_year == year
        for i, (name, mobile, idn, birth) in enumerate(people if first else people[::3]):
            day = _visit_day(rng, sheet_year)
            product = rng.choice(PRODUCTS)
            amount = rng.choice((5, 10, 20, "12.5万", "3万元", "约30万", None))
            phone: object = float(mobile) if i % 3 == 0 else mobile
            shown_id: object = idn if i % 7 else idn[:6] + idn[8:17]  # 15-digit old IDs
            born: object = birth.strftime("%Y.%-m.%-d") if i % 2 else f"{birth:%Y年%-m月%-d日}"
            if i == 5 and first:
                shown_id = float(idn)  # typed as a number: Excel keeps 15 digits
            if i == 8 and first:
                amount = "30-50万"
            if i == 11 and first:
                phone = f"{mobile}/{_person(rng, 900)[1]}"  # two phones in one cell
            if i == 14 and first:
                born = f"{birth.month}月{birth.day}日"  # birthday without a year
                shown_id = None  # and no ID number noted
            risk = rng.choice(("C1", "C2", "稳健型", "C3", "保守型", None))
            row(name, phone, shown_id, born, day, product, amount, risk, None, rng.choice(NOTES))
            if i % 5 == 0 and first:  # a second visit: the name merged down over both rows
                r = ws.max_row
                row(
                    None,
                    None,
                    None,
                    None,
                    day + dt.timedelta(days=40),
                    "国债",
                    5,
                    None,
                    None,
                    "到期转存",
                )
                for col in "BCDE":
                    ws.merge_cells(f"{col}{r}:{col}{r + 1}")
        for k in known if first else known[:2]:
            day = _visit_day(rng, sheet_year)
            address = k.address if k is not known[-1] else "杭州市西湖区文三路 90 号"
            row(
                " ".join(k.name) if k is known[0] else k.name,
                k.mobile,
                k.id_number,
                None,
                day,
                rng.choice(PRODUCTS),
                rng.choice((10, 20, "50万")),
                None,
                address,
                "老客户，介绍来的",
            )
        row(None, None, None, None, None, None, None, None, None, None)
        row(None, None, None, None, None, None, None, None, None, None)
        ws.append(["合计", None, None, None, None, None, None, None, None, None, None])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_wizard_notebook(path: Path, year: int, known: list[Known], seed: int = 12) -> Path:
    """The lobby's visit list of ``year`` as a bank terminal exports it: GBK CSV, other
    header words, a few people of the manager's notebook again."""
    rng = random.Random(seed)
    rows: list[list[str]] = [
        ["户名", "手机号码", "证件号码", "到访时间", "存款余额", "情况记录"],
    ]
    for i in range(18):
        name, mobile, idn, _birth = _person(rng, 300 + i)
        when = _visit_day(rng, year)
        balance = rng.choice(("¥120,000.00", "8万", "50w", "", "约15万"))
        shown_mobile = mobile if i % 4 else f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}"
        rows.append([name, shown_mobile, idn, f"{when:%Y/%-m/%-d}", balance, rng.choice(NOTES)])
    for k in known[:3]:
        when = _visit_day(rng, year)
        rows.append([k.name, k.mobile, k.id_number or "", f"{when:%Y/%-m/%-d}", "20万", "来办业务"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def default_folder(db: Database | None = None) -> Path:
    """Where ``branchcrm demo`` puts the sample notebooks: beside the SQLite database file,
    else beside the default one (a PostgreSQL branch database)."""
    from branchcrm.db.engine import default_sqlite_path

    url = db.engine.url if db is not None else None
    if url is not None and url.get_backend_name() == "sqlite" and url.database:
        file = url.database
        if file != ":memory:":
            return Path(file).resolve().parent / "demo-notebooks"
    return default_sqlite_path().parent / "demo-notebooks"


def is_demo_branch(db: Database) -> bool:
    from branchcrm.services.demo import BRANCH_CODE

    with db.session() as session:
        return session.scalar(select(m.Branch.id).where(m.Branch.code == BRANCH_CODE)) is not None


def for_wizard(db: Database, folder: Path | None = None) -> Path | None:
    """The sample left for the import wizard, when this database holds the demo branch."""
    if not is_demo_branch(db):
        return None
    found = sorted((folder or default_folder(db)).glob(WIZARD_NAME.format(year="*")))
    return found[-1] if found else None


def transcription_rows(db: Database, staff_id: int) -> list[list[str]]:
    """Rows as a clerk copies them from a paper page into the transcription grid: one of the
    manager's own customers, and the usual slips (a spaced name, a 15-digit ID, a range)."""
    known = _known(db, staff_id, 1)
    rows = [
        [
            "李 娜",
            "138-0013-8000",
            "330106780503002",
            "1978.5.3",
            "2024/3/15 上午",
            "定期",
            "5万",
            "到期转存",
        ],
        [
            "张伟(老客户)",
            "13812345678 13900001111",
            "3.30106197805031E+17",
            "5月3日",
            "2024年5月6日",
            "基金",
            "30-50万",
            "",
        ],
        ["王芳", "0571-87654321", "", "", "2024-06-01", "理财", "¥120,000.00", "电话回访"],
    ]
    if known:
        k = known[0]
        rows.insert(
            0, [k.name, k.mobile, k.id_number or "", "", "2024-03-02", "国债", "20万", "来办业务"]
        )
    return rows


def _known(db: Database, staff_id: int, n: int = 5) -> list[Known]:
    with db.session() as session:
        q = (
            select(m.Customer.name, m.Customer.mobile, m.Customer.id_number, m.Customer.address)
            .join(m.Assignment, m.Assignment.customer_id == m.Customer.id)
            .where(
                m.Assignment.staff_id == staff_id,
                m.Assignment.role == "primary",
                m.Assignment.valid_to.is_(None),
                m.Customer.mobile.is_not(None),
                m.Customer.id_type == "resident_id",
            )
            .order_by(m.Customer.id)
            .limit(n)
        )
        return [Known(str(a), str(b), c, d) for a, b, c, d in session.execute(q)]


def install(
    db: Database, folder: Path, *, login: str = "manager1", today: dt.date | None = None
) -> SampleNotebooks:
    """Write the two sample notebooks into ``folder`` and import the first one as ``login``
    (the notebook's owner), as that manager would have on the first day."""
    from branchcrm.importers.notebook import import_notebooks

    today = today or dt.date.today()
    with db.session() as session:
        staff = session.scalar(select(m.Staff).where(m.Staff.login == login))
        if staff is None:
            raise ServiceError(f"no staff member {login!r} in this database")
        actor = Actor(staff.id, staff.login, staff.name, frozenset({Role.MANAGER}), staff.branch_id)
        name, staff_id = staff.name, staff.id
    known = _known(db, staff_id)
    year = today.year - 3
    imported = write_imported_notebook(
        folder / IMPORTED_NAME.format(year=year, manager=name), name, year, known
    )
    wizard = write_wizard_notebook(
        folder / WIZARD_NAME.format(year=today.year - 1), today.year - 1, known
    )
    result = import_notebooks(db, actor, [imported], owner_login=login, today=today)
    if not result.ok:
        errors = "; ".join(f.error or f.status for f in result.files)
        raise ServiceError(f"the sample notebook could not be imported: {errors}")
    return SampleNotebooks(folder, imported, wizard, result.batch_id, len(result.review))
