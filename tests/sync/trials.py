"""Randomised outage and ``kill -9`` trials against the real PostgreSQL server, each from a seed
(printed, so any trial can be run again: ``FLAT_TRIAL_SEED``).

An outage trial is a script of what an office does to a station: work, cuts, flapping links,
silent hangs, a supervisor reassigning or cancelling the job during a cut, pauses, with one or
two stations, each behind its own proxy. A kill trial starts a station process, lets it work
(online or cut off), kills it with SIGKILL at once, and restarts it online or offline.

Afterwards every event each station made is on the server exactly once ("lost" counts those
missing, "duplicated" those stored twice or a step done twice), every cache agrees with the
server about its job, and no event was set aside as refused.
"""

from __future__ import annotations

import os
import random
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from flat_desktop.db import Database
from flat_desktop.errors import FlatError
from flat_desktop.services import board, work
from flat_desktop.sync import StationLink, open_station
from flat_desktop.sync import cache as sync_cache
from tests.sync.conftest import wait_for
from tests.sync.jobs import BOSS, do_steps, finish, new_job, sign_in
from tests.sync.proxy import Proxy, via

WORKERS = {"A": "W001", "B": "W004"}  # W002 has an open help call in the demo; the console gives jobs to W003
Op = tuple[str, str, int]


@dataclass
class Tally:
    outages: int = 0
    kills: int = 0
    lost: int = 0
    duplicated: int = 0
    conflicts: int = 0  # sync_conflict alerts raised (expected after a reassign or cancel)
    refused_by_service: int = 0  # work the station itself refused (a cancelled job, say)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.outages} outages, {self.kills} kills: {self.lost} lost, {self.duplicated} duplicated "
            f"({self.conflicts} conflict alerts, {self.refused_by_service} actions refused at the station)"
        )


def outage_script(rng: random.Random) -> tuple[list[str], list[Op]]:
    """The stations and a list of (what, station, n) for one outage trial."""
    stations = ["A", "B"] if rng.random() < 0.35 else ["A"]
    ops: list[Op] = []
    for _ in range(rng.randint(4, 9)):
        st = rng.choice(stations)
        r = rng.random()
        if r < 0.30:
            ops.append(("work", st, rng.randint(1, 2)))
        elif r < 0.45:
            ops.append(("cut", st, 0))
        elif r < 0.55:
            ops.append(("hang", st, 0))
        elif r < 0.65:
            ops.append(("flap", st, rng.randint(2, 4)))
        elif r < 0.75:
            ops.append(("restore", st, 0))
        elif r < 0.83:
            ops.append(("reassign", st, 0))
        elif r < 0.88:
            ops.append(("cancel", st, 0))
        else:
            ops.append(("pause", st, 0))
    ops += [("finish", st, 0) for st in stations if rng.random() < 0.6]
    return stations, ops


@contextmanager
def _stations(server_url: str, home: Path, names: list[str]) -> Iterator[dict[str, tuple[Proxy, StationLink]]]:
    port = make_url(server_url).port or 5432
    with ExitStack() as stack:
        out: dict[str, tuple[Proxy, StationLink]] = {}
        for name in names:
            proxy = stack.enter_context(Proxy(port))
            link = open_station(via(proxy, server_url), home / f"station-{name}" / "cache.sqlite3", f"station-{name}")
            stack.callback(link.stop)
            link.start()
            out[name] = (proxy, link)
        yield out


