"""Serving the desk with waitress (pure Python, the same on Windows and Linux)."""

from __future__ import annotations

from flat_desktop.config import Paths
from flat_desktop.db.database import Database
from flat_desktop.web.app import create_app
from flat_desktop.web.security import secret_key


def serve(db: Database, paths: Paths, *, host: str, port: int, threads: int = 8, secure_cookies: bool = True) -> None:
    from waitress import serve as waitress_serve

    app = create_app(db, secret_key=secret_key(paths.config), secure_cookies=secure_cookies)
    waitress_serve(app, host=host, port=port, threads=max(1, threads), ident="flat", clear_untrusted_proxy_headers=True)
