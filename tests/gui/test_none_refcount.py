"""Qt calls that return nothing must not drop references to None: on Python 3.11 a station
that paints for a few minutes would otherwise abort ("none_dealloc", PySide6 6.12.0)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen


def test_painting_and_timers_keep_none_alive(qapp) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    pen = QPen(QColor("#000000"))
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.setPen(pen)
        painter.drawRect(QRect(0, 0, 8, 8))
        timer.setInterval(5)
    lost = before - sys.getrefcount(None)
    painter.end()
    assert lost < 100, f"{lost} references to None lost in 6000 Qt calls"
