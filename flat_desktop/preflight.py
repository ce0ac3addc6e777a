"""Before the early window is painted: is the database named for this start surely unusable?

``flat-desktop station|console`` paints its first screen before the database loads (launch.py).
Painted in front of a database that cannot work, that screen would flash and vanish before the
error. These checks take milliseconds and need only the standard library (no SQLAlchemy, no
driver): a URL of an unknown kind, an SQLite path that is not a database or has no folder, and
for the console a PostgreSQL server that does not take connections. When one of them fails,
nothing is painted and the command's one error says what is wrong. The full check (user,
password, database name) still runs when the database opens.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flat_desktop.config import Paths, database_url

SQLITE_HEADER = b"SQLite format 3\x00"
PROBE_S = 2.0  # a server on the station's network answers in milliseconds


def _option(argv: Sequence[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def database_trouble(url: str, *, needs_server: bool) -> str | None:
    """Why ``url`` surely cannot be used (a word for the log), or None when it may work.
    ``needs_server``: a PostgreSQL server that does not answer is a trouble (the console);
    the station works on its own cache while the server is away."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "bad_url"
    scheme = parts.scheme.split("+")[0]
    if scheme == "sqlite":
        raw = url.split("://", 1)[1] if "://" in url else ""
        path = raw[1:] if raw.startswith("/") else raw
        if not path or path == ":memory:":
            return None
        file = Path(unquote(path.split("?")[0])).expanduser()
        if file.is_dir():
            return "not_a_file"
        if file.exists():
            try:
                with file.open("rb") as f:
                    head = f.read(len(SQLITE_HEADER))
            except OSError:
                return "unreadable"
            return None if not head or head == SQLITE_HEADER else "not_a_database"
        return None if file.parent.is_dir() else "no_folder"
    if scheme != "postgresql":
        return "bad_url"
    if not needs_server:
        return None
    try:
        host, port = parts.hostname, parts.port or 5432
    except ValueError:
        return "bad_url"
    if not host:
        return None  # a local socket: the driver knows where, the full check tells
    try:
        with socket.create_connection((host, port), timeout=PROBE_S):
            return None
    except socket.gaierror:
        return "unknown_host"
    except OSError:
        return "unreachable"


def may_paint(argv: Sequence[str], command: str) -> bool:
    """Whether ``flat-desktop command`` may paint its early window (the database may work)."""
    try:
        url = database_url(_option(argv, "--db") or os.environ.get("FLAT_DB") or None, Paths.resolve())
    except Exception:  # a broken settings file: the command itself says what is wrong
        return False
    return database_trouble(url, needs_server=command == "console") is None

