"""Sending a batch of a station's events to the server: the one place they are written there.

On PostgreSQL every batch goes through ``flat_station_record`` (flat_desktop/db/station.sql),
whatever login the station uses: the server checks each event (a type a station makes, its own
station, a known active worker, a job the worker holds or held), stores it exactly once and
applies it, and adds the ``sync_conflict`` of late work (sync/conflicts.py). A station's login
can write nothing else. An event the server refuses raises ``EventRefused`` and the whole batch
is rolled back, so the outbox keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from flat_desktop.db import queries
from flat_desktop.db.ledger import record
from flat_desktop.db.roles import refusal
from flat_desktop.events import NewEvent
from flat_desktop.sync import conflicts

_RECORD = text("SELECT event, stored, conflicted, job_seq FROM flat_station_record(:batch)").bindparams(
    bindparam("batch", type_=JSONB)
)


def payload(ev: NewEvent) -> dict[str, Any]:
    return {
        "id": ev.id,
        "type": str(ev.type),
        "station": ev.station,
        "worker": ev.worker,
        "job": ev.job,
        "step": ev.step,
        "machine": ev.machine,
        "data": dict(ev.data),
        "at": ev.at.isoformat(),  # also the conflict's "event_at", as conflicts.check writes it
    }


def send_batch(ss: Session, events: Sequence[NewEvent], seen: int) -> set[str]:
    """Store ``events`` in order in the server session ``ss``; returns the codes of jobs to copy
    back from the server after the pull: those with server events after ``seen`` (the cache
    applied them in another order) and those whose late work was reported as a conflict."""
    if not events:
        return set()
    if ss.get_bind().dialect.name != "postgresql":
        return _send_by_ledger(ss, events, seen)
    try:
        rows = ss.execute(_RECORD, {"batch": [payload(ev) for ev in events]}).all()
    except DBAPIError as exc:
        refused = refusal(exc)
        if refused is None:
            raise
        raise refused from None
    jobs = {ev.id: ev.job for ev in events}
    dirty: set[str] = set()
    for event_id, stored, conflicted, job_seq in rows:
        job = jobs.get(event_id)
        if job is None:
            continue
        if job_seq is not None and job_seq > seen:
            dirty.add(job)
        if stored and conflicted:
            dirty.add(job)
    return dirty


def _send_by_ledger(ss: Session, events: Sequence[NewEvent], seen: int) -> set[str]:
    """An SQLite "server" (development only: a station link needs PostgreSQL): the Python ledger."""
    dirty: set[str] = set()
    for ev in events:
        conflict = conflicts.check(ss, ev)
        job = queries.job(ss, ev.job) if ev.job is not None else None
        if job is not None and job.last_seq > seen:
            dirty.add(job.code)
        if record(ss, ev, maybe_seen=True) is not None and conflict is not None:
            conflicts.report(ss, ev, conflict)
            dirty.add(ev.job or "")
    return dirty - {""}
