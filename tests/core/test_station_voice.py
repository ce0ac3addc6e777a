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
