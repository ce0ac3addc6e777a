"""Reading printed documents back: rasterise with pdfium, decode with zxing, read the text layer."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

DPIS = (300, 150)


def rasterise(pdf: bytes, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in doc]
    finally:
        doc.close()


def decode(image: Image.Image) -> list[str]:
    return sorted(b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128))


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
        return out
    finally:
        doc.close()


def page_count(pdf: bytes) -> int:
    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()
