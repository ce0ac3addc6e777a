"""How fast the worker station answers a scan: ``.venv/bin/python tests/bench/bench_station.py [SCANS]``.

1. Scan to painted step: a ticket burst (keys and Enter, as a keyboard-wedge scanner types) into
   the station window, until the job's step screen is painted (its speech queued) — SCANS times
   (default 200), each time from a break, so every scan records ``job_resumed`` in the database.
   Reference in the same run: the same burst into an empty QLineEdit, painted.
2. Cold start of the real ``flat-desktop station`` command to the painted sign-in screen and
   to the station ready for a scan, against a bare PySide6 window painted (5 runs each, median;
   the moments are written by the processes themselves to a trace file).

``bench_station.py 0`` measures the cold start only. Prints the figures and ratios; the goals
are p95 under 50 ms and cold start at most 1.5x the bare window. Offscreen Qt, silent speech.
Not collected by pytest (no test functions).
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


BARE = (
    "import sys, time\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication([]); w = QWidget(); w.resize(1920, 1080); w.show(); w.repaint(); app.processEvents()\n"
    "open(sys.argv[1], 'a').write(f'painted {time.time():.6f}\\n')\n"
)


def _wait_for(trace: Path, moment: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if trace.exists():
            for line in trace.read_text().splitlines():
                word, _, at = line.partition(" ")
                if word == moment:
                    return float(at)
        if proc.poll() is not None and proc.returncode != 0:
            raise RuntimeError(f"the process ended with {proc.returncode} before '{moment}'")
        time.sleep(0.005)
    raise TimeoutError(moment)


def cold_start(db_url: str, runs: int = 5) -> dict[str, float]:
    """Median ms from process start to the painted sign-in screen (the real ``flat-desktop
    station`` command), to the station ready for a scan, and to a bare window painted."""
    times: dict[str, list[float]] = {"bare": [], "painted": [], "ready": []}
    tmp = Path(tempfile.mkdtemp(prefix="flat-bench-trace-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FLAT_HOME": str(tmp / "home")}
    for run in range(runs):
        trace = tmp / f"bare-{run}"
        t0 = time.time()
        proc = subprocess.Popen([sys.executable, "-c", BARE, str(trace)], env=env, stderr=subprocess.DEVNULL)
        times["bare"].append((_wait_for(trace, "painted", proc) - t0) * 1000)
        proc.wait(30)
        trace = tmp / f"station-{run}"
        t0 = time.time()
        proc = subprocess.Popen(
            [sys.executable, "-m", "flat_desktop", "station", "--windowed", "--db", db_url],
            env={**env, "FLAT_STARTUP_TRACE": str(trace)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            times["painted"].append((_wait_for(trace, "painted", proc) - t0) * 1000)
            times["ready"].append((_wait_for(trace, "ready", proc) - t0) * 1000)
        finally:
            proc.terminate()
            proc.wait(30)
    return {kind: statistics.median(values) for kind, values in times.items()}


def main() -> int:
    scans = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    if scans:  # 0: the cold start only
        station_ms, ref_ms = scan_to_step(scans)
        s95, r95 = _p95(station_ms), _p95(ref_ms)
        print(f"scan to painted step, {scans} scans: median {statistics.median(station_ms):.1f} ms, "
              f"p95 {s95:.1f} ms (goal < 50 ms)")
        print(f"reference burst into a QLineEdit:    median {statistics.median(ref_ms):.1f} ms, p95 {r95:.1f} ms; "
              f"ratio p95 {s95 / r95:.1f}x")
    from flat_desktop.db import Database, migrate

    tmp = Path(tempfile.mkdtemp(prefix="flat-bench-cold-"))
    url = f"sqlite:///{tmp / 'cold.sqlite3'}"
    migrate.upgrade(Database(url))
    cold = cold_start(url)
    print(f"cold start to painted sign-in: station {cold['painted']:.0f} ms, bare window {cold['bare']:.0f} ms, "
          f"ratio {cold['painted'] / cold['bare']:.2f}x (goal <= 1.5x)")
    print(f"cold start until a scan is handled: {cold['ready']:.0f} ms, ratio {cold['ready'] / cold['bare']:.2f}x "
          f"(keys typed before that are kept and handled then)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
