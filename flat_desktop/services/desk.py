"""The web ordering desk's side of the core: what a requester of a department may see and do.

A requester sees the catalogue of on-demand job types; orders through ``orders.create`` (the same
checks and messages as the console; the order says it came from the web); follows their own and
their department's orders; reorders, cancels an order nobody has started, writes comments, and
confirms the receipt of a delivered order. Every rule is checked here, on every call:

- an order of another department is "not found", the same answer as a code that does not exist;
- a confidential order shows its title, spec and comments only to the requester who placed it
  (a colleague sees its code, type and progress);
- each action is one event with the requester in it (``requester_id``, ``by``), station ``web``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from flat_desktop import spec
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event, Job, JobKind, JobStatus, Order, Requester
from flat_desktop.errors import InvalidInput, NeedsConfirmation, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.i18n import _, language
from flat_desktop.services import orders, reports
from flat_desktop.services.context import Actor, require_requester
from flat_desktop.services.orders import Created, OrderRequest

DEFAULT_LEAD_DAYS = 2  # a job type without deliveries yet
LEAD_WINDOW = dt.timedelta(days=90)  # the deliveries that say a type's usual lead time
COMMENT_MAX = 1000
MY_ORDERS_LIMIT = 100
FINISHED = (JobStatus.DONE, JobStatus.DELIVERED, JobStatus.CANCELLED)
CANCELLABLE = (JobStatus.RECEIVED, JobStatus.ASSIGNED)


def _shown(ja: str, en: str) -> str:
    return ja if language() == "ja" or not en else en


def status_word(status: str, checked: bool = False) -> str:
    words = {
        JobStatus.RECEIVED: _("Received"),
        JobStatus.ASSIGNED: _("Assigned"),
        JobStatus.IN_PROGRESS: _("In progress"),
        JobStatus.PAUSED: _("In progress (paused)"),
        JobStatus.DONE: _("Quality checked") if checked else _("Work finished"),
        JobStatus.DELIVERED: _("Delivered"),
        JobStatus.CANCELLED: _("Cancelled"),
        JobStatus.ON_HOLD: _("On hold"),
    }
    return words.get(status, status)  # type: ignore[call-overload]


# The stages a requester follows, in order; the index of the one reached is shown.
STAGES = ("received", "assigned", "in_progress", "done", "checked", "delivered")


def stage_words() -> tuple[str, ...]:
    return (_("Received"), _("Assigned"), _("In progress"), _("Work finished"), _("Quality checked"), _("Delivered"))


def stage_of(status: str, checked: bool) -> int:
    """The index in STAGES reached (-1 for a cancelled order); on hold keeps the stage before it."""
    if status == JobStatus.CANCELLED:
        return -1
    if status == JobStatus.DELIVERED:
        return 5
    if status == JobStatus.DONE:
        return 4 if checked else 3
    if status in (JobStatus.IN_PROGRESS, JobStatus.PAUSED):
        return 2
    if status == JobStatus.ASSIGNED:
        return 1
    return 0


@dataclass(frozen=True)
class TypeCard:
    """A job type in the catalogue: what its standard spec includes and its usual lead time."""

    key: str
    name: str
    icon: str
    colour: str
    unit: str
    fields: tuple[spec.SpecField, ...]
    lead_days: int
    minutes_per_unit: float
    setup_minutes: float
    result_picture: str | None = None  # SHA-256 of a typical result's picture: the last step's

    def includes(self) -> list[str]:
        """The standard spec in words: each field with its default (or that it is asked)."""
        out = []
        for f in self.fields:
            if f.default is not None and f.default != "":
                value = f.choice_label(f.default) if f.type == "choice" else (
                    (_("yes") if f.default else _("no")) if f.type == "bool" else f"{f.default}{f.shown_unit()}")
                out.append(f"{f.shown_label()}: {value}")
            else:
                out.append(f.shown_label())
        return out


def _lead_days_of(s: Session, type_ids: list[int], now: dt.datetime) -> dict[int, int]:
    """The usual lead time of each type in days: the middle of its orders' times to delivery over
    the last LEAD_WINDOW (one query on the delivered jobs' index, not one per type)."""
    rows = s.execute(select(Order.job_type_id, Order.created_at, Job.delivered_at)
                     .join(Order, Job.order_id == Order.id)
                     .where(Job.status == JobStatus.DELIVERED, Job.delivered_at >= now - LEAD_WINDOW,
                            Order.job_type_id.in_(type_ids))).all()
    spans: dict[int, list[float]] = {}
    for type_id, created, delivered in rows:
        if created and delivered:
            spans.setdefault(type_id, []).append((delivered - created).total_seconds() / 86400)
    out = {}
    for type_id in type_ids:
        got = sorted(spans.get(type_id, []))
        out[type_id] = max(1, math.ceil(got[len(got) // 2])) if got else DEFAULT_LEAD_DAYS
    return out


def catalogue(db: Database, *, now: dt.datetime | None = None) -> list[TypeCard]:
    with db.reader() as s:
        # The rounds are the station's own: nobody orders them.
        types = [jt for jt in queries.job_types(s) if jt.active and jt.kind == JobKind.ON_DEMAND]
        lead = _lead_days_of(s, [jt.id for jt in types], now or utcnow())
        return [TypeCard(jt.key, _shown(jt.name, jt.name_en), jt.icon, jt.colour, _shown(jt.unit, jt.unit_en),
                         tuple(spec.parse_fields(list(jt.spec))), lead[jt.id], jt.minutes_per_unit, jt.setup_minutes,
                         next((st.picture for st in sorted(jt.steps, key=lambda st: -st.position) if st.picture),
                              None))
                for jt in types]


def card(db: Database, key: str) -> TypeCard:
    for c in catalogue(db):
        if c.key == key:
            return c
    raise NotFound(_("There is no job type '{key}'.").format(key=key[:32]), _("Choose a job type from the list."),
                   reason="unknown_type")


# --- placing an order -------------------------------------------------------------------------


def _requester(s: Session, actor: Actor) -> Requester:
    rid = require_requester(actor)
    r = s.get(Requester, rid)
    if r is None:
        raise NotAllowed(_("Your account has no requester."), _("Ask the station."), reason="no_requester")
    return r


def place(db: Database, actor: Actor, req: OrderRequest, *, confirmed: bool = False,
          early_confirmed: bool = False, now: dt.datetime | None = None) -> Created:
    """An order in the requester's name for their department, through ``orders.create``.

    A due time earlier than the type's usual lead time asks first (NeedsConfirmation, reason
    ``early_due``), as a quantity far above the usual does (``confirmed``)."""
    now = now or utcnow()
    with db.reader() as s:
        r = _requester(s, actor)
        req = replace(req, requester_id=r.id, department=r.department.code)
        jt = queries.job_type(s, req.job_type)
        if jt is not None and jt.kind != JobKind.ON_DEMAND:
            raise NotFound(_("There is no job type '{key}'.").format(key=req.job_type[:32]),
                           _("Choose a job type from the list."), reason="unknown_type")
        lead = _lead_days_of(s, [jt.id], now)[jt.id] if jt is not None else DEFAULT_LEAD_DAYS
    if req.due is not None and not early_confirmed and req.due >= now and req.due < now + dt.timedelta(days=lead):
        raise NeedsConfirmation(
            _("This is earlier than the usual lead time of {n} days.").format(n=lead),
            _("The station will try; tick the box to confirm, or choose a later date."), reason="early_due")
    return orders.create(db, actor, req, now=now, confirmed=confirmed)


# --- the orders a requester follows ---------------------------------------------------------


@dataclass(frozen=True)
class OrderLine:
    code: str
    job: str
    type_key: str
    type_name: str
    type_icon: str
    title: str  # "" when confidential and not the requester's own
    hidden: bool  # a colleague's confidential order: title, spec and comments are not shown
    confidential: bool
    quantity: int
    unit: str
    status: str
    status_word: str
    stage: int
    step: int | None
    steps_total: int
    due: dt.datetime | None
    overdue: bool
    rush: bool
    created_at: dt.datetime
    requester: str
    mine: bool
    from_web: bool
    checked: bool
    delivered_to: str | None
    receipt_confirmed: bool
    expected: dt.datetime | None = None  # when it should be ready (an estimate; see _expected)


@dataclass(frozen=True)
class Comment:
    at: dt.datetime
    by: str
    from_station: bool
    text: str


@dataclass(frozen=True)
class OrderPage:
    line: OrderLine
    spec: tuple[tuple[str, str], ...]
    note: str
    comments: tuple[Comment, ...]
    may_cancel: bool
    may_confirm: bool
    may_comment: bool
    reorder_of: str | None


def _dept_id(r: Requester) -> int:
    return r.department_id


def _expected(o: Order, job: Job | None, steps_total: int, lead_days: int, now: dt.datetime) -> dt.datetime | None:
    """When the order should be ready: while it is worked on, now plus the standard time of the
    steps left; before that, its type's usual lead time from the order (never earlier than the
    standard time from now); once done, when it was finished."""
    if job is None or job.status == JobStatus.CANCELLED:
        return None
    if job.status in (JobStatus.DONE, JobStatus.DELIVERED):
        return job.finished_at
    jt = o.job_type
    standard = dt.timedelta(minutes=jt.setup_minutes + jt.minutes_per_unit * o.quantity)
    if job.status in (JobStatus.IN_PROGRESS, JobStatus.PAUSED) and steps_total and job.current_step:
        return now + standard * ((steps_total - job.current_step + 1) / steps_total)
    return max(now + standard, o.created_at + dt.timedelta(days=lead_days))


def _line(s: Session, o: Order, job: Job | None, r: Requester, now: dt.datetime, web: set[str],
          receipts: set[str], steps_total: int, lead_days: int = DEFAULT_LEAD_DAYS) -> OrderLine:
    mine = o.requester_id == r.id
    hidden = o.confidential and not mine
    jt = o.job_type
    status = job.status if job is not None else JobStatus.RECEIVED
    checked = job is not None and job.checked_by is not None
    due = job.due_at if job is not None else o.due_at
    overdue = due is not None and due < now and status not in FINISHED
    return OrderLine(
        code=o.code, job=job.code if job else "", type_key=jt.key, type_name=_shown(jt.name, jt.name_en),
        type_icon=jt.icon, title="" if hidden else o.title, hidden=hidden, confidential=o.confidential,
        quantity=o.quantity,
        unit=_shown(jt.unit, jt.unit_en), status=status, status_word=status_word(status, checked),
        stage=stage_of(status, checked), step=job.current_step if job else None, steps_total=steps_total,
        due=due, overdue=overdue, rush=(job.priority if job else o.priority) == 1, created_at=o.created_at,
        requester=o.requester.name if o.requester else "", mine=mine, from_web=o.code in web,
        checked=checked, delivered_to=job.delivered_to if job else None,
        receipt_confirmed=bool(job and job.code in receipts),
        expected=_expected(o, job, steps_total, lead_days, now))


def _web_and_receipts(s: Session, job_codes: list[str]) -> tuple[set[str], set[str]]:
    """Which of these orders came from the web (by order code) and which jobs' receipt was confirmed."""
    if not job_codes:
        return set(), set()
    web = {str(c) for c in s.scalars(
        select(Event.data["code"].as_string()).where(Event.job.in_(job_codes), Event.type == EventType.ORDER_CREATED,
                                                     Event.data["source"].as_string() == "web")) if c}
    receipts = set(s.scalars(select(Event.job).where(Event.job.in_(job_codes),
                                                     Event.type == EventType.RECEIPT_CONFIRMED)).all())
    return web, {c for c in receipts if c}


def orders_of(db: Database, actor: Actor, *, mine_only: bool = False, now: dt.datetime | None = None,
              limit: int = MY_ORDERS_LIMIT) -> list[OrderLine]:
    """The requester's own orders, or their department's, newest first."""
    now = now or utcnow()
    with db.reader() as s:
        r = _requester(s, actor)
        q = select(Order).where(Order.department_id == _dept_id(r))
        if mine_only:
            q = q.where(Order.requester_id == r.id)
        found = s.scalars(q.options(selectinload(Order.job_type), selectinload(Order.requester))
                          .order_by(Order.created_at.desc(), Order.id.desc()).limit(limit)).all()
        jobs = {j.order_id: j for j in s.scalars(select(Job).where(Job.order_id.in_([o.id for o in found])))}
        counts = queries.step_counts(s, [j.id for j in jobs.values()])
        web, receipts = _web_and_receipts(s, [j.code for j in jobs.values()])
        lead = _lead_days_of(s, sorted({o.job_type_id for o in found}), now)
        return [_line(s, o, jobs.get(o.id), r, now, web, receipts,
                      counts.get(jobs[o.id].id, 0) if o.id in jobs else 0, lead[o.job_type_id]) for o in found]


def _own(s: Session, actor: Actor, order_code: str) -> tuple[Requester, Order, Job | None]:
    """The order if it is of the requester's department; otherwise "not found", as for no order."""
    r = _requester(s, actor)
    o = queries.order(s, (order_code or "").strip()[:20])
    if o is None or o.department_id != _dept_id(r):
        raise NotFound(_("There is no order {code}.").format(code=(order_code or "")[:20]),
                       _("Choose an order from your department's orders."), reason="unknown_order")
    job = s.scalars(select(Job).where(Job.order_id == o.id)).first()
    return r, o, job


def _comments(s: Session, job_code: str) -> tuple[Comment, ...]:
    events = s.scalars(select(Event).where(Event.job == job_code, Event.type == EventType.ORDER_COMMENT)
                       .order_by(Event.seq)).all()
    return tuple(Comment(e.at, str(e.data.get("by", "")), e.data.get("from") != "web", str(e.data.get("text", "")))
                 for e in events)


def order_page(db: Database, actor: Actor, order_code: str, *, now: dt.datetime | None = None) -> OrderPage:
    now = now or utcnow()
    with db.reader() as s:
        r, o, job = _own(s, actor, order_code)
        web, receipts = _web_and_receipts(s, [job.code] if job else [])
        line = _line(s, o, job, r, now, web, receipts, len(job.steps) if job else 0,
                     _lead_days_of(s, [o.job_type_id], now)[o.job_type_id])
        from flat_desktop.services.history import spec_words

        words = () if line.hidden else spec_words(spec.parse_fields(list(o.job_type.spec)), dict(o.spec_values))
        comments = () if line.hidden or job is None else _comments(s, job.code)
        started = job is not None and job.started_at is not None
        return OrderPage(
            line, words, "" if line.hidden else o.note, comments,
            may_cancel=not line.hidden and job is not None and job.status in CANCELLABLE and not started,
            may_confirm=not line.hidden and job is not None and job.status == JobStatus.DELIVERED
            and not line.receipt_confirmed,
            may_comment=not line.hidden and job is not None,
            reorder_of=o.reorder_of)


def reorder_request(db: Database, actor: Actor, order_code: str) -> OrderRequest:
    """A past order of the department as a new request in the requester's own name (the form
    starts from it; the requester changes what differs and sends it)."""
    with db.reader() as s:
        r, o, _job = _own(s, actor, order_code)
        if o.confidential and o.requester_id != r.id:
            raise NotAllowed(_("A colleague's confidential order cannot be reordered."),
                             _("Ask the colleague, or place a new order."), reason="confidential")
        if o.job_type.kind != JobKind.ON_DEMAND or not o.job_type.active:
            raise NotAllowed(_("This job type can no longer be ordered."), _("Choose a job type from the list."),
                             reason="inactive_type")
        rid = r.id
    return replace(orders.request_from(db, order_code), requester_id=rid)


def _event(s: Session, actor: Actor, kind: EventType, job: Job, data: dict[str, Any]) -> None:
    record(s, NewEvent(kind, station=actor.station, worker=actor.worker, job=job.code,
                       data={"requester_id": actor.requester, "by": actor.name, **data}))


def cancel(db: Database, actor: Actor, order_code: str, reason: str) -> None:
    """Cancel an order nobody has started yet (the same ``job_cancelled`` a supervisor records)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(_("Say why the order is cancelled."), _("Write a short reason."), field="reason")
    if len(reason) > 500:
        raise InvalidInput(_("The reason is too long."), _("Shorten it to 500 characters."), field="reason")
    with db.session() as s:
        r, o, job = _own(s, actor, order_code)
        if job is None or (o.confidential and o.requester_id != r.id):
            raise NotAllowed(_("This order cannot be cancelled here."), _("Ask the station."), reason="not_own")
        if job.status == JobStatus.CANCELLED:
            raise NotAllowed(_("Order {code} is already cancelled.").format(code=o.code), _("Nothing to do."),
                             reason="bad_status")
        if job.status not in CANCELLABLE or job.started_at is not None:
            raise NotAllowed(_("Work on order {code} has started, so it cannot be cancelled here.").format(code=o.code),
                             _("Write a comment to the station, or call them."), reason="started")
        _event(s, actor, EventType.JOB_CANCELLED, job,
               {"reason": reason, "previous": job.status, "assignee": job.assignee, "source": "web"})


def comment(db: Database, actor: Actor, order_code: str, text: str) -> None:
    """A comment on the order: from its department's requester here, or from the station (a
    supervisor asking back, through ``station_comment``)."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("The comment is empty."), _("Write your comment."), field="text")
    if len(text) > COMMENT_MAX:
        raise InvalidInput(_("The comment is too long."), _("Shorten it to {n} characters.").format(n=COMMENT_MAX),
                           field="text")
    with db.session() as s:
        r, o, job = _own(s, actor, order_code)
        if job is None or (o.confidential and o.requester_id != r.id):
            raise NotAllowed(_("This order cannot take comments here."), _("Ask the station."), reason="not_own")
        _event(s, actor, EventType.ORDER_COMMENT, job, {"text": text, "from": "web", "order": o.code})


def station_comment(db: Database, actor: Actor, job_code: str, text: str) -> None:
    """A supervisor's comment on a job's order, shown to the requester at the desk."""
    from flat_desktop.services.context import require_supervisor

    require_supervisor(actor)
    text = (text or "").strip()
    if not text or len(text) > COMMENT_MAX:
        raise InvalidInput(_("The comment is empty.") if not text else _("The comment is too long."),
                           _("Write your comment."), field="text")
    with db.session() as s:
        job = queries.job(s, job_code)
        if job is None or job.order is None:
            raise NotFound(_("There is no job {code}.").format(code=job_code), _("Check the job code."))
        record(s, NewEvent(EventType.ORDER_COMMENT, station=actor.station, worker=actor.worker, job=job.code,
                           data={"text": text, "from": "station", "by": actor.name, "order": job.order.code}))


def confirm_receipt(db: Database, actor: Actor, order_code: str) -> None:
    """The requester confirms they received the delivered order (recorded as its receiver)."""
    with db.session() as s:
        r, o, job = _own(s, actor, order_code)
        if job is None or (o.confidential and o.requester_id != r.id):
            raise NotAllowed(_("This order cannot be confirmed here."), _("Ask the station."), reason="not_own")
        if job.status != JobStatus.DELIVERED:
            raise NotAllowed(_("Order {code} has not been delivered yet.").format(code=o.code),
                             _("Confirm it when it has arrived."), reason="not_delivered")
        if s.scalar(select(func.count()).select_from(Event).where(
                Event.job == job.code, Event.type == EventType.RECEIPT_CONFIRMED)):
            raise NotAllowed(_("The receipt of order {code} is confirmed already.").format(code=o.code),
                             _("Nothing to do."), reason="already_done")
        _event(s, actor, EventType.RECEIPT_CONFIRMED, job, {"order": o.code, "delivered_to": job.delivered_to})


def hours_this_month(db: Database, actor: Actor, *, today: dt.date | None = None) -> float:
    """The hours the station gave back to the requester's department this month (the reports' figure)."""
    with db.reader() as s:
        code = _requester(s, actor).department.code
    rng = reports.Range.of(today=today)
    first = (today or rng.end - dt.timedelta(days=1)).replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    month = reports.Range(first, nxt, rng.offset_minutes)
    return sum(line.hours for line in reports.hours(db, month, reports.Period.MONTH).lines
               if line.department == code)


def last_change(db: Database) -> int:
    """The newest event's sequence number: a page asks for it, and reloads its list when it moved."""
    with db.reader() as s:
        return queries.last_seq(s)
