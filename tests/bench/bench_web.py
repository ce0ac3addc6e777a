"""The web ordering desk under many requesters: ``.venv/bin/python tests/bench/bench_web.py [REQUESTERS] [AT_ONCE]``.

On a throw-away database on the PostgreSQL server at 127.0.0.1:5432 (``FLAT_TEST_PG``) with the
demo station (30 days), REQUESTERS requesters (default 200) each get an account; the desk is
served by waitress on a loopback port, and AT_ONCE of them (default 20) at a time sign in,
read their orders and their department's, the catalogue and an order form, place an order,
open it, poll the change number three times and read their list again, as a browser does.

Prints p50/p95/max of the page times (sign-in apart: argon2 is slow on purpose) and the errors,
beside a static file (the desk's CSS) fetched the same way in the same run as the reference.
Goal: pages p95 under 100 ms with 0 errors. Loopback only; bounded by REQUESTERS.
Not collected by pytest: timings belong here, not in the tests.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flat_desktop.db import Database
from flat_desktop.demo.build import create_demo
from flat_desktop.services import accounts, catalog
from flat_desktop.services.context import Actor
from tests.bench.figures import p50, p95, report
from tests.helpers.postgres import temp_database

BOSS = Actor("S001", "supervisor", "console")
PASSWORD = "bench password 2026"
GOAL_MS = 100.0
ORDER = {"title": "負荷試験の案内", "quantity": "50", "spec-inserts": "1", "spec-fold": "tri",
         "spec-envelope": "naga3", "spec-seal": "1"}


class Session:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())
        self.csrf = ""

    def call(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, float, str]:
        data = urllib.parse.urlencode({**form, "csrf": self.csrf}).encode() if form is not None else None
        start = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as r:
                body, status, where = r.read().decode(), r.status, ""
        except urllib.error.HTTPError as e:
            body, status, where = e.read().decode(errors="replace"), e.code, e.headers.get("Location", "")
        took = time.perf_counter() - start
        m = re.search(r'name="csrf" value="([^"]+)"', body)
        if m:
            self.csrf = m.group(1)
        return status, body, took, where


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


BY_PAGE: dict[str, list[float]] = {}


def one_requester(base: str, staff_no: str, pages: list[float], sign_ins: list[float], static: list[float],
                  errors: list[str], lock: threading.Lock) -> None:
    s = Session(base)
    times: list[float] = []

    def page(path: str, form: dict[str, str] | None = None, ok: tuple[int, ...] = (200,)) -> tuple[str, str]:
        status, body, took, where = s.call(path, form)
        if status not in ok:
            with lock:
                errors.append(f"{staff_no} {path}: {status}")
        times.append(took)
        key = re.sub(r"O-[0-9-]+", "O-…", path) + (" POST" if form is not None else "")
        with lock:
            BY_PAGE.setdefault(key, []).append(took)
        return body, where

    s.call("/signin")
    status, _body, took, _where = s.call("/signin", {"staff_no": staff_no, "password": PASSWORD})
    if status != 302:
        with lock:
            errors.append(f"{staff_no} sign-in: {status}")
        return
    for path in ("/orders", "/orders?scope=dept", "/catalogue", "/order/enclosing"):
        page(path)
    _body, where = page("/order/enclosing", ORDER, ok=(302,))
    code = re.search(r"/orders/(O-[0-9-]+)", where or "")
    if code:
        page(f"/orders/{code.group(1)}")
    for _n in range(3):
        page("/api/seq")
    page("/orders/list?scope=dept")
    _s, _b, css, _w = s.call("/static/desk.css")
    with lock:
        pages.extend(times)
        sign_ins.append(took)
        static.append(css)


def _serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    """The desk as ``flat-desktop web`` runs it, in its own process (not sharing this one's GIL)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from flat_desktop.launch import main; sys.exit(main())",
                             "web", "--db", url, "--port", str(port), "--insecure-cookies"], cwd=root,
                            env={**os.environ, "PYTHONPATH": str(root)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _n in range(200):
        try:
            with urllib.request.urlopen(base + "/health", timeout=1):
                return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the desk did not start")


def main(requesters: int = 200, at_once: int = 20) -> None:
    with temp_database(prefix="flat_bench_web") as url:
        db = Database(url)
        try:
            create_demo(db, history_days=30)
            dept = catalog.departments(db)[0].code
            new = [accounts.NewAccount(f"B{n:05d}", f"負荷 {n}", catalog.departments(db)[n % 5].code or dept)
                   for n in range(requesters)]
            made = accounts.import_accounts(db, BOSS, new)
            for view, _pw in made:
                accounts.reset(db, BOSS, view.staff_no, password=PASSWORD)
            from sqlalchemy import update

            from flat_desktop.db.models import WebAccount

            with db.session() as s:
                s.execute(update(WebAccount).values(must_change=False))
            proc, base = _serve(url)
            pages: list[float] = []
            sign_ins: list[float] = []
            static: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=at_once) as pool:
                for view, _pw in made:
                    pool.submit(one_requester, base, view.staff_no, pages, sign_ins, static, errors, lock)
            took = time.perf_counter() - start
            proc.terminate()
            proc.wait(timeout=30)
        finally:
            db.dispose()

    def line(name: str, xs: list[float], width: int = 10) -> str:
        ms = [x * 1000 for x in xs]
        return f"{name:<{width}} p50 {p50(ms):7.1f} ms   p95 {p95(ms):7.1f} ms   max {max(ms):7.1f} ms   (n={len(ms)})"

    print(f"{requesters} requesters, {at_once} at a time, {took:.1f} s on PostgreSQL")
    print(line("pages", pages))
    print(line("sign-in", sign_ins))
    print(line("static", static))
    for key, xs in sorted(BY_PAGE.items()):
        print("  " + line(key[:28], xs, 28))
    print(f"errors: {len(errors)}" + ("" if not errors else "  e.g. " + "; ".join(errors[:5])))
    pages_p95 = p95([x * 1000 for x in pages])
    report("bench_web", pages_p95, p95([x * 1000 for x in static]), unit="ms",
           goal=f"pages p95 < {GOAL_MS:.0f} ms, 0 errors", met=pages_p95 < GOAL_MS and not errors,
           p50=p50([x * 1000 for x in pages]), p95=pages_p95)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
