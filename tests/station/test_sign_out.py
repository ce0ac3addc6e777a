"""The own badge in the middle of a job asks before it signs out (shown and spoken); a second
scan soon after signs out and the job waits paused. The screens say how to sign out."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt

from flat_desktop.services import board
from flat_desktop.station.context import State
from flat_desktop.station.flow import SIGN_OUT_AGAIN_S

from .conftest import Driver, job_for, running_job


class Clock:
    """The station's clock, moved on by the test (no real time passes)."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def spoken(tmp_path) -> list[str]:
    rows = [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()]
    return [r["text"] for r in rows if r["kind"] == "speak"]


def worker_events(db, worker: str) -> list[str]:
    return [e.type for e in board.events(db) if e.worker == worker]


def test_own_badge_on_a_step_asks_then_signs_out_and_pauses(demo_db, make_station, tmp_path):
    """W002 is on a step. Her badge asks "sign out?" (banner and voice, nothing recorded); the
    scanner reading it twice at once changes nothing; a second scan two seconds later signs her
    out and pauses the job. Signed in again, the paused job is her first card and Enter brings her
    back to the same step."""
    code = running_job(demo_db, "W002")
    st = make_station(demo_db)
    clock = Clock()
    st.flow.clock = clock
    d = Driver(st)
    d.badge("W002")
    assert st.flow.state == State.STEP
    position = st.flow.context.step.position
    before = worker_events(demo_db, "W002")

    d.badge("W002")
    assert st.flow.state == State.STEP
    assert st.window.error_banner.message() == "おわりにしますか？"
    assert "もういちど しゃいんしょうを スキャン" in spoken(tmp_path)[-1]
    assert worker_events(demo_db, "W002") == before  # no sign-out, no refusal
    clock.wait(SIGN_OUT_AGAIN_S[0] / 2)
    d.badge("W002")  # the same badge read twice by the scanner
    assert st.flow.state == State.STEP
    clock.wait(2)
    d.badge("W002")
    assert st.flow.state == State.SIGN_IN
    assert worker_events(demo_db, "W002")[len(before):] == ["job_paused", "signed_out"]
    paused = [e for e in board.events(demo_db, job=code) if e.type == "job_paused"][-1]
    assert paused.data["reason"] == "signed_out"

    clock.wait(60)
    d.badge("W002")
    assert st.flow.state == State.MY_JOBS and st.flow.jobs[0].code == code
    d.key(Qt.Key.Key_Return)
    assert st.flow.state == State.STEP and st.flow.context.step.position == position


def test_the_question_expires_and_belongs_to_its_screen(demo_db, make_station):
    """On a break the badge asks; a second scan long after asks again instead of signing out.
    On a step, the question is forgotten once the worker goes on (Done): the badge asks again."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    clock = Clock()
    st.flow.clock = clock
    d = Driver(st)
    d.badge("W009")
    d.ticket(code)
    d.key(Qt.Key.Key_F4)
    assert st.flow.state == State.BREAK
    d.badge("W009")
    assert st.flow.state == State.BREAK and st.window.error_banner.isVisible()
    clock.wait(SIGN_OUT_AGAIN_S[1] + 5)
    st.flow._sign_out_expired(st.flow._sign_out_asked)  # what the station's timer does then
    assert not st.window.error_banner.isVisible()  # an unanswered question does not stay
    d.badge("W009")
    assert st.flow.state == State.BREAK  # asked again
    clock.wait(1)
    d.key(Qt.Key.Key_Return)  # back to work instead
    assert st.flow.state == State.STEP
    d.badge("W009")
    assert st.flow.state == State.STEP
    clock.wait(1)
    d.do_step()
    assert st.flow.state == State.STEP and st.flow.context.step.position == 2
    d.badge("W009")
    assert st.flow.state == State.STEP  # a new question on the new step
    clock.wait(1)
    d.badge("W009")
    assert st.flow.state == State.SIGN_IN
    assert not any(e.type == "scan_rejected" for e in board.events(demo_db) if e.worker == "W009"
                   and e.job in (None, code) and e.at >= clock.now - dt.timedelta(minutes=5))


def test_sign_in_and_my_jobs_say_how_to_sign_out(demo_db, make_station):
    st = make_station(demo_db)
    d = Driver(st)
    assert st.window.sign_in._leave.isVisible()
    assert "もういちど しゃいんしょうを スキャン" in st.window.sign_in._leave.text()
    job_for(demo_db, "W003", "enclosing")
    d.badge("W003")
    assert st.flow.state == State.MY_JOBS
    assert st.window.my_jobs._sign_out.isVisible()
    assert st.window.my_jobs._sign_out.text() == st.window.sign_in._leave.text()
