"""The supervisors' side of a job's life: assign, withdraw, check, deliver, cancel; lists.

Assignment uses the job's version for optimistic concurrency: a supervisor who assigns
from a stale board is told who changed the job first, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event, Job, JobStatus, JobType
from flat_desktop.errors import Conflict, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent
from flat_desktop.i18n import _
from flat_desktop.services import checking, job_search
from flat_desktop.services.context import Actor, require_supervisor
from flat_desktop.services.views import EventView, JobView

ASSIGNABLE = (JobStatus.RECEIVED, JobStatus.ASSIGNED, JobStatus.PAUSED)
ASSIGNED_OR_RUNNING = (JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED)
OPEN = (JobStatus.RECEIVED, JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED, JobStatus.ON_HOLD)
# The Finished lane shows today's finished jobs, and never fewer than this many of the last ones:
# jobs finished long ago and never delivered are found by search, not loaded with the board.
FINISHED_AT_LEAST = 20
SEARCH_LIMIT = 50
STATUS_NAMES = {
    JobStatus.RECEIVED: "受付",
    JobStatus.ASSIGNED: "割当済",
    JobStatus.IN_PROGRESS: "作業中",
    JobStatus.PAUSED: "休憩中",
    JobStatus.DONE: "完了",
    JobStatus.DELIVERED: "納品済",
    JobStatus.CANCELLED: "取消",
    JobStatus.ON_HOLD: "保留",
}


def _load(s: Session, code: str) -> Job:
    job = queries.job(s, code)
    if job is None:
        raise NotFound(_("There is no job {code}.").format(code=code), _("Check the job code."), reason="unknown_job")
    return job


def _name(s: Session, code: str | None) -> str:
    w = queries.worker(s, code) if code else None
    return w.name if w is not None else (code or "")


def _check_version(s: Session, job: Job, expected: int | None) -> None:
    """Conflict, naming who changed the job and what it is now, unless it is still at ``expected``."""
    if expected is None or job.version == expected:
        return
    last = s.scalars(select(Event).where(Event.job == job.code, Event.type.in_(_DECISIONS))
                     .order_by(Event.seq.desc()).limit(1)).first()
    by = _name(s, last.worker) if last is not None and last.worker else ""
    now = STATUS_NAMES.get(JobStatus(job.status), job.status)
    if not by:
        said = _("Someone else changed job {code} first: it is now {status}.").format(code=job.code, status=now)
    elif job.assignee:
        said = _("{by} changed job {code} first: it is now {status}, with {who}.").format(
            by=by, code=job.code, status=now, who=_name(s, job.assignee))
    else:
        said = _("{by} changed job {code} first: it is now {status}.").format(by=by, code=job.code, status=now)
    raise Conflict(said, _("The board shows the new state; decide again."), reason="conflict")


# what a supervisor decides about a job (the events a stale board can be overtaken by)
_DECISIONS = (EventType.JOB_ASSIGNED, EventType.JOB_UNASSIGNED, EventType.JOB_CANCELLED, EventType.JOB_CHECKED,
              EventType.JOB_DELIVERED, EventType.JOB_STARTED, EventType.JOB_FINISHED, EventType.JOB_HELD,
              EventType.JOB_RESUMED_FROM_HOLD, EventType.JOB_EDITED, EventType.JOB_REWORK)


@dataclass(frozen=True)
class Workload:
    """A worker's jobs in hand and the standard minutes of work left in them."""

    jobs: int
    minutes: int


