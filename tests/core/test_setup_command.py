"""``flat-desktop setup``: what the installer writes into the settings, read back by the program."""

from __future__ import annotations

import json

import pytest

from flat_desktop.cli import main
from flat_desktop.config import Paths, Settings
from flat_desktop.services import people


def test_setup_writes_the_server_kiosk_and_a_hashed_unlock_code(capsys: pytest.CaptureFixture[str]) -> None:
    paths = Paths.resolve()
    assert main(["setup", "--server", "postgresql+psycopg://flat_station_a@db.example/flat", "--station", "a",
                 "--kiosk", "--unlock-code", "2468"]) == 0
    raw = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert "2468" not in json.dumps(raw) and "2468" not in capsys.readouterr().out
    settings = Settings.load(paths)
    assert settings.database_url == "postgresql+psycopg://flat_station_a@db.example/flat"
    assert settings.station_name == "a" and settings.kiosk is True
    assert settings.unlock_code_hash is not None and people.check_pin("2468", settings.unlock_code_hash)
    assert main(["setup", "--single-pc", "--no-kiosk"]) == 0
    settings = Settings.load(paths)
    assert settings.database_url is None and settings.kiosk is False and settings.station_name == "a"
    paths.settings_file.unlink()


@pytest.mark.parametrize("args", [["--server", "db.example"], ["--unlock-code", "12"],
                                  ["--server", "sqlite:///x", "--single-pc"]])
def test_setup_refuses_what_would_not_work(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["setup", *args]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert not Paths.resolve().settings_file.exists()
