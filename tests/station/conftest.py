"""A station on a private demo database, driven only by scanner bursts and key presses."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from flat_desktop import codes
from flat_desktop.config import Paths, Settings
from flat_desktop.db import Database
from flat_desktop.demo.build import badge_payloads
from flat_desktop.gui.station.app import Station, style_station
from flat_desktop.services import board
from flat_desktop.services.context import Actor
from tests.helpers.work import MACHINE_FOR, finish_running

SUPERVISOR = Actor("S001", "supervisor", "test")


class Driver:
    """Types into the station window the way a keyboard-wedge scanner and a worker do."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.window = station.window
        self.c = station.flow

    def scan(self, payload: str) -> None:
        QTest.keyClicks(self.window, payload)
        QTest.keyClick(self.window, Qt.Key.Key_Return)

    def type_by_hand(self, text: str) -> None:
        """Keys typed one by one at a person's pace (far slower than any scanner), then Enter.
        The scanner filter's clock is moved on between the keys: no real time passes."""
        scanner = self.window.scanner
        real = scanner._clock
        now = [real()]
        scanner._clock = lambda: now[0]
        try:
            for char in text:
                QTest.keyClick(self.window, char)
                now[0] += 400.0
            QTest.keyClick(self.window, Qt.Key.Key_Return)
        finally:
            scanner._clock = real

    def key(self, key: Qt.Key, times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(self.window, key)

    def badge(self, worker: str) -> None:
        self.scan(badge_payloads()[worker])

    def ticket(self, job: str) -> None:
        self.scan(codes.ticket_payload(job))

    def do_step(self) -> None:
        """Do the current step by its kind, as a worker would, and confirm when the profile asks."""
        ctx = self.c.context
        assert ctx is not None
        st = ctx.step
        if st.kind == "scan":
            assert st.expected_code
            self.scan(st.expected_code)
            return
        if st.kind == "machine" and not ctx.machine_running:
            self.scan(codes.machine_payload(MACHINE_FOR[st.machine_type or ""]))
        if st.kind == "count" and st.target:
            self.key(Qt.Key.Key_PageUp, math.ceil(st.target / 10))
        self.key(Qt.Key.Key_Return)
        if ctx.confirm:
            self.key(Qt.Key.Key_Return)


# The spec the station tests expect of a job type: every machine step in (an enclosing order
# without folding or sealing has neither machine step).
FULL_SPEC: dict[str, dict[str, object]] = {"enclosing": {"fold": "tri", "seal": True}}


def job_for(db: Database, worker: str, job_type: str) -> str:
    """A not yet started job of ``job_type`` with every step of the type (``FULL_SPEC``), given to
    ``worker``: one of the demo's (its choice varies by date), or a new order when none fits."""
    finish_running(db, worker)
    wanted = FULL_SPEC.get(job_type, {})
    for job in board.jobs(db, SUPERVISOR, statuses=("assigned", "received")):
        if job.type == job_type and job.assignee != worker and all(job.spec.get(k) == v for k, v in wanted.items()):
            board.assign(db, SUPERVISOR, job.code, worker, override_reason="test")
            return job.code
    from flat_desktop.services import orders

    code = orders.create(db, SUPERVISOR, orders.OrderRequest(job_type, "テストの しごと", 140, spec=dict(wanted))).job
    board.assign(db, SUPERVISOR, code, worker, override_reason="test")
    return code


def running_job(db: Database, worker: str) -> str:
    """The worker's job in progress, or one started now with its first step done (as a crash leaves it)."""
    from flat_desktop.services import work

    me = Actor(worker, "worker", "test")
    kept = finish_running(db, worker, keep_if_steps_left=3)
    if kept:
        return kept
    code = next(j.code for j in board.jobs(db, SUPERVISOR, statuses=("assigned",)) if j.type == "cards")
    board.assign(db, SUPERVISOR, code, worker, override_reason="test")
    work.start(db, me, codes.ticket_payload(code))
    work.complete_step(db, me, code, 1)
    return code


def expected_for(steps: list) -> list[str]:
    """The events a worker's steps leave: a machine step starts and stops its machine."""
    out: list[str] = []
    for st in steps:
        if st.kind == "machine":
            out += ["machine_started", "machine_stopped"]
        out.append("step_done")
    return out


def event_types(db: Database, job: str, after: str = "job_assigned") -> list[str]:
    """The job's event types from the last ``after`` event on."""
    types = [e.type for e in board.events(db, job=job)]
    cut = max(i for i, t in enumerate(types) if t == after) + 1 if after in types else 0
    return types[cut:]


@pytest.fixture
def make_station(qtbot, qapp, tmp_path: Path) -> Iterator[Callable[..., Station]]:
    made: list[Station] = []

    def make(db: Database, *, dwell_scale: float = 0.0, speech: str = "none",
             settings: Settings | None = None) -> Station:
        style_station(qapp)  # as the station program does first, whatever an earlier test left
        paths = Paths(tmp_path / "data", tmp_path / "log", tmp_path / "config")
        st = Station(db, settings or Settings(station_name="test-pc"), paths, speech=speech,
                     dwell_scale=dwell_scale, feed_ms=50)
        qtbot.addWidget(st.window)
        st.window.resize(1280, 900)
        st.window.show()
        st.start()
        made.append(st)
        return st

    yield make
    for st in made:
        st.close()


def set_profile(db: Database, worker: str, **changes: object) -> None:
    """Change some of a worker's accessibility settings, as a supervisor does in the console."""
    from flat_desktop.services import people

    people.set_profile(db, SUPERVISOR, worker, {**people.worker(db, worker).profile.to_dict(), **changes})


def past_jobs(db: Database, worker: str, job_type: str, first_step_s: list[float]) -> list[str]:
    """Jobs of ``job_type`` that ``worker`` did just before now, the first step taking
    ``first_step_s[i]`` seconds by the event times; the rest done and finished through the services."""
    import datetime as dt

    from flat_desktop.db.ledger import record
    from flat_desktop.events import EventType, NewEvent, utcnow
    from flat_desktop.services import orders

    made: list[str] = []
    finish_running(db, worker)
    now = utcnow()
    for i, seconds in enumerate(first_step_s):
        done_at = now - dt.timedelta(seconds=len(first_step_s) - i)  # the newest history there is
        started = done_at - dt.timedelta(seconds=seconds)
        code = orders.create(db, SUPERVISOR, orders.OrderRequest(job_type, f"past {i}", 100),
                             now=started - dt.timedelta(minutes=5)).job
        board.assign(db, SUPERVISOR, code, worker, override_reason="test")
        target = next(st.target for st in board.job(db, code).steps if st.position == 1)
        with db.session() as s:
            record(s, NewEvent(EventType.JOB_STARTED, station="test", worker=worker, job=code, at=started))
            record(s, NewEvent(EventType.STEP_DONE, station="test", worker=worker, job=code, step=1,
                               data={"count": target} if target else {}, at=done_at))
        finish_running(db, worker)
        made.append(code)
    return made