def run_outage(server: Database, server_url: str, home: Path, seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    names, ops = outage_script(rng)
    jobs = {}
    for name in names:
        jobs[name] = new_job(server, quantity=20)
        board.assign(server, BOSS, jobs[name], WORKERS[name])
    print(f"  outage seed {seed}: stations {names}: " + " ".join(f"{o}:{s}{n or ''}" for o, s, n in ops))
    with _stations(server_url, home, names) as st:
        for name, (_p, link) in st.items():
            code, worker = jobs[name], WORKERS[name]
            wait_for(lambda link=link, code=code, worker=worker: link.status().synced
                     and _assignee(link.db, code) == worker, what=f"job in station {name}'s cache")
        actors = {name: sign_in(st[name][1].db, WORKERS[name], f"station-{name}") for name in names}

        def act(name: str, fn: Callable[[], object]) -> None:
            try:
                fn()
            except FlatError:
                tally.refused_by_service += 1  # e.g. the cache already knows the job was cancelled

        for what, name, n in ops:
            proxy, link = st[name]
            db, me, code = link.db, actors[name], jobs[name]
            if what == "work":
                act(name, lambda db=db, me=me, code=code, n=n: do_steps(db, me, code, n))
            elif what == "cut":
                proxy.cut()
            elif what == "hang":
                proxy.hang()
            elif what == "restore":
                proxy.restore()
            elif what == "flap":
                for _ in range(n):
                    act(name, lambda db=db, me=me, code=code: do_steps(db, me, code, 1))
                    proxy.cut()
                    proxy.restore()
            elif what in ("reassign", "cancel"):
                proxy.cut()
                if what == "reassign":
                    act(name, lambda code=code: board.assign(server, BOSS, code, "W003", override_reason="trial"))
                else:
                    act(name, lambda code=code: board.cancel(server, BOSS, code, "trial"))
                act(name, lambda db=db, me=me, code=code: do_steps(db, me, code, 1))  # late work
            elif what == "pause":
                act(name, lambda db=db, me=me, code=code: do_steps(db, me, code, 0))
                act(name, lambda db=db, me=me, code=code: work.pause(db, me, code))
                act(name, lambda db=db, me=me, code=code: work.resume(db, me, code))
            elif what == "finish":
                act(name, lambda db=db, me=me, code=code: finish(db, me, code))
        for proxy, _link in st.values():
            proxy.restore()
        for name, (_p, link) in st.items():
            # the outbox itself, not the status (which counts it on the sync thread a moment later)
            wait_for(lambda link=link: link.status().online and sync_cache.waiting(link.db) == 0, timeout=60,
                     what=f"station {name} sent everything (seed {seed})")
            code = jobs[name]
            wait_for(lambda link=link, code=code: _state(link.db, code) == _state(server, code), timeout=30,
                     what=f"station {name}'s cache agrees with the server (seed {seed})")
            _count(server, link, f"station-{name}", [code], tally, seed)
    tally.outages += 1


def run_kill(server: Database, server_url: str, home: Path, seed: int, tally: Tally) -> None:
    from tests.sync.test_kill import Station

    rng = random.Random(seed)
    online_steps, offline_steps = rng.randint(0, 2), rng.randint(1, 3)
    cut = rng.random() < 0.7  # else killed while it may be sending
    restart_offline = cut and rng.random() < 0.6
    print(f"  kill seed {seed}: {online_steps} steps sent, {offline_steps} more "
          f"{'cut off' if cut else 'online'}, kill -9, restart {'offline' if restart_offline else 'online'}")
    code = new_job(server, quantity=20)
    board.assign(server, BOSS, code, "W001")
    cache = home / f"kill-{seed}" / "cache.sqlite3"
    with Proxy(make_url(server_url).port or 5432) as proxy:
        url = via(proxy, server_url)
        first = Station("begin", url, str(cache), code, str(online_steps), home=home / "flat")
        try:
            first.expect("READY")
            if cut:
                proxy.cut()
            first.send(f"WORK {offline_steps}")
            first.expect("WORKED")
            os.kill(first.proc.pid, signal.SIGKILL)
            first.proc.wait(10)
        finally:
            first.close()
        if cut and not restart_offline:
            proxy.restore()
        second = Station("resume", url, str(cache), code, home=home / "flat")
        try:
            second.expect("FINISHED")
            proxy.restore()
            second.expect("SENT")
            second.proc.wait(20)
        finally:
            second.close()
    local = Database(f"sqlite:///{cache}")
    try:
        _count(server, None, "station-k", [code], tally, seed, local=local)
        if board.job(server, code).status != "done":
            tally.lost += 1
            tally.notes.append(f"seed {seed}: job {code} is {board.job(server, code).status} on the server")
    finally:
        local.dispose()
    tally.kills += 1


def _assignee(db: Database, code: str) -> str | None:
    try:
        return board.job(db, code).assignee
    except FlatError:
        return None


def _state(db: Database, code: str) -> tuple[object, ...]:
    j = board.job(db, code)
    return j.status, j.assignee, j.current_step, tuple(s.state for s in j.steps)


def _count(
    server: Database,
    link: StationLink | None,
    station: str,
    codes: list[str],
    tally: Tally,
    seed: int,
    *,
    local: Database | None = None,
) -> None:
    db = local if local is not None else link.db if link is not None else None
    assert db is not None
    if link is not None and link.status().refused:
        tally.lost += link.status().refused
        tally.notes.append(f"seed {seed}: {link.status().refused} events set aside at {station}")
    made = {e.id for e in board.events(db) if e.station == station}
    central = board.events(server)
    ids = Counter(e.id for e in central)
    missing = made - set(ids)
    tally.lost += len(missing)
    if missing:
        tally.notes.append(f"seed {seed}: {len(missing)} events of {station} missing on the server")
    for code in codes:
        mine = [e for e in central if e.job == code]
        tally.conflicts += sum(1 for e in mine if e.type == "sync_conflict")
        twice = [n - 1 for n in Counter(e.step for e in mine if e.type == "step_done").values() if n > 1]
        twice += [n - 1 for n in [sum(1 for e in mine if e.type == "job_finished")] if n > 1]
        twice += [n - 1 for i, n in ids.items() if n > 1 and i in made]
        tally.duplicated += sum(twice)
        if twice:
            tally.notes.append(f"seed {seed}: {sum(twice)} duplicates on job {code}")
