"""Sign-in dialog and the idle lock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import OperationalError

from branchcrm import __version__
from branchcrm.db.session import Database
from branchcrm.domain.actor import Actor
from branchcrm.gui.i18n import tr, tr_noop
from branchcrm.gui.icons import action_icon
from branchcrm.services import auth
from branchcrm.services.errors import SignInError

CTX = "SignInDialog"
LOCK_CTX = "LockDialog"

_SIGN_IN_MESSAGES = {
    "wrong login or password": tr_noop(CTX, "Wrong login or password."),
    "this account is no longer active": tr_noop(CTX, "This account is no longer active."),
}


def _sign_in_message(exc: SignInError) -> str:
    text = str(exc)
    if text in _SIGN_IN_MESSAGES:
        return tr(CTX, _SIGN_IN_MESSAGES[text])
    if text.startswith("account locked"):
        return tr(CTX, "Account locked after repeated failed sign-ins; try again later.")
    return text


class SignInDialog(QDialog):
    """Asks for login and password; ``actor`` is set when the dialog is accepted."""

    def __init__(self, db: Database, last_login: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(tr(CTX, "BranchCRM — Sign in"))
        self.setObjectName("signInDialog")
        title = QLabel(tr(CTX, "Customer relationship workstation"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.login = QLineEdit(last_login)
        self.login.setObjectName("login")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr(CTX, "&Login:"), self.login)
        form.addRow(tr(CTX, "&Password:"), self.password)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(tr(CTX, "Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        quit_button = buttons.addButton(tr(CTX, "Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setAutoDefault(False)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        footer = QLabel(tr(CTX, "Version %1").replace("%1", __version__))
        footer.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        layout.addWidget(footer, alignment=Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(420)
        (self.password if last_login else self.login).setFocus()

    def try_sign_in(self) -> None:
        login, password = self.login.text().strip(), self.password.text()
        if not login or not password:
            self.error.setText(tr(CTX, "Enter your login and password."))
            return
        try:
            with self.db.session() as session:
                self.actor = auth.sign_in(session, login, password)
        except SignInError as exc:
            self.error.setText(_sign_in_message(exc))
            self.password.clear()
            self.password.setFocus()
            return
        except OperationalError:
            self.error.setText(tr(CTX, "Cannot reach the database. Check the network and retry."))
            return
        self.accept()


class IdleWatcher(QObject):
    """An application-wide event filter: no key or mouse input for ``msecs`` emits ``idle``."""

    idle = Signal()
    _ACTIVITY = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.InputMethod,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(self, msecs: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(msecs, 1))
        self.timer.timeout.connect(self.idle)
        self.paused = False

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.paused = False
        self.timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()

    def set_interval(self, msecs: int) -> None:
        self.timer.setInterval(max(msecs, 1))
        if not self.paused:
            self.timer.start()

    def pause(self) -> None:
        self.paused = True
        self.timer.stop()

    def resume(self) -> None:
        self.paused = False
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.paused and event.type() in self._ACTIVITY:
            self.timer.start()
        return False


class LockDialog(QDialog):
    """Covers the workstation until the signed-in person types the password again."""

    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setObjectName("lockDialog")
        self.setWindowTitle(tr(LOCK_CTX, "BranchCRM — Locked"))
        self.setModal(True)
        title = QLabel(tr(LOCK_CTX, "This workstation is locked"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        who = QLabel(
            tr(LOCK_CTX, "Signed in: %1 (%2)").replace("%1", actor.name).replace("%2", actor.login)
        )
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr(LOCK_CTX, "Password"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.unlock_button = QPushButton(tr(LOCK_CTX, "&Unlock"))
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(tr(LOCK_CTX, "&Sign out / switch user"))
        self.switch_button.setIcon(action_icon("sign_out"))
        self.switch_button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.switch_button.clicked.connect(self._sign_out)
        buttons = QDialogButtonBox()
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ResetRole)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.password.setFocus()

    def try_unlock(self) -> None:
        try:
            with self.db.session(self.actor) as session:
                ok = auth.verify_password(session, self.actor, self.password.text())
        except OperationalError:
            self.error.setText(tr(LOCK_CTX, "Cannot reach the database to check the password."))
            return
        if not ok:
            self.error.setText(tr(LOCK_CTX, "Wrong password."))
            self.password.clear()
            return
        self.password.clear()
        self.error.clear()
        self.accept()
        self.unlocked.emit()

    def _sign_out(self) -> None:
        self.accept()
        self.sign_out_requested.emit()

    def reject(self) -> None:
        """Escape does not unlock."""
