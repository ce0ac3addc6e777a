"""The ``flat-desktop`` command. For ``station`` the sign-in screen is painted first and the
rest of the program (database, services, speech) loads behind it: a worker sees the station
ready in about the time a bare Qt window takes to appear. ``console`` paints its sign-in
dialog first in the same way. Neither paints in front of a database that surely cannot work
(``preflight``): the error comes alone, with no window flashing before it."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from flat_desktop import preflight

_TAKES_VALUE = {"--db", "--lang"}


def command_of(argv: Sequence[str]) -> str | None:
    """The sub-command in ``argv`` (options before it skipped), or None."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _TAKES_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = command_of(args)
    gui = command in ("station", "console") and not {"-h", "--help"} & set(args)
    # A database that surely cannot work gets its one error without a window flashing first.
    if gui and command is not None and preflight.may_paint(args, command):
        if command == "station":
            from flat_desktop.gui.station import boot

            boot.show(args)
        else:
            # The same for the console: its sign-in dialog first, the console behind it.
            from flat_desktop.gui.console import early

            early.show()
    if gui and os.environ.get("FLAT_QUIT_AFTER_MS", "").isdigit():
        _quit_after(int(os.environ["FLAT_QUIT_AFTER_MS"]))
    from flat_desktop.cli import main as cli_main

    return cli_main(args)


def _quit_after(ms: int) -> None:
    """A smoke test of an installed program (installer/build.py). Once the event loop runs, the
    keys in ``FLAT_SMOKE_KEYS`` (``\\n`` is Enter) are typed into the focused widget at a
    scanner's pace, as a badge scan or the console's badge and PIN would be; ``ms`` later the
    program says which windows it shows (``shown: TITLE | ...`` on stdout) and ends as when
    closed, with its own exit status (the event loop's 0)."""
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    keys = os.environ.get("FLAT_SMOKE_KEYS", "").replace("\\n", "\n")
    state = {"typed": not keys, "ended": False}

    def type_keys() -> None:
        for char in keys:
            target = QApplication.focusWidget() or QApplication.activeWindow()
            if target is None:
                return  # nothing to type into yet: the next tick tries again
            key = Qt.Key.Key_Return if char == "\n" else Qt.Key(ord(char.upper()))
            text = "\r" if char == "\n" else char
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
        state["typed"] = True

    def tick() -> None:
        if not state["typed"]:
            type_keys()
        elif ticker.remainingTime() >= 0 and deadline.remainingTime() <= 0:
            if not state["ended"]:
                shown = [w.windowTitle() or type(w).__name__ for w in QApplication.topLevelWidgets()
                         if w.isVisible()]
                print("shown: " + " | ".join(shown), flush=True)
                state["ended"] = True
            app.exit(0)  # again at each tick, should a nested loop (a dialog) have taken the first

    deadline = QTimer(app)
    deadline.setSingleShot(True)
    deadline.start(ms)
    ticker = QTimer(app)
    ticker.setInterval(250)
    ticker.timeout.connect(tick)
    ticker.start()
