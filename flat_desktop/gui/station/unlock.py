"""Closing a kiosk station: a supervisor scans their badge, types their PIN (or, where the PINs are
not on this PC, the station's unlock code) and Enter, then chooses "close the station".

Shown in place of the worker's screen when someone tries to leave the station (Alt+F4, the window's
close); Escape, or a minute without a key, goes back to the work as it was. Every line is shown big
and said, like the rest of the station. The checks are :class:`flat_desktop.services.kiosk.UnlockCheck`.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.gui.station.parts import big_label, capped_font, icon_label, press, scale_font, set_icon
from flat_desktop.gui.style import current_text_pt, current_theme
from flat_desktop.gui.widgets import BigButton, ButtonRole
from flat_desktop.i18n import _
from flat_desktop.services.kiosk import UnlockCheck

ICON = "fa6s.lock"
IDLE_MS = 60_000  # left open by mistake: back to the work after a minute without a key
PIN_DOT = "●"


class Stage(Enum):
    BADGE = "badge"  # waiting for a supervisor's badge
    PIN = "pin"  # the badge was a supervisor's: waiting for the PIN and Enter
    OPEN = "open"  # the PIN was right: "close the station" is offered


class UnlockPanel(QWidget):
    """Signals: ``closing()`` — the supervisor chose to close the station; ``left()`` — back to
    work (Escape, the Back button, or a minute without a key); ``said(str)`` — a line to speak."""

    closing = Signal()
    left = Signal()
    said = Signal(str)

    def __init__(self, check: UnlockCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.stage = Stage.BADGE
        self.badge: str | None = None
        self.setObjectName("stationUnlock")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._icon = icon_label(ICON, 160, parent=self)
        self._title = big_label(_("Close the station"), 1.2, bold=True, parent=self)
        self._prompt = big_label("", 0.9, parent=self)
        self._typed = big_label("", 1.2, bold=True, parent=self)
        self._error = big_label("", 0.8, bold=True, parent=self)
        self._error.setObjectName("unlockError")
        for label in (self._title, self._prompt, self._typed, self._error):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._back = BigButton(_("Back to work"), "fa6s.arrow-left", _("Esc"), role=ButtonRole.SECONDARY,
                               description=_("The station stays open"), parent=self)
        self._back.clicked.connect(self.leave)
        self._close = BigButton(_("Close the station"), "fa6s.power-off", _("Enter"),
                                description=_("The station program ends"), parent=self)
        self._close.clicked.connect(self.closing)
        actions = QHBoxLayout()
        actions.addWidget(self._back, 2)
        actions.addWidget(self._close, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        lay.addStretch(1)
        lay.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self._title)
        lay.addSpacing(16)
        lay.addWidget(self._prompt)
        lay.addWidget(self._typed)
        lay.addWidget(self._error)
        lay.addStretch(1)
        lay.addLayout(actions)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self.leave)
        self.hide()

    # -- what the window tells it --------------------------------------------------------

    def begin(self) -> None:
        """Someone tried to leave the station: ask for a supervisor's badge."""
        self._to(Stage.BADGE)
        self.restyle()
        self.show()
        self._idle.start()
        self.said.emit(f"{_('The station cannot be closed by workers.')} {self._prompt.text()}")

    def leave(self) -> None:
        self._idle.stop()
        self._to(Stage.BADGE)
        self.hide()
        self.left.emit()

    def scanned(self, payload: str, typed: bool) -> None:
        """A badge scan, or the PIN typed and Enter (the station's scanner filter collects both)."""
        self._idle.start()
        if self.stage is Stage.PIN and self.badge is not None and payload.isdigit():  # typed or fast
            self._pin(payload)
        elif self.stage is not Stage.OPEN:
            self._badge(payload)

    def typing(self, text: str) -> None:
        """The PIN typed so far: shown as dots, never as digits."""
        self._idle.start()
        if self.stage is Stage.PIN:
            self._typed.setText(PIN_DOT * len(text))

    def handle_key(self, key: int) -> bool:
        self._idle.start()
        if key == Qt.Key.Key_Escape:
            press(self._back)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.stage is Stage.OPEN:
            press(self._close)
            return True
        return True  # nothing else reaches the worker's screen behind the panel

    def message(self) -> str:
        return self._error.text() if self._error.isVisible() else ""

    def prompt(self) -> str:
        return self._prompt.text()

    # -- the steps -----------------------------------------------------------------------

    def _badge(self, raw: str) -> None:
        try:
            who = self.check.supervisor(raw)
        except FlatError as err:
            self._refuse(err)
            return
        self.badge = raw
        self._to(Stage.PIN, name=who.name)
        self.said.emit(self._prompt.text())

    def _pin(self, pin: str) -> None:
        assert self.badge is not None
        try:
            self.check.check(self.badge, pin)
        except FlatError as err:
            if err.reason in ("locked", "no_unlock_code", "not_supervisor", "unknown_badge"):
                self._to(Stage.BADGE)
            self._typed.setText("")
            self._refuse(err)
            return
        self._to(Stage.OPEN)
        self._close.setFocus()
        self.said.emit(self._prompt.text())

    def _refuse(self, err: FlatError) -> None:
        text = f"{err.message} {err.hint}"
        self._error.setText(text)
        self._error.show()
        self.said.emit(text)

    def _to(self, stage: Stage, *, name: str = "") -> None:
        self.stage = stage
        self._error.setText("")
        self._error.hide()
        self._typed.setText("")
        if stage is Stage.BADGE:
            self.badge = None
            self._prompt.setText(_("A supervisor closes it: scan your staff badge."))
        elif stage is Stage.PIN:
            self._prompt.setText(
                _("{name}, type your PIN, then press Enter.").format(name=name) if self.check.asks_pin else
                _("{name}, type the station's unlock code, then press Enter.").format(name=name))
        else:
            self._prompt.setText(_("Press Enter to close the station. Escape goes back to work."))
        self._close.setVisible(stage is Stage.OPEN)

    def restyle(self) -> None:
        t = current_theme()
        self.setStyleSheet(f"#stationUnlock QLabel {{ color: {t.text}; background: transparent; }}"
                           f"#stationUnlock QLabel#unlockError {{ color: {t.error_text}; background: {t.error_bg};"
                           f" border: 6px solid {t.error_text}; padding: 12px; }}")
        set_icon(self._icon, ICON, int(current_text_pt() * 2.5), t.text)
        for label in (self._title, self._prompt, self._typed, self._error):
            scale_font(label)
        capped_font(self._back)
        capped_font(self._close, 60)
