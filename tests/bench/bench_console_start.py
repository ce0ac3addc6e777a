"""How fast the supervisor's console shows its sign-in: ``.venv/bin/python tests/bench/bench_console_start.py [RUNS]``.

The real ``flat-desktop console`` command is started RUNS times (default 7) until its sign-in
dialog is painted (a moment the process writes itself), each run beside a bare PySide6 window
started and painted the same way as the reference. Goal: at most 1.5x the bare window
(medians). Offscreen Qt. Not collected by pytest. Ends with one JSON line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.coldstart import fresh_database, timed_starts
from tests.bench.figures import p50, p95, report

GOAL = 1.5


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    url = fresh_database()
    times = timed_starts(["console", "--db", url], ["painted"], runs)
    bare, painted = p50(times["bare"]), p50(times["painted"])
    print(f"bare PySide6 window painted:     median {bare:.0f} ms ({runs} runs)")
    print(f"console sign-in dialog painted:  median {painted:.0f} ms, {painted / bare:.2f}x (goal <= {GOAL}x)")
    report("console_cold_start", painted, bare, unit="ms", goal=f"sign-in painted <= {GOAL}x a bare window",
           met=painted <= GOAL * bare, p50=painted, p95=p95(times["painted"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
