"""The importer's messages for people, in the language of the UI.

The notebook importer (no Qt) writes its review reasons, file errors, sheet notes and
warnings in English, and the CLI's JSON and the review workbook are scripted against that
English, so it stays as it is; the GUI translates here. :func:`import_message` finds the
message's pattern (tried first among those of its stable ``code`` when there is one), takes
the variable parts from the regex groups (quoted raw values, row numbers, stored values,
counts, dates, file and sheet names) and puts them into the translated template at ``%1``,
``%2``... A message with a known code but an unknown wording gets the code's general
sentence; anything else is shown in English, unchanged. With no translation installed (the
English UI) every message is the importer's own text.

Adding a message to the importer: add a :class:`Rule` below (and a sentence to
:data:`CODES` for a new code), run ``i18n_tool update`` and translate the new entries.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from branchcrm.gui import labels
from branchcrm.gui.i18n import tr, tr_noop

CTX = "ImportMessages"

# A Python repr of a string ('...' or "..."), as the importer's f"{raw!r}" writes it.
_REPR = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""", re.DOTALL)
Q = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|.+?)"""  # a quoted raw value (or another repr)
N = r"([\d,.]+)"  # a count or number as the importer formats it
ANY = r"(.+?)"


def _unquote(text: str) -> str:
    if _REPR.fullmatch(text):
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        if isinstance(value, str):
            return value
    return text


def _quoted(text: str) -> str:
    """A raw value: the repr's quotes become Chinese ones."""
    return f"“{_unquote(text)}”"


def _sheet(text: str) -> str:
    return f"「{_unquote(text)}」"


# Field names the importer writes (export names) that the customer labels do not have.
_FIELD_NAMES = {
    "assets_cny": tr_noop(CTX, "assets"),
    "contacts.date": tr_noop(CTX, "visit date"),
    "contacts.product": tr_noop(CTX, "product"),
    "contacts.amount_cny": tr_noop(CTX, "amount"),
    "contacts.note": tr_noop(CTX, "note"),
    "phone": tr_noop(CTX, "phone"),
    "seq": tr_noop(CTX, "sequence number"),
}


def _field(text: str) -> str:
    key = _unquote(text)
    if key in _FIELD_NAMES:
        return tr(CTX, _FIELD_NAMES[key])
    return labels.field(key)


def _plain(text: str) -> str:
    return text


Convert = Callable[[str], str]
_CONVERT: dict[str, Convert] = {"q": _quoted, "s": _sheet, "f": _field, "v": _plain}


@dataclass(frozen=True)
class Rule:
    """One English wording: ``pattern`` (matched in full), its template with ``%1``... for
    the groups, and how each group is shown: ``q`` quoted value, ``s`` sheet name,
    ``f`` field name, ``v`` as it is."""

    code: str | None
    source: str
    template: str
    kinds: str = ""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled when first needed: not at the workstation's start-up (118 rules)."""
        return re.compile(self.source, re.DOTALL)

    def render(self, groups: tuple[str, ...]) -> str | None:
        """The translated sentence; ``None`` without a translation (the English UI)."""
        translated = tr(CTX, self.template)
        if translated == self.template:
            return None
        parts = [_CONVERT[self.kind(i)](g) for i, g in enumerate(groups)]
        return _fill(translated, *parts)

    def kind(self, group: int) -> str:
        return self.kinds[group] if group < len(self.kinds) else "q"


@dataclass(frozen=True)
class Explained:
    """How a message was understood: the rule, its groups' raw text, the prefix kept."""

    rule: Rule
    groups: tuple[str, ...]
    prefix: str | None = None


def _fill(template: str, *parts: str) -> str:
    """``%1``, ``%2``... replaced in one pass (a value holding ``%2`` stays as it is)."""
    return re.sub(
        r"%(\d)",
        lambda g: parts[int(g[1]) - 1] if 0 < int(g[1]) <= len(parts) else g[0],
        template,
    )


def _r(code: str | None, pattern: str, template: str, kinds: str = "") -> Rule:
    return Rule(code, pattern, template, kinds)


