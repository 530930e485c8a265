"""The main window: navigation (Today, Portfolio), menus and a toolbar with shortcuts and
icons, the connection banner."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from branchcrm.domain.roles import Role, sees_whole_branch
from branchcrm.gui import labels, printing
from branchcrm.gui.banner import ConnectionBanner
from branchcrm.gui.customer_file import CustomerFileWindow
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.icons import action_icon
from branchcrm.gui.log_contact import LogContactDialog
from branchcrm.gui.new_customer import NewCustomerDialog
from branchcrm.gui.pages import extra_pages
from branchcrm.gui.portfolio_page import PortfolioPage
from branchcrm.gui.settings import Settings
from branchcrm.gui.settings_dialog import SettingsDialog
from branchcrm.gui.today_page import TodayPage
from branchcrm.services.errors import ServiceError
from branchcrm.tasks import TaskRunner

CTX = "MainWindow"
TODAY, PORTFOLIO = 0, 1


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    lock_requested = Signal()
    settings_changed = Signal()
    closed = Signal()

    def __init__(
        self,
        gateway: Gateway,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway, self.settings, self.runner = gateway, settings, runner
        self.actor = gateway.actor
        self.files: dict[int, CustomerFileWindow] = {}
        self.setObjectName("mainWindow")
        roles = "、".join(labels.value(r.value) for r in sorted(self.actor.roles))
        self.setWindowTitle(
            tr(CTX, "BranchCRM — %1 (%2)")
            .replace("%1", self.actor.name)
            .replace("%2", roles or self.actor.login)
        )
        self.banner = ConnectionBanner()
        self.banner.retry_requested.connect(self.retry_connection)
        gateway.connection_lost.connect(self.banner.show_lost)
        gateway.connection_restored.connect(self._restored)

        self.today = TodayPage(gateway)
        self.portfolio = PortfolioPage(gateway, settings, runner)
        for page in (self.today, self.portfolio):
            page.open_customer.connect(self.open_customer)
            page.status_message.connect(self.show_status)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.today)
        self.stack.addWidget(self.portfolio)
        self.extra = [spec for spec in extra_pages() if spec.visible(self.actor)]
        self.extra_widgets: dict[int, QWidget] = {}
        for _spec in self.extra:
            self.stack.addWidget(QWidget())  # placeholder until first shown
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(18, 18))
        self.nav.setSpacing(1)
        branch_view = sees_whole_branch(self.actor.roles) or Role.MANAGER not in self.actor.roles
        portfolio_title = tr(CTX, "Branch customers") if branch_view else tr(CTX, "My customers")
        self.portfolio_title = portfolio_title
        for icon, text in (
            ("today", tr(CTX, "Today")),
            ("portfolio", portfolio_title),
            *((spec.icon, spec.title()) for spec in self.extra),
        ):
            item = QListWidgetItem(text, self.nav)
            if icon:
                item.setIcon(action_icon(icon))
        # Wide enough for the longest title (Chinese titles differ in length from English).
        self.nav.setFixedWidth(
            max(150, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 16)
        )
        self.nav.currentRowChanged.connect(self.show_page)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.statusBar().showMessage(tr(CTX, "Signed in as %1").replace("%1", self.actor.name))
        self.resize(1280, 760)
        self.loaded: set[int] = set()
        self.nav.setCurrentRow(TODAY)

    # --- menus ----------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | None = None,
        name: str = "",
        icon: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(action_icon(icon))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if name:
            action.setObjectName(name)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr(CTX, "&File"))
        self.new_action = self._action(
            tr(CTX, "&New customer…"), self.new_customer, "Ctrl+N", "newCustomer", "new_customer"
        )
        self.new_action.setEnabled(
            self.actor.has(Role.MANAGER, Role.LOBBY, Role.SUPERVISOR, Role.HEAD)
        )
        file_menu.addAction(self.new_action)
        self.print_action = self._action(
            tr(CTX, "&Print…"), self.print_current, "Ctrl+P", "print", "print"
        )
        file_menu.addAction(self.print_action)
        file_menu.addAction(
            self._action(tr(CTX, "Save as P&DF…"), self.pdf_current, "Ctrl+Shift+P", "pdf", "pdf")
        )
        self.export_action = self._action(
            tr(CTX, "&Export portfolio to Excel…"),
            lambda: self.portfolio.export(),
            "Ctrl+E",
            "export",
            "export",
        )
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                tr(CTX, "&Settings…"), self.open_settings, "Ctrl+,", "settings", "settings"
            )
        )
        file_menu.addSeparator()
        self.lock_action = self._action(
            tr(CTX, "&Lock"), self.lock_requested.emit, "Ctrl+Shift+L", "lock", "lock"
        )
        file_menu.addAction(self.lock_action)
        file_menu.addAction(
            self._action(
                tr(CTX, "Sign &out / switch user"),
                self.sign_out_requested.emit,
                None,
                "signOut",
                "sign_out",
            )
        )
        file_menu.addAction(self._action(tr(CTX, "&Quit"), self.close, "Ctrl+Q", "quit", "quit"))

        customer_menu = bar.addMenu(tr(CTX, "&Customer"))
        self.log_action = self._action(
            tr(CTX, "&Log contact…"), self.log_contact, "Ctrl+L", "logContact", "log_contact"
        )
        customer_menu.addAction(self.log_action)
        self.find_action = self._action(
            tr(CTX, "&Find customer"), self.focus_search, "Ctrl+F", "find", "search"
        )
        customer_menu.addAction(self.find_action)
        customer_menu.addAction(
            self._action(
                tr(CTX, "&Open customer file"),
                self.open_current,
                "Ctrl+O",
                "openCustomer",
                "customer_file",
            )
        )

        view_menu = bar.addMenu(tr(CTX, "&View"))
        self.today_action = self._action(
            tr(CTX, "&Today"), lambda: self.nav.setCurrentRow(TODAY), "Ctrl+1", "today", "today"
        )
        view_menu.addAction(self.today_action)
        self.portfolio_action = self._action(
            tr(CTX, "&Portfolio"),
            lambda: self.nav.setCurrentRow(PORTFOLIO),
            "Ctrl+2",
            "portfolio",
            "portfolio",
        )
        view_menu.addAction(self.portfolio_action)
        for i, spec in enumerate(self.extra, start=PORTFOLIO + 1):
            view_menu.addAction(
                self._action(
                    spec.title(),
                    functools.partial(self.nav.setCurrentRow, i),
                    spec.shortcut,
                    f"page_{spec.key}",
                    spec.icon,
                )
            )
        self.refresh_action = self._action(
            tr(CTX, "&Refresh"), self.refresh, "F5", "refresh", "refresh"
        )
        view_menu.addAction(self.refresh_action)

        help_menu = bar.addMenu(tr(CTX, "&Help"))
        help_menu.addAction(
            self._action(
                tr(CTX, "&Keyboard shortcuts"), self.show_shortcuts, "F1", "shortcuts", "shortcuts"
            )
        )
        self._build_toolbar()

    def _build_toolbar(self) -> None:
        """The day's most used actions, with their icons and short names."""
        bar = QToolBar(tr(CTX, "Main toolbar"), self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setIconSize(QSize(20, 20))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.toggleViewAction().setEnabled(False)
        short = {
            self.new_action: tr(CTX, "New customer"),
            self.log_action: tr(CTX, "Log contact"),
            self.find_action: tr(CTX, "Find"),
            self.today_action: tr(CTX, "Today"),
            self.portfolio_action: self.portfolio_title,
            self.print_action: tr(CTX, "Print"),
            self.export_action: tr(CTX, "Export"),
            self.refresh_action: tr(CTX, "Refresh"),
            self.lock_action: tr(CTX, "Lock"),
        }
        groups = (
            (self.new_action, self.log_action, self.find_action),
            (self.today_action, self.portfolio_action),
            (self.print_action, self.export_action, self.refresh_action),
            (self.lock_action,),
        )
        for n, group in enumerate(groups):
            if n:
                bar.addSeparator()
            for action in group:
                # The toolbar shows the icon text; menus keep the full text with its mnemonic.
                action.setIconText(short[action])
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{short[action]} ({keys})" if keys else short[action])
                bar.addAction(action)
        self.toolbar = bar
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    # --- pages ----------------------------------------------------------------------------

    def _extra_page(self, index: int) -> QWidget:
        """Build a contributed page the first time it is shown."""
        widget = self.extra_widgets.get(index)
        if widget is None:
            spec = self.extra[index - PORTFOLIO - 1]
            widget = spec.factory(self.gateway, self.settings, self.runner)
            for signal, slot in (
                ("open_customer", self.open_customer),
                ("status_message", self.show_status),
            ):
                if hasattr(widget, signal):
                    getattr(widget, signal).connect(slot)
            placeholder = self.stack.widget(index)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.insertWidget(index, widget)
            self.extra_widgets[index] = widget
        return widget

    def show_page(self, index: int) -> None:
        if index > PORTFOLIO:
            widget = self._extra_page(index)
            self.stack.setCurrentIndex(index)
            widget.setFocus()
            return
        self.stack.setCurrentIndex(index)
        if index not in self.loaded:
            self.loaded.add(index)
            if index == TODAY:
                self.today.refresh()
            else:
                self.portfolio.load()
        (self.today.table if index == TODAY else self.portfolio.table).setFocus()

    def refresh(self) -> None:
        current = self.stack.currentIndex()
        if current > PORTFOLIO:
            page = self.extra_widgets.get(current)
            if page is not None and hasattr(page, "refresh"):
                page.refresh()
            return
        if self.stack.currentIndex() == TODAY:
            self.today.refresh()
        else:
            self.portfolio.refresh()

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def focus_search(self) -> None:
        self.nav.setCurrentRow(PORTFOLIO)
        self.portfolio.focus_search()

    def current_customer_id(self) -> int | None:
        for window in self.files.values():
            if window.isActiveWindow():
                return window.customer_id
        if self.stack.currentIndex() == TODAY:
            return self.today.current_customer_id()
        return self.portfolio.current_customer_id()

    # --- actions --------------------------------------------------------------------------

    def open_current(self) -> None:
        cid = self.current_customer_id()
        if cid is not None:
            self.open_customer(cid)

    def open_customer(self, customer_id: int) -> CustomerFileWindow | None:
        window = self.files.get(customer_id)
        if window is None:
            try:
                window = CustomerFileWindow(self.gateway, customer_id, self.runner)
            except ServiceError as exc:
                self.show_status(labels.service_message(exc))
                return None
            window.closed.connect(lambda cid=customer_id: self.files.pop(cid, None))
            window.log_contact_requested.connect(self.log_contact_for)
            window.open_customer_requested.connect(self.open_customer)
            window.saved.connect(self.portfolio.refresh)
            self.files[customer_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def new_customer(self) -> NewCustomerDialog:
        dialog = NewCustomerDialog(self.gateway, self)
        dialog.created.connect(self._created)
        dialog.show()
        return dialog

    def _created(self, customer_id: int) -> None:
        self.portfolio.refresh()
        self.open_customer(customer_id)

    def log_contact(self) -> LogContactDialog:
        return self.log_contact_for(self.current_customer_id())

    def log_contact_for(self, customer_id: int | None) -> LogContactDialog:
        dialog = LogContactDialog(self.gateway, customer_id, self)
        dialog.logged.connect(lambda _cid: self.today.refresh())
        dialog.logged.connect(lambda cid: self.files[cid].reload() if cid in self.files else None)
        dialog.show()
        return dialog

    def _print_html(self) -> tuple[str, str] | None:
        for window in self.files.values():
            if window.isActiveWindow():
                return window.print_html(), "profile"
        if self.stack.currentIndex() == TODAY:
            return printing.visit_list_html(
                self.actor.name, self.today.today(), self.today.visit_list()
            ), "visits"
        cid = self.portfolio.current_customer_id()
        if cid is None:
            self.show_status(tr(CTX, "Choose a customer to print."))
            return None
        try:
            return printing.profile_html_for(self.gateway, cid), "profile"
        except ServiceError as exc:
            self.show_status(labels.service_message(exc))
            return None

    def print_current(self) -> None:
        doc = self._print_html()
        if doc is not None:
            printing.print_html(self, doc[0])

    def pdf_current(self) -> None:
        doc = self._print_html()
        if doc is not None:
            printing.save_pdf_dialog(self, doc[0], f"{doc[1]}.pdf")

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self.runner, self)
        dialog.accepted.connect(self.settings_changed)
        dialog.show()
        return dialog

    def show_shortcuts(self) -> None:
        lines = [
            ("Ctrl+L", tr(CTX, "Log contact")),
            ("Ctrl+N", tr(CTX, "New customer")),
            ("Ctrl+F", tr(CTX, "Find customer")),
            ("Ctrl+P", tr(CTX, "Print")),
            ("Ctrl+O / Enter", tr(CTX, "Open customer file")),
            ("Ctrl+D", tr(CTX, "Reminder done")),
            ("Ctrl+1 / Ctrl+2", tr(CTX, "Today / Portfolio")),
            ("F5", tr(CTX, "Refresh")),
            ("Ctrl+Shift+L", tr(CTX, "Lock")),
        ]
        QMessageBox.information(
            self, tr(CTX, "Keyboard shortcuts"), "\n".join(f"{k}\t{v}" for k, v in lines)
        )

    def retry_connection(self) -> None:
        self.gateway.retry()

    def _restored(self) -> None:
        self.banner.hide()
        self.show_status(tr(CTX, "Connected again."))
        self.refresh()

    def close_files(self) -> bool:
        """Close customer files; False when one has unsaved edits the user keeps."""
        return all(window.close() for window in list(self.files.values()))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_files():
            event.ignore()
            return
        self.portfolio.save_layout()
        self.settings.sync()
        event.accept()
        self.closed.emit()

    def has_unsaved_edits(self) -> bool:
        return any(w.has_unsaved_edits() for w in self.files.values())
