"""The voice test of a station PC: say one sentence with the engine the station uses and wait
until it was heard to its end, or learn in plain words why no sound came out. The command
line's ``say`` and the console's "Test voice" both use it."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

from flat_desktop.speech.base import SpeechListener, SpeechSettings, Utterance
from flat_desktop.speech.factory import create_speaker

WAIT_S = 120.0  # a guard against an engine that never answers, far longer than any sentence


@dataclass
class Heard:
    engine: str
    completed: bool = False
    errors: list[str] = field(default_factory=list)
    available: bool = True


def say_and_wait(text: str, *, engine: str | None, language: str, rate: float = 1.0) -> Heard:
    """Say ``text`` (kanji are read for a kana-only voice) at a profile's ``rate`` (1 normal)."""
    relative = max(-1.0, min(1.0, math.log2(max(rate, 0.01))))
    speaker = create_speaker(engine, language, SpeechSettings(rate=relative))
    result = Heard(speaker.engine_name, available=speaker.available)
    done = threading.Event()

    class Ears(SpeechListener):
        def on_finished(self, utterance: Utterance, completed: bool) -> None:
            result.completed = completed
            done.set()

        def on_error(self, message: str) -> None:
            result.errors.append(message)

    try:
        if not speaker.available:
            return result
        speaker.add_listener(Ears())
        markup = None
        if speaker.kana_only:
            from flat_desktop.readings import ReadingsUnavailable, propose_reading

            try:
                markup = propose_reading(text)
            except ReadingsUnavailable:
                markup = None
        speaker.say(Utterance(text, markup))
        done.wait(WAIT_S)
        return result
    finally:
        speaker.shutdown()
