"""Printing a saved PDF from the GUI: Qt's print dialog with a preview, barcodes kept sharp.

QtPdf renders bitmaps only, so each page is rendered at the printer's own resolution and
drawn 1:1 onto the printer's page: a bar edge falls on a printer dot, as in the PDF, instead
of a screen-resolution bitmap being stretched and blurred. The PDF is saved before any dialog
opens, so closing the dialog or a missing printer loses nothing: the message says where it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPoint, QRect, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.i18n import _
from flat_desktop.printing.spool import save_pdf

if TYPE_CHECKING:
    from flat_desktop.gui.console.context import ConsoleContext

STRIP_PX = 512  # rows rendered at a time: an A4 page at 1200 dpi would be a 550 MB bitmap at once
PREVIEW_DPI = 150  # the preview is only looked at on screen; it keeps every page in memory
PRINT_DPI = 600  # the finest a page is rendered for paper


class PdfNotReadable(FlatError):
    """QtPdf could not open the saved PDF."""


def open_pdf(path: Path) -> QPdfDocument:
    doc = QPdfDocument()
    error = doc.load(str(path))
    if error != QPdfDocument.Error.None_ or doc.pageCount() < 1:
        raise PdfNotReadable(_("The PDF {path} could not be opened for printing ({error}).")
                             .format(path=path, error=error.name))
    return doc


def page_layout(size_pt: QSizeF) -> QPageLayout:
    """The PDF page's own size, portrait, no margins (the page is drawn from the paper's corner)."""
    size = QPageSize(size_pt, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def paint_page(painter: QPainter, doc: QPdfDocument, page: int, dpi: int, scale: float = 1.0) -> None:
    """Render ``page`` at ``dpi`` and draw it with its top-left corner at the origin.

    ``scale`` is device pixels per rendered pixel: 1 when printing (1:1, nothing resampled);
    in the preview the page is rendered coarser and scaled up.
    """
    size_pt = doc.pagePointSize(page)
    full = QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72))
    for top in range(0, full.height(), STRIP_PX):
        rows = min(STRIP_PX, full.height() - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(full)
        options.setScaledClipRect(QRect(0, top, full.width(), rows))
        strip = doc.render(page, QSize(full.width(), rows), options)
        # pdfium leaves the background transparent; a printer or preview must get white paper
        strip = _on_white(strip).convertToFormat(QImage.Format.Format_Grayscale8)
        if scale == 1.0:
            painter.drawImage(QPoint(0, top), strip)
        else:
            painter.drawImage(QRect(0, round(top * scale), round(full.width() * scale), round(rows * scale) + 1),
                              strip)


def _on_white(image: QImage) -> QImage:
    out = QImage(image.size(), QImage.Format.Format_RGB32)
    out.fill(Qt.GlobalColor.white)
    p = QPainter(out)
    p.drawImage(0, 0, image)
    p.end()
    return out


def paint_pdf(printer: QPrinter, doc: QPdfDocument) -> int:
    """Draw every page of ``doc`` on ``printer``, each on a page of its own size; returns the pages drawn."""
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(doc.pagePointSize(0)))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = printer.resolution()
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        # Paper: at most 600 dpi, a whole fraction of the printer's, so each rendered pixel is a
        # square of printer dots and the barcodes' 300 dpi grid stays on them (1200 dpi was four
        # times the pixels for nothing a ticket shows).
        render_dpi = min(dpi, PREVIEW_DPI) if preview else dpi // max(1, math.ceil(dpi / PRINT_DPI))
        for page in range(doc.pageCount()):
            if page:
                printer.setPageLayout(page_layout(doc.pagePointSize(page)))  # roll labels differ in length
                printer.newPage()
            paint_page(painter, doc, page, render_dpi, dpi / render_dpi)
    finally:
        painter.end()
    return doc.pageCount()


class PdfPrintPreview(QPrintPreviewDialog):
    """The preview of one saved PDF (not shown until ``exec``): Ctrl+P prints, Esc closes,
    Ctrl++ and Ctrl+- zoom; the page view takes the keyboard focus so arrows and Page Down scroll."""

    def __init__(self, pdf: Path, parent: QWidget | None = None, *, printer_name: str | None = None,
                 title: str | None = None) -> None:
        self.doc = open_pdf(pdf)
        self.target = QPrinter(QPrinter.PrinterMode.HighResolution)
        if printer_name and printer_name in QPrinterInfo.availablePrinterNames():
            self.target.setPrinterName(printer_name)
        self.target.setDocName(pdf.stem)
        super().__init__(self.target, parent)
        self.pdf = pdf
        self.setWindowTitle(title or _("Print preview: {name}").format(name=pdf.name))
        self.setAccessibleName(_("Print preview"))
        self.setAccessibleDescription(
            _("Ctrl+P prints, Escape closes without printing. The PDF is kept in {folder}.").format(folder=pdf.parent))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.paintRequested.connect(lambda printer: paint_pdf(printer, self.doc))
        self.pages = self.findChild(QPrintPreviewWidget)
        if self.pages is not None:
            self.pages.setAccessibleName(_("Pages as they will be printed"))
            self.pages.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.pages.setFocus()
            for keys, act in ((QKeySequence.StandardKey.ZoomIn, self.pages.zoomIn),
                              (QKeySequence.StandardKey.ZoomOut, self.pages.zoomOut)):
                QShortcut(keys, self).activated.connect(lambda act=act: act())
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_now)

    def print_now(self) -> None:
        """Ctrl+P: print on the chosen printer and close, as the toolbar's Print button does."""
        self.target.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        if paint_pdf(self.target, self.doc):
            self.accept()


def build_dialog(pdf: Path, parent: QWidget | None = None, *, printer_name: str | None = None,
                 title: str | None = None) -> PdfPrintPreview:
    return PdfPrintPreview(pdf, parent, printer_name=printer_name, title=title)


def preview_and_print(pdf: Path, parent: QWidget | None = None, *, printer_name: str | None = None,
                      run: Callable[[PdfPrintPreview], int] | None = None) -> bool:
    """Show the preview; True when the user printed. ``run`` replaces ``exec`` (tests)."""
    dialog = build_dialog(pdf, parent, printer_name=printer_name)
    try:
        result = run(dialog) if run is not None else dialog.exec()
    finally:
        dialog.deleteLater()
    return result == QDialog.DialogCode.Accepted


def print_tickets(ctx: ConsoleContext, job_codes: Sequence[str], parent: QWidget | None = None) -> Path | None:
    """The console's Print tickets: the preview dialog on an interactive console, else the spooler.

    Consoles built without ``open_unprinted`` (tests, scripts) keep the spooler path, which
    never waits for a person. The PDF is saved in ``ticket_dir`` first either way.
    """
    if not ctx.open_unprinted:
        return ctx.print_tickets(job_codes)
    made = ctx.ticket_pdf(job_codes)
    if made is None:
        return None
    pdf, name = made
    path = save_pdf(pdf, ctx.ticket_dir, name)
    if not QPrinterInfo.availablePrinterNames():
        ctx.notice.emit(_("No printer is set up on this PC. The tickets were saved as {path}; print them "
                          "from there once a printer is connected.").format(path=path), True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path
    try:
        printed = preview_and_print(path, parent, printer_name=ctx.printer_for("tickets"))
    except FlatError as exc:
        ctx.fail(exc)
        return path
    if printed:
        ctx.tell(_("Ticket sent to the printer: {codes}").format(codes=", ".join(job_codes)))
    else:
        ctx.tell(_("The tickets were not printed; the PDF was saved as {path}.").format(path=path))
    return path
