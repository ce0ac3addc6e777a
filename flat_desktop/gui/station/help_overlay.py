"""Help is on the way: shown from the call until a supervisor's answer arrives through the feed,
then the answer ("a supervisor is on the way") for a while, so a worker who cannot hear sees it.

A band across the top rather than a full cover, so the worker still sees the step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from flat_desktop.gui.station.parts import NOTE_MAX_PT, big_label, capped_font, icon_label, set_icon
from flat_desktop.gui.style import current_text_pt, current_theme
from flat_desktop.i18n import _

ANSWER_SHOWN_MS = 20_000  # long enough to be read at any pace; the supervisor is usually there by then


class HelpOverlay(QWidget):
    """Signal ``on_view(bool)``: the band was shown or taken away."""

    on_view = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationHelp")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._icon = icon_label("fa6s.person-walking-arrow-right", 64, parent=self)
        self._text = big_label("", bold=True, parent=self)
        self._set_text(_("Help is coming. Please wait."))
        self.answer_timer = QTimer(self)
        self.answer_timer.setSingleShot(True)
        self.answer_timer.setInterval(ANSWER_SHOWN_MS)
        self.answer_timer.timeout.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 12, 24, 12)
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

    def setVisible(self, visible: bool) -> None:
        changed = visible == self.isHidden()
        super().setVisible(visible)
        if changed:
            self.on_view.emit(visible)

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
        # Capped like the step's nudge band: at 72 pt two lines of it pushed the step's
        # instruction below the fold while help was on the way.
        capped_font(self._text, NOTE_MAX_PT)  # bold, as big_label made it
        set_icon(self._icon, "fa6s.person-walking-arrow-right", int(min(current_text_pt(), NOTE_MAX_PT) * 1.3),
                 t.help_text)
