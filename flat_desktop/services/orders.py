"""Orders (発注) with standard specs, and the job each order becomes.

Creating an order validates it against the job type's spec, records ``order_created``
and ``job_created`` (the job's steps copied from the templates with the order's values
filled in), so later template edits never change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flat_desktop import codes, ruby, spec
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import next_value, record
from flat_desktop.db.models import JobType, Order, StepKind, StepTemplate
from flat_desktop.errors import InvalidInput, NeedsConfirmation, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.i18n import _
from flat_desktop.services.context import Actor, require_supervisor
from flat_desktop.services.holders import Holder, list_kind
from flat_desktop.services.holders import check as check_rows
from flat_desktop.services.names import reading_of

MAX_QUANTITY = 100_000
UNUSUAL_FACTOR = 3  # an order above three times the type's usual largest asks first
WORK_WEEK_MIN = 5 * 7.5 * 60  # standard minutes above one person's working week ask first
HISTORY = 200  # past orders of a type that say what its usual range is


@dataclass(frozen=True)
class OrderRequest:
    job_type: str
    title: str
    quantity: int
    spec: dict[str, Any] = field(default_factory=dict)
    requester_id: int | None = None
    department: str | None = None  # department code
    due: dt.datetime | None = None
    priority: int = 2
    confidential: bool = False
    note: str = ""
    reorder_of: str | None = None
    reading: str = ""  # of the title, ruby markup; empty: proposed by the analyser
    # The order's list: card holders, name tags or file labels (services.holders); empty: none.
    rows: tuple[Holder, ...] = ()


@dataclass(frozen=True)
class Created:
    order: str | None
    job: str


def local_day(at: dt.datetime) -> str:
    return at.astimezone().strftime("%y%m%d")


def new_job_code(s: Session, at: dt.datetime) -> str:
    day = local_day(at)
    return f"J-{day}-{next_value(s, 'job:' + day):03d}"


def step_rows(
    jt: JobType, values: dict[str, Any], quantity: int, stops: list[tuple[str, str, str]] | None = None
) -> list[dict[str, Any]]:
    """The job's steps from the type's templates whose condition holds for ``values``, values filled in.

    A scan step whose expected code is ``$stop`` is repeated once per route stop
    (``stops``: department name, mailbox number and the name's reading as ruby markup), with
    ``$department`` filled in: the reading's in the step's reading, so the department is shown
    with furigana and said by its name.
    """
    filled = {"quantity": quantity, **values}
    rows: list[dict[str, Any]] = []

    def add(t: StepTemplate, extra: dict[str, Any], expected: str | None, marked: dict[str, Any]) -> None:
        vals = {**filled, **extra}
        reading = spec.fill(t.reading, {**vals, **marked})
        target = spec.count_target(t.count_source, vals) if t.kind in (StepKind.COUNT, StepKind.MACHINE) else None
        rows.append(
            {
                "position": len(rows) + 1,
                "title": spec.fill(t.title, vals)[:60],
                # One stored wording: the text is the reading without its furigana, so the
                # ticket, the screen and the voice can never say different things.
                "text": ruby.to_plain(reading) if t.reading else spec.fill(t.text, vals),
                "reading": reading,
                "picture": t.picture,
                "icon": t.icon,
                "kind": t.kind,
                "machine_type": t.machine_type,
                "target": target,
                "expected_code": expected,
                "min_dwell_s": t.min_dwell_s,
                "info_only": t.info_only,
            }
        )

    for t in jt.steps:
        if not spec.condition_holds(t.condition, values):
            continue  # e.g. no folding step when the order says 折らない
        if t.kind == StepKind.SCAN and t.expected_code == "$stop":
            for name, mailbox, name_reading in stops or []:
                add(t, {"department": name, "mailbox": mailbox}, codes.mailbox_payload(mailbox),
                    {"department": name_reading or name})
        else:
            add(t, {}, t.expected_code, {})
    return rows


def number_in_words(n: int) -> str:
    """A number as a Japanese reader checks it at a glance: 100000 -> 10万, 1200000 -> 120万."""
    if n >= 100_000_000 and n % 100_000_000 == 0:
        return f"{n // 100_000_000:,}億"
    if n >= 10_000:
        man, rest = divmod(n, 10_000)
        return f"{man:,}万" + (f"{rest:,}" if rest else "")
    return f"{n:,}"


def _printable(field: str, value: str) -> None:
    from flat_desktop.printing.fonts import unprintable

    bad = unprintable(value)
    if bad:
        raise InvalidInput(
            _("「{chars}」 cannot be printed on the ticket.").format(chars="".join(bad[:5])),
            _("Remove it, or write it another way."),
            field=field,
            reason="unprintable",
        )


def _usual_largest(s: Session, jt: JobType) -> int | None:
    """The 95th percentile of the quantity of this type's recent orders (None with little history)."""
    quantities = sorted(s.scalars(select(Order.quantity).where(Order.job_type_id == jt.id)
                                  .order_by(Order.id.desc()).limit(HISTORY)).all())
    if len(quantities) < 10:
        return None
    return quantities[min(len(quantities) - 1, int(len(quantities) * 0.95))]


def _check_plausible(s: Session, jt: JobType, quantity: int) -> None:
    """Ask before an order far outside what this type usually gets (a typo of 100,000 for 100)."""
    unit = jt.unit
    usual = _usual_largest(s, jt)
    minutes = jt.setup_minutes + jt.minutes_per_unit * quantity
    if usual is not None and quantity > UNUSUAL_FACTOR * usual:
        said = _("{words} {unit} ({n:,} {unit}) is far more than this job type usually gets (at most about "
                 "{usual:,} {unit}).").format(words=number_in_words(quantity), unit=unit, n=quantity, usual=usual)
    elif minutes > WORK_WEEK_MIN:
        said = _("{words} {unit} ({n:,} {unit}) is about {hours:,} hours of work by the standard time.").format(
            words=number_in_words(quantity), unit=unit, n=quantity, hours=round(minutes / 60))
    else:
        return
    raise NeedsConfirmation(said, _("Is this number right? Place the order only if it is."), reason="unusual_quantity")


def _rows(job_type: str, values: dict[str, Any], rows: tuple[Holder, ...]) -> tuple[Holder, ...]:
    """The order's list checked for its kind; the spec's head count follows the list."""
    if not rows:
        return ()
    kind = list_kind(job_type, values)
    if kind is None:
        raise InvalidInput(_("This job type has no list of people or labels."),
                           _("Remove the list, or choose business cards, name tags or files."), field="rows")
    checked = check_rows(kind, [r.as_data() for r in rows])
    if "people" in values:
        values["people"] = len(checked)  # the list is who gets cards: its length is the head count
    return checked


def create(db: Database, actor: Actor, req: OrderRequest, *, now: dt.datetime | None = None,
           confirmed: bool = False) -> Created:
    """Validate and place an order; returns the order and job codes.

    An order far outside the type's usual range raises NeedsConfirmation (nothing is saved)
    unless ``confirmed``: the caller asks the person and calls again.

    A supervisor orders for anyone; a requester at the web ordering desk only in their own name
    and for their own department, and the order says it came from the web (``source``)."""
    _may_order(actor, req)
    now = now or utcnow()
    title = req.title.strip()
    if not title:
        raise InvalidInput(
            _("The title is empty."), _("Write what the job is, e.g. the meeting's name."), field="title"
        )
    if len(title) > 200:
        raise InvalidInput(_("The title is too long."), _("Shorten it to 200 characters."), field="title")
    _printable("title", title)
    _printable("note", req.note)
    reading = reading_of(title, req.reading)
    if not isinstance(req.quantity, int) or not 1 <= req.quantity <= MAX_QUANTITY:
        raise InvalidInput(
            _("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY),
            _("Enter the number of pieces."),
            field="quantity",
        )
    if req.priority not in (1, 2, 3):
        raise InvalidInput(
            _("Priority is 1 (urgent), 2 (normal) or 3 (low)."), _("Choose a priority."), field="priority"
        )
    if req.due is not None:
        if req.due.tzinfo is None:
            raise InvalidInput(_("The due time has no time zone."), _("Give the due time with its zone."), field="due")
        if req.due < now - dt.timedelta(minutes=1):
            raise InvalidInput(_("The due time is in the past."), _("Choose a later due time."), field="due")
    with db.session() as s:
        jt = queries.job_type(s, req.job_type)
        if jt is None or not jt.active:
            raise NotFound(
                _("There is no job type '{key}'.").format(key=req.job_type),
                _("Choose a job type from the list."),
                reason="unknown_type",
            )
        values = spec.validate(jt.spec, req.spec)
        for key, value in values.items():
            if isinstance(value, str):
                _printable(key, value)
        rows = _rows(jt.key, values, req.rows)
        if not confirmed:
            _check_plausible(s, jt, req.quantity)
        dept_id = None
        if req.department:
            dept = queries.department(s, req.department)
            if dept is None:
                raise NotFound(
                    _("There is no department '{code}'.").format(code=req.department),
                    _("Choose a department from the list."),
                )
            dept_id = dept.id
        if req.requester_id is not None:
            requester = next((r for r in queries.requesters(s) if r.id == req.requester_id), None)
            if requester is None:
                raise NotFound(_("The requester is not known."), _("Choose a requester from the list."))
            dept_id = dept_id or requester.department_id
            if actor.is_requester and dept_id != requester.department_id:
                raise NotAllowed(_("You can order only for your own department."),
                                 _("Choose your own department."), reason="not_own_department")
        job_code = new_job_code(s, now)
        order_code = "O" + job_code[1:]
        web: dict[str, Any] = {"source": "web", "by": actor.name} if actor.is_requester else {}
        record(
            s,
            NewEvent(
                EventType.ORDER_CREATED,
                station=actor.station,
                worker=actor.worker,
                job=job_code,
                at=now,
                data={
                    "code": order_code,
                    "job_type_id": jt.id,
                    "requester_id": req.requester_id,
                    "department_id": dept_id,
                    "title": title,
                    "reading": reading,
                    "spec": values,
                    "quantity": req.quantity,
                    "due": req.due.isoformat() if req.due else None,
                    "priority": req.priority,
                    "note": req.note,
                    "confidential": req.confidential,
                    "reorder_of": req.reorder_of,
                    **web,  # placed at the web ordering desk: says so, and who
                    **({"rows": [r.as_data() for r in rows]} if rows else {}),  # the list, if any
                },
            ),
        )
        record(
            s,
            NewEvent(
                EventType.JOB_CREATED,
                station=actor.station,
                worker=actor.worker,
                job=job_code,
                at=now,
                data={
                    "job_type_id": jt.id,
                    "type": jt.key,
                    "order": order_code,
                    "title": title,
                    "reading": reading,
                    "quantity": req.quantity,
                    "spec": values,
                    "due": req.due.isoformat() if req.due else None,
                    "priority": req.priority,
                    "confidential": req.confidential,
                    "steps": step_rows(jt, values, req.quantity),
                    **web,
                },
            ),
        )
    return Created(order_code, job_code)


def _may_order(actor: Actor, req: OrderRequest) -> None:
    if actor.is_requester:
        if req.requester_id is None or req.requester_id != actor.requester:
            raise NotAllowed(_("You can order only in your own name."), _("Sign in with your own staff number."),
                             reason="not_own")
        return
    require_supervisor(actor)


def request_from(db: Database, order_code: str) -> OrderRequest:
    """A past order as a request to place again (the console's reorder form starts from it)."""
    with db.reader() as s:
        o = queries.order(s, order_code)
        if o is None:
            raise NotFound(_("There is no order {code}.").format(code=order_code), _("Search the order history."))
        return OrderRequest(
            job_type=o.job_type.key,
            title=o.title,
            reading=o.reading,
            quantity=o.quantity,
            spec=dict(o.spec_values),
            requester_id=o.requester_id,
            department=o.department.code if o.department else None,
            priority=o.priority,
            confidential=o.confidential,
            note=o.note,
            reorder_of=o.code,
            rows=tuple(Holder(r.name, r.kana, r.title, r.section, r.phone, r.email, r.label) for r in o.rows),
        )


def reorder(
    db: Database,
    actor: Actor,
    order_code: str,
    *,
    due: dt.datetime | None = None,
    now: dt.datetime | None = None,
    **changes: Any,
) -> Created:
    """Place a past order again, changing only what differs (title, quantity, spec values...)."""
    base = request_from(db, order_code)
    if "spec" in changes:
        changes["spec"] = {**base.spec, **changes["spec"]}
    if "title" in changes and "reading" not in changes:
        changes["reading"] = ""  # the old title's reading: a new one is proposed
    unknown = set(changes) - set(OrderRequest.__dataclass_fields__)
    if unknown:
        raise NotAllowed(
            _("Cannot change {names} in a reorder.").format(names=", ".join(sorted(unknown))),
            _("Change only the order's fields."),
        )
    return create(db, actor, replace(base, due=due, **changes), now=now)
