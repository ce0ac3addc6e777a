"""The GUI side of the change feed: tells screens which events happened since they last looked.

On one PC this is a cheap check of the event sequence (one indexed ``max(seq)`` query)
every ``interval_ms``; only when it moved are the new events read and emitted. The
check runs on a worker thread, so a slow or lost database never freezes the window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from flat_desktop.db.database import Database
from flat_desktop.errors import FlatError
from flat_desktop.gui.tasks import _Relay, _Task
from flat_desktop.services import changes
from flat_desktop.services.views import EventView


class ChangeFeed(QObject):
    """Signals: ``events(list[EventView])`` new events in seq order; ``online(bool)`` when
    the database stops or starts answering."""

    events = Signal(list)
    online = Signal(bool)

    def __init__(self, db: Database, parent: QObject | None = None, *, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.db = db
        self.seq = changes.last_seq(db)
        self._busy = False
        self._online = True
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        """Look for new events now (also called by a screen right after its own action)."""
        if self._busy:
            return
        self._busy = True
        seq = self.seq
        relay = _Relay(self)
        relay.done.connect(self._got)
        relay.failed.connect(self._failed)
        QThreadPool.globalInstance().start(_Task(lambda: changes.since(self.db, seq), relay))

    def _got(self, new: list[EventView]) -> None:
        self._busy = False
        self.sender().deleteLater()
        if not self._online:
            self._online = True
            self.online.emit(True)
        if new:
            self.seq = max(self.seq, new[-1].seq)
            self.events.emit(new)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.sender().deleteLater()
        if self._online and isinstance(exc, FlatError | OSError):
            self._online = False
            self.online.emit(False)
