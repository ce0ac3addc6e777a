"""The service with a failing engine: it falls back to silence and says so once."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

from flat_desktop.i18n import _
from flat_desktop.speech import (
    EngineUnavailable,
    NullEngine,
    Speaker,
    SpeechJob,
    Voice,
    create_speaker,
)
from flat_desktop.speech.base import EngineEvents
from flat_desktop.speech.pyttsx3_engine import Pyttsx3Engine

from .conftest import needs_espeak
from .helpers import Recorder

NO_ENGINE = "No speech engine is available. Steps are shown on screen only."


class BrokenEngine:
    """An engine whose start fails, as pyttsx3 does with no espeak library."""

    name = "broken"
    kana_only = False

    def start(self, events: EngineEvents) -> None:
        raise EngineUnavailable("no audio device")

    def voices(self) -> list[Voice]:
        return []

    def speak(self, job: SpeechJob) -> None:
        raise AssertionError("a failed engine must not be used")

    def stop(self) -> None:
        pass

    def save_to_file(self, job: SpeechJob, path: Path) -> Future[Path]:
        raise AssertionError("a failed engine must not be used")

    def shutdown(self) -> None:
        pass


def test_engine_failing_at_start_degrades_to_silence_and_reports_once() -> None:
    """The station still starts; the first listener hears "no speech engine" exactly once."""
    speaker = Speaker(BrokenEngine(), "ja")
    assert not speaker.available
    assert speaker.engine_name == NullEngine.name
    rec = Recorder()
    speaker.add_listener(rec)
    for _i in range(3):
        speaker.say("ふうとう")
        speaker.repeat()
        speaker.cancel()
    errors = [e for e in rec.drained() if e[0] == "error"]
    assert errors == [("error", _(NO_ENGINE))]
    assert speaker.save_to_file("x", Path("unused.wav")).exception() is not None
    speaker.shutdown()


def test_engine_failing_in_its_thread_degrades_once() -> None:
    """pyttsx3 failing inside its worker (unknown driver) is noticed asynchronously and reported once."""
    speaker = Speaker(Pyttsx3Engine("nosuchdriver"), "ja")
    rec = Recorder()
    speaker.add_listener(rec)
    assert rec.next() == ("error", _(NO_ENGINE))
    assert not speaker.available
    speaker.say("ふうとう")
    speaker.say("ふうとう")
    assert all(e[0] != "error" for e in rec.drained())
    speaker.shutdown()


@needs_espeak
def test_factory_skips_an_unknown_engine() -> None:
    """A mistyped engine name in the configuration still gives a speaking station."""
    speaker = create_speaker("festival", "ja")
    try:
        assert speaker.available
        assert speaker.engine_name.split(":")[0] in ("openjtalk", "pyttsx3")  # the default, as if none was named
    finally:
        speaker.shutdown()


def test_none_is_silent_without_complaint() -> None:
    """Speech switched off in the configuration is not an error."""
    speaker = create_speaker("none", "ja")
    rec = Recorder()
    speaker.add_listener(rec)
    speaker.say("ふうとう")
    assert [e for e in rec.drained() if e[0] == "error"] == []
    speaker.shutdown()


def test_speech_core_does_not_import_qt() -> None:
    """The service and the pyttsx3 engine work in a process that never loads PySide6."""
    code = (
        "import sys, flat_desktop.speech, flat_desktop.speech.pyttsx3_engine;"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
