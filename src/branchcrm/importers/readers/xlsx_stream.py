""".xlsx read as a stream: the inflated sheet XML goes by in 64 KiB pieces and each row is
dropped as soon as it has been sent, so memory stays flat however long the sheet is (only
the shared-strings table and the styles grow with the file), and rows reach the receiver
at once.

Each sheet is read twice, both times streamed: a cheap raw pass (regexes over 1 MiB pieces)
collects what lives at the END of the sheet XML, the merged ranges (``<mergeCells>``
follows ``<sheetData>``) and formulas without a saved value; the second pass reads the
rows. Neither holds the sheet. A part declaring a DTD is refused before any parser sees it
(entity expansion), after :func:`.sniff.check_zip` (zip bombs).

The rows are read by one of two paths. The fast one matches each row with compiled regular
expressions over the decoded text, for the layout every spreadsheet program writes; it
checks that a row holds nothing but the cells it read (every ``<`` accounted for), the
characters, entities and encoding, and on anything else hands the rest of the sheet to the
tree path: ElementTree over the C expat parser, whatever the XML, which goes on from the
row where the fast path stopped. Malformed XML ends with :class:`ReadError` ("corrupt"),
perhaps after rows went out (the receiver drops what it got of the file).

The values are those of the python-calamine reader (:mod:`.xlsx_fast`), made to look like
openpyxl read-only's: whole numbers below 10**15 as ints, empty cells and error cells as
``None``, dates (through the cell style's number format, by calamine's rules, the
workbook's 1904 flag honoured) as midnight datetimes, datetimes, times or timedeltas; text
in ``<t>`` trimmed unless ``xml:space="preserve"``, as calamine does. Known differences
from calamine, all on files no spreadsheet program writes: rows come in file order
(calamine sorts them), a cell's row is its ``<row>``'s (not its reference's), a part in
another encoding than UTF-8 is refused rather than decoded, and a DTD is refused as
"unsafe" rather than "corrupt".
"""

from __future__ import annotations

import codecs
import datetime as dt
import posixpath
import pyexpat
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Generator
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from branchcrm.importers.readers.base import (
    EXCEL_CELL_LIMIT,
    Emit,
    FileInfo,
    MergeFiller,
    ReadError,
    SheetEnd,
    SheetInfo,
    cut,
)
from branchcrm.importers.readers.sniff import check_zip
from branchcrm.importers.readers.xlsx import _FORMULA_NO_VALUE, OVERLAP, col_index
from branchcrm.importers.readers.xlsx_fast import _NS_PKG, _hidden_columns, _worksheets

PIECE = 1 << 16  # bytes fed to the parser at a time
SCAN_PIECE = 1 << 20  # bytes the raw pass looks at a time
_EXACT = 10**15
_MS_PER_DAY = 86_400_000
_EPOCH = dt.datetime(1899, 12, 30)
_DIGITS = "0123456789"
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\sref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"'
)
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_WS = " \t\r\n"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ISO_DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?")
_ISO_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHEET_DATA = re.compile(r"<((?:\w+:)?)sheetData(?:\s[^>]*)?(/?)>")
# Bytes an XML 1.0 document may hold (control characters other than tab and line ends
# may not stand in it, not even as references); deleting them leaves only the others.
_XML_BYTES = bytes(sorted({9, 10, 13, *range(32, 256)}))
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DATE1904 = re.compile(r"^(1|true)$", re.IGNORECASE)

# Number format kinds, as calamine tells them apart.
OTHER, DATETIME, TIMEDELTA = 0, 1, 2
_BUILTIN = {**dict.fromkeys((*range(14, 23), 45, 47), DATETIME), 46: TIMEDELTA}


class _Refused(Exception):
    """A part declaring a DTD (the message names the part)."""


class _Bad(Exception):
    """Content no reader can make sense of (the message says what)."""


