"""Work done through the services, as a worker would at a station, for tests that need it done."""

from __future__ import annotations

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.services.context import Actor

SUPERVISOR = Actor("S001", "supervisor", "test")
MACHINE_FOR = {"copier": "CP01", "cutter": "CT01", "sealer": "SL01", "folder": "FD01", "badge_press": "BP01",
               "laminator": "LM01", "label_printer": "LP01", "scanner": "SC01", "printer": "PR01"}


def finish_running(db: Database, worker: str, keep_if_steps_left: int | None = None) -> str | None:
    """Finish the worker's job in progress through the services (the demo leaves some half done),
    unless it has at least ``keep_if_steps_left`` steps left; returns the kept job. The worker's
    open help call, if the demo left one, is answered."""
    from flat_desktop.services import help, machines, work

    call = help.open_call_for(db, worker)
    if call is not None:
        help.answer(db, SUPERVISOR, call.id)
    me = Actor(worker, "worker", "test")
    for job in work.my_jobs(db, me):
        if job.status != "in_progress":
            continue
        steps = [st for st in work.job(db, me, job.code).steps if st.state != "done"]
        if keep_if_steps_left is not None and len(steps) >= keep_if_steps_left:
            return job.code
        for st in steps:
            if st.kind == "scan":
                work.scan_at_step(db, me, job.code, st.position, st.expected_code or "")
                continue
            if st.kind == "machine" and (not st.machine or job.machine_in_use != st.machine):
                machines.start(db, me, job.code, st.position, codes.machine_payload(MACHINE_FOR[st.machine_type or ""]))
            work.complete_step(db, me, job.code, st.position, count=st.target if st.kind == "count" else None)
        work.finish(db, me, job.code, codes.ticket_payload(job.code))
    return None
