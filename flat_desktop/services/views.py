"""Plain, immutable views of station objects: what services return and the GUI shows.

They carry no ORM state, so they can cross threads and outlive the Session that read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flat_desktop import codes, japanese, ruby
from flat_desktop.db.models import Event, HelpCall, Job, JobStep, Machine, Worker
from flat_desktop.i18n import language
from flat_desktop.profile import Profile


def _shown(ja: str, en: str) -> str:
    return ja if language() == "ja" or not en else en


@dataclass(frozen=True)
class StepView:
    position: int
    title: str
    text: str
    reading: str
    picture: str | None
    icon: str
    kind: str
    machine_type: str | None
    target: int | None
    expected_code: str | None
    min_dwell_s: float | None
    info_only: bool
    state: str
    done_at: dt.datetime | None
    count_done: int | None
    machine: str | None
    prompt_level: str | None

    @classmethod
    def of(cls, st: JobStep) -> StepView:
        return cls(
            st.position,
            st.title,
            st.text,
            st.reading,
            st.picture,
            st.icon,
            st.kind,
            st.machine_type,
            st.target,
            st.expected_code,
            st.min_dwell_s,
            st.info_only,
            st.state,
            st.done_at,
            st.count_done,
            st.machine,
            st.prompt_level,
        )

    @property
    def title_markup(self) -> str:
        """The short title (shown at the partial and minimal prompt levels) with furigana."""
        return japanese.ruby_markup(self.title)


@dataclass(frozen=True)
class JobView:
    code: str
    type: str
    type_name: str
    type_icon: str
    type_colour: str
    unit: str
    title: str
    status: str
    assignee: str | None
    current_step: int | None
    steps_total: int
    quantity: int
    due: dt.datetime | None
    priority: int
    confidential: bool
    machine_in_use: str | None
    version: int
    route: str | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    spec: dict[str, Any] = field(default_factory=dict)
    steps: tuple[StepView, ...] = ()
    last_seq: int = 0
    # When the current step began (its job_started, job_resumed or step_done); filled with the steps.
    step_started_at: dt.datetime | None = None
    reading: str = ""  # of the title, ruby markup ("" for jobs made before readings were kept)
    type_reading: str = ""  # of type_name, when that is the Japanese name
    rework_note: str = ""  # what a failed check said must be redone ("" when none)
    checked: bool = False  # a passed quality check stands (a done job can be delivered)
    from_web: bool = False  # ordered at the web ordering desk (filled by services.board for the console)

    @classmethod
    def of(cls, job: Job, *, with_steps: bool = False, steps_total: int | None = None) -> JobView:
        """``steps_total`` given (counted by the query) spares loading the steps just to count them."""
        jt = job.job_type
        return cls(
            code=job.code,
            type=jt.key,
            type_name=_shown(jt.name, jt.name_en),
            type_icon=jt.icon,
            type_colour=jt.colour,
            unit=_shown(jt.unit, jt.unit_en),
            title=job.title,
            status=job.status,
            assignee=job.assignee,
            current_step=job.current_step,
            steps_total=len(job.steps) if steps_total is None else steps_total,
            quantity=job.quantity,
            due=job.due_at,
            priority=job.priority,
            confidential=job.confidential,
            machine_in_use=job.machine_in_use,
            version=job.version,
            route=job.route_code,
            started_at=job.started_at,
            finished_at=job.finished_at,
            spec=dict(job.spec_values),
            steps=tuple(StepView.of(st) for st in job.steps) if with_steps else (),
            last_seq=job.last_seq,
            reading=job.reading,
            type_reading=jt.reading if _shown(jt.name, jt.name_en) == jt.name else "",
            rework_note=job.rework_note or "",
            checked=job.checked_by is not None,
        )

    @property
    def title_markup(self) -> str:
        """The title with its furigana: the stored reading, or one the analyser proposes now."""
        return japanese.reading_or_proposal(self.title, self.reading)

    @property
    def type_markup(self) -> str:
        return japanese.reading_or_proposal(self.type_name, self.type_reading)

    def redacted(self) -> JobView:
        """What may be shown to someone who is not entitled to a confidential job's details."""
        if not self.confidential:
            return self
        from dataclasses import replace

        return replace(self, title="", reading="", spec={}, steps=(), rework_note="")

    def as_json(self) -> dict[str, Any]:
        """The job as the command line's ``--json`` gives it; ``payload`` is what its ticket's barcode holds."""
        return {
            "code": self.code,
            "payload": codes.ticket_payload(self.code),
            "type": self.type,
            "type_name": self.type_name,
            "title": self.title,
            "status": self.status,
            "assignee": self.assignee,
            "current_step": self.current_step,
            "steps_total": self.steps_total,
            "quantity": self.quantity,
            "due": self.due.isoformat() if self.due else None,
            "priority": self.priority,
            "confidential": self.confidential,
            "machine_in_use": self.machine_in_use,
            "version": self.version,
            "checked": self.checked,
            "rework_note": self.rework_note,
        }


@dataclass(frozen=True)
class SkillView:
    job_type: str
    level: str
    prompt_level: str


