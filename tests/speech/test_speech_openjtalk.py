"""Open JTalk: a natural Japanese voice that reads kanji, rendered for real to WAV files."""

from __future__ import annotations

import array
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from flat_desktop.speech import Speaker, SpeechSettings, Utterance
from flat_desktop.speech.factory import default_order
from flat_desktop.speech.openjtalk_engine import OpenJTalkEngine

from .helpers import WAIT, GatePlayer, Recorder

STEP = Utterance("県民生活部 広聴広報課の受け箱に郵便物を入れます。")


@pytest.fixture
def gate() -> GatePlayer:
    return GatePlayer()


@pytest.fixture
def speaker(gate: GatePlayer) -> Iterator[Speaker]:
    speaker = Speaker(OpenJTalkEngine(player=gate), "ja")
    yield speaker
    speaker.shutdown()


def _read(path: Path) -> tuple[wave._wave_params, array.array[int]]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        samples = array.array("h", wav.readframes(params.nframes))
    return params, samples


def test_a_sentence_with_kanji_renders_to_real_speech(speaker: Speaker, tmp_path: Path) -> None:
    """It reads kanji itself, so it gets the text as shown; the WAV is audible speech."""
    assert speaker.engine_name == "openjtalk" and not speaker.kana_only
    params, samples = _read(speaker.save_to_file(STEP, tmp_path / "step.wav").result(timeout=WAIT))
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 48000)
    assert params.nframes > 2 * params.framerate  # a few seconds of speech
    assert max(abs(s) for s in samples) > 10000  # not silence, and never clipped past 16 bits
    assert sum(1 for s in samples if abs(s) > 500) > len(samples) // 10


def test_the_workers_rate_and_volume_apply(speaker: Speaker, tmp_path: Path) -> None:
    """Half speed gives about four times the sound of double speed; half volume half the loudness."""
    slow = _read(speaker.save_to_file(STEP, tmp_path / "slow.wav", SpeechSettings(rate=-1.0)).result(WAIT))
    fast = _read(speaker.save_to_file(STEP, tmp_path / "fast.wav", SpeechSettings(rate=1.0)).result(WAIT))
    assert slow[0].nframes > 3 * fast[0].nframes
    loud = _read(speaker.save_to_file(STEP, tmp_path / "loud.wav", SpeechSettings(volume=1.0)).result(WAIT))
    soft = _read(speaker.save_to_file(STEP, tmp_path / "soft.wav", SpeechSettings(volume=0.5)).result(WAIT))
    assert 0.45 < max(map(abs, soft[1])) / max(map(abs, loud[1])) < 0.55


def test_speaking_plays_the_rendered_sound_and_a_new_step_cuts_it_off(speaker: Speaker, gate: GatePlayer) -> None:
    rec = Recorder()
    speaker.add_listener(rec)
    speaker.say(STEP)
    assert rec.next() == ("started", STEP.text)
    assert gate.played.get(timeout=WAIT).suffix == ".wav"
    speaker.say("つぎの てじゅんです。")  # interrupts the first
    assert rec.next() == ("finished", STEP.text, False)
    assert rec.next() == ("started", "つぎの てじゅんです。")
    gate.release()
    assert rec.next() == ("finished", "つぎの てじゅんです。", True)


def test_japanese_on_linux_gets_open_jtalk_first() -> None:
    """espeak-ng reads kana only and sounds robotic; Windows' own voices read kanji."""
    assert default_order("ja", "linux")[0] == "openjtalk"
    assert "openjtalk" not in default_order("en", "linux")
    assert "openjtalk" not in default_order("ja", "win32")


def test_words_made_ready_ahead_play_without_being_made_again(speaker: Speaker, gate: GatePlayer,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The next step's words are made while the worker is on this step; said, they play that
    sound (none is made then), and Repeat plays it again; other settings make it anew."""
    from flat_desktop.speech import openjtalk_engine

    made: list[str] = []
    real = openjtalk_engine.render
    monkeypatch.setattr(openjtalk_engine, "render", lambda job, path: (made.append(job.text), real(job, path))[1])
    rec = Recorder()
    speaker.add_listener(rec)
    speaker.prepare([STEP])
    speaker.say("いまの てじゅんです。")
    assert rec.next() == ("started", "いまの てじゅんです。")
    gate.played.get(timeout=WAIT)
    gate.release()
    assert rec.next()[0] == "finished"
    speaker.say(STEP)  # Done: the step made ready
    assert rec.next() == ("started", STEP.text)
    first = gate.played.get(timeout=WAIT)
    assert made == [STEP.text, "いまの てじゅんです。"] or made == ["いまの てじゅんです。", STEP.text]
    gate.release()
    assert rec.next() == ("finished", STEP.text, True)
    speaker.repeat()
    assert rec.next() == ("started", STEP.text)
    assert gate.played.get(timeout=WAIT) == first and made.count(STEP.text) == 1
    gate.release()
    assert rec.next()[0] == "finished"
    speaker.settings = SpeechSettings(rate=0.5)
    speaker.say(STEP)
    assert rec.next() == ("started", STEP.text)
    assert gate.played.get(timeout=WAIT) != first
    gate.release()
    assert rec.next()[0] == "finished" and made.count(STEP.text) == 2