def workloads(db: Database) -> dict[str, Workload]:
    """Per worker code: jobs assigned, running or paused, and their standard minutes still to do
    (a running job counts only the part of its steps not done yet)."""
    with db.reader() as s:
        rows = s.execute(
            select(Job.assignee, Job.id, Job.quantity, Job.current_step, JobType.setup_minutes,
                   JobType.minutes_per_unit)
            .join(JobType, Job.job_type_id == JobType.id)
            .where(Job.assignee.is_not(None), Job.status.in_([str(st) for st in ASSIGNED_OR_RUNNING]))
        ).all()
        steps = queries.step_counts(s, [r.id for r in rows])
    held: dict[str, int] = {}
    minutes: dict[str, float] = {}
    for r in rows:
        total = steps.get(r.id, 0) or 1
        left = 1.0 if not r.current_step else max(0.0, (total - r.current_step + 1) / total)
        held[r.assignee] = held.get(r.assignee, 0) + 1
        minutes[r.assignee] = minutes.get(r.assignee, 0.0) + (r.setup_minutes + r.minutes_per_unit * r.quantity) * left
    return {w: Workload(n, round(minutes[w])) for w, n in held.items()}


def assign(
    db: Database,
    actor: Actor,
    job_code: str,
    worker_code: str,
    *,
    expected_version: int | None = None,
    override_reason: str | None = None,
) -> JobView:
    """Give a job to a worker who has the job type's skill (or, with a reason, to anyone)."""
    require_supervisor(actor)
    try:
        with db.session() as s:
            job = _load(s, job_code)
            _check_version(s, job, expected_version)
            if job.status not in ASSIGNABLE:
                raise NotAllowed(
                    _("Job {code} cannot be assigned now: it is {status}.").format(
                        code=job_code, status=STATUS_NAMES.get(JobStatus(job.status), job.status)),
                    _("Only received, assigned or paused jobs can be assigned."),
                    reason="bad_status",
                )
            w = queries.worker(s, worker_code)
            if w is None or not w.active:
                raise NotFound(
                    _("There is no worker {code}.").format(code=worker_code),
                    _("Check the worker code."),
                    reason="unknown_worker",
                )
            if job.assignee == worker_code:
                raise NotAllowed(
                    _("Job {code} is already assigned to {who}.").format(code=job_code, who=worker_code),
                    _("Nothing to do."),
                    reason="already_done",
                )
            has_skill = queries.skill(s, w.id, job.job_type_id) is not None
            reason = (override_reason or "").strip()
            if not has_skill and not reason:
                raise NotAllowed(
                    _("{who} has no skill for {type}.").format(who=w.name, type=job.job_type.name),
                    _("Choose a worker with the skill, or give a reason to assign anyway."),
                    reason="no_skill",
                )
            data = {"assignee": worker_code, "previous": job.assignee}
            if not has_skill:
                data["override_reason"] = reason
            record(
                s, NewEvent(EventType.JOB_ASSIGNED, station=actor.station, worker=actor.worker, job=job_code, data=data)
            )
            s.flush()
            return JobView.of(job)
    except StaleDataError:
        raise Conflict(
            _("Someone else changed job {code} at the same moment.").format(code=job_code),
            _("The board shows the new state; decide again."),
            reason="conflict",
        ) from None


def unassign(db: Database, actor: Actor, job_code: str, *, expected_version: int | None = None) -> None:
    """Withdraw a job that has not been started from its worker."""
    require_supervisor(actor)
    with db.session() as s:
        job = _load(s, job_code)
        _check_version(s, job, expected_version)
        if job.status != JobStatus.ASSIGNED:
            raise NotAllowed(
                _("Only an assigned job that has not started can be withdrawn."),
                _("Pause the job on the station first."),
                reason="bad_status",
            )
        record(
            s,
            NewEvent(
                EventType.JOB_UNASSIGNED,
                station=actor.station,
                worker=actor.worker,
                job=job_code,
                data={"previous": job.assignee},
            ),
        )


def check(db: Database, actor: Actor, job_code: str) -> None:
    """Pass a done job's quality check (検品); the whole check, a fail included, is checking.check."""
    checking.check(db, actor, job_code, passed=True)


def deliver(db: Database, actor: Actor, job_code: str, received_by: str) -> None:
    """Deliver a done job that passed its check (see checking.deliver)."""
    checking.deliver(db, actor, job_code, received_by)


def cancel(db: Database, actor: Actor, job_code: str, reason: str) -> None:
    from flat_desktop.services import corrections  # it builds on this module's checks

    corrections.cancel(db, actor, job_code, reason)


