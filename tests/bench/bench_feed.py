"""How fast a console's assignment reaches a station: ``.venv/bin/python tests/bench/bench_feed.py [TRIALS]``.

On a throw-away database on the PostgreSQL server at 127.0.0.1:5432 (``FLAT_TEST_PG``) with
the demo station, a station link (its own SQLite cache and sync engine) and its Qt
ChangeFeed run as the station app wires them. Each trial assigns a new job on the server
(as the console does) and measures, from the moment the assignment has committed, until

- cache: the sync engine has written the event into the station's cache, and
- view: the station's feed has emitted the event and ``work.my_jobs`` on the cache lists the job.

In the same run it measures the raw LISTEN/NOTIFY round trip (NOTIFY on one connection until
it is received on another) on the same server. Prints p50/p95/max of each. Goal: view p95
under 100 ms on loopback; the JSON line at the end gives it beside the raw round trip's p95.
Not collected by pytest: timings belong here, not in the tests.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psycopg
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from flat_desktop.db import Database
from flat_desktop.demo.build import badge_payloads, create_demo
from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.services import board, orders, people, work
from flat_desktop.services.context import Actor
from flat_desktop.services.views import EventView
from flat_desktop.sync import open_station
from flat_desktop.sync.listener import libpq_dsn
from flat_desktop.sync.qt import SyncRelay
from tests.bench.figures import p50, p95, report
from tests.helpers.postgres import temp_database

BOSS = Actor("S001", "supervisor", "console")
DEADLINE_S = 5.0


def percentiles(xs: list[float]) -> str:
    ms = sorted(x * 1000 for x in xs)
    p = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {p[49]:6.2f} ms   p95 {p[94]:6.2f} ms   max {ms[-1]:6.2f} ms   (n={len(ms)})"


def notify_round_trips(db: Database, trials: int) -> list[float]:
    dsn = libpq_dsn(db.url)
    out = []
    with psycopg.connect(dsn, autocommit=True) as listen, psycopg.connect(dsn, autocommit=True) as talk:
        listen.execute("LISTEN bench_rtt")
        for i in range(trials):
            start = time.perf_counter()
            talk.execute(f"NOTIFY bench_rtt, '{i}'")
            for n in listen.notifies(timeout=DEADLINE_S, stop_after=1):
                assert n.payload == str(i)
            out.append(time.perf_counter() - start)
    return out


def main(trials: int) -> int:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    with temp_database() as url, tempfile.TemporaryDirectory() as tmp:
        server = Database(url)
        create_demo(server, history_days=1)
        req = orders.OrderRequest(job_type="enclosing", title="bench", quantity=10, spec={"inserts": 1})
        codes = [orders.create(server, BOSS, req).job for _ in range(trials)]

        link = open_station(url, Path(tmp) / "cache.sqlite3", "bench-station")
        link.start()
        deadline = time.monotonic() + 30
        while not link.status().synced and time.monotonic() < deadline:
            time.sleep(0.01)
        actor, _view = people.sign_in(link.db, badge_payloads()["W001"], "bench-station")
        feed = ChangeFeed(link.db)
        relay = SyncRelay(link, feed)
        cache_times: dict[str, float] = {}
        target: dict[str, str] = {}

        def on_change() -> None:  # sync thread: the event is in the cache now
            code = target.get("code")
            if code and code not in cache_times:
                cache_times[code] = time.perf_counter()

        link.on_change(on_change)
        loop = QEventLoop()
        view_times: dict[str, float] = {}

        def on_events(events: list[EventView]) -> None:  # GUI thread, as the station's flow
            code = target.get("code")
            if code and any(e.type == "job_unassigned" and e.job == code for e in events):
                target["code"] = ""
                loop.quit()
            assigned = code and any(e.type == "job_assigned" and e.job == code for e in events)
            if assigned and code in [j.code for j in work.my_jobs(link.db, actor)]:
                view_times[code] = time.perf_counter()
                loop.quit()

        feed.events.connect(on_events)
        feed.start()
        give_up = QTimer()
        give_up.setSingleShot(True)
        give_up.setInterval(int(DEADLINE_S * 1000))
        give_up.timeout.connect(loop.quit)
        to_cache, to_view = [], []
        for code in codes:
            target["code"] = code
            board.assign(server, BOSS, code, "W001")
            committed = time.perf_counter()
            if code not in view_times:
                give_up.start()
                loop.exec()
                give_up.stop()
            if code not in view_times:
                print(f"trial {code}: not seen within {DEADLINE_S} s", file=sys.stderr)
                return 1
            to_view.append(view_times[code] - committed)
            to_cache.append(cache_times.get(code, view_times[code]) - committed)
            # Take it back, so the worker's list stays the size of a real day's (a few jobs).
            board.unassign(server, BOSS, code)
            give_up.start()
            loop.exec()  # until the station has seen it, so the next trial starts quiet
            give_up.stop()
        rtt = notify_round_trips(server, trials)
        feed.stop()
        link.stop()
        server.dispose()
        del relay
    print(f"assignment committed → in station cache:     {percentiles(to_cache)}")
    print(f"assignment committed → station view updated: {percentiles(to_view)}")
    print(f"raw LISTEN/NOTIFY round trip:                {percentiles(rtt)}")
    view_ms, rtt_ms = [x * 1000 for x in to_view], [x * 1000 for x in rtt]
    goal = p95(view_ms) < 100
    print("goal p95 < 100 ms:", "met" if goal else "NOT met")
    app.quit()
    report("feed_assignment_to_view", p95(view_ms), p95(rtt_ms), unit="ms",
           goal="assignment to station view p95 under 100 ms", met=goal, p50=p50(view_ms), p95=p95(view_ms))
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
