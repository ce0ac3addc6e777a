"""A word-wrapped label whose lines break where Japanese may break, not anywhere."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from flat_desktop import linebreak

_TALL = 1_000_000


class PhraseLabel(QLabel):
    """A QLabel that wraps by phrase (:mod:`flat_desktop.linebreak`): never 「くださ/い」, never
    a line that starts with 。 or ー.

    Qt lays out a copy of the text with invisible marks where a line may or may not break; the
    marks follow the label's width, so a phrase wider than the label is cut at its words
    instead of running past the edge. ``text()`` and the accessible name are the text as given.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._marked_at: tuple[int, str] | None = None  # (width, font) the shown copy was made for
        self._copies: dict[tuple[int, str], str] = {}  # marked copies by (width, font)
        self.setTextFormat(Qt.TextFormat.PlainText)  # marks inside markup would break it
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._text = text
        self.setAccessibleName(text)
        self._marked_at = None
        self._copies.clear()
        self._mark()

    def text(self) -> str:
        return self._text

    def shown_text(self) -> str:
        """The copy Qt lays out, with its line-break marks."""
        return super().text()

    # -- geometry ---------------------------------------------------------------------------

    def _inner(self, width: int) -> int:
        m = self.contentsMargins()
        return max(1, width - m.left() - m.right() - 2 * self.margin())

    def _marked(self, inner: int | None) -> str:
        """The copy for ``inner`` pixels; for None (not laid out yet) the runs between spaces are
        kept whole and nothing is analysed: the first screen does not wait for the dictionary."""
        key = (inner or 0, self.font().key())
        copy = self._copies.get(key)
        if copy is None:
            fm = QFontMetricsF(self.font())
            text = self._text

            def fits(start: int, end: int) -> bool:
                return inner is None or fm.horizontalAdvance(text[start:end].rstrip()) <= inner

            copy = linebreak.marked(text, fits)
            if len(self._copies) > 8:
                self._copies.clear()
            self._copies[key] = copy
        return copy

    def _mark(self) -> None:
        laid_out = self.testAttribute(Qt.WidgetAttribute.WA_Resized)
        inner = self._inner(self.width()) if laid_out else None
        key = (inner or 0, self.font().key())
        if key == self._marked_at:
            return
        self._marked_at = key
        shown = self._marked(inner)
        if shown != super().text():
            super().setText(shown)

    def heightForWidth(self, width: int) -> int:
        # QLabel would measure the copy marked for the width it has now, not for ``width``.
        inner = self._inner(width)
        flags = int(self.alignment()) | int(Qt.TextFlag.TextWordWrap)
        rect = self.fontMetrics().boundingRect(QRect(0, 0, inner, _TALL), flags, self._marked(inner))
        m = self.contentsMargins()
        return rect.height() + m.top() + m.bottom() + 2 * self.margin()

    def minimumSizeHint(self) -> QSize:
        # As narrow as its widest unbreakable piece (a character, a number), not its widest phrase.
        hint = super().minimumSizeHint()
        fm = QFontMetricsF(self.font())
        narrow = max((fm.horizontalAdvance(self._text[s:e].rstrip()) for s, e in linebreak.atoms(self._text)),
                     default=0.0)
        m = self.contentsMargins()
        return QSize(min(hint.width(), int(narrow + 0.999) + m.left() + m.right() + 2 * self.margin()),
                     hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._mark()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._mark()
