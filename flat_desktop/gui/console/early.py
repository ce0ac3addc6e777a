"""The console's first paint: its sign-in dialog, shown before the database, the services and
the console's windows load (seconds of imports on a supervisor's PC).

``show()`` needs only Qt, the settings and the dialog itself. A badge scanned meanwhile waits
in the window system's queue and reaches the dialog once it runs; the dialog gets its database
before that (``flat_desktop.gui.console.app.run``).
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from flat_desktop.config import Paths, Settings
from flat_desktop.errors import FlatError
from flat_desktop.gui import collector
from flat_desktop.gui.console.look import style_console
from flat_desktop.gui.console.signin import SignInDialog
from flat_desktop.gui.refusal import refuse_over
from flat_desktop.gui.startup import trace
from flat_desktop.i18n import set_language

_dialog: SignInDialog | None = None


def show(settings: Settings | None = None) -> SignInDialog:
    """Paint the sign-in dialog now, or return the one already painted."""
    global _dialog
    if _dialog is not None:
        return _dialog
    settings = settings or Settings.load(Paths.resolve())
    set_language(settings.language)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("flat console")
    collector.take_over(app)
    style_console(app)
    dlg = SignInDialog(None, f"console@{settings.station_name}")
    dlg.show()
    dlg.repaint()
    app.processEvents()
    _dialog = dlg
    trace("painted")
    return dlg


def refuse(exc: FlatError) -> None:
    """The database cannot be used: if the sign-in dialog was painted, say why over it and close
    it (the command's own error line follows); if not, there is nothing to take away."""
    global _dialog
    dlg, _dialog = _dialog, None
    if dlg is not None:
        refuse_over(dlg, exc)
