"""Printing a customer's one-page profile and a day's visit list, or saving them as PDF."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import QFileDialog, QWidget

from branchcrm.gui import labels
from branchcrm.gui.i18n import tr
from branchcrm.services.reminders import ReminderRow

if TYPE_CHECKING:
    from branchcrm.gui.customer_tabs import LoadedFile
    from branchcrm.gui.gateway import Gateway

CTX = "Printing"
STYLE = """<style>
body { font-size: 10pt; } h1 { font-size: 16pt; margin-bottom: 2px; }
h2 { font-size: 12pt; margin-top: 10px; border-bottom: 1px solid #888; }
table { border-collapse: collapse; } td, th { padding: 2px 6px; border: 1px solid #bbb; }
th { background: #eee; text-align: left; } .muted { color: #666; }
</style>"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    if not rows:
        return f"<p class='muted'>{_e(tr(CTX, 'None'))}</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table width='100%'><tr>{head}</tr>{body}</table>"


def profile_html(loaded: LoadedFile) -> str:
    """One page: identity (masked), managers, holdings, latest contacts, open reminders."""
    from branchcrm.gui.profile_form import display

    cf = loaded.file
    v = cf.values
    facts = [
        (labels.field("mobile"), v.get("mobile")),
        (labels.field("id_number"), v.get("id_number")),
        (labels.field("gender"), display("gender", v.get("gender"))),
        (labels.field("birth_date"), display("birth_date", v.get("birth_date"))),
        (labels.field("occupation"), v.get("occupation")),
        (labels.field("address"), v.get("address")),
        (labels.field("risk_level"), v.get("risk_level")),
        (tr(CTX, "Tier"), cf.tier_name or cf.tier_code),
        (tr(CTX, "Assets (yuan)"), labels.money(cf.aum_fen)),
        (tr(CTX, "Primary manager"), cf.primary.name if cf.primary else ""),
        (tr(CTX, "Secondary manager"), cf.secondary.name if cf.secondary else ""),
        (labels.field("tags"), ", ".join(cf.tags)),
    ]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(val)}</td></tr>" for k, val in facts)
    holdings = [
        (h.product_name, labels.money(h.amount_fen), labels.date(h.maturity_date))
        for h in loaded.holdings[:12]
    ]
    contacts = [
        (labels.date(c.occurred_at), labels.channel(c.channel), c.summary or "")
        for c in loaded.contacts[:8]
    ]
    open_reminders = [
        (labels.date(r.due_date), labels.kind(r.kind), r.reason or "")
        for r in loaded.reminders
        if r.status in ("open", "snoozed")
    ][:8]
    printed = tr(CTX, "Printed %1").replace("%1", dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    return (
        f"<html><head>{STYLE}</head><body>"
        f"<h1>{_e(labels.pair(tr(CTX, 'Customer profile'), v.get('name') or ''))}</h1>"
        f"<p class='muted'>{_e(printed)}</p>"
        f"<table width='100%'>{rows}</table>"
        f"<h2>{_e(tr(CTX, 'Holdings'))}</h2>"
        + _table([tr(CTX, "Product"), tr(CTX, "Amount (yuan)"), tr(CTX, "Maturity")], holdings)
        + f"<h2>{_e(tr(CTX, 'Recent contacts'))}</h2>"
        + _table([tr(CTX, "When"), tr(CTX, "Channel"), tr(CTX, "Summary")], contacts)
        + f"<h2>{_e(tr(CTX, 'Open reminders'))}</h2>"
        + _table([tr(CTX, "Due"), tr(CTX, "Kind"), tr(CTX, "Reason")], open_reminders)
        + "</body></html>"
    )


def profile_html_for(gateway: Gateway, customer_id: int) -> str:
    from branchcrm.gui.customer_tabs import load_file

    return profile_html(gateway.call(load_file, customer_id))


def visit_list_html(staff_name: str, day: dt.date, rows: Sequence[ReminderRow]) -> str:
    title = (
        tr(CTX, "Visit list for %1 — %2").replace("%1", staff_name).replace("%2", day.isoformat())
    )
    table = _table(
        [tr(CTX, "Due"), tr(CTX, "Kind"), tr(CTX, "Customer"), tr(CTX, "Reason"), tr(CTX, "Done")],
        [
            (labels.date(r.due_date), labels.kind(r.kind), r.customer_name, r.reason or "", "☐")
            for r in rows
        ],
    )
    return f"<html><head>{STYLE}</head><body><h1>{_e(title)}</h1>{table}</body></html>"


def document(html_text: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html_text)
    return doc


def save_pdf(html_text: str, path: Path) -> Path:
    """Render to an A4 PDF with QPdfWriter."""
    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setResolution(300)
    writer.setTitle(path.stem)
    doc = document(html_text)
    doc.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    doc.print_(writer)
    return path


def save_pdf_dialog(parent: QWidget, html_text: str, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, tr(CTX, "Save as PDF"), suggested, tr(CTX, "PDF (*.pdf)")
    )
    if not name:
        return None
    return save_pdf(html_text, Path(name if name.lower().endswith(".pdf") else name + ".pdf"))


def print_html(parent: QWidget, html_text: str) -> bool:
    """The system print dialog (which also offers printing to a PDF file)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr(CTX, "Print"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document(html_text).print_(printer)
    return True
