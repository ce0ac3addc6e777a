"""The station's first paint: the sign-in screen, shown before the database, the services and
the speech engine load (about two seconds of imports on a station PC).

``show()`` needs only Qt, the settings and the sign-in screen itself. Keys that arrive while
the rest loads (a badge scanned at once) are kept and handed to the real window, so nothing
a worker does in those seconds is lost. ``hand_over()`` closes this window once the station's
own window is up.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from flat_desktop import linebreak
from flat_desktop.config import Paths, Settings
from flat_desktop.errors import FlatError
from flat_desktop.gui import collector
from flat_desktop.gui.refusal import refuse_over
from flat_desktop.gui.startup import trace
from flat_desktop.gui.station.sign_in import SIGN_IN_PT, SIGN_IN_THEME, SignInScreen
from flat_desktop.gui.style import apply_style
from flat_desktop.i18n import set_language


class BootWindow(QWidget):
    """A window holding the real sign-in screen; it keeps the keys typed into it. On a kiosk it
    refuses to be closed (Alt+F4 in the seconds before the station is up) until it is handed over."""

    def __init__(self, *, kiosk: bool = False) -> None:
        super().__init__()
        self.setProperty("station", True)  # painted by the theme's stylesheet like the station window
        self.kiosk = kiosk
        self.leaving = False
        self.keys: list[QKeyEvent] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.screen_ = SignInScreen(self)
        self.screen_.restyle()
        lay.addWidget(self.screen_)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(event, QKeyEvent):
            self.keys.append(QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(),
                                       event.isAutoRepeat(), event.count()))
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk and not self.leaving:
            event.ignore()  # the kiosk's own window takes over in a moment
            return
        super().closeEvent(event)


_boot: BootWindow | None = None


def _option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def show(argv: list[str]) -> None:
    """Paint the sign-in screen now (``argv`` as given to ``flat-desktop station``)."""
    global _boot
    settings = Settings.load(Paths.resolve())
    set_language(_option(argv, "--lang") or os.environ.get("FLAT_LANG") or settings.language)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("flat-station")
    collector.take_over(app)
    linebreak.defer_phrases(True)  # until hand_over(): the first paint does not wait for Open JTalk
    # Styled as the station window is before anyone signs in, so the two screens look the
    # same; the application-wide look (for other windows) can wait until the station is up.
    kiosk = "--kiosk" in argv or (settings.kiosk and "--no-kiosk" not in argv)
    boot = BootWindow(kiosk=kiosk)
    apply_style(app, SIGN_IN_THEME, SIGN_IN_PT, target=boot)
    boot.screen_.restyle()
    if "--windowed" in argv:
        boot.resize(1600, 1000)
        boot.show()
    else:
        screen = app.primaryScreen()
        if screen is not None:
            boot.setGeometry(screen.geometry())
        boot.showFullScreen()
    boot.activateWindow()
    boot.repaint()
    app.processEvents()
    _boot = boot
    trace("painted")


def hand_over(window: QWidget) -> None:
    """Close the early window; keys it kept go to ``window``, in the order they came."""
    global _boot
    boot, _boot = _boot, None
    linebreak.defer_phrases(False)
    if boot is None:
        return
    app = QApplication.instance()
    if app is not None:
        app.processEvents()  # keys still queued while the rest loaded are kept too
        app.removeEventFilter(boot)
    boot.leaving = True
    boot.close()
    boot.deleteLater()
    target = window.focusWidget() or window
    for key in boot.keys:
        QApplication.postEvent(target, key)


def refuse(exc: FlatError) -> None:
    """The database cannot be used: if the sign-in screen was painted, say why over it and close
    it; keys kept meanwhile are dropped (there is no station to give them to)."""
    global _boot
    boot, _boot = _boot, None
    linebreak.defer_phrases(False)
    if boot is None:
        return
    app = QApplication.instance()
    if app is not None:
        app.removeEventFilter(boot)
    boot.leaving = True
    refuse_over(boot, exc)
