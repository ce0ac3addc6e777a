"""What installer/build.py's smoke test relies on, from the source tree (no PyInstaller needed):
``FLAT_QUIT_AFTER_MS`` ends the station and the console as if closed, with exit 0, after
``FLAT_SMOKE_KEYS`` were typed into them (a badge scan; the console's badge and PIN)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flat_desktop.demo.build import badge_payloads
from flat_desktop.demo.people import SUPERVISOR_PIN

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _flat(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAT_")}
    env.update(FLAT_HOME=str(home), FLAT_LANG="ja", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **extra)
    return subprocess.run([sys.executable, "-m", "flat_desktop", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_the_station_and_the_console_come_up_take_keys_and_close_with_exit_0(tmp_path: Path) -> None:
    assert _flat(tmp_path, "demo", "--history-days", "1").returncode == 0
    badges = badge_payloads()
    station = _flat(tmp_path, "station", "--kiosk", FLAT_QUIT_AFTER_MS="2000",
                    FLAT_SMOKE_KEYS=badges["W002"] + "\\n")
    assert station.returncode == 0, station.stderr
    assert "shown: flat ステーション" in station.stdout
    journal = (tmp_path / "log" / "station.jsonl").read_text(encoding="utf-8")
    assert '"verdict": "signed_in", "worker": "W002"' in journal
    console = _flat(tmp_path, "console", FLAT_QUIT_AFTER_MS="2000",
                    FLAT_SMOKE_KEYS=badges["S001"] + "\\n" + SUPERVISOR_PIN + "\\n")
    assert console.returncode == 0, console.stderr
    assert "flat 管理コンソール — " in console.stdout and "サインイン" not in console.stdout
