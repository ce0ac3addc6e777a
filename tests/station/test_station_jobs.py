"""Whole jobs at the station, driven only by scanner bursts and keys (no mouse)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from flat_desktop import codes
from flat_desktop.gui.station.window import SPEECH_WAIT_MS
from flat_desktop.services import board, help, routes, work
from flat_desktop.services.context import Actor
from flat_desktop.station.context import State

from .conftest import SUPERVISOR, Driver, event_types, expected_for, finish_running, job_for, running_job


def test_enclosing_job_with_machines_counts_jam_and_rejected_ticket(demo_db, make_station):
    """W001 (yellow on black, 64 pt, partial prompts) refuses someone else's ticket, then does an
    enclosing job: counts, the folder and the sealer by label scans (with a paper jam logged), spoiled
    pieces at the finish; the event log holds exactly these events and the job is done."""
    code = job_for(demo_db, "W001", "enclosing")
    other = next(j.code for j in board.jobs(demo_db, SUPERVISOR, statuses=("assigned",)) if j.assignee != "W001")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W001")
    assert st.flow.state == State.MY_JOBS
    before = [e.id for e in board.events(demo_db, job=other)]
    d.ticket(other)  # someone else's job
    assert st.window.error_banner.isVisible()
    assert [e.id for e in board.events(demo_db, job=other)] == before
    rejected = [e for e in board.events(demo_db) if e.type == "scan_rejected"]
    assert rejected[-1].worker == "W001" and rejected[-1].data["reason"] == "not_your_job"
    assert st.flow.state == State.MY_JOBS

    d.ticket(code)
    assert st.flow.state == State.STEP, st.window.error_banner.message()
    assert st.flow.context.prompt_level == "partial"
    d.do_step()  # count 140
    d.scan(codes.machine_payload("CP01"))  # a copier where the folder is needed: refused
    assert st.flow.context.step.position == 2 and st.window.error_banner.isVisible()
    d.do_step()  # folder FD01
    d.do_step()  # count
    d.scan(codes.machine_payload("SL01"))
    assert st.flow.context.machine_running
    d.key(Qt.Key.Key_F5)  # paper jam
    assert not st.flow.context.machine_running and st.flow.context.notice
    d.do_step()  # scan the sealer again, then done
    d.do_step()  # bundle
    d.do_step()  # last count
    assert st.flow.state == State.FINISH
    d.key(Qt.Key.Key_Up, 2)  # two spoiled envelopes
    d.ticket(code)
    assert st.flow.state == State.PRAISE

    assert event_types(demo_db, code) == [
        "job_started", "step_done", "scan_rejected",
        "machine_started", "machine_stopped", "step_done",
        "step_done",
        "machine_started", "machine_stopped", "machine_started", "machine_stopped", "step_done",
        "step_done", "step_done", "job_finished"]
    evs = board.events(demo_db, job=code)
    stops = [e.data for e in evs if e.type == "machine_stopped"]
    assert [s["outcome"] for s in stops] == ["ok", "jam", "ok"]
    assert [e.machine for e in evs if e.type == "machine_started"] == ["FD01", "SL01", "SL01"]
    target = work.job(demo_db, Actor.admin(), code).steps[0].target
    assert next(e.data.get("count") for e in evs if e.type == "step_done") == target
    assert all(e.data["prompt_level"] == "partial" for e in evs if e.type == "step_done")
    finished = evs[-1].data
    assert finished == {"units": board.job(demo_db, code).quantity, "spoiled": 2}
    assert work.job(demo_db, Actor("W001", "worker", "t"), code).status == "done"
    d.key(Qt.Key.Key_Return)
    assert st.flow.state == State.MY_JOBS


def next_monday() -> dt.date:
    """A weekday whose rounds the demo has not made yet, whatever day the tests run."""
    day = dt.date.today() + dt.timedelta(days=7)
    return day + dt.timedelta(days=-day.weekday() % 7)


def test_mail_round_scan_steps_refuse_the_wrong_mailbox(demo_db, make_station):
    """W004 (dark, 48 pt, furigana, full prompts) does a mail round: each stop is done only by
    scanning its own mailbox; a wrong mailbox is refused, spoken and recorded, and nothing moves."""
    made = routes.generate_day(demo_db, SUPERVISOR, next_monday())
    code = next(c for c in made if board.job(demo_db, c).type == "mail_round")
    finish_running(demo_db, "W004")
    if board.job(demo_db, code).assignee != "W004":  # a route may come with its usual worker
        board.assign(demo_db, SUPERVISOR, code, "W004", override_reason="test")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W004")
    d.ticket(code)
    assert st.flow.context.prompt_level == "full" and st.flow.context.furigana
    d.do_step()  # the cart
    assert st.flow.context.step.kind == "scan"
    d.scan(codes.mailbox_payload("999"))
    assert st.flow.context.step.position == 2
    assert st.window.error_banner.isVisible()
    while st.flow.state == State.STEP:
        d.do_step()
    d.ticket(code)
    assert st.flow.state == State.PRAISE
    types = event_types(demo_db, code)
    total = board.job(demo_db, code).steps_total
    assert types == ["job_started", "step_done", "scan_rejected", *["step_done"] * (total - 1), "job_finished"]
    rejected = [e for e in board.events(demo_db) if e.type == "scan_rejected" and e.job == code]
    assert len(rejected) == 1 and rejected[0].data["reason"] == "wrong_code" and rejected[0].step == 2
    scanned = [e.data["scanned"] for e in board.events(demo_db, job=code) if "scanned" in e.data]
    assert scanned == [s.expected_code for s in work.job(demo_db, Actor.admin(), code).steps if s.kind == "scan"]


def test_resume_help_break_and_kill_then_finish(demo_db, make_station, qtbot):
    """W002 (dark, 44 pt, asks "are you sure?") signs in and lands on the step the database says;
    calls help and sees the band until a supervisor answers; does a step; takes a break; the station
    is closed mid-step and a new one on the same database brings her back to the same step; she
    finishes. The job's events after the help call are exactly these."""
    code = running_job(demo_db, "W002")
    left = [s for s in work.job(demo_db, Actor.admin(), code).steps if s.state != "done"]
    assert len(left) >= 3, "the demo job should have steps left"
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W002")
    assert st.flow.state == State.STEP and st.flow.context.step.position == left[0].position
    assert st.flow.context.confirm
    d.key(Qt.Key.Key_F3)
    assert st.window.help_overlay.isVisible()
    call = help.open_call_for(demo_db, "W002")
    assert call is not None and call.job == code and call.step == left[0].position
    help.answer(demo_db, SUPERVISOR, call.id)
    qtbot.waitUntil(lambda: not st.flow.help_open)  # the band now says the supervisor is coming
    d.do_step()
    assert st.flow.context.step.position == left[1].position
    d.key(Qt.Key.Key_F4)
    assert st.flow.state == State.BREAK, st.window.error_banner.message()
    d.key(Qt.Key.Key_Return)
    assert st.flow.state == State.STEP and st.flow.context.step.position == left[1].position
    st.close()  # the station dies in the middle of the step

    st2 = make_station(demo_db)
    d2 = Driver(st2)
    assert st2.flow.state == State.SIGN_IN
    d2.badge("W002")
    assert st2.flow.state == State.STEP and st2.flow.context.step.position == left[1].position
    while st2.flow.state == State.STEP:
        d2.do_step()
    assert st2.flow.state == State.FINISH
    d2.ticket(code)
    assert st2.flow.state == State.PRAISE
    types = [e.type for e in board.events(demo_db, job=code)]
    assert types[types.index("help_called"):] == [
        "help_called", "help_answered", *expected_for(left[:1]),
        "job_paused", "job_resumed", *expected_for(left[1:]), "job_finished"]
    assert types.count("job_started") == 1