@dataclass(frozen=True)
class WorkerView:
    code: str
    name: str
    kana: str
    role: str
    badge: str
    profile: Profile
    present: bool
    station: str | None
    skills: tuple[SkillView, ...] = ()
    active: bool = True
    has_pin: bool = False

    @classmethod
    def of(cls, w: Worker, *, with_skills: bool = False) -> WorkerView:
        skills = tuple(SkillView(sk.job_type.key, sk.level, sk.prompt_level) for sk in w.skills) if with_skills else ()
        return cls(w.code, w.name, w.kana, w.role, w.badge, Profile.from_dict(w.profile), w.present, w.station, skills,
                   active=w.active, has_pin=bool(w.pin_hash))

    def prompt_level_for(self, job_type: str) -> str:
        for sk in self.skills:
            if sk.job_type == job_type:
                return sk.prompt_level
        return "full"

    @property
    def name_markup(self) -> str:
        """The name with its reading as ruby markup (people keep their reading in kana)."""
        return ruby.from_kana(self.name, self.kana) if self.kana.strip() else japanese.ruby_markup(self.name)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kana": self.kana,
            "role": self.role,
            "badge": self.badge,
            "payload": codes.badge_payload(self.badge),
            "present": self.present,
        }


@dataclass(frozen=True)
class MachineView:
    code: str
    name: str
    type: str
    location: str
    out_of_order: bool
    reason: str
    in_use_job: str | None
    in_use_by: str | None
    units_total: int
    runs_total: int
    jams_total: int
    reading: str = ""  # of the name, ruby markup, when the name shown is the Japanese one

    @classmethod
    def of(cls, m: Machine) -> MachineView:
        return cls(
            m.code,
            _shown(m.name, m.name_en),
            m.type,
            m.location,
            m.out_of_order,
            m.out_of_order_reason,
            m.in_use_job,
            m.in_use_by,
            m.units_total,
            m.runs_total,
            m.jams_total,
            m.reading if _shown(m.name, m.name_en) == m.name else "",
        )

    @property
    def name_markup(self) -> str:
        return japanese.reading_or_proposal(self.name, self.reading)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "type": self.type,
            "payload": codes.machine_payload(self.code),
            "location": self.location,
            "out_of_order": self.out_of_order,
            "reason": self.reason if self.out_of_order else None,
            "in_use_job": self.in_use_job,
            "units_total": self.units_total,
            "jams_total": self.jams_total,
        }


@dataclass(frozen=True)
class EventView:
    id: str
    seq: int
    at: dt.datetime
    type: str
    station: str | None
    worker: str | None
    job: str | None
    step: int | None
    machine: str | None
    data: dict[str, Any]

    @classmethod
    def of(cls, e: Event) -> EventView:
        return cls(e.id, e.seq, e.at, e.type, e.station, e.worker, e.job, e.step, e.machine, dict(e.data))

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "seq": self.seq,
            "at": self.at.isoformat(),
            "type": self.type,
            "station": self.station,
            "worker": self.worker,
            "job": self.job,
            "step": self.step,
            "machine": self.machine,
            "data": self.data,
        }


@dataclass(frozen=True)
class HelpCallView:
    id: str
    kind: str
    worker: str | None
    job: str | None
    step: int | None
    station: str | None
    called_at: dt.datetime
    answered_at: dt.datetime | None
    answered_by: str | None
    reason: str | None = None  # for a sync conflict: reassigned, withdrawn, cancelled, delivered, held, unknown_job;
    # for a refused event: its type, id and the server's error

    @classmethod
    def of(cls, c: HelpCall, reason: str | None = None) -> HelpCallView:
        return cls(c.event_id, c.kind, c.worker, c.job, c.step, c.station, c.called_at, c.answered_at, c.answered_by,
                   reason)


@dataclass(frozen=True)
class MachineUsageView:
    """Operations (machine runs ended by ``machine_stopped``) and units of one machine, for
    the local day and month they were counted in."""

    code: str
    runs_today: int = 0
    units_today: int = 0
    jams_today: int = 0
    runs_month: int = 0
    units_month: int = 0
    jams_month: int = 0


@dataclass(frozen=True)
class RouteStopView:
    position: int
    department: str  # department code
    name: str
    mailbox: str


@dataclass(frozen=True)
class RouteDetailView:
    """A route as the console edits it (stops with their mailboxes, in order)."""

    code: str
    name: str
    job_type: str
    weekdays: tuple[int, ...]
    times: tuple[str, ...]
    rota: tuple[str, ...]
    stops: tuple[RouteStopView, ...]
    active: bool = True


@dataclass(frozen=True)
class StopConfirmationView:
    """One stop of a route job: confirmed when its scan step is done."""

    position: int  # the scan step's position in the job
    mailbox: str
    name: str
    done: bool
    done_at: dt.datetime | None
    done_by: str | None


@dataclass(frozen=True)
class RouteRunView:
    job: str
    route: str
    title: str
    due: dt.datetime | None
    status: str
    assignee: str | None
    stops: tuple[StopConfirmationView, ...]

    @property
    def confirmed(self) -> int:
        return sum(1 for st in self.stops if st.done)


@dataclass(frozen=True)
class StationPCView:
    name: str
    kind: str  # station | console | cli
    version: str
    last_seen: dt.datetime | None
    online: bool
    signed_in: tuple[str, ...] = ()  # names of the people signed in there
