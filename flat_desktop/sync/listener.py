"""Wake-ups from PostgreSQL: a background thread LISTENing for committed events.

A notification only says "something new, up to seq N"; it is never the data. They are lost
while a PC is disconnected, so after every (re)connect the listener calls ``on_wake(None)``
and the owner catches up by ``seq > last_seen``. The thread reconnects by itself with
backoff after the server restarts or the network drops, and passes only ints and bools
to its callbacks (they run on this thread; the owner hands them on).

It is also the link's heartbeat: an idle connection is asked ``SELECT 1`` every ``PING_S``,
and an answer later than ``HANG_S`` (a silent hang: the network stops answering without
closing) drops the connection, so "offline" is said within a few seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import URL

from flat_desktop.db.ledger import CHANNEL
from flat_desktop.sync.hang import WATCHDOG

log = logging.getLogger(__name__)

WAIT_S = 0.25  # how long one wait for notifications lasts: also how fast stop() is noticed
PING_S = 1.0  # an idle connection is checked this often, so a silent network loss is found
HANG_S = 3.0  # a ping not answered in this time means the server or the network is silent (a busy
# server answers SELECT 1 in milliseconds; this leaves room for a loaded PC)
BACKOFF_S = (0.2, 0.5, 1.0, 2.0, 5.0)
KEEPALIVE = {"keepalives": "1", "keepalives_idle": "5", "keepalives_interval": "2", "keepalives_count": "3"}


def libpq_dsn(url: URL) -> str:
    """A libpq connection string for a SQLAlchemy PostgreSQL URL (with TCP keepalives).

    Key=value form, not a URI: a URI would carry a value with spaces (``options=-c a=1 -c b=2``)
    as ``+``, which libpq does not read as a space."""
    server = {"host": url.host, "port": url.port, "dbname": url.database, "user": url.username}
    server["password"] = url.password
    params: dict[str, str] = {k: str(v) for k, v in server.items() if v is not None}
    params |= KEEPALIVE
    params |= {k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()}
    return make_conninfo("", **params)


class Listener:
    """Calls ``on_wake(seq)`` for each notification and ``on_wake(None)`` after each connect;
    ``on_online(bool)`` when the connection comes or goes."""

    def __init__(
        self,
        url: URL,
        on_wake: Callable[[int | None], None],
        on_online: Callable[[bool], None] = lambda _up: None,
        *,
        name: str = "flat-listen",
    ) -> None:
        self.dsn = libpq_dsn(url)
        self.on_wake = on_wake
        self.on_online = on_online
        self.online = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _set_online(self, up: bool) -> None:
        if up != self.online:
            self.online = up
            self.on_online(up)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                self._listen()
                failures = 0
            except (psycopg.Error, OSError) as exc:
                log.info("change feed connection lost: %s", exc)
                self._set_online(False)
                delay = BACKOFF_S[min(failures, len(BACKOFF_S) - 1)]
                failures += 1
                self._stop.wait(delay)
        self._set_online(False)

    def _listen(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True, connect_timeout=3) as conn:
            with WATCHDOG.guard(conn, HANG_S):
                conn.execute(f"LISTEN {CHANNEL}")
            self._set_online(True)
            self.on_wake(None)  # whatever was sent while we were away is lost: catch up
            last_heard = time.monotonic()
            while not self._stop.is_set():
                for n in conn.notifies(timeout=WAIT_S):
                    last_heard = time.monotonic()
                    self.on_wake(int(n.payload) if n.payload.isdigit() else None)
                if time.monotonic() - last_heard > PING_S:
                    with WATCHDOG.guard(conn, HANG_S):
                        conn.execute("SELECT 1")
                    last_heard = time.monotonic()
