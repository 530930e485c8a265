"""A real PostgreSQL outage: the banner shows, unsaved edits stay, retry brings it all back.

The workstation reaches the server through a TCP relay that the test cuts like a pulled
network cable: open connections are reset and new ones refused, until it is restored.
Nothing is mocked: psycopg, SQLAlchemy's pool (with its pre-ping) and the gateway see a
real dead socket and a real refused connection.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.engine import make_url

from branchcrm.db import models as m
from branchcrm.db import schema
from branchcrm.db.engine import make_engine
from branchcrm.db.session import Database
from branchcrm.gui.gateway import Gateway
from branchcrm.gui.main_window import MainWindow
from branchcrm.gui.settings import Settings
from branchcrm.tasks import TaskRunner
from tests.factories import make_branch

pytestmark = pytest.mark.pg


class Relay:
    """Forwards 127.0.0.1:<port> to the server until :meth:`cut`; :meth:`restore` reopens."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:  # new connections: refused (shutdown wakes the accept)
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self.lock:
            for sock in self.open:  # open connections: reset
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)


@pytest.fixture
def relay(pg_url: str) -> Iterator[Relay]:
    url = make_url(pg_url)
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    yield relay
    relay.cut()


@pytest.fixture
def pg_world(pg_url: str, relay: Relay) -> Iterator[tuple[Database, object, int]]:
    """A migrated branch on PostgreSQL, which the application reaches through the relay."""
    direct = make_engine(pg_url)
    schema.upgrade(direct)
    direct.dispose()
    through = make_url(pg_url).set(host="127.0.0.1", port=relay.port)
    db = Database(make_engine(through.render_as_string(hide_password=False)))
    branch = make_branch(db)
    customer = branch.customer(branch.m1, "张伟", mobile="13800138000")
    yield db, branch, customer
    db.dispose()


def test_pulled_cable_shows_banner_keeps_edits_and_retry_recovers(
    qtbot: QtBot,
    relay: Relay,
    pg_world: tuple[Database, object, int],
    settings: Settings,
    runner: TaskRunner,
) -> None:
    db, branch, customer_id = pg_world
    gateway = Gateway(db, branch.m1)  # type: ignore[attr-defined]
    window = MainWindow(gateway, settings, runner)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)  # the portfolio, read through the relay
    assert [r.name for r in window.portfolio.model.rows] == ["张伟"]
    file_window = window.open_customer(customer_id)
    assert file_window is not None
    qtbot.addWidget(file_window)
    file_window.start_edit()
    address = file_window.form.widgets["address"]
    address.setText("新地址")  # type: ignore[attr-defined]
    file_window.form._changed()

    relay.cut()
    assert not file_window.save()
    assert window.banner.isVisible()
    assert file_window.has_unsaved_edits() and file_window.editing
    assert address.text() == "新地址"  # type: ignore[attr-defined]
    window.portfolio.refresh()  # other screens fail quietly: an empty list, no crash
    window.today.refresh()
    assert window.banner.isVisible()

    window.banner.retry.click()  # still down: the banner stays
    assert window.banner.isVisible() and not gateway.online

    relay.restore()
    window.banner.retry.click()
    assert not window.banner.isVisible() and gateway.online
    assert [r.name for r in window.portfolio.model.rows] == ["张伟"]  # screens reloaded
    assert address.text() == "新地址"  # type: ignore[attr-defined]
    assert file_window.save()
    with db.session() as s:
        saved = s.scalar(select(m.Customer.address).where(m.Customer.id == customer_id))
    assert saved == "新地址"
