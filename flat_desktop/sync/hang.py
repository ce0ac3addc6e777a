"""Silent hangs: a connection to the server that stops answering without closing.

A cable pulled behind a switch, a frozen router or a server VM paused by its host leaves the
PC's socket open: keepalives and ``tcp_user_timeout`` notice it only after many seconds, and
a query waits on it for ever. The station must say "offline" within a few seconds, so a
statement that waits longer than its limit has its socket shut down from this watchdog's
thread: the blocked call fails at once as a lost connection, and the pool drops it.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import socket
import threading
import time
import weakref
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)


def shut(dbapi_conn: Any) -> None:
    """Shut down the socket under a psycopg connection (safe from any thread; the owner's
    blocked call then fails with a lost-connection error)."""
    with contextlib.suppress(Exception):
        if dbapi_conn.closed:
            return
        fd = os.dup(dbapi_conn.pgconn.socket)
        with socket.socket(fileno=fd) as sock:
            sock.shutdown(socket.SHUT_RDWR)


class Watchdog:
    """Shuts the socket of a connection whose guarded call outlives its limit.

    One daemon thread that sleeps while nothing is guarded."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, Any]] = {}
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, dbapi_conn: Any, limit_s: float) -> int:
        with self._cond:
            token = next(self._ids)
            self._armed[token] = (time.monotonic() + limit_s, dbapi_conn)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._watch, name="flat-hang-watch", daemon=True)
                self._thread.start()
            self._cond.notify()
            return token

    def disarm(self, token: int | None) -> None:
        if token is not None:
            with self._cond:
                self._armed.pop(token, None)

    @contextlib.contextmanager
    def guard(self, dbapi_conn: Any, limit_s: float) -> Iterator[None]:
        token = self.arm(dbapi_conn, limit_s)
        try:
            yield
        finally:
            self.disarm(token)

    def _watch(self) -> None:
        while True:
            with self._cond:
                while not self._armed:
                    self._cond.wait()
                now = time.monotonic()
                late = [t for t, (deadline, _c) in self._armed.items() if deadline <= now]
                conns = [self._armed.pop(t)[1] for t in late]
                if not conns:
                    self._cond.wait(min(d for d, _c in self._armed.values()) - now)
            for c in conns:
                log.info("the server did not answer in time: dropping the connection")
                shut(c)


WATCHDOG = Watchdog()


class Connections:
    """Every live DBAPI connection of one SQLAlchemy engine, to shut them all when the
    heartbeat finds the server silent (a query under way fails now, not after minutes)."""

    def __init__(self, engine: Any, statement_limit_s: float) -> None:
        from sqlalchemy import event

        self._live: weakref.WeakSet[Any] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.limit = statement_limit_s

        @event.listens_for(engine, "connect")
        def _connected(dbapi_conn: Any, _record: Any) -> None:
            with self._lock:
                self._live.add(dbapi_conn)

        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn: Any, _cur: Any, _stmt: Any, _params: Any, _ctx: Any, _many: Any) -> None:
            conn.info["flat_hang_guard"] = WATCHDOG.arm(conn.connection.dbapi_connection, self.limit)

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn: Any, _cur: Any, _stmt: Any, _params: Any, _ctx: Any, _many: Any) -> None:
            WATCHDOG.disarm(conn.info.pop("flat_hang_guard", None))

        @event.listens_for(engine, "handle_error")
        def _failed(ctx: Any) -> None:
            if ctx.connection is not None:
                WATCHDOG.disarm(ctx.connection.info.pop("flat_hang_guard", None))

    def shut_all(self) -> None:
        with self._lock:
            conns = list(self._live)
        for c in conns:
            shut(c)
