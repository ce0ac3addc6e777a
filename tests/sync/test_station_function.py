"""``flat_station_record`` (db/station.sql) applies a station's events exactly as the Python
ledger and sync/conflicts.py do: the same scripted work sent both ways to two copies of one
server gives the same state tables and events (apart from the server's own ids and clocks)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import text

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event
from flat_desktop.db.roles import make_roles
from flat_desktop.events import EventType, MachineOutcome, NewEvent
from flat_desktop.services import board, help, machines, people, scans, work
from flat_desktop.services.context import Actor
from flat_desktop.sync.send import _send_by_ledger, send_batch
from tests.helpers import postgres
from tests.sync.jobs import BOSS, MACHINES, new_job, sign_in

pytestmark = pytest.mark.postgres

STATION = "station-1"


def _whole_job_with_a_jam(db: Database, me: Actor, code: str) -> None:
    job = work.start(db, me, codes.ticket_payload(code))
    for st in job.steps:
        if st.position == 2:
            work.pause(db, me, code, "break")
            help.call(db, me, code, st.position)
            work.resume(db, me, code)
        if st.kind == "machine":
            label = codes.machine_payload(MACHINES[st.machine_type or ""])
            machines.start(db, me, code, st.position, label)
            machines.stop(db, me, code, st.position, units=3, outcome=MachineOutcome.JAM)
            machines.start(db, me, code, st.position, label)
            work.complete_step(db, me, code, st.position, count=st.target)
        elif st.kind == "scan":
            scans.reject(db, me, "XYZ", "wrong_code", job=code, step=st.position)
            work.scan_at_step(db, me, code, st.position, st.expected_code or "")
        else:
            work.complete_step(db, me, code, st.position, count=st.target if st.kind == "count" else None)
    scans.reject(db, me, "XYZ", "wrong_ticket", job=code)
    work.finish(db, me, code, codes.ticket_payload(code), units=48, spoiled=2)


def _station_work(url: str, jobs: list[str]) -> list[NewEvent]:
    """A worker's day at a station (on a copy of the server), as the events it made."""
    done, late, cancelled, held = jobs
    db = Database(url)
    try:
        with db.reader() as s:
            top = int(s.execute(text("SELECT max(seq) FROM events")).scalar_one())
        scans.reject(db, None, "???", "not_a_badge", station=STATION)
        help.speech_failed(db, None, STATION, "aplay: main:831: audio open error: No such file or directory")
        me = sign_in(db, "W001", STATION)
        _whole_job_with_a_jam(db, me, done)
        steps = work.start(db, me, codes.ticket_payload(late)).steps
        work.complete_step(db, me, late, 1, count=steps[0].target)
        work.pause(db, me, late)
        help.stuck(db, me, late, 2, seconds=600, usual_s=60)
        work.resume(db, me, late)
        assert steps[1].kind == "machine"
        machines.start(db, me, late, 2, codes.machine_payload(MACHINES[steps[1].machine_type or ""]))
        work.complete_step(db, me, late, 2, count=steps[1].target)
        work.start(db, me, codes.ticket_payload(cancelled))
        work.start(db, me, codes.ticket_payload(held))
        people.sign_out(db, me)
        with db.reader() as s:
            rows = s.scalars(
                text("SELECT id FROM events WHERE seq > :top ORDER BY seq").bindparams(top=top)
            ).all()
            events = [s.get(Event, r) for r in rows]
            return [
                NewEvent(EventType(e.type), station=e.station, worker=e.worker, job=e.job, step=e.step,
                         machine=e.machine, data=dict(e.data), at=e.at, id=e.id)
                for e in events if e is not None
            ]
    finally:
        db.dispose()


def _console_meanwhile(db: Database, late: str, cancelled: str, held: str) -> None:
    """What the console did while the station was offline: the same events on both copies."""
    at = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    with db.session() as s:
        record(s, NewEvent(EventType.JOB_ASSIGNED, station="console", worker="S001", job=late, at=at,
                           data={"assignee": "W002", "previous": "W001"}, id=f"{uuid.UUID(int=1)}"))
        record(s, NewEvent(EventType.JOB_CANCELLED, station="console", worker="S001", job=cancelled, at=at,
                           data={"reason": "no longer needed"}, id=f"{uuid.UUID(int=2)}"))
        record(s, NewEvent(EventType.JOB_HELD, station="console", worker="S001", job=held, at=at,
                           data={"reason": "paper not here yet"}, id=f"{uuid.UUID(int=3)}"))


