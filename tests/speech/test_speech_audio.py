"""Real sound: pyttsx3 with espeak-ng renders Japanese kana to WAV files."""

from __future__ import annotations

import array
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from flat_desktop import ruby
from flat_desktop.speech import Speaker, SpeechSettings, Utterance
from flat_desktop.speech.pyttsx3_engine import Pyttsx3Engine

from .conftest import needs_espeak
from .helpers import WAIT

STEP = Utterance("封筒を200枚用意します", "{封筒|ふうとう}を200{枚|まい}{用意|ようい}します")


@pytest.fixture
def speaker() -> Iterator[Speaker]:
    speaker = Speaker(Pyttsx3Engine("espeak"), "ja")
    yield speaker
    speaker.shutdown()


def _read(path: Path) -> tuple[wave._wave_params, array.array[int]]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        samples = array.array("h", wav.readframes(params.nframes))
    return params, samples


@needs_espeak
def test_japanese_step_renders_to_a_real_non_silent_wav(speaker: Speaker, tmp_path: Path) -> None:
    """espeak-ng, driven through pyttsx3, turns the step's kana into a valid, audible WAV."""
    assert speaker.engine_name == "pyttsx3:espeak"
    assert speaker.kana_only  # so it is given ruby.to_kana(markup), not kanji
    out = speaker.save_to_file(STEP, tmp_path / "step.wav").result(timeout=WAIT)

    params, samples = _read(out)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050)
    assert params.nframes > params.framerate // 2  # more than half a second of speech
    assert max(abs(s) for s in samples) > 1000  # not silence
    assert sum(1 for s in samples if abs(s) > 500) > len(samples) // 10


@needs_espeak
def test_slower_rate_gives_a_longer_recording(speaker: Speaker, tmp_path: Path) -> None:
    """The profile's rate reaches espeak-ng: half speed yields clearly more audio than normal."""
    normal = speaker.save_to_file(STEP, tmp_path / "normal.wav", SpeechSettings(rate=0.0))
    slow = speaker.save_to_file(STEP, tmp_path / "slow.wav", SpeechSettings(rate=-1.0))
    normal_frames = _read(normal.result(timeout=WAIT))[0].nframes
    slow_frames = _read(slow.result(timeout=WAIT))[0].nframes
    assert slow_frames > normal_frames * 1.5


@needs_espeak
def test_words_per_minute_rate_is_honoured(speaker: Speaker, tmp_path: Path) -> None:
    """A rate above 1 is words per minute: 100 wpm is slower than 250 wpm."""
    kana = Utterance(ruby.to_kana(STEP.markup or ""))
    slow = speaker.save_to_file(kana, tmp_path / "100.wav", SpeechSettings(rate=100))
    fast = speaker.save_to_file(kana, tmp_path / "250.wav", SpeechSettings(rate=250))
    assert _read(slow.result(timeout=WAIT))[0].nframes > _read(fast.result(timeout=WAIT))[0].nframes
