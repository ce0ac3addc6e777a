"""The conflict rule for work that reaches the server late.

Rule (also in the README): what a worker did is a fact and is never dropped or rewritten.
Every event from a station's outbox is stored on the server exactly once, in the order it
was made, after whatever the server already had; a job's state is what its events say in
the server's order, so the late work counts (the worker who did the work gets the job
back). Before each late event about a job is stored, the server checks whether the worker
still held that job there: assigned to them and neither cancelled nor delivered. If not,
the event is stored all the same and a ``sync_conflict`` event follows it, naming the job,
the worker, the station, what the server had (status, assignee) and why (reassigned,
withdrawn, cancelled, delivered, held, unknown_job). It opens an alert on the console's help-call
list (kind "conflict") that stays until a supervisor answers it: the supervisor decides,
e.g. tells the other worker or cancels again. One alert per job and worker while it is open.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from flat_desktop.db import queries
from flat_desktop.db.ledger import record
from flat_desktop.db.models import JobStatus
from flat_desktop.events import EventType, NewEvent

# What a worker does to a job; the console's own events are never late.
WORK = {
    EventType.JOB_STARTED,
    EventType.STEP_DONE,
    EventType.JOB_PAUSED,
    EventType.JOB_RESUMED,
    EventType.JOB_FINISHED,
    EventType.MACHINE_STARTED,
    EventType.MACHINE_STOPPED,
}


def check(s: Session, ev: NewEvent) -> dict[str, Any] | None:
    """Why ``ev`` conflicts with the server's state of its job, or None. Call before storing it."""
    if ev.type not in WORK or ev.job is None or ev.worker is None:
        return None
    job = queries.job(s, ev.job)
    if job is None:
        reason = "unknown_job"
    elif job.status == JobStatus.CANCELLED:
        reason = "cancelled"
    elif job.status == JobStatus.DELIVERED:
        reason = "delivered"
    elif job.status == JobStatus.ON_HOLD:
        reason = "held"  # a supervisor stopped it meanwhile
    elif job.assignee != ev.worker:
        reason = "reassigned" if job.assignee else "withdrawn"
    else:
        return None
    return {
        "kind": "conflict",
        "reason": reason,
        "server_status": job.status if job else None,
        "server_assignee": job.assignee if job else None,
        "event": ev.id,
        "event_type": str(ev.type),
        "event_at": ev.at.isoformat(),
    }


def report(s: Session, ev: NewEvent, conflict: dict[str, Any]) -> None:
    """Record the ``sync_conflict`` alert after the late event (once per open job/worker alert)."""
    assert ev.job is not None and ev.worker is not None
    if queries.open_conflict_call(s, ev.job, ev.worker) is not None:
        return
    record(
        s,
        NewEvent(
            EventType.SYNC_CONFLICT, station=ev.station, worker=ev.worker, job=ev.job, step=ev.step, data=conflict
        ),
    )
