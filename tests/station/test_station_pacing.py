"""The station's pace: stuck detection on the worker's own usual time, and auto-advance of
information-only steps. Driven by scanner bursts and keys only."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt

from flat_desktop import codes
from flat_desktop.services import board, catalog, orders
from flat_desktop.services.catalog import StepTemplateView
from flat_desktop.station import timing
from flat_desktop.station.context import State

from .conftest import SUPERVISOR, Driver, finish_running, job_for, past_jobs, set_profile


def log_rows(tmp_path) -> list[dict]:
    return [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()]


def test_stuck_uses_the_workers_own_usual_time(demo_db, make_station, qtbot, tmp_path):
    """W009 usually counts the envelopes of step 1 in about 20 s. Long before the standard time
    (hundreds of seconds) the step is read to her again, once, at three times her usual time;
    at four and a half times a quiet ``stuck`` alert with her usual time goes to supervisors."""
    past_jobs(demo_db, "W009", "enclosing", [18, 20, 22, 19, 21, 20, 20, 23, 17, 20])
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")
    d.ticket(code)
    c = st.flow
    assert c.state == State.STEP and c.context.step.position == 1
    qtbot.waitUntil(lambda: c.usual is not None and c.usual.own)
    assert c.usual.seconds == 20
    standard = timing.standard_seconds(c.context.step)
    assert standard * timing.STUCK_FACTOR > 200  # the standard alone would say nothing for minutes
    started = next(e.at for e in board.events(demo_db, job=code) if e.type == "job_started")
    started = started.replace(tzinfo=dt.UTC)
    text = c.context.step.text

    def spoken_since(n: int) -> list[str]:
        return [r["text"] for r in log_rows(tmp_path)[n:] if r["kind"] == "speak"]

    seen = len(log_rows(tmp_path))
    c.check_stuck(now=started + dt.timedelta(seconds=55))
    assert spoken_since(seen) == []
    c.check_stuck(now=started + dt.timedelta(seconds=61))
    assert text in spoken_since(seen)  # read again
    assert not any(e.type == "stuck" for e in board.events(demo_db, job=code))
    seen = len(log_rows(tmp_path))
    c.check_stuck(now=started + dt.timedelta(seconds=80))
    assert spoken_since(seen) == []  # only once
    c.check_stuck(now=started + dt.timedelta(seconds=91))
    c.check_stuck(now=started + dt.timedelta(seconds=200))
    stuck = [e for e in board.events(demo_db, job=code) if e.type == "stuck"]
    assert len(stuck) == 1 and stuck[0].step == 1 and stuck[0].worker == "W009"
    assert stuck[0].data == {"seconds": 91, "usual_s": 20}
    assert spoken_since(seen) == []  # the alert is quiet for the worker
    assert not st.window.error_banner.isVisible() and not st.window.help_overlay.isVisible()
    assert any(r["kind"] == "stuck_prompt" and r["usual_s"] == 20 for r in log_rows(tmp_path))


def info_job(db, worker: str) -> str:
    """An enclosing job whose every step is marked information only, with a plain step first and last,
    a scan step and a plain step that is not information only in between."""
    steps = next(t for t in catalog.job_types(db) if t.key == "enclosing").steps
    count, folder = steps[0], steps[1]
    mine = [
        StepTemplateView("説明を見る", "{今日|きょう}の{仕事|しごと}の{説明|せつめい}です。", info_only=True),
        StepTemplateView(count.title, count.text, kind="count", count_source="quantity", info_only=True),
        StepTemplateView(folder.title, folder.text, kind="machine", machine_type="folder",
                         count_source="quantity", info_only=True),
        StepTemplateView("棚に置く", "{棚|たな}のラベルを{読|よ}みます。", kind="scan",
                         expected_code=codes.mailbox_payload("104"), info_only=True),
        StepTemplateView("束ねる", "10{通|つう}ずつ{束|たば}ねます。"),
        StepTemplateView("おわり", "{机|つくえ}を{片付|かたづ}けます。", info_only=True),
    ]
    catalog.save_steps(db, SUPERVISOR, "enclosing", mine)
    finish_running(db, worker)
    code = orders.create(db, SUPERVISOR, orders.OrderRequest("enclosing", "案内のテスト", 30)).job
    board.assign(db, SUPERVISOR, code, worker, override_reason="test")
    return code


AUTO_S = 3  # the shortest a profile allows


def jump_to_the_end(timer) -> None:
    """The clock jumps forward: a running single-shot timer fires at the next turn of the loop."""
    assert timer.isActive()
    timer.start(0)


def test_information_steps_advance_by_themselves_and_others_never(demo_db, make_station, qtbot):
    """W004's profile moves information-only steps on by themselves. A plain one goes after
    ``auto_advance_s`` with one ``step_done``; a count, machine or scan step marked information only
    waits for the worker (no timer runs for it), and so does a plain step that is not information only.
    No real time passes: the test jumps the step's clock to its end."""
    set_profile(demo_db, "W004", auto_advance_s=AUTO_S)
    code = info_job(demo_db, "W004")
    st = make_station(demo_db)
    d = Driver(st)
    c = st.flow
    auto = st.window.step._auto
    d.badge("W004")
    d.ticket(code)
    assert c.state == State.STEP and c.context.step.position == 1 and c.context.auto_advance_s == AUTO_S
    assert auto.isActive() and auto.interval() == AUTO_S * 1000
    jump_to_the_end(auto)
    qtbot.waitUntil(lambda: c.context is not None and c.context.step.position == 2)

    def dones() -> list[int | None]:
        return [e.step for e in board.events(demo_db, job=code) if e.type == "step_done"]

    assert dones() == [1]
    for position, kind in ((2, "count"), (3, "machine"), (4, "scan"), (5, "plain")):
        assert c.context.step.position == position and c.context.step.kind == kind
        assert c.context.auto_advance_s is None and not auto.isActive()
        qtbot.wait(0)
        assert c.context.step.position == position and dones() == list(range(1, position))
        d.do_step()
    assert c.context.step.position == 6 and c.context.auto_advance_s == AUTO_S
    assert auto.isActive() and auto.interval() == AUTO_S * 1000
    jump_to_the_end(auto)
    qtbot.waitUntil(lambda: c.state == State.FINISH)
    assert dones() == [1, 2, 3, 4, 5, 6]
    d.ticket(code)
    assert c.state == State.PRAISE
    assert dones() == [1, 2, 3, 4, 5, 6]


