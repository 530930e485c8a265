"""The workstation's extra screens beyond Today and the portfolio, in navigation order.

Each entry says who may see it and how to build it; the main window adds a navigation item,
a View-menu action (with its shortcut) and lazily builds the page the first time it is shown.
A page may offer ``open_customer(int)`` and ``status_message(str)`` signals and ``refresh()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from branchcrm.domain.actor import Actor
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.settings import Settings
from branchcrm.tasks import TaskRunner

PageFactory = Callable[[Gateway, Settings, TaskRunner], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]  # translated when the window is built
    factory: PageFactory
    visible: Callable[[Actor], bool]
    shortcut: str | None = None


def extra_pages() -> list[PageSpec]:
    """Screens other modules contribute; imported here so the main window needs no edits."""
    pages: list[PageSpec] = []
    return pages
