"""Printing a saved PDF through Qt's printing, with no window: the command line's way to a printer
where there is no ``lp`` (Windows), the same drawing the console's print preview sends.

Qt's own printer list answers which printers exist; the PDF is saved first and kept whatever
happens, as with the spooler.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flat_desktop.i18n import _
from flat_desktop.printing.spool import PrinterNotFoundError, PrintError, Spooled, save_pdf


def _application() -> object:
    """A GUI application for Qt's printing; offscreen when none runs (a command line has no window)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if sys.platform != "win32":
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0] if sys.argv else "flat-desktop"])
    return app


def send_through_qt(pdf: bytes, keep_dir: Path, *, printer: str | None = None, name: str = "document",
                    copies: int = 1) -> Spooled:
    """Save ``pdf`` in ``keep_dir`` and print it on ``printer`` (None: the PC's default) through Qt."""
    path = save_pdf(pdf, keep_dir, name)
    _application()
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from flat_desktop.gui.print_preview import open_pdf, paint_pdf

    known = QPrinterInfo.availablePrinterNames()
    if printer and printer not in known:
        raise PrinterNotFoundError(
            _("The printer “{printer}” is not known to this computer ({said}). Check the printer name in the "
              "settings (lpstat -p lists the printers).").format(
                printer=printer, said=_("printers: {names}").format(names=", ".join(known) or "-")), path)
    target = printer or QPrinterInfo.defaultPrinterName()
    if not target:
        raise PrinterNotFoundError(_("No printer is set up on this PC."), path)
    doc = open_pdf(path)
    qprinter = QPrinter(QPrinter.PrinterMode.HighResolution)
    qprinter.setPrinterName(target)
    qprinter.setDocName(path.stem)
    qprinter.setCopyCount(copies)
    pages = paint_pdf(qprinter, doc)
    if not pages:
        raise PrintError(_("The printer “{printer}” could not be started.").format(printer=target), path)
    return Spooled(path, ("qt", target), _("{n} pages sent to {printer}").format(n=pages, printer=target))
