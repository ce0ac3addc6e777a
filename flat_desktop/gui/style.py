"""Apply a worker's theme and text size to the application (or to one station window).

Fusion style, a QPalette and a stylesheet are all built from one :class:`~flat_desktop.themes.Theme`,
so standard Qt widgets and the custom-painted station widgets agree. The bundled IPAex Gothic is
loaded once and preferred over system fonts, so Japanese looks the same on every station PC.

Usage (the station window, after a worker signs in)::

    apply_style(QApplication.instance(), profile.theme, profile.text_pt, target=station_window)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from flat_desktop.assets import resource
from flat_desktop.themes import DEFAULT_THEME, Theme, get_theme

log = logging.getLogger(__name__)

WORKER_MIN_PT = 24
WORKER_MAX_PT = 72
WORKER_DEFAULT_PT = 32
FALLBACK_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic UI", "Meiryo", "sans-serif")
FOCUS_RING_PX = 6
MIN_TARGET_PX = 96  # the smallest touch target on the worker screen (BRIEF §4)
PROGRESS_MAX_PX = 36  # "step 3 of 6" says it in words too; at 72 pt a taller bar pushed the step off screen

_current: Theme = get_theme(DEFAULT_THEME)
_current_pt: int = WORKER_DEFAULT_PT
_fusion_for: QApplication | None = None  # the application given the Fusion style


def current_theme() -> Theme:
    """The theme last applied; custom-painted widgets read their colours from it when they paint."""
    return _current


def current_text_pt() -> int:
    return _current_pt


@contextmanager
def borrowed_look(theme: Theme, point_size: int) -> Iterator[None]:
    """Let custom-painted widgets read ``theme`` and ``point_size`` for a moment (a preview of
    another look, e.g. a worker's profile on the console), then restore the current ones."""
    global _current, _current_pt
    saved = _current, _current_pt
    _current, _current_pt = theme, point_size
    try:
        yield
    finally:
        _current, _current_pt = saved


def clamp_worker_pt(point_size: int) -> int:
    """The worker screen is never below 24 pt nor above 72 pt, whatever a profile says."""
    return max(WORKER_MIN_PT, min(WORKER_MAX_PT, int(point_size)))


@lru_cache(maxsize=1)
def load_bundled_font() -> str | None:
    """Register the bundled IPAex Gothic with Qt once; its family name, or None if it cannot be loaded."""
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "ipaexg.ttf")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled font ipaexg.ttf could not be loaded; using system Japanese fonts")
        return None
    return families[0]


def station_font(point_size: int) -> QFont:
    """A font for ``point_size`` that prefers IPAex Gothic and falls back to Noto Sans CJK JP."""
    bundled = load_bundled_font()
    families = [bundled, *FALLBACK_FAMILIES] if bundled else list(FALLBACK_FAMILIES)
    font = QFont()
    font.setFamilies(families)
    font.setPointSize(point_size)
    # Kana and kanji at large sizes stay crisp without hinting snapping strokes together.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def build_palette(theme: Theme) -> QPalette:
    """A palette whose roles map onto the theme, for widgets that paint from the palette."""
    pal = QPalette()
    c = QColor
    roles = {
        QPalette.ColorRole.Window: theme.window_bg,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.card_bg,
        QPalette.ColorRole.AlternateBase: theme.window_bg,
        QPalette.ColorRole.Text: theme.card_text,
        QPalette.ColorRole.PlaceholderText: theme.muted_text,
        QPalette.ColorRole.Button: theme.secondary_bg,
        QPalette.ColorRole.ButtonText: theme.secondary_text,
        QPalette.ColorRole.BrightText: theme.error_text,
        QPalette.ColorRole.Highlight: theme.highlight_bg,
        QPalette.ColorRole.HighlightedText: theme.highlight_text,
        QPalette.ColorRole.ToolTipBase: theme.status_bg,
        QPalette.ColorRole.ToolTipText: theme.status_text,
        QPalette.ColorRole.Link: theme.text,
        QPalette.ColorRole.Accent: theme.primary_bg,
    }
    for role, colour in roles.items():
        pal.setColor(role, c(colour))
    # Disabled widgets keep readable colours: low-vision workers must still read them.
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, c(theme.not_ready_text))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, c(theme.not_ready_bg))
    return pal