# fmt: off
RULES: tuple[Rule, ...] = (
    # ---- names (normalize, rows, people)
    _r("name_missing", r"no name", tr_noop(CTX, "no name")),
    _r("name_missing", r"no name, only a note", tr_noop(CTX, "no name, only a note")),
    _r("name_missing", r"row has no name", tr_noop(CTX, "row has no name")),
    _r("name_note", rf"note {Q} moved out of the name", tr_noop(CTX, "note %1 moved out of the name")),
    _r("name_spaces", r"spaces inside the name removed", tr_noop(CTX, "spaces inside the name removed")),
    _r("name_multiple", rf"more than one person in the name cell: {Q}", tr_noop(CTX, "more than one person in the name cell: %1")),
    _r("name_suspect", rf"does not look like a name: {Q}", tr_noop(CTX, "does not look like a name: %1")),
    _r("name_differs", rf"same ID as {Q} \(row (\d+)\) but another name; the first name is kept", tr_noop(CTX, "same ID as %1 (row %2) but another name; the first name is kept"), "qv"),
    # ---- dates
    _r("date_invalid", rf"a time of day, not a date: {Q}", tr_noop(CTX, "a time of day, not a date: %1")),
    _r("date_serial", r"number (\S+) read as Excel date (\S+)", tr_noop(CTX, "number %1 read as Excel date %2"), "vv"),
    _r("date_no_year", rf"date has no year: {Q}", tr_noop(CTX, "date has no year: %1")),
    _r("date_invalid", rf"{Q} is not an Excel date serial", tr_noop(CTX, "%1 is not an Excel date serial")),
    _r("date_invalid", rf"impossible date {Q}", tr_noop(CTX, "impossible date %1")),
    _r("date_interpreted", r"two-digit year (\d+) read as (\d+)", tr_noop(CTX, "two-digit year %1 read as %2"), "vv"),
    _r("date_two_digit_year", rf"two-digit year in {Q} could be (\d+) or (\d+)", tr_noop(CTX, "two-digit year in %1 could be %2 or %3"), "qvv"),
    _r("date_invalid", rf"not a date: {Q}", tr_noop(CTX, "not a date: %1")),
    _r("date_invalid", rf"not a calendar date: {Q}", tr_noop(CTX, "not a calendar date: %1")),
    _r("date_ambiguous", rf"{Q} could be day/month or month/day", tr_noop(CTX, "%1 could be day/month or month/day")),
    _r("date_interpreted", rf"{Q} read as (\d{{4}}-\d\d-\d\d)", tr_noop(CTX, "%1 read as %2"), "qv"),
    _r("date_no_day", rf"{Q} has no day of the month", tr_noop(CTX, "%1 has no day of the month")),
    _r("date_implausible", r"birth date (\S+) is not plausible", tr_noop(CTX, "birth date %1 is not plausible"), "v"),
    _r("date_implausible", r"date (\S+) is not plausible", tr_noop(CTX, "date %1 is not plausible"), "v"),
    _r("date_missing", r"date missing", tr_noop(CTX, "date missing")),
    _r("time_invalid", rf"not a time of day: {Q}", tr_noop(CTX, "not a time of day: %1")),
    _r("period_missing", r"period missing", tr_noop(CTX, "period missing")),
    _r("birthday_mismatch", r"birthday disagrees with the ID \((\S+)\); the ID's is kept", tr_noop(CTX, "birthday disagrees with the ID (%1); the ID's is kept"), "v"),
    _r("birthday_mismatch", r"birthday disagrees with the ID; the ID's is kept", tr_noop(CTX, "birthday disagrees with the ID; the ID's is kept")),
    # ---- phones
    _r("phone_number_cell", r"phone was stored as a number", tr_noop(CTX, "phone was stored as a number")),
    _r("phone_invalid", rf"not a phone number: {Q}", tr_noop(CTX, "not a phone number: %1")),
    _r("phone_destroyed", rf"phone shown in scientific notation {Q}: digits were lost", tr_noop(CTX, "phone shown in scientific notation %1: digits were lost")),
    _r("phone_multiple", rf"more than one phone in one cell: {Q}", tr_noop(CTX, "more than one phone in one cell: %1")),
    _r("phone_no_area_code", rf"landline without area code: {Q}", tr_noop(CTX, "landline without area code: %1")),
    _r("phone_masked", rf"phone is masked: {Q}", tr_noop(CTX, "phone is masked: %1")),
    _r("phone_bad_chars", rf"phone has characters other than digits: {Q}", tr_noop(CTX, "phone has characters other than digits: %1")),
    _r("phone_invalid", rf"not a valid Chinese phone number: {Q}", tr_noop(CTX, "not a valid Chinese phone number: %1")),
    # ---- ID numbers
    _r("id_destroyed", rf"ID destroyed by Excel number format: {Q} kept only 15 significant digits", tr_noop(CTX, "ID destroyed by Excel number format: %1 kept only 15 significant digits")),
    _r("id_bad_format", rf"not an 18-digit resident ID: {Q}", tr_noop(CTX, "not an 18-digit resident ID: %1")),
    _r("id_bad_format", r"a 15-digit ID must be 15 digits", tr_noop(CTX, "a 15-digit ID must be 15 digits")),
    _r("id_other_document", rf"not a resident ID \(passport or permit\?\): {Q}; its kind must be chosen by a person", tr_noop(CTX, "not a resident ID (passport or permit?): %1; its kind must be chosen by a person")),
    _r("id_upgraded", r"15-digit ID upgraded to 18 digits", tr_noop(CTX, "15-digit ID upgraded to 18 digits")),
    _r("id_cleaned", r"spaces, dashes or lower-case x fixed", tr_noop(CTX, "spaces, dashes or lower-case x fixed")),
    _r("id_bad_date", r"ID number has an impossible birth date (\S+)", tr_noop(CTX, "ID number has an impossible birth date %1"), "v"),
    _r("id_bad_check", r"check digit fails: ends in (\S+), should be (\S+)", tr_noop(CTX, "check digit fails: ends in %1, should be %2"), "vv"),
    _r("id_number_number", r"ID number stored as a number: its last digits are lost; export it as text", tr_noop(CTX, "ID number stored as a number: its last digits are lost; export it as text")),
    # ---- amounts, risk, text
    _r("amount_invalid", r"empty amount", tr_noop(CTX, "empty amount")),
    _r("amount_range", rf"amount is a range: {Q}", tr_noop(CTX, "amount is a range: %1")),
    _r("amount_invalid", rf"not an amount: {Q}", tr_noop(CTX, "not an amount: %1")),
    _r("amount_approximate", rf"amount is approximate: {Q} \(about ([\d,.]+) yuan\)", tr_noop(CTX, "amount is approximate: %1 (about %2 yuan)"), "qv"),
    _r("amount_negative", rf"amount is negative: {Q}", tr_noop(CTX, "amount is negative: %1")),
    _r("amount_missing", r"amount missing", tr_noop(CTX, "amount missing")),
    _r("risk_unknown", rf"unknown risk level: {Q}", tr_noop(CTX, "unknown risk level: %1")),
    _r("risk_invalid", rf"not a risk level \(C1-C5\): {Q}", tr_noop(CTX, "not a risk level (C1-C5): %1")),
    _r("text_too_long", rf"text of {N} characters cut to {N}", tr_noop(CTX, "text of %1 characters cut to %2"), "vv"),
    _r("cell_too_long", r"cell longer than Excel's 32,767-character limit; cut", tr_noop(CTX, "cell longer than Excel's 32,767-character limit; cut")),
    # ---- matching with the database (notebook, people)
    _r("match_ambiguous", rf"{N} stored customers have this name and mobile; choose one", tr_noop(CTX, "%1 stored customers have this name and mobile; choose one"), "v"),
    _r("match_conflict", r"a stored customer with this name and mobile has another ID number", tr_noop(CTX, "a stored customer with this name and mobile has another ID number")),
    _r("other_branch", r"this ID belongs to a customer of another branch", tr_noop(CTX, "this ID belongs to a customer of another branch")),
    _r("stored_conflict", rf"stored (\S+) {Q} differs from the notebook; not overwritten", tr_noop(CTX, "stored %1 %2 differs from the notebook; not overwritten"), "fq"),
    _r("value_conflict", r"(\S+) differs from row (\d+) of (.+) \((.*)\); the first value is kept", tr_noop(CTX, "%1 differs from row %2 of %3 (%4); the first value is kept"), "fvsv"),
    # ---- sheets and columns (digest, table)
    _r("sheet_hidden", rf"sheet {Q} is hidden; its rows were read like the others", tr_noop(CTX, "sheet %1 is hidden; its rows were read like the others"), "s"),
    _r("column_hidden", rf"column {Q} is hidden; its values were read as (\S+)", tr_noop(CTX, "column %1 is hidden; its values were read as %2"), "qf"),
    _r("column_hidden", rf"column {Q} is hidden; not used", tr_noop(CTX, "column %1 is hidden; not used")),
    _r("formula_no_value", r"formula has no saved result \(file never calculated\); read as empty", tr_noop(CTX, "formula has no saved result (file never calculated); read as empty")),
    _r(None, rf"sheet {Q} has no table of customers \(no header row with a name column: instructions or statistics\?\); nothing was imported from it", tr_noop(CTX, "sheet %1 has no table of customers (no header row with a name column: instructions or statistics?); nothing was imported from it"), "s"),
    _r(None, rf"sheet {Q} is empty; nothing was imported from it", tr_noop(CTX, "sheet %1 is empty; nothing was imported from it"), "s"),
    _r(None, rf"sheet {Q} is hidden", tr_noop(CTX, "sheet %1 is hidden"), "s"),
    _r(None, rf"column {Q} also looks like (\S+); only the first is used", tr_noop(CTX, "column %1 also looks like %2; only the first is used"), "qf"),
    _r("cells_unreadable", rf"{N} cell\(s\) in the file could not be read by the spreadsheet parser", tr_noop(CTX, "%1 cell(s) in the file could not be read by the spreadsheet parser"), "v"),
    _r("cells_unreadable", rf"row (\d+) column (\d+): date {Q} out of range, kept as number", tr_noop(CTX, "row %1 column %2: date %3 out of range, kept as number"), "vvq"),
    # ---- files (notebook, readers)
    _r(None, r"already imported in batch (\d+); nothing changed", tr_noop(CTX, "already imported in batch %1; nothing changed"), "v"),
    _r(None, r"same content as (.+); read once", tr_noop(CTX, "same content as %1; read once"), "v"),
    _r(None, rf"{N} NUL byte\(s\) removed", tr_noop(CTX, "%1 NUL byte(s) removed"), "v"),
    _r(None, r"text read as (\S+): not Chinese simplified encoding", tr_noop(CTX, "text read as %1: not Chinese simplified encoding"), "v"),
    _r(None, rf"{N} byte\(s\) that are not valid text replaced by \ufffd", tr_noop(CTX, "%1 byte(s) that are not valid text replaced by \ufffd"), "v"),
    _r(None, r"encoding is not UTF-8, UTF-16 or GBK/GB18030: read as Western \(Windows-1252\); check the names look right", tr_noop(CTX, "encoding is not UTF-8, UTF-16 or GBK/GB18030: read as Western (Windows-1252); check the names look right")),
    _r(None, r"(.+): cannot open \((.*)\)", tr_noop(CTX, "%1: cannot open (%2)"), "vv"),
    _r("no_data", r"(.+): no sheet with customer rows was found", tr_noop(CTX, "%1: no sheet with customer rows was found"), "v"),
    _r("no_data", r"(.+): a web page with no table in it", tr_noop(CTX, "%1: a web page with no table in it"), "v"),
    _r("not_found", r"(.+): no such file", tr_noop(CTX, "%1: no such file"), "v"),
    _r("timeout", rf"(.+): reading took longer than {N} s; stopped", tr_noop(CTX, "%1: reading took longer than %2 s; stopped"), "vv"),
    _r("crash", r"(.+): the reader stopped on this file \(exit (\S+)\); it is damaged or needs more memory than allowed", tr_noop(CTX, "%1: the reader stopped on this file (exit %2); it is damaged or needs more memory than allowed"), "vv"),
    _r("memory", rf"(.+): needs more memory than a notebook may use \({N} MB\); refused", tr_noop(CTX, "%1: needs more memory than a notebook may use (%2 MB); refused"), "vv"),
    _r("zip_bomb", rf"(.+): archive has {N} parts; refused as unsafe", tr_noop(CTX, "%1: archive has %2 parts; refused as unsafe"), "vv"),
    _r("zip_bomb", rf"(.+): part (.+) inflates {N}x to {N} MB \(zip bomb\?\); refused", tr_noop(CTX, "%1: part %2 inflates %3x to %4 MB (zip bomb?); refused"), "vvvv"),
    _r("zip_bomb", rf"(.+): inflates to {N} MB, more than any notebook; refused as unsafe", tr_noop(CTX, "%1: inflates to %2 MB, more than any notebook; refused as unsafe"), "vv"),
    _r("empty", r"(.+): the file is empty \(0 bytes\)", tr_noop(CTX, "%1: the file is empty (0 bytes)"), "v"),
    _r("unsupported", r"(.+): is an OpenDocument spreadsheet: save it as \.xlsx \(Excel 2007\+\) and import that", tr_noop(CTX, "%1: is an OpenDocument spreadsheet: save it as .xlsx (Excel 2007+) and import that"), "v"),
    _r("unsupported", r"(.+): is an Apple Numbers file: export it to \.xlsx and import that", tr_noop(CTX, "%1: is an Apple Numbers file: export it to .xlsx and import that"), "v"),
    _r("unsupported", r"(.+): is an Excel binary workbook \(\.xlsb\): save it as \.xlsx and import that", tr_noop(CTX, "%1: is an Excel binary workbook (.xlsb): save it as .xlsx and import that"), "v"),
    _r("unsupported", r"(.+): is in 'Strict Open XML' format: save it as an ordinary Excel workbook \(\.xlsx\)", tr_noop(CTX, "%1: is in 'Strict Open XML' format: save it as an ordinary Excel workbook (.xlsx)"), "v"),
    _r("password", r"(.+): is password-protected: remove the password in Excel and import again", tr_noop(CTX, "%1: is password-protected: remove the password in Excel and import again"), "v"),
    _r("password", r"(.+): is password-protected: remove the password in Excel", tr_noop(CTX, "%1: is password-protected: remove the password in Excel"), "v"),
    _r("unsupported", r"(.+): is a zip archive but not an Excel workbook", tr_noop(CTX, "%1: is a zip archive but not an Excel workbook"), "v"),
    _r("unsupported", r"(.+): is an Office file but not an Excel workbook", tr_noop(CTX, "%1: is an Office file but not an Excel workbook"), "v"),
    _r("unsupported", r"(.+): is not a spreadsheet or text file", tr_noop(CTX, "%1: is not a spreadsheet or text file"), "v"),
    _r("encoding", r"(.+): damaged UTF-16 text \((.*)\)", tr_noop(CTX, "%1: damaged UTF-16 text (%2)"), "vv"),
    _r("encoding", r"(.+): text encoding not recognised", tr_noop(CTX, "%1: text encoding not recognised"), "v"),
    _r("too_large", rf"(.+): {N} MB of text is too large", tr_noop(CTX, "%1: %2 MB of text is too large"), "vv"),
    _r("no_sheets", r"(.+): the workbook has no worksheets", tr_noop(CTX, "%1: the workbook has no worksheets"), "v"),
    _r("unsafe", r"defusedxml is not installed; refusing to parse untrusted XML", tr_noop(CTX, "defusedxml is not installed; refusing to parse untrusted XML")),
    _r("unsafe", r"(.+): damaged or hostile file: (.+) declares a DTD or entities \(an entity-expansion attack\?\); refused", tr_noop(CTX, "%1: damaged or hostile file: %2 declares a DTD or entities (an entity-expansion attack?); refused"), "vv"),
    _r("corrupt", r"(.+): damaged XML spreadsheet \((.*)\)", tr_noop(CTX, "%1: damaged XML spreadsheet (%2)"), "vv"),
    _r("corrupt", r"(.+): damaged zip archive \((.*)\)", tr_noop(CTX, "%1: damaged zip archive (%2)"), "vv"),
    _r("corrupt", r"(.+): damaged OLE container \((.*)\)", tr_noop(CTX, "%1: damaged OLE container (%2)"), "vv"),
    _r("corrupt", r"(.+): not readable as CSV \((.*)\)", tr_noop(CTX, "%1: not readable as CSV (%2)"), "vv"),
    _r("corrupt", r"(.+): not a readable \.xls workbook \((.*)\)", tr_noop(CTX, "%1: not a readable .xls workbook (%2)"), "vv"),
    _r("corrupt", r"(.+): workbook part missing \((.*)\)", tr_noop(CTX, "%1: workbook part missing (%2)"), "vv"),
    _r("corrupt", r"(.+): damaged file \((.*)\)", tr_noop(CTX, "%1: damaged file (%2)"), "vv"),
    _r("corrupt", r"(.+): damaged XML \((.*)\)", tr_noop(CTX, "%1: damaged XML (%2)"), "vv"),
    _r("corrupt", r"(.+): nested too deeply to be a spreadsheet", tr_noop(CTX, "%1: nested too deeply to be a spreadsheet"), "v"),
    _r("corrupt", r"(.+): damaged or unsupported file \((.*)\)", tr_noop(CTX, "%1: damaged or unsupported file (%2)"), "vv"),
    # ---- business-system feeds (their review items reach the review queue)
    _r("customer_conflict", r"customer number and ID number belong to different customers", tr_noop(CTX, "customer number and ID number belong to different customers")),
    _r("customer_missing", r"no customer number or ID", tr_noop(CTX, "no customer number or ID")),
    _r("unknown_customer", rf"no customer with this number or ID \({N} row\(s\) not imported\)", tr_noop(CTX, "no customer with this number or ID (%1 row(s) not imported)"), "v"),
    _r("direction_invalid", rf"unknown debit/credit flag: {Q}", tr_noop(CTX, "unknown debit/credit flag: %1")),
    _r("category_unknown", rf"unknown asset category {Q}", tr_noop(CTX, "unknown asset category %1")),
    _r("product_unknown", rf"unknown product code {Q}", tr_noop(CTX, "unknown product code %1")),
    _r("status_invalid", rf"unknown holding status: {Q}", tr_noop(CTX, "unknown holding status: %1")),
)
# fmt: on

