"""Shared by the cold-start benchmarks: start a program afresh and time it to a moment it writes.

The programs append ``<moment> <unix time>`` lines to the file named by ``FLAT_STARTUP_TRACE``
(``flat_desktop.gui.startup``); the reference is a bare PySide6 window, shown and painted the
same way, started alternately with the program so both see the same machine load.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE = (
    "import sys, time\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication([]); w = QWidget(); w.resize(1920, 1080); w.show(); w.repaint(); app.processEvents()\n"
    "open(sys.argv[1], 'a').write(f'painted {time.time():.6f}\\n')\n"
)


def wait_for(trace: Path, moment: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> float:
    """The unix time the process wrote for ``moment``."""
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


def timed_starts(args: list[str], moments: list[str], runs: int) -> dict[str, list[float]]:
    """Milliseconds from process start to each of ``moments`` of ``python -m flat_desktop ARGS``,
    and to the bare window's paint (key ``"bare"``), ``runs`` times each."""
    times: dict[str, list[float]] = {"bare": [], **{m: [] for m in moments}}
    tmp = Path(tempfile.mkdtemp(prefix="flat-bench-trace-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FLAT_HOME": str(tmp / "home"),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for run in range(runs):
        trace = tmp / f"bare-{run}"
        t0 = time.time()
        proc = subprocess.Popen([sys.executable, "-c", BARE, str(trace)], env=env, stderr=subprocess.DEVNULL)
        times["bare"].append((wait_for(trace, "painted", proc) - t0) * 1000)
        proc.wait(30)
        trace = tmp / f"app-{run}"
        t0 = time.time()
        proc = subprocess.Popen([sys.executable, "-m", "flat_desktop", *args],
                                env={**env, "FLAT_STARTUP_TRACE": str(trace)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for moment in moments:
                times[moment].append((wait_for(trace, moment, proc) - t0) * 1000)
        finally:
            proc.terminate()
            proc.wait(30)
    return times


def fresh_database() -> str:
    """A new embedded database at the newest schema, with the demo station's people."""
    sys.path.insert(0, str(ROOT))
    from flat_desktop.db import Database
    from flat_desktop.demo.build import create_demo

    tmp = Path(tempfile.mkdtemp(prefix="flat-bench-cold-"))
    url = f"sqlite:///{tmp / 'cold.sqlite3'}"
    db = Database(url)
    create_demo(db, history_days=1)
    db.dispose()
    return url
