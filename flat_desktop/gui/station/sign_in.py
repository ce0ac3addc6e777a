"""The first screen: a picture of a badge and, very large, "scan your badge"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from flat_desktop.gui.station.parts import Screen, big_label, icon_label, scale_font, set_icon, theme_text
from flat_desktop.gui.style import current_text_pt
from flat_desktop.gui.widgets import FuriganaLabel
from flat_desktop.i18n import _
from flat_desktop.profile import Theme

BADGE_ICON = "fa6s.id-card"
SIGN_IN_THEME, SIGN_IN_PT = Theme.DARK, 48  # before anyone signs in: large, dark, high contrast


class SignInScreen(Screen):
    name = "sign_in"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = icon_label(BADGE_ICON, 240, parent=self)
        # The translation carries ruby markup, so the sign-in words get furigana too.
        self._title = FuriganaLabel(_("{Scan|scan} your staff badge"), self,
                                    alignment=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                                    scale=1.5)
        self._hint = big_label(_("Hold your badge under the scanner."), 0.8, muted=True, parent=self)
        self._hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # Signing out is the same badge again: said here, where the worker first learns the badge.
        self._leave = big_label(_("To sign out, scan your badge again."), 0.6, muted=True, parent=self)
        self._leave.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setAccessibleName(self._title.plain_text())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 48, 48, 48)
        lay.addStretch(1)
        lay.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addSpacing(32)
        lay.addWidget(self._title)
        lay.addWidget(self._hint)
        lay.addSpacing(24)
        lay.addWidget(self._leave)
        lay.addStretch(1)

    def restyle(self) -> None:
        set_icon(self._icon, BADGE_ICON, int(current_text_pt() * 4))
        scale_font(self._hint)
        scale_font(self._leave)
        theme_text(self._title)