def jobs(db: Database, actor: Actor, *, statuses: Sequence[str] = (), assignee: str | None = None,
         codes: Sequence[str] | None = None) -> list[JobView]:
    with db.reader() as s:
        views = [JobView.of(j) for j in queries.jobs(s, statuses=statuses, assignee=assignee, codes=codes)]
    return [v if actor.is_supervisor else v.redacted() for v in views]


def board_jobs(db: Database, actor: Actor, *, since: dt.datetime,
               finished_at_least: int = FINISHED_AT_LEAST) -> list[JobView]:
    """What the console board shows: every open job, the jobs finished since ``since`` (and at
    least the last ``finished_at_least``), and the jobs delivered since ``since``."""
    with db.reader() as s:
        ids = queries.board_job_ids(s, open_statuses=[str(st) for st in OPEN], since=since,
                                    finished_at_least=finished_at_least)
        views = _views(s, queries.jobs_by_id(s, sorted(ids)))
    return [v if actor.is_supervisor else v.redacted() for v in views]


def _from_web(s: Session, codes: Sequence[str]) -> set[str]:
    """Which of these jobs were ordered at the web ordering desk (their job_created says so)."""
    if not codes:
        return set()
    return {c for c in s.scalars(select(Event.job).where(
        Event.job.in_(codes), Event.type == EventType.JOB_CREATED,
        Event.data["source"].as_string() == "web")) if c}


def _views(s: Session, jobs: Sequence[Job]) -> list[JobView]:
    counts = queries.step_counts(s, [j.id for j in jobs])
    web = _from_web(s, [j.code for j in jobs])
    views = [JobView.of(j, steps_total=counts.get(j.id, 0)) for j in jobs]
    return [replace(v, from_web=True) if v.code in web else v for v in views]


@dataclass(frozen=True)
class FoundJob:
    job: JobView
    department: str
    requester: str
    worker: str = ""  # the assignee's name


def search(db: Database, actor: Actor, text: str, *, limit: int = SEARCH_LIMIT) -> list[FoundJob]:
    """Jobs of any age (newest first) matching ``text``: plain words in any of code, title,
    department, requester, worker (name or code) and job type, ``作業員:佐藤``-style terms in
    their field (``services.job_search``)."""
    query = job_search.parse(text)
    if not query:
        return []
    with db.reader() as s:
        rows = queries.jobs_search(s, query.words, query.terms, limit=limit)
        views = _views(s, [row[0] for row in rows])
        found = [FoundJob(v, dept, req, who) for v, (_j, dept, req, who) in zip(views, rows, strict=True)]
    # A confidential job matched by its title must not even show up for someone not entitled to it.
    return found if actor.is_supervisor else [f for f in found if not f.job.confidential]


def jobs_pages(db: Database, actor: Actor, *, statuses: Sequence[str] = (), page: int = 500) -> Iterator[list[JobView]]:
    """Every job in pages of ``page``, in id order, one short read per page (keyset pagination),
    so listing years of jobs holds one page in memory, not the history."""
    after = 0
    while True:
        with db.reader() as s:
            rows = queries.jobs_page(s, statuses=statuses, after_id=after, limit=page)
            if not rows:
                return
            after = rows[-1].id
            views = _views(s, rows)
        yield [v if actor.is_supervisor else v.redacted() for v in views]
        if len(views) < page:
            return


def job(db: Database, code: str) -> JobView:
    with db.reader() as s:
        view = JobView.of(_load(s, code), with_steps=True)
        return replace(view, from_web=True) if _from_web(s, [code]) else view


def events(
    db: Database,
    *,
    job: str | None = None,
    since: dt.datetime | None = None,
    after_seq: int | None = None,
    limit: int | None = None,
) -> list[EventView]:
    with db.reader() as s:
        return [EventView.of(e) for e in queries.events(s, job=job, since=since, after_seq=after_seq, limit=limit)]
