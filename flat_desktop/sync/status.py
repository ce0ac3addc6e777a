"""What a station shows about its link to the server: online / offline / N waiting to send."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flat_desktop.i18n import _


@dataclass(frozen=True)
class SyncStatus:
    online: bool = False
    waiting: int = 0  # events made here that the server has not confirmed yet
    synced: bool = False  # the cache has been filled from the server at least once
    last_contact: dt.datetime | None = None
    error: str | None = None  # the last failure that was not a lost connection (for the log)
    refused: int = 0  # events the server refused, set aside here (kept; the consoles are told)

    def text(self) -> str:
        """A short, calm line for the status strip (plain words; the work is never at risk)."""
        line = self._link_text()
        if self.refused:
            line += " " + _("{n} not accepted by the server, kept on this PC. A supervisor is told.").format(
                n=self.refused
            )
        return line

    def _link_text(self) -> str:
        if self.online:
            if self.waiting:
                return _("Online. Sending {n}.").format(n=self.waiting)
            return _("Online")
        if not self.synced:
            return _("Not connected yet. Waiting for the server.")
        if self.waiting:
            return _("Offline. {n} waiting to send. Your work is saved on this PC.").format(n=self.waiting)
        return _("Offline. Your work is saved on this PC.")
