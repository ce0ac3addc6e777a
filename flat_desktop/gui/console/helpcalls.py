"""Help calls: a prominent alert bar with a sound on every console, and the list of open calls.

``help_called``, ``sync_conflict`` and ``sync_refused`` ring; quiet alerts (``stuck``: a step takes long,
``speech_failed``: a station cannot speak) are listed without sound and stay out of the bar.

The bar names the newest caller (the one who just rang); a call left unanswered for
``ctx.help_remind_s`` rings again on every console and takes the bar until it is answered.
Answering asks how the call ended and for a note (``help_answer.AnswerDialog``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
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
from flat_desktop.gui.console.help_answer import AnswerDialog
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
        self.reminded: dict[str, int] = {}  # call id -> how many reminder intervals have rung
        self.reminding: str | None = None  # the call that rang again: it holds the bar until answered
        self.answering: AnswerDialog | None = None
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
        self.bar_answer.clicked.connect(self.answer_shown)
        self.answer_button.clicked.connect(self.answer_selected)
        self.list.itemActivated.connect(lambda _i: self.answer_selected())
        ctx.feed.events.connect(self.on_events)
        self._clock = QTimer(self)  # the waiting time keeps counting on screen
        self._clock.setInterval(5_000)
        self._clock.timeout.connect(self.tick)
        self._clock.start()
        self.reload()

    def reload(self) -> None:
        self.calls = help.open_calls(self.ctx.db)
        self.redraw()

    def on_events(self, events: list[EventView]) -> None:
        if not any(e.type in HELP_EVENTS for e in events):
            return
        if any(e.type in RINGING for e in events):
            self.reminding = None  # the bar names whoever just called
        self.reload()
        if any(e.type in RINGING for e in events):
            self.ring()

    def ring(self) -> None:
        self.rings += 1
        QApplication.beep()
        QApplication.alert(self.window())  # flashes the task bar if the console is behind other windows

    def tick(self, now: dt.datetime | None = None) -> None:
        """The clock's slot: waiting times move on, and calls waiting too long ring again."""
        self.redraw(now)
        self.remind(now)

    def remind(self, now: dt.datetime | None = None) -> list[str]:
        """Ring again for every call unanswered for another ``help_remind_s``; returns their ids.

        Each console keeps its own count, so every console rings (the call's time is the
        database's, the same for all)."""
        now = now or dt.datetime.now(dt.UTC)
        every = max(1.0, float(self.ctx.help_remind_s))
        due: list[HelpCallView] = []
        for c in self.urgent():
            if self.answering is not None and self.answering.call_id == c.id:
                continue  # being answered here right now: no ring in the supervisor's ear
            rounds = int((now - c.called_at).total_seconds() // every)
            if rounds >= 1 and rounds > self.reminded.get(c.id, 0):
                self.reminded[c.id] = rounds
                due.append(c)
        if due:
            self.reminding = due[0].id  # the longest waiting of them
            self.redraw(now)
            self.ring()
        return [c.id for c in due]

    def describe(self, c: HelpCallView, now: dt.datetime | None = None) -> str:
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
        parts.append(_("waiting {t}").format(t=waited(c, now)))
        return " · ".join(parts)

    def urgent(self) -> list[HelpCallView]:
        return [c for c in self.calls if c.kind not in help.QUIET]

    def shown(self) -> HelpCallView | None:
        """The call the bar names: one that rang again while unanswered, else the newest."""
        urgent = self.urgent()
        again = [c for c in urgent if c.id == self.reminding]
        if again:
            return again[0]
        return max(urgent, key=lambda c: c.called_at) if urgent else None

    def redraw(self, now: dt.datetime | None = None) -> None:
        current = self.list.currentItem().data(Qt.ItemDataRole.UserRole) if self.list.currentItem() else None
        self.list.clear()
        for c in self.calls:
            # A text mark, not colour or an emoji (station PCs may have no emoji font).
            item = QListWidgetItem(("【…】 " if c.kind in help.QUIET else "【！】 ") + self.describe(c, now))
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
            if c.id == current:
                self.list.setCurrentItem(item)
        urgent = self.urgent()
        shown = self.shown()
        if shown is not None:
            more = _(" (+{n} more)").format(n=len(urgent) - 1) if len(urgent) > 1 else ""
            head = _("STILL WAITING") if shown.id == self.reminding else _("HELP CALL")
            self.bar_text.setText(head + " — " + self.describe(shown, now) + more)
        self.bar.setVisible(shown is not None)

    def answer(self, call_id: str) -> AnswerDialog:
        """Ask how the call ended (not blocking the console); Enter in the dialog records it."""
        if self.answering is not None:
            self.answering.close()
        call = next((c for c in self.calls if c.id == call_id), None)
        dlg = AnswerDialog(self.describe(call) if call else "", call_id, self.window())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda result, d=dlg: self._answered(call_id, d, result))
        self.answering = dlg
        dlg.open()
        return dlg

    def _answered(self, call_id: str, dlg: AnswerDialog, result: int) -> None:
        if self.answering is dlg:
            self.answering = None
        if result != QDialog.DialogCode.Accepted:
            return
        outcome, note = dlg.outcome(), dlg.note()
        if self.ctx.attempt(lambda: help.answer(self.ctx.db, self.ctx.actor, call_id, outcome=outcome, note=note),
                            _("Help call answered.")):
            if self.reminding == call_id:
                self.reminding = None
            self.reminded.pop(call_id, None)
            self.reload()

    def answer_shown(self) -> AnswerDialog | None:
        """The bar's Answer: the call the bar names."""
        shown = self.shown()
        return self.answer(shown.id) if shown is not None else None

    def answer_selected(self) -> AnswerDialog | None:
        item = self.list.currentItem()
        if item is None:
            return self.answer_shown()
        return self.answer(item.data(Qt.ItemDataRole.UserRole))
