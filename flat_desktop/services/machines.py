"""Machine operations logged by scanning the machine's label, and machines' service state."""

from __future__ import annotations

from sqlalchemy.orm import Session

from flat_desktop import codes
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Machine, StepKind
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, MachineOutcome, NewEvent
from flat_desktop.i18n import _
from flat_desktop.services import work
from flat_desktop.services.context import Actor, require_supervisor, require_worker
from flat_desktop.services.views import JobView, MachineView

MACHINE_TYPE_NAMES = {
    "copier": "複合機",
    "cutter": "裁断機",
    "sealer": "封かん機",
    "folder": "紙折り機",
    "badge_press": "缶バッジマシン",
    "laminator": "ラミネーター",
    "label_printer": "ラベルプリンター",
    "scanner": "スキャナー",
    "printer": "プリンター",
}


def machine_code_from_scan(raw: str) -> str:
    scan = codes.parse(raw)
    if scan is not None and scan.kind is codes.CodeKind.MACHINE:
        return scan.value
    text = codes.normalise(raw)
    if codes.MACHINE_CODE.fullmatch(text):
        return text
    raise InvalidInput(
        _("This is not a machine label."), _("Please scan the label on the machine."), reason="not_a_machine"
    )


def _machine(s: Session, code: str) -> Machine:
    m = queries.machine(s, code)
    if m is None:
        raise NotFound(_("This machine is not known."), _("Please call a supervisor."), reason="unknown_machine")
    return m


def start(db: Database, actor: Actor, job_code: str, position: int, raw_scan: str) -> JobView:
    """The worker scanned a machine at a machine step: record ``machine_started``."""
    worker = require_worker(actor)
    code = machine_code_from_scan(raw_scan)
    with db.session() as s:
        j = work._load(s, job_code)
        work._running(j, worker)
        st = work._current(j, position)
        if st.kind != StepKind.MACHINE:
            raise InvalidInput(
                _("This step needs no machine."), _("Press Done when the step is finished."), reason="no_machine_needed"
            )
        m = _machine(s, code)
        if m.out_of_order:
            raise NotAllowed(
                _("This machine is out of order."),
                _("Please use another machine, or call a supervisor."),
                reason="out_of_order",
            )
        if st.machine_type and m.type != st.machine_type:
            wanted = MACHINE_TYPE_NAMES.get(st.machine_type, st.machine_type)
            raise InvalidInput(
                _("This is not the right machine."),
                _("This step needs the {machine}.").format(machine=wanted),
                reason="wrong_machine",
            )
        if j.machine_in_use == code and st.machine == code:
            return JobView.of(j, with_steps=True)  # the same label scanned twice
        if m.in_use_job is not None and m.in_use_job != job_code:
            raise NotAllowed(
                _("Someone else is using this machine."),
                _("Please wait a little, or use another machine."),
                reason="machine_busy",
            )
        record(
            s,
            NewEvent(
                EventType.MACHINE_STARTED,
                station=actor.station,
                worker=worker,
                job=job_code,
                step=position,
                machine=code,
            ),
        )
        s.flush()
        return JobView.of(j, with_steps=True)


def stop(db: Database, actor: Actor, job_code: str, position: int, *, units: int, outcome: MachineOutcome) -> JobView:
    """The machine stopped before the step was done: a jam or a fault (or a pause of work)."""
    worker = require_worker(actor)
    with db.session() as s:
        j = work._load(s, job_code)
        work._running(j, worker)
        st = work._current(j, position)
        if j.machine_in_use is None or st.machine != j.machine_in_use:
            raise NotAllowed(
                _("No machine is running for this step."),
                _("Scan the machine's label first."),
                reason="machine_not_started",
            )
        record(
            s,
            NewEvent(
                EventType.MACHINE_STOPPED,
                station=actor.station,
                worker=worker,
                job=job_code,
                step=position,
                machine=j.machine_in_use,
                data={"units": work._units(units), "outcome": MachineOutcome(outcome).value},
            ),
        )
        s.flush()
        return JobView.of(j, with_steps=True)


def set_out_of_order(db: Database, actor: Actor, code: str, reason: str) -> None:
    require_supervisor(actor)
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say what is wrong with the machine."), _("Write a short reason."), field="reason")
    with db.session() as s:
        m = _machine(s, code)
        if m.out_of_order:
            raise NotAllowed(_("The machine is already out of order."), _("Nothing to do."), reason="already_done")
        record(
            s,
            NewEvent(
                EventType.MACHINE_OUT_OF_ORDER,
                station=actor.station,
                worker=actor.worker,
                machine=code,
                data={"reason": reason},
            ),
        )


def back_in_service(db: Database, actor: Actor, code: str) -> None:
    require_supervisor(actor)
    with db.session() as s:
        m = _machine(s, code)
        if not m.out_of_order:
            raise NotAllowed(_("The machine is already in service."), _("Nothing to do."), reason="already_done")
        record(s, NewEvent(EventType.MACHINE_IN_SERVICE, station=actor.station, worker=actor.worker, machine=code))


def machines(db: Database) -> list[MachineView]:
    with db.reader() as s:
        return [MachineView.of(m) for m in queries.machines(s)]
