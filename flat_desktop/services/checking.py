"""Quality check (検品) and delivery (納品) of a done job.

A supervisor sees what the worker recorded (units done, spoiled, the machines used, the time
worked against the job type's standard time, who did it) and passes or fails the job with the
count they saw and a note. A fail sends the job back as rework (``job_rework``): the steps to
redo are pending again and the job is assigned to the same worker or another, with the note the
station shows and says. A job is delivered only after a passed check, unless its type waives
the check (the rounds); the receiver is one of the ordering department's people, or a name typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record, work_time
from flat_desktop.db.models import Event, Job, JobStatus, Machine, Requester
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent
from flat_desktop.i18n import _
from flat_desktop.services.context import Actor, require_supervisor
from flat_desktop.services.views import JobView

NOTE_MAX = 200  # a note is read aloud at the station: a sentence or two
RECEIVER_MAX = 100  # jobs.delivered_to


@dataclass(frozen=True)
class MachineUse:
    """One machine's part in a job: its runs, the units it counted and its jams."""

    code: str
    name: str
    runs: int
    units: int
    jams: int


@dataclass(frozen=True)
class CheckRecord:
    """An earlier check of the job."""

    at: dt.datetime
    by: str  # the supervisor's name
    passed: bool
    seen: int | None
    note: str


@dataclass(frozen=True)
class CheckSheet:
    """What the check dialog shows of a done job."""

    job: JobView
    workers: tuple[str, ...]  # the names of those who did its steps, the assignee first
    units_done: int | None
    spoiled: int | None
    machines: tuple[MachineUse, ...]
    worked_minutes: float | None  # steps' working time from the events (breaks not counted)
    standard_minutes: float  # the job type's setup + minutes per unit × quantity
    checks: tuple[CheckRecord, ...]  # earlier checks, oldest first
    passed: bool  # a passed check stands: the job can be delivered
    waived: bool  # its type is delivered without a check

    @property
    def deliverable(self) -> bool:
        return self.job.status == JobStatus.DONE and (self.passed or self.waived)


@dataclass(frozen=True)
class Receiver:
    """Someone of the ordering department who may receive the delivery (the requester first)."""

    name: str
    kana: str
    requester_id: int | None = None


def _load(s: Session, code: str) -> Job:
    job = queries.job(s, code)
    if job is None:
        raise NotFound(_("There is no job {code}.").format(code=code), _("Check the job code."), reason="unknown_job")
    return job


def _names(s: Session, codes: Iterable[str | None]) -> dict[str, str]:
    wanted = {c for c in codes if c}
    return {w.code: w.name for c in wanted if (w := queries.worker(s, c)) is not None}


def worked_seconds(events: Sequence[Event]) -> float | None:
    """Working time from a job's events in log order, by the ledger's work clock (the same time
    the reports sum); None when the clock never ran."""
    return work_time((e.type, e.at) for e in events)[1]


def _machines(s: Session, events: Sequence[Event]) -> tuple[MachineUse, ...]:
    runs: dict[str, list[int]] = {}  # code -> [runs, units, jams]
    for e in events:
        if e.type == EventType.MACHINE_STOPPED and e.machine:
            r = runs.setdefault(e.machine, [0, 0, 0])
            r[0] += 1
            r[1] += int(e.data.get("units", 0) or 0)
            r[2] += e.data.get("outcome") == "jam"
        elif e.type == EventType.MACHINE_STARTED and e.machine:
            runs.setdefault(e.machine, [0, 0, 0])
    if not runs:
        return ()
    names = {m.code: m.name for m in s.scalars(select(Machine).where(Machine.code.in_(runs)))}
    return tuple(MachineUse(code, names.get(code, code), *r) for code, r in sorted(runs.items()))


def _checks(s: Session, events: Sequence[Event]) -> tuple[CheckRecord, ...]:
    made = [e for e in events if e.type == EventType.JOB_CHECKED]
    names = _names(s, (e.worker for e in made))
    return tuple(CheckRecord(e.at, names.get(e.worker or "", e.worker or "admin"), bool(e.data.get("passed", True)),
                             e.data.get("seen"), e.data.get("note", "")) for e in made)


def sheet(db: Database, actor: Actor, code: str) -> CheckSheet:
    """What the worker recorded for job ``code``, for the supervisor who checks it."""
    require_supervisor(actor)
    with db.reader() as s:
        job = _load(s, code)
        events = queries.events(s, job=code)
        # Since the last rework: the work being checked now, not the work sent back.
        last_rework = max((i for i, e in enumerate(events) if e.type == EventType.JOB_REWORK), default=-1)
        doers = [job.assignee, *(st.done_by for st in job.steps)]
        names = _names(s, doers)
        workers = tuple(dict.fromkeys(names[c] for c in doers if c in names))
        worked = worked_seconds(events[last_rework + 1:])
        jt = job.job_type
        return CheckSheet(
            job=JobView.of(job, with_steps=True),
            workers=workers,
            units_done=job.units_done,
            spoiled=job.spoiled,
            machines=_machines(s, events[last_rework + 1:]),
            worked_minutes=None if worked is None else worked / 60,
            standard_minutes=jt.setup_minutes + jt.minutes_per_unit * job.quantity,
            checks=_checks(s, events),
            passed=job.checked_by is not None,
            waived=jt.check_waived,
        )


