"""The ledger: store an event and apply it to the current-state tables, in one transaction.

This is the only code that changes jobs, job steps, help calls and machine use. The
services decide *whether* something may happen; the ledger records *that* it happened.
Replaying every event through ``apply`` on empty state tables gives the same state
(see ``rebuild``), which is also how events that arrive late from an offline station
converge: ``record`` ignores an event whose id is already stored.

On PostgreSQL a station's events are applied by ``flat_station_record`` in ``station.sql``,
which mirrors ``apply`` for the event types a station makes: change both together
(tests/sync/test_station_function.py compares them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import delete, event, func, select, update
from sqlalchemy.orm import Session

from flat_desktop.db.models import (
    Counter,
    Event,
    HelpCall,
    Job,
    JobStatus,
    JobStep,
    Machine,
    Order,
    OrderRow,
    StepState,
    Worker,
)
from flat_desktop.events import EventType, NewEvent, utcnow

SEQ = "event_seq"
# PostgreSQL channel on which every committed transaction that recorded events says its last seq.
CHANNEL = "flat_events"


def next_value(s: Session, name: str) -> int:
    """Increment a named counter and return the new value (row-locked until commit)."""
    # On the session's connection, not s.execute: no autoflush for every event.
    value = (
        s.connection()
        .execute(update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value))
        .scalar_one_or_none()
    )
    if value is None:
        s.add(Counter(name=name, value=1))
        s.flush()
        value = 1
    return int(value)


def next_seq(s: Session) -> int:
    """The next event sequence number. The first call in a transaction locks the counter row
    (so sequence numbers follow commit order across PCs); later calls count on locally and
    the last value is written back just before commit."""
    cached = s.info.get("seq")
    value = next_value(s, SEQ) if cached is None else cached + 1
    s.info["seq"] = value
    return value


@event.listens_for(Session, "before_commit")
def _write_back_seq(s: Session) -> None:
    value = s.info.pop("seq", None)
    if value is not None:
        conn = s.connection()
        conn.execute(update(Counter).where(Counter.name == SEQ).values(value=value))
        if conn.dialect.name == "postgresql":
            # NOTIFY is queued by the transaction and delivered only at commit, so a listener
            # never wakes before the events are visible; one per transaction, the last seq.
            conn.execute(select(func.pg_notify(CHANNEL, str(value))))


@event.listens_for(Session, "after_rollback")
def _forget_seq(s: Session) -> None:
    s.info.pop("seq", None)
    s.info.pop("jobs_by_code", None)


def record(s: Session, ev: NewEvent, *, maybe_seen: bool = False) -> Event | None:
    """Store ``ev`` and apply it. Returns None (and changes nothing) if it was stored before.

    ``maybe_seen``: the event may have been stored already (a resend from an offline
    station); events made just now by a service have fresh ids and skip that look-up.
    """
    if maybe_seen:
        with s.no_autoflush:
            if s.get(Event, ev.id) is not None:
                return None
    row = Event(
        id=ev.id,
        seq=next_seq(s),
        at=ev.at,
        type=str(ev.type),
        station=ev.station,
        worker=ev.worker,
        job=ev.job,
        step=ev.step,
        machine=ev.machine,
        data=dict(ev.data),
        recorded_at=utcnow(),
    )
    s.add(row)
    apply(s, row)
    return row


def record_all(s: Session, events: Iterable[NewEvent], *, maybe_seen: bool = False) -> list[Event]:
    return [row for ev in events if (row := record(s, ev, maybe_seen=maybe_seen)) is not None]


# --- applying events to the state tables -------------------------------------------------


def known_job(s: Session, job: Job) -> Job:
    """Tell the ledger that this session has ``job`` loaded already, so that applying its
    events does not read it again."""
    s.info.setdefault("jobs_by_code", {})[job.code] = job
    return job


def _job(s: Session, code: str | None) -> Job | None:
    if code is None:
        return None
    cache: dict[str, Job] = s.info.setdefault("jobs_by_code", {})
    job = cache.get(code)
    if job is None:
        job = s.scalars(select(Job).where(Job.code == code)).one_or_none()
        if job is not None:
            cache[code] = job
    return job


def _step(job: Job, position: int | None) -> JobStep | None:
    for st in job.steps:
        if st.position == position:
            return st
    return None


def _first_pending(job: Job) -> int | None:
    for st in job.steps:
        if st.state != StepState.DONE:
            return st.position
    return None


def _dt(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


ROW_FIELDS = ("name", "kana", "title", "section", "phone", "email", "label")


def _order_created(s: Session, e: Event) -> None:
    d = e.data
    s.add(
        Order(
            code=d["code"],
            job_type_id=d["job_type_id"],
            requester_id=d.get("requester_id"),
            department_id=d.get("department_id"),
            title=d["title"],
            reading=d.get("reading", ""),
            spec_values=d.get("spec", {}),
            quantity=d["quantity"],
            due_at=_dt(d.get("due")),
            priority=d.get("priority", 2),
            note=d.get("note", ""),
            confidential=d.get("confidential", False),
            reorder_of=d.get("reorder_of"),
            created_at=e.at,
            created_by=e.worker,
            # The order's list (card holders, name tags, file labels), as checked by services.holders.
            rows=[OrderRow(position=i, **{k: str(v) for k, v in row.items() if k in ROW_FIELDS})
                  for i, row in enumerate(d.get("rows") or (), 1)],
        )
    )


def _job_created(s: Session, e: Event) -> None:
    d = e.data
    order_id = None
    if d.get("order"):
        s.flush()
        order_id = s.scalars(select(Order.id).where(Order.code == d["order"])).one_or_none()
    job = Job(
        code=e.job,
        order_id=order_id,
        job_type_id=d["job_type_id"],
        route_code=d.get("route"),
        title=d["title"],
        reading=d.get("reading", ""),
        quantity=d.get("quantity", 1),
        spec_values=d.get("spec", {}),
        due_at=_dt(d.get("due")),
        priority=d.get("priority", 2),
        confidential=d.get("confidential", False),
        status=JobStatus.RECEIVED,
        created_at=e.at,
        last_seq=e.seq,
        steps=[JobStep(**st) for st in d["steps"]],
    )
    s.add(job)
    s.info.setdefault("jobs_by_code", {})[job.code] = job


def _assigned(job: Job, e: Event) -> None:
    job.assignee = e.data.get("assignee")
    if job.status == JobStatus.RECEIVED:
        job.status = JobStatus.ASSIGNED


def _unassigned(job: Job, e: Event) -> None:
    job.assignee = None
    if job.status == JobStatus.ASSIGNED:
        job.status = JobStatus.RECEIVED


_CLOCK_RUNS = (EventType.JOB_STARTED, EventType.JOB_RESUMED)
_CLOCK_STOPS = (EventType.JOB_PAUSED, EventType.JOB_FINISHED, EventType.JOB_REWORK, EventType.JOB_HELD,
                EventType.JOB_CANCELLED)


def work_tick(clock_at: dt.datetime | None, event_type: str, at: dt.datetime) -> tuple[dt.datetime | None, float]:
    """A job's work clock after one of its events: (the running interval's new start, seconds of
    work the event adds). The clock runs from a start or resume to a break, the finish, a rework,
    a hold or a cancel; each step done adds the time so far, so a job in progress shows its time
    too. An event earlier than the clock's start (a station's clock behind) adds nothing."""
    ran = (at - clock_at).total_seconds() if clock_at is not None and at >= clock_at else 0.0
    if event_type in _CLOCK_RUNS:
        return (clock_at if clock_at is not None else at), 0.0
    if event_type == EventType.STEP_DONE:
        return (None if clock_at is None else max(at, clock_at)), ran
    if event_type in _CLOCK_STOPS:
        return None, ran
    return clock_at, 0.0


def work_time(events: Iterable[tuple[str, dt.datetime]], clock_at: dt.datetime | None = None,
              seconds: float | None = None) -> tuple[dt.datetime | None, float | None]:
    """A job's work clock and worked seconds after its (type, at) events in log order, from
    ``clock_at`` and ``seconds`` so far; seconds stay None until the clock first ran."""
    for event_type, at in events:
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        running = clock_at is not None
        clock_at, ran = work_tick(clock_at, event_type, at)
        if running and event_type not in _CLOCK_RUNS:
            seconds = (seconds or 0.0) + ran
    return clock_at, seconds


def _clock(job: Job, e: Event) -> None:
    job.work_clock_at, job.work_seconds = work_time([(e.type, e.at)], job.work_clock_at, job.work_seconds)


def _started(job: Job, e: Event) -> None:
    _clock(job, e)
    job.status = JobStatus.IN_PROGRESS
    job.assignee = e.worker or job.assignee
    job.started_at = job.started_at or e.at
    job.current_step = _first_pending(job)


def _by_hand(job: Job, e: Event) -> None:
    """The worker who does a job's work by their own hand holds it (late offline work wins
    back a job given away meanwhile; the conflict rule in flat_desktop.sync)."""
    if e.worker is not None:
        job.assignee = e.worker


def _step_done(job: Job, e: Event) -> None:
    _by_hand(job, e)
    _clock(job, e)
    st = _step(job, e.step)
    if st is None or st.state == StepState.DONE:
        return
    st.state = StepState.DONE
    st.done_at = e.at
    st.done_by = e.worker
    st.count_done = e.data.get("count")
    st.prompt_level = e.data.get("prompt_level")
    st.machine = e.data.get("machine", st.machine)
    job.current_step = _first_pending(job)


def _paused(job: Job, e: Event) -> None:
    _clock(job, e)
    if job.status == JobStatus.IN_PROGRESS:
        job.status = JobStatus.PAUSED


def _resumed(job: Job, e: Event) -> None:
    _by_hand(job, e)
    _clock(job, e)
    if job.status == JobStatus.PAUSED:
        job.status = JobStatus.IN_PROGRESS
    job.current_step = _first_pending(job)


def _finished(job: Job, e: Event) -> None:
    _by_hand(job, e)
    _clock(job, e)
    job.status = JobStatus.DONE
    job.finished_at = e.at
    job.current_step = None
    job.units_done = e.data.get("units", job.quantity)
    job.spoiled = e.data.get("spoiled", 0)
    job.machine_in_use = None


def _checked(job: Job, e: Event) -> None:
    # A check without a verdict (recorded before verdicts were kept) passed; the administrator's
    # command line has no worker code, and its pass must stand too.
    job.checked_by = (e.worker or "admin") if e.data.get("passed", True) else None


def _rework(job: Job, e: Event) -> None:
    """A failed check: the steps to redo are pending again and the job is back with a worker."""
    _clock(job, e)
    redo = set(e.data.get("steps") or [st.position for st in job.steps])
    for st in job.steps:
        if st.position in redo:
            st.state = StepState.PENDING
            st.done_at = st.done_by = st.count_done = st.prompt_level = st.machine = None
    job.status = JobStatus.ASSIGNED
    job.assignee = e.data.get("assignee") or job.assignee
    job.current_step = job.finished_at = job.units_done = job.spoiled = job.checked_by = None
    job.rework_note = e.data.get("note", "")


def _delivered(job: Job, e: Event) -> None:
    job.status = JobStatus.DELIVERED
    job.delivered_at = e.at
    job.delivered_to = e.data.get("to")


def _cancelled(job: Job, e: Event) -> None:
    _clock(job, e)
    job.status = JobStatus.CANCELLED
    job.current_step = None


def _held(job: Job, e: Event) -> None:
    _clock(job, e)
    if job.status in (JobStatus.RECEIVED, JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED):
        job.status = JobStatus.ON_HOLD


def _resumed_from_hold(job: Job, e: Event) -> None:
    """Back to where it was, except that a job that had started waits for its worker as on a
    break (they scan the ticket to go on)."""
    if job.status == JobStatus.ON_HOLD:
        job.status = (JobStatus.PAUSED if job.started_at else JobStatus.ASSIGNED if job.assignee
                      else JobStatus.RECEIVED)


# job_edited's data["changes"] keys and the Job/Order attributes they set ("due" is parsed apart).
_EDITED_FIELDS = {"title": "title", "reading": "reading", "quantity": "quantity", "spec": "spec_values",
                  "priority": "priority", "confidential": "confidential"}


def _edited(s: Session, e: Event) -> None:
    """A supervisor's edit: the job's (and its order's) values, and the steps the worker has not
    done yet, replaced by the ones in the event (positions from data["from_step"] on)."""
    job = _job(s, e.job)
    if job is None:
        return
    changes = e.data.get("changes", {})
    for target in (job, job.order):
        if target is None:
            continue
        for key, attr in _EDITED_FIELDS.items():
            if key in changes:
                setattr(target, attr, changes[key])
        if "due" in changes:
            target.due_at = _dt(changes["due"])
    if "steps" in e.data:
        _replace_pending(job, int(e.data["from_step"]), e.data["steps"])
        if job.started_at is not None:
            job.current_step = _first_pending(job)


def _replace_pending(job: Job, from_step: int, rows: list[dict[str, Any]]) -> None:
    """Rows are changed in place where a pending step is (no unique position is ever taken
    twice in one flush), added after the last, and pending steps beyond the new last removed."""
    at = {st.position: st for st in job.steps}
    for row in rows:
        st = at.get(row["position"])
        if st is None:
            job.steps.append(JobStep(**row))
        elif st.state != StepState.DONE:
            for key, value in row.items():
                setattr(st, key, value)
            st.machine = row.get("machine")
    last = from_step - 1 + len(rows)
    for st in [st for st in job.steps if st.position > last and st.state != StepState.DONE]:
        job.steps.remove(st)


def _machine(s: Session, code: str | None) -> Machine | None:
    if code is None:
        return None
    return s.scalars(select(Machine).where(Machine.code == code)).one_or_none()


def _machine_started(s: Session, e: Event) -> None:
    m = _machine(s, e.machine)
    if m is not None:
        m.in_use_job, m.in_use_by = e.job, e.worker
    job = _job(s, e.job)
    if job is not None:
        job.machine_in_use = e.machine
        st = _step(job, e.step)
        if st is not None:
            st.machine = e.machine


def _machine_stopped(s: Session, e: Event) -> None:
    m = _machine(s, e.machine)
    if m is not None:
        if m.in_use_job == e.job:
            m.in_use_job = m.in_use_by = None
        m.units_total += int(e.data.get("units", 0))
        m.runs_total += 1
        if e.data.get("outcome") == "jam":
            m.jams_total += 1
    job = _job(s, e.job)
    if job is not None and job.machine_in_use == e.machine:
        job.machine_in_use = None


def _out_of_order(s: Session, e: Event) -> None:
    m = _machine(s, e.machine)
    if m is not None:
        m.out_of_order = True
        m.out_of_order_reason = e.data.get("reason", "")


def _in_service(s: Session, e: Event) -> None:
    m = _machine(s, e.machine)
    if m is not None:
        m.out_of_order = False
        m.out_of_order_reason = ""


def _help_called(s: Session, e: Event) -> None:
    kind = "stuck" if e.type == EventType.STUCK else e.data.get("kind", "help")
    s.add(
        HelpCall(event_id=e.id, kind=kind, worker=e.worker, job=e.job, step=e.step, station=e.station, called_at=e.at)
    )


def _help_answered(s: Session, e: Event) -> None:
    s.flush()
    call = s.scalars(select(HelpCall).where(HelpCall.event_id == e.data.get("call"))).one_or_none()
    if call is not None and call.answered_at is None:
        call.answered_at = e.at
        call.answered_by = e.worker


def _signed(s: Session, e: Event) -> None:
    w = s.scalars(select(Worker).where(Worker.code == e.worker)).one_or_none()
    if w is not None:
        w.present = e.type == EventType.SIGNED_IN
        w.station = e.station if w.present else None


_JOB_APPLIERS: dict[str, Callable[[Job, Event], None]] = {
    EventType.JOB_ASSIGNED: _assigned,
    EventType.JOB_UNASSIGNED: _unassigned,
    EventType.JOB_STARTED: _started,
    EventType.STEP_DONE: _step_done,
    EventType.JOB_PAUSED: _paused,
    EventType.JOB_RESUMED: _resumed,
    EventType.JOB_FINISHED: _finished,
    EventType.JOB_CHECKED: _checked,
    EventType.JOB_REWORK: _rework,
    EventType.JOB_DELIVERED: _delivered,
    EventType.JOB_CANCELLED: _cancelled,
    EventType.JOB_HELD: _held,
    EventType.JOB_RESUMED_FROM_HOLD: _resumed_from_hold,
}

_APPLIERS: dict[str, Callable[[Session, Event], None]] = {
    EventType.ORDER_CREATED: _order_created,
    EventType.JOB_CREATED: _job_created,
    EventType.JOB_EDITED: _edited,
    EventType.MACHINE_STARTED: _machine_started,
    EventType.MACHINE_STOPPED: _machine_stopped,
    EventType.MACHINE_OUT_OF_ORDER: _out_of_order,
    EventType.MACHINE_IN_SERVICE: _in_service,
    EventType.HELP_CALLED: _help_called,
    EventType.STUCK: _help_called,
    EventType.SYNC_CONFLICT: _help_called,  # data["kind"] == "conflict": open until a supervisor answers
    EventType.SYNC_REFUSED: _help_called,  # data["kind"] == "refused": likewise
    EventType.SPEECH_FAILED: _help_called,  # data["kind"] == "speech": quiet, open until a supervisor answers
    EventType.HELP_ANSWERED: _help_answered,
    EventType.SIGNED_IN: _signed,
    EventType.SIGNED_OUT: _signed,
}


def apply(s: Session, e: Event) -> None:
    job_fn = _JOB_APPLIERS.get(e.type)
    if job_fn is not None:
        job = _job(s, e.job)
        if job is not None:
            job_fn(job, e)
            job.last_seq = e.seq
        return
    fn = _APPLIERS.get(e.type)
    if fn is not None:
        fn(s, e)
        job = _job(s, e.job) if e.type != EventType.JOB_CREATED else None
        if job is not None:
            job.last_seq = e.seq


def rebuild(s: Session) -> int:
    """Throw away the event-derived state and replay every event in order; returns the count.

    Machines' flags and counters and workers' presence are reset too. Used by tests to
    prove that the state tables are exactly what the events say, and by an administrator
    after restoring an event log.
    """
    s.execute(delete(HelpCall))
    s.execute(delete(JobStep))
    s.execute(delete(Job))
    s.execute(delete(OrderRow))
    s.execute(delete(Order))
    s.execute(
        update(Machine).values(
            out_of_order=False,
            out_of_order_reason="",
            in_use_job=None,
            in_use_by=None,
            units_total=0,
            runs_total=0,
            jams_total=0,
        )
    )
    s.execute(update(Worker).values(present=False, station=None))
    s.info.pop("jobs_by_code", None)
    s.expire_all()
    n = 0
    for e in s.scalars(select(Event).order_by(Event.seq)).yield_per(2000):
        apply(s, e)
        n += 1
    return n
