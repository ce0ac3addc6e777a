"""`flat-desktop web`: the command's options, and the desk really served by waitress on a loopback port."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from flat_desktop.config import Paths
from flat_desktop.db import Database


def test_the_web_command_serves_on_the_host_and_port_given(demo_db: Database,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from flat_desktop.cli import main
    from flat_desktop.web import serve

    seen: dict[str, Any] = {}
    monkeypatch.setattr(serve, "serve", lambda db, paths, **kw: seen.update(kw, url=str(db.url)))
    assert main(["web", "--host", "0.0.0.0", "--port", "8123", "--db", str(demo_db.url)]) == 0
    assert seen["host"] == "0.0.0.0" and seen["port"] == 8123 and seen["secure_cookies"] is True
    assert main(["web", "--port", "99999", "--db", str(demo_db.url)]) == 2


def test_waitress_serves_the_pages_and_the_static_files(demo_db: Database, tmp_path: Path) -> None:
    from flat_desktop.web.serve import make_server, stop

    paths = Paths(tmp_path / "data", tmp_path / "log", tmp_path / "config")
    server = make_server(demo_db, paths, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.effective_port}"
        with urllib.request.urlopen(base + "/signin", timeout=10) as r:
            page = r.read().decode()
            assert r.status == 200 and "職員番号" in page
            assert "HttpOnly" in r.headers["Set-Cookie"]
        with urllib.request.urlopen(base + "/static/desk.css", timeout=10) as r:
            assert r.status == 200 and b":focus-visible" in r.read()
        assert (paths.config / "web-secret.key").stat().st_size >= 32  # kept for the next start
    finally:
        stop(server, thread)
