"""The Qt binding must not leak or steal references over a long working day.

PySide6 6.12.0 on Python 3.11 took one reference away from ``None`` on every call that returns
nothing; after some tens of thousands of calls the interpreter aborted (``none_dealloc``). The
check runs in a child process so that a regression fails this test instead of killing pytest.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import sys
from PySide6.QtCore import QObject
o = QObject()
before = sys.getrefcount(None)
for _ in range(100_000):
    o.setObjectName("x")
print(before - sys.getrefcount(None))
"""


def test_a_hundred_thousand_void_qt_calls_leave_none_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lost = int(done.stdout.strip())
    assert abs(lost) < 100, f"None lost {lost} references in 100,000 calls"
