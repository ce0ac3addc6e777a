"""Fitting Japanese text into boxes: shrink to fit, wrap by character, write vertically.

Japanese has no spaces between words, so lines break between any two characters, except
that closing punctuation may not start a line and opening brackets may not end one
(kinsoku shori). Runs of Latin letters and digits are kept whole where they fit.
"""

from __future__ import annotations

import functools
import re

from reportlab.pdfbase.pdfmetrics import stringWidth
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
    by_char = _wrap(text, size, room, at_spaces=False)
    by_word = _wrap(text, size, room, at_spaces=True)
    lines = by_word if len(by_word) <= len(by_char) else by_char
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = ellipsize(kept[-1] + "\u3000", size, room) if kept[-1] else ELLIPSIS
        return kept
    return lines


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


def draw(c: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False) -> None:
    """Draw one line at baseline ``y``; ``bold`` strokes the outline (IPAex has no bold face)."""
    c.setFont(fonts.gothic(), size)
    if bold:
        c.saveState()
        c.setLineWidth(size * 0.035)
        t = c.beginText(x, y)
        t.setTextRenderMode(2)
        t.textOut(text)
        c.drawText(t)
        c.restoreState()
    else:
        c.drawString(x, y, text)


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
