"""How fast a station's outbox is stored on the server: ``.venv/bin/python tests/bench/bench_push.py [JOBS]``.

On throw-away databases on the PostgreSQL server at 127.0.0.1:5432 (``FLAT_TEST_PG``) with the
demo station: JOBS jobs are assigned to four workers and done through the services on one copy
(sign in, start, every step with its machine, finish, sign out); their events are then sent,
in the sync engine's batches of 200, to fresh copies of the server

- through ``flat_station_record`` as a station's own database login (what a station does now), and
- through the Python ledger in the server session as the owner (the reference: how a station
  sent them before the server trusted no station).

Each way runs three times on its own fresh copy; the best of three is compared. Goal: the
function stores at least as many events per second as the Python ledger did.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text

from flat_desktop.db import Database
from flat_desktop.db.models import Event
from flat_desktop.db.roles import make_roles
from flat_desktop.demo.build import create_demo
from flat_desktop.events import EventType, NewEvent
from flat_desktop.services import board, people
from flat_desktop.sync.engine import PUSH_BATCH
from flat_desktop.sync.send import _send_by_ledger, send_batch
from tests.bench.figures import report
from tests.helpers import postgres
from tests.sync.jobs import BOSS, finish, new_job, sign_in

WORKERS = ("W001", "W002", "W003", "W004")
STATION = "bench-station"
TRIALS = 3


def station_day(url: str, jobs: list[tuple[str, str]]) -> list[NewEvent]:
    db = Database(url)
    try:
        with db.reader() as s:
            top = int(s.execute(text("SELECT max(seq) FROM events")).scalar_one())
        actors = {w: sign_in(db, w, STATION) for w in WORKERS}
        for code, worker in jobs:
            finish(db, actors[worker], code)
        for actor in actors.values():
            people.sign_out(db, actor)
        with db.reader() as s:
            rows = s.scalars(text("SELECT id FROM events WHERE seq > :t ORDER BY seq").bindparams(t=top)).all()
            out = []
            for r in rows:
                e = s.get(Event, r)
                assert e is not None
                out.append(NewEvent(EventType(e.type), station=e.station, worker=e.worker, job=e.job, step=e.step,
                                    machine=e.machine, data=dict(e.data), at=e.at, id=e.id))
            return out
    finally:
        db.dispose()


def push(url: str, events: list[NewEvent], *, function: bool) -> float:
    """Seconds to send ``events`` in batches on a fresh copy of the server at ``url``."""
    prefix = f"b{uuid.uuid4().hex[:10]}"
    with postgres.copy_of(url) as copy:
        owner = Database(copy)
        try:
            target = owner
            if function:
                login = next(x for x in make_roles(owner, stations=[(STATION, "pw")], prefix=prefix)
                             if x.kind == "station")
                target = Database(login.url)
            with target.reader() as s:  # connect before the clock starts
                s.execute(text("SELECT 1"))
            start = time.perf_counter()
            for i in range(0, len(events), PUSH_BATCH):
                with target.session() as s:
                    batch = events[i:i + PUSH_BATCH]
                    if function:
                        send_batch(s, batch, 0)
                    else:
                        _send_by_ledger(s, batch, 0)
            took = time.perf_counter() - start
            if target is not owner:
                target.dispose()
        finally:
            owner.dispose()
            if function:
                postgres.drop_roles(copy, prefix)
    return took


def main(n_jobs: int) -> int:
    with postgres.temp_database() as url:
        db = Database(url)
        create_demo(db, history_days=1)
        jobs = []
        for i in range(n_jobs):
            code, worker = new_job(db), WORKERS[i % len(WORKERS)]
            board.assign(db, BOSS, code, worker, override_reason="bench")
            jobs.append((code, worker))
        db.dispose()
        with postgres.copy_of(url) as work:
            events = station_day(work, jobs)
        print(f"{len(events)} station events from {n_jobs} jobs, batches of {PUSH_BATCH}")
        ledger, function = [], []
        for _ in range(TRIALS):
            ledger.append(push(url, events, function=False))
            function.append(push(url, events, function=True))
    rate_fn, rate_py = len(events) / min(function), len(events) / min(ledger)
    print(f"Python ledger (owner, reference): {rate_py:8.0f} events/s   best of {TRIALS}: {min(ledger):.3f} s")
    print(f"flat_station_record (station):    {rate_fn:8.0f} events/s   best of {TRIALS}: {min(function):.3f} s")
    report("push", rate_fn, rate_py, unit="events/s", goal="at least the Python ledger's rate",
           met=rate_fn >= rate_py)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 40))