SERVER_MADE = {"id", "at", "recorded_at", "called_at", "event_id"}  # of a sync_conflict and its alert


def _state(url: str) -> dict[str, list[Any]]:
    """Every table the ledger changes, without surrogate ids, versions and the server's clocks."""
    queries = {
        "jobs": "SELECT * FROM jobs ORDER BY code",
        "job_steps": "SELECT j.code, st.* FROM job_steps st JOIN jobs j ON j.id = st.job_id ORDER BY j.code, position",
        "help_calls": "SELECT h.*, (SELECT type FROM events e WHERE e.id = h.event_id) AS type FROM help_calls h"
                      " ORDER BY called_at, event_id",
        "machines": "SELECT * FROM machines ORDER BY code",
        "workers": "SELECT * FROM workers ORDER BY code",
        "events": "SELECT * FROM events ORDER BY seq",
        "counters": "SELECT * FROM counters ORDER BY name",
        "orders": "SELECT * FROM orders ORDER BY code",
    }
    skip = {"jobs": {"id", "version"}, "job_steps": {"id", "job_id"}, "help_calls": {"id"}, "events": {"recorded_at"}}
    db = Database(url)
    out: dict[str, list[Any]] = {}
    try:
        with db.reader() as s:
            for table, sql in queries.items():
                rows = []
                for r in s.execute(text(sql)).mappings():
                    row = {k: v for k, v in r.items() if k not in skip.get(table, set())}
                    if row.get("type") == "sync_conflict" or row.get("kind") == "conflict":
                        row = {k: v for k, v in row.items() if k not in SERVER_MADE}
                    rows.append(row)
                if table == "help_calls":
                    rows.sort(key=repr)
                out[table] = rows
    finally:
        db.dispose()
    return out


def test_the_function_applies_station_work_as_the_python_ledger_does(server_url: str) -> None:
    setup = Database(server_url)
    jobs = [new_job(setup) for _ in range(4)]
    for code in jobs:
        board.assign(setup, BOSS, code, "W001")
    for call in help.open_calls(setup):
        help.answer(setup, BOSS, call.id)
    setup.dispose()

    with postgres.copy_of(server_url) as work_url:
        events = _station_work(work_url, jobs)
    types = {str(e.type) for e in events}
    assert {"signed_in", "job_started", "step_done", "job_paused", "job_resumed", "machine_started",
            "machine_stopped", "help_called", "stuck", "scan_rejected", "job_finished", "signed_out",
            "speech_failed"} <= types

    prefix = f"t{uuid.uuid4().hex[:10]}"
    with postgres.copy_of(server_url) as by_ledger, postgres.copy_of(server_url) as by_function:
        try:
            python, station = Database(by_ledger), Database(by_function)
            station_url = next(
                login.url for login in make_roles(station, stations=[(STATION, "pw")], prefix=prefix)
                if login.kind == "station"
            )
            for db in (python, station):
                _console_meanwhile(db, jobs[1], jobs[2], jobs[3])
            as_station = Database(station_url)
            half = len(events) // 2
            for batch in (events[:half], events[half:], events):  # the last one is a resend
                with python.session() as s:
                    _send_by_ledger(s, batch, 0)
                with as_station.session() as s:
                    send_batch(s, batch, 0)
            for db in (python, station, as_station):
                db.dispose()
            want, got = _state(by_ledger), _state(by_function)
        finally:
            postgres.drop_roles(by_function, prefix)
    for table in want:
        assert got[table] == want[table], table
    # The script did what it should: late work stored with its alerts, the job back with its worker.
    conflicts = [e for e in got["events"] if e["type"] == "sync_conflict"]
    assert [(c["job"], c["data"]["reason"]) for c in conflicts] == [
        (jobs[1], "reassigned"), (jobs[2], "cancelled"), (jobs[3], "held")]
    jobs_now = {j["code"]: j for j in got["jobs"]}
    assert jobs_now[jobs[0]]["status"] == "done" and jobs_now[jobs[1]]["assignee"] == "W001"
    sent = sorted(e.id for e in events)
    assert sorted(e["id"] for e in got["events"] if e.get("id") in set(sent)) == sent  # each exactly once
