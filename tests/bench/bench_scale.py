"""Every station and console read at 90 days and at three years of history:
``.venv/bin/python tests/bench/bench_scale.py [--backend sqlite|postgresql|both] [--repeat N] [--build-only]``.

Builds the demo station with 90 and with 1095 days of history (about 15,000 jobs and 250,000
events; minutes to build) once and keeps it: SQLite files under the cache folder
(``FLAT_BENCH_CACHE``, default ``~/.cache/flat-desktop-bench``), and on the PostgreSQL server
at 127.0.0.1:5432 (``FLAT_TEST_PG``) a named database filled with a copy of the SQLite demo's
rows (the same station on both), used as a template: each run reads a fresh copy of it. Both
are keyed by the schema's head revision, the demo's seed, its days of history and the day it
was built for (the board shows "today's" work, so a demo built yesterday is built again).

Each read runs ``--repeat`` times after a warm-up and prints its p50 at both sizes and the
ratio (the 90-day figure is the reference measured in the same run: flat means a ratio near 1).
``jobs --json`` runs in a child process and also reports its peak memory above the same child
that only imports the CLI. The last JSON line sums up: the worst read at three years against the
goal of 20 ms. Not collected by pytest: timings belong here, not in the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select, text  # noqa: E402

from flat_desktop.db import Database, migrate  # noqa: E402
from flat_desktop.db.models import Base, Event, Job, JobType  # noqa: E402
from flat_desktop.demo.build import SEED, create_demo  # noqa: E402
from flat_desktop.events import EventType  # noqa: E402
from flat_desktop.services import board, catalog, help, machines, people, stations, timing, work  # noqa: E402
from flat_desktop.services.context import Actor  # noqa: E402
from tests.bench.figures import p50, p95, report  # noqa: E402
from tests.helpers import postgres  # noqa: E402

SIZES = (90, 1095)
GOAL_MS = 20.0
BOARD_GOAL_MS = 300.0
FRAME_MS = 16.7
BOSS = Actor("S001", "supervisor", "console@bench")
PG_SERVER = postgres.SERVER


def cache_dir() -> Path:
    own = os.environ.get("FLAT_BENCH_CACHE")
    user = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = Path(own) if own else user / "flat-desktop-bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_key(days: int) -> str:
    return f"{migrate.head()}_{days}d_seed{SEED}_{dt.date.today():%Y%m%d}"


# --- building or reusing the demo ---------------------------------------------------------


def sqlite_demo(days: int) -> str:
    """The cached SQLite file of the ``days`` demo (built on first use, then reused)."""
    path = cache_dir() / f"demo_{demo_key(days)}.db"
    if not path.exists():
        building = path.with_suffix(".building")
        for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            stale.unlink(missing_ok=True)
        print(f"building the {days}-day demo in {path} (minutes) ...", flush=True)
        db = Database(f"sqlite:///{building}")
        try:
            create_demo(db, history_days=days)
        finally:
            db.dispose()
        with contextlib.closing(sqlite3.connect(building)) as con:  # the WAL goes into the file before it moves
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        building.rename(path)
    return f"sqlite:///{path}"


_pg_admin = postgres._admin


def _pg_exists(conn: Any, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def pg_template(days: int) -> str:
    """The name of the PostgreSQL template database of the ``days`` demo (built on first use)."""
    name = f"flat_bench_{demo_key(days)}".lower()
    building = name + "_building"
    with _pg_admin() as conn:
        if _pg_exists(conn, name):
            return name
        conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{building}"')
    source = sqlite_demo(days)
    print(f"copying the {days}-day demo into PostgreSQL database {name} ...", flush=True)
    copy_demo(source, f"{PG_SERVER}/{building}")
    with _pg_admin() as conn:
        conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return name


def copy_demo(source_url: str, target_url: str, batch: int = 5000) -> None:
    """Copy the built demo row by row into an empty database (a three-year demo takes most of
    an hour to simulate through the services on PostgreSQL, and a minute to copy): both
    backends then hold the very same station."""
    source, target = Database(source_url), Database(target_url)
    try:
        migrate.upgrade(target)
        tables = list(Base.metadata.sorted_tables)
        with source.engine.connect() as src, target.engine.begin() as dst:
            for table in reversed(tables):
                dst.execute(table.delete())
            for table in tables:
                rows: list[dict[str, Any]] = []
                for row in src.execute(table.select()).mappings():
                    rows.append(dict(row))
                    if len(rows) >= batch:
                        dst.execute(table.insert(), rows)
                        rows = []
                if rows:
                    dst.execute(table.insert(), rows)
                if "id" in table.c and table.c.id.autoincrement and str(table.c.id.type) in ("INTEGER", "BIGINT"):
                    dst.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                     f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
        with target.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        source.dispose()
        target.dispose()


# --- the reads ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Subjects:
    """Who and what the reads are about, taken from the demo itself (the newest work)."""

    worker: str
    job_type: str
    position: int
    job: str
    new_type: str | None  # a job type the worker has never done: the longest walk of their events


def subjects(db: Database) -> Subjects:
    with db.reader() as s:
        row = s.execute(
            select(Event.worker, JobType.key, Event.step, Event.job)
            .join(Job, Job.code == Event.job).join(JobType, JobType.id == Job.job_type_id)
            .where(Event.type == str(EventType.STEP_DONE)).order_by(Event.seq.desc()).limit(1)
        ).one()
        done = (select(JobType.key).join(Job, Job.job_type_id == JobType.id).join(Event, Event.job == Job.code)
                .where(Event.worker == row[0], Event.type == str(EventType.STEP_DONE)))
        new = s.scalars(select(JobType.key).where(JobType.key.not_in(done)).order_by(JobType.key)).first()
    return Subjects(row[0], row[1], row[2], row[3], new)


def reads(db: Database, who: Subjects) -> dict[str, Callable[[], object]]:
    midnight = dt.datetime.combine(dt.date.today(), dt.time(0)).astimezone()
    worker = Actor(who.worker, "worker", "station@bench")
    return {
        # The board's own read; it also reads the workers (the "workers list" row) and the job
        # types, and "console board ready" below times all of it with the widgets.
        "board jobs (board_jobs)": lambda: board.board_jobs(db, BOSS, since=midnight),
        "board.events(since=midnight)": lambda: board.events(db, since=midnight),
        "usual_step_time": lambda: timing.usual_step_time(db, who.worker, who.job_type, who.position, 60.0,
                                                          exclude_job=who.job),
        "usual_step_time (new type)": lambda: timing.usual_step_time(db, who.worker, who.new_type or who.job_type,
                                                                     who.position, 60.0),
        "order_history": lambda: catalog.order_history(db),
        "my_jobs (station)": lambda: work.my_jobs(db, worker),
        "help calls (open)": lambda: help.open_calls(db),
        "machines + counters": lambda: (machines.machines(db), machines.usage(db)),
        "workers list": lambda: people.workers(db, include_inactive=True),
        "stations list": lambda: stations.pcs(db),
        "job search (no match)": lambda: board.search(db, BOSS, "no-such-job-anywhere"),
    }


# Searching for text that matches nothing reads every job: it is the search reaching the whole
# history on purpose, shown but not held to the 20 ms goal of the screens' reads.
NOT_A_SCREEN_READ = {"job search (no match)"}


def measure_reads(urls: dict[int, str], repeat: int) -> dict[int, dict[str, list[float]]]:
    """Each read on both databases in turn (the two sizes share whatever load the machine has)."""
    dbs = {days: Database(url) for days, url in urls.items()}
    try:
        fns = {days: reads(db, subjects(db)) for days, db in dbs.items()}
        out: dict[int, dict[str, list[float]]] = {days: {} for days in dbs}
        for name in fns[SIZES[0]]:
            for days in dbs:
                fns[days][name]()  # warm-up: caches, prepared statements, imports
                out[days][name] = []
            for _ in range(repeat):
                for days in dbs:
                    start = time.perf_counter()
                    fns[days][name]()
                    out[days][name].append((time.perf_counter() - start) * 1000)
        return out
    finally:
        for db in dbs.values():
            db.dispose()


_BOARD_CHILD = """
import datetime as dt, json, sys, time, dataclasses
from PySide6.QtWidgets import QApplication
app = QApplication([])
from flat_desktop.db import Database
from flat_desktop.gui.console.board import BoardTab
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.services.context import Actor
db = Database(sys.argv[1])
ctx = ConsoleContext(db, Actor("S001", "supervisor", "console@bench"))
BoardTab(ctx).deleteLater()  # warm-up
ready = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); tab = BoardTab(ctx); ready.append((time.perf_counter() - t) * 1000)
    tab.deleteLater()