def read_xlsx_stream(path: Path, emit: Emit) -> None:
    with path.open("rb") as fh, zipfile.ZipFile(fh) as zf:
        check_zip(zf, path.name)
        try:
            try:
                sheets = _worksheets(zf)
            except KeyError as exc:
                raise _Bad(f"workbook part missing: {exc}") from None
            if not sheets:
                raise ReadError("no_sheets", f"{path.name}: the workbook has no worksheets")
            _read(zf, sheets, emit)
        except DefusedXmlException as exc:
            raise ReadError(
                "unsafe",
                f"{path.name}: damaged or hostile file: a workbook part declares a DTD or "
                f"entities ({type(exc).__name__}); refused",
            ) from None
        except _Refused as exc:
            raise ReadError(
                "unsafe",
                f"{path.name}: damaged or hostile file: {exc} declares a DTD or entities "
                "(an entity-expansion attack?); refused",
            ) from None
        except _Bad as exc:
            raise ReadError("corrupt", f"{path.name}: damaged file ({exc})") from None
        except ET.ParseError as exc:
            raise ReadError("corrupt", f"{path.name}: damaged XML ({exc})") from None


def _read(zf: zipfile.ZipFile, sheets: list[tuple[str, str, bool]], emit: Emit) -> None:
    book = _Book(zf)
    names = set(zf.namelist())
    emit(FileInfo("xlsx"))
    for index, (name, member, hidden) in enumerate(sheets):
        if member in names:
            hidden_cols = _hidden_columns(zf, member)
            merges, formulas = _raw_pass(zf, member)
        else:  # calamine reads such a sheet as empty
            hidden_cols, merges, formulas = frozenset(), [], []
        emit(SheetInfo(name, index, hidden=hidden, hidden_columns=hidden_cols))
        count = 0
        if member in names:
            try:
                count = _emit_rows(zf, member, book, MergeFiller(merges), emit)
            except ET.ParseError as exc:
                raise _Bad(f"sheet {name!r}: {exc}") from None
        end = SheetEnd(name, count)
        end.formula_cells_without_value = formulas
        emit(end)


# ---------------------------------------------------------------- workbook parts


class _Book:
    """Shared strings, the number-format kind of each cell style, and the date system."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        from defusedxml import ElementTree as SafeET

        names = {n.lower(): n for n in zf.namelist()}
        targets = _targets(zf)
        root = SafeET.fromstring(zf.read("xl/workbook.xml"))
        self.date1904 = False
        for el in root.iter():
            if el.tag.rpartition("}")[2] == "workbookPr":
                self.date1904 = bool(_DATE1904.match(el.get("date1904", "").strip()))
                break
        styles = targets.get("styles") or "xl/styles.xml"
        styles = names.get(styles.lower(), "")
        kinds = _style_kinds(zf, styles) if styles else []
        # style index (as the cells write it) -> DATETIME or TIMEDELTA; others are absent
        self.date_styles = {str(i): k for i, k in enumerate(kinds) if k}
        sst = targets.get("sharedStrings") or "xl/sharedStrings.xml"
        sst = names.get(sst.lower(), "")
        self.strings: list[str | None] = _shared_strings(zf, sst) if sst else []


def _targets(zf: zipfile.ZipFile) -> dict[str, str]:
    """The workbook's related parts by relationship kind (``styles``, ``sharedStrings``)."""
    from defusedxml import ElementTree as SafeET

    try:
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    out: dict[str, str] = {}
    for rel in rels.iter(f"{_NS_PKG}Relationship"):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        out.setdefault(rel.get("Type", "").rpartition("/")[2], posixpath.normpath(member))
    return out


def _style_kinds(zf: zipfile.ZipFile, member: str) -> list[int]:
    from defusedxml import ElementTree as SafeET

    root = SafeET.fromstring(zf.read(member))
    custom: dict[int, int] = {}
    kinds: list[int] = []
    for el in root:
        tag = el.tag.rpartition("}")[2]
        if tag == "numFmts":
            for fmt in el:
                num = _int(fmt.get("numFmtId"))
                if num is not None:
                    custom[num] = number_format_kind(fmt.get("formatCode", ""))
        elif tag == "cellXfs":
            for xf in el:
                num = _int(xf.get("numFmtId")) or 0
                kinds.append(custom[num] if num in custom else _BUILTIN.get(num, OTHER))
    return kinds


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def number_format_kind(code: str) -> int:
    """Whether a custom number format shows a date/time, a duration, or neither; calamine's
    rules: only the first section counts, quoted text, escaped, fill and padding characters
    are literals, and ``[h]``, ``[m]`` or ``[s]`` make a duration."""
    escaped = quoted = ampm = elapsed = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return OTHER
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and elapsed:
            return TIMEDELTA
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif brackets == 0 and not ampm and ch in "aA":
            ampm = True
        elif brackets == 0 and ch in ("pm/PM" if ampm else "dmhysDMHYS"):
            return DATETIME
        elif not (elapsed and ch.lower() == prev.lower()):
            elapsed = prev == "[" and ch in "mhsMHS"
        prev = ch
    return OTHER


