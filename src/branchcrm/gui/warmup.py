"""Work done before the first window: keeping PySide's import hook lean, and warming up the
item views while the sign-in dialog waits for the password.

PySide6 creates its Python enum types lazily, on first use: the first paint of an item view
spends a few hundred milliseconds on it. Painting a small off-screen table while the user
types the password moves that cost out of "main window ready after sign-in".
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import QTableView

from branchcrm.gui.rows_model import Column, RowsModel


def _mentions_pyside(module: ModuleType) -> bool:
    """PySide's own test, without ``inspect.getsource``: that goes through ``linecache``,
    which then keeps every line of every module imported after PySide6 (~20 MB here)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        return b"PySide6" in Path(path).read_bytes()
    except OSError:
        return False


def lean_import_hook() -> bool:
    """PySide6 replaces ``__import__`` to support ``from __feature__ import snake_case``; for
    each module imported afterwards it reads the source to see whether the module mentions
    PySide6 (PYSIDE-2029), through ``inspect.getsource`` and so into ``linecache``, which
    never lets go: 20 MB of source lines for this application. Same answer, file read once.
    Returns False, harmlessly, if a PySide version no longer works this way."""
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _mentions_pyside  # type: ignore[attr-defined]
    return True


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
