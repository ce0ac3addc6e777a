"""Serving the desk with waitress (pure Python, the same on Windows and Linux)."""

from __future__ import annotations

from typing import Any

from flat_desktop.config import Paths
from flat_desktop.db.database import Database
from flat_desktop.web.app import create_app
from flat_desktop.web.security import secret_key


def make_server(db: Database, paths: Paths, *, host: str, port: int, threads: int = 8,
                secure_cookies: bool = True, proxies: int = 0, sso_header: str | None = None) -> Any:
    """A waitress server for the desk on ``host:port`` (port 0: any free one, ``effective_port``)."""
    from waitress.server import create_server

    # Attached files go to the data folder, beside the embedded database: never a served folder.
    app = create_app(db, secret_key=secret_key(paths.config), secure_cookies=secure_cookies,
                     files=paths.data / "desk-files", proxies=proxies, sso_header=sso_header)
    return create_server(app, host=host, port=port, threads=max(1, threads), ident="flat",
                         clear_untrusted_proxy_headers=True)


def serve(db: Database, paths: Paths, *, host: str, port: int, threads: int = 8, secure_cookies: bool = True,
          proxies: int = 0, sso_header: str | None = None) -> None:
    server = make_server(db, paths, host=host, port=port, threads=threads, secure_cookies=secure_cookies,
                         proxies=proxies, sso_header=sso_header)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def stop(server: Any, thread: Any, timeout: float = 10.0) -> None:
    """Stop a server whose ``run`` loop is on ``thread``: the request threads end first, then the
    loop itself closes every socket (closing them from here would pull them from under its poll)."""
    from waitress import wasyncore

    server.task_dispatcher.shutdown()
    server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    thread.join(timeout=timeout)
