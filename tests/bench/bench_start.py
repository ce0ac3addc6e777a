"""How fast the worker station starts: ``.venv/bin/python tests/bench/bench_start.py [RUNS]``.

The real ``flat-desktop station --windowed`` command is started RUNS times (default 7) until
its sign-in screen is painted and until it is ready for a scan (moments the process writes
itself), each run beside a bare PySide6 window started and painted the same way as the
reference. Goal: the painted sign-in screen at most 1.2x the bare window (medians).
Offscreen Qt. Not collected by pytest. Ends with one JSON line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.coldstart import fresh_database, timed_starts
from tests.bench.figures import p50, p95, report

GOAL = 1.2


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    url = fresh_database()
    times = timed_starts(["station", "--windowed", "--db", url], ["painted", "ready"], runs)
    bare, painted, ready = p50(times["bare"]), p50(times["painted"]), p50(times["ready"])
    print(f"bare PySide6 window painted:       median {bare:.0f} ms ({runs} runs)")
    print(f"station sign-in screen painted:    median {painted:.0f} ms, {painted / bare:.2f}x (goal <= {GOAL}x)")
    print(f"station ready for a scan:          median {ready:.0f} ms, {ready / bare:.2f}x "
          "(keys typed before that are kept and handled then)")
    report("station_cold_start", painted, bare, unit="ms", goal=f"sign-in painted <= {GOAL}x a bare window",
           met=painted <= GOAL * bare, p50=painted, p95=p95(times["painted"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
