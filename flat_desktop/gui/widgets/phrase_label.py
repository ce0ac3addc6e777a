"""A word-wrapped label whose lines break where Japanese may break, not anywhere."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QResizeEvent, QShowEvent
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
        self._marked_at: tuple[int, str, int] | None = None  # (width, font, generation) of the shown copy
        self._copies: dict[tuple[int, str, int], str] = {}  # marked copies by (width, font, generation)
        # Heights by (width, font, generation, on view): a window's layout asks hundreds of times a screen.
        self._heights: dict[tuple[int, str, int, bool], int] = {}
        self.setTextFormat(Qt.TextFormat.PlainText)  # marks inside markup would break it
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._text = text
        self.setAccessibleName(text)
        self._marked_at = None
        self._copies.clear()
        self._heights.clear()
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
        """The copy for ``inner`` pixels; for None (not on view yet) the runs between spaces are
        kept whole and nothing is analysed: the station does not wait for the dictionary to
        build screens nobody sees yet."""
        key = (inner or 0, self.font().key(), linebreak.generation())
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

    def _on_view(self) -> bool:
        """Placed by a layout and on a page that is shown (not one of the stacked screens that
        wait hidden): only then are phrases worth finding."""
        return self.testAttribute(Qt.WidgetAttribute.WA_Resized) and self.isVisibleTo(self.window())

    def _mark(self) -> None:
        inner = self._inner(self.width()) if self._on_view() else None
        key = (inner or 0, self.font().key(), linebreak.generation())
        if key == self._marked_at:
            return
        self._marked_at = key
        shown = self._marked(inner)
        if shown != super().text():
            super().setText(shown)

    def heightForWidth(self, width: int) -> int:
        # QLabel would measure the copy marked for the width it has now, not for ``width``.
        inner = self._inner(width)
        on_view = self.isVisibleTo(self.window())
        key = (inner, self.font().key(), linebreak.generation(), on_view)
        height = self._heights.get(key)
        if height is None:
            shown = self._marked(inner if on_view else None)
            flags = int(self.alignment()) | int(Qt.TextFlag.TextWordWrap)
            rect = self.fontMetrics().boundingRect(QRect(0, 0, inner, _TALL), flags, shown)
            m = self.contentsMargins()
            height = rect.height() + m.top() + m.bottom() + 2 * self.margin()
            if len(self._heights) > 16:
                self._heights.clear()
            self._heights[key] = height
        return height

    def minimumSizeHint(self) -> QSize:
        # As narrow as its widest unbreakable piece (a character, a number), not its widest phrase.
        hint = super().minimumSizeHint()
        fm = QFontMetricsF(self.font())
        narrow = max((fm.horizontalAdvance(self._text[s:e].rstrip()) for s, e in linebreak.atoms(self._text)),
                     default=0.0)
        m = self.contentsMargins()
        return QSize(min(hint.width(), int(narrow + 0.999) + m.left() + m.right() + 2 * self.margin()),
                     hint.height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._mark()  # a screen shown again may break differently now (see linebreak.generation)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._mark()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._mark()
