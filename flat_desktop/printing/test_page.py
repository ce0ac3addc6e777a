"""A printer's test page: large Japanese text, the PC and the time, and a barcode the size of a
ticket's. If the page comes out and a scanner reads its barcode, tickets will print and scan."""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.units import mm

from flat_desktop.i18n import _
from flat_desktop.printing import fonts, text
from flat_desktop.printing.barcodes import draw_code128
from flat_desktop.printing.layout import new_canvas, save

PAYLOAD = "FLAT-TEST-PAGE"  # what a scanner types when it reads the test page's barcode
A4 = (210.0, 297.0)


def render_test_page(pc: str, printer: str | None, at: dt.datetime | None = None) -> bytes:
    at = at or dt.datetime.now().astimezone()
    buffer = io.BytesIO()
    c = new_canvas(buffer, A4, _("Print test"))
    font = fonts.gothic()
    left, top = 20 * mm, (A4[1] - 30) * mm
    text.show(c, left, top, _("Print test"), 36, font=font)
    lines = [_("PC: {pc}").format(pc=pc), _("Printer: {printer}").format(printer=printer or _("the default printer")),
             _("Printed at: {at}").format(at=at.strftime("%Y-%m-%d %H:%M"))]
    for i, line in enumerate(lines):
        text.show(c, left, top - (22 + 12 * i) * mm, line, 18, font=font)
    text.show(c, left, top - 72 * mm, _("Scan the barcode below: if the scanner reads it, tickets can be scanned too."),
              13, font=font)
    draw_code128(c, PAYLOAD, left, top - 130 * mm, (A4[0] - 40) * mm, 25 * mm, max_dots=8, text_size=14)
    c.showPage()
    save(c)
    return buffer.getvalue()
