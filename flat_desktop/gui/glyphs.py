"""Icons drawn straight from the icon fonts that qtawesome ships, without importing qtawesome.

qtawesome pulls in qtpy and all of QtWidgets' wrappers (about a third of a second), so the
station's first screen draws its one picture this way and paints before the rest loads.
The glyph is placed as qtawesome places it (7/8 of the box, centred), so both look alike.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache, lru_cache
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPixmap

_FONTS = {"fa6s": "fontawesome6-solid-webfont", "fa6r": "fontawesome6-regular-webfont"}


def _font_dir() -> Path | None:
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@cache
def _font(prefix: str) -> tuple[str, dict[str, str]] | None:
    """(family, charmap) of an icon font, loaded into Qt once."""
    folder, stem = _font_dir(), _FONTS.get(prefix)
    if folder is None or stem is None:
        return None
    ttf = sorted(folder.glob(f"{stem}-*.ttf"))
    charmap = sorted(folder.glob(f"{stem}-charmap-*.json"))
    if not ttf or not charmap:
        return None
    font_id = QFontDatabase.addApplicationFont(str(ttf[-1]))
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    return families[0], json.loads(charmap[-1].read_text(encoding="utf-8"))


def glyph_pixmap(name: str, px: int, colour: str) -> QPixmap | None:
    """``"fa6s.id-card"`` drawn ``px`` pixels square in ``colour``; None if the font or name is unknown."""
    prefix, _dot, glyph = name.partition(".")
    loaded = _font(prefix)
    if loaded is None or glyph not in loaded[1]:
        return None
    family, charmap = loaded
    pixmap = QPixmap(px, px)
    pixmap.fill(Qt.GlobalColor.transparent)
    font = QFont(family)
    font.setPixelSize(round(0.875 * px))
    if prefix.endswith("s"):
        font.setStyleName("Solid")
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setFont(font)
    p.setPen(QColor(colour))
    p.drawText(QRect(0, 0, px, px), int(Qt.AlignmentFlag.AlignCenter), chr(int(charmap[glyph], 16)))
    p.end()
    return pixmap


FALLBACK_ICON = "fa6s.circle-info"


@lru_cache(maxsize=512)
def icon_pixmap(name: str, px: int, colour: str, dpr: float = 1.0) -> QPixmap:
    """The icon ``name`` as a pixmap ``px`` (logical) pixels square in ``colour``, drawn once per
    name, size, colour and pixel ratio and then shared: callers must not paint on it.

    Font Awesome comes straight from its font; other sets (``mdi6.``) through qtawesome, which
    is imported only then. An unknown name gives the "info" icon: a step template's typo must
    not break the screen.
    """
    device = max(1, round(px * dpr))
    pixmap = glyph_pixmap(name, device, colour)
    if pixmap is not None:
        pixmap.setDevicePixelRatio(dpr)
        return pixmap
    import qtawesome as qta

    try:
        icon = qta.icon(name, color=colour)
    except Exception:
        icon = qta.icon(FALLBACK_ICON, color=colour)
    return icon.pixmap(QSize(px, px), dpr)
