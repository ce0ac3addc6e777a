"""Printing an order's deliverable from the console: its business cards, name tags or file
labels (services.documents), through the same print preview as the tickets.

The PDF is saved in the console's print folder first, so a closed dialog or a missing printer
loses nothing: the message says where it is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QPushButton, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.gui import print_preview
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.i18n import _
from flat_desktop.printing.spool import save_pdf
from flat_desktop.services import documents


def printer_names() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def save_and_print(ctx: ConsoleContext, pdf: bytes, stem: str, parent: QWidget | None, *, unprinted: str,
                   printed: str, not_printed: str, kind: str = "deliverables") -> Path:
    """Save ``pdf`` in the console's print folder first (a closed dialog or a missing printer loses
    nothing), then open the print preview on it, on the printer of its ``kind`` of document; the
    messages take ``{path}``. Returns the path."""
    path = save_pdf(pdf, ctx.ticket_dir, stem)
    if not printer_names():
        ctx.notice.emit(unprinted.replace("{path}", str(path)), True)
        if ctx.open_unprinted:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path
    try:
        sent = print_preview.preview_and_print(path, parent, printer_name=ctx.printer_for(kind))
    except FlatError as exc:
        ctx.fail(exc)
        return path
    ctx.tell((printed if sent else not_printed).replace("{path}", str(path)))  # a folder may hold braces
    return path


def print_deliverable(ctx: ConsoleContext, order_code: str, parent: QWidget | None = None) -> Path | None:
    """Save the order's deliverable as a PDF and open the print preview on it; returns the PDF's
    path (None, with the reason shown, when the order has nothing to print)."""
    try:
        pdf = documents.deliverables(ctx.db, order_code)
    except FlatError as exc:
        ctx.fail(exc)
        return None
    code = order_code
    return save_and_print(
        ctx, pdf, f"deliverables-{order_code}", parent,
        unprinted=_("No printer is set up on this PC. The cards or labels of {code} were saved as {path}; "
                    "print them from there once a printer is connected.").format(code=code, path="{path}"),
        printed=_("The cards or labels of {code} were sent to the printer.").format(code=code),
        not_printed=_("The cards or labels of {code} were not printed; the PDF was saved as {path}.").format(
            code=code, path="{path}"))


class PrintDeliverableButton(QPushButton):
    """"Print cards / labels" for the order ``chosen()`` names (the order history's selection)."""

    def __init__(self, ctx: ConsoleContext, chosen: Callable[[], str | None], parent: QWidget | None = None, *,
                 none_chosen: str | None = None) -> None:
        super().__init__(_("Print cards / name tags / labels"), parent)
        self.setObjectName("print_deliverable")
        self.setToolTip(_("Prints the chosen order's business cards, name tags or file labels, one for each "
                          "person or text on its list."))
        self.ctx = ctx
        self.chosen = chosen
        self.none_chosen = none_chosen  # said when ``chosen()`` gives no order (None: it said why itself)
        self.clicked.connect(self.print_chosen)

    def print_chosen(self) -> Path | None:
        code = self.chosen()
        if code is None:
            if self.none_chosen:
                self.ctx.notice.emit(self.none_chosen, True)
            return None
        return print_deliverable(self.ctx, code, self.window())


def job_print_button(ctx: ConsoleContext, job_code: str, parent: QWidget | None = None) -> QPushButton:
    """The board's job window: print the deliverable of the order the job was made for."""

    def chosen() -> str | None:
        try:
            return documents.order_of_job(ctx.db, job_code)
        except FlatError as exc:
            ctx.fail(exc)
            return None

    return PrintDeliverableButton(ctx, chosen, parent)  # chosen() says why when there is no order
