"""Help is on the way: shown from the call until a supervisor's answer arrives through the feed.

A band across the top rather than a full cover, so the worker still sees the step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from flat_desktop.gui.station.parts import big_label, icon_label, scale_font, set_icon
from flat_desktop.gui.style import current_text_pt, current_theme
from flat_desktop.i18n import _


class HelpOverlay(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationHelp")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._icon = icon_label("fa6s.person-walking-arrow-right", 64, parent=self)
        self._text = big_label(_("Help is coming. Please wait."), 0.7, bold=True, parent=self)
        self.setAccessibleName(self._text.text())
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 16, 24, 16)
        row.addWidget(self._icon)
        row.addWidget(self._text, 1)
        self.hide()

    def restyle(self) -> None:
        t = current_theme()
        self.setStyleSheet(f"#stationHelp {{ background: {t.help_bg}; border: 6px dashed {t.help_text}; }}"
                           f"#stationHelp QLabel {{ color: {t.help_text}; background: transparent; }}")
        self.setAutoFillBackground(True)
        set_icon(self._icon, "fa6s.person-walking-arrow-right", int(current_text_pt() * 1.1), t.help_text)
        scale_font(self._text)
