"""Code 128 drawn as vector bars straight on the reportlab canvas.

python-barcode computes the module pattern; we draw each run of dark modules as one
rectangle, so the bars stay sharp at any printer resolution. The module width is a whole
number of printer dots (at 300 dpi, and so also at 600 dpi): a width that falls between
dots gets rounded differently bar by bar and the code stops scanning.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import barcode as python_barcode
from reportlab.pdfgen.canvas import Canvas

from flat_desktop.i18n import _
from flat_desktop.printing import fonts, text

DPI = 300
DOT = 72 / DPI  # one printer dot in points
QUIET_MODULES = 10  # ISO/IEC 15417 asks for at least ten modules of white each side


@functools.lru_cache(maxsize=4096)
def runs(payload: str) -> tuple[tuple[tuple[int, int], ...], int]:
    """Dark runs ``(first module, width in modules)`` of the Code 128 symbol, and its total modules."""
    pattern = python_barcode.get("code128", payload).build()[0]
    found: list[tuple[int, int]] = []
    start = -1
    for i, module in enumerate(pattern + "0"):
        if module == "1" and start < 0:
            start = i
        elif module != "1" and start >= 0:
            found.append((start, i - start))
            start = -1
    return tuple(found), len(pattern)


def symbol_width(payload: str, dots: int) -> float:
    """Width in points of the symbol with its quiet zones, for ``dots`` per module."""
    return (runs(payload)[1] + 2 * QUIET_MODULES) * dots * DOT


def best_dots(payload: str, width: float, max_dots: int, min_dots: int = 3) -> int:
    """The widest module (in dots, at most ``max_dots``) that fits ``width`` points with quiet zones."""
    fit = int(width // symbol_width(payload, 1))
    dots = min(max_dots, fit)
    if dots < min_dots:
        raise ValueError(
            _("The barcode {payload} needs {need:.1f} mm but only {free:.1f} mm is free; use a larger label.")
            .format(payload=payload, need=symbol_width(payload, min_dots) / 72 * 25.4, free=width / 72 * 25.4)
        )
    return dots


@functools.lru_cache(maxsize=256)
def _module_rects(payload: str) -> str:
    return " ".join(f"{first} 0 {count} 1 re" for first, count in runs(payload)[0])


def _bars(payload: str, dots: int, left: float, bottom: float, bar_height: float) -> str:
    """The bars as one filled path in module units, scaled to size by the matrix.

    Integer coordinates and one ``cm`` instead of a formatted rectangle per bar: the bar edges
    land on the same points, and a ticket no longer spends most of its time formatting numbers.
    """
    module = dots * DOT
    return (f"q {text.num(module)} 0 0 {text.num(bar_height)} {text.num(left)} {text.num(bottom)} cm "
            f"{_module_rects(payload)} f Q")


@dataclass(frozen=True)
class Placed:
    """Where a barcode ended up, for callers that lay out text around it."""

    width: float
    height: float
    dots: int


def draw_code128(
    c: Canvas,
    payload: str,
    x: float,
    y: float,
    width: float,
    bar_height: float,
    *,
    max_dots: int,
    text_size: float = 10,
    min_dots: int = 3,
) -> Placed:
    """Draw ``payload`` centred in ``width`` with its bottom edge (text included) at ``y``.

    The human-readable line goes under the bars; the symbol is centred and its left edge
    snapped to the dot grid so every bar edge falls on a printer dot.
    """
    dots = best_dots(payload, width, max_dots, min_dots)
    module = dots * DOT
    left = x + (width - symbol_width(payload, dots)) / 2 + QUIET_MODULES * module
    left = round(left / DOT) * DOT
    text_h = text_size * 1.25 if text_size else 0
    bars_y = y + text_h
    c.addLiteral(_bars(payload, dots, left, bars_y, bar_height))
    if text_size:
        font = fonts.gothic()
        # letter-spaced so the code is easy to read out or key in when a scan fails
        space = text_size * 0.15
        text_w = text.width(payload, text_size) + space * (len(payload) - 1)
        text.show(c, x + (width - text_w) / 2, y + text_size * 0.3, payload, text_size, font=font,
                  char_space=space)
    return Placed(symbol_width(payload, dots), text_h + bar_height, dots)
