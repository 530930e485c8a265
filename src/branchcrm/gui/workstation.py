"""Who is signed in at this workstation: sign-in, idle lock, sign out and switch user."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui import settings as keys
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.i18n import tr
from branchcrm.gui.main_window import MainWindow
from branchcrm.gui.settings import Settings
from branchcrm.gui.signin import IdleWatcher, LockDialog, SignInDialog
from branchcrm.tasks import TaskRunner

CTX = "Workstation"


class Workstation(QObject):
    signed_in = Signal(object)
    signed_out = Signal()
    locked = Signal()
    finished = Signal()

    def __init__(
        self,
        db: Database,
        settings: Settings,
        runner: TaskRunner,
        idle_msecs: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.settings, self.runner = db, settings, runner
        minutes = max(settings.get(keys.IDLE_MINUTES), 1)
        self.idle = IdleWatcher(idle_msecs or minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        self.window: MainWindow | None = None
        self.lock_dialog: LockDialog | None = None
        self.hidden: list[QWidget] = []
        self.sign_in_dialog: SignInDialog | None = None
        self.signing_out = False

    # --- signing in and out ---------------------------------------------------------------

    def ask_sign_in(self) -> SignInDialog:
        """Show the sign-in dialog (non-blocking); quitting it ends the application."""
        dialog = SignInDialog(self.db, self.settings.get(keys.LAST_LOGIN))
        dialog.accepted.connect(lambda: self.start(dialog.actor) if dialog.actor else None)
        dialog.rejected.connect(self.finished)
        self.sign_in_dialog = dialog
        dialog.show()
        return dialog

    def start(self, actor: Actor) -> MainWindow:
        self.settings.set(keys.LAST_LOGIN, actor.login)
        gateway = Gateway(self.db, actor)
        window = MainWindow(gateway, self.settings, self.runner)
        window.sign_out_requested.connect(self.sign_out)
        window.lock_requested.connect(self.lock)
        window.settings_changed.connect(self._settings_changed)
        window.closed.connect(lambda: None if self.signing_out else self.finished.emit())
        self.window = window
        window.show()
        self.idle.start()
        self.signed_in.emit(actor)
        return window

    def sign_out(self) -> bool:
        if self.lock_dialog is not None:
            self._restore_hidden()
        window = self.window
        if window is not None:
            self.signing_out = True
            try:
                if not window.close():
                    return False
            finally:
                self.signing_out = False
            gateway = window.gateway
            window.deleteLater()
            gateway.deleteLater()
        self.window = None
        self._close_lock()
        self.idle.stop()
        self.signed_out.emit()
        self.ask_sign_in()
        return True

    # --- idle lock ------------------------------------------------------------------------

    def lock(self) -> LockDialog | None:
        if self.window is None or self.lock_dialog is not None:
            return self.lock_dialog
        self.idle.pause()
        self.hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
        for w in self.hidden:
            w.hide()
        dialog = LockDialog(self.db, self.window.gateway.actor)
        dialog.unlocked.connect(self.unlock)
        dialog.sign_out_requested.connect(self._sign_out_from_lock)
        self.lock_dialog = dialog
        dialog.show()
        dialog.activateWindow()
        self.locked.emit()
        return dialog

    def unlock(self) -> None:
        self._close_lock()
        self._restore_hidden()
        self.idle.resume()

    def _restore_hidden(self) -> None:
        for w in self.hidden:
            w.show()
        self.hidden = []

    def _close_lock(self) -> None:
        if self.lock_dialog is not None:
            self.lock_dialog.hide()
            self.lock_dialog.deleteLater()
            self.lock_dialog = None

    def _sign_out_from_lock(self) -> None:
        self._close_lock()
        self._restore_hidden()
        if not self.sign_out() and self.window is not None:
            QMessageBox.information(
                self.window, tr(CTX, "Sign out"), tr(CTX, "Save or discard the open edits first.")
            )

    def _settings_changed(self) -> None:
        minutes = max(self.settings.get(keys.IDLE_MINUTES), 1)
        self.idle.set_interval(minutes * 60_000)