def test_done_waits_for_the_dwell_time(demo_db, make_station):
    """Enter pressed before the profile's minimum dwell is refused: nothing is recorded."""
    code = job_for(demo_db, "W004", "enclosing")
    st = make_station(demo_db, dwell_scale=1.0)
    d = Driver(st)
    d.badge("W004")  # 5 s dwell
    d.ticket(code)
    before = event_types(demo_db, code)
    d.key(Qt.Key.Key_Return)
    assert not st.window.step.done_button.is_ready()
    assert event_types(demo_db, code) == before


def test_own_badge_signs_out_and_log_has_screens_scans_and_speech(demo_db, make_station, tmp_path):
    """Scanning the own badge again on My jobs signs out at once (in the middle of a job it asks
    first: test_sign_out.py); the JSON-lines log records screens, scans with verdicts and what was said."""
    finish_running(demo_db, "W003")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W003")
    assert st.flow.state == State.MY_JOBS
    d.badge("W003")
    assert st.flow.state == State.SIGN_IN
    signs = [e.type for e in board.events(demo_db) if e.worker == "W003" and e.type.startswith("signed")]
    assert signs[-2:] == ["signed_in", "signed_out"]
    rows = [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()]
    kinds = {r["kind"] for r in rows}
    assert {"screen", "scan"} <= kinds
    assert any(r.get("verdict") == "signed_in" for r in rows)



