"""The one closing line every benchmark prints, so a run of them all can be read by a program.

``report(...)`` prints ``{"bench", "figure", "reference", "ratio", "p50", "p95", "unit", "goal", "met"}``
as one JSON line: ``figure`` is what the goal is about, ``reference`` the same kind of thing
measured in the same run on a bare baseline (these machines are noisy), ``goal`` a short text.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank rule; one value gives itself."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def p50(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    return percentile(values, 95)


def report(bench: str, figure: float, reference: float | None, *, unit: str, goal: str, met: bool,
           p50: float | None = None, p95: float | None = None) -> dict[str, object]:
    """Print and return the benchmark's JSON line."""
    line: dict[str, object] = {
        "bench": bench,
        "figure": round(figure, 3),
        "reference": None if reference is None else round(reference, 3),
        "ratio": None if not reference else round(figure / reference, 2),
        "p50": None if p50 is None else round(p50, 3),
        "p95": None if p95 is None else round(p95, 3),
        "unit": unit,
        "goal": goal,
        "met": bool(met),
    }
    print(json.dumps(line, ensure_ascii=False), flush=True)
    return line
