"""A supervisor corrects an open job: cancel it, put it on hold and resume it, or edit it.

Each is one event (``job_cancelled``, ``job_held``, ``job_resumed_from_hold``, ``job_edited``)
and, like assignment, takes the version the supervisor saw: a job someone changed first is
refused with who did what (``board._check_version``). A job on hold is neither started nor
worked on nor assigned until it is resumed.

An edit changes the job and its order. When the quantity or a spec value changes, the steps
are made again from the job type's templates (``orders.step_rows``, values filled in and
conditions applied) for every step the worker has not done: done steps stay as they were,
and the step the worker is on shows the new figures. The ticket, the screen and the voice
all read the one stored step text, so a reprinted ticket says what the station says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flat_desktop import spec
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Job, JobStatus, JobStep, Order, StepState
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, MachineOutcome, NewEvent, utcnow
from flat_desktop.i18n import _
from flat_desktop.services.board import STATUS_NAMES, _check_version, _load
from flat_desktop.services.context import Actor, require_supervisor
from flat_desktop.services.names import reading_of
from flat_desktop.services.orders import MAX_QUANTITY, _check_plausible, _printable, step_rows
from flat_desktop.services.views import JobView

HOLDABLE = (JobStatus.RECEIVED, JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED)
EDITABLE = (*HOLDABLE, JobStatus.ON_HOLD)
FINISHED = (JobStatus.DONE, JobStatus.DELIVERED, JobStatus.CANCELLED)


@dataclass(frozen=True)
class JobEdit:
    """What a supervisor changes; None leaves a value as it is. ``spec`` names only the values
    that change; ``no_due`` takes the due time away."""

    title: str | None = None
    reading: str | None = None  # of a new title; empty: proposed
    due: dt.datetime | None = None
    no_due: bool = False
    quantity: int | None = None
    spec: dict[str, Any] | None = None
    priority: int | None = None
    confidential: bool | None = None

    @property
    def empty(self) -> bool:
        return (self.title is None and self.due is None and not self.no_due and self.quantity is None
                and not self.spec and self.priority is None and self.confidential is None)


def _status(job: Job) -> str:
    return STATUS_NAMES.get(JobStatus(job.status), job.status)


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput(what, _("Write a short reason."), field="reason")
    if len(reason) > 500:
        raise InvalidInput(_("The reason is too long."), _("Shorten it to 500 characters."), field="reason")
    return reason


def _event(s: Session, actor: Actor, kind: EventType, job: Job, data: dict[str, Any]) -> None:
    record(s, NewEvent(kind, station=actor.station, worker=actor.worker, job=job.code, step=job.current_step,
                       data=data))


def _free_machine(s: Session, actor: Actor, job: Job, why: str) -> None:
    """A machine running for the job stops with it (logged as a stop with what it was for), so it
    is free for other work; the worker scans it again when the job goes on."""
    if job.machine_in_use:
        record(s, NewEvent(EventType.MACHINE_STOPPED, station=actor.station, worker=actor.worker, job=job.code,
                           step=job.current_step, machine=job.machine_in_use,
                           data={"units": 0, "outcome": MachineOutcome.OK.value, "stopped_by": why}))


def job_of_order(db: Database, order_code: str) -> str:
    """The code of the job an order became (the order history corrects orders through their job)."""
    with db.reader() as s:
        code = s.scalars(select(Job.code).join(Order, Job.order_id == Order.id)
                         .where(Order.code == order_code)).first()
    if code is None:
        raise NotFound(_("There is no order {code}.").format(code=order_code), _("Search the order history."),
                       reason="unknown_order")
    return code


def cancel(db: Database, actor: Actor, job_code: str, reason: str, *, expected_version: int | None = None) -> None:
    """Cancel a job that is not finished (the worker's station tells them to leave what they made)."""
    require_supervisor(actor)
    reason = _reason(reason, _("Say why the job is cancelled."))
    with db.session() as s:
        job = _load(s, job_code)
        _check_version(s, job, expected_version)
        if job.status == JobStatus.CANCELLED:
            raise NotAllowed(_("Job {code} is already cancelled.").format(code=job_code), _("Nothing to do."),
                             reason="bad_status")
        if job.status in FINISHED:
            raise NotAllowed(_("A finished job cannot be cancelled."), _("Nothing to do."), reason="bad_status")
        _free_machine(s, actor, job, "job_cancelled")
        _event(s, actor, EventType.JOB_CANCELLED, job,
               {"reason": reason, "previous": job.status, "assignee": job.assignee})


def hold(db: Database, actor: Actor, job_code: str, reason: str, *, expected_version: int | None = None) -> None:
    """Stop a job until it is resumed (a question to the requester, paper that has not come)."""
    require_supervisor(actor)
    reason = _reason(reason, _("Say why the job is put on hold."))
    with db.session() as s:
        job = _load(s, job_code)
        _check_version(s, job, expected_version)
        if job.status not in HOLDABLE:
            raise NotAllowed(
                _("Job {code} cannot be put on hold: it is {status}.").format(code=job_code, status=_status(job)),
                _("Only a job that is not finished and not on hold can be put on hold."), reason="bad_status")
        _free_machine(s, actor, job, "job_held")
        _event(s, actor, EventType.JOB_HELD, job, {"reason": reason, "previous": job.status,
                                                   "assignee": job.assignee})


def resume(db: Database, actor: Actor, job_code: str, *, expected_version: int | None = None) -> None:
    """A job on hold goes on: back to received or assigned, or, when it had started, waiting for
    its worker as after a break."""
    require_supervisor(actor)
    with db.session() as s:
        job = _load(s, job_code)
        _check_version(s, job, expected_version)
        if job.status != JobStatus.ON_HOLD:
            raise NotAllowed(
                _("Job {code} is not on hold: it is {status}.").format(code=job_code, status=_status(job)),
                _("Only a job on hold can be resumed."), reason="bad_status")
        _event(s, actor, EventType.JOB_RESUMED_FROM_HOLD, job, {"assignee": job.assignee})


def _checked_values(edit: JobEdit, now: dt.datetime) -> None:
    if edit.title is not None:
        title = edit.title.strip()
        if not title:
            raise InvalidInput(_("The title is empty."), _("Write what the job is, e.g. the meeting's name."),
                               field="title")
        if len(title) > 200:
            raise InvalidInput(_("The title is too long."), _("Shorten it to 200 characters."), field="title")
        _printable("title", title)
    if edit.quantity is not None and (isinstance(edit.quantity, bool) or not isinstance(edit.quantity, int)
                                      or not 1 <= edit.quantity <= MAX_QUANTITY):
        raise InvalidInput(_("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY),
                           _("Enter the number of pieces."), field="quantity")
    if edit.priority is not None and edit.priority not in (1, 2, 3):
        raise InvalidInput(_("Priority is 1 (urgent), 2 (normal) or 3 (low)."), _("Choose a priority."),
                           field="priority")
    if edit.due is not None:
        if edit.due.tzinfo is None:
            raise InvalidInput(_("The due time has no time zone."), _("Give the due time with its zone."), field="due")
        if edit.due < now - dt.timedelta(minutes=1):
            raise InvalidInput(_("The due time is in the past."), _("Choose a later due time."), field="due")


def _changes(s: Session, job: Job, edit: JobEdit, confirmed: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """What differs from the job now: (new values, old values), keyed as job_edited stores them."""
    new: dict[str, Any] = {}
    old: dict[str, Any] = {}

    def put(key: str, now: Any, then: Any) -> None:
        if now != then:
            new[key], old[key] = now, then

    if edit.title is not None:
        title = edit.title.strip()
        if title != job.title:
            put("title", title, job.title)
            put("reading", reading_of(title, edit.reading or ""), job.reading)
    if edit.no_due:
        put("due", None, job.due_at.isoformat() if job.due_at else None)
    elif edit.due is not None and edit.due != job.due_at:
        put("due", edit.due.isoformat(), job.due_at.isoformat() if job.due_at else None)
    if edit.quantity is not None:
        put("quantity", edit.quantity, job.quantity)
    if edit.spec:
        values = spec.validate(job.job_type.spec, {**job.spec_values, **edit.spec})
        for key, value in edit.spec.items():
            if isinstance(value, str):
                _printable(key, value)
        put("spec", values, dict(job.spec_values))
    if edit.priority is not None:
        put("priority", edit.priority, job.priority)
    if edit.confidential is not None:
        put("confidential", bool(edit.confidential), job.confidential)
    if job.route_code and ({"quantity", "spec"} & set(new)):
        raise NotAllowed(_("A scheduled round's quantity and spec come from its route."),
                         _("Change the route, or change only the title, due time or priority."), reason="route_job")
    if "quantity" in new and not confirmed:
        _check_plausible(s, job.job_type, new["quantity"])
    return new, old


def _pending_rows(job: Job, rows: list[dict[str, Any]]) -> tuple[int, list[dict[str, Any]]]:
    """The first step to replace and its new rows, numbered on from the last done step. The new
    list is taken up where the worker is: at the step they are on (found by its kind and title),
    else after the last one they did, else at the same place. A step the change adds before that
    place is not added (the worker is past it); a step it takes away there is gone."""
    done = [st for st in job.steps if st.state == StepState.DONE]
    last = max((st.position for st in done), default=0)

    def found(st: JobStep) -> int | None:
        same = [i for i, r in enumerate(rows) if r["kind"] == st.kind and r["title"] == st.title]
        return min(same, key=lambda i: abs(i - (st.position - 1))) if same else None

    start = last
    if done:
        on = next((st for st in job.steps if st.position == last + 1), None)
        at_current = found(on) if on is not None else None
        after_done = found(next(st for st in done if st.position == last))
        if at_current is not None:
            start = at_current
        elif after_done is not None:
            start = after_done + 1
    old = {st.position: st for st in job.steps}
    fresh: list[dict[str, Any]] = []
    for n, row in enumerate(rows[start:], last + 1):
        row = {**row, "position": n}
        was: JobStep | None = old.get(n)
        # A machine already scanned for the step the worker is on stays scanned.
        if (was is not None and was.machine and was.kind == row["kind"]
                and was.machine_type == row["machine_type"]):
            row["machine"] = was.machine
        fresh.append(row)
    return last + 1, fresh


def edit(db: Database, actor: Actor, job_code: str, changes: JobEdit, *, expected_version: int | None = None,
         now: dt.datetime | None = None, confirmed: bool = False) -> JobView:
    """Change an open job (and its order). Raises NeedsConfirmation for a quantity far outside the
    type's usual range unless ``confirmed``; nothing is saved then."""
    require_supervisor(actor)
    now = now or utcnow()
    if changes.empty:
        raise InvalidInput(_("Nothing to change."), _("Give a new title, due time, quantity, spec value, "
                                                      "priority or confidentiality."), reason="nothing_changed")
    _checked_values(changes, now)
    with db.session() as s:
        job = _load(s, job_code)
        _check_version(s, job, expected_version)
        if job.status not in EDITABLE:
            raise NotAllowed(
                _("Job {code} cannot be changed now: it is {status}.").format(code=job_code, status=_status(job)),
                _("Place a new order instead (reorder)."), reason="bad_status")
        new, old = _changes(s, job, changes, confirmed)
        if not new:
            raise NotAllowed(_("Nothing changes: the job already has these values."), _("Nothing to do."),
                             reason="already_done")
        data: dict[str, Any] = {"changes": new, "before": old}
        if {"quantity", "spec"} & set(new):
            rows = step_rows(job.job_type, new.get("spec", job.spec_values), new.get("quantity", job.quantity))
            data["from_step"], data["steps"] = _pending_rows(job, rows)
            kept = {r["position"]: r.get("machine") for r in data["steps"]}
            if job.machine_in_use and job.current_step in kept and kept[job.current_step] != job.machine_in_use:
                _free_machine(s, actor, job, "job_edited")  # its step is gone or another now
        _event(s, actor, EventType.JOB_EDITED, job, data)
        s.flush()
        return JobView.of(job, with_steps=True)
