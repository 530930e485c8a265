"""Which format a file really is, from its bytes: people rename .xlsx to .xls and bank
systems export HTML or text named .xls."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from branchcrm.importers.readers.base import ReadError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
BIFF_BARE = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")

# Zip bomb limits: real notebooks are a few MB; a 50,000-row sheet inflates to ~40 MB.
MAX_TOTAL_UNCOMPRESSED = 400 * 1024 * 1024
MAX_MEMBER_RATIO = 200
RATIO_APPLIES_ABOVE = 20 * 1024 * 1024
MAX_MEMBERS = 5_000


def check_zip(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse an archive whose declared sizes could exhaust memory, before inflating anything."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ReadError("zip_bomb", f"{name}: archive has {len(infos):,} parts; refused as unsafe")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_MEMBER_RATIO:
            raise ReadError(
                "zip_bomb",
                f"{name}: part {info.filename} inflates {ratio:,.0f}x to "
                f"{info.file_size / 2**20:,.0f} MB (zip bomb?); refused",
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ReadError(
            "zip_bomb",
            f"{name}: inflates to {total / 2**20:,.0f} MB, more than any notebook; refused as unsafe",
        )


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            check_zip(zf, path.name)
            names = {n.replace("\\", "/").lower(): n for n in zf.namelist()}
            if "mimetype" in names:
                mime = zf.read(names["mimetype"])[:100]
                if b"spreadsheet" in mime:
                    return "ods"
                return "zip_other"
            if any(n.startswith("index/") and n.endswith(".iwa") for n in names):
                return "numbers"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "xl/workbook.xml" in names:
                wb = zf.read(names["xl/workbook.xml"])[:4000]
                if b"purl.oclc.org/ooxml" in wb:
                    return "xlsx_strict"
                return "xlsx"
            return "zip_other"
    except zipfile.BadZipFile as exc:
        raise ReadError("corrupt", f"{path.name}: damaged zip archive ({exc})") from exc


def _cfb_kind(data: bytes, name: str) -> str:
    from xlrd import compdoc

    try:
        cd = compdoc.CompDoc(data, logfile=_Null())
        names = {d.name for d in cd.dirlist}
    except Exception as exc:
        raise ReadError("corrupt", f"{name}: damaged OLE container ({type(exc).__name__})") from exc
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        return "encrypted_ooxml"
    if {"Workbook", "Book", "WORKBOOK", "BOOK"} & names:
        return "xls"
    lower = {n.lower() for n in names}
    if "workbook" in lower or "book" in lower:
        return "xls"
    return "cfb_other"


class _Null:
    def write(self, _text: str) -> None:
        pass


def sniff(path: Path) -> str:
    """One of xlsx, xls, csv, html, xml2003 or a refusal kind (raises :class:`ReadError`)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise ReadError("empty", f"{path.name}: the file is empty (0 bytes)")
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        kind = _zip_kind(path)
    elif head.startswith(CFB_MAGIC):
        kind = _cfb_kind(path.read_bytes(), path.name)
    elif head[:2] in BIFF_BARE and len(head) > 4:
        kind = "xls"
    else:
        kind = _text_kind(head)
    refusals = {
        "ods": "is an OpenDocument spreadsheet: save it as .xlsx (Excel 2007+) and import that",
        "numbers": "is an Apple Numbers file: export it to .xlsx and import that",
        "xlsb": "is an Excel binary workbook (.xlsb): save it as .xlsx and import that",
        "xlsx_strict": "is in 'Strict Open XML' format: save it as an ordinary Excel workbook (.xlsx)",
        "encrypted_ooxml": "is password-protected: remove the password in Excel and import again",
        "zip_other": "is a zip archive but not an Excel workbook",
        "cfb_other": "is an Office file but not an Excel workbook",
        "binary": "is not a spreadsheet or text file",
    }
    if kind in refusals:
        code = "password" if kind == "encrypted_ooxml" else "unsupported"
        raise ReadError(code, f"{path.name}: {refusals[kind]}")
    return kind


def _text_kind(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "xml2003"
    if re.match(rb"<(!doctype html|html|table|meta|head|body|\?xml[^>]*>\s*<html)", probe) or (
        b"<table" in probe and probe.startswith(b"<")
    ):
        return "html"
    # UTF-16 without BOM has a NUL in every other byte; a stray NUL in text is tolerated
    if head.count(b"\x00") > len(head) // 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        return "csv" if max(even, odd) > len(head) // 4 else "binary"
    return "csv"