def test_stuck_step_is_re_spoken_then_told_quietly(demo_db, make_station):
    """A step far over its standard time is first read again (and a prompt shown), then a quiet
    ``stuck`` alert is recorded for supervisors, once; the worker's screen shows no alarm for it."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")
    d.ticket(code)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=5)  # the step began at job_started's time
    st.flow.check_stuck(now=later)
    assert [e.type for e in board.events(demo_db, job=code)][-1] == "job_started"
    st.flow.check_stuck(now=later)
    st.flow.check_stuck(now=later)
    stuck = [e for e in board.events(demo_db, job=code) if e.type == "stuck"]
    assert len(stuck) == 1 and stuck[0].step == 1 and stuck[0].data["seconds"] > 3600
    assert not st.window.error_banner.isVisible() and not st.window.help_overlay.isVisible()


def test_my_jobs_update_when_a_supervisor_assigns(demo_db, make_station, qtbot):
    """A job assigned by a supervisor while the worker looks at My jobs appears by itself (change feed)."""
    finish_running(demo_db, "W009")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")
    assert st.flow.state == State.MY_JOBS
    shown = {j.code for j in st.window.my_jobs.jobs}
    code = next(j.code for j in board.jobs(demo_db, SUPERVISOR, statuses=("received",)))
    board.assign(demo_db, SUPERVISOR, code, "W009", override_reason="test")
    qtbot.waitUntil(lambda: {j.code for j in st.flow.jobs} != shown)
    assert code in {j.code for j in st.flow.jobs}


def test_repeat_speaks_the_step_again_and_idle_signs_out_only_outside_a_step(demo_db, make_station, tmp_path):
    """F2 reads the current step again (logged as spoken); the idle time signs a worker out from
    My jobs but never in the middle of a step."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")
    d.ticket(code)
    log = tmp_path / "log" / "station.jsonl"
    spoken = sum(1 for x in log.read_text().splitlines() if json.loads(x)["kind"] == "speak")
    d.key(Qt.Key.Key_F2)
    rows = [json.loads(x) for x in log.read_text().splitlines()]
    said = [r["text"] for r in rows if r["kind"] == "speak"][spoken:]
    assert said[0] == "4の うち 1ばんめ。".replace("4", str(board.job(demo_db, code).steps_total))
    assert said[1] == st.flow.context.step.text
    st.flow.idle_timeout()
    assert st.flow.state == State.STEP
    d.key(Qt.Key.Key_F4)
    st.flow.idle_timeout()
    assert st.flow.state == State.SIGN_IN
    last = [e for e in board.events(demo_db) if e.worker == "W009"][-1]
    assert last.type == "signed_out" and last.data["reason"] == "idle"


def test_the_spoken_word_is_highlighted_in_the_step_text(demo_db, make_station, qtbot):
    """With Qt's mock voice, the word being read aloud is highlighted in the step text on screen."""
    code = job_for(demo_db, "W009", "enclosing")  # full prompts, speech on, steps read aloud
    st = make_station(demo_db, speech="qt:mock")
    if st.speaker.engine_name == "none":
        pytest.skip("Qt TextToSpeech mock engine not available")
    label = st.window.step.text_label
    spans: list[tuple[int, int]] = []
    shown = label.set_highlight
    label.set_highlight = lambda start, length: (spans.append((start, length)), shown(start, length))
    d = Driver(st)
    d.badge("W009")
    d.ticket(code)
    qtbot.waitUntil(lambda: any(length > 0 for _s, length in spans), timeout=30_000)
    start, length = next(span for span in spans if span[1] > 0)
    assert start >= 0 and start + length <= len(label.plain_text())


def test_a_step_is_handed_to_the_voice_once_it_is_painted(demo_db, make_station, qtbot):
    """The step is logged as spoken at once but reaches the speech engine only after the step
    screen has been painted (the engine's thread must not slow that paint down), in the order
    said; Repeat, which paints nothing new, is spoken all the same."""
    code = job_for(demo_db, "W009", "enclosing")  # full prompts, speech on
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")
    qtbot.waitUntil(lambda: not st.window._after_paint)
    order: list[str] = []
    say = st.speaker.say
    st.speaker.say = lambda u, *, interrupt=True: (order.append(u.text), say(u, interrupt=interrupt))
    seen = _PaintSeen(order)
    st.window.step.installEventFilter(seen)
    st.window._paint_wait.setInterval(600_000)  # only the paint hands the step over
    d.ticket(code)
    step = st.flow.context.step
    assert st.flow.state == State.STEP and order == []  # not painted yet: nothing handed over
    qtbot.waitUntil(lambda: step.text in order)
    said = [x for x in order if x != "<paint>"]
    assert order[0] == "<paint>" and said[1] == step.text
    order.clear()
    st.window._paint_wait.setInterval(SPEECH_WAIT_MS)
    d.key(Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: step.text in order)
    st.window.step.removeEventFilter(seen)


class _PaintSeen(QObject):
    def __init__(self, order: list[str]) -> None:
        super().__init__()
        self.order = order

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.order.append("<paint>")
        return False
