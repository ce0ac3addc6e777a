"""Start-up moments for the cold-start benchmarks (tests/bench/bench_start.py and
bench_console_start.py): with ``FLAT_STARTUP_TRACE`` set, ``trace("painted")`` appends the
moment and the time to that file. Unset in normal use, when it does nothing."""

from __future__ import annotations

import os
import time

TRACE_ENV = "FLAT_STARTUP_TRACE"


def trace(moment: str) -> None:
    path = os.environ.get(TRACE_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{moment} {time.time():.6f}\n")
