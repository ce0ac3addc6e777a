"""The ``flat-desktop`` command. For ``station`` the sign-in screen is painted first and the
rest of the program (database, services, speech) loads behind it: a worker sees the station
ready in about the time a bare Qt window takes to appear. ``console`` paints its sign-in
dialog first in the same way."""

from __future__ import annotations

import sys
from collections.abc import Sequence

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
    if command == "station" and not {"-h", "--help"} & set(args):
        from flat_desktop.gui.station import boot

        boot.show(args)
    elif command == "console" and not {"-h", "--help"} & set(args):
        # The same for the console: its sign-in dialog first, the console behind it.
        from flat_desktop.gui.console import early

        early.show()
    from flat_desktop.cli import main as cli_main

    return cli_main(args)
