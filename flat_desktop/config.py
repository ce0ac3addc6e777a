"""Where things live and which database to use.

Database URL: ``--db URL``, else ``FLAT_DB``, else the settings file's ``database.url``,
else an SQLite file in the user data directory. ``FLAT_HOME`` moves the data, log and
config directories under one folder (tests, several installations on one PC).
Settings are declared once here, with their types and defaults.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, get_origin, get_type_hints

import platformdirs

from flat_desktop.errors import ConfigError
from flat_desktop.i18n import _

APP = "flat-desktop"
SETTINGS_VERSION = 1
# The kinds of documents a PC may send to printers of their own (Settings.printers).
PRINT_KINDS = ("tickets", "badges", "labels", "deliverables", "reports")
STATION_NAME_MAX = 60  # events.station, stations.name, workers.station on the server


def fit_station_name(name: str) -> str:
    """A PC's name as the database can hold it: a long one (a host name may be up to 253
    characters) is cut and ends in a short hash of the whole name, so it stays unique and
    recognisable, e.g. ``printing-room-east-wing-…-3f9c2a1b``."""
    name = "".join(ch if ch.isprintable() else "?" for ch in name)
    if len(name) <= STATION_NAME_MAX:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[: STATION_NAME_MAX - len(digest) - 1]}-{digest}"


@dataclass(frozen=True)
class Paths:
    data: Path
    log: Path
    config: Path

    @classmethod
    def resolve(cls) -> Paths:
        home = os.environ.get("FLAT_HOME")
        if home:
            root = Path(home).expanduser().resolve()
            return cls(root / "data", root / "log", root / "config")
        return cls(
            Path(platformdirs.user_data_dir(APP, appauthor=False)),
            Path(platformdirs.user_log_dir(APP, appauthor=False)),
            Path(platformdirs.user_config_dir(APP, appauthor=False)),
        )

    def ensure(self) -> Paths:
        for p in (self.data, self.log, self.config):
            p.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def machine_settings_file(self) -> Path | None:
        """Settings for every user of this PC, written by the installer (``flat-desktop setup
        --machine``): C:\\ProgramData\\flat-desktop on Windows, /etc/xdg/flat-desktop on Linux. The
        user's own file overrides it key by key. None under ``FLAT_HOME`` (tests, several installations)."""
        if os.environ.get("FLAT_HOME"):
            return None
        return Path(platformdirs.site_config_dir(APP, appauthor=False)) / "settings.json"

    @property
    def default_db_url(self) -> str:
        return f"sqlite:///{self.data / 'flat.sqlite3'}"

    @property
    def station_cache(self) -> Path:
        """A station's local copy of the shared server (always on this PC's own disk)."""
        return self.data / "station-cache.sqlite3"

    def as_dict(self) -> dict[str, str]:
        return {"data": str(self.data), "log": str(self.log), "config": str(self.config)}


@dataclass(frozen=True)
class Settings:
    """Station-wide settings (one file per PC). Unknown keys are kept out, bad values rejected."""

    version: int = SETTINGS_VERSION
    database_url: str | None = None
    station_name: str = field(default_factory=lambda: fit_station_name(socket.gethostname() or "station"))
    language: str | None = None  # None: FLAT_LANG, else Japanese
    idle_sign_out_s: int = 600  # a worker away this long is signed out
    print_ticket_on_order: bool = True
    printer: str | None = None  # every document's printer, unless ``printers`` names one for its kind
    # Document kind (PRINT_KINDS) -> printer name: tickets on the label printer, cards on the office one.
    printers: dict[str, str] = field(default_factory=dict)
    speech_engine: str | None = None  # "openjtalk", "pyttsx3", "qt", "qt:winrt", "none"; None = best available
    scan_gap_ms: int = 150  # keystrokes closer than this, ending in Enter, are a scan
    help_remind_s: int = 180  # a help call unanswered this long rings again on every console (and again after as long)
    kiosk: bool = False  # the station cannot be left without a supervisor (installed station PCs)
    unlock_code_hash: str | None = None  # the code that closes a kiosk station offline (people.hash_pin)

    def __post_init__(self) -> None:
        object.__setattr__(self, "station_name", fit_station_name(self.station_name))

    def printer_for(self, kind: str) -> str | None:
        """The printer of a kind of document (PRINT_KINDS): its own, else the PC's for everything."""
        return self.printers.get(kind) or self.printer

    @classmethod
    def load(cls, paths: Paths) -> Settings:
        values: dict[str, Any] = {}
        for f in (paths.machine_settings_file, paths.settings_file):
            if f is not None and f.exists():
                values.update(cls._read(f))
        return cls(**values)

    @classmethod
    def _read(cls, f: Path) -> dict[str, Any]:
        try:
            raw: dict[str, Any] = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(
                _("The settings file {path} cannot be read: {error}").format(path=f, error=exc),
                _("Fix or delete the file, then start again."),
            ) from exc
        if not isinstance(raw, dict):
            raise ConfigError(
                _("The settings file {path} does not hold settings (a JSON object).").format(path=f),
                _("Fix or delete the file, then start again."),
            )
        raw = upgrade_settings(raw)
        types = get_type_hints(cls)
        values = {k: v for k, v in raw.items() if k in types}
        for key, value in values.items():
            # bool is an int to isinstance, but true is no number of seconds
            if not _fits(value, types[key]) or (isinstance(value, bool) and types[key] is not bool):
                raise ConfigError(
                    _("The settings file {path} has a wrong value for {key}: {value}").format(
                        path=f, key=key, value=json.dumps(value, ensure_ascii=False)[:80]),
                    _("Fix or delete the file, then start again."),
                )
        return values

    def save(self, paths: Paths) -> None:
        paths.ensure()
        paths.settings_file.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")


def _fits(value: Any, hint: Any) -> bool:
    if get_origin(hint) is dict:  # printers: names of document kinds, each to a printer's name
        return isinstance(value, dict) and all(k in PRINT_KINDS and isinstance(v, str) for k, v in value.items())
    return isinstance(value, hint)


def upgrade_settings(raw: dict[str, Any]) -> dict[str, Any]:
    """Migrate an older settings file by its version number (none older exist yet)."""
    raw.setdefault("version", SETTINGS_VERSION)
    return raw


def database_url(cli_value: str | None, paths: Paths, settings: Settings | None = None) -> str:
    if cli_value:
        return cli_value
    env = os.environ.get("FLAT_DB")
    if env:
        return env
    settings = settings or Settings.load(paths)
    if settings.database_url:
        return settings.database_url
    paths.ensure()
    return paths.default_db_url
