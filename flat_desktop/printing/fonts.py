"""The two fonts every document uses, registered once with reportlab as embedded TrueType.

Japanese text uses IPAex Gothic from ``resources/fonts`` (reportlab subsets and embeds it,
so a PC without Japanese fonts prints the same page). Pictograms use the Font Awesome solid
TrueType file that ships inside the installed qtawesome package; it is located with
``importlib.util.find_spec`` so that Qt is never imported here. Without it, icons fall back
to drawn pictograms (see :mod:`flat_desktop.printing.icons`).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from flat_desktop.assets import resource
from flat_desktop.i18n import _

GOTHIC = "IPAexGothic"
ICONS = "FlatIcons"


@functools.cache
def gothic() -> str:
    """Register IPAex Gothic (once per process) and return its reportlab name."""
    path = resource("fonts", "ipaexg.ttf")
    if not path.is_file():
        raise FileNotFoundError(
            _("The Japanese font is missing: {path}. Reinstall flat station desktop.").format(path=path))
    pdfmetrics.registerFont(TTFont(GOTHIC, str(path)))
    return GOTHIC


def icon_font_path() -> Path | None:
    """The Font Awesome 6 solid TTF inside the qtawesome package, without importing qtawesome."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder, "fonts").glob("fontawesome6-solid-webfont-*.ttf"))
        if found:
            return found[-1]
    return None


@functools.cache
def icons() -> str | None:
    """Register the pictogram font and return its name, or ``None`` when it is not installed."""
    path = icon_font_path()
    if path is None:
        return None
    try:
        pdfmetrics.registerFont(TTFont(ICONS, str(path)))
    except Exception:  # a damaged or unexpected font file must not stop printing
        return None
    return ICONS


@functools.cache
def _gothic_chars() -> frozenset[int]:
    face = pdfmetrics.getFont(gothic()).face
    return frozenset(face.charToGlyph)


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` the ticket font has no glyph for (an emoji prints as an empty box)."""
    known = _gothic_chars()
    seen: list[str] = []
    for c in text:
        if ord(c) not in known and not c.isspace() and c not in seen:
            seen.append(c)
    return seen
