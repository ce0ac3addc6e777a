"""Reusable worker-screen widgets: furigana text, big buttons, a counter and a status strip.

Each widget paints large, reads its colours from :func:`flat_desktop.gui.style.current_theme`
(or the palette the style set) and reports an accessible name and description.
"""

from flat_desktop.gui.widgets.big_button import BigButton, ButtonRole
from flat_desktop.gui.widgets.counter import Counter
from flat_desktop.gui.widgets.furigana import FuriganaLabel
from flat_desktop.gui.widgets.status_strip import StatusStrip

__all__ = ["BigButton", "ButtonRole", "Counter", "FuriganaLabel", "StatusStrip"]