def _pieces(
    zf: zipfile.ZipFile, member: str, part: str, size: int = PIECE
) -> Generator[bytes, None, None]:
    """The part's bytes, refusing a DTD before the parser sees one: a DTD may only stand in
    the prolog, and a ``<`` in text is always escaped, so the raw bytes tell."""
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(size):
            probe = tail + chunk[:16] if tail else chunk
            if b"<!" in probe or b"<!" in chunk:
                window = tail + chunk
                if any(d in window for d in _DTD):
                    raise _Refused(part)
            tail = chunk[-16:]
            yield chunk


def _parser() -> tuple[Any, list[tuple[str, Any]]]:
    """A C expat parser building a tree; UTF-8 is forced so the DTD check above sees all."""
    parser: Any = ET.XMLParser(target=ET.TreeBuilder(), encoding="utf-8")
    events: list[tuple[str, Any]] = []
    parser._setevents(events, ("start",))
    return parser, events


def _str(text: str) -> str:
    """A string value: ``_xHHHH_`` escapes undone, cut to Excel's limit (as :func:`trim`
    does; rows are trimmed here without looking at every value again)."""
    if "_x" in text:
        text = _unescape(text)
    if len(text) > EXCEL_CELL_LIMIT or "\x00" in text:
        short: str = cut(text)  # a CutText when it was too long
        return short
    return text


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def _text(t: Any) -> str:
    """A ``<t>``'s text; trimmed of XML white space unless it says to preserve it (as
    calamine does; a <v> is never trimmed)."""
    text = t.text
    if not text:
        return ""
    if (text[0] in _WS or text[-1] in _WS) and t.get(_XML_SPACE) != "preserve":
        return text.strip(_WS)
    return text


def _runs(parent: Any, t_tag: str, r_tag: str) -> str:
    """A string item's text: its own ``<t>`` and its runs' (``<r><t>``), not the phonetic
    guides (``<rPh>``)."""
    parts = []
    for sub in parent:
        if sub.tag == t_tag:
            parts.append(_text(sub))
        elif sub.tag == r_tag:
            parts.extend(_text(g) for g in sub if g.tag == t_tag)
    return "".join(parts)


def _shared_strings(zf: zipfile.ZipFile, member: str) -> list[str | None]:
    parser, events = _parser()
    out: list[str | None] = []
    root: Any = None
    si_tag = t_tag = r_tag = ""

    def take(items: list[Any]) -> None:
        for si in items:
            if si.tag != si_tag:
                continue
            plain = len(si) == 1 and si[0].tag == t_tag  # else rich text, in runs
            text = _text(si[0]) if plain else _runs(si, t_tag, r_tag)
            out.append(_str(text) if text else None)

    pieces = _pieces(zf, member, member)
    try:
        for chunk in pieces:
            parser.feed(chunk)
            if root is None and events:
                root = events[0][1]
                ns = root.tag[: root.tag.find("}") + 1] if root.tag[:1] == "{" else ""
                si_tag, t_tag, r_tag = ns + "si", ns + "t", ns + "r"
                parser._setevents(events, ())
                events.clear()
            if root is not None and len(root) > 1:
                done = root[:-1]
                del root[:-1]
                take(done)
        parser.close()
    except ET.ParseError as exc:
        raise _Bad(f"{member}: {exc}") from None
    finally:
        pieces.close()
    if root is not None:
        take(list(root))
    return out


# ---------------------------------------------------------------- the raw pass


