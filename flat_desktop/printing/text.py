"""Fitting Japanese text into boxes: shrink to fit, wrap by character, write vertically.

Japanese has no spaces between words, so lines break between any two characters, except
that closing punctuation may not start a line and opening brackets may not end one
(kinsoku shori). Runs of Latin letters and digits are kept whole where they fit.
"""

from __future__ import annotations

import functools
import re
import weakref
from typing import Any

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

from flat_desktop.printing import fonts

ELLIPSIS = "…"
_NO_START = set("、。，．・：；？！ー―‐゛゜）」』】〕〉》］｝ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;?!)]}%")
_NO_END = set("（「『【〔〈《［｛([{")
_TOKEN = re.compile(r"[A-Za-z0-9@._%+\-/]+|.", re.DOTALL)


@functools.lru_cache(maxsize=65536)
def width(text: str, size: float) -> float:
    # cached: wrapping measures the same prefixes for every ticket of a batch
    return stringWidth(text, fonts.gothic(), size)


def fit_size(text: str, size: float, min_size: float, room: float) -> float:
    """The largest size from ``size`` down to ``min_size`` at which ``text`` fits in ``room`` points."""
    natural = width(text, size)
    if natural <= room or natural == 0:
        return size
    return max(min_size, size * room / natural * 0.999)  # 0.999: rounding must not overflow


def ellipsize(text: str, size: float, room: float) -> str:
    if width(text, size) <= room:
        return text
    while text and width(text + ELLIPSIS, size) > room:
        text = text[:-1]
    return text + ELLIPSIS


def wrap(text: str, size: float, room: float, max_lines: int | None = None) -> list[str]:
    """Break ``text`` into lines no wider than ``room``; the last kept line ends in '…' if cut.

    Breaking at spaces ("総務部 人事課") reads better, but only when it costs no extra line.
    """
    return list(_wrapped(text, size, room, max_lines))


@functools.lru_cache(maxsize=8192)
def _wrapped(text: str, size: float, room: float, max_lines: int | None) -> tuple[str, ...]:
    # cached: a batch of tickets wraps the same names, titles and notes again and again
    by_char = _wrap(text, size, room, at_spaces=False)
    by_word = _wrap(text, size, room, at_spaces=True)
    lines = by_word if len(by_word) <= len(by_char) else by_char
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = ellipsize(kept[-1] + "\u3000", size, room) if kept[-1] else ELLIPSIS
        return tuple(kept)
    return tuple(lines)


def _wrap(text: str, size: float, room: float, at_spaces: bool) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in _TOKEN.findall(paragraph):
            if width(line + token, size) <= room or not line:
                line += token
                continue
            space = max(line.rfind(" "), line.rfind("\u3000"))
            if at_spaces and token[0] not in " \u3000" and space > 0:
                lines.append(line[:space].rstrip())
                line = line[space + 1 :] + token
            elif len(line) > 1 and (token[0] in _NO_START or line[-1] in _NO_END):
                # kinsoku: pull the last character down with the token
                lines.append(line[:-1].rstrip())
                line = line[-1] + token
            else:
                lines.append(line.rstrip())
                line = token
            while width(line, size) > room and len(line) > 1:  # a Latin run longer than the box
                cut = len(line) - 1
                while cut > 1 and width(line[:cut], size) > room:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


def num(value: float) -> str:
    """A PDF number: four decimals (as reportlab writes page coordinates), trailing zeros dropped."""
    out = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if out in ("", "-0") else out


# Text operators of each (font, string, size) already shown in a document, without their position.
# reportlab's drawString builds a text object per call and formats every number in pure Python,
# which made text most of a ticket's rendering time; a batch repeats its labels, names and steps.
# The glyph codes of an embedded subset never change once assigned, so the cache is per document.
_SHOWN: weakref.WeakKeyDictionary[Any, dict[tuple[str, str, float], str]] = weakref.WeakKeyDictionary()


