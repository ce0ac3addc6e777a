"""What an installer runs: ``flat-desktop setup`` writes this PC's settings (the shared server or
one PC alone, the station's name, kiosk mode and its unlock code, kept only as a hash). Its voice
is checked with ``flat-desktop say`` (cli/say.py)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flat_desktop.cli import arguments as arg
from flat_desktop.errors import ConfigError, InvalidInput, quoted
from flat_desktop.i18n import _

if TYPE_CHECKING:
    from flat_desktop.cli import Context

_URL_KINDS = ("sqlite:///", "postgresql://", "postgresql+psycopg://")


def add_parsers(add: Callable[..., argparse.ArgumentParser]) -> None:
    su = add("setup", cmd_setup, _("write this PC's settings (what the installer asks)"))
    where = su.add_mutually_exclusive_group()
    where.add_argument("--server", metavar="URL", type=arg.typed,
                       help=_("the shared database server, e.g. postgresql+psycopg://USER@HOST/flat"))
    where.add_argument("--single-pc", action="store_true", help=_("this PC alone, on its own embedded database"))
    su.add_argument("--station", metavar="NAME", type=arg.pc_name, help=_("this PC's station name"))
    su.add_argument("--kiosk", action=argparse.BooleanOptionalAction, default=None,
                    help=_("only a supervisor's badge and PIN close the station"))
    su.add_argument("--unlock-code", metavar="CODE", type=arg.typed,
                    help=_("the code (4 to 8 digits) that closes a kiosk station when the PINs are not on this PC"))
    su.add_argument("--machine", action="store_true",
                    help=_("for every user of this PC (the installer; needs administrator rights)"))


def settings_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The settings' keys that ``setup``'s options set (``None`` removes a key)."""
    from flat_desktop.services.kiosk import hash_unlock_code

    changes: dict[str, Any] = {}
    if args.server is not None:
        url = args.server.strip()
        if not url.startswith(_URL_KINDS):
            raise InvalidInput(_("'{value}' is not a database address.").format(value=quoted(url)),
                               _("Write postgresql+psycopg://USER@HOST/DATABASE, or use --single-pc."))
        changes["database_url"] = url
    if args.single_pc:
        changes["database_url"] = None
    if args.station is not None:
        changes["station_name"] = args.station
    if args.kiosk is not None:
        changes["kiosk"] = args.kiosk
    if args.unlock_code is not None:
        changes["unlock_code_hash"] = hash_unlock_code(args.unlock_code)
    return changes


def write_settings(path: Path, changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` merged into the JSON settings file at ``path`` (made with its folder if missing)."""
    from flat_desktop.config import SETTINGS_VERSION

    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        if not isinstance(raw, dict):
            raw = {}
    raw.setdefault("version", SETTINGS_VERSION)
    for key, value in changes.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(_("The settings file {path} cannot be written: {error}").format(
            path=quoted(str(path), 4096), error=exc.strerror or exc),
            _("Run it as an administrator (--machine), or without --machine.")) from None
    return raw


def cmd_setup(ctx: Context) -> None:
    from flat_desktop.config import Settings

    args = ctx.args
    path = ctx.paths.machine_settings_file if args.machine else ctx.paths.settings_file
    if path is None:  # FLAT_HOME: one folder holds everything, the machine's settings too
        path = ctx.paths.settings_file
    raw = write_settings(path, settings_changes(args))
    Settings.load(ctx.paths)  # what was written reads back (or says what is wrong)
    shown = {k: ("…" if k == "unlock_code_hash" else v) for k, v in raw.items()}
    print(_("Settings written to {path}").format(path=quoted(str(path), 4096)))
    print(json.dumps(shown, ensure_ascii=False, indent=2))
