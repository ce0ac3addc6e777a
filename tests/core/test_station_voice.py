"""What a worker sees and hears of a step at each prompt level, through the Qt-free station flow."""

from __future__ import annotations

from typing import Any

import pytest

from flat_desktop import codes, ruby
from flat_desktop.db import Database
from flat_desktop.demo.build import badge_payloads
from flat_desktop.services import board, orders, people
from flat_desktop.services.context import Actor
from flat_desktop.speech import Utterance
from flat_desktop.station import voice
from flat_desktop.station.context import State
from flat_desktop.station.flow import StationFlow
from flat_desktop.station.journal import Journal
from tests.helpers.flow import Shown
from tests.helpers.work import finish_running

BOSS = Actor("S001", "supervisor", "test")


class Heard:
    """A speaker that keeps what it was given."""

    def __init__(self) -> None:
        self.said: list[Utterance] = []
        self.settings: Any = None

    def say(self, utterance: Utterance, *, interrupt: bool = True) -> None:
        self.said.append(utterance)


def copy_job(db: Database, worker: str) -> str:
    finish_running(db, worker)
    code = orders.create(db, BOSS, orders.OrderRequest("copying", "会議資料", 70)).job
    assert code is not None
    board.assign(db, BOSS, code, worker, override_reason="test")
    return code


@pytest.mark.parametrize("level", ["full", "partial", "minimal"])
def test_every_level_shows_the_copies_and_the_machine_and_reads_the_step(demo_db: Database, tmp_path, request,
                                                                          level: str) -> None:
    """At every prompt level the copy step shows 70部 and the machine, and a worker whose profile
    reads steps aloud hears the step (fewer words below full, never none)."""
    worker = "W001"
    code = copy_job(demo_db, worker)
    people.set_profile(demo_db, BOSS, worker, {**people.worker(demo_db, worker).profile.to_dict(),
                                                "speech": True, "read_steps": True})
    people.set_prompt_level(demo_db, BOSS, worker, "copying", level)
    heard = Heard()
    journal = Journal(tmp_path / "log.jsonl")
    request.addfinalizer(journal.close)
    flow = StationFlow(demo_db, heard, journal, "test", Shown())  # type: ignore[arg-type]
    flow.on_scan(badge_payloads()[worker])
    flow.on_scan(codes.ticket_payload(code))
    ctx = flow.context
    assert flow.state == State.STEP and ctx is not None and ctx.prompt_level == level
    while ctx.step.kind != "machine":  # on to the copying step
        flow.done(ctx.step.target if ctx.step.kind == "count" else None)
        ctx = flow.context
        assert ctx is not None
    heard.said.clear()
    flow.on_scan(codes.machine_payload("CP01"))
    ctx = flow.context
    assert ctx is not None and ctx.machine_running
    shown = ruby.to_plain(voice.step_markup(ctx))
    assert "70部" in shown and "複合機" in shown
    spoken = " ".join(u.text for u in heard.said)
    assert "70部" in spoken, spoken
    if level == "full":
        assert ctx.step.text in spoken


class Volume:
    """The PC's speaker, as the flow sets it."""

    available = True

    def __init__(self) -> None:
        self.levels: list[float | str] = []

    def for_worker(self, fraction: float) -> bool:
        self.levels.append(fraction)
        return True

    def for_station(self) -> bool:
        self.levels.append("station")
        return True


def test_the_pc_speaker_takes_the_worker_s_volume_at_sign_in_and_the_station_s_at_sign_out(
        demo_db: Database, tmp_path, request) -> None:
    """The worker's profile volume goes to the PC's speaker (the voice itself at full scale under
    it, so the two are not multiplied); signing out gives the station's own level back."""
    worker = "W001"
    people.set_profile(demo_db, BOSS, worker, {**people.worker(demo_db, worker).profile.to_dict(), "volume": 0.4})
    heard, pc = Heard(), Volume()
    journal = Journal(tmp_path / "log.jsonl")
    request.addfinalizer(journal.close)
    flow = StationFlow(demo_db, heard, journal, "test", Shown(), pc_volume=pc)  # type: ignore[arg-type]
    flow.on_scan(badge_payloads()[worker])
    assert pc.levels == [0.4] and heard.settings.volume == 1.0
    flow.sign_out("badge")
    assert pc.levels == [0.4, "station"]
    without = StationFlow(demo_db, Heard(), journal, "test", Shown())  # type: ignore[arg-type]
    without.on_scan(badge_payloads()[worker])
    assert without.speaker.settings.volume == 0.4  # no sound server: the voice carries the volume


class Ahead(Heard):
    def __init__(self) -> None:
        super().__init__()
        self.ready: list[list[Utterance]] = []

    def prepare(self, utterances: list[Utterance]) -> None:
        self.ready.append(utterances)


def test_the_next_step_s_words_are_made_ready_while_the_worker_is_on_this_one(demo_db: Database, tmp_path,
                                                                              request) -> None:
    """What Done will say is handed to the voice ahead: the words the next step then says."""
    worker = "W001"
    code = copy_job(demo_db, worker)
    people.set_profile(demo_db, BOSS, worker, {**people.worker(demo_db, worker).profile.to_dict(),
                                                "speech": True, "read_steps": True})
    heard = Ahead()
    journal = Journal(tmp_path / "log.jsonl")
    request.addfinalizer(journal.close)
    flow = StationFlow(demo_db, heard, journal, "test", Shown())  # type: ignore[arg-type]
    flow.on_scan(badge_payloads()[worker])
    flow.on_scan(codes.ticket_payload(code))
    ctx = flow.context
    assert ctx is not None and ctx.step.position == 1
    ready = heard.ready[-1]
    heard.said.clear()
    flow.done(ctx.step.target if ctx.step.kind == "count" else None)
    assert flow.context is not None and flow.context.step.position == 2
    assert [u.text for u in heard.said] == [u.text for u in ready]