def build_stylesheet(theme: Theme, point_size: int) -> str:
    """The stylesheet for standard widgets on the worker screen.

    Dynamic properties select the look: ``card="true"`` on a QFrame, ``tone`` = ``help`` /
    ``success`` / ``error`` on a QFrame or QLabel, ``muted="true"`` on a QLabel, and ``role`` =
    ``primary`` / ``secondary`` / ``help`` on a QPushButton.
    """
    t = theme
    ring = FOCUS_RING_PX
    pad = max(8, point_size // 3)
    return f"""
QMainWindow, QDialog, QWidget[station="true"] {{ background-color: {t.window_bg}; color: {t.text}; }}
QLabel {{ color: {t.text}; background: transparent; }}
QLabel[muted="true"] {{ color: {t.muted_text}; }}
QFrame[card="true"] {{
    background-color: {t.card_bg}; color: {t.card_text};
    border: 3px solid {t.card_text}; border-radius: 12px;
}}
QFrame[card="true"] QLabel, QFrame[card="true"] FuriganaLabel {{ color: {t.card_text}; }}
QFrame[tone="help"], QLabel[tone="help"] {{
    background-color: {t.help_bg}; color: {t.help_text}; border: 4px solid {t.help_text}; border-radius: 12px;
}}
QFrame[tone="success"], QLabel[tone="success"] {{
    background-color: {t.success_bg}; color: {t.success_text}; border: 4px solid {t.success_text};
    border-radius: 12px;
}}
QFrame[tone="error"], QLabel[tone="error"] {{
    background-color: {t.error_bg}; color: {t.error_text}; border: 4px solid {t.error_text};
    border-radius: 12px;
}}
QFrame[tone="help"] QLabel, QFrame[tone="help"] FuriganaLabel {{ color: {t.help_text}; border: none; }}
QFrame[tone="success"] QLabel, QFrame[tone="success"] FuriganaLabel {{ color: {t.success_text}; border: none; }}
QFrame[tone="error"] QLabel, QFrame[tone="error"] FuriganaLabel {{ color: {t.error_text}; border: none; }}
QPushButton {{
    min-height: {MIN_TARGET_PX}px; padding: {pad}px {pad * 2}px;
    background-color: {t.secondary_bg}; color: {t.secondary_text};
    border: 3px solid {t.secondary_text}; border-radius: 12px;
}}
QPushButton[role="primary"] {{ background-color: {t.primary_bg}; color: {t.primary_text};
    border-color: {t.primary_text}; }}
QPushButton[role="help"] {{ background-color: {t.help_bg}; color: {t.help_text}; border-color: {t.help_text}; }}
QPushButton:disabled {{ background-color: {t.not_ready_bg}; color: {t.not_ready_text};
    border: 3px dashed {t.not_ready_text}; }}
QPushButton:focus, QLineEdit:focus, QAbstractSpinBox:focus, QAbstractItemView:focus,
QCheckBox:focus, QRadioButton:focus, QComboBox:focus {{
    border: {ring}px solid {t.focus_ring};
}}
QLineEdit, QAbstractSpinBox, QComboBox {{
    min-height: {MIN_TARGET_PX}px; padding: 4px {pad}px; background-color: {t.card_bg}; color: {t.card_text};
    border: 3px solid {t.card_text}; border-radius: 8px;
    selection-background-color: {t.highlight_bg}; selection-color: {t.highlight_text};
}}
QAbstractItemView {{ background-color: {t.card_bg}; color: {t.card_text};
    selection-background-color: {t.highlight_bg}; selection-color: {t.highlight_text}; }}
QProgressBar {{
    min-height: {max(24, min(PROGRESS_MAX_PX, point_size))}px; border: 3px solid {t.text}; border-radius: 8px;
    background-color: {t.window_bg}; color: {t.text}; text-align: center;
}}
QProgressBar::chunk {{ background-color: {t.progress}; }}
QScrollBar:vertical {{ width: 40px; background: {t.window_bg}; }}
QScrollBar:horizontal {{ height: 40px; background: {t.window_bg}; }}
QScrollBar::handle {{ background: {t.muted_text}; border-radius: 8px; min-height: 60px; min-width: 60px; }}
QToolTip {{ background-color: {t.status_bg}; color: {t.status_text}; border: 2px solid {t.status_text}; }}
"""


def apply_style(
    app: QApplication,
    theme: Theme | str | None = None,
    point_size: int = WORKER_DEFAULT_PT,
    *,
    target: QWidget | None = None,
    worker_screen: bool = True,
) -> Theme:
    """Apply ``theme`` and ``point_size`` (pt); returns the theme used.

    With ``target`` the palette, font and stylesheet go on that window only (a supervisor's
    console in the same process keeps its own look); otherwise on the whole application.
    ``worker_screen`` clamps the size to 24–72 pt.
    """
    global _current, _current_pt, _fusion_for
    chosen = theme if isinstance(theme, Theme) else get_theme(theme)
    size = clamp_worker_pt(point_size) if worker_screen else int(point_size)
    if _fusion_for is not app:
        # Setting a style repolishes every widget of the application: once, not per profile.
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
            _fusion_for = app
    palette = build_palette(chosen)
    font = station_font(size)
    sheet = build_stylesheet(chosen, size)
    _current, _current_pt = chosen, size
    if target is None:
        app.setPalette(palette)
        app.setFont(font)
        app.setStyleSheet(sheet)
        widgets = app.allWidgets()
    else:
        target.setPalette(palette)
        target.setFont(font)
        target.setStyleSheet(sheet)
        target.setAutoFillBackground(True)
        widgets = [target, *target.findChildren(QWidget)]
    for widget in widgets:
        # Custom-painted widgets read current_theme(); geometry depends on the new font size.
        widget.updateGeometry()
        widget.update()
    return chosen