def _shown(c: Canvas, font_name: str, content: str, size: float) -> str | None:
    """The operators that select ``font_name`` and show ``content``; ``None`` for a non-TrueType font."""
    doc = c._doc
    cache = _SHOWN.get(doc)
    if cache is None:
        cache = _SHOWN[doc] = {}
    key = (font_name, content, size)
    ops = cache.get(key)
    if ops is None:
        font = getFont(font_name)
        if not font._dynamicFont:
            return None
        select = f"{num(size)} Tf {num(size * 1.2)} TL"
        parts: list[str] = []
        current = -1
        for subset, chunk in font.splitString(content, doc):  # subsets of up to 256 glyphs each
            if subset != current:
                parts.append(f"{font.getSubsetInternalName(subset, doc)} {select}")
                current = subset
            parts.append(f"({escapePDF(chunk)}) Tj")
        ops = cache[key] = " ".join(parts)
    return ops


def show(c: Canvas, x: float, y: float, content: str, size: float, *, font: str | None = None,
         bold: bool = False, char_space: float = 0) -> None:
    """Draw one line at baseline ``y`` in ``font`` (IPAex Gothic by default): the marks of
    ``drawString``, or of a text object in render mode 2 (fill and stroke) when ``bold``."""
    name = font or fonts.gothic()
    c.setFont(name, size)  # keep the canvas's idea of the font for callers that measure with it
    ops = _shown(c, name, content, size)
    if ops is None:
        c.drawString(x, y, content, mode=2 if bold else None, charSpace=char_space)
    elif char_space:
        c.addLiteral(f"BT 1 0 0 1 {num(x)} {num(y)} Tm {num(char_space)} Tc {ops} 0 Tc ET")
    elif bold:
        c.addLiteral(f"q {num(size * 0.035)} w BT 1 0 0 1 {num(x)} {num(y)} Tm 2 Tr {ops} 0 Tr ET Q")
    else:
        c.addLiteral(f"BT 1 0 0 1 {num(x)} {num(y)} Tm {ops} ET")


def draw(c: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False) -> None:
    """Draw one line at baseline ``y``; ``bold`` strokes the outline (IPAex has no bold face)."""
    show(c, x, y, text, size, bold=bold)


def draw_aligned(
    c: Canvas, x: float, y: float, room: float, text: str, size: float, align: str, *, bold: bool = False
) -> None:
    shift = {"left": 0.0, "center": (room - width(text, size)) / 2, "right": room - width(text, size)}[align]
    draw(c, x + shift, y, text, size, bold=bold)


# Characters that turn a quarter turn in vertical writing, because their shape is horizontal.
_ROTATE = set("ー―‐-－—~〜～()（）[]［］「」『』【】〔〕<>〈〉《》:：=＝…")
# Small kana and comma/full stop sit in the upper right of their cell in vertical writing.
_SHIFT = set("、。，．ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")


def vertical_fit(text: str, size: float, min_size: float, room: float) -> float:
    """The size at which ``text`` written top to bottom fits ``room`` points of height."""
    needed = len(text) * size
    return size if needed <= room or not text else max(min_size, room / len(text))


def draw_vertical(c: Canvas, cx: float, top: float, text: str, size: float, *, bold: bool = False) -> None:
    """Write ``text`` top to bottom centred on ``cx``, one character per em."""
    y = top
    for ch in text:
        y -= size
        if ch in _ROTATE:
            c.saveState()
            c.translate(cx, y + size / 2)
            c.rotate(-90)
            draw(c, -width(ch, size) / 2, -size * 0.35, ch, size, bold=bold)
            c.restoreState()
        elif ch in _SHIFT:
            draw(c, cx - width(ch, size) / 2 + size * 0.55, y + size * 0.6, ch, size, bold=bold)
        else:
            draw(c, cx - width(ch, size) / 2, y + size * 0.12, ch, size, bold=bold)
