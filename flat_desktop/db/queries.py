"""Lookups shared by the services (every query of the application lives in this package)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, false, func, or_, select, union
from sqlalchemy.orm import Session, joinedload, selectinload

from flat_desktop.db.models import (
    Department,
    Event,
    HelpCall,
    Job,
    JobStatus,
    JobStep,
    JobType,
    Machine,
    Order,
    Requester,
    Route,
    Skill,
    StationPC,
    Worker,
)


def job(s: Session, code: str) -> Job | None:
    # Its type in the same query: every view of a job names it.
    q = select(Job).where(Job.code == code).options(selectinload(Job.steps), joinedload(Job.job_type))
    return s.scalars(q).one_or_none()


def jobs(
    s: Session, *, statuses: Sequence[str] = (), assignee: str | None = None, since: dt.datetime | None = None,
    codes: Sequence[str] | None = None,
) -> Sequence[Job]:
    q = select(Job).options(selectinload(Job.steps), selectinload(Job.job_type))
    if statuses:
        q = q.where(Job.status.in_(statuses))
    if codes is not None:
        q = q.where(Job.code.in_(codes))
    if assignee is not None:
        q = q.where(Job.assignee == assignee)
    if since is not None:
        q = q.where(Job.created_at >= since)
    return s.scalars(q.order_by(Job.due_at.is_(None), Job.due_at, Job.priority, Job.code)).all()


def jobs_by_id(s: Session, ids: Sequence[int]) -> Sequence[Job]:
    """These jobs with their job types (not their steps: see ``step_counts``)."""
    return s.scalars(select(Job).where(Job.id.in_(ids)).options(selectinload(Job.job_type))).all()


def step_counts(s: Session, job_ids: Sequence[int]) -> dict[int, int]:
    """How many steps each job has, counted in the database rather than by loading them."""
    rows = s.execute(select(JobStep.job_id, func.count()).where(JobStep.job_id.in_(job_ids))
                     .group_by(JobStep.job_id)).all()
    return {job_id: n for job_id, n in rows}


def board_job_ids(s: Session, *, open_statuses: Sequence[str], since: dt.datetime, finished_at_least: int) -> set[int]:
    """The board's jobs, each lane read from its own index so none grows with the history:
    every open job, the jobs finished since ``since`` (at least the last ``finished_at_least``
    of them) and the jobs delivered since ``since``."""
    done = str(JobStatus.DONE)
    last_done = (select(Job.id).where(Job.status == done)
                 .order_by(Job.finished_at.desc(), Job.id.desc()).limit(finished_at_least).subquery())
    lanes = union(
        select(Job.id).where(Job.status.in_(open_statuses)),
        select(Job.id).where(Job.status == done, Job.finished_at >= since),
        select(last_done.c.id),
        select(Job.id).where(Job.status == str(JobStatus.DELIVERED), Job.delivered_at >= since),
    )
    return set(s.scalars(lanes))


def jobs_search(s: Session, words: Sequence[str], terms: Sequence[tuple[str, str]] = (), *,
                limit: int) -> Sequence[tuple[Job, str, str, str]]:
    """Jobs of any age, newest first, matching every word in some field (code, title, department,
    requester, worker, job type) and every (field, word) term in its field; each with its
    department's, requester's and worker's names."""
    columns: dict[str, tuple[Any, ...]] = {
        "code": (Job.code,),
        "title": (Job.title,),
        "department": (Department.name, Department.kana, Department.name_en),
        "requester": (Requester.name, Requester.kana),
        "worker": (Worker.code, Worker.name, Worker.kana),
        "type": (JobType.key, JobType.name, JobType.name_en),
    }

    def matches(cols: Sequence[Any], word: str) -> Any:
        like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return or_(*(c.ilike(like, escape="\\") for c in cols))

    every = [c for cols in columns.values() for c in cols]
    conditions = [matches(every, w) for w in words if w.strip()]
    conditions += [matches(columns[f], w) for f, w in terms if f in columns and w.strip()]
    q = (
        select(Job, func.coalesce(Department.name, ""), func.coalesce(Requester.name, ""),
               func.coalesce(Worker.name, ""))
        .join(JobType, Job.job_type_id == JobType.id)
        .outerjoin(Order, Job.order_id == Order.id)
        .outerjoin(Requester, Order.requester_id == Requester.id)
        .outerjoin(Department, Order.department_id == Department.id)
        .outerjoin(Worker, Job.assignee == Worker.code)
        .where(and_(*conditions) if conditions else false())
        .options(selectinload(Job.job_type))
        .order_by(Job.id.desc())
        .limit(limit)
    )
    return [(row[0], row[1], row[2], row[3]) for row in s.execute(q).all()]


