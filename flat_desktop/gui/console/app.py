"""``flat-desktop console``: sign in, then the console window."""

from __future__ import annotations

import argparse

from PySide6.QtWidgets import QApplication, QDialog

from flat_desktop.config import Paths, Settings
from flat_desktop.db.database import Database
from flat_desktop.gui.console import early
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.look import CONSOLE_PT, CONSOLE_SHEET, style_console
from flat_desktop.gui.console.window import ConsoleWindow

__all__ = ["CONSOLE_PT", "CONSOLE_SHEET", "refuse", "run", "style_console"]

refuse = early.refuse  # a database that cannot be used, after the sign-in dialog was painted


def run(db: Database, settings: Settings, paths: Paths, args: argparse.Namespace) -> int:
    # Usually painted already, before the database and the console loaded (flat_desktop.launch).
    dlg = early.show(settings)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    dlg.db = db
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.actor is None:
        return 1
    ctx = ConsoleContext(db, dlg.actor, ticket_dir=paths.data / "tickets", printer=settings.printer,
                         printers=settings.printers, open_unprinted=True, help_remind_s=settings.help_remind_s)
    ctx.paths, ctx.speech_engine = paths, settings.speech_engine  # this PC's page saves and tests them
    win = ConsoleWindow(ctx)
    # Without a window manager (kiosk PCs) showMaximized alone keeps the default size.
    screen = app.primaryScreen()
    if screen is not None:
        win.setGeometry(screen.availableGeometry())
    win.showMaximized()
    win.raise_()
    win.activateWindow()  # keyboard focus at once, also on PCs without a window manager
    win.board.columns["received"].setFocus()
    ctx.feed.start()
    ctx.start_heartbeat()  # the Stations tab of every console lists this one as online
    app.aboutToQuit.connect(ctx.stop)
    return app.exec()
