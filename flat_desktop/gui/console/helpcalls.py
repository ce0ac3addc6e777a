"""Help calls: a prominent alert bar with a sound on every console, and the list of open calls.

``help_called``, ``sync_conflict`` and ``sync_refused`` ring; quiet alerts (``stuck``: a step takes long,
``speech_failed``: a station cannot speak) are listed without sound and stay out of the bar.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.events import EventType
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.i18n import _
from flat_desktop.services import help, people
from flat_desktop.services.views import EventView, HelpCallView

HELP_EVENTS = {EventType.HELP_CALLED, EventType.HELP_ANSWERED, EventType.STUCK, EventType.SYNC_CONFLICT,
               EventType.SYNC_REFUSED, EventType.SPEECH_FAILED}
RINGING = (EventType.HELP_CALLED, EventType.SYNC_CONFLICT, EventType.SYNC_REFUSED)


def conflict_reason(reason: str | None) -> str:
    """Why work done offline no longer fits its job on the server (see flat_desktop.sync.conflicts)."""
    words = {
        "reassigned": _("the job was given to someone else"),
        "withdrawn": _("the job was taken back"),
        "cancelled": _("the job was cancelled"),
        "delivered": _("the job was already delivered"),
        "held": _("the job was put on hold"),
        "unknown_job": _("the job is not on the server"),
    }
    return words.get(reason or "", reason or "")


def waited(call: HelpCallView, now: dt.datetime | None = None) -> str:
    seconds = int(((now or dt.datetime.now(dt.UTC)) - call.called_at).total_seconds())
    return _("{m} min {s} s").format(m=seconds // 60, s=seconds % 60)


class HelpCalls(QWidget):
    """Owns the open calls; the alert bar and the tab both show them."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.calls: list[HelpCallView] = []
        self.names = {w.code: w.name for w in people.workers(ctx.db)}
        self.rings = 0  # how many times the alert sounded (tests read it)
        # The bar: shown only while a real help call (not a quiet "stuck") is open.
        self.bar = QFrame()
        self.bar.setObjectName("help-bar")
        self.bar.setProperty("tone", "help")
        self.bar_text = QLabel("")
        self.bar_text.setObjectName("help-bar-text")
        self.bar_text.setWordWrap(True)
        f = self.bar_text.font()
        f.setBold(True)
        f.setPointSize(f.pointSize() + 4)
        self.bar_text.setFont(f)
        self.bar_answer = QPushButton(_("Answer"))
        self.bar_answer.setObjectName("help-bar-answer")
        self.bar_answer.setProperty("role", "help")
        bl = QHBoxLayout(self.bar)
        bl.addWidget(self.bar_text, 1)
        bl.addWidget(self.bar_answer)
        self.bar.hide()
        # The tab
        self.list = QListWidget()
        self.list.setObjectName("help-list")
        self.answer_button = QPushButton(_("Answer the selected call"))
        self.answer_button.setProperty("role", "help")
        lay = QVBoxLayout(self)
        legend = _("Open help calls (oldest first). [!] help call, [...] quiet alert: a step takes long, "
                   "or a station cannot speak.")
        lay.addWidget(QLabel(legend))
        lay.addWidget(self.list, 1)
        lay.addWidget(self.answer_button)
        self.bar_answer.clicked.connect(self.answer_oldest)
        self.answer_button.clicked.connect(self.answer_selected)
        self.list.itemActivated.connect(lambda _i: self.answer_selected())
        ctx.feed.events.connect(self.on_events)
        self._clock = QTimer(self)  # the waiting time keeps counting on screen
        self._clock.setInterval(5_000)
        self._clock.timeout.connect(self.redraw)
        self._clock.start()
        self.reload()

    def reload(self) -> None:
        self.calls = help.open_calls(self.ctx.db)
        self.redraw()

    def on_events(self, events: list[EventView]) -> None:
        if not any(e.type in HELP_EVENTS for e in events):
            return
        self.reload()
        if any(e.type in RINGING for e in events):
            self.ring()

    def ring(self) -> None:
        self.rings += 1
        QApplication.beep()
        QApplication.alert(self.window())  # flashes the task bar if the console is behind other windows

    def describe(self, c: HelpCallView) -> str:
        who = self.names.get(c.worker or "", c.worker or "-")
        kind = {"help": _("Help"), "jam": _("Machine jam"), "stuck": _("Taking long"),
                "conflict": _("Offline work on a changed job"),
                "refused": _("The server refused a station's event (kept at the station)"),
                "speech": _("The station cannot speak (the worker sees the steps only)")}.get(c.kind, c.kind)
        parts = [f"{kind}: {who}"]
        if c.kind == "conflict":
            parts.append(conflict_reason(c.reason))
        elif c.kind in ("refused", "speech") and c.reason:
            parts.append(c.reason)
        if c.job:
            parts.append(c.job + (" " + _("step {n}").format(n=c.step) if c.step else ""))
        if c.station:
            parts.append(c.station)
        parts.append(_("waiting {t}").format(t=waited(c)))
        return " · ".join(parts)

    def urgent(self) -> list[HelpCallView]:
        return [c for c in self.calls if c.kind not in help.QUIET]

    def redraw(self) -> None:
        current = self.list.currentItem().data(Qt.ItemDataRole.UserRole) if self.list.currentItem() else None
        self.list.clear()
        for c in self.calls:
            # A text mark, not colour or an emoji (station PCs may have no emoji font).
            item = QListWidgetItem(("【…】 " if c.kind in help.QUIET else "【！】 ") + self.describe(c))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
            if c.id == current:
                self.list.setCurrentItem(item)
        urgent = self.urgent()
        if urgent:
            more = _(" (+{n} more)").format(n=len(urgent) - 1) if len(urgent) > 1 else ""
            self.bar_text.setText(_("HELP CALL") + " — " + self.describe(urgent[0]) + more)
        self.bar.setVisible(bool(urgent))

    def answer(self, call_id: str) -> None:
        if self.ctx.attempt(lambda: help.answer(self.ctx.db, self.ctx.actor, call_id), _("Help call answered.")):
            self.reload()

    def answer_oldest(self) -> None:
        urgent = self.urgent()
        if urgent:
            self.answer(urgent[0].id)

    def answer_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.answer_oldest()
        else:
            self.answer(item.data(Qt.ItemDataRole.UserRole))
