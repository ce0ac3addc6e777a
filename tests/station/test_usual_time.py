"""A worker's usual time for a step, from event timestamps only (the core service, no Qt)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from flat_desktop.services import timing
from flat_desktop.services.timing import FLOOR_S, LAST_JOBS, MIN_SAMPLES, UsualTime, step_seconds, usual_from

from .conftest import past_jobs

T0 = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)


class Ev(NamedTuple):
    type: str
    at: dt.datetime
    step: int | None = None


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_step_runs_from_the_previous_step_done_to_its_own():
    events = [Ev("job_started", at(0)), Ev("step_done", at(40), 1), Ev("machine_started", at(50), 2),
              Ev("machine_stopped", at(100), 2), Ev("step_done", at(130), 2)]
    assert step_seconds(events, 1) == 40
    assert step_seconds(events, 2) == 90  # the machine's run is part of the step
    assert step_seconds(events, 3) is None


def test_a_break_inside_the_step_does_not_count():
    events = [Ev("job_started", at(0)), Ev("step_done", at(30), 1), Ev("job_paused", at(45), 2),
              Ev("job_resumed", at(1845), None), Ev("step_done", at(1860), 2)]
    assert step_seconds(events, 2) == 15


def test_naive_times_are_utc_and_a_clock_gone_backwards_is_ignored():
    naive = [Ev("job_started", at(0).replace(tzinfo=None)), Ev("step_done", at(25), 1)]
    assert step_seconds(naive, 1) == 25
    assert step_seconds([Ev("job_started", at(60)), Ev("step_done", at(0), 1)], 1) is None
    assert step_seconds([Ev("step_done", at(10), 1)], 1) is None  # nothing said when it began


def test_median_of_the_last_jobs_or_the_standard_below_three():
    assert usual_from([20.0, 30.0], 120.0) == UsualTime(120.0, 2)
    assert not usual_from([20.0, 30.0], 120.0).own
    usual = usual_from([20.0, 30.0, 400.0], 120.0)  # one long day does not move it much
    assert usual == UsualTime(30.0, 3) and usual.own
    assert usual_from([2.0, 3.0, 4.0], 120.0).seconds == FLOOR_S
    newest_first = [20.0] * LAST_JOBS + [900.0] * LAST_JOBS
    assert usual_from(newest_first, 120.0) == UsualTime(20.0, LAST_JOBS)
    assert MIN_SAMPLES == 3


def test_usual_time_from_the_database(demo_db):
    """The worker's own recent jobs of the type give the median; another worker, another step
    or another type falls back to the standard."""
    past_jobs(demo_db, "W009", "enclosing", [24, 16, 20, 30, 18, 22, 19, 21, 17, 23])
    usual = timing.usual_step_time(demo_db, "W009", "enclosing", 1, 600.0)
    assert usual == UsualTime(20.5, LAST_JOBS)
    assert timing.usual_step_time(demo_db, "W009", "no_such_type", 1, 600.0) == UsualTime(600.0, 0)
    assert timing.usual_step_time(demo_db, "W999", "enclosing", 1, 600.0) == UsualTime(600.0, 0)
