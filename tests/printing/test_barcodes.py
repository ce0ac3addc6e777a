"""The barcode geometry itself: whole-dot modules and a quiet zone of at least ten modules."""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen.canvas import Canvas

from flat_desktop import codes
from flat_desktop.printing import barcodes

from .pdfcheck import decode


def single_code_pdf(payload: str, dots: int) -> bytes:
    """The symbol with its quiet zones at the left of a page of whole inches (a whole number of pixels)."""
    width = barcodes.symbol_width(payload, dots)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(math.ceil(width / 72) * 72, 72))
    barcodes.draw_code128(c, payload, 0, 0, width, 40, max_dots=dots, text_size=0)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("dots", [3, 4, 5, 6])
def test_modules_are_whole_dots_with_quiet_zones(dots: int) -> None:
    """At 300 dpi every bar and space is a multiple of ``dots`` pixels and ten modules of white flank the code."""
    payload = codes.ticket_payload("J-261128-001")
    doc = pdfium.PdfDocument(single_code_pdf(payload, dots))
    # a hair under 300/72 so that pdfium does not round the bitmap up by one pixel and stretch the page
    image = doc[0].render(scale=300 / 72 * (1 - 1e-9)).to_pil().convert("L")
    doc.close()
    row = [image.getpixel((x, image.height - 40)) for x in range(image.width)]  # through the bars
    dark = [v < 128 for v in row]
    first, last = dark.index(True), len(dark) - 1 - dark[::-1].index(True)
    assert first >= barcodes.QUIET_MODULES * dots - 1
    symbol_px = round(barcodes.symbol_width(payload, dots) / barcodes.DOT)
    assert symbol_px - 1 - last >= barcodes.QUIET_MODULES * dots - 1
    runs: list[int] = []
    for i in range(first, last + 1):
        if i == first or dark[i] != dark[i - 1]:
            runs.append(0)
        runs[-1] += 1
    pattern, _ = barcodes.runs(payload)
    assert len(runs) == 2 * len(pattern) - 1
    assert all(r % dots == 0 for r in runs), runs
    assert sum(runs) == (pattern[-1][0] + pattern[-1][1]) * dots
    assert decode(image) == [payload]


def test_too_narrow_a_space_is_reported() -> None:
    """When even 3-dot modules do not fit, the error says how much room the code needs."""
    with pytest.raises(ValueError, match="必要ですが"):
        barcodes.best_dots(codes.ticket_payload("J-261128-001"), 100, max_dots=5)


def test_pattern_is_code128_from_python_barcode() -> None:
    """The dark runs cover the python-barcode module pattern exactly (start, data, check, stop)."""
    import barcode as python_barcode

    payload = codes.badge_payload("10001")
    pattern = python_barcode.get("code128", payload).build()[0]
    dark, modules = barcodes.runs(payload)
    rebuilt = ["0"] * modules
    for first, count in dark:
        rebuilt[first : first + count] = ["1"] * count
    assert "".join(rebuilt) == pattern
