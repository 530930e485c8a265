"""The portfolio as a lazily paged table model: counting, sorting and filtering run in SQL.

No ``QSortFilterProxyModel``: over 100,000 rows it takes 10-17 s to sort, and over a lazy
model it would sort only the rows loaded so far. ``sort()`` re-queries instead.
"""

from __future__ import annotations

import dataclasses
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


class PortfolioModel(QAbstractTableModel):
    """``fetch(fn, *args)`` runs a service call (the gateway's ``call``)."""

    count_changed = Signal(int)
    failed = Signal(str)

    def __init__(
        self, fetch: Fetch, parent: QObject | None = None, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self.page_size = page_size
        self.query = PortfolioQuery()
        self.rows: list[PortfolioRow] = []
        self.total = 0
        self.loaded = False
        self.loaded_count = False

    # --- querying -------------------------------------------------------------------------

    def set_query(self, query: PortfolioQuery, *, recount: bool = True) -> None:
        self.query = query
        self.reload(recount=recount)

    def update_query(self, **changes: Any) -> None:
        self.set_query(dataclasses.replace(self.query, **changes))

    def reload(self, *, recount: bool = True) -> None:
        """Re-query the first page; a new sort order keeps the count (same rows, new order)."""
        from branchcrm.services.errors import ServiceError

        self.loaded = True
        self.beginResetModel()
        try:
            if recount or not self.loaded_count:
                self.total = self.fetch(portfolio.count, self.query)
                self.loaded_count = True
            self.rows = self.fetch(portfolio.page, self.query, 0, self.page_size)
        except ServiceError as exc:
            self.total, self.rows, self.loaded_count = 0, [], False
            self.failed.emit(labels.service_message(exc))
        finally:
            self.endResetModel()
        self.count_changed.emit(self.total)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = ROOT) -> None:
        from branchcrm.services.errors import ServiceError

        if parent.isValid() or len(self.rows) >= self.total:
            return
        try:
            more = self.fetch(portfolio.page, self.query, len(self.rows), self.page_size)
        except ServiceError as exc:
            self.failed.emit(labels.service_message(exc))
            return
        if not more:  # rows vanished since counting
            self.total = len(self.rows)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
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
        self.set_query(
            dataclasses.replace(self.query, sort=key, descending=descending), recount=False
        )

    def sort_column(self) -> int:
        return SORTABLE.index(self.query.sort) if self.query.sort in SORTABLE else 0

    # --- model ----------------------------------------------------------------------------

    def row_at(self, row: int) -> PortfolioRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[index.column()][3]:
            return int(RIGHT.value)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == TIER_COLUMN:
            return TIER_COLOURS.get(row.tier_code or "")
        if role == ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        from branchcrm.gui.i18n import tr

        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return tr(CTX, COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
