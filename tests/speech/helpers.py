"""Test doubles shared by the speech tests."""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from flat_desktop.speech import SpeechListener, Utterance
from flat_desktop.speech.player import PlayResult

WAIT = 60.0  # only a guard against a hung test, never a measurement


class Recorder(SpeechListener):
    """Collects the speaker's callbacks, in the order they happen, from any thread."""

    def __init__(self) -> None:
        self.events: queue.Queue[tuple[object, ...]] = queue.Queue()

    def on_started(self, utterance: Utterance) -> None:
        self.events.put(("started", utterance.text))

    def on_word(self, utterance: Utterance, start: int, length: int) -> None:
        self.events.put(("word", utterance.text[start : start + length]))

    def on_finished(self, utterance: Utterance, completed: bool) -> None:
        self.events.put(("finished", utterance.text, completed))

    def on_error(self, message: str) -> None:
        self.events.put(("error", message))

    def next(self) -> tuple[object, ...]:
        return self.events.get(timeout=WAIT)

    def drained(self) -> list[tuple[object, ...]]:
        items = []
        while True:
            try:
                items.append(self.events.get_nowait())
            except queue.Empty:
                return items


class GatePlayer:
    """Stands in for the audio player: each playback lasts until the test releases it or it is stopped."""

    def __init__(self) -> None:
        self.played: queue.Queue[Path] = queue.Queue()
        self._cond = threading.Condition()
        self._releases = 0
        self._stopped = False

    def play(self, path: Path) -> PlayResult:
        assert path.stat().st_size > 44, "the worker must hand over a rendered WAV"
        self.played.put(path)
        with self._cond:
            self._cond.wait_for(lambda: self._releases > 0 or self._stopped)
            if self._stopped:
                self._stopped = False
                return PlayResult(stopped=True)
            self._releases -= 1
            return PlayResult()

    def release(self) -> None:
        with self._cond:
            self._releases += 1
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def reset(self) -> None:
        with self._cond:
            self._stopped = False


def speech_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("speech-")]
