"""The job types' icons on the desk's pages: the same Font Awesome glyphs the console draws
(``fa6s.copy``), from the font file qtawesome ships (SIL OFL), served by the desk itself (no CDN).
The font is found without importing qtawesome (which would bring Qt into the server); a name
it does not know shows the type's first letter instead."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

PREFIX = "fa6s"


@lru_cache(maxsize=1)
def _fonts() -> Path | None:
    try:
        spec = importlib.util.find_spec("qtawesome")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "fonts"
    return folder if folder.is_dir() else None


@lru_cache(maxsize=1)
def font_file() -> Path | None:
    folder = _fonts()
    found = sorted(folder.glob("fontawesome6-solid-webfont-*.ttf")) if folder else []
    return found[-1] if found else None


@lru_cache(maxsize=1)
def _charmap() -> dict[str, str]:
    folder = _fonts()
    found = sorted(folder.glob("fontawesome6-solid-webfont-charmap-*.json")) if folder else []
    if not found or font_file() is None:
        return {}
    try:
        data = json.loads(found[-1].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def glyph(icon: str) -> str:
    """The character of ``icon`` (``fa6s.copy``) in the served font, or "" when there is none."""
    prefix, _dot, name = (icon or "").partition(".")
    if prefix != PREFIX:
        return ""
    code = _charmap().get(name)
    try:
        return chr(int(code, 16)) if code else ""
    except ValueError:
        return ""
