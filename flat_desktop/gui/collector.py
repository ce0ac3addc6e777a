"""Python's cycle collector runs on the GUI thread only.

Left to itself, the collector runs in whatever thread allocates when a generation is due: often
a worker thread of the pool reading the database. A cycle freed there may hold a widget (a
Python object that refers to a window which refers back to it), and Qt then destroys the widget
off its thread: its timers cannot be stopped there ("QBasicTimer::stop: Failed") and the GUI thread
later fires a dead timer and crashes. So automatic collection is switched off, and the GUI
thread collects the generations that are due, once a second and whenever ``collect_due`` is
called. Objects without cycles still go at once, by reference counting, as always.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer

INTERVAL_MS = 1000
TIMER_NAME = "flat-cycle-collector"  # the one timer that runs for the whole program

_timer: QTimer | None = None


def collect_due() -> int:
    """Collect the generations Python itself would have collected by now (its own thresholds);
    returns how many objects were found unreachable. Call on the GUI thread."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):  # the oldest one due, as Python's own rule picks it
        if counts[generation] > thresholds[generation]:
            return gc.collect(generation)
    return 0


def take_over(app: QCoreApplication) -> None:
    """From now on only ``app``'s thread collects cycles (once per program; harmless again)."""
    global _timer
    gc.disable()
    if _timer is None or not shiboken6.isValid(_timer):
        _timer = QTimer(app)
        _timer.setObjectName(TIMER_NAME)
        _timer.setInterval(INTERVAL_MS)
        _timer.timeout.connect(collect_due)
        _timer.start()
