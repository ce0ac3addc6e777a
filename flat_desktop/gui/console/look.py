"""The console's look: the light theme at a supervisor's desk size, with denser controls."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from flat_desktop.gui.style import apply_style

CONSOLE_PT = 13

# The worker-screen sheet sizes every control for touch (96 px); a supervisor's PC with a
# mouse needs denser controls, so the console tightens them (colours stay the theme's).
CONSOLE_SHEET = """
QPushButton { min-height: 36px; padding: 4px 14px; border-width: 2px; border-radius: 6px; }
QLineEdit, QAbstractSpinBox, QComboBox { min-height: 34px; padding: 2px 6px; border-width: 2px; border-radius: 4px; }
QPushButton:focus, QLineEdit:focus, QAbstractSpinBox:focus, QAbstractItemView:focus,
QCheckBox:focus, QComboBox:focus { border-width: 3px; }
QLabel[tone="help"], QLabel[tone="error"], QLabel[tone="success"] { border-width: 2px; border-radius: 6px;
    padding: 4px 8px; }
QFrame[tone="help"] { border-width: 3px; border-radius: 8px; }
QScrollBar:vertical { width: 16px; }
QScrollBar:horizontal { height: 16px; }
QScrollBar::handle { min-height: 30px; min-width: 30px; }
QTabBar::tab { padding: 8px 18px; }
QListWidget::item { border-bottom: 1px solid #5c5c5c; padding: 4px 2px; }
QListWidget::item:disabled { border-bottom: none; }
"""


def style_console(app: QApplication) -> None:
    t = apply_style(app, "light", CONSOLE_PT, worker_screen=False)
    # Styled list items no longer use the palette's selection colour: give it back explicitly.
    selected = (f"QListWidget::item:selected {{ background-color: {t.highlight_bg}; color: {t.highlight_text}; }}\n"
                f"QListWidget::item:selected:!active {{ background-color: {t.highlight_bg}; "
                f"color: {t.highlight_text}; }}\n")
    app.setStyleSheet(app.styleSheet() + CONSOLE_SHEET + selected)
