"""Pictograms for job types and machines: a Font Awesome glyph, or a drawn sign without it.

Glyphs are looked up by name in the charmap that ships beside the font, so a newer
qtawesome with moved code points still prints the right picture.
"""

from __future__ import annotations

import functools
import json

from reportlab.pdfgen.canvas import Canvas

from flat_desktop.printing import fonts, text
from flat_desktop.printing.layout import Box
from flat_desktop.printing.model import JobType, MachineKind

GLYPHS: dict[str, str] = {
    JobType.MINUTES: "microphone",
    JobType.DATA_ENTRY: "keyboard",
    JobType.ENCLOSING: "envelopes-bulk",
    JobType.CARDS: "address-card",
    JobType.COPYING: "copy",
    JobType.FILES: "folder-open",
    JobType.BADGES: "certificate",
    JobType.DIGITISING: "file-arrow-up",
    JobType.LENDING: "video",
    JobType.MAIL_ROUND: "cart-flatbed",
    JobType.EVENING_PAPER: "newspaper",
    MachineKind.COPIER: "print",
    MachineKind.PRINTER: "print",
    MachineKind.LABEL_PRINTER: "tags",
    MachineKind.FOLDER: "layer-group",
    MachineKind.SEALER: "envelope-circle-check",
    MachineKind.CUTTER: "scissors",
    MachineKind.SCANNER: "file-arrow-up",
    MachineKind.BADGE_PRESS: "stamp",
    MachineKind.PC: "computer",
    MachineKind.CAMERA: "video",
    MachineKind.OTHER: "gear",
}


@functools.cache
def _charmap() -> dict[str, str]:
    path = fonts.icon_font_path()
    if path is None:
        return {}
    found = sorted(path.parent.glob("fontawesome6-solid-webfont-charmap-*.json"))
    if not found:
        return {}
    return {name: chr(int(code, 16)) for name, code in json.loads(found[-1].read_text("utf-8")).items()}


def glyph(key: str) -> str | None:
    """The character for ``key`` in the icon font, or ``None`` when it cannot be printed."""
    name = GLYPHS.get(key)
    if name is None or fonts.icons() is None:
        return None
    return _charmap().get(name)


def draw_icon(c: Canvas, key: str, box: Box, fallback: str = "") -> None:
    """Draw the pictogram for ``key`` centred in ``box``.

    Without the icon font a rounded frame with ``fallback`` (the first character of the
    name) is drawn instead, so the document still has a visual anchor.
    """
    size = min(box.w, box.h)
    ch = glyph(key)
    font = fonts.icons()
    if ch is not None and font is not None:
        glyph_size = size * 0.86
        w = c.stringWidth(ch, font, glyph_size)
        text.show(c, box.x + (box.w - w) / 2, box.y + (box.h - glyph_size * 0.86) / 2, ch, glyph_size, font=font)
        return
    x = box.x + (box.w - size) / 2
    y = box.y + (box.h - size) / 2
    c.saveState()
    c.setLineWidth(size * 0.06)
    c.roundRect(x + size * 0.05, y + size * 0.05, size * 0.9, size * 0.9, size * 0.18, stroke=1, fill=0)
    c.restoreState()
    if fallback:
        letter = fallback[0]
        fs = size * 0.55
        text.draw(c, x + (size - text.width(letter, fs)) / 2, y + size * 0.3, letter, fs, bold=True)
