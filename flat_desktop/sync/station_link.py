"""A station PC's link to the shared server: the local cache the station always uses, and
the sync engine that keeps it and the server in step.

    link = open_station("postgresql+psycopg://flat@server/flat", cache_path, "station-3")
    link.start()            # background threads; never blocks on the network
    services.work.my_jobs(link.db, actor)   # the station's services always use the cache
    link.status()           # SyncStatus: online / offline / N waiting to send
    link.stop()

The cache is an SQLite file on the station PC's own disk. Never put it (or any flat SQLite
file) on a network drive: SQLite's locking and WAL do not work there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from flat_desktop.config import fit_station_name
from flat_desktop.db.database import Database, parse_url
from flat_desktop.errors import ConfigError
from flat_desktop.i18n import _
from flat_desktop.sync import cache
from flat_desktop.sync.engine import SyncEngine
from flat_desktop.sync.listener import KEEPALIVE
from flat_desktop.sync.status import SyncStatus

# Find a dead server in seconds, not after the operating system's TCP timeout of minutes. And
# the server's side of a silent hang: a station's transaction left waiting on a dead link holds
# the event counter's lock, which every other PC needs to record anything; the server ends such
# a session after IDLE_IN_TRANSACTION_MS (a sync transaction never pauses that long) and any
# statement after STATEMENT_MS.
IDLE_IN_TRANSACTION_MS = 15_000
STATEMENT_MS = 60_000
SERVER_QUERY = {
    **KEEPALIVE,
    "tcp_user_timeout": "10000",
    "options": f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS} -c statement_timeout={STATEMENT_MS}",
}


class StationLink:
    def __init__(self, server_url: str, cache_path: Path, station: str) -> None:
        url = parse_url(server_url)
        if url.get_backend_name() != "postgresql":
            raise ConfigError(
                _("A station cache needs a PostgreSQL server, not {url}.").format(url=server_url),
                _("Use postgresql+psycopg://USER@HOST/DATABASE, or run the station on its own SQLite file."),
            )
        self.station = station = fit_station_name(station)
        self.cache_path = cache_path
        self.db: Database = cache.open_cache(cache_path)
        self.server = Database(url.update_query_dict({**SERVER_QUERY, **dict(url.query)}), connect_timeout=3)
        self.engine = SyncEngine(self.db, self.server, station)

    def start(self) -> None:
        self.engine.start()

    def stop(self) -> None:
        """Stop the threads and close both databases; what is not sent yet stays in the outbox."""
        self.engine.stop()
        self.server.dispose()
        cache.close_cache(self.db)

    def status(self) -> SyncStatus:
        return self.engine.status()

    def on_status(self, fn: Callable[[SyncStatus], None]) -> None:
        """``fn(status)`` on the sync thread whenever online/waiting changes."""
        self.engine.on_status(fn)

    def on_change(self, fn: Callable[[], None]) -> None:
        """``fn()`` on the sync thread after server changes were written into the cache."""
        self.engine.on_change(fn)

    def wait_sent(self, timeout: float) -> bool:
        """Wait until the outbox is empty (e.g. before shutting down); True if it is."""
        deadline = time.monotonic() + timeout
        self.engine.wake()
        while time.monotonic() < deadline:
            if cache.waiting(self.db) == 0:
                return True
            time.sleep(0.05)
        return cache.waiting(self.db) == 0


def open_station(server_url: str, cache_path: Path | str, station_name: str) -> StationLink:
    """The station's link: ``.db`` for the services, ``.start()``, ``.stop()``, ``.status()``."""
    return StationLink(server_url, Path(cache_path), station_name)
