"""Each report's queries on the 90-day and the 1095-day demo:
``.venv/bin/python tests/bench/bench_reports.py [--repeat N] [--postgres]``.

Uses the cached SQLite demos of bench_scale.py (built on first use, minutes), and with
``--postgres`` its PostgreSQL copies of them too. Each report is
timed over the whole history of each demo (90 days against 1095: the time may grow with the
range asked for, no faster) and over the same last 90 days on both (the size of the history
alone: flat means a ratio near 1). Prints each figure's p50 beside the 90-day reference, then
one JSON line per report against the goal of 200 ms at three years. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from flat_desktop.db import Database  # noqa: E402
from flat_desktop.services import reports  # noqa: E402
from flat_desktop.services.reports import Range, ReportKind  # noqa: E402
from tests.bench.bench_scale import PG_SERVER, SIZES, pg_template, sqlite_demo  # noqa: E402
from tests.bench.figures import p50, p95, report  # noqa: E402

GOAL_MS = 200.0


def measure(db: Database, kind: ReportKind, rng: Range, repeat: int) -> list[float]:
    reports.report(db, kind, rng)  # warm-up: caches, imports
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        reports.report(db, kind, rng)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--postgres", action="store_true", help="also on the PostgreSQL server")
    args = parser.parse_args()
    backends = {"sqlite": sqlite_demo} | ({"postgresql": lambda d: f"{PG_SERVER}/{pg_template(d)}"}
                                           if args.postgres else {})
    for backend, url_of in backends.items():
        run(backend, url_of, args.repeat)
    return 0


def run(backend: str, url_of: Any, repeat: int) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    figures: dict[tuple[str, int], list[float]] = {}
    for days in SIZES:
        db = Database(url_of(days))
        try:
            for kind in ReportKind:
                whole = Range.of(tomorrow - dt.timedelta(days=days + 1), tomorrow)
                last90 = Range.of(tomorrow - dt.timedelta(days=SIZES[0] + 1), tomorrow)
                figures[(f"{kind.value}, whole history", days)] = measure(db, kind, whole, repeat)
                figures[(f"{kind.value}, last {SIZES[0]} days", days)] = measure(db, kind, last90, repeat)
        finally:
            db.dispose()
    small, large = SIZES
    print(f"\n{backend}: p50 of {repeat} runs (ms)          {small} days   {large} days    ratio")
    names = list(dict.fromkeys(name for name, _days in figures))
    for name in names:
        a, b = p50(figures[(name, small)]), p50(figures[(name, large)])
        met = "ok" if b < GOAL_MS else f"OVER {GOAL_MS:g}"
        print(f"  {name:34} {a:9.2f}   {b:9.2f}   {b / max(a, 1e-9):6.2f}   {met}")
    print()
    for name in names:
        b = figures[(name, large)]
        report(f"reports {backend} {name}", p50(b), p50(figures[(name, small)]), unit="ms",
               goal=f"under {GOAL_MS:g} ms at {large} days", met=p50(b) < GOAL_MS, p50=p50(b), p95=p95(b))


if __name__ == "__main__":
    raise SystemExit(main())
