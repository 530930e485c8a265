"""Messy notebook files generated at test time, one quirk per cell, as branch staff type them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from branchcrm.domain.idnumber import make_resident_id

ID_WANG = make_resident_id("330602", dt.date(1978, 5, 3), 123)
ID_ZHANG = make_resident_id("110101", dt.date(1965, 11, 20), 45)
ID_LI = make_resident_id("320102", dt.date(1990, 1, 9), 77)


def messy_notebook(path: Path) -> Path:
    """Title row, two-row grouped header, merged name over visits, subtotal, numbered blanks,
    an instruction sheet, a second sheet with the same person, and a hidden column."""
    wb = Workbook()
    info = wb.active
    info.title = "填写说明"
    info.append(["本登记本用于记录大堂来访客户"])
    info.append(["请勿修改表头"])

    ws = wb.create_sheet("2012年")
    ws.append(["2012年大堂客户登记本（王丽）"])
    ws.merge_cells("A1:J1")
    ws.append([])
    ws.append(["序号", "客户信息", None, None, None, "来访情况", None, None, None, "备注"])
    ws.merge_cells("B3:E3")
    ws.merge_cells("F3:I3")
    ws.append(
        [
            None,
            "姓名",
            "手机",
            "身份证号码",
            "出生日期",
            "来行日期",
            "购买产品",
            "金额（万元）",
            "风险等级",
            None,
        ]
    )
    ws.merge_cells("J3:J4")
    rows = [
        [
            1,
            "王 丽",
            13812345678.0,
            ID_WANG,
            "1978.5.3",
            dt.datetime(2012, 3, 15),
            "定期存款",
            5,
            "稳健型",
            "老客户",
        ],
        [2, None, None, None, None, "2012/4/2 上午", "理财A", "12.5万元", None, "到期转存"],
        [
            3,
            "张伟(老客户)",
            "138-0000-1111",
            ID_ZHANG.lower(),
            "65-11-20",
            "2012年5月6日",
            "基金",
            "约30万",
            "C3",
            None,
        ],
        [4, "张伟", "13999998888", None, "5月3日", "2012-06-01", None, None, None, "另一个张伟"],
        [
            5,
            "李娜",
            "13812345678 13900001111",
            3.30602197805031e17,
            "19900109",
            "2012.7.8",
            "保险",
            "30-50万",
            "C9",
            None,
        ],
        [6, None, None, None, None, None, None, None, None, None],
        [7, None, None, None, None, None, None, None, None, None],
        ["合计", None, None, None, None, None, None, "=SUM(H5:H9)", None, None],
    ]
    for r in rows:
        ws.append(r)
    ws.merge_cells("B5:B6")
    ws.merge_cells("C5:C6")
    ws.merge_cells("D5:D6")
    ws.column_dimensions["E"].hidden = True

    ws2 = wb.create_sheet("2013年")
    ws2.append(["客户姓名", "联系电话", "证件号码", "到访时间", "情况记录", "购买金额"])
    ws2.append(["王丽", "+86 138 1234 5678", ID_WANG, "2013-01-05", "咨询理财", "¥120,000.00"])
    ws2.append(["赵敏", "138****5678", None, "2013-02-05", "新客户", None])
    ws2.append(["", None, None, None, None, None])
    ws2.append(["钱七", "0571-88001234", ID_LI, "13/2/2013", "LONG_NOTE_MARKER", -5])
    wb.save(path)
    # openpyxl itself cuts strings to Excel's limit; other writers do not.
    _replace_in_zip(path, "xl/worksheets/sheet3.xml", b"LONG_NOTE_MARKER", "记".encode() * 40_000)
    return path


def _replace_in_zip(path: Path, member: str, old: bytes, new: bytes) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                data = data.replace(old, new)
            dst.writestr(info.filename, data)
    path.write_bytes(buf.getvalue())


def simple_notebook(
    path: Path,
    rows: list[list[object]],
    header: tuple[str, ...] = ("姓名", "手机", "身份证号码", "来行日期", "备注"),
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(list(header))
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path
