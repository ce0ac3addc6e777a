"""The console's print preview: pages drawn at the printer's resolution keep every barcode exact."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.gui import print_preview
from flat_desktop.printing import TicketFormat, render_tickets, samples

from .pdfcheck import decode, page_count, rasterise

DPI = 300


def to_pil(image: QImage) -> Image.Image:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return Image.frombuffer("L", (gray.width(), gray.height()), bytes(gray.constBits()), "raw", "L",
                            gray.bytesPerLine(), 1).copy()


@pytest.fixture
def ticket_pdf(tmp_path: Path) -> tuple[Path, list[str]]:
    tickets = samples.tickets()[:3]
    path = tmp_path / "tickets.pdf"
    path.write_bytes(render_tickets(tickets, TicketFormat.A4))
    return path, [codes.ticket_payload(t.job_code) for t in tickets]


def test_pages_painted_at_printer_resolution_decode_exactly(qtbot: QtBot, ticket_pdf: tuple[Path, list[str]]) -> None:
    """Each page rendered at 300 dpi and drawn 1:1 (in strips) decodes to exactly its ticket's payload."""
    path, payloads = ticket_pdf
    doc = print_preview.open_pdf(path)
    for page, payload in enumerate(payloads):
        size = doc.pagePointSize(page)
        image = QImage(round(size.width() * DPI / 72), round(size.height() * DPI / 72), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)  # the page must cover it with white paper
        painter = QPainter(image)
        print_preview.paint_page(painter, doc, page, DPI)
        painter.end()
        pil = to_pil(image)
        assert pil.getpixel((5, 5)) == 255 and pil.getpixel((pil.width - 5, pil.height - 5)) == 255
        assert decode(pil) == [payload]


def test_printing_to_a_pdf_printer_keeps_pages_and_barcodes(
        qtbot: QtBot, ticket_pdf: tuple[Path, list[str]], tmp_path: Path) -> None:
    """paint_pdf on a QPrinter (PDF output, 300 dpi) gives one A4 page per ticket, every code readable."""
    path, payloads = ticket_pdf
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(DPI)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_preview.paint_pdf(printer, print_preview.open_pdf(path)) == len(payloads)
    printed = out.read_bytes()
    assert page_count(printed) == len(payloads)
    for image, payload in zip(rasterise(printed, DPI), payloads, strict=True):
        assert abs(image.width - 2480) <= 1 and abs(image.height - 3508) <= 1  # A4 at 300 dpi
        assert decode(image) == [payload]


def test_a_1200_dpi_printer_gets_pages_made_at_600_each_pixel_two_dots(
        qtbot: QtBot, ticket_pdf: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fine printer is not sent four times the pixels: the page is made at 600 dpi and each pixel
    drawn as 2×2 dots, so the barcodes' 300 dpi grid stays on the printer's dots and reads exactly."""
    path, payloads = ticket_pdf
    made: list[tuple[int, float]] = []
    real = print_preview.paint_page
    monkeypatch.setattr(print_preview, "paint_page",
                        lambda painter, doc, page, dpi, scale=1.0: (made.append((dpi, scale)),
                                                                    real(painter, doc, page, dpi, scale))[1])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(1200)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_preview.paint_pdf(printer, print_preview.open_pdf(path)) == len(payloads)
    assert set(made) == {(600, 2.0)}
    for image, payload in zip(rasterise(out.read_bytes(), DPI), payloads, strict=True):
        assert decode(image) == [payload]


def test_roll_labels_keep_their_own_length(qtbot: QtBot, tmp_path: Path) -> None:
    """Roll tickets differ in length: each printed page takes the size of its PDF page."""
    tickets = samples.tickets()[:2]
    path = tmp_path / "roll.pdf"
    path.write_bytes(render_tickets(tickets, TicketFormat.ROLL_62))
    doc = print_preview.open_pdf(path)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(DPI)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_preview.paint_pdf(printer, doc)
    printed = (tmp_path / "printed.pdf").read_bytes()
    pdf = pdfium.PdfDocument(printed)
    try:
        sizes = [pdf[i].get_size() for i in range(len(pdf))]
    finally:
        pdf.close()
    expected = [(doc.pagePointSize(i).width(), doc.pagePointSize(i).height()) for i in range(doc.pageCount())]
    assert len(sizes) == len(expected)
    for (w, h), (ew, eh) in zip(sizes, expected, strict=True):
        assert abs(w - ew) < 1 and abs(h - eh) < 1
    assert sorted(p for image in rasterise(printed, DPI) for p in decode(image)) == sorted(
        codes.ticket_payload(t.job_code) for t in tickets)


def test_dialog_builds_in_japanese_and_closes(qtbot: QtBot, ticket_pdf: tuple[Path, list[str]]) -> None:
    """The preview dialog has a Japanese title and accessible names, renders its pages and closes."""
    path, payloads = ticket_pdf
    dialog = print_preview.build_dialog(path)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"印刷プレビュー: {path.name}"
    assert dialog.accessibleName() == "印刷プレビュー"
    assert "Ctrl+P" in dialog.accessibleDescription() and str(path.parent) in dialog.accessibleDescription()
    assert dialog.pages is not None and dialog.pages.accessibleName() == "印刷されるページ"
    assert dialog.pages.focusPolicy() == Qt.FocusPolicy.StrongFocus
    dialog.pages.updatePreview()  # runs paintRequested through the preview engine
    assert dialog.pages.pageCount() == len(payloads)
    dialog.reject()
    assert not dialog.isVisible()


def test_an_unreadable_pdf_is_a_clear_error(qtbot: QtBot, tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(print_preview.PdfNotReadable, match="開けませんでした"):
        print_preview.open_pdf(bad)


def test_preview_and_print_reports_whether_it_printed(qtbot: QtBot, ticket_pdf: tuple[Path, list[str]]) -> None:
    """Without a person at the dialog (``run`` stands in for exec) closing means not printed."""
    path, _ = ticket_pdf
    assert print_preview.preview_and_print(path, run=lambda d: int(d.DialogCode.Rejected)) is False
    assert print_preview.preview_and_print(path, run=lambda d: int(d.DialogCode.Accepted)) is True