code = next(c for c, j in tab.jobs.items() if j.status == "received")
was = tab.jobs[code]
change = []
for i in range(int(sys.argv[2])):
    # One card changes column and back: what the board does for one event, without the read.
    tab.jobs[code] = dataclasses.replace(was, status="assigned", assignee=None) if i % 2 == 0 else was
    t = time.perf_counter(); tab.place({code}); change.append((time.perf_counter() - t) * 1000)
ctx.stop()
from flat_desktop.gui.console.window import ConsoleWindow
window = []
for _ in range(3):
    # The whole console main window after sign-in: every tab's first read.
    wctx = ConsoleContext(db, Actor("S001", "supervisor", "console@bench"))
    t = time.perf_counter(); win = ConsoleWindow(wctx); window.append((time.perf_counter() - t) * 1000)
    wctx.stop()
    win.deleteLater()
print(json.dumps({"ready": ready, "change": change, "cards": len(tab.cards), "window": window}))
"""


def measure_board_gui(url: str, repeat: int) -> dict[str, Any]:
    """The console board in a child process (offscreen Qt): building the tab with its first
    load, and moving one card after one change."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _BOARD_CHILD, url, str(repeat)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


_CLI_CHILD = """
import json, os, sys, time
from flat_desktop.cli import main
t = time.perf_counter()
if sys.argv[1] != "-":
    sys.stdout = open(os.devnull, "w")
    main(["jobs", "--json", "--db", sys.argv[1]])
s = time.perf_counter() - t
# VmHWM, not ru_maxrss: after fork and exec the latter may still be the parent's peak.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
sys.stderr.write(json.dumps({"s": s, "rss_mib": peak / 1024}))
"""


