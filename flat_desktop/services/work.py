"""A worker doing a job: start by ticket, complete steps, pause, resume, finish.

Every operation checks who is acting and the job's state first and raises a FlatError
that says what to do; only then does it record events. A double press or double scan
finds the state already changed and is refused with reason ``already_done``, so nothing
is ever recorded twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from flat_desktop import codes
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import known_job, record
from flat_desktop.db.models import Job, JobStatus, JobStep, StepKind, StepState
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, MachineOutcome, NewEvent
from flat_desktop.i18n import _
from flat_desktop.services.context import Actor, require_worker
from flat_desktop.services.views import JobView

OPEN_FOR_WORKER = (JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED)
# The events after which a worker is at a (new) step: its clock starts there.
STEP_START_EVENTS = (EventType.JOB_STARTED, EventType.JOB_RESUMED, EventType.STEP_DONE)
MAX_UNITS = 1_000_000


def job_code_from_scan(raw: str) -> str:
    scan = codes.parse(raw)
    if scan is not None and scan.kind is codes.CodeKind.TICKET:
        return scan.value
    text = codes.normalise(raw)
    if codes.JOB_CODE.fullmatch(text):
        return text
    raise InvalidInput(
        _("This is not a job ticket."), _("Please scan the barcode on the job ticket."), reason="not_a_ticket"
    )


def _load(s: Session, code: str) -> Job:
    job = queries.job(s, code)
    if job is None:
        raise NotFound(_("This job is not known."), _("Please give the ticket to a supervisor."), reason="unknown_job")
    return known_job(s, job)  # the events recorded next apply to it without reading it again


def _own(job: Job, worker: str) -> None:
    if job.assignee != worker:
        if job.assignee is None:
            raise NotAllowed(
                _("This job has not been given to you yet."), _("Please ask a supervisor."), reason="not_assigned"
            )
        raise NotAllowed(
            _("This job is for someone else."), _("Please give the ticket to a supervisor."), reason="not_your_job"
        )


def _running(job: Job, worker: str) -> None:
    _own(job, worker)
    if job.status in (JobStatus.DONE, JobStatus.DELIVERED):
        raise NotAllowed(_("This job is already finished."), _("Choose your next job."), reason="already_done")
    if job.status == JobStatus.CANCELLED:
        raise NotAllowed(_("This job was cancelled."), _("Please ask a supervisor."), reason="cancelled")
    _not_held(job)
    if job.status == JobStatus.PAUSED:
        raise NotAllowed(_("This job is on a break."), _("Scan the ticket to go on."), reason="paused")
    if job.status != JobStatus.IN_PROGRESS:
        raise NotAllowed(_("This job has not started."), _("Scan the job ticket to start."), reason="not_started")


def _not_held(job: Job) -> None:
    if job.status == JobStatus.ON_HOLD:
        raise NotAllowed(_("This job is stopped for now."),
                         _("Leave the work as it is. A supervisor will tell you when to go on."), reason="on_hold")


def _current(job: Job, position: int) -> JobStep:
    step = next((st for st in job.steps if st.position == position), None)
    if step is None:
        raise NotFound(_("There is no step {n}.").format(n=position), _("Please call a supervisor."))
    if step.state == StepState.DONE:
        raise NotAllowed(_("This step is already done."), _("Go on with the next step."), reason="already_done")
    if job.current_step != position:
        raise NotAllowed(
            _("Please do the steps in order."),
            _("Do step {n} first.").format(n=job.current_step),
            reason="out_of_order",
        )
    return step


def my_jobs(db: Database, actor: Actor) -> list[JobView]:
    """The signed-in worker's open jobs, most urgent first (started ones first)."""
    worker = require_worker(actor)
    with db.reader() as s:
        jobs = [JobView.of(j) for j in queries.jobs(s, statuses=OPEN_FOR_WORKER, assignee=worker)]
    order = {JobStatus.IN_PROGRESS: 0, JobStatus.PAUSED: 1, JobStatus.ASSIGNED: 2}
    return sorted(
        jobs,
        key=lambda j: (order.get(JobStatus(j.status), 3), j.priority, j.due is None, j.due or j.started_at, j.code),
    )


