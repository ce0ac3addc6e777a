"""On a break: the job waits (``job_paused``); Enter or the ticket brings the worker back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

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
    set_icon,
)
from flat_desktop.gui.style import current_text_pt
from flat_desktop.gui.widgets import BigButton
from flat_desktop.i18n import _
from flat_desktop.services.views import JobView

ICON = "fa6s.mug-hot"


class BreakScreen(Screen):
    name = "break"
    resume = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = icon_label(ICON, 200, parent=self)
        self._title = big_label(_("On a break"), 1.2, bold=True, parent=self)
        self.job_title = ruby_label("", 0.85, muted=True, parent=self)
        self.job_title.set_alignment(Qt.AlignmentFlag.AlignHCenter)
        self._how = big_label(_("Press Enter or scan the ticket to go on."), 1.0, parent=self)
        for label in (self._title, self._how):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._back = BigButton(_("Back to work"), "fa6s.play", _("Enter"), description=_("End the break"),
                               parent=self)
        self._back.clicked.connect(self.resume)
        self._help = help_button(self)
        actions = QHBoxLayout()
        actions.addWidget(self._help, 2)
        actions.addWidget(self._back, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        lay.addStretch(1)
        lay.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self._title)
        lay.addWidget(self.job_title)
        lay.addWidget(self._how)
        lay.addStretch(1)
        lay.addLayout(actions)

    def show_job(self, job: JobView) -> None:
        self.job_title.set_markup(job.title_markup)
        self.job_title.set_show_furigana(self.furigana)
        # Hold briefly so the same press that asked for the break cannot end it.
        self._back.hold(int(1000 * self.dwell_scale))

    def handle_key(self, key: int) -> bool:
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            press(self._back)
            return True
        if key == Qt.Key.Key_F3:
            press(self._help)
            return True
        return False

    def focus_target(self) -> QWidget:
        return self._back

    def restyle(self) -> None:
        set_icon(self._icon, ICON, int(current_text_pt() * 2))
        for label in (self._title, self.job_title, self._how):
            scale_font(label)
        ink(self.job_title)
        self.job_title.set_show_furigana(self.furigana)
        capped_font(self._back, 60)
        capped_font(self._help)