# A sentence per code, for a message of a known code whose wording is not in RULES.
CODES: dict[str, str] = {
    "name_missing": tr_noop(CTX, "[name_missing] no name"),
    "name_note": tr_noop(CTX, "[name_note] a note was moved out of the name"),
    "name_spaces": tr_noop(CTX, "[name_spaces] spaces inside the name removed"),
    "name_multiple": tr_noop(CTX, "[name_multiple] more than one person in the name cell"),
    "name_suspect": tr_noop(CTX, "[name_suspect] does not look like a name"),
    "name_differs": tr_noop(CTX, "[name_differs] same ID as another row but another name"),
    "date_invalid": tr_noop(CTX, "[date_invalid] not a date"),
    "date_serial": tr_noop(CTX, "[date_serial] a number was read as an Excel date"),
    "date_no_year": tr_noop(CTX, "[date_no_year] date has no year"),
    "date_interpreted": tr_noop(CTX, "[date_interpreted] date interpreted"),
    "date_two_digit_year": tr_noop(CTX, "[date_two_digit_year] two-digit year is ambiguous"),
    "date_ambiguous": tr_noop(CTX, "[date_ambiguous] day and month are ambiguous"),
    "date_no_day": tr_noop(CTX, "[date_no_day] date has no day of the month"),
    "date_implausible": tr_noop(CTX, "[date_implausible] date is not plausible"),
    "date_missing": tr_noop(CTX, "[date_missing] date missing"),
    "time_invalid": tr_noop(CTX, "[time_invalid] not a time of day"),
    "period_missing": tr_noop(CTX, "[period_missing] period missing"),
    "birthday_mismatch": tr_noop(CTX, "[birthday_mismatch] birthday disagrees with the ID"),
    "phone_number_cell": tr_noop(CTX, "[phone_number_cell] phone was stored as a number"),
    "phone_invalid": tr_noop(CTX, "[phone_invalid] not a phone number"),
    "phone_destroyed": tr_noop(CTX, "[phone_destroyed] phone digits were lost"),
    "phone_multiple": tr_noop(CTX, "[phone_multiple] more than one phone in one cell"),
    "phone_no_area_code": tr_noop(CTX, "[phone_no_area_code] landline without area code"),
    "phone_masked": tr_noop(CTX, "[phone_masked] phone is masked"),
    "phone_bad_chars": tr_noop(CTX, "[phone_bad_chars] phone has characters other than digits"),
    "id_destroyed": tr_noop(CTX, "[id_destroyed] ID destroyed by Excel number format"),
    "id_bad_format": tr_noop(CTX, "[id_bad_format] not a resident ID number"),
    "id_other_document": tr_noop(CTX, "[id_other_document] not a resident ID"),
    "id_upgraded": tr_noop(CTX, "[id_upgraded] 15-digit ID upgraded to 18 digits"),
    "id_cleaned": tr_noop(CTX, "[id_cleaned] ID number tidied"),
    "id_bad_date": tr_noop(CTX, "[id_bad_date] ID number has an impossible birth date"),
    "id_bad_check": tr_noop(CTX, "[id_bad_check] ID check digit fails"),
    "id_number_number": tr_noop(CTX, "[id_number_number] ID number stored as a number"),
    "amount_invalid": tr_noop(CTX, "[amount_invalid] not an amount"),
    "amount_range": tr_noop(CTX, "[amount_range] amount is a range"),
    "amount_approximate": tr_noop(CTX, "[amount_approximate] amount is approximate"),
    "amount_negative": tr_noop(CTX, "[amount_negative] amount is negative"),
    "amount_missing": tr_noop(CTX, "[amount_missing] amount missing"),
    "risk_unknown": tr_noop(CTX, "[risk_unknown] unknown risk level"),
    "risk_invalid": tr_noop(CTX, "[risk_invalid] not a risk level"),
    "text_too_long": tr_noop(CTX, "[text_too_long] text cut"),
    "cell_too_long": tr_noop(CTX, "[cell_too_long] cell cut"),
    "match_ambiguous": tr_noop(CTX, "[match_ambiguous] several stored customers match"),
    "match_conflict": tr_noop(CTX, "[match_conflict] stored customer has another ID number"),
    "other_branch": tr_noop(CTX, "[other_branch] customer of another branch"),
    "stored_conflict": tr_noop(CTX, "[stored_conflict] stored value differs; not overwritten"),
    "value_conflict": tr_noop(CTX, "[value_conflict] differs from an earlier row"),
    "sheet_hidden": tr_noop(CTX, "[sheet_hidden] sheet is hidden"),
    "column_hidden": tr_noop(CTX, "[column_hidden] column is hidden"),
    "cells_unreadable": tr_noop(CTX, "[cells_unreadable] cells could not be read"),
    "formula_no_value": tr_noop(CTX, "[formula_no_value] formula has no saved result"),
    "no_data": tr_noop(CTX, "[no_data] no customer rows found"),
    "no_sheets": tr_noop(CTX, "[no_sheets] the workbook has no worksheets"),
    "not_found": tr_noop(CTX, "[not_found] no such file"),
    "empty": tr_noop(CTX, "[empty] the file is empty"),
    "timeout": tr_noop(CTX, "[timeout] reading took too long"),
    "crash": tr_noop(CTX, "[crash] the reader stopped on this file"),
    "memory": tr_noop(CTX, "[memory] needs too much memory"),
    "zip_bomb": tr_noop(CTX, "[zip_bomb] refused as unsafe (zip bomb?)"),
    "unsafe": tr_noop(CTX, "[unsafe] refused as unsafe"),
    "corrupt": tr_noop(CTX, "[corrupt] damaged file"),
    "encoding": tr_noop(CTX, "[encoding] text encoding not recognised"),
    "too_large": tr_noop(CTX, "[too_large] file too large"),
    "password": tr_noop(CTX, "[password] password-protected"),
    "unsupported": tr_noop(CTX, "[unsupported] unsupported file type"),
    "customer_conflict": tr_noop(CTX, "[customer_conflict] customer number and ID disagree"),
    "customer_missing": tr_noop(CTX, "[customer_missing] no customer number or ID"),
    "unknown_customer": tr_noop(CTX, "[unknown_customer] no such customer"),
    "direction_invalid": tr_noop(CTX, "[direction_invalid] unknown debit/credit flag"),
    "category_unknown": tr_noop(CTX, "[category_unknown] unknown asset category"),
    "product_unknown": tr_noop(CTX, "[product_unknown] unknown product code"),
    "status_invalid": tr_noop(CTX, "[status_invalid] unknown holding status"),
}

