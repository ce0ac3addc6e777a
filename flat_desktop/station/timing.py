"""Step durations from event timestamps only (a pause, a sleep or a crash cannot corrupt them)."""

from __future__ import annotations

import datetime as dt

from flat_desktop.services.views import StepView

STUCK_FACTOR = 3.0
BASE_STEP_S = 120.0  # a plain step's standard time
PER_UNIT_S = 2.0  # count and machine steps: standard time grows with the target


def standard_seconds(step: StepView) -> float:
    if step.kind in ("count", "machine") and step.target:
        return max(BASE_STEP_S, step.target * PER_UNIT_S)
    return BASE_STEP_S


def aware(at: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive UTC; PostgreSQL and the station's clock give aware times."""
    if at is not None and at.tzinfo is None:
        return at.replace(tzinfo=dt.UTC)
    return at


def is_stuck(started: dt.datetime | None, now: dt.datetime, usual_s: float) -> bool:
    started = aware(started)
    if started is None:
        return False
    return (now - started).total_seconds() > STUCK_FACTOR * usual_s
