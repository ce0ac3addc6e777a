"""Parts side by side when they fit the width, else one under the other."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget


class FitRow(QWidget):
    """``parts`` in one row when their natural widths fit, else in a column.

    At 72 pt on a 1920 px screen a row saves the height of a whole line of buttons, and
    nothing on the station scrolls by key; on a narrow screen the column squeezes no label.
    The choice is made again whenever the width, a part's size or a part's visibility changes.
    Its minimum width is the column's, so a row never keeps a window from getting narrower.
    """

    def __init__(self, *parts: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts = parts
        self._box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            self._box.addWidget(part)

    def is_row(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.LeftToRight

    def row_width(self) -> int:
        """The width the shown parts need side by side, each at its natural size."""
        shown = [part for part in self._parts if not part.isHidden()]
        margins = self._box.contentsMargins()
        natural = sum(part.sizeHint().expandedTo(part.minimumSize()).width() for part in shown)
        return natural + self._box.spacing() * max(0, len(shown) - 1) + margins.left() + margins.right()

    def arrange(self, width: int | None = None) -> None:
        fits = self.row_width() <= (self.width() if width is None else width)
        direction = QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != direction:
            self._box.setDirection(direction)
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        shown = [part for part in self._parts if not part.isHidden()]
        margins = self._box.contentsMargins()
        widest = max((part.minimumSizeHint().width() for part in shown), default=0)
        return QSize(widest + margins.left() + margins.right(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a part was shown, hidden or resized
            self.arrange()
        return super().event(event)
