"""The thin Qt side of a station link: its status as a signal on the GUI thread, and the
station's ChangeFeed woken the moment server changes are in the cache."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Signal

from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.sync.station_link import StationLink
from flat_desktop.sync.status import SyncStatus


class SyncRelay(QObject):
    """``status(SyncStatus)`` arrives on the GUI thread (queued from the sync thread)."""

    status = Signal(object)

    def __init__(self, link: StationLink, feed: ChangeFeed | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.link = link
        link.on_status(self._emit)
        if feed is not None:
            link.on_change(feed.wake)

    def current(self) -> SyncStatus:
        return self.link.status()

    def _emit(self, status: SyncStatus) -> None:
        with contextlib.suppress(RuntimeError):  # the window (and this relay) is gone during shutdown
            self.status.emit(status)
