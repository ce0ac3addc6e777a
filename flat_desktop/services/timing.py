"""How long a step usually takes *this* worker, from the event log's timestamps only.

A step's duration runs from the event that let the worker begin it (``job_started``,
``job_resumed`` or the previous ``step_done``) to its own ``step_done``, so a break, a
sign-out or a crash never counts as work. The usual time is the median over the worker's
last jobs of that type; with too few of them the step's standard time stands.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select

from flat_desktop.db.database import Database
from flat_desktop.db.models import Event, Job, JobType
from flat_desktop.events import EventType

LAST_JOBS = 10
MIN_SAMPLES = 3
# A worker who always does a step in seconds must not be re-prompted after a moment of
# looking for paper: the usual time is never taken as shorter than this.
FLOOR_S = 10.0

_STARTS = (str(EventType.JOB_STARTED), str(EventType.JOB_RESUMED), str(EventType.STEP_DONE))


class Timed(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def step(self) -> int | None: ...


@dataclass(frozen=True)
class UsualTime:
    seconds: float
    samples: int  # the worker's past jobs it comes from; below MIN_SAMPLES it is the standard

    @property
    def own(self) -> bool:
        return self.samples >= MIN_SAMPLES


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # SQLite hands back naive UTC


def step_seconds(events: Iterable[Timed], position: int) -> float | None:
    """How long step ``position`` took in one job, from that job's events in log order;
    None if it was never done, or if the times make no sense (a station clock set wrong)."""
    begun: dt.datetime | None = None
    for e in events:
        if e.type == EventType.STEP_DONE and e.step == position:
            if begun is None:
                return None
            seconds = (_utc(e.at) - begun).total_seconds()
            return seconds if seconds >= 0 else None
        if e.type in _STARTS:
            begun = _utc(e.at)
    return None


def usual_from(durations: list[float], standard_s: float) -> UsualTime:
    """The median of the worker's durations (newest first, at most LAST_JOBS of them), or the standard."""
    recent = durations[:LAST_JOBS]
    if len(recent) < MIN_SAMPLES:
        return UsualTime(standard_s, len(recent))
    return UsualTime(max(FLOOR_S, statistics.median(recent)), len(recent))


def usual_step_time(db: Database, worker: str, job_type: str, position: int, standard_s: float, *,
                    exclude_job: str | None = None) -> UsualTime:
    """This worker's usual time for step ``position`` of ``job_type`` (two small queries)."""
    with db.reader() as s:
        q = (select(Event.job).join(Job, Job.code == Event.job).join(JobType, JobType.id == Job.job_type_id)
             .where(Event.type == str(EventType.STEP_DONE), Event.worker == worker, Event.step == position,
                    JobType.key == job_type)
             .order_by(Event.at.desc(), Event.seq.desc()).limit(LAST_JOBS * 2))
        if exclude_job is not None:
            q = q.where(Event.job != exclude_job)
        jobs = list(dict.fromkeys(code for code in s.scalars(q) if code is not None))[:LAST_JOBS]
        if not jobs:
            return UsualTime(standard_s, 0)
        # All of these jobs' events (step_seconds skips the other kinds): with a filter on the
        # type, SQLite would read every step_done of the history through the (type, at) index
        # instead of these few jobs' events through the (job, at) one.
        rows = s.execute(select(Event.job, Event.type, Event.at, Event.step)
                         .where(Event.job.in_(jobs)).order_by(Event.seq)).all()
    by_job: dict[str, list[Timed]] = {code: [] for code in jobs}
    for row in rows:
        by_job[row.job].append(row)
    durations = [d for code in jobs if (d := step_seconds(by_job[code], position)) is not None]
    return usual_from(durations, standard_s)
