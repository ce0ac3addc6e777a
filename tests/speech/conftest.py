from __future__ import annotations

import ctypes.util
from collections.abc import Iterator

import pytest

from flat_desktop.speech import Speaker
from flat_desktop.speech.pyttsx3_engine import Pyttsx3Engine

from .helpers import GatePlayer, Recorder, speech_threads

HAVE_ESPEAK = bool(ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak"))
needs_espeak = pytest.mark.skipif(not HAVE_ESPEAK, reason="libespeak-ng is not installed")


@pytest.fixture(autouse=True)
def _no_threads_left_behind() -> Iterator[None]:
    yield
    assert speech_threads() == [], "a speech worker thread outlived its test"


@pytest.fixture
def gate() -> GatePlayer:
    return GatePlayer()


@pytest.fixture
def gated(gate: GatePlayer) -> Iterator[tuple[Speaker, Recorder]]:
    """A Japanese speaker on real pyttsx3/espeak-ng whose playback the test controls."""
    speaker = Speaker(Pyttsx3Engine("espeak", player=gate), "ja")
    recorder = Recorder()
    speaker.add_listener(recorder)
    yield speaker, recorder
    speaker.shutdown()
