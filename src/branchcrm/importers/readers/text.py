"""CSV/TSV text in whatever encoding Excel, WPS and bank systems write.

UTF-8 (with or without BOM) and UTF-16 (Excel's "Unicode text") are certain from the
bytes. GBK/GB18030 is accepted only when the decoded text is made of common Chinese
characters, so a Shift-JIS or Latin-1 file is never shown as garbled Chinese.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from branchcrm.importers.readers.base import Emit, FileInfo, ReadError, SheetEnd, SheetInfo, trim

MAX_TEXT_BYTES = 200 * 1024 * 1024
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.S)
_KANA = re.compile(r"[\u3040-\u30ff]")


def _cjk_share(text: str, encoding: str) -> float:
    """Share of non-ASCII characters that a narrower, common charset also has."""
    others = [ch for ch in text if ord(ch) > 127]
    if not others:
        return 1.0
    good = 0
    for ch in others:
        try:
            ch.encode(encoding)
            good += 1
        except UnicodeEncodeError:
            pass
    return good / len(others)


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings)."""
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig", warnings
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16"
        try:
            return data.decode(enc), enc, warnings
        except UnicodeDecodeError as exc:
            raise ReadError("encoding", f"{name}: damaged UTF-16 text ({exc.reason})") from exc
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc), enc, warnings
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        warnings.append(f"{data.count(0)} NUL byte(s) removed")
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    for enc, narrow in (("gb18030", "gb2312"), ("cp932", "shift_jis"), ("big5", "big5")):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "cp932" and not _KANA.search(text):
            continue  # Japanese text without any kana is more likely something else
        if _cjk_share(text, narrow) >= 0.97:
            label = "gb18030" if enc == "gb18030" else enc
            if enc != "gb18030":
                warnings.append(f"text read as {enc}: not Chinese simplified encoding")
            return text, label, warnings
    # Mostly ASCII with a few broken bytes (a bad UTF-8 sequence): keep the ASCII, flag it.
    non_ascii = sum(b > 127 for b in data)
    if non_ascii and non_ascii <= max(3, len(data) // 1000):
        warnings.append(f"{non_ascii} byte(s) that are not valid text replaced by \ufffd")
        return data.decode("utf-8", errors="replace"), "utf-8 (damaged)", warnings
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    warnings.append(
        "encoding is not UTF-8, UTF-16 or GBK/GB18030: read as Western (Windows-1252); "
        "check the names look right"
    )
    return text, "cp1252", warnings


def _dialect(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    best, best_score = ",", -1.0
    for delim in (",", "\t", ";", "|"):
        counts = [ln.count(delim) for ln in lines]
        if not counts or max(counts) == 0:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * (common > 0) + common / 100
        if score > best_score:
            best, best_score = delim, score
    return best


def read_text(path: Path, emit: Emit) -> None:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise ReadError("too_large", f"{path.name}: {size / 2**20:,.0f} MB of text is too large")
    data = path.read_bytes()
    try:
        text, encoding, warnings = decode(data, path.name)
    except UnicodeDecodeError as exc:
        raise ReadError("encoding", f"{path.name}: text encoding not recognised") from exc
    text = text.replace("\x00", "")
    delim = _dialect(text[:20000])
    emit(FileInfo("csv", encoding, warnings))
    emit(SheetInfo(path.stem, 0))
    count = 0
    csv.field_size_limit(MAX_TEXT_BYTES)  # long notes are cut later, not refused here
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for row_no, record in enumerate(reader, start=1):
            values = [_cell(v) for v in record]
            row = trim(values)
            if row:
                count += 1
                emit((row_no, row))
    except csv.Error as exc:
        raise ReadError("corrupt", f"{path.name}: not readable as CSV ({exc})") from exc
    emit(SheetEnd(path.stem, count))


def _cell(value: str) -> str | None:
    value = value.strip()
    m = _EXCEL_TEXT.match(value)  # ="000123": text protected from Excel's number format
    if m:
        value = m[1]
    return value or None
