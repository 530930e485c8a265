"""Parse untrusted files in a child process with a memory cap and a deadline.

A hostile or broken file (zip bomb, a cell at XFD1048576, a fuzzed BIFF record) may make a
parser allocate gigabytes, loop, or abort the interpreter. In a child process under
``RLIMIT_AS`` that only ends the child, and the parent reports one line naming the file.
Rows stream back in chunks while the parent already normalizes them (two cores busy).
Each child is forked from a reader server that has the readers loaded already (POSIX; see
:func:`start_reader_server`), or spawned afresh where that is not possible.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from branchcrm.importers.readers.base import FileInfo, ReadError, SheetInfo

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MEMORY_MB = 1536
CHUNK_ROWS = 2_000

# Where POSIX allows, the reader children are forked from a server process that has already
# imported what they need (:mod:`.preload`); a frozen bundle, Windows and anything without
# the forkserver start method spawn each child afresh, as before.
FORKSERVER = (
    os.name == "posix"
    and not getattr(sys, "frozen", False)
    and "forkserver" in mp.get_all_start_methods()
)
_PRELOAD = ["branchcrm.importers.readers.preload"]
# The last reader child's own peak memory (MB), from its last message: a figure for the
# benchmark, which cannot see a grandchild's through getrusage.
last_child_peak_mb: float | None = None


def _context() -> Any:
    if FORKSERVER:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return mp.get_context("spawn")


def start_reader_server(*, wait: bool = False) -> None:
    """Start the reader server now, in the background (or ``wait`` until it can fork a
    reader), so that the first file is read without waiting for it: the GUI calls this when
    the import wizard opens, the command line when an import command starts. Without it the
    first read starts the server. Nothing happens where children are spawned (see
    :data:`FORKSERVER`)."""
    if not FORKSERVER or _READY.is_set():  # once a session: each show of the wizard asks
        return
    if wait:
        _ready()
        return
    threading.Thread(target=_ready, name="branchcrm-reader-server", daemon=True).start()


_READY = threading.Event()


def _ready() -> None:
    """Start the server and fork one child that does nothing: it comes back once the
    server has loaded what the readers need."""
    try:
        proc = _context().Process(target=_nothing, daemon=True, name="branchcrm-read-ready")
        _start_bare(proc)
    except (OSError, EOFError):
        return  # no server: each read then starts its own child (see _read_in_child)
    proc.join(60)
    _READY.set()


def _nothing() -> None:
    """A reader child that reads nothing (see _ready)."""


def fast_engine_available() -> bool:
    """Whether python-calamine is installed (it is optional: openpyxl always works)."""
    import importlib.util

    return importlib.util.find_spec("python_calamine") is not None


def read_any(path: Path, emit: Any, engine: str = "openpyxl") -> None:
    """Sniff the real format and run its reader in this process (the child calls this).
    For .xlsx, ``engine="stream"`` is the streaming reader (:mod:`.xlsx_stream`), ``"fast"``
    python-calamine (only ever inside a sandboxed child), anything else openpyxl."""
    from branchcrm.importers.readers.sniff import sniff

    kind = sniff(path)
    if kind == "xlsx" and engine == "stream":
        from branchcrm.importers.readers.xlsx_stream import read_xlsx_stream

        read_xlsx_stream(path, emit)
    elif kind == "xlsx" and engine == "fast":
        from branchcrm.importers.readers.xlsx_fast import read_xlsx_fast

        read_xlsx_fast(path, emit)
    elif kind == "xlsx":
        from branchcrm.importers.readers.xlsx import read_xlsx

        read_xlsx(path, emit)
    elif kind == "xls":
        from branchcrm.importers.readers.xls import read_xls

        read_xls(path, emit)
    elif kind == "html":
        from branchcrm.importers.readers.html import read_html

        read_html(path, emit)
    elif kind == "xml2003":
        from branchcrm.importers.readers.html import read_xml2003

        read_xml2003(path, emit)
    else:
        from branchcrm.importers.readers.text import read_text

        read_text(path, emit)


def _peak_mb() -> float | None:
    try:
        import resource
    except ImportError:
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _child(
    path: str,
    conn: Connection,
    memory_mb: int,
    chunk_rows: int,
    engine: str,
    digest: dict[str, Any] | None,
) -> None:
    if memory_mb and sys.platform.startswith("linux"):
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    warnings.simplefilter("ignore")
    devnull = os.open(os.devnull, os.O_WRONLY)  # parsers that print must not pollute --json
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    name = Path(path).name
    batch: list[Any] = []

    def send(event: object) -> None:
        """Rows (raw, or packed records in digest mode) go in chunks; other events alone."""
        nonlocal batch
        if isinstance(event, tuple):
            batch.append(event)
            if len(batch) >= chunk_rows:
                conn.send(("rows", batch))
                batch = []
            return
        if batch:
            conn.send(("rows", batch))
            batch = []
        conn.send(("event", event))

    emit: Any = send
    finish: Any = None
    if digest is not None:
        # The records are plain values without cycles; the cycle collector would only scan
        # them again and again (measured: 0.5-0.8 s of a 4.5 s read of 50,000 rows). This
        # process ends with the file, and its memory limit still holds.
        gc.disable()
        from branchcrm.importers.digest import Digest, pack
        from branchcrm.importers.namekeys import name_keys
        from branchcrm.importers.rows import RowRecord

        # pypinyin's dictionaries load (a second) while the file is being parsed.
        threading.Thread(target=name_keys, args=("王丽",), daemon=True).start()

        def out(obj: object) -> None:
            if isinstance(obj, RowRecord):
                if obj.name:
                    obj.keys = name_keys(obj.name)
                send(pack(obj))
            else:
                send(obj)

        digester = Digest(
            name,
            out,
            saved=digest.get("saved"),
            today=digest.get("today"),
            handoff=int(digest.get("handoff", 0)),
            name_keys=name_keys,
        )
        emit, finish = digester.feed, digester.finish

    try:
        read_any(Path(path), emit, engine)
        if finish is not None:
            finish()
        if batch:
            conn.send(("rows", batch))
        conn.send(("done", _peak_mb()))
    except ReadError as exc:
        conn.send(("error", (exc.code, str(exc))))
    except MemoryError:
        batch = []
        conn.send(
            (
                "error",
                (
                    "memory",
                    f"{name}: needs more memory than a notebook may use ({memory_mb} MB); refused",
                ),
            )
        )
    except RecursionError:
        conn.send(("error", ("corrupt", f"{name}: nested too deeply to be a spreadsheet")))
    except BaseException as exc:
        conn.send(("error", ("corrupt", f"{name}: damaged or unsupported file ({_one_line(exc)})")))
    finally:
        conn.close()


PIPE_BYTES = 1 << 20


def _widen(conn: Connection) -> None:
    """Let the child run chunks ahead of this process (Linux: a 1 MB pipe instead of 64 KB).

    A chunk of rows is 100-200 KB: through the default pipe the child could not send the next
    one before this process had taken the last one, and the two took turns instead of working
    at once (measured on 50,000 rows: reading took 3.05 s instead of 2.85 s)."""
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or the system's limit is lower: the default pipe works, slower


def read_file(
    path: Path,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    chunk_rows: int = CHUNK_ROWS,
    engine: str = "auto",
    digest: dict[str, Any] | None = None,
) -> Iterator[object]:
    """Yield FileInfo, SheetInfo, ``list[Row]`` chunks and SheetEnd; raise :class:`ReadError`.

    ``engine="auto"`` reads .xlsx with the streaming reader (:mod:`.xlsx_stream`: flat
    memory, rows at once); if that child dies or fails before it has sent a row or ended a
    sheet, the file is read again with openpyxl in a fresh child. ``"fast"`` (python-calamine)
    falls back the same way; ``"openpyxl"`` forces that engine alone. With ``digest``
    (``saved`` mappings and ``today``) the child also finds the tables and normalizes the rows
    (:class:`branchcrm.importers.digest.Digest`): it yields FileInfo, lists of packed
    records and SheetDone instead."""
    path = Path(path)
    if not path.is_file():
        raise ReadError("not_found", f"{path.name}: no such file")
    if engine == "auto":
        engine = "stream"
    if engine not in FALLBACK_FROM:
        yield from _read_in_child(path, timeout_s, memory_mb, chunk_rows, engine, digest)
        return
    started = time.monotonic()
    # FileInfo and SheetInfo are held back until a row or a sheet's end follows: a failure
    # before that leaves nothing behind, so the file can still be read with openpyxl.
    held: list[object] = []
    begun = False
    try:
        for event in _read_in_child(path, timeout_s, memory_mb, chunk_rows, engine, digest):
            if not begun:
                if isinstance(event, FileInfo | SheetInfo):
                    held.append(event)
                    continue
                begun = True
                yield from held
                held = []
            yield event
    except ReadError as exc:
        if begun or exc.code not in FALLBACK_CODES:
            raise
        left = max(timeout_s - (time.monotonic() - started), 1.0)
        yield from _read_in_child(path, left, memory_mb, chunk_rows, "openpyxl", digest)
        return
    yield from held


# Engines whose failures are retried with openpyxl.
FALLBACK_FROM = frozenset({"stream", "fast"})
# Failures of those engines that the openpyxl reader may get past (not refusals).
FALLBACK_CODES = frozenset({"crash", "corrupt", "memory"})


def _launch(ctx: Any, path: str, args: tuple[Any, ...]) -> tuple[Connection, Any]:
    """A started reader child of ``path`` (``args``: the rest of :func:`_child`'s) and the end
    of the pipe its events come through."""
    receiver, sender = ctx.Pipe(duplex=False)
    _widen(receiver)
    proc = ctx.Process(
        target=_child,
        args=(path, sender, *args),
        daemon=True,
        name=f"branchcrm-read-{os.getpid()}",
    )
    try:
        _start_bare(proc)
    except BaseException:
        receiver.close()
        raise
    finally:
        sender.close()
    return receiver, proc


def _read_in_child(
    path: Path,
    timeout_s: float,
    memory_mb: int,
    chunk_rows: int,
    engine: str,
    digest: dict[str, Any] | None,
) -> Iterator[object]:
    global last_child_peak_mb
    args = (memory_mb, chunk_rows, engine, digest)
    try:
        receiver, proc = _launch(_context(), str(path), args)
    except (OSError, EOFError):
        if not FORKSERVER:
            raise
        # The reader server could not be started or reached: a child of our own, then.
        receiver, proc = _launch(mp.get_context("spawn"), str(path), args)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ReadError(
                    "timeout", f"{path.name}: reading took longer than {timeout_s:.0f} s; stopped"
                )
            if not receiver.poll(min(remaining, 0.5)):
                if not proc.is_alive() and not receiver.poll(0):
                    raise _died(path, proc)
                continue
            try:
                kind, payload = receiver.recv()
            except EOFError:
                proc.join(2)
                raise _died(path, proc) from None
            if kind == "rows" or kind == "event":
                yield payload
            elif kind == "error":
                code, message = payload
                raise ReadError(code, message)
            else:
                last_child_peak_mb = payload
                return
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)


_MAIN_LOCK = threading.Lock()


def _start_bare(proc: Any) -> None:
    """Start a spawned child without running the parent's main module in it.

    ``spawn`` re-imports ``__main__`` in every child (the CLI, the GUI, a benchmark: with
    SQLAlchemy, Qt...), which costs the reader half a second and tens of MB before the
    first row. The child needs nothing from it (its target lives in this module), so the
    main module is hidden from multiprocessing while the child's start-up data is taken."""
    main = sys.modules.get("__main__")
    if main is None:
        proc.start()
        return
    with _MAIN_LOCK:
        missing = object()
        saved = {k: main.__dict__.get(k, missing) for k in ("__file__", "__spec__")}
        try:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
            proc.start()
        finally:
            for key, value in saved.items():
                if value is missing:
                    main.__dict__.pop(key, None)
                else:
                    main.__dict__[key] = value


def _died(path: Path, proc: Any) -> ReadError:
    code = proc.exitcode
    return ReadError(
        "crash",
        f"{path.name}: the reader stopped on this file (exit {code}); "
        "it is damaged or needs more memory than allowed",
    )
