"""Work done while the sign-in dialog waits for the password.

PySide6 creates its Python enum types lazily, on first use: the first paint of an item view
spends a few hundred milliseconds on it. Painting a small off-screen table while the user
types the password moves that cost out of "main window ready after sign-in".
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from branchcrm.gui.rows_model import Column, RowsModel


def warm_up() -> None:
    context, title = "Warmup", "·"  # never shown: not a string to translate
    model: RowsModel[tuple[str, str]] = RowsModel(
        [Column(context, title, lambda r: r[0]), Column(context, title, lambda r: r[1], True)]
    )
    model.set_rows([("a", "1"), ("b", "2")])
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.resize(300, 120)
    view.grab()
    view.deleteLater()
