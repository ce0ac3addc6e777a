"""The silent engine: used when speech is switched off or no engine works on this PC."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from flat_desktop.i18n import _
from flat_desktop.speech.base import EngineEvents, EngineUnavailable, SpeechJob, Voice


class NullEngine:
    """Says nothing. Every utterance finishes at once, not completed.

    Callbacks: ``finished(serial, False)`` synchronously from :meth:`speak`.
    """

    name = "none"
    kana_only = False

    def __init__(self) -> None:
        self._events: EngineEvents | None = None

    def start(self, events: EngineEvents) -> None:
        self._events = events

    def voices(self) -> list[Voice]:
        return []

    def speak(self, job: SpeechJob) -> None:
        if self._events is not None:
            self._events.finished(job.serial, False)

    def stop(self) -> None:
        pass

    def save_to_file(self, job: SpeechJob, path: Path) -> Future[Path]:
        future: Future[Path] = Future()
        future.set_exception(EngineUnavailable(_("No speech engine is available.")))
        return future

    def shutdown(self) -> None:
        self._events = None