def _raw_pass(
    zf: zipfile.ZipFile, member: str
) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int]]]:
    """Merged ranges and formulas without a saved value, from the streamed raw XML."""
    merges: list[tuple[int, int, int, int]] = []
    formulas: list[tuple[int, int]] = []
    buf = b""
    pieces = _pieces(zf, member, member, SCAN_PIECE)
    while True:
        chunk = next(pieces, b"")
        final = not chunk
        buf += chunk
        limit = len(buf) if final else max(len(buf) - OVERLAP, 0)
        if b"mergeCell" in buf:
            for m in _MERGE.finditer(buf, 0, limit + 200):
                if m.start() >= limit:
                    break
                c1, r1 = col_index(m[1]), int(m[2])
                c2, r2 = (col_index(m[3]), int(m[4])) if m[3] else (c1, r1)
                merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        if b"<f" in buf or b":f" in buf:
            for m in _FORMULA_NO_VALUE.finditer(buf, 0, limit + OVERLAP):
                if m.start() >= limit:
                    break
                formulas.append((int(m[2]), col_index(m[1])))
        buf = buf[limit:]
        if final:
            return merges, formulas


# ---------------------------------------------------------------- the rows


class _Slow(Exception):
    """The fast path met XML it does not take; the tree path goes on from here."""


