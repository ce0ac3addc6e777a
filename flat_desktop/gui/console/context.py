"""What every console tab shares: the database, the signed-in supervisor, the change feed,
and one place to tell the supervisor what happened (no modal boxes for routine errors)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from flat_desktop.db.database import Database
from flat_desktop.errors import FlatError
from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.services.context import Actor


class ConsoleContext(QObject):
    """``notice(text, is_error)`` is shown in the main window's message strip."""

    notice = Signal(str, bool)

    def __init__(self, db: Database, actor: Actor, feed: ChangeFeed | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.feed = feed if feed is not None else ChangeFeed(db, self)

    def tell(self, text: str) -> None:
        self.notice.emit(text, False)

    def fail(self, exc: FlatError) -> None:
        self.notice.emit(str(exc), True)

    def attempt(self, fn: Callable[[], Any], done: str | None = None) -> Any:
        """Run one service call; report a FlatError plainly and return None instead of raising.

        Service calls are short local transactions, so they run on the GUI thread; the
        change feed (which polls) already runs off it.
        """
        try:
            result = fn()
        except FlatError as exc:
            self.fail(exc)
            return None
        if done:
            self.tell(done)
        self.feed.poll()  # show our own change at once, not at the next tick
        return result if result is not None else True
