"""How fast job tickets render: ``.venv/bin/python tests/bench/bench_tickets.py [COUNT]``.

Renders COUNT (default 1,000) tickets of each format into one PDF and, in the same run, the
same number of plain reportlab pages carrying one line of Japanese text and no barcode, as a
reference for this machine. Prints both rates and their ratio. The goal is 1,000 tickets in
under 2 s in every format; the JSON line at the end gives the slowest format per 1,000.
Not collected by pytest (no test functions): timings belong here, not in the test suite.
"""

from __future__ import annotations

import io
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.pdfgen.canvas import Canvas

from flat_desktop.printing import TicketFormat, fonts, render_tickets, samples
from tests.bench.figures import report

GOAL_S = 2.0  # per 1,000 tickets


def reference(count: int) -> float:
    gothic = fonts.gothic()
    start = time.perf_counter()
    buf = io.BytesIO()
    c = Canvas(buf, initialFontName=gothic)
    for i in range(count):
        c.setFont(gothic, 12)
        c.drawString(72, 720, f"作業票 {i}")
        c.showPage()
    c.save()
    return time.perf_counter() - start


def tickets(count: int, fmt: TicketFormat) -> tuple[float, int]:
    base = samples.tickets()[:-1]  # the confidential sample prints almost nothing
    batch = [replace(base[i % len(base)], job_code=f"J-261128-{i % 10000:04d}") for i in range(count)]
    start = time.perf_counter()
    pdf = render_tickets(batch, fmt)
    return time.perf_counter() - start, len(pdf)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    fonts.gothic(), fonts.icons()  # font loading is a one-off per process, not per ticket
    tickets(10, TicketFormat.A4)  # warm caches the way a running app has them
    ref = reference(count)
    print(f"reference: {count} one-line pages in {ref:.2f} s = {count / ref:,.0f} pages/s")
    per_1000: dict[str, float] = {}
    for fmt in TicketFormat:
        took, size = tickets(count, fmt)
        per_1000[fmt.value] = took * 1000 / count
        print(f"{fmt.value:>7}: {count} tickets in {took:.2f} s = {count / took:,.0f} tickets/s, "
              f"{took / ref:.1f}x the reference, PDF {size / 1e6:.1f} MB"
              + ("" if took < GOAL_S * count / 1000 else f"  (goal: under {GOAL_S:g} s per 1,000)"))
    slowest = max(per_1000.values())
    report("tickets_render", slowest, ref * 1000 / count, unit="s per 1000",
           goal=f"1,000 tickets in under {GOAL_S:g} s in every format", met=slowest < GOAL_S)


if __name__ == "__main__":
    main()