def test_the_step_clock_starts_at_the_latest_start_event(demo_db, make_station):
    """The stuck check times the step from the event that began it: the job's start, the last
    step done, or the end of a break (not the whole job's time, not the screen's)."""
    code = job_for(demo_db, "W001", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W001")
    d.ticket(code)
    c = st.flow

    def latest(kind: str) -> dt.datetime:
        return [e.at for e in board.events(demo_db, job=code) if e.type == kind][-1]

    assert c.state == State.STEP and c.step_clock == latest("job_started")
    d.do_step()
    assert c.state == State.STEP and c.step_clock == latest("step_done")
    d.key(Qt.Key.Key_F4)
    assert c.state == State.BREAK
    d.ticket(code)
    assert c.state == State.STEP and c.step_clock == latest("job_resumed")


def test_the_demo_catalogue_has_information_steps_and_their_countdown_shows(demo_db, make_station, qtbot):
    """W004's profile moves information steps on after 8 s. A business-card job of the standard
    catalogue has one (mind the cutter's blade): it shows "8 seconds" counting down, and goes on to
    the cutting step by itself; the steps before and after show no countdown."""
    code = job_for(demo_db, "W004", "cards")
    st = make_station(demo_db)
    d = Driver(st)
    c = st.flow
    countdown = st.window.step._countdown
    d.badge("W004")
    d.ticket(code)
    while not c.context.step.info_only:
        assert not countdown.isVisible() and c.context.auto_advance_s is None
        d.do_step()
    info = c.context.step
    assert info.kind == "plain" and c.context.auto_advance_s == 8
    assert countdown.isVisible() and "8びょう" in countdown.text()
    jump_to_the_end(st.window.step._auto)
    qtbot.waitUntil(lambda: c.context.step.position == info.position + 1)
    assert c.context.step.kind == "machine" and not countdown.isVisible()
    done = [e for e in board.events(demo_db, job=code) if e.type == "step_done" and e.step == info.position]
    assert len(done) == 1


def _begun_hours_ago(db, worker: str, hours: float) -> str:
    """An enclosing job of ``worker`` whose first step began ``hours`` ago and was never done
    (the station died, or the worker went home): its events say so."""
    from flat_desktop.db.ledger import record
    from flat_desktop.events import EventType, NewEvent, utcnow

    code = job_for(db, worker, "enclosing")
    with db.session() as s:
        record(s, NewEvent(EventType.JOB_STARTED, station="test", worker=worker, job=code,
                           at=utcnow() - dt.timedelta(hours=hours)))
    return code


def _stuck_said(db, code: str, tmp_path) -> tuple[int, int]:
    prompts = sum(1 for r in log_rows(tmp_path) if r["kind"] == "stuck_prompt")
    alerts = sum(1 for e in board.events(db, job=code) if e.type == "stuck")
    return prompts, alerts


def test_no_stuck_alert_seconds_after_signing_in_to_a_step_begun_hours_ago(demo_db, make_station, tmp_path):
    """A step began three hours ago and the station died. The worker signs in now: eight seconds
    later nothing is said and no alert goes out; the clock runs from her arrival, so the re-prompt
    comes only at three times the step's usual time after it."""
    code = _begun_hours_ago(demo_db, "W009", 3)
    st = make_station(demo_db)
    c = st.flow
    now = dt.datetime.now(dt.UTC)
    c.clock = lambda: now
    d = Driver(st)
    d.badge("W009")
    assert c.state == State.STEP and c.job.code == code and c.context.step.position == 1
    assert c.step_clock == now
    c.check_stuck(now=now + dt.timedelta(seconds=8))
    c.check_stuck(now=now + dt.timedelta(seconds=60))
    assert _stuck_said(demo_db, code, tmp_path) == (0, 0)
    usual = c.usual.seconds
    c.check_stuck(now=now + dt.timedelta(seconds=timing.STUCK_FACTOR * usual + 1))
    assert _stuck_said(demo_db, code, tmp_path) == (1, 0)


def test_no_stuck_alert_seconds_after_a_break(demo_db, make_station, tmp_path):
    """On a step begun three hours ago, the worker takes a break and comes back: the step's clock
    starts again at the resume, and eight seconds later nothing is said."""
    code = _begun_hours_ago(demo_db, "W009", 3)
    st = make_station(demo_db)
    c = st.flow
    d = Driver(st)
    d.badge("W009")
    d.key(Qt.Key.Key_F4)
    assert c.state == State.BREAK
    d.key(Qt.Key.Key_Return)
    assert c.state == State.STEP and c.job.code == code
    resumed = [e.at for e in board.events(demo_db, job=code) if e.type == "job_resumed"][-1]
    resumed = timing.aware(resumed)
    assert c.step_clock == resumed
    c.check_stuck(now=resumed + dt.timedelta(seconds=8))
    assert _stuck_said(demo_db, code, tmp_path) == (0, 0)