def jobs_page(s: Session, *, statuses: Sequence[str] = (), after_id: int = 0, limit: int) -> Sequence[Job]:
    """One page of jobs in id order after ``after_id`` (keyset pagination: every page costs the
    same however far into the history it is)."""
    q = select(Job).where(Job.id > after_id).options(selectinload(Job.job_type))
    if statuses:
        q = q.where(Job.status.in_(statuses))
    return s.scalars(q.order_by(Job.id).limit(limit)).all()


def worker(s: Session, code: str) -> Worker | None:
    return s.scalars(select(Worker).where(Worker.code == code)).one_or_none()


def worker_by_badge(s: Session, badge: str) -> Worker | None:
    return s.scalars(select(Worker).where(Worker.badge == badge)).one_or_none()


def workers(s: Session, *, active_only: bool = True) -> Sequence[Worker]:
    q = select(Worker).options(selectinload(Worker.skills).selectinload(Skill.job_type))
    if active_only:
        q = q.where(Worker.active.is_(True))
    return s.scalars(q.order_by(Worker.code)).all()


def machine(s: Session, code: str) -> Machine | None:
    return s.scalars(select(Machine).where(Machine.code == code)).one_or_none()


def machines(s: Session) -> Sequence[Machine]:
    return s.scalars(select(Machine).order_by(Machine.code)).all()


def job_type(s: Session, key: str) -> JobType | None:
    return s.scalars(select(JobType).where(JobType.key == key).options(selectinload(JobType.steps))).one_or_none()


def job_types(s: Session) -> Sequence[JobType]:
    return s.scalars(select(JobType).options(selectinload(JobType.steps)).order_by(JobType.id)).all()


def department(s: Session, code: str) -> Department | None:
    return s.scalars(select(Department).where(Department.code == code)).one_or_none()


def department_by_mailbox(s: Session, mailbox: str) -> Department | None:
    return s.scalars(select(Department).where(Department.mailbox == mailbox)).one_or_none()


def departments(s: Session) -> Sequence[Department]:
    return s.scalars(select(Department).order_by(Department.mailbox)).all()


def requesters(s: Session) -> Sequence[Requester]:
    return s.scalars(select(Requester).options(selectinload(Requester.department)).order_by(Requester.id)).all()


def order(s: Session, code: str) -> Order | None:
    return s.scalars(select(Order).where(Order.code == code)).one_or_none()


def routes(s: Session) -> Sequence[Route]:
    return s.scalars(select(Route).options(selectinload(Route.stops)).order_by(Route.code)).all()


def skill(s: Session, worker_id: int, job_type_id: int) -> Skill | None:
    return s.scalars(select(Skill).where(Skill.worker_id == worker_id, Skill.job_type_id == job_type_id)).one_or_none()


def help_call(s: Session, event_id: str) -> HelpCall | None:
    return s.scalars(select(HelpCall).where(HelpCall.event_id == event_id)).one_or_none()


def open_help_calls(s: Session) -> Sequence[HelpCall]:
    return s.scalars(select(HelpCall).where(HelpCall.answered_at.is_(None)).order_by(HelpCall.called_at)).all()


def open_help_call_for(s: Session, worker_code: str) -> HelpCall | None:
    return s.scalars(
        select(HelpCall)
        .where(
            HelpCall.worker == worker_code,
            HelpCall.answered_at.is_(None),
            # Alerts for supervisors, not the worker's call.
            HelpCall.kind.not_in(("stuck", "conflict", "refused", "speech")),
        )
        .order_by(HelpCall.called_at.desc())
    ).first()