def _seen(seen: int | None) -> int | None:
    if seen is None:
        return None
    if isinstance(seen, bool) or not isinstance(seen, int) or seen < 0 or seen > 10_000_000:
        raise InvalidInput(_("The count seen must be a whole number, 0 or more."),
                           _("Write how many you counted."), field="seen", reason="bad_count")
    return seen


# The note is shown with furigana: characters of the ruby markup are written as full-width ones.
_NOT_MARKUP = str.maketrans({"{": "｛", "}": "｝", "|": "｜"})


def _note(note: str) -> str:
    note = " ".join((note or "").split()).translate(_NOT_MARKUP)
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("The note is too long ({n} characters; at most {max}).").format(n=len(note), max=NOTE_MAX),
                           _("Say it in a sentence or two."), field="note", reason="too_long")
    return note


def check(db: Database, actor: Actor, code: str, *, passed: bool, seen: int | None = None, note: str = "",
          redo_steps: Sequence[int] | None = None, rework_to: str | None = None) -> JobView:
    """Record the check of a done job. A fail needs a note (what to redo), sends the job back
    to ``rework_to`` (default: who did it) with ``redo_steps`` pending again (default: every step)."""
    require_supervisor(actor)
    seen = _seen(seen)
    note = _note(note)
    if not passed and not note:
        raise InvalidInput(_("Say what must be redone."), _("Write a short note for the worker."),
                           field="note", reason="no_note")
    with db.session() as s:
        job = _load(s, code)
        if job.status != JobStatus.DONE:
            raise NotAllowed(_("Job {code} is not done, so it cannot be checked.").format(code=code),
                             _("Wait until the worker finishes it."), reason="bad_status")
        checked = {"passed": passed, "seen": seen, "note": note}
        if passed:
            record(s, NewEvent(EventType.JOB_CHECKED, station=actor.station, worker=actor.worker, job=code,
                               data=checked))
            s.flush()
            return JobView.of(job)
        positions = [st.position for st in job.steps]
        steps = sorted(set(redo_steps)) if redo_steps else positions
        if not steps or any(p not in positions for p in steps):
            raise InvalidInput(_("Choose the steps to redo (1 to {n}).").format(n=len(positions)),
                               _("Tick at least one step of this job."), field="steps", reason="bad_steps")
        to = (rework_to or job.assignee or "").strip()
        w = queries.worker(s, to) if to else None
        if w is None or not w.active:
            raise NotFound(_("There is no worker {code} to redo the job.").format(code=to or "-"),
                           _("Choose who redoes it."), reason="unknown_worker")
        record(s, NewEvent(EventType.JOB_CHECKED, station=actor.station, worker=actor.worker, job=code,
                           data=checked))
        record(s, NewEvent(EventType.JOB_REWORK, station=actor.station, worker=actor.worker, job=code,
                           data={"assignee": to, "previous": job.assignee, "steps": steps, "note": note}))
        s.flush()
        return JobView.of(job)


def receivers(db: Database, code: str) -> list[Receiver]:
    """Who may receive job ``code``: its order's requester first, then the other people of the
    ordering department (empty for a job without an order, such as a round)."""
    with db.reader() as s:
        job = _load(s, code)
        order = job.order
        if order is None:
            return []
        dept = order.department_id or (order.requester.department_id if order.requester else None)
        people = s.scalars(select(Requester).where(Requester.department_id == dept).order_by(Requester.id)).all() \
            if dept is not None else []
        first = [r for r in people if r.id == order.requester_id]
        return [Receiver(r.name, r.kana, r.id) for r in (*first, *(r for r in people if r.id != order.requester_id))]


def refusal(db: Database, code: str) -> NotAllowed | None:
    """Why job ``code`` cannot be delivered now (None when it can)."""
    with db.reader() as s:
        return _refusal(_load(s, code))


def _refusal(job: Job) -> NotAllowed | None:
    if job.status == JobStatus.DELIVERED:
        return NotAllowed(_("Job {code} is already delivered.").format(code=job.code), _("Nothing to do."),
                          reason="already_done")
    if job.status != JobStatus.DONE:
        return NotAllowed(_("Job {code} is not done, so it cannot be delivered.").format(code=job.code),
                          _("Wait until the worker finishes it, then check it."), reason="bad_status")
    if job.checked_by is None and not job.job_type.check_waived:
        return NotAllowed(_("Job {code} has not passed its check.").format(code=job.code),
                          _("Check it first (C): pass it, or send it back for rework."), reason="not_checked")
    return None


def deliver(db: Database, actor: Actor, code: str, received_by: str, *, requester_id: int | None = None) -> JobView:
    """Hand a done, checked job (or one whose type waives the check) to ``received_by``."""
    require_supervisor(actor)
    received_by = " ".join((received_by or "").split())
    if not received_by:
        raise InvalidInput(_("Who received the delivery?"), _("Choose the person or write their name."),
                           field="received_by", reason="no_receiver")
    if len(received_by) > RECEIVER_MAX:
        raise InvalidInput(_("The name is too long ({n} characters; at most {max}).").format(
            n=len(received_by), max=RECEIVER_MAX), _("Write the person's name only."), field="received_by",
            reason="too_long")
    with db.session() as s:
        job = _load(s, code)
        refused = _refusal(job)
        if refused is not None:
            raise refused
        data: dict[str, object] = {"to": received_by, "checked_by": job.checked_by}
        if requester_id is not None:
            data["requester_id"] = requester_id
        record(s, NewEvent(EventType.JOB_DELIVERED, station=actor.station, worker=actor.worker, job=code, data=data))
        s.flush()
        return JobView.of(job)
