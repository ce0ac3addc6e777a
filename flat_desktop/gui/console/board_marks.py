"""The board's marks for late work: a word on the card (「期限切れ」, 「あぶない」) in bold and
a background, so colour is never the only signal. The card's text keeps the theme's colour;
each background reaches 7:1 with it (WCAG AAA, checked by a test)."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QListWidgetItem

from flat_desktop.i18n import _
from flat_desktop.services.deadlines import AT_RISK, OVERDUE

BACKGROUNDS: dict[str, str] = {
    OVERDUE: "#FFC9C9",  # light red
    AT_RISK: "#FFE89A",  # light amber
}


def mark_word(risk: str | None) -> str:
    if risk == OVERDUE:
        return _("[overdue]")
    if risk == AT_RISK:
        return _("[at risk]")
    return ""


def paint(item: QListWidgetItem, risk: str | None) -> None:
    """Colour a card for its mark, or give it back the list's own background."""
    bg = BACKGROUNDS.get(risk or "")
    # No brush draws nothing: the list's background shows (a None in item data would upset PySide).
    brush = QBrush(QColor(bg)) if bg else QBrush()
    if item.background() != brush:
        item.setBackground(brush)
    font = QFont(item.font())
    font.setBold(bg is not None)
    if item.font() != font:
        item.setFont(font)