def job(db: Database, actor: Actor, code: str) -> JobView:
    """One job with its steps; a confidential job's details only for its worker or a supervisor."""
    with db.reader() as s:
        j = _load(s, code)
        view = JobView.of(j, with_steps=True)
    if view.confidential and not actor.is_supervisor and view.assignee != actor.worker:
        return view.redacted()
    return view


def step_started_at(db: Database, code: str) -> dt.datetime | None:
    """When the job's current step began: its latest job_started, job_resumed or step_done.

    One query for that one event; a job's whole history grows with every break.
    """
    with db.reader() as s:
        return queries.last_event_at(s, job=code, types=STEP_START_EVENTS)


def worked(s: Session, j: Job) -> JobView:
    """The job as the worker's station shows it: its steps and when the current step began,
    read in the same transaction as the change just made."""
    s.flush()
    view = JobView.of(j, with_steps=True)
    return replace(view, step_started_at=queries.last_event_at(s, job=j.code, types=STEP_START_EVENTS))


def start(db: Database, actor: Actor, raw_ticket: str) -> JobView:
    """Start (or go back to) the job on a scanned ticket. Returns it with its steps.

    Scanning the ticket of one's own running job again just returns it (no new event).
    """
    worker = require_worker(actor)
    code = job_code_from_scan(raw_ticket)
    with db.session() as s:
        j = _load(s, code)
        _own(j, worker)
        if j.status in (JobStatus.DONE, JobStatus.DELIVERED):
            raise NotAllowed(_("This job is already finished."), _("Choose your next job."), reason="already_done")
        if j.status == JobStatus.CANCELLED:
            raise NotAllowed(_("This job was cancelled."), _("Please ask a supervisor."), reason="cancelled")
        _not_held(j)
        if j.status == JobStatus.ASSIGNED or j.status == JobStatus.RECEIVED:
            record(s, NewEvent(EventType.JOB_STARTED, station=actor.station, worker=worker, job=code))
        elif j.status == JobStatus.PAUSED:
            record(s, NewEvent(EventType.JOB_RESUMED, station=actor.station, worker=worker, job=code))
        return worked(s, j)


def complete_step(
    db: Database, actor: Actor, code: str, position: int, *, count: int | None = None, prompt_level: str | None = None
) -> JobView:
    """Mark the current step done. Count steps need ``count``; a machine step also stops the
    machine (``machine_stopped``, outcome ok, units = count or the step's target)."""
    worker = require_worker(actor)
    with db.session() as s:
        j = _load(s, code)
        _running(j, worker)
        st = _current(j, position)
        data: dict[str, object] = {}
        if prompt_level:
            data["prompt_level"] = prompt_level
        if st.kind == StepKind.COUNT:
            if count is None:
                raise InvalidInput(_("Please count first."), _("Enter how many you did."), reason="no_count")
            data["count"] = _units(count)
        if st.kind == StepKind.SCAN:
            raise InvalidInput(
                _("Please scan the code for this step."), _("Scan the label at the place."), reason="needs_scan"
            )
        if st.kind == StepKind.MACHINE:
            # Not started yet, or stopped by a jam or fault: the machine is scanned (again) first.
            if not st.machine or j.machine_in_use != st.machine:
                raise InvalidInput(
                    _("Please scan the machine's label first."),
                    _("Scan the barcode on the machine."),
                    reason="needs_machine",
                )
            # The step's count is the machine's own (a copier's sheets); the stop records what
            # earlier stops of the step (a jam) did not.
            total = _units(count if count is not None else (st.target or 0))
            units = run_units(s, code, position, counted=total)
            data["count"] = total
            data["machine"] = st.machine
            record(
                s,
                NewEvent(
                    EventType.MACHINE_STOPPED,
                    station=actor.station,
                    worker=worker,
                    job=code,
                    step=position,
                    machine=st.machine,
                    data={"units": units, "outcome": MachineOutcome.OK.value},
                ),
            )
        record(
            s, NewEvent(EventType.STEP_DONE, station=actor.station, worker=worker, job=code, step=position, data=data)
        )
        return worked(s, j)


