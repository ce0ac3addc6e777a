"""Master data for the console: job types with their step templates, requesters, departments,
past orders, routes and workers' skills.

Template edits replace the type's templates only; jobs keep the steps copied when they
were made, so an edit never changes a job already created. Every edit is logged as
``master_changed`` with who made it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select

from flat_desktop import ruby, spec
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import JobType, Order, SkillLevel, StepKind, StepTemplate
from flat_desktop.errors import InvalidInput, NotFound
from flat_desktop.events import EventType, NewEvent
from flat_desktop.i18n import _, language
from flat_desktop.services import people, pictures
from flat_desktop.services.context import Actor, require_supervisor


def _shown(ja: str, en: str) -> str:
    return ja if language() == "ja" or not en else en


@dataclass(frozen=True)
class StepTemplateView:
    title: str
    text: str
    reading: str = ""
    picture: str | None = None
    icon: str = "fa6s.circle-check"
    kind: str = str(StepKind.PLAIN)
    machine_type: str | None = None
    count_source: str | None = None
    expected_code: str | None = None
    min_dwell_s: float | None = None
    info_only: bool = False
    condition: dict[str, Any] | None = None  # the step applies only to orders where this holds (spec.py)


@dataclass(frozen=True)
class JobTypeView:
    key: str
    name: str
    kind: str
    unit: str
    minutes_per_unit: float
    setup_minutes: float
    spec: list[dict[str, Any]]
    colour: str
    icon: str
    steps: tuple[StepTemplateView, ...] = field(default_factory=tuple)
    reading: str = ""  # of the name (ruby markup), when the name shown is the Japanese one
    check_waived: bool = False  # delivered without a passed quality check

    def standard_minutes(self, quantity: int) -> float:
        """The standard time of a job of ``quantity`` units (what elapsed time is compared with)."""
        return self.setup_minutes + self.minutes_per_unit * quantity


@dataclass(frozen=True)
class DepartmentView:
    code: str
    name: str
    kana: str
    mailbox: str


@dataclass(frozen=True)
class RequesterView:
    id: int
    name: str
    kana: str
    department: str  # department code
    department_name: str


@dataclass(frozen=True)
class OrderSummary:
    code: str
    job_type: str
    type_name: str
    title: str
    requester: str
    department: str
    quantity: int
    created_at: dt.datetime
    reorder_of: str | None = None


@dataclass(frozen=True)
class RouteView:
    code: str
    name: str
    job_type: str
    weekdays: tuple[int, ...]
    times: tuple[str, ...]
    rota: tuple[str, ...]
    stops: tuple[str, ...]
    reading: str = ""  # of the name (ruby markup), when the name shown is the Japanese one


def job_types(db: Database, *, active_only: bool = True) -> list[JobTypeView]:
    with db.reader() as s:
        out = []
        for jt in queries.job_types(s):
            if active_only and not jt.active:
                continue
            steps = tuple(StepTemplateView(t.title, t.text, t.reading, t.picture, t.icon, t.kind, t.machine_type,
                                           t.count_source, t.expected_code, t.min_dwell_s, t.info_only,
                                           t.condition)
                          for t in jt.steps)
            out.append(JobTypeView(jt.key, _shown(jt.name, jt.name_en), jt.kind, _shown(jt.unit, jt.unit_en),
                                   jt.minutes_per_unit, jt.setup_minutes, list(jt.spec), jt.colour, jt.icon, steps,
                                   jt.reading if _shown(jt.name, jt.name_en) == jt.name else "",
                                   check_waived=jt.check_waived))
        return out


def departments(db: Database) -> list[DepartmentView]:
    with db.reader() as s:
        return [DepartmentView(d.code, _shown(d.name, d.name_en), d.kana, d.mailbox) for d in queries.departments(s)]


def requesters(db: Database) -> list[RequesterView]:
    with db.reader() as s:
        return [RequesterView(r.id, r.name, r.kana, r.department.code, _shown(r.department.name, r.department.name_en))
                for r in queries.requesters(s)]


def order_history(db: Database, *, text: str = "", job_type: str | None = None,
                  limit: int = 200) -> list[OrderSummary]:
    with db.reader() as s:
        return [OrderSummary(o.code, o.type_key, _shown(o.type_name, o.type_name_en), o.title, o.requester or "",
                             _shown(o.department, o.department_en) if o.department else "",
                             o.quantity, o.created_at, o.reorder_of)
                for o in queries.orders_search(s, text=text, job_type_key=job_type, limit=limit)]


def routes(db: Database) -> list[RouteView]:
    with db.reader() as s:
        return [RouteView(r.code, _shown(r.name, r.name_en), r.job_type.key, tuple(r.weekdays), tuple(r.times),
                          tuple(r.rota), tuple(_shown(st.department.name, st.department.name_en) for st in r.stops),
                          r.reading if _shown(r.name, r.name_en) == r.name else "")
                for r in queries.routes(s)]


SAMPLE_QUANTITY = 100  # a job type without past orders is previewed with 100 units
SAMPLE_ORDERS = 200  # the recent orders whose middle quantity is the typical one


def sample_order(db: Database, job_type: str) -> dict[str, Any]:
    """The values a preview fills a step with: a typical quantity (the middle one of the type's
    recent orders) and the spec's defaults (the first choice where there is none), with the first
    department for a mail round's stop."""
    with db.reader() as s:
        jt = s.scalar(select(JobType).where(JobType.key == job_type))
        if jt is None:
            raise NotFound(_("There is no job type '{key}'.").format(key=job_type), _("Choose a job type."))
        quantities = sorted(s.scalars(select(Order.quantity).where(Order.job_type_id == jt.id)
                                      .order_by(Order.id.desc()).limit(SAMPLE_ORDERS)).all())
        fields_ = spec.parse_fields(list(jt.spec))
        depts = queries.departments(s)
        stop = (_shown(depts[0].name, depts[0].name_en), depts[0].mailbox) if depts else ("", "")
    values: dict[str, Any] = {"quantity": quantities[len(quantities) // 2] if quantities else SAMPLE_QUANTITY}
    for f in fields_:
        if f.default is not None:
            values[f.key] = f.default
        elif f.type == "choice" and f.choices:
            values[f.key] = f.choices[0].value
        elif f.type == "bool":
            values[f.key] = False
        elif f.type == "int":
            values[f.key] = f.min if f.min is not None else 1
    values.setdefault("department", stop[0])
    values.setdefault("mailbox", stop[1])
    return values


@dataclass(frozen=True)
class StepPreview:
    title: str
    markup: str  # the step's words with the sample values, ruby markup when it has a reading
    target: int | None  # what a count or machine step counts to


def preview_step(st: StepTemplateView, values: dict[str, Any]) -> StepPreview:
    """A step as a job made from an order with ``values`` would carry it (as orders.step_rows fills it)."""
    markup = spec.fill(st.reading, values) if st.reading else spec.fill(st.text, values)
    target = spec.count_target(st.count_source, values) if st.kind in (StepKind.COUNT, StepKind.MACHINE) else None
    return StepPreview(spec.fill(st.title, values), markup, target)


def count_sources(spec_: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """What a count or machine step may count to: the quantity, a whole-number spec field, or the
    quantity times one (a copier counts sheets: sets × originals); (source, label) pairs."""
    quantity = _("Quantity")
    out = [("quantity", quantity)]
    for f in spec.parse_fields(spec_):
        if f.type == "int":
            out.append((f.key, f.shown_label()))
            out.append((f"quantity*{f.key}", f"{quantity} × {f.shown_label()}"))
    return out


def save_steps(db: Database, actor: Actor, job_type: str, steps: list[StepTemplateView]) -> None:
    """Replace a job type's step templates (jobs already made keep their own copied steps)."""
    require_supervisor(actor)
    if not steps:
        raise InvalidInput(_("A job type needs at least one step."), _("Add a step."), field="steps")
    for i, st in enumerate(steps, 1):
        if not st.title.strip() or not st.text.strip():
            raise InvalidInput(_("Step {n} has no title or text.").format(n=i), _("Write the step's title and text."),
                               field=f"step{i}", reason="step_words")
        if st.reading and (not ruby.is_valid(st.reading) or ruby.to_plain(st.reading) != st.text.strip()):
            # The screen and speech read the reading, the ticket the text: they must say the same.
            raise InvalidInput(_("Step {n}: the reading does not say the same as the text.").format(n=i),
                               _("Press Propose reading, or correct the reading to match the text."),
                               field=f"step{i}", reason="reading_mismatch")
        if st.kind not in set(StepKind):
            raise InvalidInput(_("Step {n} has an unknown kind.").format(n=i), _("Choose a kind from the list."),
                               field=f"step{i}", reason="unknown_kind")
    with db.session() as s:
        jt = queries.job_type(s, job_type)
        if jt is None:
            raise NotFound(_("There is no job type '{key}'.").format(key=job_type), _("Choose a job type."))
        for i, st in enumerate(steps, 1):
            spec.check_condition(list(jt.spec), st.condition, step=i)
            if st.picture and not pictures.exists(s, st.picture):
                raise InvalidInput(_("Step {n}: its picture is not in the database.").format(n=i),
                                   _("Choose the picture file again, or remove the picture."), field=f"step{i}",
                                   reason="picture_missing")
        jt.steps.clear()
        s.flush()  # the old rows go first, so (job_type, position) stays unique
        for i, st in enumerate(steps, 1):
            jt.steps.append(StepTemplate(position=i, **{k: v for k, v in asdict(st).items()}))
        record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                           data={"what": "step_templates", "of": job_type, "steps": len(steps)}))


def set_skill(db: Database, actor: Actor, worker_code: str, job_type: str, level: str | None) -> None:
    """Give a worker a skill at ``level`` (learning/independent/certified), or take it away (None)."""
    require_supervisor(actor)
    if level is not None and level not in set(SkillLevel):
        raise InvalidInput(_("Unknown skill level."), _("Choose a level from the list."), field="level")
    with db.session() as s:
        w = queries.worker(s, worker_code)
        jt = queries.job_type(s, job_type)
        if w is None or jt is None:
            raise NotFound(_("No such worker or job type."), _("Check the codes."))
        people.set_skill_in(s, actor, w, jt, level)
