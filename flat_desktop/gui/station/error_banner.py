"""Errors, big: what is wrong and what to do next, with an icon so colour is not the only sign."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from flat_desktop.gui.station.parts import big_label, icon_label, scale_font, set_icon
from flat_desktop.gui.style import current_text_pt, current_theme


class ErrorBanner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationError")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._icon = icon_label("fa6s.triangle-exclamation", 64, parent=self)
        self._message = big_label("", 0.8, bold=True, parent=self)
        self._hint = big_label("", 0.7, parent=self)
        texts = QVBoxLayout()
        texts.addWidget(self._message)
        texts.addWidget(self._hint)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 16, 24, 16)
        row.addWidget(self._icon)
        row.addLayout(texts, 1)
        self.hide()

    def show_error(self, message: str, hint: str) -> None:
        self._message.setText(message)
        self._hint.setText(hint)
        self.setAccessibleName(f"{message} {hint}")
        self.restyle()
        self.show()

    def message(self) -> str:
        return self._message.text() if self.isVisible() else ""

    def restyle(self) -> None:
        t = current_theme()
        self.setStyleSheet(f"#stationError {{ background: {t.error_bg}; border: 6px solid {t.error_text}; }}"
                           f"#stationError QLabel {{ color: {t.error_text}; background: transparent; }}")
        self.setAutoFillBackground(True)
        set_icon(self._icon, "fa6s.triangle-exclamation", int(current_text_pt() * 1.3), t.error_text)
        scale_font(self._message)
        scale_font(self._hint)
