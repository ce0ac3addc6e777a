"""The big action button of the worker screen: icon, label, key hint, and a "not ready yet" state."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QElapsedTimer, QEvent, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from flat_desktop.gui.glyphs import icon_pixmap
from flat_desktop.gui.style import FOCUS_RING_PX, MIN_TARGET_PX, WORKER_MIN_PT, current_theme
from flat_desktop.i18n import _

WAIT_ICON = "mdi6.timer-sand"
HINT_SCALE = 0.55
HINT_MIN_PT = float(WORKER_MIN_PT)  # key hints are read too: never below the station's smallest text
_RING_GAP = 3  # window colour between ring and button, so the ring shows on any button colour
_ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select)


class ButtonRole(StrEnum):
    PRIMARY = "primary"  # the one main action ("Done")
    SECONDARY = "secondary"  # Repeat, Break, counter steps
    HELP = "help"  # call a supervisor


class BigButton(QAbstractButton):
    """A button at least 96 px tall with a qtawesome icon, a label and a key hint ("Space").

    ``hold(ms)`` makes it *not ready* for a minimum dwell time: the icon becomes an hourglass,
    the key hint becomes "Wait", the border turns dashed and a bar fills along the bottom, and
    presses (mouse, Space, Enter) are refused. Enter and Return press it like Space does.

    Signals: ``clicked()`` (from QAbstractButton; only ever while ready), ``refused()`` when a
    press arrives while not ready (say "please wait"), ``ready_changed(bool)``.
    """

    refused = Signal()
    ready_changed = Signal(bool)

    def __init__(
        self,
        text: str,
        icon_name: str = "mdi6.check-bold",
        key_hint: str = "",
        *,
        role: ButtonRole = ButtonRole.PRIMARY,
        description: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._icon_name = icon_name
        self._key_hint = key_hint
        self._role = role
        self._description = description
        self._ready = True
        self._measured: tuple[QFont, QFont, tuple[int, int, int, int]] | None = None
        self._fit: tuple[tuple[object, ...], tuple[QFont, QFont, tuple[int, int, int, int]]] | None = None
        self._drawn: tuple[tuple[object, ...], QPixmap] | None = None  # what it looks like, ready
        self._dwell_ms = 0
        self._elapsed = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(100)
        self._tick.timeout.connect(self._on_tick)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(text)

    # -- public API -------------------------------------------------------------------------

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_accessible()
        self.updateGeometry()

    def set_icon_name(self, icon_name: str) -> None:
        self._icon_name = icon_name
        self.update()

    def set_key_hint(self, key_hint: str) -> None:
        self._key_hint = key_hint
        self._update_accessible()
        self.updateGeometry()

    def set_description(self, description: str) -> None:
        self._description = description
        self._update_accessible()

    def set_role(self, role: ButtonRole) -> None:
        self._role = role
        self.update()

    def role(self) -> ButtonRole:
        return self._role

    def is_ready(self) -> bool:
        return self._ready

    def hold(self, ms: int) -> None:
        """Not ready for ``ms`` milliseconds (the step's minimum dwell time), then ready by itself."""
        if ms <= 0:
            self.set_ready(True)
            return
        self._dwell_ms = ms
        self._elapsed.start()
        self._tick.start()
        self._set_ready(False)

    def set_ready(self, ready: bool) -> None:
        """Ready now (or not ready until told otherwise); stops any running dwell."""
        self._tick.stop()
        self._dwell_ms = 0
        self._set_ready(ready)

    def dwell_progress(self) -> float:
        """How much of the dwell time has passed, 0.0 … 1.0 (1.0 when ready)."""
        if self._ready:
            return 1.0
        if not self._dwell_ms:
            return 0.0
        return min(1.0, self._elapsed.elapsed() / self._dwell_ms)

    # -- behaviour --------------------------------------------------------------------------

    def _set_ready(self, ready: bool) -> None:
        changed = ready != self._ready
        self._ready = ready
        if not ready:
            self.setDown(False)
        self._update_accessible()
        self.update()
        if changed:
            self.ready_changed.emit(ready)

    def _on_tick(self) -> None:
        if self._elapsed.elapsed() >= self._dwell_ms:
            self.set_ready(True)
        else:
            self.update()

    def _update_accessible(self) -> None:
        self.setAccessibleName(self.text())
        parts = [self._description] if self._description else []
        if self._key_hint:
            parts.append(_("Key: {key}").format(key=self._key_hint))
        if not self._ready:
            parts.insert(0, _("Not ready yet. Please wait."))
        self.setAccessibleDescription(" ".join(parts))

    def hitButton(self, pos: QPoint) -> bool:
        return self._ready and super().hitButton(pos)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._ready and event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            self.refused.emit()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _ACTIVATE_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            if event.isAutoRepeat():
                return  # holding a key down must not confirm several steps
            if not self._ready:
                self.refused.emit()
            elif key == Qt.Key.Key_Space:
                super().keyPressEvent(event)  # Space clicks on release, like every Qt button
            else:
                self.click()
            return
        super().keyPressEvent(event)

    # -- geometry and painting --------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._measured = None
            self._fit = None
        super().changeEvent(event)

    def _measure(self) -> tuple[QFont, QFont, tuple[int, int, int, int]]:
        # Fonts and metrics change only with the font, not on each of the many paints.
        if self._measured is None:
            self._measured = self._sized(self.font().pointSizeF())
        return self._measured

    def _sized(self, point_size: float) -> tuple[QFont, QFont, tuple[int, int, int, int]]:
        """Label and hint fonts with padding, icon size and line heights for a label of ``point_size``."""
        label = QFont(self.font())
        label.setPointSizeF(point_size)
        label.setBold(True)
        hint = QFont(self.font())
        hint.setPointSizeF(max(HINT_MIN_PT, point_size * HINT_SCALE))
        lh = QFontMetrics(label).height()
        hh = QFontMetrics(hint).height()
        return label, hint, (max(12, lh // 4), int(lh * 1.1), lh, hh)

    def _fitted(self, width: int) -> tuple[QFont, QFont, tuple[int, int, int, int]]:
        """What is drawn at ``width``: the label at its size if it fits beside the icon, else
        smaller (never below 24 pt), else without the icon (the words and the key say it all),
        so a word is cut only when nothing else is left. The icon size is 0 when it is left out."""
        key = (width, self.text(), self._hint_text(), self._measure()[0].key())
        if self._fit is not None and self._fit[0] == key:
            return self._fit[1]
        natural = self.font().pointSizeF()
        ring = FOCUS_RING_PX + _RING_GAP + 1
        chosen = None
        for with_icon in (True, False):
            size = natural
            while chosen is None:
                label, hint, (pad, icon, lh, hh) = self._sized(size)
                room = width - 2 * ring - 2 * pad - ((icon + pad) if with_icon else 0)
                need = max(QFontMetrics(label).horizontalAdvance(self.text()),
                           QFontMetrics(hint).horizontalAdvance(self._hint_text()) + pad)
                if need <= room:
                    chosen = label, hint, (pad, icon if with_icon else 0, lh, hh)
                elif size <= HINT_MIN_PT:
                    break
                else:
                    size = max(HINT_MIN_PT, min(size - 1, size * room / need))
            if chosen is not None:
                break
        if chosen is None:
            label, hint, (pad, _icon, lh, hh) = self._sized(HINT_MIN_PT)
            chosen = label, hint, (pad, 0, lh, hh)
        self._fit = key, chosen
        return chosen

    def _fonts(self) -> tuple[QFont, QFont]:
        label, hint, _m = self._measure()
        return label, hint

    def label_font(self) -> QFont:
        """The label's font as drawn at the button's width."""
        return QFont(self._fitted(self.width())[0])

    def hint_font(self) -> QFont:
        """The font of the key hint ("Enter", "F3") and of "Wait", as drawn at the button's width."""
        return QFont(self._fitted(self.width())[1])

    def shows_whole(self) -> bool:
        """Whether the label and the key hint are drawn whole (not cut short) at the button's width."""
        label, hint, (pad, icon, _lh, _hh) = self._fitted(self.width())
        room = self.width() - 2 * (FOCUS_RING_PX + _RING_GAP + 1) - 2 * pad - ((icon + pad) if icon else 0)
        return max(QFontMetrics(label).horizontalAdvance(self.text()),
                   QFontMetrics(hint).horizontalAdvance(self._hint_text()) + pad) <= room

    def _metrics(self) -> tuple[int, int, int, int]:
        """Padding, icon size, label line height and hint line height, in pixels."""
        return self._measure()[2]

    def sizeHint(self) -> QSize:
        label, hint = self._fonts()
        pad, icon, lh, hh = self._metrics()
        ring = FOCUS_RING_PX + _RING_GAP + 1
        text_w = max(
            QFontMetrics(label).horizontalAdvance(self.text()),
            QFontMetrics(hint).horizontalAdvance(self._hint_text()) + pad * 2,
        )
        width = 2 * ring + 3 * pad + icon + text_w + pad
        height = 2 * ring + 2 * pad + lh + (hh + pad // 2 if self._key_hint or not self._ready else 0) + pad
        return QSize(width, max(MIN_TARGET_PX, height))

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(min(hint.width(), self._metrics()[1] * 3), hint.height())

    def _hint_text(self) -> str:
        return _("Wait") if not self._ready else self._key_hint

    def _colours(self) -> tuple[QColor, QColor]:
        t = current_theme()
        if not self._ready:
            return QColor(t.not_ready_bg), QColor(t.not_ready_text)
        bg, fg = {
            ButtonRole.PRIMARY: (t.primary_bg, t.primary_text),
            ButtonRole.SECONDARY: (t.secondary_bg, t.secondary_text),
            ButtonRole.HELP: (t.help_bg, t.help_text),
        }[self._role]
        return QColor(bg), QColor(fg)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._ready:  # the dwell bar moves: drawn afresh each time
            p = QPainter(self)
            self._draw(p)
            p.end()
            return
        # A ready button looks the same from one step to the next: drawn once, then copied.
        t = current_theme()
        bg, fg = self._colours()
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), dpr, self.text(), self._key_hint, self._icon_name, bg.rgba(),
               fg.rgba(), t.focus_ring, self.hasFocus(), self.isDown(), self._measure()[0].key())
        if self._drawn is None or self._drawn[0] != key:
            pixmap = QPixmap(round(self.width() * dpr), round(self.height() * dpr))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            self._draw(p)
            p.end()
            self._drawn = key, pixmap
        p = QPainter(self)
        p.drawPixmap(0, 0, self._drawn[1])
        p.end()

    def _draw(self, p: QPainter) -> None:
        t = current_theme()
        bg, fg = self._colours()
        label_font, hint_font, (pad, icon_px, lh, hh) = self._fitted(self.width())
        ring = FOCUS_RING_PX + _RING_GAP + 1
        body = QRectF(self.rect()).adjusted(ring, ring, -ring, -ring)
        radius = min(16.0, body.height() / 4)

        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.hasFocus():
            # A thick ring outside the body: focus is shown by shape, not only by colour.
            p.setPen(QPen(QColor(t.focus_ring), FOCUS_RING_PX))
            p.setBrush(Qt.BrushStyle.NoBrush)
            half = FOCUS_RING_PX / 2 + _RING_GAP
            p.drawRoundedRect(body.adjusted(-half, -half, half, half), radius + half, radius + half)
        border = QPen(fg, 6 if self.isDown() else 3)
        if not self._ready:
            border.setStyle(Qt.PenStyle.DashLine)
        p.setPen(border)
        p.setBrush(bg)
        p.drawRoundedRect(body.adjusted(1.5, 1.5, -1.5, -1.5), radius, radius)

        inner = body.toRect().adjusted(pad, pad, -pad, -pad)
        if not self._ready:
            # The dwell bar runs along the bottom, under the text, so the label stays readable.
            bar_h = max(10, pad)
            bar = QRectF(inner.left(), body.bottom() - pad / 2 - bar_h, inner.width(), bar_h)
            p.setPen(QPen(fg, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(bar)
            p.fillRect(
                QRectF(bar.left(), bar.top(), bar.width() * self.dwell_progress(), bar.height()),
                QColor(t.progress),
            )
            inner.setBottom(int(bar.top()) - 2)

        icon_name = self._icon_name if self._ready else WAIT_ICON
        if icon_name and icon_px:
            # Drawn from the icon font once per size and colour, not on every paint.
            pix = icon_pixmap(icon_name, icon_px, fg.name(), self.devicePixelRatioF())
            icon_rect = QRect(inner.left(), inner.center().y() - icon_px // 2, icon_px, icon_px)
            p.drawPixmap(icon_rect, pix)
            inner.setLeft(icon_rect.right() + pad)

        hint = self._hint_text()
        p.setPen(fg)
        p.setFont(label_font)
        text_h = lh + (hh + pad // 2 if hint else 0)
        top = inner.center().y() - text_h // 2
        label_rect = QRect(inner.left(), top, inner.width(), lh)
        elided = QFontMetrics(label_font).elidedText(self.text(), Qt.TextElideMode.ElideRight, inner.width())
        p.drawText(label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        if hint:
            p.setFont(hint_font)
            hw = QFontMetrics(hint_font).horizontalAdvance(hint) + pad
            cap = QRect(inner.left(), label_rect.bottom() + pad // 2, min(hw, inner.width()), hh)
            # A key cap outline, so the hint reads as "press this key".
            p.setPen(QPen(fg, 2))
            p.drawRoundedRect(cap, 6, 6)
            p.drawText(cap, Qt.AlignmentFlag.AlignCenter, hint)