class _Sheet:
    """One sheet's rows, read by the fast path and, from where it gave up, the tree path."""

    def __init__(self, book: _Book, filler: MergeFiller, emit: Emit) -> None:
        self.strings = book.strings
        self.dates = book.date_styles
        self.is1904 = book.date1904
        self.filler = filler
        self.emit = emit
        self.count = 0  # rows sent
        self.done = 0  # <row> elements taken, empty ones too
        self.last_row = 0
        self.columns: dict[str, int] = {}

    def finish(self, row_no: int, values: list[Any]) -> None:
        """Send a row, trimmed (strings are cut to Excel's limit as they are made)."""
        self.done += 1
        self.last_row = row_no
        end = len(values)
        while end and values[end - 1] is None:
            end -= 1
        filler = self.filler
        if not end:
            if filler:
                filler.apply(row_no, ())
            return
        out = tuple(values[:end] if end < len(values) else values)
        if filler:
            out = filler.apply(row_no, out)
        self.count += 1
        self.emit((row_no, out))

    def row_number(self, r: str | None) -> int:
        row_no = int(r) if r else self.last_row + 1
        if not 0 < row_no <= 1_048_576:
            raise _Bad(f"row number {row_no}")
        return row_no

    def column(self, letters: str) -> int:
        col = self.columns.get(letters)
        if col is None:
            if not letters.isalpha() or not letters.isupper() or len(letters) > 3:
                raise _Bad(f"cell reference {letters[:20]!r}")
            col = self.columns[letters] = col_index(letters) - 1
            if col >= 16_384:
                raise _Bad(f"column {letters} lies beyond XFD")
        return col

    def value(self, t: str, text: str) -> Any:
        """A cell's value from its type and the text of its ``<v>`` (not empty)."""
        if not t or t == "n":
            return _number(text)
        if t == "s":
            i = int(text)
            if not 0 <= i < len(self.strings):
                raise _Bad(f"shared string {i} does not exist")
            return self.strings[i]
        if t == "str":
            return _str(text)
        if t == "b":
            return text not in ("0", "false")
        if t == "e":
            return None  # as calamine: an error is no value
        if t == "d":
            when = _iso_date(text)
            return _str(when) if isinstance(when, str) else when
        if t == "inlineStr":
            return None  # a <v> is not where its text is
        raise _Bad(f"unknown cell type {t[:20]!r}")

    # ---------------------------------------------------------------- the fast path

    def fast(self, zf: zipfile.ZipFile, member: str) -> None:
        """Regular expressions over the decoded text, one row at a time, for the layout
        spreadsheet programs write (double quotes, one prefix, cells of a value, an inline
        string or a formula and its value). Each row is checked to be made of nothing but
        the cells read (its ``<`` are counted); anything else raises :class:`_Slow` before
        that row is sent."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        pieces = _pieces(zf, member, member)
        buf = ""
        eof = False
        try:
            while True:  # the head, up to <sheetData>
                chunk = next(pieces, b"")
                eof = not chunk
                buf += _decoded(decoder, chunk, eof)
                if chunk.translate(None, _XML_BYTES):
                    raise _Slow
                m = _SHEET_DATA.search(buf)
                if m:
                    break
                if eof or len(buf) > (8 << 20):
                    raise _Slow
            prefix = m[1]
            head = buf[: m.start()]
            if not re.search(f'xmlns{":" if prefix else ""}{prefix[:-1]}="{_MAIN}"', head):
                raise _Slow
            try:
                pyexpat.ParserCreate().Parse(head.encode(), False)
            except pyexpat.ExpatError:
                raise _Slow from None
            if m[2]:  # <sheetData/>
                return
            declared = re.findall(r"xmlns:([\w.-]+)[ \t\r\n]*=", head)
            row_re, cell_re, end_re, row_end = _fast_patterns(prefix, declared)
            buf = buf[m.end() :]
            if "\ufffe" in buf or "\uffff" in buf:
                raise _Slow
            pos = 0
            while True:
                m = row_re.match(buf, pos)
                end = -1
                if m is not None and not m[2]:
                    end = buf.find(row_end, m.end())
                if m is None or (end < 0 and not m[2]):
                    if m is None and buf.find(">", pos) >= 0:  # not a row, a whole tag
                        if end_re.match(buf, pos):
                            return  # </sheetData>: every row is in
                        raise _Slow
                    if eof:
                        raise _Slow
                    chunk = next(pieces, b"")
                    eof = not chunk
                    text = _decoded(decoder, chunk, eof)
                    if chunk.translate(None, _XML_BYTES):
                        raise _Slow
                    if "\ufffe" in text or "\uffff" in text:
                        raise _Slow
                    buf = buf[pos:] + text
                    pos = 0
                    continue
                row_no = self.row_number(m[1])
                if m[2]:  # <row/>
                    pos = m.end()
                    self.finish(row_no, [])
                    continue
                body = buf[m.end() : end]
                pos = end + len(row_end)
                self.finish(row_no, self._fast_row(body, cell_re))
        finally:
            pieces.close()

    def _fast_row(self, body: str, cell_re: re.Pattern[str]) -> list[Any]:
        values: list[Any] = []
        append = values.append
        columns = self.columns
        dates = self.dates
        strings = self.strings
        col = 0
        tags = 0  # the '<' the cells read account for
        for (
            letters,
            s,
            t,
            empty,
            f_empty,
            f_full,
            v,
            vtext,
            v_empty,
            inline,
            keep,
            itext,
        ) in cell_re.findall(body):
            if letters:
                col = columns.get(letters, -1)
                if col < 0:
                    col = self.column(letters)
            value: Any = None
            if empty:
                tags += 1
            elif v:
                tags += 6 if f_full else 5 if f_empty else 4
                if vtext:
                    if "&" in vtext or "\r" in vtext:
                        vtext = _xml_text(vtext)
                    if t == "s":
                        i = int(vtext)
                        if not 0 <= i < len(strings):
                            raise _Bad(f"shared string {i} does not exist")
                        value = strings[i]
                    elif not t or t == "n":
                        kind = dates.get(s) if s else None
                        if kind:
                            value = _date(_float(vtext), kind, self.is1904)
                        elif len(vtext) < 16 and vtext.isdigit() and vtext.isascii():
                            value = int(vtext)
                        else:
                            value = _number(vtext)
                    elif t != "inlineStr":
                        value = self.value(t, vtext)
            elif inline:
                tags += 8 if f_full else 7 if f_empty else 6
                if t == "inlineStr" and itext:
                    if "&" in itext or "\r" in itext:
                        itext = _xml_text(itext)
                    if not keep and (itext[0] in _WS or itext[-1] in _WS):
                        itext = itext.strip(_WS)
                    if "_x" in itext or len(itext) > EXCEL_CELL_LIMIT:
                        itext = _str(itext)
                    value = itext or None
            else:
                tags += (4 if f_full else 3 if f_empty else 2) + (1 if v_empty else 0)
            if col == len(values):
                append(value)
            elif col > len(values):
                values.extend([None] * (col - len(values)))
                append(value)
            else:
                values[col] = value
            col += 1
        if tags != body.count("<"):
            raise _Slow
        return values

    def _typed(self, t: str, s: str, text: str) -> Any:
        if t == "n":
            kind = self.dates.get(s)
            if kind:
                return _date(_float(text), kind, self.is1904)
        return self.value(t, text)

    # ---------------------------------------------------------------- the tree path

    def tree(self, zf: zipfile.ZipFile, member: str) -> None:
        """ElementTree over the C expat parser, for any XML; the rows the fast path took
        already are passed over. Finished rows are taken after each piece and dropped."""
        parser, events = _parser()
        root: Any = None
        data: Any = None  # <sheetData>
        skip = self.done
        seen = 0
        row_tag = c_tag = v_tag = ""
        tags = ("", "", "")

        def take(rows: list[Any]) -> None:
            nonlocal seen
            for row in rows:
                if row.tag != row_tag:
                    continue
                seen += 1
                if seen <= skip:
                    continue
                row_no = self.row_number(row.get("r"))
                self.finish(row_no, self._tree_row(row, c_tag, v_tag, tags))

        pieces = _pieces(zf, member, member)
        try:
            for chunk in pieces:
                parser.feed(chunk)
                if data is None:
                    for _kind, el in events:
                        if root is None:
                            root = el
                        if el.tag.rpartition("}")[2] == "sheetData":
                            data = el
                            ns = el.tag[: el.tag.find("}") + 1] if el.tag[:1] == "{" else ""
                            row_tag, c_tag, v_tag = ns + "row", ns + "c", ns + "v"
                            tags = (ns + "is", ns + "t", ns + "r")
                            parser._setevents(events, ())
                            break
                    events.clear()
                    if data is None:
                        continue
                if len(data) > 1:
                    done = data[:-1]
                    del data[:-1]
                    take(done)
                if root[-1] is not data:  # an element after <sheetData>: every row is in
                    break
            else:
                parser.close()
        finally:
            pieces.close()
        if data is not None:
            take(list(data))
            data.clear()

    def _tree_row(self, row: Any, c_tag: str, v_tag: str, tags: tuple[str, str, str]) -> list[Any]:
        values: list[Any] = []
        col = 0
        for c in row:
            if c.tag != c_tag:
                continue
            ref = c.get("r")
            if ref:
                col = self.column(ref.rstrip(_DIGITS))
            t = c.get("t") or ""
            value: Any = None
            if t == "inlineStr":
                is_tag, t_tag, r_tag = tags
                for sub in c:
                    if sub.tag == is_tag:
                        text = _runs(sub, t_tag, r_tag)
                        value = _str(text) if text else None
                        break
            else:
                for sub in c:
                    if sub.tag == v_tag:
                        if sub.text:
                            value = self._typed(t or "n", c.get("s", ""), sub.text)
                        break
            if col == len(values):
                values.append(value)
            elif col > len(values):
                values.extend([None] * (col - len(values)))
                values.append(value)
            else:
                values[col] = value
            col += 1
        return values


def _emit_rows(
    zf: zipfile.ZipFile, member: str, book: _Book, filler: MergeFiller, emit: Emit
) -> int:
    sheet = _Sheet(book, filler, emit)
    try:
        sheet.fast(zf, member)
    except _Slow:
        sheet.tree(zf, member)
    return sheet.count


def _fast_patterns(
    prefix: str, declared: list[str]
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], str]:
    """The fast path's expressions for a prefix: a row's start tag, a cell, the end of
    ``<sheetData>``, a row's end tag. Attributes may come in any order (a repeated group
    keeps the value of each), with a prefix only if the head declared it; no namespace may
    be declared inside (``xmlns``)."""
    p = re.escape(prefix)
    ws = r"[ \t\r\n]"
    prefixes = "|".join(re.escape(d) for d in ["xml", *declared])
    name = rf"(?:(?:{prefixes}):)?[\w.-]+"
    other = rf'(?!xmlns){{}}{name}="[^"<&]*"'  # another attribute (not the ones named)
    attrs = f"(?:{ws}+{other.format('')})*"
    row = re.compile(rf'{ws}*<{p}row(?:{ws}+(?:r="(\d+)"|{other.format("(?!r=)")}))*{ws}*(/?)>')
    cell = re.compile(
        rf'{ws}*<{p}c(?:{ws}+(?:r="([A-Z]+)\d+"|s="(\d+)"|t="(\w+)"|'
        rf"{other.format('(?![rst]=)')}))*{ws}*"
        rf"(?:(/)>|>{ws}*(?:<{p}f\b{attrs}{ws}*(?:(/)>|(>)[^<]*</{p}f>){ws}*)?"
        rf'(?:(<){p}v(?:{ws}+xml:space="preserve")?>([^<]*)</{p}v>|<{p}v{ws}*(/)>'
        rf'|(<){p}is>{ws}*<{p}t({ws}+xml:space="preserve")?>([^<]*)</{p}t>{ws}*</{p}is>)?'
        rf"{ws}*</{p}c>)"
    )
    end = re.compile(rf"{ws}*</{p}sheetData{ws}*>")
    return row, cell, end, f"</{prefix}row>"


def _decoded(decoder: Any, chunk: bytes, final: bool) -> str:
    try:
        return str(decoder.decode(chunk, final))
    except UnicodeDecodeError:
        raise _Slow from None


def _xml_text(raw: str) -> str:
    """Text as an XML parser gives it: line ends normalized, the five entities and
    character references replaced; anything else with ``&`` is the tree path's to judge."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw:
        return raw
    out = _ENTITY.sub(_entity, raw)
    if "&" in _ENTITY.sub("", raw):
        raise _Slow
    return out


