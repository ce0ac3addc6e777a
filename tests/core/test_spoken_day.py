"""A whole demo day through the station, heard by espeak-ng: nothing may be spoken as noise.

Every worker with work today signs in, does all of their jobs (with a wrong scan, a jam, a
break, a help call and Repeat on every step, so that every kind of sentence is said), and signs
out. Each utterance is caught exactly as a kana-only engine (espeak-ng) would receive it, and
espeak-ng's phoneme output for all of them must hold no "Chinese letter" or other spelled-out
letter: that is what it says for a character it cannot read.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import Future
from pathlib import Path

import pytest

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.demo.build import badge_payloads
from flat_desktop.services import board, help, people, work
from flat_desktop.services.context import Actor
from flat_desktop.speech import Speaker, SpeechJob, Voice
from flat_desktop.speech.base import EngineEvents
from flat_desktop.station.context import State
from flat_desktop.station.flow import StationFlow
from flat_desktop.station.journal import Journal
from tests.helpers.flow import Shown
from tests.helpers.work import MACHINE_FOR, SUPERVISOR

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")

# What espeak-ng -x prints for a character it spells out: "Chinese letter", "Japanese letter",
# "letter 3007"... A Japanese voice never says the English word "letter" otherwise.
NOISE = re.compile(r"l'et@")
CHINESE = "(en)tS'aIni:z(ja)l'et@"
# Said between utterances so that one espeak-ng call can be split back into them.
SENTINEL = "。ぬぬぬぬ。"
SENTINEL_PHONEMES = re.compile(r"n[,']?un[,']?un[,']?un[,']?u")


class HeardByEspeak:
    """A kana-only engine that keeps every text handed to it and finishes it at once."""

    name = "espeak-heard"
    kana_only = True

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._events: EngineEvents | None = None

    def start(self, events: EngineEvents) -> None:
        self._events = events

    def voices(self) -> list[Voice]:
        return []

    def speak(self, job: SpeechJob) -> None:
        self.texts.append(job.text)
        assert self._events is not None
        self._events.finished(job.serial, True)

    def stop(self) -> None:
        pass

    def save_to_file(self, job: SpeechJob, path: Path) -> Future[Path]:
        raise NotImplementedError

    def shutdown(self) -> None:
        self._events = None


def espeak_phonemes(texts: list[str]) -> list[str]:
    """espeak-ng's phonemes for each text, from one espeak-ng run."""
    joined = "\n".join(f"{t}{SENTINEL}" for t in texts)
    out = subprocess.run(["espeak-ng", "-v", "ja", "-x", "-q", "--stdin"], input=joined, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    parts = SENTINEL_PHONEMES.split(" ".join(out.split()))
    assert len(parts) == len(texts) + 1, "the sentinel must split espeak-ng's output into the utterances"
    return parts[:-1]


def do_job(c: StationFlow, db: Database, code: str, *, trouble: bool) -> None:
    """Do the job on screen to its end, as a worker would; with ``trouble``: a wrong scan, Repeat,
    a jam, a break and a help call on the way."""
    me = c.actor
    assert me is not None
    while c.state in (State.STEP, State.BREAK):
        if c.state == State.BREAK:
            c.resume()
            continue
        ctx = c.context
        assert ctx is not None
        st = ctx.step
        c.repeat()  # every step's own words are said at least once, whatever the prompt level
        if trouble:
            c.on_scan(codes.machine_payload("ZZ99"))  # an unknown label: refused, shown and spoken
        if st.kind == "scan":
            c.on_scan(st.expected_code or "")
        elif st.kind == "machine":
            if not ctx.machine_running:
                wrong = next(m for t, m in MACHINE_FOR.items() if t != st.machine_type)
                if trouble:
                    c.on_scan(codes.machine_payload(wrong))  # "this step needs the 紙折り機"
                c.on_scan(codes.machine_payload(MACHINE_FOR[st.machine_type or ""]))
                if trouble:
                    c.machine_trouble("jam")
                    c.on_scan(codes.machine_payload(MACHINE_FOR[st.machine_type or ""]))
            c.done()
        elif st.kind == "count":
            c.done(st.target)
        else:
            c.done()
        if trouble and c.state == State.STEP:
            c.take_break()
            c.call_help()
            call = help.open_call_for(db, me.worker)
            if call is not None:
                help.answer(db, SUPERVISOR, call.id)
                c.on_events([e for e in board.events(db) if e.type == "help_answered"][-1:])
            trouble = False
    assert c.state == State.FINISH, f"{code} did not reach the finish"
    c.on_scan(codes.ticket_payload(code))
    assert c.state == State.PRAISE


def test_a_demo_day_is_heard_without_noise(demo_db: Database) -> None:
    engine = HeardByEspeak()
    speaker = Speaker(engine, "ja")
    c = StationFlow(demo_db, speaker, Journal(None), "test-pc", Shown())
    badges = badge_payloads()
    jobs_done = 0
    workers = [w for w in people.workers(demo_db) if w.role == "worker"]
    for w in workers:
        # Every worker hears everything: speech on, each step read aloud.
        people.set_profile(demo_db, SUPERVISOR, w.code,
                           {**w.profile.to_dict(), "speech": True, "read_steps": True})
        mine = work.my_jobs(demo_db, Actor(w.code, "worker", "test"))
        if not mine:
            continue
        c.on_scan(badges[w.code])
        if c.state == State.STEP:  # the demo left a job running: the station goes back to it
            do_job(c, demo_db, c.context.job.code, trouble=False)  # type: ignore[union-attr]
            jobs_done += 1
        for i, job in enumerate(work.my_jobs(demo_db, Actor(w.code, "worker", "test"))):
            c.on_scan(codes.ticket_payload(job.code))
            do_job(c, demo_db, job.code, trouble=i == 0)
            jobs_done += 1
        c.on_scan(badges[w.code])  # signs out
    speaker.shutdown()

    texts = engine.texts
    unique = sorted(set(texts))
    heard = dict(zip(unique, espeak_phonemes(unique), strict=True))
    noisy = [t for t in texts if NOISE.search(heard[t])]
    chinese = [heard[t].count(CHINESE) for t in texts]
    print(f"\n{jobs_done} jobs, {len(texts)} utterances ({len(unique)} different): {len(noisy)} with a spelled-out "
          f"letter, {sum(1 for n in chinese if n)} with 'Chinese letter' ({sum(chinese)} times)")
    assert jobs_done >= 15 and len(texts) > 300  # fewer on a weekend: the rounds run on weekdays
    assert not noisy, "\n".join(f"{t!r} -> {heard[t]}" for t in sorted(set(noisy))[:20])