def measure_cli(url: str) -> dict[str, float]:
    """``jobs --json`` in a child process: seconds, and peak memory above a child that only imports."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def child(arg: str) -> dict[str, float]:
        done = subprocess.run([sys.executable, "-c", _CLI_CHILD, arg], env=env, check=True,
                              capture_output=True, text=True)
        return dict(json.loads(done.stderr.strip().splitlines()[-1]))

    bare, run = child("-"), child(url)
    return {"s": run["s"], "mib": run["rss_mib"] - bare["rss_mib"], "rss_mib": run["rss_mib"]}


# --- running ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Line:
    backend: str
    read: str
    small: float  # at SIZES[0] days: the reference
    large: float  # at SIZES[1] days
    large_p95: float | None
    goal: float | None  # None: shown, not held to a goal


def _row(line: Line, note: str = "") -> None:
    met = "" if line.goal is None else ("ok" if line.large < line.goal else f"OVER {line.goal:g}")
    print(f"  {line.read:34} {line.small:9.2f}   {line.large:9.2f}   {line.large / max(line.small, 1e-9):6.2f}"
          f"   {met}{note}")


def bench(backend: str, urls: dict[int, str], repeat: int) -> list[Line]:
    small, large = SIZES
    figures = measure_reads(urls, repeat)
    print(f"\n{backend}: p50 of {repeat} runs (ms)     {small} days   {large} days    ratio")
    lines: list[Line] = []
    for name in figures[large]:
        line = Line(backend, name, p50(figures[small][name]), p50(figures[large][name]), p95(figures[large][name]),
                    None if name in NOT_A_SCREEN_READ else GOAL_MS)
        _row(line)
        lines.append(line)
    gui = {days: measure_board_gui(url, max(5, repeat // 2)) for days, url in urls.items()}
    gui_goals: tuple[tuple[str, str, float | None], ...] = (
        ("ready", "console board ready (GUI)", BOARD_GOAL_MS),
        ("change", "one change on the board (GUI)", FRAME_MS),
        ("window", "console main window (GUI)", None),  # the 4.2 s; no goal of its own
    )
    for key, label, goal_ms in gui_goals:
        line = Line(backend, label, p50(gui[small][key]), p50(gui[large][key]), p95(gui[large][key]), goal_ms)
        _row(line, "" if key == "window" else f"  ({gui[small]['cards']} / {gui[large]['cards']} cards)")
        lines.append(line)
    cli = {days: measure_cli(url) for days, url in urls.items()}
    seconds = Line(backend, "jobs --json (s)", cli[small]["s"], cli[large]["s"], None, None)
    memory = Line(backend, "jobs --json peak memory (MiB)", cli[small]["mib"], cli[large]["mib"], None, None)
    _row(seconds)
    _row(memory, f"  (above {cli[large]['rss_mib'] - cli[large]['mib']:.0f} MiB of imports)")
    return [*lines, seconds, memory]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--build-only", action="store_true", help="build (or find) the demos and stop")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    lines: list[Line] = []
    for backend in backends:
        if backend == "sqlite":
            urls = {days: sqlite_demo(days) for days in SIZES}
            if not args.build_only:
                lines += bench(backend, urls, args.repeat)
            continue
        templates = {days: pg_template(days) for days in SIZES}
        if args.build_only:
            continue
        with postgres.copy_of(f"{PG_SERVER}/{templates[SIZES[0]]}") as small, \
                postgres.copy_of(f"{PG_SERVER}/{templates[SIZES[1]]}") as large:
            lines += bench(backend, {SIZES[0]: small, SIZES[1]: large}, args.repeat)
    if args.build_only:
        print("demos ready")
        return 0
    print()
    for line in lines:
        if line.goal is not None:
            report(f"scale {line.backend} {line.read}", line.large, line.small, unit="ms",
                   goal=f"under {line.goal:g} ms at {SIZES[1]} days, flat against {SIZES[0]} days",
                   met=line.large < line.goal, p50=line.large, p95=line.large_p95)
        elif line.read.startswith("jobs --json peak memory"):
            report(f"scale {line.backend} jobs --json peak memory", line.large, line.small, unit="MiB",
                   goal="flat in the size of the history", met=line.large < 2 * max(line.small, 5.0))
    worst = max((ln for ln in lines if ln.goal == GOAL_MS), key=lambda ln: ln.large)
    report(f"scale worst read at {SIZES[1]} days: {worst.backend} {worst.read}", worst.large, worst.small, unit="ms",
           goal=f"every station and console read under {GOAL_MS:g} ms", met=worst.large < GOAL_MS,
           p50=worst.large, p95=worst.large_p95)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
