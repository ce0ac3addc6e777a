"""Reusable worker-screen widgets: furigana text, phrase-wrapped labels, big buttons, a counter and a
status strip.

Each widget paints large, reads its colours from :func:`flat_desktop.gui.style.current_theme`
(or the palette the style set) and reports an accessible name and description.

The widgets load on first use, so the station's first screen (furigana only) does not wait
for the icon library the buttons need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flat_desktop.gui.widgets.big_button import BigButton, ButtonRole
    from flat_desktop.gui.widgets.counter import Counter
    from flat_desktop.gui.widgets.field_row import FieldRow
    from flat_desktop.gui.widgets.fit_row import FitRow
    from flat_desktop.gui.widgets.furigana import FuriganaLabel
    from flat_desktop.gui.widgets.phrase_label import PhraseLabel
    from flat_desktop.gui.widgets.status_strip import StatusStrip

__all__ = ["BigButton", "ButtonRole", "Counter", "FieldRow", "FitRow", "FuriganaLabel", "PhraseLabel", "StatusStrip"]
_WHERE = {"BigButton": "big_button", "ButtonRole": "big_button", "Counter": "counter", "FieldRow": "field_row",
          "FitRow": "fit_row", "FuriganaLabel": "furigana", "PhraseLabel": "phrase_label",
          "StatusStrip": "status_strip"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
