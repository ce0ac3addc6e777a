"""Scheduled rounds (定期業務): each route's jobs for a day, made at its times and given in turn
to the workers of its rota who are scheduled that day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from flat_desktop import codes, japanese
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import next_value, record
from flat_desktop.db.models import Job, JobKind, JobStatus, Role, Route, RouteStop, StepKind, StepState
from flat_desktop.errors import InvalidInput, NotFound
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.i18n import _, language
from flat_desktop.services.context import Actor, require_supervisor
from flat_desktop.services.names import department_reading, reading_of
from flat_desktop.services.orders import new_job_code, step_rows
from flat_desktop.services.views import RouteDetailView, RouteRunView, RouteStopView, StopConfirmationView


@dataclass(frozen=True)
class DayRounds:
    """What one ``make_day`` did: jobs made, runs given a worker (made now or left open
    before), and runs nobody scheduled could take (job code and route)."""

    made: tuple[str, ...] = ()
    assigned: tuple[tuple[str, str], ...] = ()  # (job code, worker code)
    unstaffed: tuple[tuple[str, str], ...] = ()  # (job code, route code)


def _pool(s: Session, route: Route, duty: list[str]) -> list[str]:
    """Who may take ``route``'s runs on a day: its rota (or, without one, every worker with the
    skill), in that order, less whoever is not scheduled that day."""
    if route.rota:
        pool = list(route.rota)
    else:
        pool = [w.code for w in queries.workers(s)
                if any(sk.job_type_id == route.job_type_id for sk in w.skills)]
    on = set(duty)
    return [code for code in pool if code in on]


def make_day(
    db: Database, actor: Actor, day: dt.date, *, tz: dt.tzinfo | None = None, now: dt.datetime | None = None
) -> DayRounds:
    """Make the route jobs of ``day`` that do not exist yet and give each run a worker who is
    scheduled that day (services.schedule), taken in turn from the route's rota.

    Idempotent: a run (route, day, time) already made is not made again, and a run already
    given to someone keeps them; a run left without a worker (nobody scheduled, or made before
    the schedule changed) gets one now. Running it twice for a day adds only what is missing.
    """
    from flat_desktop.services.schedule import on_duty

    require_supervisor(actor)
    tz = tz or dt.datetime.now().astimezone().tzinfo
    now = now or utcnow()
    made: list[str] = []
    assigned: list[tuple[str, str]] = []
    unstaffed: list[tuple[str, str]] = []
    with db.session() as s:
        # One maker per day at a time: on a shared server a second PC's run waits here and then
        # sees the jobs the first one made, instead of making them twice.
        next_value(s, f"rounds:{day.isoformat()}")
        duty = on_duty(s, day)
        # A worker takes one run at a time: runs already given out that day count.
        start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz)
        taken: dict[dt.datetime, set[str]] = {}
        for due_at, who in s.execute(select(Job.due_at, Job.assignee).where(
                Job.route_code.is_not(None), Job.due_at >= start, Job.due_at < start + dt.timedelta(days=1))):
            if who and due_at is not None:
                taken.setdefault(due_at, set()).add(who)
        for route in queries.routes(s):
            if not route.active or day.weekday() not in route.weekdays:
                continue
            jt = route.job_type
            stops = [(st.department.name, st.department.mailbox, department_reading(st.department))
                     for st in route.stops]
            name_reading = route.reading or japanese.ruby_markup(route.name)
            pool = _pool(s, route, duty)
            for i, hhmm in enumerate(route.times):
                hour, minute = (int(x) for x in hhmm.split(":"))
                due = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)
                run = f"{route.code}@{day.isoformat()}T{hhmm}"
                existing = s.execute(select(Job.code, Job.assignee, Job.status).where(
                    Job.route_code == route.code, Job.due_at == due)).first()
                if existing is not None:
                    code, holder, status = existing
                    if holder is not None or status != JobStatus.RECEIVED:
                        continue
                else:
                    code = new_job_code(s, due)
                    record(
                        s,
                        NewEvent(
                            EventType.JOB_CREATED,
                            station=actor.station,
                            worker=actor.worker,
                            job=code,
                            at=now,
                            data={
                                "job_type_id": jt.id,
                                "type": jt.key,
                                "route": route.code,
                                "run": run,
                                "title": f"{route.name} {hhmm}",
                                "reading": f"{name_reading} {hhmm}",
                                "quantity": len(stops),
                                "spec": {},
                                "due": due.isoformat(),
                                "priority": 2,
                                "steps": step_rows(jt, {}, len(stops), stops),
                            },
                        ),
                    )
                    made.append(code)
                busy = taken.setdefault(due, set())
                turn = (day.toordinal() + i) % len(pool) if pool else 0
                who = next((w for w in pool[turn:] + pool[:turn] if w not in busy), None)
                if who is None:
                    unstaffed.append((code, route.code))
                    continue
                busy.add(who)
                record(
                    s,
                    NewEvent(
                        EventType.JOB_ASSIGNED,
                        station=actor.station,
                        worker=actor.worker,
                        job=code,
                        at=now,
                        data={"assignee": who, "previous": None, "rota": True},
                    ),
                )
                assigned.append((code, who))
    return DayRounds(tuple(made), tuple(assigned), tuple(unstaffed))


def generate_day(
    db: Database, actor: Actor, day: dt.date, *, tz: dt.tzinfo | None = None, now: dt.datetime | None = None
) -> list[str]:
    """Make the route jobs of ``day`` that do not exist yet (``make_day``); returns their codes."""
    return list(make_day(db, actor, day, tz=tz, now=now).made)


# --- closing finished rounds --------------------------------------------------------------
# A round's deliveries happen at its stops, each confirmed by scanning the mailbox: once the
# round is finished there is nothing to check or hand over, so it closes itself (job_delivered
# marked "round") and the Finished column keeps only work that waits for a check or a delivery.


def round_closed(station: str | None, worker: str | None, job: str, *, stops: int,
                 at: dt.datetime | None = None) -> NewEvent:
    """The event that closes a finished round (also written by the demo's history)."""
    return NewEvent(EventType.JOB_DELIVERED, station=station, worker=worker, job=job, at=at or utcnow(),
                    data={"round": True, "stops": stops})


def close_finished_rounds(db: Database, actor: Actor, codes: Sequence[str] | None = None) -> list[str]:
    """Close every finished round (of ``codes``, or all) whose stops were all confirmed; returns
    the codes closed. A round another console closed first is skipped (nothing twice)."""
    require_supervisor(actor)
    q = select(Job).where(Job.route_code.is_not(None), Job.status == str(JobStatus.DONE))
    if codes is not None:
        q = q.where(Job.code.in_(list(codes)))
    with db.reader() as s:
        # Read first: most finished jobs are not rounds, and a write session would hold the
        # SQLite write lock for nothing.
        if s.scalar(select(func.count()).select_from(q.subquery())) == 0:
            return []
    closed: list[str] = []
    try:
        with db.session() as s:
            for job in s.scalars(q.options(selectinload(Job.steps)).order_by(Job.id)).all():
                stops = [st for st in job.steps if st.kind == StepKind.SCAN]
                if not stops or any(st.state != StepState.DONE for st in stops):
                    continue
                record(s, round_closed(actor.station, actor.worker, job.code, stops=len(stops)))
                closed.append(job.code)
    except StaleDataError:  # another console closed one of them at the same moment: it is closed
        return []
    return closed


# --- editing routes (console) ------------------------------------------------------------

ROUTE_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
NAME_MAX = 100


def _shown(ja: str, en: str) -> str:
    return ja if language() == "ja" or not en else en


@dataclass(frozen=True)
class RouteDraft:
    """A route as typed in the console: ``stops`` are mailbox numbers in order, ``rota`` worker codes."""

    code: str
    name: str
    job_type: str
    weekdays: Sequence[int] = ()
    times: Sequence[str] = ()
    rota: Sequence[str] = ()
    stops: Sequence[str] = ()
    active: bool = True
    reading: str = ""  # of the (Japanese) name, ruby markup; empty: proposed


def _detail(r: Route) -> RouteDetailView:
    return RouteDetailView(
        r.code, _shown(r.name, r.name_en), r.job_type.key, tuple(r.weekdays), tuple(r.times), tuple(r.rota),
        tuple(RouteStopView(st.position, st.department.code, _shown(st.department.name, st.department.name_en),
                            st.department.mailbox) for st in r.stops),
        r.active,
    )


def route(db: Database, code: str) -> RouteDetailView:
    with db.reader() as s:
        r = _route(s, code)
        return _detail(r)


def route_job_types(db: Database) -> list[tuple[str, str]]:
    """(key, name) of the scheduled job types a route can use."""
    with db.reader() as s:
        return [(jt.key, _shown(jt.name, jt.name_en)) for jt in queries.job_types(s)
                if jt.kind == JobKind.SCHEDULED and jt.active]


def _route(s: Session, code: str) -> Route:
    r = s.scalars(select(Route).where(Route.code == code).options(selectinload(Route.stops))).one_or_none()
    if r is None:
        raise NotFound(_("There is no route {code}.").format(code=code), _("Choose a route from the list."))
    return r


def _problems(s: Session, d: RouteDraft, *, new: bool) -> dict[str, tuple[str, str]]:
    problems: dict[str, tuple[str, str]] = {}
    code = d.code.strip().upper()
    if new:
        if not ROUTE_CODE.fullmatch(code):
            problems["code"] = _("The route code must be 1–16 letters, digits or '-'."), _(
                "Write a short code, e.g. MAIL-D.")
        elif s.scalar(select(Route.id).where(Route.code == code)) is not None:
            problems["code"] = _("There is already a route {code}.").format(code=code), _(
                "Choose another code, or edit that route.")
    name = d.name.strip()
    if not name:
        problems["name"] = _("The route has no name."), _("Write a name, e.g. Mail round, annex.")
    elif len(name) > NAME_MAX:
        problems["name"] = _("The name is too long."), _("Use at most {n} characters.").format(n=NAME_MAX)
    jt = queries.job_type(s, d.job_type)
    if jt is None or jt.kind != JobKind.SCHEDULED or not jt.active:
        problems["job_type"] = _("This is not a job type for routes."), _(
            "Choose a scheduled job type (mail round or evening paper).")
    elif not any(t.kind == StepKind.SCAN and t.expected_code == "$stop" for t in jt.steps):
        problems["job_type"] = _("This job type has no stop-scan step."), _(
            "Choose a job type whose steps scan each stop.")
    if not d.weekdays:
        problems["weekdays"] = _("The route runs on no day."), _("Tick at least one weekday.")
    elif any(not isinstance(w, int) or not 0 <= w <= 6 for w in d.weekdays) or len(set(d.weekdays)) != len(
            d.weekdays):
        problems["weekdays"] = _("The weekdays are not valid."), _("Tick each weekday once.")
    times = [t.strip() for t in d.times]
    bad = [t for t in times if not TIME.fullmatch(t)]
    if not times:
        problems["times"] = _("The route has no time."), _("Write at least one time, e.g. 09:30.")
    elif bad:
        problems["times"] = _("'{time}' is not a time.").format(time=bad[0]), _(
            "Write times as HH:MM (24 hours), separated by commas, e.g. 09:30, 13:30.")
    elif len(set(times)) != len(times):
        problems["times"] = _("A time is written twice."), _("Write each time once.")
    for who in d.rota:
        w = queries.worker(s, who)
        if w is None or not w.active or w.role != Role.WORKER:
            problems["rota"] = _("'{code}' is not a worker.").format(code=who), _(
                "Choose workers from the list.")
            break
        if jt is not None and queries.skill(s, w.id, jt.id) is None:
            problems["rota"] = _("{who} has no skill for {type}.").format(who=w.name, type=jt.name), _(
                "Choose workers with the skill, or give the skill on the Workers tab first.")
            break
    if len(set(d.rota)) != len(d.rota) and "rota" not in problems:
        problems["rota"] = _("A worker is in the rota twice."), _("Put each worker in once.")
    if not d.stops:
        problems["stops"] = _("The route has no stop."), _("Add at least one department mailbox.")
    elif len(set(d.stops)) != len(d.stops):
        problems["stops"] = _("A mailbox is a stop twice."), _("Keep each mailbox once.")
    else:
        for box in d.stops:
            if queries.department_by_mailbox(s, box) is None:
                problems["stops"] = _("There is no mailbox {box}.").format(box=box), _(
                    "Choose mailboxes from the list.")
                break
    return problems


def route_problems(db: Database, draft: RouteDraft, *, new: bool) -> dict[str, str]:
    """Every problem of ``draft`` by field (code, name, job_type, weekdays, times, rota, stops)."""
    with db.reader() as s:
        return {k: f"{m} {h}" for k, (m, h) in _problems(s, draft, new=new).items()}


def _raise_first(problems: dict[str, tuple[str, str]]) -> None:
    if problems:
        field_, (message, hint) = next(iter(problems.items()))
        raise InvalidInput(message, hint, reason="invalid_" + field_, field=field_)


def _write(s: Session, r: Route, d: RouteDraft) -> None:
    jt = queries.job_type(s, d.job_type)
    assert jt is not None  # checked by _problems
    if language() == "ja" or not r.name_en:
        name = d.name.strip()
        kept = r.reading if r.reading and r.name == name else ""  # a reading stored before stays
        r.name = name
        r.reading = reading_of(name, d.reading or kept)
    else:
        r.name_en = d.name.strip()  # an English console edits the English name it shows
    r.job_type_id = jt.id
    r.weekdays = sorted(d.weekdays)
    r.times = sorted(t.strip() for t in d.times)
    r.rota = list(d.rota)
    r.active = d.active
    r.stops.clear()
    s.flush()  # the old stops go first, so (route, position) stays unique
    for i, box in enumerate(d.stops, 1):
        dept = queries.department_by_mailbox(s, box)
        assert dept is not None
        r.stops.append(RouteStop(position=i, department_id=dept.id))


def _logged(r: Route, d: RouteDraft, action: str) -> dict[str, object]:
    return {"what": "route", "of": r.code, "action": action, "name": d.name.strip(), "job_type": d.job_type,
            "weekdays": sorted(d.weekdays), "times": sorted(t.strip() for t in d.times), "rota": list(d.rota),
            "stops": list(d.stops), "active": d.active}


def create_route(db: Database, actor: Actor, draft: RouteDraft) -> RouteDetailView:
    """Add a route; its jobs are made from the next ``generate_day`` on."""
    require_supervisor(actor)
    with db.session() as s:
        _raise_first(_problems(s, draft, new=True))
        jt = queries.job_type(s, draft.job_type)
        assert jt is not None  # checked by _problems
        r = Route(code=draft.code.strip().upper(), name=draft.name.strip(), job_type_id=jt.id, stops=[])
        s.add(r)
        _write(s, r, draft)
        record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                           data=_logged(r, draft, "created")))
        s.flush()
        s.refresh(r)
        return _detail(r)


