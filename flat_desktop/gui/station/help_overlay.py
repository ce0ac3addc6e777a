"""Help is on the way: shown from the call until a supervisor's answer arrives through the feed,
then the answer ("a supervisor is on the way") for a while, so a worker who cannot hear sees it.

A band across the top rather than a full cover, so the worker still sees the step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from flat_desktop.gui.station.parts import big_label, icon_label, scale_font, set_icon
from flat_desktop.gui.style import current_text_pt, current_theme
from flat_desktop.i18n import _

ANSWER_SHOWN_MS = 20_000  # long enough to be read at any pace; the supervisor is usually there by then


class HelpOverlay(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationHelp")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._icon = icon_label("fa6s.person-walking-arrow-right", 64, parent=self)
        self._text = big_label("", 0.7, bold=True, parent=self)
        self._set_text(_("Help is coming. Please wait."))
        self.answer_timer = QTimer(self)
        self.answer_timer.setSingleShot(True)
        self.answer_timer.setInterval(ANSWER_SHOWN_MS)
        self.answer_timer.timeout.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 16, 24, 16)
        row.addWidget(self._icon)
        row.addWidget(self._text, 1)
        self.hide()

    def set_open(self, open_: bool) -> None:
        """A call is open (shown until answered), or none is (hidden at once: signed out)."""
        self.answer_timer.stop()
        self._set_text(_("Help is coming. Please wait."))
        self.setVisible(open_)

    def answered(self, message: str) -> None:
        """The call was answered: ``message`` stays for a while, then the band goes."""
        self._set_text(message)
        self.show()
        self.answer_timer.start()

    def text(self) -> str:
        return self._text.text() if self.isVisible() else ""

    def _set_text(self, text: str) -> None:
        self._text.setText(text)
        self.setAccessibleName(text)

    def restyle(self) -> None:
        t = current_theme()
        self.setStyleSheet(f"#stationHelp {{ background: {t.help_bg}; border: 6px dashed {t.help_text}; }}"
                           f"#stationHelp QLabel {{ color: {t.help_text}; background: transparent; }}")
        self.setAutoFillBackground(True)
        set_icon(self._icon, "fa6s.person-walking-arrow-right", int(current_text_pt() * 1.1), t.help_text)
        scale_font(self._text)
