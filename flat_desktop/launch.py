"""The ``flat-desktop`` command. For ``station`` the sign-in screen is painted first and the
rest of the program (database, services, speech) loads behind it: a worker sees the station
ready in about the time a bare Qt window takes to appear. ``console`` paints its sign-in
dialog first in the same way. Neither paints in front of a database that surely cannot work
(``preflight``): the error comes alone, with no window flashing before it."""

from __future__ import annotations

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
    from flat_desktop.cli import main as cli_main

    return cli_main(args)
