"""The voice test of a station PC: say one sentence with the engine the station uses and wait
until it was heard to its end, or learn in plain words why no sound came out. The command
line's ``say`` and the console's "Test voice" both use it."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flat_desktop.speech.base import EngineUnavailable, SpeechListener, SpeechSettings, Utterance
from flat_desktop.speech.factory import create_speaker
from flat_desktop.speech.speaker import Speaker

WAIT_S = 120.0  # a guard against an engine that never answers, far longer than any sentence


@dataclass
class Heard:
    engine: str
    completed: bool = False
    errors: list[str] = field(default_factory=list)
    available: bool = True


def _speaker(engine: str | None, language: str, rate: float) -> Speaker:
    relative = max(-1.0, min(1.0, math.log2(max(rate, 0.01))))
    return create_speaker(engine, language, SpeechSettings(rate=relative))


def _utterance(speaker: Speaker, text: str) -> Utterance:
    """``text`` as the speaker reads it: kanji given a reading for a kana-only voice."""
    markup = None
    if speaker.kana_only:
        from flat_desktop.readings import ReadingsUnavailable, propose_reading

        try:
            markup = propose_reading(text)
        except ReadingsUnavailable:
            markup = None
    return Utterance(text, markup)


def render_to_file(text: str, path: Path, *, engine: str | None, language: str, rate: float = 1.0) -> str:
    """Render ``text`` into a WAV file (a build's smoke test hears nothing); returns the engine's
    name. Raises :class:`EngineUnavailable` when no voice could start."""
    speaker = _speaker(engine, language, rate)
    try:
        if speaker.engine_name == "none" or not speaker.available:
            raise EngineUnavailable("no speech engine")
        speaker.save_to_file(_utterance(speaker, text), path).result(timeout=WAIT_S)
        return speaker.engine_name
    finally:
        speaker.shutdown()


def say_and_wait(text: str, *, engine: str | None, language: str, rate: float = 1.0) -> Heard:
    """Say ``text`` (kanji are read for a kana-only voice) at a profile's ``rate`` (1 normal)."""
    speaker = _speaker(engine, language, rate)
    result = Heard(speaker.engine_name, available=speaker.available and speaker.engine_name != "none")
    done = threading.Event()

    class Ears(SpeechListener):
        def on_finished(self, utterance: Utterance, completed: bool) -> None:
            result.completed = completed
            done.set()

        def on_error(self, message: str) -> None:
            result.errors.append(message)

    try:
        if not result.available:
            return result
        speaker.add_listener(Ears())
        speaker.say(_utterance(speaker, text))
        done.wait(WAIT_S)
        return result
    finally:
        speaker.shutdown()