def update_route(db: Database, actor: Actor, draft: RouteDraft) -> RouteDetailView:
    """Change a route (its code stays: jobs already made refer to it). Jobs already made keep their stops."""
    require_supervisor(actor)
    with db.session() as s:
        r = _route(s, draft.code.strip().upper())
        _raise_first(_problems(s, draft, new=False))
        _write(s, r, draft)
        record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                           data=_logged(r, draft, "changed")))
        s.flush()
        s.refresh(r)
        return _detail(r)


# --- which stops were confirmed ----------------------------------------------------------


def stop_confirmations(db: Database, day: dt.date, *, tz: dt.tzinfo | None = None) -> list[RouteRunView]:
    """Each route job due on ``day`` (local time) with its stops: confirmed when the stop's scan
    step is done (the worker scanned the mailbox label), with the time; open otherwise."""
    tz = tz or dt.datetime.now().astimezone().tzinfo or dt.UTC
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    out: list[RouteRunView] = []
    with db.reader() as s:
        names = {d.mailbox: _shown(d.name, d.name_en) for d in queries.departments(s)}
        jobs = s.scalars(
            select(Job)
            .where(Job.route_code.is_not(None), Job.due_at >= start, Job.due_at < end)
            .options(selectinload(Job.steps))
            .order_by(Job.due_at, Job.route_code)
        ).all()
        for j in jobs:
            stops = []
            for st in j.steps:
                scan = codes.parse(st.expected_code or "") if st.kind == StepKind.SCAN else None
                if scan is None or scan.kind is not codes.CodeKind.MAILBOX:
                    continue
                stops.append(StopConfirmationView(st.position, scan.value, names.get(scan.value, scan.value),
                                                  st.state == "done", st.done_at, st.done_by))
            out.append(RouteRunView(j.code, j.route_code or "", j.title, j.due_at, j.status, j.assignee,
                                    tuple(stops)))
    return out
