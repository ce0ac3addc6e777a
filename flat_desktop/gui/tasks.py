"""Run work off the GUI thread; the result comes back to the GUI thread as a signal.

The worker function never touches a widget; it gets plain arguments and returns plain
data (views, codes), never ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the GUI thread, which decides what to show
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    *,
    parent: QObject | None = None,
) -> None:
    """Run ``fn`` on the shared thread pool; call ``on_done(result)`` or ``on_error(exc)`` on the GUI thread."""
    relay = _Relay(parent)
    relay.done.connect(on_done)
    if on_error is not None:
        relay.failed.connect(on_error)
    relay.done.connect(relay.deleteLater)
    relay.failed.connect(relay.deleteLater)
    QThreadPool.globalInstance().start(_Task(fn, relay))
