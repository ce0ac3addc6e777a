"""A quiet line above the status strip while the station cannot speak (no sound device, no voice):
nobody waits for a voice that will not come. Hidden again once speech is heard to the end."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from flat_desktop.gui.station.parts import big_label, icon_label, scale_font, set_icon
from flat_desktop.gui.style import current_text_pt, current_theme

ICON = "fa6s.volume-xmark"


class SpeechNotice(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationSpeech")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._icon = icon_label(ICON, 48, parent=self)
        self._text = big_label("", 0.6, parent=self)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        row.addWidget(self._icon)
        row.addWidget(self._text, 1)
        self.hide()

    def set_message(self, message: str) -> None:
        self._text.setText(message)
        self.setAccessibleName(message)
        self.setVisible(bool(message))

    def text(self) -> str:
        return self._text.text() if self.isVisible() else ""

    def restyle(self) -> None:
        t = current_theme()
        # The status strip's colours: part of the station's frame, not an alarm.
        self.setStyleSheet(f"#stationSpeech {{ background: {t.status_bg}; border-top: 3px dashed {t.status_text}; }}"
                           f"#stationSpeech QLabel {{ color: {t.status_text}; background: transparent; }}")
        set_icon(self._icon, ICON, int(current_text_pt() * 0.9), t.status_text)
        scale_font(self._text)
