"""A supervisor corrects the job a worker is doing: the station shows it and says it at once, with
what to do with the work in hand. Cancelled or put on hold: back to My jobs, the notice on screen
and in the voice; changed: the step screen with the new figures, and what changed shown above the
counter and said. Everything said can be read by a kana-only voice (espeak-ng)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flat_desktop.db import Database
from flat_desktop.services import board, corrections, people, work
from flat_desktop.services.context import Actor
from flat_desktop.services.corrections import JobEdit
from flat_desktop.speech import Speaker
from flat_desktop.station.context import State
from flat_desktop.station.flow import StationFlow
from flat_desktop.station.journal import Journal
from tests.helpers.flow import Shown

from .conftest import SUPERVISOR, Driver, job_for


def _said(tmp_path: Path, since: int = 0) -> list[str]:
    rows = [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()]
    return [r["text"] for r in rows if r["kind"] == "speak"][since:]


def _on_step_two(demo_db: Database, make_station, worker: str = "W009"):  # type: ignore[no-untyped-def]
    """``worker`` at step 2 of an enclosing job (fold, seal), its envelopes counted."""
    code = job_for(demo_db, worker, "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge(worker)
    d.ticket(code)
    assert st.flow.state == State.STEP and st.flow.context.step.position == 1
    d.do_step()
    assert st.flow.context.step.position == 2
    return code, st, d


def test_a_running_job_cancelled_is_shown_and_said_at_once(demo_db, make_station, qtbot, tmp_path):
    """The worker is on step 2 when the job is cancelled: the station goes to My jobs by itself and
    tells them, on screen and aloud, to leave what they made and give it to a supervisor."""
    code, st, _d = _on_step_two(demo_db, make_station)
    before = len(_said(tmp_path))
    corrections.cancel(demo_db, SUPERVISOR, code, "依頼の取り下げ")
    qtbot.waitUntil(lambda: st.flow.state == State.MY_JOBS, timeout=5000)
    banner = st.window.error_banner
    assert banner.isVisible()
    assert banner.message() == "この さぎょうは とりけされました。"
    assert "そのまま" in banner.accessibleName() and "わたして" in banner.accessibleName()
    said = " ".join(_said(tmp_path, before))
    assert "とりけされました" in said and "そのまま" in said
    assert code not in [j.code for j in st.flow.jobs]
    assert st.window.stack.currentWidget() is st.window.my_jobs


def test_a_running_job_put_on_hold_and_resumed(demo_db, make_station, qtbot, tmp_path):
    """Held: back to My jobs, told to stop and leave the work where it is, and the ticket is refused;
    resumed: the job is back on My jobs and its ticket goes on at the same step."""
    code, st, d = _on_step_two(demo_db, make_station)
    before = len(_said(tmp_path))
    corrections.hold(demo_db, SUPERVISOR, code, "依頼者に確認中")
    qtbot.waitUntil(lambda: st.flow.state == State.MY_JOBS, timeout=5000)
    assert st.window.error_banner.message() == "この しごとは いま とまっています。"
    said = " ".join(_said(tmp_path, before))
    assert "とまっています" in said and "そのまま" in said
    assert code not in [j.code for j in st.flow.jobs]
    d.ticket(code)
    assert st.flow.state == State.MY_JOBS  # refused: on hold
    corrections.resume(demo_db, SUPERVISOR, code)
    qtbot.waitUntil(lambda: code in [j.code for j in st.flow.jobs], timeout=5000)
    d.ticket(code)
    assert st.flow.state == State.STEP and st.flow.context.step.position == 2


def test_a_running_job_changed_shows_the_new_figures_on_the_step(demo_db, make_station, qtbot, tmp_path):
    """The quantity becomes 160 while the worker is at the folding step: the step's count becomes 160,
    the band above the counter says so, the voice says so, and the steps to come count 160 too."""
    code, st, d = _on_step_two(demo_db, make_station)
    before = len(_said(tmp_path))
    unit = board.job(demo_db, code).unit
    corrections.edit(demo_db, SUPERVISOR, code, JobEdit(quantity=160))
    qtbot.waitUntil(lambda: st.flow.context is not None and st.flow.context.step.target == 160, timeout=5000)
    assert st.flow.state == State.STEP and st.flow.context.step.position == 2
    nudge = st.window.step.nudge_text()
    assert f"160{unit}" in nudge.replace(" ", ""), nudge
    said = " ".join(_said(tmp_path, before))
    assert "160" in said and "かわりました" in said
    d.do_step()  # the machine, its 160 counted
    assert st.flow.context.step.target == 160 and st.flow.context.step.position == 3


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_every_correction_is_heard_without_noise(demo_db: Database) -> None:
    """Cancel, hold and a change of title, number and spec, each while the worker is on a step, as a
    kana-only voice receives them: espeak-ng spells out no letter it cannot read."""
    from tests.core.test_spoken_day import CHINESE, NOISE, HeardByEspeak, espeak_phonemes

    engine = HeardByEspeak()
    speaker = Speaker(engine, "ja")
    flow = StationFlow(demo_db, speaker, Journal(None), "test-pc", Shown())
    w = people.worker(demo_db, "W009")
    people.set_profile(demo_db, SUPERVISOR, "W009", {**w.profile.to_dict(), "speech": True, "read_steps": True})
    me = Actor("W009", "worker", "test")
    from flat_desktop import codes
    from flat_desktop.demo.build import badge_payloads

    def running() -> str:
        code = job_for(demo_db, "W009", "enclosing")
        if flow.actor is None:
            flow.on_scan(badge_payloads()["W009"])
        else:
            flow.show_jobs()  # the new job on the list
        flow.on_scan(codes.ticket_payload(code))
        assert flow.state == State.STEP
        return code

    def feed(code: str) -> None:
        flow.on_events(board.events(demo_db, job=code)[-1:])

    code = running()
    heard_from = len(engine.texts)
    corrections.edit(demo_db, SUPERVISOR, code, JobEdit(quantity=150, title="議会だより 第3号 発送",
                                                        spec={"seal": False}, priority=1))
    feed(code)
    assert flow.state == State.STEP and flow.context is not None and flow.context.step.target == 150
    corrections.cancel(demo_db, SUPERVISOR, code, "取り下げ")
    feed(code)
    assert flow.state == State.MY_JOBS
    code = running()
    corrections.hold(demo_db, SUPERVISOR, code, "確認中")
    feed(code)
    assert flow.state == State.MY_JOBS and code not in [j.code for j in work.my_jobs(demo_db, me)]
    speaker.shutdown()
    texts = engine.texts[heard_from:]
    # 150 as a kana-only voice receives it; the new title by its reading.
    assert any("かずが ひゃくごじゅ" in t for t in texts) and any("とりけされました" in t for t in texts)
    assert any("ぎかいだより" in t for t in texts)
    unique = sorted(set(texts))
    heard = dict(zip(unique, espeak_phonemes(unique), strict=True))
    noisy = [t for t in unique if NOISE.search(heard[t]) or CHINESE in heard[t]]
    assert not noisy, "\n".join(f"{t!r} -> {heard[t]}" for t in noisy)


def test_a_change_during_a_break_is_shown_on_the_break_screen(demo_db: Database) -> None:
    """On a break the change is shown and said at once (the break screen stays); back at work the
    step has the new count, and a count already typed for a step that the change replaced is gone."""
    from flat_desktop import codes
    from flat_desktop.demo.build import badge_payloads
    from flat_desktop.speech.null import NullEngine
    from flat_desktop.station.tally import Tally

    shown = Shown()
    flow = StationFlow(demo_db, Speaker(NullEngine(), "ja"), Journal(None), "test-pc", shown,
                       tally=Tally(None))
    code = job_for(demo_db, "W009", "enclosing")
    flow.on_scan(badge_payloads()["W009"])
    flow.on_scan(codes.ticket_payload(code))
    assert flow.context is not None
    flow.done(flow.context.step.target)  # step 1 counted
    assert flow.context is not None and flow.context.step.position == 2
    flow.take_break()
    assert flow.state == State.BREAK
    corrections.edit(demo_db, SUPERVISOR, code, JobEdit(quantity=170))
    flow.on_events(board.events(demo_db, job=code)[-1:])
    assert flow.state == State.BREAK
    message, hint = shown.errors[-1]
    assert message == "しょくいんが この しごとを かえました。" and "170" in hint
    flow.resume()
    assert flow.state == State.STEP and flow.context is not None
    assert (flow.context.step.position, flow.context.step.target) == (2, 170)
    flow.on_scan(codes.machine_payload("FD01"))  # folding
    flow.done(170)
    flow.done(170)  # into the envelopes
    assert flow.context is not None and flow.context.step.title == "封をする"
    flow.on_scan(codes.machine_payload("SL01"))
    flow.count_changed(30)  # the sealer has sealed 30
    assert flow.tally.get(code, 4) == 30
    # No sealing after all: the step in its place is the bundling, and the 30 are not its count.
    corrections.edit(demo_db, SUPERVISOR, code, JobEdit(spec={"seal": False}))
    flow.on_events(board.events(demo_db, job=code)[-1:])
    assert flow.context is not None
    assert (flow.context.step.position, flow.context.step.title, flow.context.counted) == (4, "束ねる", 0)
    assert flow.tally.get(code, 4) == 0
    from flat_desktop.services import machines

    assert next(m.in_use_job for m in machines.machines(demo_db) if m.code == "SL01") is None  # free again


def test_after_an_edit_ticket_screen_and_voice_say_the_same(demo_db, make_station, qtbot, tmp_path):
    """The quantity becomes 165 while the worker is at the first step (prepare the envelopes): the
    screen shows the stored step text with 165, the voice says it, and the ticket printed again
    prints it, not the old number."""
    from flat_desktop.services import documents
    from tests.printing.pdfcheck import page_texts

    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")  # full prompts, speech on, steps read aloud
    d.ticket(code)
    assert st.flow.context is not None and st.flow.context.step.position == 1
    old = board.job(demo_db, code).steps[0].text
    corrections.edit(demo_db, SUPERVISOR, code, JobEdit(quantity=165))
    qtbot.waitUntil(lambda: st.flow.context is not None and st.flow.context.step.target == 165, timeout=5000)
    stored = board.job(demo_db, code).steps[0].text
    assert stored == "封筒を165枚用意します。"
    assert st.window.step.text_label.plain_text() == stored
    qtbot.waitUntil(lambda: stored in _said(tmp_path), timeout=5000)
    printed = "".join(page_texts(documents.tickets(demo_db, [code]))).replace("\n", "")
    assert stored in printed and old not in printed
