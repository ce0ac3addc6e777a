"""My jobs: the signed-in worker's jobs as big cards; arrows choose, Enter starts.

Every job has a card (they scroll at large text sizes), so the number said aloud is the
number of cards. The chosen card, first the most urgent one, is marked three ways at once:
the words "▶ Next", a pointing hand and a thick frame; it also has the keyboard focus, so a
screen reader and the eye agree on which job Enter starts.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from flat_desktop import japanese
from flat_desktop.gui.station.parts import (
    Screen,
    big_label,
    capped_font,
    help_button,
    icon_label,
    ink,
    press,
    ruby_label,
    scale_font,
    scroller,
    set_icon,
)
from flat_desktop.gui.style import current_text_pt, current_theme
from flat_desktop.gui.widgets import BigButton
from flat_desktop.i18n import _
from flat_desktop.linebreak import NO_BREAK_SPACE
from flat_desktop.services.views import JobView
from flat_desktop.station import voice
from flat_desktop.themes import icon_colour

STATUS_WORDS = {"in_progress": "Working", "paused": "On a break", "assigned": "New"}


def due_text(due: dt.datetime | None) -> str:
    if due is None:
        return _("No deadline")
    local = (due if due.tzinfo else due.replace(tzinfo=dt.UTC)).astimezone()
    # Another day's deadline names the day, so "00:50" is never mistaken for today.
    shown = (local.strftime("%H:%M") if local.date() == dt.date.today()
             else f"{local.month}/{local.day}{NO_BREAK_SPACE}{local:%H:%M}")  # one unit when lines wrap
    return _("By {time}").format(time=shown)


class JobCard(QFrame):
    """Signal ``focused()``: the card got the keyboard focus by itself (Tab, a click), so the
    screen makes it the chosen one and the mark follows the focus."""

    focused = Signal()

    def __init__(self, job: JobView, parent: QWidget | None = None, *, furigana: bool = True) -> None:
        super().__init__(parent)
        self.job = job
        self.chosen = False
        self.setObjectName("jobCard")
        # Focus follows the choice (the screen sets it); the keys themselves go to the screen.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        pt = current_text_pt()
        self._pointer = icon_label("fa6s.hand-point-right", int(pt * 1.1), parent=self)
        colour = icon_colour(current_theme(), job.type_colour)  # the type's hue, seen on this card
        icon = icon_label(job.type_icon or "fa6s.briefcase", int(pt * 1.4), colour, self, says=job.type_name)
        self._next = big_label("▶ " + _("Next"), 0.55, bold=True, parent=self)
        keep = self._next.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # a card keeps its height when the choice moves on
        self._next.setSizePolicy(keep)
        self._words = [job.type_name, f"{job.quantity}{NO_BREAK_SPACE}{job.unit}", due_text(job.due),
                       _(STATUS_WORDS.get(job.status, "New"))]
        # The title and the job type with their stored readings, the unit with the analyser's.
        self.title = ruby_label(job.title_markup, 0.85, bold=True, parent=self)
        self.detail = ruby_label(japanese.complete_markup("  ·  ".join([job.type_markup, *self._words[1:]])), 0.55,
                                 parent=self)
        # A job sent back after its check says what to redo on its card (and when it starts).
        rework = voice.rework_notice(job)
        self.rework = ruby_label(japanese.complete_markup(rework), 0.55, bold=True, parent=self) if rework else None
        if rework:
            self._words.append(rework)
        for label in (self.title, self.detail, self.rework):
            if label is not None:
                label.set_show_furigana(furigana)
                ink(label, current_theme().card_text)
        texts = QVBoxLayout()
        texts.addWidget(self._next)
        texts.addWidget(self.title)
        texts.addWidget(self.detail)
        if self.rework is not None:
            texts.addWidget(self.rework)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 12, 20, 12)
        row.addWidget(self._pointer)
        row.addWidget(icon)
        row.addSpacing(16)
        row.addLayout(texts, 1)
        self.set_chosen(False)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.chosen:
            self.focused.emit()

    def set_chosen(self, chosen: bool) -> None:
        self.chosen = chosen
        t = current_theme()
        width = 10 if chosen else 3
        colour = t.focus_ring if chosen else t.muted_text
        self.setStyleSheet(f"#jobCard {{ background: {t.card_bg}; border: {width}px solid {colour};"
                           f" border-radius: 16px; }} #jobCard QLabel {{ color: {t.card_text}; }}")
        # The hand and the words show only on the chosen card: the choice is a shape and a
        # word, not only a colour; a screen reader is told too (the hand itself is skipped).
        self.setAccessibleDescription(_("Chosen") if chosen else "")
        if chosen:
            set_icon(self._pointer, "fa6s.hand-point-right", int(current_text_pt() * 1.1), t.focus_ring)
        else:
            self._pointer.clear()
            self._pointer.setProperty("station_icon", None)
        self._next.setVisible(chosen)
        mark = ("▶ " + _("Next") + " ") if chosen else ""
        self.setAccessibleName(f"{mark}{self.job.title} {' '.join(self._words)}")


class MyJobsScreen(Screen):
    name = "my_jobs"
    start = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[JobView] = []
        self.chosen = 0
        self.cards: list[JobCard] = []
        self._title = big_label(_("Your jobs"), 0.7, bold=True, parent=self)
        self._empty = big_label(_("There is no job for you now. Please wait, or ask a supervisor."), 1.0,
                                parent=self)
        self._sign_out = big_label(_("To sign out, scan your badge again."), 0.5, muted=True, parent=self)
        page = QWidget(self)
        self._list = QVBoxLayout(page)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(16)
        self._list.addStretch(1)
        self._scroll = scroller(page, self)
        self._start = BigButton(_("Start"), "fa6s.play", _("Enter"), description=_("Start the chosen job"),
                                parent=self)
        self._start.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the chosen card holds the focus
        self._start.clicked.connect(self._start_chosen)
        self._help = help_button(self)
        self._help.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        actions = QHBoxLayout()
        actions.addWidget(self._help, 2)
        actions.addWidget(self._start, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(32, 24, 32, 24)
        lay.addWidget(self._title)
        lay.addWidget(self._empty)
        lay.addWidget(self._scroll, 1)
        lay.addWidget(self._sign_out)
        lay.addLayout(actions)

    def show_jobs(self, jobs: list[JobView]) -> None:
        keep = self.jobs[self.chosen].code if self.jobs and self.chosen < len(self.jobs) else None
        self.jobs = list(jobs)
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = [JobCard(j, self, furigana=self.furigana) for j in self.jobs]
        for i, card in enumerate(self.cards):
            self._list.insertWidget(i, card)
            card.focused.connect(lambda i=i: self._choose_at(i))
        codes = [j.code for j in self.jobs]
        self.chosen = codes.index(keep) if keep in codes else 0
        self._empty.setVisible(not jobs)
        self._start.setVisible(bool(jobs))
        self._mark()

    def _mark(self) -> None:
        for i, card in enumerate(self.cards):
            card.set_chosen(i == self.chosen)
        if self.cards:
            card = self.cards[self.chosen]
            if self.isVisible():
                card.setFocus(Qt.FocusReason.OtherFocusReason)
            self._scroll.ensureWidgetVisible(card, 0, 0)

    def choose(self, delta: int) -> None:
        if self.jobs:
            self._choose_at((self.chosen + delta) % len(self.jobs))

    def _choose_at(self, index: int) -> None:
        self.chosen = index
        self._mark()

    def _start_chosen(self) -> None:
        if self.jobs:
            self.start.emit(self.jobs[self.chosen].code)

    def handle_key(self, key: int) -> bool:
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self.choose(-1)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self.choose(1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            press(self._start)
        elif key == Qt.Key.Key_F3:
            press(self._help)
        else:
            return False
        return True

    def focus_target(self) -> QWidget:
        if self.cards:
            return self.cards[self.chosen]
        return self._help

    def restyle(self) -> None:
        for label in (self._title, self._empty, self._sign_out):
            scale_font(label)
        capped_font(self._start, 56)
        capped_font(self._help)
        if self.jobs:
            self.show_jobs(self.jobs)
