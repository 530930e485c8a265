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
# Module-level contexts: the translation extractor resolves only module constants.
SUPERVISOR_CTX = "SupervisorPages"
IMPORT_CTX = "ImportPages"


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]  # translated when the window is built
    factory: PageFactory
    visible: Callable[[Actor], bool]
    shortcut: str | None = None
    icon: str = ""  # a name of ``icons.action_icon``, for the navigation and the View menu


def extra_pages() -> list[PageSpec]:
    """Screens other modules contribute; imported here so the main window needs no edits."""
    pages: list[PageSpec] = []
    pages += _supervisor_pages()
    pages += _import_pages()
    return pages


def _supervisor_pages() -> list[PageSpec]:
    """Dashboards, KPIs, rebalancing and batch work: supervisors and branch heads only."""
    from branchcrm.domain.roles import Role
    from branchcrm.gui.i18n import tr

    def supervisors(actor: Actor) -> bool:
        return actor.has(Role.SUPERVISOR, Role.HEAD)

    def dashboard(g: Gateway, s: Settings, r: TaskRunner) -> QWidget:
        from branchcrm.gui.supervisor.dashboard_page import DashboardPage

        return DashboardPage(g, s, r)

    def kpi(g: Gateway, s: Settings, r: TaskRunner) -> QWidget:
        from branchcrm.gui.supervisor.kpi_page import KpiPage

        return KpiPage(g, s, r)

    def workbench(g: Gateway, s: Settings, r: TaskRunner) -> QWidget:
        from branchcrm.gui.supervisor.workbench_page import WorkbenchPage

        return WorkbenchPage(g, s, r)

    def packages(g: Gateway, s: Settings, r: TaskRunner) -> QWidget:
        from branchcrm.gui.supervisor.packages_page import PackagesPage

        return PackagesPage(g, s, r)

    def chief_board(g: Gateway, s: Settings, r: TaskRunner) -> QWidget:
        from branchcrm.gui.supervisor.chiefs_page import ChiefsPage

        return ChiefsPage(g, s, r)

    return [
        PageSpec(
            "dashboard",
            lambda: tr(SUPERVISOR_CTX, "Dashboard"),
            dashboard,
            supervisors,
            "Ctrl+3",
            "dashboard",
        ),
        PageSpec(
            "kpi", lambda: tr(SUPERVISOR_CTX, "KPI ranking"), kpi, supervisors, "Ctrl+4", "kpi"
        ),
        PageSpec(
            "rebalancing",
            lambda: tr(SUPERVISOR_CTX, "Rebalancing"),
            workbench,
            supervisors,
            "Ctrl+5",
            "rebalancing",
        ),
        PageSpec(
            "packages",
            lambda: tr(SUPERVISOR_CTX, "Packages and campaigns"),
            packages,
            supervisors,
            "Ctrl+6",
            "packages",
        ),
        PageSpec(
            "chiefs",
            lambda: tr(SUPERVISOR_CTX, "Chief managers"),
            chief_board,
            supervisors,
            "Ctrl+7",
            "chiefs",
        ),
    ]


def _import_pages() -> list[PageSpec]:
    """Digitizing notebooks: the import wizard, the transcription grid and the review queue."""
    from branchcrm.domain.roles import Role
    from branchcrm.gui.i18n import tr

    def importers(actor: Actor) -> bool:
        return actor.has(Role.MANAGER, Role.SUPERVISOR, Role.HEAD)

    def wizard(g: Gateway, s: Settings, r: TaskRunner) -> QWidget:
        from branchcrm.gui.import_wizard import make_page

        return make_page(g, s, r)

    def transcribe(g: Gateway, s: Settings, r: TaskRunner) -> QWidget:
        from branchcrm.gui.transcription import make_page

        return make_page(g, s, r)

    def queue(g: Gateway, s: Settings, r: TaskRunner) -> QWidget:
        from branchcrm.gui.review_queue import make_page

        return make_page(g, s, r)

    return [
        PageSpec(
            "import",
            lambda: tr(IMPORT_CTX, "Import notebooks"),
            wizard,
            importers,
            "Ctrl+I",
            "import_notebook",
        ),
        PageSpec(
            "transcribe",
            lambda: tr(IMPORT_CTX, "Transcribe notebook"),
            transcribe,
            importers,
            "Ctrl+T",
            "transcribe",
        ),
        PageSpec(
            "review",
            lambda: tr(IMPORT_CTX, "Review queue"),
            queue,
            importers,
            "Ctrl+Shift+R",
            "review",
        ),
    ]
