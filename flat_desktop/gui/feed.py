"""The GUI side of the change feed: tells screens which events happened since they last looked.

On SQLite (one PC, or a station's local cache) this is a cheap check of the event sequence
every ``interval_ms``; only when it moved are the new events read and emitted. On PostgreSQL
a background thread LISTENs for the notification each committing transaction sends and
wakes the feed at once; the timer stays as a slow safety net, and after every reconnect
the feed catches up by ``seq > last_seen`` (notifications sent while away are lost).
Reading always runs on a worker thread, so a slow or lost database never freezes the window.
``wake()`` may be called from any thread (a station's sync engine calls it after it wrote
server changes into the cache).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from flat_desktop.db.database import Database
from flat_desktop.errors import FlatError
from flat_desktop.gui.tasks import run_task, stop_tasks
from flat_desktop.services import changes
from flat_desktop.services.views import EventView
from flat_desktop.sync.listener import Listener

LISTEN_FALLBACK_MS = 2000  # the timer's interval when notifications do the real work


class ChangeFeed(QObject):
    """Signals: ``events(list[EventView])`` new events in seq order; ``online(bool)`` when
    the database stops or starts answering."""

    events = Signal(list)
    online = Signal(bool)
    _woken = Signal()  # from any thread; delivered on the feed's thread
    _listening = Signal(bool)

    def __init__(self, db: Database, parent: QObject | None = None, *, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.db = db
        self.seq = changes.last_seq(db)
        self._busy = False
        self._again = False
        self._online = True
        self._listener: Listener | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms if db.is_sqlite else max(interval_ms, LISTEN_FALLBACK_MS))
        self._timer.timeout.connect(self.poll)
        self._woken.connect(self.poll)
        self._listening.connect(self._listen_state)

    def start(self) -> None:
        self._timer.start()
        if not self.db.is_sqlite and self._listener is None:
            # The callbacks only emit signals: Qt queues them to this object's thread.
            self._listener = Listener(self.db.url, lambda _seq: self._woken.emit(), self._listening.emit)
            self._listener.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        stop_tasks(self)  # a read still under way reports to nobody
        self._busy = False

    def wake(self) -> None:
        """Look now (thread-safe)."""
        self._woken.emit()

    @Slot()
    def poll(self) -> None:
        """Look for new events now (also called by a screen right after its own action)."""
        if self._busy:
            self._again = True  # a wake-up during a read must not be lost
            return
        self._busy = True
        self._again = False
        seq = self.seq
        db = self.db
        run_task(lambda: changes.since(db, seq), self._got, self._failed, parent=self)

    def _got(self, new: list[EventView]) -> None:
        self._busy = False
        # With a listener, it says whether the server is reached: a read that began before the
        # connection was lost may still succeed after the listener said so, and must not undo it
        # (the listener's return triggers a read that says online again).
        listening = self._listener is None or self._listener.online
        if not self._online and listening:
            self._online = True
            self.online.emit(True)
        if new:
            self.seq = max(self.seq, new[-1].seq)
            self.events.emit(new)
        if self._again or len(new) >= 500:
            self.poll()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        if self._online and isinstance(exc, FlatError | OSError):
            self._online = False
            self.online.emit(False)

    def _listen_state(self, up: bool) -> None:
        if up:
            self.poll()  # catch up on what was missed; a successful read says online
        elif self._online:
            self._online = False
            self.online.emit(False)
