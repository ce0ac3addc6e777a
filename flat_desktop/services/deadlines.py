"""Which open jobs are late or at risk of being late, judged by the job type's standard time.

A job is *overdue* when its due time has passed and it is not finished; *at risk* when the
standard minutes its steps still need do not fit in the time left before it is due.
"""

from __future__ import annotations

import datetime as dt

from flat_desktop.db.models import JobStatus
from flat_desktop.services.views import JobView

OVERDUE = "overdue"
AT_RISK = "at_risk"
OPEN = (JobStatus.RECEIVED, JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED)


def share_left(j: JobView) -> float:
    """The part of the job's work still to do: all of it until started, then the steps not done
    (the current step counts as not done)."""
    if not j.current_step or not j.steps_total:
        return 1.0
    return max(0.0, min(1.0, (j.steps_total - j.current_step + 1) / j.steps_total))


def risk(j: JobView, standard_minutes: float, now: dt.datetime) -> str | None:
    """OVERDUE, AT_RISK or None for a job whose whole standard time is ``standard_minutes``."""
    if j.due is None or j.status not in OPEN:
        return None
    if j.due <= now:
        return OVERDUE
    left = dt.timedelta(minutes=standard_minutes * share_left(j))
    return AT_RISK if now + left > j.due else None
