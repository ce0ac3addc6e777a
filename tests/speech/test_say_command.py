"""``flat-desktop say``: a new PC's voice checked by ear, or rendered to a file (the build's smoke test)."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from flat_desktop.cli import main


def test_say_renders_a_sentence_to_a_wav_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "say.wav"
    assert main(["say", "ふうとうを 200まい かぞえます。", "-o", str(out), "--engine", "openjtalk"]) == 0
    with wave.open(str(out)) as w:
        assert w.getnframes() / w.getframerate() > 1.0
    assert "openjtalk" in capsys.readouterr().out


def test_say_without_a_voice_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["say", "こんにちは", "-o", str(tmp_path / "x.wav"), "--engine", "none"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "音声" in err
    assert not (tmp_path / "x.wav").exists()
