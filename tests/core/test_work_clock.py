"""The ledger's work clock: the one definition of a job's worked time (reports, portfolio, check)."""

from __future__ import annotations

import datetime as dt

from flat_desktop.db.ledger import work_time
from flat_desktop.events import EventType as E


def m(minute: int) -> dt.datetime:
    return dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minute)


def test_breaks_never_count_and_the_time_after_the_last_step_does() -> None:
    clock, seconds = work_time([(E.JOB_STARTED, m(0)), (E.STEP_DONE, m(10)), (E.JOB_PAUSED, m(20)),
                                (E.JOB_RESUMED, m(50)), (E.STEP_DONE, m(55)), (E.JOB_FINISHED, m(60))])
    assert (clock, seconds) == (None, 30 * 60)


def test_a_job_in_progress_shows_its_time_up_to_its_last_step() -> None:
    clock, seconds = work_time([(E.JOB_STARTED, m(0)), (E.STEP_DONE, m(7))])
    assert (clock, seconds) == (m(7), 7 * 60)
    # The rest of the events arrive later: the running clock goes on from where it was.
    assert work_time([(E.STEP_DONE, m(9)), (E.JOB_FINISHED, m(12))], clock, seconds) == (None, 12 * 60)


def test_never_started_a_second_start_and_a_clock_behind() -> None:
    assert work_time([(E.STEP_DONE, m(5)), (E.JOB_FINISHED, m(6))]) == (None, None)
    # A resume while running (a second station's start) does not restart the interval.
    assert work_time([(E.JOB_STARTED, m(0)), (E.JOB_RESUMED, m(4)), (E.JOB_FINISHED, m(10))]) == (None, 600)
    # A step done stamped before the start (a station's clock behind) adds nothing, and takes nothing away.
    assert work_time([(E.JOB_STARTED, m(10)), (E.STEP_DONE, m(8)), (E.JOB_FINISHED, m(12))]) == (None, 120)


def test_a_rework_a_hold_and_a_cancel_stop_the_clock() -> None:
    for stop in (E.JOB_REWORK, E.JOB_HELD, E.JOB_CANCELLED):
        assert work_time([(E.JOB_STARTED, m(0)), (stop, m(3)), (E.STEP_DONE, m(9))]) == (None, 180)


def test_naive_times_are_utc() -> None:
    naive = m(0).replace(tzinfo=None)
    assert work_time([(E.JOB_STARTED, naive), (E.JOB_FINISHED, m(1))]) == (None, 60)