def open_alert(s: Session, kind: str, station: str | None) -> HelpCall | None:
    return s.scalars(
        select(HelpCall).where(HelpCall.kind == kind, HelpCall.station == station, HelpCall.answered_at.is_(None))
    ).first()


def open_conflict_call(s: Session, job_code: str, worker_code: str) -> HelpCall | None:
    return s.scalars(
        select(HelpCall).where(
            HelpCall.kind == "conflict",
            HelpCall.job == job_code,
            HelpCall.worker == worker_code,
            HelpCall.answered_at.is_(None),
        )
    ).first()


def events(
    s: Session,
    *,
    job: str | None = None,
    worker: str | None = None,
    since: dt.datetime | None = None,
    after_seq: int | None = None,
    types: Sequence[str] = (),
    limit: int | None = None,
) -> Sequence[Event]:
    q = select(Event)
    if job is not None:
        q = q.where(Event.job == job)
    if worker is not None:
        q = q.where(Event.worker == worker)
    if since is not None:
        q = q.where(Event.at >= since)
    if after_seq is not None:
        q = q.where(Event.seq > after_seq)
    if types:
        q = q.where(Event.type.in_(types))
    # A time range is read from the ``at`` index and then sorted; ordered by the bare column,
    # SQLite would rather walk the whole log in seq order (its unique index) to skip the sort.
    q = q.order_by(Event.seq + 0 if since is not None and after_seq is None else Event.seq)
    if limit is not None:
        q = q.limit(limit)
    return s.scalars(q).all()


def last_event(s: Session, *, job: str, types: Sequence[str]) -> Event | None:
    return s.scalars(select(Event).where(Event.job == job, Event.type.in_(types)).order_by(Event.seq.desc())).first()


def last_event_at(s: Session, *, job: str, types: Sequence[str]) -> dt.datetime | None:
    """When the job's latest event of ``types`` happened (just the time, not the whole event)."""
    return s.scalar(select(Event.at).where(Event.job == job, Event.type.in_(types))
                    .order_by(Event.seq.desc()).limit(1))


def machine_units(s: Session, *, job: str, step: int) -> int:
    """The units the machine stops of one job step have recorded so far (a run stopped by a jam,
    then the rest): the next stop records only what was made after them."""
    rows = s.scalars(select(Event.data).where(Event.job == job, Event.step == step,
                                              Event.type == "machine_stopped")).all()
    return sum(int((data or {}).get("units", 0) or 0) for data in rows)


def last_seq(s: Session) -> int:
    return int(s.scalar(select(func.coalesce(func.max(Event.seq), 0))) or 0)


def station(s: Session, name: str) -> StationPC | None:
    return s.scalars(select(StationPC).where(StationPC.name == name)).one_or_none()


def job_codes_with_prefix(s: Session, prefix: str) -> int:
    return int(s.scalar(select(func.count()).select_from(Job).where(Job.code.like(prefix + "%"))) or 0)


def orders_search(s: Session, *, text: str = "", job_type_key: str | None = None,
                  limit: int = 200) -> Sequence[Any]:
    """Past orders, newest first, matching ``text`` in the title, requester or department: the
    columns the history shows, read as plain rows (building hundreds of ORM objects with their
    relationships cost more than the query itself)."""
    q = (
        select(Order.code, JobType.key.label("type_key"), JobType.name.label("type_name"),
               JobType.name_en.label("type_name_en"), Order.title, Requester.name.label("requester"),
               Department.name.label("department"), Department.name_en.label("department_en"), Order.quantity,
               Order.created_at, Order.reorder_of)
        .outerjoin(Requester, Order.requester_id == Requester.id)
        .outerjoin(Department, Order.department_id == Department.id)
        .join(JobType, Order.job_type_id == JobType.id)
    )
    if job_type_key:
        q = q.where(JobType.key == job_type_key)
    text = text.strip()
    if text:
        like = f"%{text}%"
        q = q.where(
            Order.title.ilike(like)
            | Requester.name.ilike(like)
            | Requester.kana.ilike(like)
            | Department.name.ilike(like)
            | Department.kana.ilike(like)
            | Order.code.ilike(like)
            | JobType.name.ilike(like)
        )
    return s.execute(q.order_by(Order.created_at.desc(), Order.id.desc()).limit(limit)).all()
