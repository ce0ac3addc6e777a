"""A station or console started with a database that cannot be used gives one clear error in
Japanese, and no window flashes before it: nothing is painted in front of a database that
surely fails, and a refusal found after the first paint is said in a dialog over that window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from flat_desktop import launch
from flat_desktop.gui.console import early
from flat_desktop.gui.startup import TRACE_ENV
from flat_desktop.preflight import database_trouble

ROOT = Path(__file__).resolve().parents[2]
REFUSED = "postgresql+psycopg://postgres@127.0.0.1:1/test"


def test_preflight_knows_a_database_that_surely_fails(tmp_path: Path, demo_template: Path) -> None:
    """Cheap checks before the first paint: the kind of URL, an SQLite file's header and folder,
    and for the console whether the server takes connections (the station works offline)."""
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database")
    assert database_trouble(f"sqlite:///{demo_template}", needs_server=True) is None
    assert database_trouble(f"sqlite:///{tmp_path / 'new.sqlite3'}", needs_server=False) is None
    assert database_trouble(f"sqlite:///{text}", needs_server=False) == "not_a_database"
    assert database_trouble(f"sqlite:///{tmp_path / 'no' / 'x.sqlite3'}", needs_server=False) == "no_folder"
    assert database_trouble("mysql://x@h/db", needs_server=False) == "bad_url"
    assert database_trouble(REFUSED, needs_server=True) == "unreachable"
    assert database_trouble(REFUSED, needs_server=False) is None  # the station starts on its cache
    assert database_trouble("postgresql+psycopg://postgres@127.0.0.1:5432/test", needs_server=True) is None


def _start(tmp_path: Path, *argv: str) -> tuple[subprocess.CompletedProcess[str], str]:
    trace = tmp_path / "trace"
    env = dict(os.environ, FLAT_HOME=str(tmp_path / "home"), FLAT_LANG="ja", QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(ROOT), **{TRACE_ENV: str(trace)})
    env.pop("FLAT_DB", None)
    done = subprocess.run([sys.executable, "-m", "flat_desktop", *argv], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    return done, trace.read_text() if trace.exists() else ""


@pytest.mark.parametrize("argv", [("console", "--db", REFUSED), ("station", "--db", "sqlite:///{notes}")],
                         ids=["console, server down", "station, not a database"])
def test_a_bad_database_gives_one_error_line_and_no_window(tmp_path: Path, argv: tuple[str, ...]) -> None:
    """The program paints nothing, exits with the usage code and says one line in Japanese on
    stderr; the driver's English is in the log file, not on the screen."""
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database")
    done, trace = _start(tmp_path, *(a.format(notes=notes) for a in argv))
    assert done.returncode == 2
    assert "painted" not in trace
    said = [line for line in done.stderr.splitlines() if line.startswith("flat-desktop:")]
    assert len(said) == 1 and "データベース" in said[0], done.stderr
    assert "Connection refused" not in done.stderr and "is the server running" not in done.stderr.lower()
    if argv[0] == "console":
        assert "127.0.0.1:1" in said[0] and "動いているか" in said[0]
        log = (tmp_path / "home" / "log" / "flat-desktop.log").read_text(encoding="utf-8")
        assert "Connection refused" in log


def test_a_refusal_after_the_first_paint_is_said_over_the_window(qapp: QApplication,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The server answers, so the sign-in dialog is painted; the database named does not exist:
    the error is shown in a dialog over the sign-in dialog, which then closes (it does not just
    vanish), and the same words are the one stderr line."""
    shown: list[tuple[str, str, bool]] = []

    def exec_(box: QMessageBox) -> int:
        parent = box.parentWidget()
        shown.append((box.text(), box.informativeText(), parent is not None and parent.isVisible()))
        return int(QMessageBox.StandardButton.Close.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(early, "_dialog", None)
    rc = launch.main(["console", "--db", "postgresql+psycopg://postgres@127.0.0.1:5432/no_such_station_db"])
    assert rc == 2
    assert len(shown) == 1
    text, hint, over_the_window = shown[0]
    assert over_the_window and "no_such_station_db" in text and "ありません" in text and hint
    assert early._dialog is None
    assert not [w for w in qapp.topLevelWidgets() if w.isVisible()]
    err = capsys.readouterr().err
    assert err.count("flat-desktop:") == 1 and "no_such_station_db" in err
