"""The console's tickets through Qt's printing to a real CUPS queue (cups-pdf): the order form's
ticket and a batch from the board, printed from the print preview (Ctrl+P) as a supervisor does,
come out as paper whose barcodes read back at printer resolution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinterInfo
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import orders
from flat_desktop.services.orders import OrderRequest
from tests.printing.pdfcheck import decode, rasterise

from .conftest import sync


@pytest.fixture
def on_paper(console: ConsoleWindow, printer: Any, tmp_path: Path, preview_prints_at_once: None) -> Any:
    """The console set to print on the test's queue, the preview printing at once (its Ctrl+P)."""
    assert printer.name in QPrinterInfo.availablePrinterNames()  # the PC's printers, as Qt lists them
    console.ctx.ticket_dir = tmp_path
    console.ctx.open_unprinted = True  # an interactive console: the preview, not the spooler
    console.ctx.printer = printer.name
    return printer


def _read(paper: Path) -> list[str]:
    return sorted(c for image in rasterise(paper.read_bytes(), 300) for c in decode(image))


def test_the_order_form_s_ticket_comes_out_of_the_printer(console: ConsoleWindow, on_paper: Any) -> None:
    form = console.orders.form
    form.set_job_type("lending")
    form.title.setText("カメラ貸出")
    form.department.setText(form.departments[0].name)
    created = form.submit()
    assert created is not None, console.message.text()
    form.print_button.click()
    [paper] = on_paper.paper(1)
    assert _read(paper) == [codes.ticket_payload(created.job)]
    assert created.job in console.message.text()  # "sent to the printer"


def test_a_batch_from_the_board_comes_out_together(console: ConsoleWindow, on_paper: Any, qtbot: QtBot) -> None:
    made = [orders.create(console.ctx.db, console.ctx.actor, OrderRequest(
        job_type="copying", title="会議資料", quantity=10, spec={"originals": 5}, department="jinji")).job
        for _n in range(2)]
    sync(qtbot, console)
    console.board.select(made)
    console.board.act("print", console.board.focused_column())
    [paper] = on_paper.paper(1)
    assert _read(paper) == sorted(codes.ticket_payload(c) for c in made)


def test_the_spooler_is_asked_off_the_window_s_thread_and_a_stopped_printer_is_told(
        console: ConsoleWindow, printer: Any, qtbot: QtBot, tmp_path: Path) -> None:
    """A console with no preview (scripts) hands tickets to lp from a background task: the PDF is
    kept at once, and what the spooler said arrives in the message strip: a stopped printer, in
    plain words; then, started again, the paper."""
    console.ctx.ticket_dir = tmp_path
    console.ctx.printers = {"tickets": printer.name}
    code = orders.create(console.ctx.db, console.ctx.actor, OrderRequest(
        job_type="copying", title="会議資料", quantity=10, spec={"originals": 5}, department="jinji")).job
    told: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, err: told.append((text, err)))
    printer.disable()
    kept = console.ctx.print_tickets([code])
    assert kept is not None and kept.read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: bool(told), timeout=30_000)
    assert told[-1][1] and "止まって" in told[-1][0] and printer.name in told[-1][0]
    printer.run("cupsenable", printer.name)
    [paper] = printer.paper(1)
    assert _read(paper) == [codes.ticket_payload(code)]
