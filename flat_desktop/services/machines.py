"""Machine operations logged by scanning the machine's label, and machines' service state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from flat_desktop import codes
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event, Machine, StepKind
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, MachineOutcome, NewEvent, utcnow
from flat_desktop.i18n import _, language
from flat_desktop.services import work
from flat_desktop.services.context import Actor, require_supervisor, require_worker
from flat_desktop.services.names import reading_of
from flat_desktop.services.views import JobView, MachineUsageView, MachineView

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
# What each machine counts (its own unit, Japanese and English): a copier counts sheets, not the
# sets they are collated into; a sealer counts envelopes. Machine steps' targets are in this unit.
MACHINE_UNITS = {
    "copier": ("枚", "sheets"),
    "cutter": ("枚", "sheets"),
    "sealer": ("通", "envelopes"),
    "folder": ("枚", "sheets"),
    "badge_press": ("個", "badges"),
    "laminator": ("枚", "sheets"),
    "label_printer": ("枚", "labels"),
    "scanner": ("枚", "sheets"),
    "printer": ("枚", "sheets"),
}


def machine_unit(machine_type: str | None) -> str:
    """The unit ``machine_type`` counts in, in the language shown ("" for an unknown type)."""
    ja, en = MACHINE_UNITS.get(machine_type or "", ("", ""))
    return ja if language() == "ja" else en


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
            return work.worked(s, j)  # the same label scanned twice
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
        return work.worked(s, j)


def stop(db: Database, actor: Actor, job_code: str, position: int, *, outcome: MachineOutcome,
         units: int | None = None, counted: int | None = None) -> JobView:
    """The machine stopped before the step was done: a jam or a fault (or a pause of work).

    ``units``: what this run made; or ``counted``: what the step has made in all, as the worker
    counted it (this run's units are then what earlier stops of the step did not record)."""
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
                data={"units": work.run_units(s, job_code, position, units=units, counted=counted),
                      "outcome": MachineOutcome(outcome).value},
            ),
        )
        return work.worked(s, j)


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


# --- adding machines and counting their use (console) ------------------------------------

NAME_MAX = 100
LOCATION_MAX = 100


@dataclass(frozen=True)
class NewMachine:
    """What the supervisor typed to add a machine; ``name`` may be empty (type name + code)."""

    code: str
    type: str
    location: str
    name: str = ""
    reading: str = ""  # of the name, ruby markup; empty: proposed


def machine_problems(db: Database, new: NewMachine) -> dict[str, str]:
    """Every problem of ``new`` by field (code, type, name, location), so a form can mark them all."""
    return {k: f"{m} {h}" for k, (m, h) in _problems(db, new).items()}


def _problems(db: Database, new: NewMachine) -> dict[str, tuple[str, str]]:
    problems: dict[str, tuple[str, str]] = {}
    code = codes.normalise(new.code)
    if not code:
        problems["code"] = _("The machine code is empty."), _(
            "Write two letters and two digits, e.g. CP03.")
    elif not codes.MACHINE_CODE.fullmatch(code):
        problems["code"] = _("'{code}' is not a machine code.").format(code=new.code.strip()), _(
            "Write two letters and two digits, e.g. CP03.")
    if new.type not in MACHINE_TYPE_NAMES:
        problems["type"] = _("Unknown machine type."), _("Choose a type from the list.")
    if len(new.name.strip()) > NAME_MAX:
        problems["name"] = _("The name is too long."), _("Use at most {n} characters.").format(n=NAME_MAX)
    location = new.location.strip()
    if not location:
        problems["location"] = _("Where is the machine?"), _("Write its place, e.g. workroom, window side.")
    elif len(location) > LOCATION_MAX:
        problems["location"] = _("The place is too long."), _("Use at most {n} characters.").format(
            n=LOCATION_MAX)
    if "code" not in problems:
        with db.reader() as s:
            if queries.machine(s, code) is not None:
                problems["code"] = _("There is already a machine {code}.").format(code=code), _(
                    "Choose another code.")
    return problems


def add(db: Database, actor: Actor, new: NewMachine) -> MachineView:
    """Add a machine (its label can then be printed and scanned at machine steps at once)."""
    require_supervisor(actor)
    problems = _problems(db, new)
    if problems:
        field, (message, hint) = next(iter(problems.items()))
        raise InvalidInput(message, hint, reason="invalid_" + field, field=field)
    code = codes.normalise(new.code)
    name = new.name.strip() or f"{MACHINE_TYPE_NAMES[new.type]} {code}"
    reading = reading_of(name, new.reading)
    with db.session() as s:
        if queries.machine(s, code) is not None:  # added by another console since the check
            raise InvalidInput(_("There is already a machine {code}.").format(code=code),
                               _("Choose another code."), reason="invalid_code", field="code")
        m = Machine(code=code, name=name, reading=reading, type=new.type, location=new.location.strip())
        s.add(m)
        record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker, machine=code,
                           data={"what": "machine", "of": code, "action": "added", "name": name,
                                 "type": new.type, "location": m.location}))
        s.flush()
        return MachineView.of(m)


def _local_midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz)


def usage(db: Database, *, now: dt.datetime | None = None, tz: dt.tzinfo | None = None) -> list[MachineUsageView]:
    """Runs, units and jams of every machine today and this month (local time), from the
    ``machine_stopped`` events: the same events the machines' total counters come from."""
    tz = tz or dt.datetime.now().astimezone().tzinfo or dt.UTC
    local = (now or utcnow()).astimezone(tz)
    day_start = _local_midnight(local.date(), tz)
    month_start = _local_midnight(local.date().replace(day=1), tz)
    counts: dict[str, list[int]] = {}
    with db.reader() as s:
        codes_known = [m.code for m in queries.machines(s)]
        rows = s.execute(
            select(Event.machine, Event.at, Event.data).where(
                Event.type == EventType.MACHINE_STOPPED, Event.at >= month_start, Event.at <= local,
                Event.machine.is_not(None),
            )
        ).all()
    for machine, at, data in rows:
        c = counts.setdefault(machine, [0] * 6)
        units = int((data or {}).get("units", 0) or 0)
        jam = 1 if (data or {}).get("outcome") == MachineOutcome.JAM else 0
        c[3] += 1
        c[4] += units
        c[5] += jam
        if at >= day_start:
            c[0] += 1
            c[1] += units
            c[2] += jam
    return [MachineUsageView(code, *counts.get(code, [0] * 6)) for code in codes_known]
