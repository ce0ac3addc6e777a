"""Pages and grids: a canvas that embeds only our fonts, label positions on a sheet, crop marks.

All sizes in the standard tables are millimetres measured from the top-left corner, the way
label sheets and card stock are specified; reportlab works in points from the bottom-left,
so the conversion happens here and nowhere else.
"""

from __future__ import annotations

import functools
import io
import threading
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from flat_desktop.printing import fonts
from flat_desktop.printing.text import num

A4 = (210.0, 297.0)


@dataclass(frozen=True)
class Box:
    """A rectangle in points, origin bottom-left (reportlab's frame)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    def inset(self, d: float) -> Box:
        return Box(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)

    def sub(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> Box:
        """A part of this box given in mm from its top-left corner."""
        return Box(self.x + x_mm * mm, self.top - (y_mm + h_mm) * mm, w_mm * mm, h_mm * mm)


@dataclass(frozen=True)
class Sheet:
    """A sheet of equal labels or cards: sizes in mm, ``left``/``top`` to the first label."""

    label_w: float
    label_h: float
    cols: int
    rows: int
    left: float
    top: float
    gap_x: float = 0.0
    gap_y: float = 0.0
    page: tuple[float, float] = A4
    crop_marks: bool = False

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    def box(self, index: int) -> Box:
        """The label at ``index`` (row by row, from top-left) on its page."""
        row, col = divmod(index % self.per_page, self.cols)
        x = self.left + col * (self.label_w + self.gap_x)
        y = self.page[1] - self.top - row * (self.label_h + self.gap_y) - self.label_h
        return Box(x * mm, y * mm, self.label_w * mm, self.label_h * mm)


def new_canvas(buffer: io.BytesIO, page_mm: tuple[float, float], title: str) -> Canvas:
    """A canvas whose initial font is IPAex Gothic, so no non-embedded base font is referenced."""
    c = Canvas(
        buffer,
        pagesize=(page_mm[0] * mm, page_mm[1] * mm),
        initialFontName=fonts.gothic(),
        initialFontSize=10,
        pageCompression=1,
    )
    c.setTitle(title)
    c.setCreator("flat station desktop")
    return c


_SAVING = threading.Lock()


def save(c: Canvas) -> None:
    """Finish the PDF with its streams only deflated, not also ASCII85-encoded.

    reportlab wraps every compressed stream in ASCII85 by default (``rl_config.useA85``), in pure
    Python, which took a third of a batch of tickets' time and made the file a quarter larger;
    a binary stream is what every PDF reader expects. The setting is read while the document is
    written, so it is switched off for exactly that long.
    """
    with _SAVING:
        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            c.save()
        finally:
            rl_config.useA85 = before


@functools.lru_cache(maxsize=256)
def _round_rect_path(w: float, h: float, radius: float) -> str:
    path = PDFPathObject()
    path.roundRect(0, 0, w, h, radius)
    return str(path.getCode())


def round_rect(c: Canvas, x: float, y: float, w: float, h: float, radius: float, *, fill: bool = False) -> None:
    """``c.roundRect`` with a stroke: the curves are formatted once per size and moved into place."""
    c.addLiteral(f"q 1 0 0 1 {num(x)} {num(y)} cm {_round_rect_path(w, h, radius)} {'B' if fill else 'S'} Q")


def line(c: Canvas, x1: float, y1: float, x2: float, y2: float) -> None:
    """``c.line`` without reportlab's pure-Python number formatting."""
    c.addLiteral(f"n {num(x1)} {num(y1)} m {num(x2)} {num(y2)} l S")


def crop_marks(c: Canvas, sheet: Sheet) -> None:
    """Trim marks outside the block of cards, in line with every cut, for the guillotine."""
    length, gap = 4 * mm, 1.5 * mm
    xs = sorted({sheet.box(i).x for i in range(sheet.cols)} | {sheet.box(i).x + sheet.label_w * mm
                                                               for i in range(sheet.cols)})
    col0 = [sheet.box(r * sheet.cols) for r in range(sheet.rows)]
    ys = sorted({b.y for b in col0} | {b.top for b in col0})
    top, bottom = max(ys), min(ys)
    left, right = min(xs), max(xs)
    c.saveState()
    c.setLineWidth(0.3)
    for x in xs:
        c.line(x, top + gap, x, top + gap + length)
        c.line(x, bottom - gap, x, bottom - gap - length)
    for y in ys:
        c.line(left - gap, y, left - gap - length, y)
        c.line(right + gap, y, right + gap + length, y)
    c.restoreState()


def cut_lines(c: Canvas, boxes: list[Box]) -> None:
    """Light dashed outlines where sheets of tickets are cut apart."""
    c.saveState()
    c.setLineWidth(0.4)
    c.setDash(3, 3)
    c.setStrokeGray(0.55)
    for b in boxes:
        c.rect(b.x, b.y, b.w, b.h, stroke=1, fill=0)
    c.restoreState()
