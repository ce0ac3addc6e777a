"""Applying a theme and text size to the application."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from flat_desktop.gui import style
from flat_desktop.themes import get_theme


def test_apply_style_uses_fusion_the_bundled_font_and_the_theme(styled: QApplication) -> None:
    """Fusion, IPAex Gothic first in the font families, palette and stylesheet from the theme."""
    theme = style.apply_style(styled, "yellow_on_black", 40)
    font = styled.font()
    assert font.pointSize() == 40
    assert style.load_bundled_font() is not None
    assert font.families()[0] == style.load_bundled_font()
    assert "Noto Sans CJK JP" in font.families()
    assert styled.palette().color(QPalette.ColorRole.Window).name().upper() == theme.window_bg
    assert theme.focus_ring in styled.styleSheet()
    assert style.current_theme() is get_theme("yellow_on_black")
    styled.setStyleSheet("")  # with a stylesheet, style() is Qt's stylesheet wrapper around Fusion
    assert styled.style().name().lower() == "fusion"


@pytest.mark.parametrize(("asked", "used"), [(10, 24), (24, 24), (50, 50), (200, 72)])
def test_worker_text_size_is_kept_between_24_and_72_pt(styled: QApplication, asked: int, used: int) -> None:
    """A profile can never make the worker screen smaller than 24 pt or larger than 72 pt."""
    style.apply_style(styled, "dark", asked)
    assert styled.font().pointSize() == used
    assert style.current_text_pt() == used


def test_apply_style_to_one_window_leaves_the_application_alone(styled: QApplication, qtbot) -> None:
    """A station window can be styled without restyling a supervisor console in the same process."""
    styled.setStyleSheet("")
    window = QPushButton("x")
    qtbot.addWidget(window)
    style.apply_style(styled, "light", 30, target=window)
    assert window.font().pointSize() == 30
    assert "min-height: 96px" in window.styleSheet()
    assert styled.styleSheet() == ""
