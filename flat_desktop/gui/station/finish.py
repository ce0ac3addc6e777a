"""Finish: every step is done; scan the ticket to finish. Count jobs ask for spoiled pieces first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from flat_desktop import japanese
from flat_desktop.gui.station.parts import (
    COUNTER_MAX_PT,
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
from flat_desktop.gui.style import current_text_pt
from flat_desktop.gui.widgets import Counter
from flat_desktop.i18n import _
from flat_desktop.services.views import JobView
from flat_desktop.station import voice

ICON = "fa6s.barcode"
ICON_MAX_PX = 64  # at 72 pt a taller picture pushed the spoiled question below the fold while help was on the way
_COUNT_KEYS = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 10, Qt.Key.Key_PageDown: -10,
               Qt.Key.Key_Plus: 1, Qt.Key.Key_Minus: -1}


class FinishScreen(Screen):
    name = "finish"
    spoiled_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = icon_label(ICON, 200, parent=self)
        self._title = big_label(_("All steps are done."), 0.9, bold=True, parent=self)
        self._scan = big_label(_("Scan the job ticket to finish."), 0.8, parent=self)
        self.done_line = ruby_label("", 0.7, parent=self)  # what was done, or the job's title
        self.done_line.set_alignment(Qt.AlignmentFlag.AlignHCenter)
        self._ask = big_label(voice.spoiled_question(), 0.7, parent=self)  # the flow says it too
        self.spoiled = Counter(None, 0, self)
        self.spoiled.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.spoiled.value_changed.connect(self.spoiled_changed)
        for label in (self._title, self._scan):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        page = QWidget(self)
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self._title)
        col.addWidget(self._scan)
        col.addWidget(self.done_line)
        col.addWidget(self._ask)
        col.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 16, 48, 16)
        lay.addWidget(scroller(page, self), 1)
        lay.addWidget(self.spoiled)
        self._help = help_button(self)
        actions = QHBoxLayout()
        actions.addWidget(self._help, 2)
        actions.addStretch(3)  # where Done is on the step screen: this screen is finished by the ticket
        lay.addLayout(actions)

    def show_job(self, job: JobView) -> None:
        counted = voice.asks_spoiled(job)
        self.done_line.set_markup(japanese.complete_markup(_("Done: {n} {unit}").format(n=job.quantity, unit=job.unit))
                                  if counted else job.title_markup)
        self.done_line.set_show_furigana(self.furigana)
        self._ask.setVisible(counted)
        self.spoiled.setVisible(counted)
        self.spoiled.set_value(0)

    def handle_key(self, key: int) -> bool:
        if key == Qt.Key.Key_F3:
            press(self._help)
            return True
        delta = _COUNT_KEYS.get(Qt.Key(key))
        if delta is None or not self.spoiled.isVisible():
            return False
        self.spoiled.step(delta)
        return True

    def restyle(self) -> None:
        set_icon(self._icon, ICON, min(ICON_MAX_PX, int(current_text_pt() * 1.4)))
        for label in (self._title, self._scan, self.done_line, self._ask):
            scale_font(label)
        ink(self.done_line)
        self.done_line.set_show_furigana(self.furigana)
        capped_font(self.spoiled, COUNTER_MAX_PT)  # as on a count step: the question above it stays in view
        capped_font(self._help)
