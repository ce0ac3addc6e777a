"""Help (よびだし, F3) on every screen after sign-in, not only on a step: the call carries the
job and step the worker is at, and the band shows until a supervisor answers."""

from __future__ import annotations

from PySide6.QtCore import Qt

from flat_desktop.i18n import _
from flat_desktop.services import board, help, work
from flat_desktop.services.context import Actor
from flat_desktop.station.context import State

from .conftest import SUPERVISOR, Driver, job_for

ANSWERED = _("A supervisor answered your call and is on the way.")


def _call_and_answer(st, d: Driver, qtbot, worker: str) -> tuple[str | None, int | None]:
    """F3 on the current screen: the help band shows and the call is recorded; a supervisor
    answers it and the band says so (a deaf worker sees the answer). Returns the call's job and step."""
    screen = st.window.current()
    assert screen._help.isVisible(), f"no Help button on {screen.name}"
    d.key(Qt.Key.Key_F3)
    assert st.window.help_overlay.isVisible()
    call = help.open_call_for(st.db, worker)
    assert call is not None and call.worker == worker
    help.answer(st.db, SUPERVISOR, call.id)
    qtbot.waitUntil(lambda: not st.flow.help_open)
    assert st.window.help_overlay.isVisible() and st.window.help_overlay.text() == ANSWERED
    return call.job, call.step


def test_help_on_my_jobs_break_finish_praise_and_no_work(demo_db, make_station, qtbot):
    """W009 calls for help on My jobs, on a break, on the finish screen, on the praise screen and
    on My jobs with no work left ("ask a supervisor"): each time by F3, each call with the job
    and step she is at."""
    code = job_for(demo_db, "W009", "enclosing")
    me = Actor("W009", "worker", "t")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")
    assert st.flow.state == State.MY_JOBS
    assert _call_and_answer(st, d, qtbot, "W009") == (None, None)

    d.ticket(code)
    d.do_step()
    d.key(Qt.Key.Key_F4)
    assert st.flow.state == State.BREAK
    assert _call_and_answer(st, d, qtbot, "W009") == (code, 2)
    d.key(Qt.Key.Key_Return)
    while st.flow.state == State.STEP:
        d.do_step()
    assert st.flow.state == State.FINISH
    assert _call_and_answer(st, d, qtbot, "W009") == (code, None)

    # Nothing else to do after this one. The demo may have left her a paused job as well as
    # assigned ones (it varies by date), and only a job not yet started can be withdrawn.
    for other in work.my_jobs(demo_db, me):
        if other.code != code:
            board.cancel(demo_db, SUPERVISOR, other.code, "test")
    d.ticket(code)
    assert st.flow.state == State.PRAISE
    assert _call_and_answer(st, d, qtbot, "W009") == (code, None)

    d.key(Qt.Key.Key_Return)
    assert st.flow.state == State.MY_JOBS and st.window.my_jobs.jobs == []
    assert st.window.my_jobs._empty.isVisible()
    assert _call_and_answer(st, d, qtbot, "W009") == (None, None)
    calls = [e for e in board.events(demo_db) if e.type == "help_called" and e.worker == "W009"]
    assert len(calls) == 5


def test_the_help_button_is_pressed_like_any_other(demo_db, make_station, qtbot):
    """A click on the Help button of My jobs (a touch screen, a single switch) calls too."""
    job_for(demo_db, "W003", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W003")
    assert st.flow.state == State.MY_JOBS
    qtbot.mouseClick(st.window.my_jobs._help, Qt.MouseButton.LeftButton)
    assert st.window.help_overlay.isVisible()
    assert help.open_call_for(demo_db, "W003") is not None


def test_the_answer_says_what_the_supervisor_decided(demo_db, make_station, qtbot):
    """Answered as "later", the worker is told to wait, not that someone is on the way."""
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")
    d.key(Qt.Key.Key_F3)
    call = help.open_call_for(st.db, "W009")
    assert call is not None
    help.answer(st.db, SUPERVISOR, call.id, outcome="later", note="コピー機の前で")
    qtbot.waitUntil(lambda: not st.flow.help_open)
    said = st.window.help_overlay.text()
    assert said == _("A supervisor saw your call and will come a little later. Please wait.") and said != ANSWERED
    assert "まって" in said
