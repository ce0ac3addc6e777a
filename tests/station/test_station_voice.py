"""What reaches the station's voice: the resume greeting heard to the end before the step, and a
voice that cannot play (no sound device) shown on the station and told to supervisors once."""

from __future__ import annotations

import ctypes.util
import json
import shutil
from concurrent.futures import Future
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.helpcalls import HelpCalls
from flat_desktop.gui.station import app
from flat_desktop.services import board, help
from flat_desktop.speech import EngineUnavailable, Speaker, SpeechJob, Voice
from flat_desktop.speech.base import EngineEvents
from flat_desktop.speech.player import AudioPlayer, PlayResult
from flat_desktop.speech.pyttsx3_engine import Pyttsx3Engine
from flat_desktop.station.context import State

from .conftest import SUPERVISOR, Driver, job_for, running_job

NO_VOICE = "おとが でません。しょくいんに しらせました。"
HAVE_ESPEAK = bool(ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak"))
# A device that no PC has: aplay fails as it does on a PC without a sound card, on every PC.
NO_DEVICE = ("aplay", "-q", "-D", "flat-test-no-such-device")


class HeldVoice:
    """A speech engine that says each utterance until the test lets it finish."""

    name = "held"
    kana_only = False

    def __init__(self) -> None:
        self.said: list[str] = []
        self._events: EngineEvents | None = None
        self._serial = 0

    def start(self, events: EngineEvents) -> None:
        self._events = events

    def voices(self) -> list[Voice]:
        return []

    def speak(self, job: SpeechJob) -> None:
        self.said.append(job.text)
        self._serial = job.serial
        assert self._events is not None
        self._events.started(job.serial)

    def finish(self) -> None:
        assert self._events is not None
        self._events.finished(self._serial, True)

    def stop(self) -> None:
        pass

    def save_to_file(self, job: SpeechJob, path: Path) -> Future[Path]:
        future: Future[Path] = Future()
        future.set_exception(EngineUnavailable("held"))
        return future

    def shutdown(self) -> None:
        self._events = None


def speaking(monkeypatch: pytest.MonkeyPatch, engine: object) -> None:
    """The station's next speaker speaks through ``engine``."""
    monkeypatch.setattr(app, "create_speaker", lambda _wanted, language: Speaker(engine, language))  # type: ignore[arg-type]


def test_the_resume_greeting_is_heard_to_the_end_before_the_step(demo_db, make_station, qtbot, monkeypatch):
    """W002 signs in to a job in progress: the voice gets the greeting, and the step only once the
    greeting has been said to the end (the step does not cut it off)."""
    code = running_job(demo_db, "W002")
    engine = HeldVoice()
    speaking(monkeypatch, engine)
    st = make_station(demo_db, speech="held")
    qtbot.waitUntil(lambda: engine.said != [])  # the sign-in prompt
    engine.finish()
    d = Driver(st)
    engine.said.clear()
    d.badge("W002")
    assert st.flow.state == State.STEP and st.flow.job.code == code
    qtbot.waitUntil(lambda: not st.window._after_paint)  # everything said is with the speaker now
    name = st.flow.worker.name
    assert engine.said == [f"{name}さん、こんにちは。つづきを しましょう。"]
    step = st.flow.context.step
    engine.finish()
    assert engine.said[1] == f"{st.flow.job.steps_total}の うち {step.position}ばんめ。"
    engine.finish()
    assert engine.said[2:] == [step.text]


def station_rows(tmp_path: Path) -> list[dict]:
    return [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text(encoding="utf-8").splitlines()]


class CountedPlayer(AudioPlayer):
    def __init__(self, command: tuple[str, ...]) -> None:
        super().__init__(command)
        self.plays = 0

    def play(self, path: Path) -> PlayResult:
        result = super().play(path)
        self.plays += 1
        return result


@pytest.mark.skipif(not HAVE_ESPEAK or not shutil.which("aplay"), reason="needs espeak-ng and aplay")
def test_a_station_without_sound_shows_it_and_tells_supervisors_once(demo_db, make_station, qtbot, monkeypatch,
                                                                      tmp_path):
    """pyttsx3 on espeak-ng renders the sign-in prompt and aplay cannot open a sound device: the
    station shows a quiet line (not an error band) and one quiet ``speech_failed`` alert reaches the
    console's list of calls, without a ring; a whole step that cannot be heard adds nothing."""
    for c in help.open_calls(demo_db):
        help.answer(demo_db, SUPERVISOR, c.id)
    code = job_for(demo_db, "W009", "enclosing")
    player = CountedPlayer(NO_DEVICE)
    speaking(monkeypatch, Pyttsx3Engine("espeak", player=player))
    st = make_station(demo_db, speech="pyttsx3:espeak")
    notice = st.window.speech_notice
    qtbot.waitUntil(lambda: notice.text() == NO_VOICE, timeout=30_000)
    assert not st.window.error_banner.isVisible()
    d = Driver(st)
    d.badge("W009")
    d.ticket(code)
    d.do_step()
    plays = player.plays
    # The next step's words (where, what, which label) are each rendered and fail to play.
    qtbot.waitUntil(lambda: player.plays >= plays + 3 and st.speaker._current is None, timeout=30_000)
    QCoreApplication.processEvents()  # whatever the voice reported is in
    assert notice.text() == NO_VOICE and not st.window.error_banner.isVisible()
    failed = [e for e in board.events(demo_db) if e.type == "speech_failed"]
    assert len(failed) == 1 and failed[0].station == "test-pc" and failed[0].worker is None
    # In plain words, not the sound program's own message (aplay: … audio open error …).
    assert failed[0].data["reason"] == "音が出ません: スピーカーまたはサウンドカードが見つかりません。"
    assert [r["kind"] for r in station_rows(tmp_path)].count("speech_failed") == 1
    assert help.open_call_for(demo_db, "W009") is None  # not the worker's own call: no help band
    assert not st.window.help_overlay.isVisible()

    ctx = ConsoleContext(demo_db, SUPERVISOR)
    calls = HelpCalls(ctx)
    qtbot.addWidget(calls)
    lines = [calls.list.item(i).text() for i in range(calls.list.count())]
    assert len(lines) == 1 and lines[0].startswith("【…】 端末の音声が出ません") and "test-pc" in lines[0]
    assert calls.bar.isHidden() and calls.rings == 0
    ctx.stop()


class FirstFails:
    """A player with no sound device the first time, and sound from then on (it was plugged in)."""

    def __init__(self) -> None:
        self.plays = 0

    def play(self, path: Path) -> PlayResult:
        self.plays += 1
        return PlayResult(error="aplay: main:831: audio open error: No such file or directory") \
            if self.plays == 1 else PlayResult()

    def stop(self) -> None:
        pass

    def reset(self) -> None:
        pass


@pytest.mark.skipif(not HAVE_ESPEAK, reason="needs espeak-ng")
def test_the_no_sound_line_goes_when_speech_is_heard_again(demo_db, make_station, qtbot, monkeypatch, tmp_path):
    player = FirstFails()
    speaking(monkeypatch, Pyttsx3Engine("espeak", player=player))
    st = make_station(demo_db, speech="pyttsx3:espeak")
    notice = st.window.speech_notice
    qtbot.waitUntil(lambda: notice.text() == NO_VOICE, timeout=30_000)  # the sign-in prompt failed
    Driver(st).badge("W009")  # the greeting is heard
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=30_000)
    kinds = [r["kind"] for r in station_rows(tmp_path)]
    assert kinds.count("speech_failed") == 1 and kinds.count("speech_back") == 1
    assert [e.worker for e in board.events(demo_db) if e.type == "speech_failed"] == [None]  # nobody signed in