def _entity(m: re.Match[str]) -> str:
    if m[1]:
        return _NAMED[m[1]]
    n = int(m[2]) if m[2] else int(m[3], 16)
    if n in (9, 10, 13) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or 0x10000 <= n <= 0x10FFFF:
        return chr(n)
    raise _Slow


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise _Bad(f"{text[:20]!r} is not a number") from None


def _number(text: str) -> Any:
    """A numeric cell's value as calamine reads it (a float), whole ones as ints."""
    f = _float(text)
    if f.is_integer() and -_EXACT < f < _EXACT:
        return int(f)
    return f


def _round(x: float) -> int:
    """Half away from zero, as Rust rounds."""
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def _date(value: float, kind: int, is1904: bool) -> Any:
    if kind == TIMEDELTA:
        try:
            return dt.timedelta(milliseconds=_round(value * _MS_PER_DAY))
        except OverflowError:
            return _whole(value)
    days = value + 1462 if is1904 else value
    if days < 60:
        days += 1  # Excel's day 60 is the 29 February 1900 that never was
    ms = _round(days * _MS_PER_DAY)
    if value < 1:  # a time of day (calamine gives one for any value below 1)
        ms %= _MS_PER_DAY
        return dt.time(ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000 * 1000)
    try:
        return _EPOCH + dt.timedelta(milliseconds=ms)
    except OverflowError:  # past the year 9999: calamine gives the number
        return _whole(value)


def _whole(value: float) -> Any:
    if value.is_integer() and -_EXACT < value < _EXACT:
        return int(value)
    return value


def _iso_date(text: str) -> Any:
    """A ``t="d"`` cell as calamine reads it: an ISO 8601 date, time or date and time
    (without a zone), else the text itself."""
    try:
        if "T" in text:
            m = _ISO_DATETIME.fullmatch(text)
            if m:
                y, mo, d, h, mi, sec = map(int, m.groups()[:6])
                return dt.datetime(y, mo, d, h, mi, sec, _micro(m[7]))
        elif ":" in text:
            m = _ISO_TIME.fullmatch(text)
            if m:
                h, mi, sec = map(int, m.groups()[:3])
                return dt.time(h, mi, sec, _micro(m[4]))
        else:
            m = _ISO_DATE.fullmatch(text)
            if m:
                return dt.datetime(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    return text


def _micro(fraction: str | None) -> int:
    return int(fraction[:6].ljust(6, "0")) if fraction else 0
