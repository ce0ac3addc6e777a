"""Who is at the station on a day: each worker's usual weekdays, less their days off.

Part-time staff (会計年度任用職員) work set weekdays; leave, training and hospital days are
days off. Route runs are assigned only to workers scheduled that day (services.routes).
Every change is recorded as a ``master_changed`` event with what was set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Role, Worker, WorkerDayOff
from flat_desktop.errors import InvalidInput, NotFound
from flat_desktop.events import EventType, NewEvent
from flat_desktop.i18n import _
from flat_desktop.services.context import Actor, require_supervisor

REASON_MAX = 200


@dataclass(frozen=True)
class ScheduleView:
    """A worker's schedule: usual weekdays (0 = Monday) and the days off from ``since`` on."""

    code: str
    name: str
    weekdays: tuple[int, ...]
    days_off: tuple[tuple[dt.date, str], ...]


def on_duty(s: Session, day: dt.date) -> list[str]:
    """Codes of the active workers scheduled on ``day``: it is one of their weekdays and not a day off."""
    off = set(s.scalars(select(WorkerDayOff.worker_id).where(WorkerDayOff.day == day)))
    return [w.code for w in queries.workers(s)
            if w.role == Role.WORKER and day.weekday() in (w.weekdays or ()) and w.id not in off]


def scheduled(db: Database, day: dt.date) -> list[str]:
    with db.reader() as s:
        return on_duty(s, day)


def _worker(s: Session, code: str) -> Worker:
    w = queries.worker(s, code)
    if w is None or not w.active:
        raise NotFound(_("There is no worker {code}.").format(code=code), _("Check the worker code."))
    return w


def schedule(db: Database, code: str, *, since: dt.date | None = None) -> ScheduleView:
    with db.reader() as s:
        return _view(s, _worker(s, code), since)


def set_weekdays(db: Database, actor: Actor, code: str, weekdays: Sequence[int]) -> ScheduleView:
    """The weekdays ``code`` usually works (0 = Monday ... 6 = Sunday)."""
    require_supervisor(actor)
    days = sorted(set(weekdays))
    if any(not isinstance(d, int) or not 0 <= d <= 6 for d in days):
        raise InvalidInput(_("The weekdays are not valid."), _("Give weekdays as numbers 0 (Monday) to 6 (Sunday)."),
                           field="weekdays")
    with db.session() as s:
        w = _worker(s, code)
        w.weekdays = days
        record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                           data={"what": "schedule", "of": w.code, "weekdays": days}))
        return _view(s, w)


def set_day_off(db: Database, actor: Actor, code: str, day: dt.date, *, off: bool = True,
                reason: str = "") -> ScheduleView:
    """Mark ``day`` as a day off for ``code`` (``off=False``: they come in after all). Setting
    what is already set changes nothing and records nothing."""
    require_supervisor(actor)
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX:
        raise InvalidInput(_("The reason is too long."), _("Use at most {n} characters.").format(n=REASON_MAX),
                           field="reason")
    with db.session() as s:
        w = _worker(s, code)
        row = s.scalars(select(WorkerDayOff).where(WorkerDayOff.worker_id == w.id,
                                                   WorkerDayOff.day == day)).one_or_none()
        if off == (row is not None):
            return _view(s, w, day)  # already so: a second press records nothing
        if off:
            s.add(WorkerDayOff(worker_id=w.id, day=day, reason=reason))
        else:
            s.delete(row)
        record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                           data={"what": "day_off", "of": w.code, "day": day.isoformat(), "off": off,
                                 "reason": reason}))
        s.flush()
        return _view(s, w, day)


def _view(s: Session, w: Worker, since: dt.date | None = None) -> ScheduleView:
    q = select(WorkerDayOff).where(WorkerDayOff.worker_id == w.id)
    if since is not None:
        q = q.where(WorkerDayOff.day >= since)
    offs = s.scalars(q.order_by(WorkerDayOff.day)).all()
    return ScheduleView(w.code, w.name, tuple(w.weekdays or ()), tuple((o.day, o.reason) for o in offs))
