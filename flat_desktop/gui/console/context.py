"""What every console tab shares: the database, the signed-in supervisor, the change feed,
and one place to tell the supervisor what happened (no modal boxes for routine errors)."""

from __future__ import annotations

import contextlib
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from flat_desktop.config import Paths
from flat_desktop.db.database import Database
from flat_desktop.errors import FlatError
from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.gui.tasks import run_task, stop_tasks, wait_for_running
from flat_desktop.i18n import _
from flat_desktop.printing import PrintError, spool_file
from flat_desktop.printing.spool import save_pdf
from flat_desktop.services import documents, stations
from flat_desktop.services.context import Actor


class ConsoleContext(QObject):
    """``notice(text, is_error)`` is shown in the main window's message strip."""

    notice = Signal(str, bool)

    def __init__(self, db: Database, actor: Actor, feed: ChangeFeed | None = None,
                 parent: QObject | None = None, *, ticket_dir: Path | None = None, printer: str | None = None,
                 printers: dict[str, str] | None = None, open_unprinted: bool = False,
                 help_remind_s: float = 180) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.feed = feed if feed is not None else ChangeFeed(db, self)
        self.ticket_dir = ticket_dir or Path(tempfile.gettempdir()) / "flat-tickets"
        self.printer = printer  # every document's printer, unless ``printers`` names one for its kind
        self.printers = dict(printers or {})  # kind of document (config.PRINT_KINDS) -> printer
        self.paths: Paths | None = None  # where this PC's settings.json is (None: nothing is saved)
        self.speech_engine: str | None = None  # this PC's voice (settings), for the voice test
        self.open_unprinted = open_unprinted  # open a PDF the printer refused in the PDF viewer
        self.help_remind_s = help_remind_s  # an unanswered help call rings again after this long
        self._beat: QTimer | None = None

    def printer_for(self, kind: str) -> str | None:
        """The printer of a kind of document (config.PRINT_KINDS), as Settings.printer_for."""
        return self.printers.get(kind) or self.printer

    def start_heartbeat(self, interval_s: float = stations.HEARTBEAT_S) -> None:
        """Report this console as online now and every ``interval_s`` (off the GUI thread, so a
        lost server never freezes the window; a missed beat only shows it offline)."""
        if self._beat is None:
            self._beat = QTimer(self)
            self._beat.setInterval(int(interval_s * 1000))
            self._beat.timeout.connect(self.heartbeat)
        self.heartbeat()
        self._beat.start()

    def stop(self) -> None:
        """Stop the change feed and the heartbeat (the console is closing)."""
        self.feed.stop()
        # The tabs listen through lambdas that outlive their widgets: a read already on its
        # way must not reach a window that is gone.
        with warnings.catch_warnings(), contextlib.suppress(RuntimeError, TypeError):
            warnings.simplefilter("ignore", RuntimeWarning)  # PySide warns when nothing was connected
            self.feed.events.disconnect()
        if self._beat is not None:
            self._beat.stop()
        stop_tasks(self)
        wait_for_running()  # the database is closed next: no read may still hold a connection

    def heartbeat(self) -> None:
        db, name = self.db, self.actor.station
        run_task(lambda: stations.heartbeat(db, name, "console"), lambda _r: None, lambda _exc: None, parent=self)

    def tell(self, text: str) -> None:
        self.notice.emit(text, False)

    def fail(self, exc: FlatError) -> None:
        self.notice.emit(str(exc), True)

    def attempt(self, fn: Callable[[], Any], done: str | None = None) -> Any:
        """Run one service call; report a FlatError plainly and return None instead of raising.

        Service calls are short local transactions, so they run on the GUI thread; the
        change feed (which polls) already runs off it.
        """
        try:
            result = fn()
        except FlatError as exc:
            self.fail(exc)
            return None
        if done:
            self.tell(done)
        self.feed.poll()  # show our own change at once, not at the next tick
        return result if result is not None else True

    def ticket_pdf(self, job_codes: Sequence[str]) -> tuple[bytes, str] | None:
        """The tickets' PDF and a file name for it; None (and the reason shown) if refused."""
        try:
            pdf = documents.tickets(self.db, list(job_codes))
        except FlatError as exc:
            self.fail(exc)
            return None
        return pdf, "tickets-" + "_".join(job_codes[:3]) + ("_etc" if len(job_codes) > 3 else "")

    def print_tickets(self, job_codes: Sequence[str]) -> Path | None:
        """Print the tickets of these jobs; a copy of the PDF is always kept in ``ticket_dir``.

        Without a working printer the PDF is kept (and, on a real console, opened in the
        PDF viewer so it can be printed from there); returns the PDF's path.
        """
        made = self.ticket_pdf(job_codes)
        if made is None:
            return None
        pdf, name = made
        return self.spool(pdf, name, "tickets",
                          sent=_("Ticket sent to the printer: {codes}").format(codes=", ".join(job_codes)),
                          refused=_("The ticket was not printed: {error}"))

    def spool(self, pdf: bytes, name: str, kind: str, *, sent: str, refused: str) -> Path:
        """Save ``pdf`` in ``ticket_dir`` now, and hand it to the spooler off the GUI thread (a
        printer that does not answer never freezes the window); ``refused`` takes ``{error}``."""
        path = save_pdf(pdf, self.ticket_dir, name)
        printer = self.printer_for(kind)

        def refused_with(exc: Exception) -> None:
            self.notice.emit(refused.format(error=exc), True)
            if isinstance(exc, PrintError) and self.open_unprinted:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(exc.kept)))

        run_task(lambda: spool_file(path, printer=printer, name=name), lambda _spooled: self.tell(sent),
                 refused_with, parent=self)
        return path
