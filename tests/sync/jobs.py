"""A worker's job driven through the services, step by step (shared by the tests and the
station process script)."""

from __future__ import annotations

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.demo.build import badge_payloads
from flat_desktop.services import machines, orders, people, work
from flat_desktop.services.context import Actor
from flat_desktop.services.views import JobView

BOSS = Actor("S001", "supervisor", "console")
MACHINES = {
    "folder": "FD01",
    "sealer": "SL01",
    "copier": "CP01",
    "scanner": "SC01",
    "printer": "PR01",
    "cutter": "CT01",
    "badge_press": "BP01",
    "label_printer": "LP01",
}


def new_job(db: Database, quantity: int = 50) -> str:
    req = orders.OrderRequest(job_type="enclosing", title="テスト", quantity=quantity, spec={"inserts": 1})
    return orders.create(db, BOSS, req).job


def sign_in(db: Database, worker: str, station: str) -> Actor:
    actor, _view = people.sign_in(db, badge_payloads()[worker], station)
    return actor


def do_steps(db: Database, actor: Actor, code: str, n: int | None = None) -> JobView:
    """Do the next ``n`` pending steps (all when None), as the station would."""
    job = work.start(db, actor, codes.ticket_payload(code))  # no new event if it is running
    todo = [st for st in job.steps if st.state != "done"]
    for st in todo[:n] if n is not None else todo:
        if st.kind == "machine":
            machines.start(db, actor, code, st.position, codes.machine_payload(MACHINES[st.machine_type or ""]))
            job = work.complete_step(db, actor, code, st.position, count=st.target)
        elif st.kind == "scan":
            job = work.scan_at_step(db, actor, code, st.position, st.expected_code or "")
        else:
            job = work.complete_step(db, actor, code, st.position, count=st.target if st.kind == "count" else None)
    return job


def finish(db: Database, actor: Actor, code: str) -> JobView:
    do_steps(db, actor, code)
    return work.finish(db, actor, code, codes.ticket_payload(code), units=50, spoiled=0)
