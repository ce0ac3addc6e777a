"""My jobs: the signed-in worker's jobs as a few big cards; arrows choose, Enter starts.

The first card is the next job (marked by a word and an arrow, not by colour alone);
the chosen card has a thick frame and a pointing hand.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from flat_desktop.gui.station.parts import (
    Screen,
    big_label,
    capped_font,
    icon_label,
    press,
    scale_font,
    scroller,
    set_icon,
)
from flat_desktop.gui.style import current_text_pt, current_theme
from flat_desktop.gui.widgets import BigButton
from flat_desktop.i18n import _
from flat_desktop.linebreak import NO_BREAK_SPACE
from flat_desktop.services.views import JobView
from flat_desktop.themes import icon_colour

MAX_CARDS = 4  # more would make the cards too small to read from a metre away

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
    def __init__(self, job: JobView, is_next: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.is_next = is_next
        self.setObjectName("jobCard")
        pt = current_text_pt()
        self._pointer = icon_label("fa6s.hand-point-right", int(pt * 1.1), parent=self)
        colour = icon_colour(current_theme(), job.type_colour)  # the type's hue, seen on this card
        icon = icon_label(job.type_icon or "fa6s.briefcase", int(pt * 1.4), colour, self, says=job.type_name)
        title = big_label(job.title, 0.85, bold=True, parent=self)
        words = [job.type_name, f"{job.quantity}{NO_BREAK_SPACE}{job.unit}", due_text(job.due),
                 _(STATUS_WORDS.get(job.status, "New"))]
        detail = big_label("  ·  ".join(words), 0.55, parent=self)
        texts = QVBoxLayout()
        if is_next:
            texts.addWidget(big_label("▶ " + _("Next"), 0.55, bold=True, parent=self))
        texts.addWidget(title)
        texts.addWidget(detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 12, 20, 12)
        row.addWidget(self._pointer)
        row.addWidget(icon)
        row.addSpacing(16)
        row.addLayout(texts, 1)
        self.setAccessibleName(f"{job.title} {' '.join(words)}")
        self.set_chosen(False)

    def set_chosen(self, chosen: bool) -> None:
        t = current_theme()
        width = 10 if chosen else 3
        colour = t.focus_ring if chosen else t.muted_text
        self.setStyleSheet(f"#jobCard {{ background: {t.card_bg}; border: {width}px solid {colour};"
                           f" border-radius: 16px; }} #jobCard QLabel {{ color: {t.card_text}; }}")
        # The hand shows only on the chosen card: the choice is a shape, not only a colour,
        # and words for a screen reader (the hand itself is skipped).
        self.setAccessibleDescription(_("Chosen") if chosen else "")
        if chosen:
            set_icon(self._pointer, "fa6s.hand-point-right", int(current_text_pt() * 1.1), t.focus_ring)
        else:
            self._pointer.clear()


class MyJobsScreen(Screen):
    name = "my_jobs"
    start = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[JobView] = []
        self.chosen = 0
        self._cards: list[JobCard] = []
        self._title = big_label(_("Your jobs"), 0.7, bold=True, parent=self)
        self._empty = big_label(_("There is no job for you now. Please wait, or ask a supervisor."), 1.0,
                                parent=self)
        self._more = big_label("", 0.75, muted=True, parent=self)
        page = QWidget(self)
        self._list = QVBoxLayout(page)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(16)
        self._list.addStretch(1)
        self._scroll = scroller(page, self)
        self._start = BigButton(_("Start"), "fa6s.play", _("Enter"), description=_("Start the chosen job"),
                                parent=self)
        self._start.clicked.connect(self._start_chosen)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(32, 24, 32, 24)
        lay.addWidget(self._title)
        lay.addWidget(self._empty)
        lay.addWidget(self._scroll, 1)
        lay.addWidget(self._more)
        lay.addWidget(self._start)

    def show_jobs(self, jobs: list[JobView]) -> None:
        keep = self.jobs[self.chosen].code if self.jobs and self.chosen < len(self.jobs) else None
        self.jobs = jobs[:MAX_CARDS]
        for card in self._cards:
            card.setParent(None)
            card.deleteLater()
        self._cards = [JobCard(j, i == 0, self) for i, j in enumerate(self.jobs)]
        for i, card in enumerate(self._cards):
            self._list.insertWidget(i, card)
        codes = [j.code for j in self.jobs]
        self.chosen = codes.index(keep) if keep in codes else 0
        self._empty.setVisible(not jobs)
        self._start.setVisible(bool(jobs))
        extra = len(jobs) - len(self.jobs)
        self._more.setText(_("and {n} more").format(n=extra) if extra > 0 else "")
        self._more.setVisible(extra > 0)
        self._mark()

    def _mark(self) -> None:
        for i, card in enumerate(self._cards):
            card.set_chosen(i == self.chosen)
        if self._cards:
            self._scroll.ensureWidgetVisible(self._cards[self.chosen])

    def choose(self, delta: int) -> None:
        if self.jobs:
            self.chosen = (self.chosen + delta) % len(self.jobs)
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
        else:
            return False
        return True

    def focus_target(self) -> QWidget:
        return self._start

    def restyle(self) -> None:
        for label in (self._title, self._empty, self._more):
            scale_font(label)
        capped_font(self._start, 56)
        if self.jobs:
            self.show_jobs(self.jobs)
