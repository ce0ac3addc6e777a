"""A large counter for count steps ("count 200 envelopes")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from flat_desktop.gui.style import FOCUS_RING_PX, current_theme
from flat_desktop.gui.widgets.big_button import BigButton, ButtonRole
from flat_desktop.gui.widgets.fit_row import FitRow
from flat_desktop.i18n import _

NUMBER_SCALE = 2.4
MAX_VALUE = 99_999
_KEYS = {
    Qt.Key.Key_Up: 1,
    Qt.Key.Key_Plus: 1,
    Qt.Key.Key_PageUp: 10,
    Qt.Key.Key_Down: -1,
    Qt.Key.Key_Minus: -1,
    Qt.Key.Key_PageDown: -10,
    Qt.Key.Key_Asterisk: 100,
}


class Counter(QWidget):
    """A huge number with its target and unit ("120 / 200 枚") and −1, +1, +10 (and +100) buttons,
    beside the number where the width allows, else under it.

    Keyboard (the counter takes focus; its buttons are for touch and mouse): Up or + adds 1,
    PageUp adds 10, * adds 100, Down or − takes 1 away, PageDown takes 10. The value never goes below 0.
    Reaching the target also shows a check mark and the words "Target reached", not colour alone.

    Signals: ``value_changed(int)``, ``target_reached()`` (each time the value comes up to the target).
    """

    value_changed = Signal(int)
    target_reached = Signal()

    def __init__(self, target: int | None = None, value: int = 0, parent: QWidget | None = None, *,
                 hundreds: bool = False) -> None:
        super().__init__(parent)
        self._target = target
        self._unit = ""
        self._value = max(0, min(MAX_VALUE, value))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self._number = QLabel(self)
        self._target_label = QLabel(self)
        self._target_label.setProperty("muted", True)
        self._reached = QLabel(self)
        for label in (self._number, self._target_label, self._reached):
            label.setAccessibleName(" ")  # the counter itself speaks for them
        self._minus = self._button("−1", "mdi6.minus", _("Down"), _("Take one away"), -1)
        self._plus = self._button("+1", "mdi6.plus", _("Up"), _("Add one"), 1)
        self._plus10 = self._button("+10", "mdi6.plus-box-multiple", _("PageUp"), _("Add ten"), 10)
        # Big counts (820 envelopes) need bigger steps than ten at a time.
        self._plus100 = self._button("+100", "mdi6.plus-box-multiple-outline", "＊", _("Add a hundred"), 100)
        self._hundreds = hundreds
        self._plus100.setVisible(hundreds)

        # Beside the number, not under it, and its room kept while it is hidden (see _refresh):
        # reaching the target must not push the step's text below the fold at 72 pt (nothing on
        # the station scrolls by key), nor move the buttons out from under a finger.
        self._reached.setText("✔ " + _("Target reached"))
        shown = QWidget(self)
        numbers = QHBoxLayout(shown)
        numbers.setContentsMargins(0, 0, 0, 0)
        numbers.addStretch(1)
        numbers.addWidget(self._number, 0, Qt.AlignmentFlag.AlignBaseline)
        numbers.addWidget(self._target_label, 0, Qt.AlignmentFlag.AlignBaseline)
        numbers.addSpacing(24)
        numbers.addWidget(self._reached, 0, Qt.AlignmentFlag.AlignBaseline)
        numbers.addStretch(1)
        self._buttons = QWidget(self)
        buttons = QHBoxLayout(self._buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self._minus, self._plus, self._plus10, self._plus100):
            buttons.addWidget(button)
        # The buttons beside the number where the width allows (a 1920 px screen at 72 pt), under it where not.
        self._row = FitRow(shown, self._buttons, parent=self)
        self._outer = QVBoxLayout(self)
        margin = FOCUS_RING_PX * 2 + 4
        self._outer.setContentsMargins(margin, margin, margin, margin)
        self._outer.addWidget(self._row)
        self._apply_fonts()
        self._refresh()

    def _button(self, text: str, icon: str, key: str, description: str, delta: int) -> BigButton:
        button = BigButton(text, icon, key, role=ButtonRole.SECONDARY, description=description, parent=self)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.step(delta))
        return button

    # -- public API -------------------------------------------------------------------------

    def value(self) -> int:
        return self._value

    def target(self) -> int | None:
        return self._target

    def set_value(self, value: int) -> None:
        value = max(0, min(MAX_VALUE, value))
        if value == self._value:
            return
        before = self._value
        self._value = value
        self._refresh()
        self.value_changed.emit(value)
        if self._target is not None and before < self._target <= value:
            self.target_reached.emit()

    def set_target(self, target: int | None, unit: str = "") -> None:
        self._target = target
        self._unit = unit
        self._refresh()

    def step(self, delta: int) -> None:
        self.set_value(self._value + delta)

    def add_note(self, note: QWidget) -> None:
        """A line inside the counter's frame, under the number and its buttons (how to type a
        count, the digits being typed): it says something about the count, and where the
        buttons are hidden it takes their room instead of a line of its own."""
        self._outer.addWidget(note)

    def set_buttons_visible(self, visible: bool) -> None:
        """Only the number (its keys still work): where the count is read off a machine's display
        and typed, the buttons would take the room the step's words need at large sizes."""
        self._buttons.setVisible(visible)

    # -- behaviour --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        delta = _KEYS.get(Qt.Key(event.key()))
        if delta is None:
            super().keyPressEvent(event)
            return
        event.accept()
        self.step(delta)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        super().changeEvent(event)

    def _apply_fonts(self) -> None:
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * NUMBER_SCALE)
        big.setBold(True)
        self._number.setFont(big)
        self._target_label.setFont(self.font())
        self._reached.setFont(self.font())
        for button in (self._minus, self._plus, self._plus10, self._plus100):
            # Set, not inherited: under the station's style sheet the buttons would keep the
            # application's font, not the counter's (and their key hints with it).
            button.setFont(self.font())

    def _refresh(self) -> None:
        self._number.setText(str(self._value))
        has_target = self._target is not None
        self._target_label.setVisible(has_target)
        unit = f" {self._unit}" if self._unit else ""
        self._target_label.setText(f" / {self._target}{unit}" if has_target else "")
        reached = has_target and self._value >= (self._target or 0)
        policy = self._reached.sizePolicy()
        if policy.retainSizeWhenHidden() != has_target:  # no room kept where there is no target
            policy.setRetainSizeWhenHidden(has_target)
            self._reached.setSizePolicy(policy)
        self._reached.setVisible(reached)
        if has_target:
            name = _("Count: {value} of {target}").format(value=self._value, target=self._target)
        else:
            name = _("Count: {value}").format(value=self._value)
        self.setAccessibleName(name)
        self.setAccessibleDescription(_("Up or plus adds one, Page Up adds ten, Down or minus takes one away."))

    def paintEvent(self, event: QPaintEvent) -> None:
        t = current_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        half = FOCUS_RING_PX / 2
        frame = QRectF(self.rect()).adjusted(half + 1, half + 1, -half - 1, -half - 1)
        if self.hasFocus():
            p.setPen(QPen(QColor(t.focus_ring), FOCUS_RING_PX))
        else:
            p.setPen(QPen(QColor(t.text), 3))
        p.drawRoundedRect(frame, 16, 16)
        p.end()
