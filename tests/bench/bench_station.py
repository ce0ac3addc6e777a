"""How fast the worker station answers a scan: ``.venv/bin/python tests/bench/bench_station.py [SCANS]``.

1. Scan to painted step: a ticket burst (keys and Enter, as a keyboard-wedge scanner types) into
   the station window, until the job's step screen is painted (its speech queued) — SCANS times
   (default 200), each time from a break, so every scan records ``job_resumed`` in the database.
   Reference in the same run: the same burst into an empty QLineEdit, painted.
2. Cold start to the painted sign-in screen, against a bare PySide6 window (5 runs each, median).

Prints the figures and ratios; the goals are p95 under 50 ms and cold start at most 1.5x the bare
window. Offscreen Qt, silent speech. Not collected by pytest (no test functions).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def scan_to_step(scans: int) -> tuple[list[float], list[float]]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from flat_desktop import codes
    from flat_desktop.config import Paths, Settings
    from flat_desktop.db import Database
    from flat_desktop.demo.build import badge_payloads, create_demo
    from flat_desktop.gui.station.app import Station
    from flat_desktop.services import work
    from flat_desktop.services.context import Actor

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="flat-bench-"))
    db = Database(f"sqlite:///{tmp / 'bench.sqlite3'}")
    create_demo(db, history_days=1)
    worker = "W001"
    me = Actor(worker, "worker", "bench")
    job = next(j for j in work.my_jobs(db, me) if j.status == "assigned")
    ticket = codes.ticket_payload(job.code)
    st = Station(db, Settings(station_name="bench"), Paths(tmp, tmp / "log", tmp), speech="none",
                 dwell_scale=0.0)
    win = st.window
    win.resize(1920, 1080)
    win.show()
    st.start()
    QTest.keyClicks(win, badge_payloads()[worker])
    QTest.keyClick(win, Qt.Key.Key_Return)
    app.processEvents()

    station_ms: list[float] = []
    for _ in range(scans):
        t0 = time.perf_counter()
        QTest.keyClicks(win, ticket)
        QTest.keyClick(win, Qt.Key.Key_Return)
        win.repaint()  # painted, not just scheduled
        station_ms.append((time.perf_counter() - t0) * 1000)
        assert st.controller.state == "step", st.window.error_banner.message()
        QTest.keyClick(win, Qt.Key.Key_F4)  # back to the break screen for the next scan
        assert st.controller.state == "break"

    edit = QLineEdit()
    edit.resize(600, 80)
    edit.show()
    ref_ms: list[float] = []
    for _ in range(scans):
        edit.clear()
        t0 = time.perf_counter()
        QTest.keyClicks(edit, ticket)
        QTest.keyClick(edit, Qt.Key.Key_Return)
        edit.repaint()
        ref_ms.append((time.perf_counter() - t0) * 1000)
    st.close()
    db.dispose()
    return station_ms, ref_ms


_COLD = {
    "bare": (
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "app = QApplication([]); w = QWidget(); w.resize(1920, 1080); w.show(); w.repaint()\n"
    ),
    "station": (
        "import sys, tempfile; from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from flat_desktop.config import Paths, Settings\n"
        "from flat_desktop.db import Database\n"
        "from flat_desktop.gui.station.app import Station\n"
        "app = QApplication([]); t = Path(tempfile.mkdtemp())\n"
        "st = Station(Database(sys.argv[1]), Settings(station_name='bench'), Paths(t, t / 'log', t), speech='none')\n"
        "st.window.resize(1920, 1080); st.window.show(); st.start(); st.window.repaint(); st.close()\n"
    ),
}


def cold_start(db_url: str, runs: int = 5) -> dict[str, float]:
    out: dict[str, float] = {}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for kind, code in _COLD.items():
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code, db_url], check=True, env=env, capture_output=True)
            times.append((time.perf_counter() - t0) * 1000)
        out[kind] = statistics.median(times)
    return out


def main() -> int:
    scans = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    station_ms, ref_ms = scan_to_step(scans)
    s95, r95 = _p95(station_ms), _p95(ref_ms)
    print(f"scan to painted step, {scans} scans: median {statistics.median(station_ms):.1f} ms, p95 {s95:.1f} ms "
          f"(goal < 50 ms)")
    print(f"reference burst into a QLineEdit:    median {statistics.median(ref_ms):.1f} ms, p95 {r95:.1f} ms; "
          f"ratio p95 {s95 / r95:.1f}x")
    from flat_desktop.db import Database, migrate

    tmp = Path(tempfile.mkdtemp(prefix="flat-bench-cold-"))
    url = f"sqlite:///{tmp / 'cold.sqlite3'}"
    migrate.upgrade(Database(url))
    cold = cold_start(url)
    print(f"cold start to painted sign-in: station {cold['station']:.0f} ms, bare window {cold['bare']:.0f} ms, "
          f"ratio {cold['station'] / cold['bare']:.2f}x (goal <= 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
