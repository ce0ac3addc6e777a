"""Well done: the job is finished. Shows (and the flow says) what comes next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from flat_desktop import japanese
from flat_desktop.gui.station.my_jobs import due_text
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
from flat_desktop.gui.style import current_text_pt, current_theme
from flat_desktop.gui.widgets import BigButton
from flat_desktop.i18n import _
from flat_desktop.services.views import JobView

ICON = "fa6s.star"


class PraiseScreen(Screen):
    name = "praise"
    next = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = icon_label(ICON, 200, parent=self)
        self._title = big_label(_("Well done!"), 1.3, bold=True, parent=self)
        self._line = big_label(_("The job is finished. Thank you."), 1.0, parent=self)
        self.next_job = ruby_label("", 0.9, parent=self)  # the next job's title, with furigana
        self.next_job.set_alignment(Qt.AlignmentFlag.AlignHCenter)
        for label in (self._title, self._line):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._go = BigButton(_("My jobs"), "fa6s.list-check", _("Enter"), description=_("See your jobs"),
                             parent=self)
        self._go.clicked.connect(self.next)
        self._help = help_button(self)
        actions = QHBoxLayout()
        actions.addWidget(self._help, 2)
        actions.addWidget(self._go, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        lay.addStretch(1)
        lay.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self._title)
        lay.addWidget(self._line)
        lay.addWidget(self.next_job)
        lay.addStretch(1)
        lay.addLayout(actions)

    def show_next(self, job: JobView | None) -> None:
        if job is None:
            self.next_job.set_markup(_("No more jobs now. Please ask a supervisor for the next work."))
        else:
            self.next_job.set_markup(japanese.complete_markup(
                _("Next job: {title}").format(title=job.title_markup) + f" ({due_text(job.due)})"))
        self.next_job.set_show_furigana(self.furigana)
        self._go.hold(int(1000 * self.dwell_scale))  # the finishing scan's Enter must not skip this screen

    def handle_key(self, key: int) -> bool:
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            press(self._go)
            return True
        if key == Qt.Key.Key_F3:
            press(self._help)
            return True
        return False

    def focus_target(self) -> QWidget:
        return self._go

    def restyle(self) -> None:
        set_icon(self._icon, ICON, int(current_text_pt() * 2), current_theme().text)
        for label in (self._title, self._line, self.next_job):
            scale_font(label)
        ink(self.next_job)
        self.next_job.set_show_furigana(self.furigana)
        capped_font(self._go, 60)
        capped_font(self._help)
