"""A small TCP proxy on 127.0.0.1 that a test can cut and restore, to lose the network
between a station and the server without stopping the shared server.

Threads, no third-party code. ``cut()`` closes every open connection and refuses new ones
(accepted and closed at once, as a dead network looks to a client after its timeout);
``hang()`` is a silent hang: connections stay open (and new ones are accepted) but nothing
passes in either direction, as when a router freezes; ``restore()`` lets everything through
again (held data included). It stops by itself after ``lifetime_s``.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any


class Proxy:
    def __init__(self, target_port: int, *, target_host: str = "127.0.0.1", lifetime_s: float = 300.0) -> None:
        self.target = (target_host, target_port)
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._cut = threading.Event()
        self._flowing = threading.Event()  # cleared while hung
        self._flowing.set()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._deadline = time.monotonic() + lifetime_s
        self._thread = threading.Thread(target=self._accept, name="test-proxy", daemon=True)
        self._thread.start()

    def __enter__(self) -> Proxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def cut(self) -> None:
        self._cut.set()
        self._close_all()

    def hang(self) -> None:
        self._flowing.clear()

    def restore(self) -> None:
        self._cut.clear()
        self._flowing.set()

    def stop(self) -> None:
        self._stop.set()
        self._flowing.set()
        with contextlib.suppress(OSError):  # wake the accept loop now rather than at its next timeout
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        self._thread.join(2)
        self._close_all()
        self._server.close()

    def _close_all(self) -> None:
        with self._lock:
            socks, self._open = list(self._open), set()
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _accept(self) -> None:
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            try:
                client, _addr = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            if self._stop.is_set():
                client.close()
                break
            if self._cut.is_set():
                client.close()
                continue
            with self._lock:
                self._open.add(client)
            # While hung, a new connection is accepted but waits, unanswered, on its own thread.
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()
        self._close_all()

    def _wait_flowing(self) -> bool:
        while not self._flowing.wait(0.1):
            if self._stop.is_set():
                return False
        return not self._stop.is_set()

    def _connect(self, client: socket.socket) -> None:
        if not self._wait_flowing() or self._cut.is_set():
            client.close()
            return
        try:
            upstream = socket.create_connection(self.target, timeout=3)
        except OSError:
            client.close()
            return
        with self._lock:
            if self._stop.is_set() or self._cut.is_set() or client not in self._open:
                # stopped or cut while connecting: the caller's sockets were closed already
                upstream.close()
                client.close()
                return
            self._open.add(upstream)
            upstream.settimeout(None)
            client.settimeout(None)
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data or not self._wait_flowing():
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_WR)


def via(proxy: Proxy, url: str) -> str:
    """``url`` routed through ``proxy``."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


@contextlib.contextmanager
def cuttable_station(server: Any, server_url: str, make_link: Callable[..., Any], *, worker: str = "W001",
                     name: str = "station-1") -> Iterator[tuple[Proxy, Any, str]]:
    """A new job given to ``worker``, and a station whose link to the server goes through a proxy
    the test can cut; yields ``(proxy, link, job code)`` once the job is in the station's cache."""
    from sqlalchemy.engine import make_url

    from flat_desktop.services import board
    from tests.sync.conftest import wait_for
    from tests.sync.jobs import BOSS, new_job

    code = new_job(server)
    board.assign(server, BOSS, code, worker)
    with Proxy(make_url(server_url).port or 5432) as proxy:
        link = make_link(via(proxy, server_url), name)
        wait_for(lambda: link.status().synced and board.job(link.db, code).assignee == worker, what="job in cache")
        yield proxy, link, code
