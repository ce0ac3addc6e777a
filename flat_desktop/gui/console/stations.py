"""Station PCs and consoles: online (seen within two heartbeats) or offline since when, and who
is signed in there. Heartbeats are not events, so a timer reads the list (off the GUI thread).
Below, this PC's own printers and voice (this_pc.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.this_pc import ThisPcBox
from flat_desktop.gui.tasks import run_task
from flat_desktop.gui.widgets.row_table import row_table
from flat_desktop.i18n import _
from flat_desktop.services import stations
from flat_desktop.services.views import EventView, StationPCView

HEADERS = ("PC", "Kind", "State", "Last seen", "Signed in", "Version")
REFRESH_MS = 5000


def _ago(seconds: float) -> str:
    s = max(0, int(seconds))
    if s < 60:
        return _("{n} s ago").format(n=s)
    if s < 3600:
        return _("{n} min ago").format(n=s // 60)
    if s < 86400:
        return _("{h} h {m} min ago").format(h=s // 3600, m=s % 3600 // 60)
    return _("{n} days ago").format(n=s // 86400)


class StationsTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None, *, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[StationPCView] = []
        self.now: dt.datetime | None = None  # tests pin the clock; None: the real time
        self._busy = False
        self.summary = QLabel("")
        self.summary.setObjectName("stations_summary")
        self.summary.setWordWrap(True)
        self.table = row_table("stations", _("Station PCs and consoles"), [_(h) for h in HEADERS], single=False)
        note = QLabel(_("A PC is online when it was seen in the last {n} seconds (it reports every {beat} "
                        "seconds).").format(n=stations.ONLINE_WITHIN_S, beat=stations.HEARTBEAT_S))
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(note)
        self.this_pc = ThisPcBox(ctx)
        lay.addWidget(self.this_pc)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        ctx.feed.events.connect(self.on_events)
        self.show_rows(stations.pcs(ctx.db))

    def on_events(self, events: list[EventView]) -> None:
        if any(e.type in ("signed_in", "signed_out") for e in events):
            self.refresh()

    def refresh(self) -> None:
        """Read the list off the GUI thread (a slow server must not freeze the console)."""
        if self._busy:
            return
        self._busy = True
        db, now = self.ctx.db, self.now
        run_task(lambda: stations.pcs(db, now=now), self._got, self._failed, parent=self)

    def _got(self, rows: list[StationPCView]) -> None:
        self._busy = False
        self.show_rows(rows)

    def _failed(self, exc: Exception) -> None:
        self._busy = False  # the window's strip already says when the database does not answer

    def reload_now(self) -> None:
        """Read on the GUI thread (tests, and right after the tab is shown)."""
        self.show_rows(stations.pcs(self.ctx.db, now=self.now))

    def show_rows(self, rows: list[StationPCView]) -> None:
        self.rows = rows
        now = self.now or dt.datetime.now(dt.UTC)
        kinds = {"station": _("Station"), "console": _("Console"), "cli": _("Command line")}
        self.table.setRowCount(len(rows))
        for i, pc in enumerate(rows):
            if pc.online:
                state = _("Online")
            elif pc.last_seen is None:
                state = _("Offline (never seen)")
            else:
                state = _("Offline since {time}").format(time=pc.last_seen.astimezone().strftime("%m-%d %H:%M"))
            seen = _ago((now - pc.last_seen).total_seconds()) if pc.last_seen else ""
            values = (pc.name, kinds.get(pc.kind, pc.kind), state, seen, ", ".join(pc.signed_in) or "—",
                      pc.version)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, pc.name)
                if not pc.online:
                    f = item.font()
                    f.setBold(True)  # offline stands out without colour
                    item.setFont(f)
                self.table.setItem(i, c, item)
        self.table.resizeColumnsToContents()
        online = sum(1 for pc in rows if pc.online)
        self.summary.setText(_("{online} of {total} PCs online.").format(online=online, total=len(rows)))

    def row_of(self, name: str) -> StationPCView | None:
        return next((pc for pc in self.rows if pc.name == name), None)
