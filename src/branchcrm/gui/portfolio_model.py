"""The portfolio as a lazily paged table model: counting, sorting and filtering run in SQL.

No ``QSortFilterProxyModel``: over 100,000 rows it takes 10-17 s to sort, and over a lazy
model it would sort only the rows loaded so far. ``sort()`` re-queries instead.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from branchcrm.gui import labels
from branchcrm.gui.i18n import tr_noop
from branchcrm.gui.rows_model import RIGHT, ROOT, ROW_ROLE
from branchcrm.services import portfolio
from branchcrm.services.catalogue import DEFAULT_TIERS
from branchcrm.services.portfolio import PortfolioQuery, PortfolioRow

Index = QModelIndex | QPersistentModelIndex
CTX = "PortfolioModel"
PAGE_SIZE = 200

# (title, text of a row, SQL sort key or None, right-aligned)
COLUMNS: list[tuple[str, Callable[[PortfolioRow], str], str | None, bool]] = [
    (tr_noop(CTX, "Name"), lambda r: r.name, "name", False),
    (tr_noop(CTX, "Tier"), lambda r: r.tier_name or r.tier_code or "", "tier", False),
    (tr_noop(CTX, "Assets (yuan)"), lambda r: labels.money(r.aum_fen), "aum", True),
    (tr_noop(CTX, "Primary manager"), lambda r: r.primary_name or "", None, False),
    (tr_noop(CTX, "Secondary manager"), lambda r: r.secondary_name or "", None, False),
    (
        tr_noop(CTX, "Last contact"),
        lambda r: labels.date(r.last_contact_at)[:10],
        "last_contact",
        False,
    ),
    (tr_noop(CTX, "Next reminder"), lambda r: labels.date(r.next_reminder), None, False),
    (tr_noop(CTX, "Tags"), lambda r: r.tags, None, False),
    (tr_noop(CTX, "Phone"), lambda r: r.masked_phone, None, False),
    (tr_noop(CTX, "Complete %"), lambda r: str(r.completeness), "completeness", True),
    (tr_noop(CTX, "Risk"), lambda r: r.risk_level or "", "risk_level", False),
]
SORTABLE = [c[2] for c in COLUMNS]
TIER_COLUMN = 1
# Tiers read at a glance: each rung of the default ladder keeps the colour it is defined with.
TIER_COLOURS = {t.code: QColor(t.colour) for t in DEFAULT_TIERS}

Fetch = Callable[..., Any]
# ``count_later(query, done)``: count off the GUI thread, then call ``done(total)`` on it.
CountLater = Callable[[PortfolioQuery, Callable[[int], None]], None]

DISPLAY = Qt.ItemDataRole.DisplayRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
ROW = int(ROW_ROLE)
RIGHT_ALIGNED = int(RIGHT.value)
ALIGN = [RIGHT_ALIGNED if c[3] else None for c in COLUMNS]
FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
NO_FLAGS = Qt.ItemFlag.NoItemFlags


CountKey = tuple[Any, ...]


def _count_key(query: PortfolioQuery) -> CountKey:
    """Queries that differ only in order count the same rows."""
    unordered = dataclasses.replace(query, sort="", descending=False)
    return tuple(getattr(unordered, f.name) for f in dataclasses.fields(query) if f.compare)


class PortfolioModel(QAbstractTableModel):
    """``fetch(fn, *args)`` runs a service call (the gateway's ``call``).

    A page is one query (:func:`portfolio.fetch_page`): it says whether more rows follow, so
    paging never waits for a count. The count (for the label) comes with the page for short
    lists, searches and a manager's own customers; otherwise ``count_later`` runs it off
    the GUI thread after the page is shown, or, without one, it runs here. The count is
    kept while only the order changes (a new sort never recounts); another filter or
    :meth:`reload` (data changed) counts again.
    """

    count_changed = Signal(int)
    counting = Signal()
    failed = Signal(str)

    def __init__(
        self,
        fetch: Fetch,
        parent: QObject | None = None,
        page_size: int = PAGE_SIZE,
        count_later: CountLater | None = None,
    ) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self.count_later = count_later
        self.page_size = page_size
        self.query = PortfolioQuery()
        self.rows: list[PortfolioRow] = []
        self.texts: list[list[str] | None] = []  # display texts, made when first shown
        self.more = False
        self.total: int | None = None
        self.loaded = False
        self.counts: dict[CountKey, int] = {}

    # --- querying -------------------------------------------------------------------------

    def set_query(self, query: PortfolioQuery) -> None:
        self.query = query
        self._load()

    def update_query(self, **changes: Any) -> None:
        self.set_query(dataclasses.replace(self.query, **changes))

    def reload(self) -> None:
        """Re-query after the data changed: counts are taken again too."""
        self.counts.clear()
        self._load()

    def _load(self) -> None:
        from branchcrm.services.errors import ServiceError

        self.loaded = True
        query, key = self.query, _count_key(self.query)
        if key not in self.counts:  # another filter: counts of earlier ones may be stale
            self.counts.clear()
        self.beginResetModel()
        try:
            page: portfolio.Page = self.fetch(portfolio.fetch_page, query, 0, self.page_size)
        except ServiceError as exc:
            self.rows, self.texts, self.more, self.total = [], [], False, 0
            self.failed.emit(labels.service_message(exc))
            self.endResetModel()
            self.count_changed.emit(0)
            return
        self.rows, self.texts, self.more = page.rows, [None] * len(page.rows), page.more
        if page.total is not None:
            self.counts[key] = page.total
        self.total = self.counts.get(key)
        self.endResetModel()
        if self.total is not None:
            self.count_changed.emit(self.total)
        elif self.count_later is not None:  # off the GUI thread, on another connection
            self.counting.emit()
            self.count_later(query, functools.partial(self._counted, query))
        else:
            self._count_now(query)

    def _count_now(self, query: PortfolioQuery) -> None:
        from branchcrm.services.errors import ServiceError

        try:
            total = self.fetch(portfolio.count, query)
        except ServiceError as exc:
            self.failed.emit(labels.service_message(exc))
            return
        self._counted(query, total)

    def _counted(self, query: PortfolioQuery, total: int) -> None:
        if _count_key(query) != _count_key(self.query):
            return  # the filter changed meanwhile
        self.counts[_count_key(query)] = total
        if self.total is None:  # also when only the order changed meanwhile
            self.total = total
            self.count_changed.emit(total)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and self.more

    def fetchMore(self, parent: Index = ROOT) -> None:
        from branchcrm.services.errors import ServiceError

        if parent.isValid() or not self.more:
            return
        first = len(self.rows)
        try:
            page: portfolio.Page = self.fetch(
                portfolio.fetch_page, self.query, first, self.page_size
            )
        except ServiceError as exc:
            self.failed.emit(labels.service_message(exc))
            return
        self.more = page.more
        if page.total is not None and self.total is None:
            self._counted(self.query, page.total)
        if not page.rows:  # rows vanished since the last page
            return
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self.rows.extend(page.rows)
        self.texts.extend([None] * len(page.rows))
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = SORTABLE[column]
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.query.sort and descending == self.query.descending:
            return
        if not self.loaded:  # header set-up before the first load: remember, do not query
            self.query = dataclasses.replace(self.query, sort=key, descending=descending)
            return
        self.set_query(dataclasses.replace(self.query, sort=key, descending=descending))

    def sort_column(self) -> int:
        return SORTABLE.index(self.query.sort) if self.query.sort in SORTABLE else 0

    # --- model ----------------------------------------------------------------------------

    def row_at(self, row: int) -> PortfolioRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Called a dozen times per visible cell on every paint: texts are made once per row."""
        row = index.row()
        if not 0 <= row < len(self.rows) or not index.isValid():
            return None
        if role == DISPLAY:
            texts = self.texts[row]
            if texts is None:
                record = self.rows[row]
                texts = self.texts[row] = [c[1](record) for c in COLUMNS]
            return texts[index.column()]
        if role == ALIGNMENT:
            return ALIGN[index.column()]
        if role == FOREGROUND:
            if index.column() != TIER_COLUMN:
                return None
            return TIER_COLOURS.get(self.rows[row].tier_code or "")
        if role == ROW:
            return self.rows[row]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        from branchcrm.gui.i18n import tr

        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return tr(CTX, COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return FLAGS if index.isValid() else NO_FLAGS