def scan_at_step(
    db: Database, actor: Actor, code: str, position: int, raw: str, prompt_level: str | None = None
) -> JobView:
    """A scan step (e.g. a mail-route stop): done by scanning the expected code."""
    worker = require_worker(actor)
    with db.session() as s:
        j = _load(s, code)
        _running(j, worker)
        st = _current(j, position)
        if st.kind != StepKind.SCAN:
            raise InvalidInput(
                _("This step needs no scan."), _("Press Done when the step is finished."), reason="no_scan_needed"
            )
        scan = codes.parse(raw)
        if scan is None or scan.payload != st.expected_code:
            raise InvalidInput(
                _("This is not the right place."), _("Please find the label for this step."), reason="wrong_code"
            )
        data: dict[str, object] = {"scanned": scan.payload}
        if prompt_level:
            data["prompt_level"] = prompt_level
        record(
            s, NewEvent(EventType.STEP_DONE, station=actor.station, worker=worker, job=code, step=position, data=data)
        )
        return worked(s, j)


def pause(db: Database, actor: Actor, code: str, reason: str = "break") -> None:
    worker = require_worker(actor)
    with db.session() as s:
        j = _load(s, code)
        _running(j, worker)
        record(
            s,
            NewEvent(
                EventType.JOB_PAUSED,
                station=actor.station,
                worker=worker,
                job=code,
                step=j.current_step,
                data={"reason": reason},
            ),
        )


def resume(db: Database, actor: Actor, code: str) -> JobView:
    worker = require_worker(actor)
    with db.session() as s:
        j = _load(s, code)
        _own(j, worker)
        if j.status != JobStatus.PAUSED:
            raise NotAllowed(_("This job is not on a break."), _("Go on with the step."), reason="not_paused")
        record(s, NewEvent(EventType.JOB_RESUMED, station=actor.station, worker=worker, job=code))
        return worked(s, j)


def finish(
    db: Database, actor: Actor, code: str, raw_ticket: str, *, units: int | None = None, spoiled: int = 0
) -> JobView:
    """Finish a job whose steps are all done, confirmed by scanning its own ticket."""
    worker = require_worker(actor)
    with db.session() as s:
        j = _load(s, code)
        _running(j, worker)
        if job_code_from_scan(raw_ticket) != code:
            raise InvalidInput(
                _("This is the ticket of another job."), _("Scan the ticket of this job."), reason="wrong_ticket"
            )
        left = [st.position for st in j.steps if st.state != StepState.DONE]
        if left:
            raise NotAllowed(
                _("Some steps are not done yet."), _("Do step {n} first.").format(n=left[0]), reason="steps_left"
            )
        done = _units(j.quantity if units is None else units)
        spoiled = _units(spoiled)
        if spoiled > done:
            raise InvalidInput(
                _("More spoiled pieces than pieces done."), _("Check the numbers again."), reason="bad_spoiled"
            )
        record(
            s,
            NewEvent(
                EventType.JOB_FINISHED,
                station=actor.station,
                worker=worker,
                job=code,
                data={"units": done, "spoiled": spoiled},
            ),
        )
        return worked(s, j)


def run_units(s: Session, code: str, position: int, *, units: int | None = None, counted: int | None = None) -> int:
    """The units of one machine run: given, or the step's count so far less what earlier stops
    of the step recorded (never below 0)."""
    if counted is not None:
        return max(0, _units(counted) - queries.machine_units(s, job=code, step=position))
    return _units(units or 0)


def _units(n: int) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > MAX_UNITS:
        raise InvalidInput(
            _("The number {n} is not possible.").format(n=n), _("Enter the number again."), reason="bad_number"
        )
    return n
