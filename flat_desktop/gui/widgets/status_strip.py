"""A strip along the screen edge: online or offline (with icon and words), and a short note."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from flat_desktop import linebreak
from flat_desktop.gui.style import WORKER_MIN_PT, current_theme
from flat_desktop.i18n import _

STRIP_SCALE = 0.7
ONLINE_ICON = "mdi6.lan-connect"
OFFLINE_ICON = "mdi6.lan-disconnect"
_WRAP = Qt.TextFlag.TextWordWrap


def _wrapped(text: str, fm: QFontMetrics, width: int) -> str:
    """``text`` marked so that Qt wraps it by phrase at ``width`` (see :mod:`flat_desktop.linebreak`)."""
    return linebreak.marked(text, lambda s, e: fm.horizontalAdvance(text[s:e].rstrip()) <= width)


class StatusStrip(QWidget):
    """Shows whether the station reaches the server, and a note on the right (a name, a clock).

    Offline is told by its own icon, its own words and a dashed border, never by colour alone;
    the words also say the work is kept, so a worker does not stop.

    Signals: none (display only).
    """

    def __init__(self, parent: QWidget | None = None, *, online: bool = True, note: str = "") -> None:
        super().__init__(parent)
        self._online = online
        self._note = note
        self._state: str | None = None  # words from the sync engine replace the plain online/offline
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._update_accessible()

    def set_online(self, online: bool) -> None:
        if online != self._online or self._state is not None:
            self._online, self._state = online, None
            self._update_accessible()
            self.update()

    def set_state(self, online: bool, text: str) -> None:
        """Online or offline with the sync engine's own words (e.g. how many wait to be sent)."""
        if online != self._online or text != self._state:
            self._online, self._state = online, text
            self._update_accessible()
            self.updateGeometry()
            self.update()

    def is_online(self) -> bool:
        return self._online

    def set_note(self, note: str) -> None:
        self._note = note
        self._update_accessible()
        self.updateGeometry()
        self.update()

    def state_text(self) -> str:
        if self._state:
            return self._state
        return _("Online") if self._online else _("Offline — your work is saved and sent later")

    def _update_accessible(self) -> None:
        self.setAccessibleName(_("Connection status"))
        self.setAccessibleDescription(" ".join(s for s in (self.state_text(), self._note) if s))

    def _font(self) -> QFont:
        # Never below the station's smallest text, whatever font the strip was left with.
        font = QFont(self.font())
        font.setPointSizeF(max(float(WORKER_MIN_PT), font.pointSizeF() * STRIP_SCALE))
        return font

    def _text_rects(self, width: int) -> tuple[QRect, QRect, int]:
        """Where the state words and the note go at ``width``, and the strip height.

        Long words wrap onto more lines instead of being cut off at large sizes.
        """
        fm = QFontMetrics(self._font())
        pad = fm.height() // 4
        left = pad * 3 + fm.height()
        avail = max(fm.height(), width - left - pad * 2)
        note_text = _wrapped(self._note, fm, avail)
        note = fm.boundingRect(QRect(0, 0, avail, 10_000), _WRAP, note_text) if self._note else QRect()
        # The note sits to the right when both fit on one line, otherwise under the state words.
        beside = fm.horizontalAdvance(self.state_text()) + pad * 2 + note.width() <= avail
        state_w = avail - note.width() - pad * 2 if beside and self._note else avail
        state = fm.boundingRect(QRect(0, 0, state_w, 10_000), _WRAP, _wrapped(self.state_text(), fm, state_w))
        state_rect = QRect(left, pad, state_w, state.height())
        note_top = pad if beside else state_rect.bottom() + 1
        note_rect = QRect(left, note_top, avail, note.height())
        height = max(state_rect.bottom(), note_rect.bottom() if self._note else 0) + pad + 1
        return state_rect, note_rect, max(height, fm.height() + 2 * pad)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._text_rects(width)[2]

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self._font())
        width = fm.height() * 2 + fm.horizontalAdvance(self.state_text() + "    " + self._note)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = QFontMetrics(self._font()).height() * 6
        return QSize(width, self.heightForWidth(width))

    def paintEvent(self, event: QPaintEvent) -> None:
        t = current_theme()
        fg = QColor(t.status_text)
        font = self._font()
        fm = QFontMetrics(font)
        pad = fm.height() // 4
        state_rect, note_rect, _height = self._text_rects(self.width())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(t.status_bg))
        if not self._online:
            p.setPen(QPen(fg, 4, Qt.PenStyle.DashLine))
            p.drawRect(QRectF(self.rect()).adjusted(2, 2, -2, -2))
        icon_px = fm.height()
        icon = qta.icon(ONLINE_ICON if self._online else OFFLINE_ICON, color=fg)
        p.drawPixmap(
            QRect(pad * 2, state_rect.top(), icon_px, icon_px),
            icon.pixmap(QSize(icon_px, icon_px), self.devicePixelRatioF()),
        )
        p.setFont(font)
        p.setPen(fg)
        p.drawText(state_rect, _WRAP | Qt.AlignmentFlag.AlignLeft, _wrapped(self.state_text(), fm, state_rect.width()))
        if self._note:
            p.drawText(note_rect, _WRAP | Qt.AlignmentFlag.AlignRight, _wrapped(self._note, fm, note_rect.width()))
        p.end()
