"""A small task runner in the style of Orange3's ``concurrent`` and Anki's ``taskman``.

Work is a plain function that receives a :class:`TaskState`: it reports progress and checks
for cancellation, and knows nothing of Qt. The runner executes it on a ``QThreadPool`` thread
and delivers progress, the result or the error back on the GUI thread through queued signals.
Only QtCore is used here: no widgets below ``gui/``.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside a task by :meth:`TaskState.check` after cancel was requested."""


class TaskState:
    """Shared between the task (worker thread) and the GUI: progress out, cancel in."""

    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress; raises :class:`Cancelled` when the user asked to stop."""
        if self._on_progress is not None:
            self._on_progress(done, total, text)
        self.check()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()


class TaskHandle(QObject):
    """Lives on the GUI thread; its signals arrive there whatever thread emits them."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.signals = _Signals(self)
        self.signals.progress.connect(self.progress)
        self.signals.finished.connect(self._on_finished)
        self.signals.failed.connect(self._on_failed)
        self.signals.cancelled.connect(self._on_cancelled)
        self.state = TaskState(self.signals.progress.emit)
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self.state.cancel()

    def _on_finished(self, result: object) -> None:
        self.done, self.result = True, result
        self.finished.emit(result)

    def _on_failed(self, error: object, text: str) -> None:
        self.done = True
        self.error = error if isinstance(error, BaseException) else None
        self.failed.emit(error, text)

    def _on_cancelled(self) -> None:
        self.done = True
        self.cancelled.emit()


class _Job(QRunnable):
    def __init__(self, handle: TaskHandle, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._signals = handle.signals
        self._state = handle.state
        self._fn = fn
        self._args = args

    def run(self) -> None:
        try:
            result = self._fn(*self._args, state=self._state)
        except Cancelled:
            self._signals.cancelled.emit()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._signals.failed.emit(exc, "".join(traceback.format_exception(exc)))
        else:
            if self._state.cancelled:
                self._signals.cancelled.emit()
            else:
                self._signals.finished.emit(result)


class TaskRunner(QObject):
    """Runs tasks on its own thread pool; ``wait()`` is for shutdown and tests."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._handles: set[TaskHandle] = set()

    def submit(self, fn: Callable[..., Any], *args: Any) -> TaskHandle:
        """Run ``fn(*args, state=TaskState)`` off the GUI thread."""
        handle = TaskHandle(self)
        self._handles.add(handle)
        for signal in (handle.finished, handle.failed, handle.cancelled):
            signal.connect(lambda *_a, h=handle: self._handles.discard(h))
        self.pool.start(_Job(handle, fn, args))
        return handle

    def cancel_all(self) -> None:
        for handle in list(self._handles):
            handle.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self.pool.waitForDone(msecs))
