"""``branchcrm --user LOGIN gui --screenshot DIR``: render each main screen to a PNG."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from branchcrm.db.session import Database
from branchcrm.gui.customer_file import TAB_NAMES
from branchcrm.gui.settings import Settings
from branchcrm.gui.settings_dialog import SettingsDialog
from branchcrm.gui.signin import SignInDialog
from branchcrm.gui.workstation import Workstation
from branchcrm.services import auth
from branchcrm.services.errors import SignInError
from branchcrm.tasks import TaskRunner


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def shoot(widget: QWidget, path: Path) -> Path:
    widget.show()
    settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def _shoot_handover(page: QWidget, path: Path) -> None:
    """The departure handover dialog with the plan for the first manager previewed."""
    dialog = page.open_handover()  # type: ignore[attr-defined]
    dialog.resize(1100, 720)
    if hasattr(dialog, "preview"):
        dialog.preview()
        for _ in range(250):  # the plan is computed off the GUI thread
            if getattr(dialog, "plan", None) is not None:
                break
            time.sleep(0.02)
            settle(1)
    shoot(dialog, path)
    dialog.close()


def _shoot_import_steps(db: Database, window: QWidget, page: Any, stem: Path) -> None:
    """On the demo branch: the wizard with the sample notebook left for it, at the mapping
    and preview steps of its dry run (nothing is imported)."""
    from branchcrm.services.demo_notebooks import for_wizard

    sample = for_wizard(db)
    if sample is None:
        return
    page.add_files([sample])
    shoot(window, stem.with_name(stem.name + "-1-files.png"))
    for step, name in ((1, "2-mapping"), (2, "3-preview")):
        page.next()
        for _ in range(1500):  # the dry run reads the file off the GUI thread
            if page.handle is None and page.stack.currentIndex() == step:
                break
            time.sleep(0.02)
            settle(1)
        shoot(window, stem.with_name(f"{stem.name}-{name}.png"))
    page.back()
    page.back()


def _fill_transcription(db: Database, page: Any) -> None:
    """On the demo branch: a few rows typed into the grid, checked and matched (not saved)."""
    from branchcrm.services import demo_notebooks

    if not demo_notebooks.is_demo_branch(db):
        return
    rows = demo_notebooks.transcription_rows(db, page.actor.staff_id)
    page.model.set_cells(0, 0, rows)
    page.find_duplicates()
    settle()


def capture_all(
    db: Database,
    settings: Settings,
    runner: TaskRunner,
    out: Path,
    login: str | None,
    password: str | None,
) -> int:
    if not login or password is None:
        print("branchcrm: --screenshot needs --user LOGIN and BRANCHCRM_PASSWORD", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    sign_in = SignInDialog(db, login)
    shoot(sign_in, out / "01-sign-in.png")
    sign_in.close()
    try:
        with db.session() as session:
            actor = auth.sign_in(session, login, password)
    except SignInError as exc:
        print(f"branchcrm: {exc}", file=sys.stderr)
        return 2
    station = Workstation(db, settings, runner, idle_msecs=3_600_000)
    window = station.start(actor)
    window.resize(1366, 800)
    shoot(window, out / "02-today.png")
    window.nav.setCurrentRow(1)
    for _ in range(200):  # the filter choices arrive from a worker thread
        if window.portfolio.options_ready:
            break
        time.sleep(0.02)
        settle(1)
    shoot(window, out / "03-portfolio.png")
    written = [p.name for p in out.glob("*.png")]
    customer_id = window.portfolio.current_customer_id()
    if customer_id is None and window.portfolio.model.rows:
        customer_id = window.portfolio.model.rows[0].id
    if customer_id is None:
        customer_id = window.today.current_customer_id()
    if customer_id is not None:
        file_window = window.open_customer(customer_id)
        if file_window is not None:
            for i, name in enumerate(TAB_NAMES):
                if file_window.tabs.isTabEnabled(i):
                    file_window.tabs.setCurrentIndex(i)
                    shoot(file_window, out / f"04-customer-{i + 1}-{name}.png")
            file_window.close()
    new = window.new_customer()
    shoot(new, out / "05-new-customer.png")
    new.close()
    log = window.log_contact_for(customer_id)
    shoot(log, out / "06-log-contact.png")
    log.close()
    dialog = SettingsDialog(settings, runner, window)
    shoot(dialog, out / "07-settings.png")
    dialog.close()
    for offset, spec in enumerate(window.extra):
        window.nav.setCurrentRow(2 + offset)
        for _ in range(150):  # contributed pages load their figures off the GUI thread
            time.sleep(0.02)
            settle(1)
        shoot(window, out / f"{9 + offset:02d}-{spec.key}.png")
        page = window.extra_widgets.get(2 + offset)
        if page is not None and hasattr(page, "find_duplicates"):
            _fill_transcription(db, page)
            shoot(window, out / f"{9 + offset:02d}-{spec.key}.png")
        if page is not None and hasattr(page, "add_files"):
            _shoot_import_steps(db, window, page, out / f"{9 + offset:02d}-{spec.key}")
        if page is not None and hasattr(page, "open_handover"):
            _shoot_handover(page, out / f"{9 + offset:02d}-{spec.key}-handover.png")
    window.nav.setCurrentRow(0)
    lock = station.lock()
    if lock is not None:
        shoot(lock, out / "08-locked.png")
        station.unlock()
    window.close()
    settle()
    written = sorted(p.name for p in out.glob("*.png"))
    print("\n".join(str(out / name) for name in written))
    app = QApplication.instance()
    if app is not None:
        settle()
    return 0
