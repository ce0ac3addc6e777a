"""The pyttsx3 worker thread: ordering, interruption, cancel, repeat, shutdown, playback failure."""

from __future__ import annotations

from flat_desktop.speech import Speaker, Utterance
from flat_desktop.speech.pyttsx3_engine import Pyttsx3Engine

from .conftest import needs_espeak
from .helpers import GatePlayer, Recorder, speech_threads

pytestmark = needs_espeak

A, B, C = "ふうとうを よういします", "ふうを します", "おわりです"


def test_queued_utterances_are_spoken_in_order(gated: tuple[Speaker, Recorder], gate: GatePlayer) -> None:
    """say(..., interrupt=False) queues: A plays to the end, then B."""
    speaker, rec = gated
    speaker.say(A)
    speaker.say(B, interrupt=False)
    assert rec.next() == ("started", A)
    gate.release()
    assert rec.next() == ("finished", A, True)
    assert rec.next() == ("started", B)
    gate.release()
    assert rec.next() == ("finished", B, True)
    assert gate.played.qsize() == 2


def test_new_step_interrupts_the_one_being_spoken(gated: tuple[Speaker, Recorder], gate: GatePlayer) -> None:
    """A new say() stops the current playback at once and speaks the new text; A never completes."""
    speaker, rec = gated
    speaker.say(A)
    assert rec.next() == ("started", A)
    speaker.say(C)  # playback of A is still blocked in the player
    assert rec.next() == ("finished", A, False)
    assert rec.next() == ("started", C)
    gate.release()
    assert rec.next() == ("finished", C, True)
    assert rec.drained() == []


def test_cancel_stops_and_forgets_the_queue(gated: tuple[Speaker, Recorder], gate: GatePlayer) -> None:
    """cancel() ends the current utterance, drops queued ones, and the service keeps working."""
    speaker, rec = gated
    speaker.say(A)
    speaker.say(B, interrupt=False)
    assert rec.next() == ("started", A)
    speaker.cancel()
    assert rec.next() == ("finished", A, False)
    speaker.say(C)
    assert rec.next() == ("started", C)  # B was never started
    gate.release()
    assert rec.next() == ("finished", C, True)


def test_repeat_says_the_last_group_again(gated: tuple[Speaker, Recorder], gate: GatePlayer) -> None:
    """repeat() replays the last say() and what was queued after it, from the start."""
    speaker, rec = gated
    speaker.say(A)
    speaker.say(B, interrupt=False)
    for text in (A, B):
        assert rec.next() == ("started", text)
        gate.release()
        assert rec.next() == ("finished", text, True)
    speaker.repeat()
    for text in (A, B):
        assert rec.next() == ("started", text)
        gate.release()
        assert rec.next() == ("finished", text, True)


def test_kana_are_spoken_for_ruby_markup(gated: tuple[Speaker, Recorder], gate: GatePlayer) -> None:
    """An utterance with markup is reported with its display text while espeak-ng gets kana."""
    speaker, rec = gated
    step = Utterance("封筒を用意します", "{封筒|ふうとう}を{用意|ようい}します")
    speaker.say(step)
    assert rec.next() == ("started", "封筒を用意します")
    gate.release()
    assert rec.next() == ("finished", "封筒を用意します", True)


def test_shutdown_joins_the_worker_thread(gate: GatePlayer) -> None:
    """shutdown() ends the worker even mid-utterance, and a second engine can start afterwards."""
    for _ in range(2):
        speaker = Speaker(Pyttsx3Engine("espeak", player=gate), "ja")
        rec = Recorder()
        speaker.add_listener(rec)
        speaker.say(A)
        assert rec.next() == ("started", A)
        assert len(speech_threads()) == 1
        speaker.shutdown()
        assert rec.next() == ("finished", A, False)
        assert speech_threads() == []


def test_playback_failure_is_reported_once_and_does_not_stop_the_service() -> None:
    """With the real player: on a PC with no sound card aplay fails; that is an error, not a crash.

    The failure is reported once, not for every step. On a PC with sound the steps complete.
    """
    speaker = Speaker(Pyttsx3Engine("espeak"), "ja")
    rec = Recorder()
    speaker.add_listener(rec)
    try:
        outcomes = []
        for text in (A, B):
            speaker.say(text)
            seen = [rec.next()]
            while seen[-1][0] != "finished":
                seen.append(rec.next())
            outcomes.append((seen[-1][2], [e for e in seen if e[0] == "error"]))
        (first_ok, first_errors), (second_ok, second_errors) = outcomes
        assert first_ok or len(first_errors) == 1
        assert second_ok or second_errors == []
        assert speaker.available
    finally:
        speaker.shutdown()
