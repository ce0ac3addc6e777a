"""From a clean clone, one command builds the frozen program, smoke-tests it, compiles the Windows
installer with makensis and packs (and, as root, installs and runs) the .deb: installer/build.py.

About two minutes on two cores (build ~50-70 s, smoke test ~25 s, makensis ~6 s, .deb ~10 s,
dpkg -i/-r ~15 s). Left out with ``-m "not build"``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.build]


def test_build_smoke_test_installer_and_deb(tmp_path: Path) -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[test]')")
    if shutil.which("makensis") is None:
        pytest.skip("makensis is not installed (apt-get install nsis; installer/bootstrap.sh does it)")
    if sys.platform != "linux" or shutil.which("dpkg-deb") is None:
        pytest.skip("the .deb is built on Debian or Ubuntu only")
    out = tmp_path / "installer"
    cmd = [sys.executable, str(ROOT / "installer" / "build.py"), "--fast", "--out", str(out)]
    installs = os.geteuid() == 0
    if installs:
        cmd.append("--install-deb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAT_")}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1500, env=env, cwd=ROOT)
        report = f"{proc.stdout}\n{proc.stderr}"
        print(report)
        assert proc.returncode == 0, report
        for line in ("ok  --version: flat-desktop", "barcode", "station (kiosk, offscreen)",
                     "console (offscreen, signed in as S001)", "speech (openjtalk) rendered"):
            assert line in proc.stdout, report
        assert list(out.glob("flat-desktop-*-setup.exe")) and list(out.glob("flat-desktop_*.deb"))
        if installs:
            assert "ok  installed: flat-desktop" in proc.stdout
    finally:
        shutil.rmtree(out, ignore_errors=True)