_BY_CODE: dict[str, tuple[Rule, ...]] = {}
for _rule in RULES:
    if _rule.code is not None:
        _BY_CODE[_rule.code] = (*_BY_CODE.get(_rule.code, ()), _rule)
_PREFIX = re.compile(r": ")
PREFIX_MAX = 260  # a prefix is a file, sheet or column name: never longer than this


def _find(text: str, code: str | None) -> Explained | None:
    rules = _BY_CODE.get(code or "", ())
    for rule in (*rules, *(r for r in RULES if r not in rules)):
        m = rule.pattern.fullmatch(text)
        if m is not None:
            return Explained(rule, tuple(g or "" for g in m.groups()))
    return None


def explain(text: str, code: str | None = None) -> Explained | None:
    """The rule of a message (tried first among those of ``code``), else ``None``.

    A message may carry a prefix (a sheet name before a reader's warning, a column label
    before a change the import made: ``"手机: phone was stored as a number"``): it is kept
    and the rest explained."""
    stripped = text.strip()
    found = _find(stripped, code)
    if found is not None:
        return found
    for m in itertools.islice(_PREFIX.finditer(stripped, 0, PREFIX_MAX), 4):
        found = _find(stripped[m.end() :], code)
        if found is not None:
            return Explained(found.rule, found.groups, stripped[: m.start()])
    return None


def import_message(text: str, code: str | None = None) -> str:
    """``text`` (an importer message) in the UI's language; unknown wordings stay English."""
    if not text:
        return text
    found = explain(text, code)
    if found is not None:
        out = found.rule.render(found.groups)
        if out is None:
            return text
        return out if found.prefix is None else with_prefix(found.prefix, out)
    if code in CODES:
        generic = tr(CTX, CODES[code])
        if generic != CODES[code]:
            return generic
    return text


def with_prefix(prefix: str, text: str) -> str:
    """``prefix: text`` (a file or sheet name before a message), with the UI's colon."""
    return _fill(tr(CTX, "%1: %2"), prefix, text)


def import_messages(texts: list[str] | tuple[str, ...]) -> str:
    """Several messages for one cell, each translated, joined by "; " (Chinese "；")."""
    return join_messages([import_message(t) for t in texts])


def join_messages(parts: list[str]) -> str:
    """Translated messages for one cell: "；" between Chinese ones, else "; "."""
    sep = "；" if any(_CJK.search(p) for p in parts) else "; "
    return sep.join(parts)


_CJK = re.compile(r"[\u3400-\u9fff]")
