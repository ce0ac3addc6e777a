"""A stopgap against a reference-count bug: PySide6 6.12 on Python 3.11 drops a reference to
``None`` on every call of a QPainter method that returns nothing (setPen, drawRect, ...).

Python before 3.12 aborts the process ("none_dealloc") once ``None``'s count reaches zero,
which a station painting its dwell bar ten times a second reaches within minutes. Until the
dependency is pinned to a release without the bug (or Python is 3.12+, where ``None`` is
immortal), the station raises ``None``'s count on a timer whenever it runs low. The count is
raised in place (CPython keeps it in the object's first field), so no memory is held and
nothing is given back at exit, when freeing a bank of references would trip the same abort.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

LOW_WATER = 500_000
TOP_UP = 1_000_000
CHECK_MS = 1000

def needed() -> bool:
    return sys.version_info < (3, 12)


def top_up() -> int:
    """Add references while ``None``'s count is low; returns its count afterwards."""
    if sys.getrefcount(None) < LOW_WATER:
        ctypes.c_ssize_t.from_address(id(None)).value += TOP_UP
    return sys.getrefcount(None)


def install(parent: QObject) -> QTimer | None:
    """Start topping up (only where the interpreter can deallocate ``None``)."""
    if not needed():
        return None
    top_up()
    timer = QTimer(parent)
    timer.setInterval(CHECK_MS)
    timer.timeout.connect(top_up)
    timer.start()
    return timer
