"""The station's data model (SQLAlchemy 2, typed declarative).

Current-state tables (jobs, job steps, help calls, machines in use) are updated only by
``ledger.apply`` in the same transaction as the event that changes them, so they can
always be rebuilt from the append-only ``events`` table. Master data (departments,
workers, machines, job types, templates, routes) is edited directly, and every edit
is also logged as a ``master_changed`` event.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime,
        dict[str, Any]: JSONType,
        list[Any]: JSONType,
    }


class Role(StrEnum):
    WORKER = "worker"
    SUPERVISOR = "supervisor"


class JobStatus(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    DONE = "done"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    ON_HOLD = "on_hold"  # stopped by a supervisor until resumed: nobody starts or goes on with it


class StepKind(StrEnum):
    PLAIN = "plain"
    COUNT = "count"
    MACHINE = "machine"
    CHECK = "check"
    SCAN = "scan"


class StepState(StrEnum):
    PENDING = "pending"
    DONE = "done"


class JobKind(StrEnum):
    ON_DEMAND = "on_demand"
    SCHEDULED = "scheduled"


class SkillLevel(StrEnum):
    LEARNING = "learning"
    INDEPENDENT = "independent"
    CERTIFIED = "certified"


WORKING_WEEK = (0, 1, 2, 3, 4)  # a worker's usual weekdays unless their schedule says others


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    kana: Mapped[str] = mapped_column(String(200), default="")
    mailbox: Mapped[str] = mapped_column(String(3), unique=True)
    floor: Mapped[str] = mapped_column(String(20), default="")


class Requester(Base):
    __tablename__ = "requesters"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kana: Mapped[str] = mapped_column(String(200), default="")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[Department] = relationship()


class WebAccount(Base):
    """A requester's sign-in at the web ordering desk (migration 0011): the staff number, an argon2
    hash of the password, failed attempts and the lockout they lead to. ``epoch`` goes up on every
    reset and password change, so a session signed in before is no longer honoured."""

    __tablename__ = "web_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("requesters.id", ondelete="CASCADE"), unique=True)
    staff_no: Mapped[str] = mapped_column(String(16), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    must_change: Mapped[bool] = mapped_column(Boolean, default=True)  # a password a supervisor gave
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column()
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    epoch: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column()
    last_sign_in: Mapped[dt.datetime | None] = mapped_column()
    requester: Mapped[Requester] = relationship()


class JobType(Base):
    __tablename__ = "job_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    reading: Mapped[str] = mapped_column(Text, default="")  # of the name, ruby markup (see flat_desktop.ruby)
    kind: Mapped[str] = mapped_column(String(16), default=JobKind.ON_DEMAND)
    unit: Mapped[str] = mapped_column(String(20), default="件")
    unit_en: Mapped[str] = mapped_column(String(20), default="items")
    minutes_per_unit: Mapped[float] = mapped_column(Float, default=1.0)
    setup_minutes: Mapped[float] = mapped_column(Float, default=0.0)
    spec: Mapped[list[Any]] = mapped_column(default=list)
    colour: Mapped[str] = mapped_column(String(9), default="#4A90D9")
    icon: Mapped[str] = mapped_column(String(60), default="fa6s.briefcase")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Delivered without a passed quality check (検品): the rounds, whose work is its own delivery (0007).
    check_waived: Mapped[bool] = mapped_column(Boolean, default=False)
    steps: Mapped[list[StepTemplate]] = relationship(
        order_by="StepTemplate.position", cascade="all, delete-orphan", back_populates="job_type"
    )


class StepTemplate(Base):
    __tablename__ = "step_templates"
    __table_args__ = (UniqueConstraint("job_type_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_type_id: Mapped[int] = mapped_column(ForeignKey("job_types.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    reading: Mapped[str] = mapped_column(Text, default="")  # ruby markup, see flat_desktop.ruby
    picture: Mapped[str | None] = mapped_column(String(200))  # a StepPicture's sha256
    icon: Mapped[str] = mapped_column(String(60), default="fa6s.circle-check")
    kind: Mapped[str] = mapped_column(String(16), default=StepKind.PLAIN)
    machine_type: Mapped[str | None] = mapped_column(String(32))
    count_source: Mapped[str | None] = mapped_column(String(32))  # "quantity" or a spec key
    expected_code: Mapped[str | None] = mapped_column(String(40))  # for scan steps; "$stop" on routes
    min_dwell_s: Mapped[float | None] = mapped_column(Float)
    info_only: Mapped[bool] = mapped_column(Boolean, default=False)
    condition: Mapped[dict[str, Any] | None] = mapped_column()  # see spec.condition_holds
    job_type: Mapped[JobType] = relationship(back_populates="steps")


class OrderFile(Base):
    """A file a requester attached to an order at the web desk (an original to copy, a list, a
    recording), kept in the database (0012) so every console can open it, under the generated
    name its ``order_file_attached`` event holds."""

    __tablename__ = "order_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    order_code: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column()


class StepPicture(Base):
    """A step's picture (a photo of the machine, or of a finished sample), stored once under the
    SHA-256 of its bytes. Step templates and the job steps copied from them name it in their
    ``picture`` column, so a later template edit never changes or removes a job's picture."""

    __tablename__ = "step_pictures"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column()


class Worker(Base):
    __tablename__ = "workers"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    kana: Mapped[str] = mapped_column(String(200), default="")
    badge: Mapped[str] = mapped_column(String(5), unique=True)
    role: Mapped[str] = mapped_column(String(16), default=Role.WORKER)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pin_hash: Mapped[str | None] = mapped_column(String(300))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column()
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    station: Mapped[str | None] = mapped_column(String(60))
    # The weekdays the worker usually works (0 = Monday); days off are WorkerDayOff rows (0006).
    weekdays: Mapped[list[Any]] = mapped_column(default=lambda: list(WORKING_WEEK))
    skills: Mapped[list[Skill]] = relationship(cascade="all, delete-orphan", back_populates="worker")


class WorkerDayOff(Base):
    """A day a worker is not at the station although it is one of their weekdays (leave, training)."""

    __tablename__ = "worker_days_off"
    __table_args__ = (UniqueConstraint("worker_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")


class Skill(Base):
    __tablename__ = "skills"
    __table_args__ = (UniqueConstraint("worker_id", "job_type_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id", ondelete="CASCADE"))
    job_type_id: Mapped[int] = mapped_column(ForeignKey("job_types.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(16), default=SkillLevel.LEARNING)
    prompt_level: Mapped[str] = mapped_column(String(16), default="full")
    certified_at: Mapped[dt.datetime | None] = mapped_column()
    worker: Mapped[Worker] = relationship(back_populates="skills")
    job_type: Mapped[JobType] = relationship()


class Machine(Base):
    __tablename__ = "machines"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    reading: Mapped[str] = mapped_column(Text, default="")  # of the name, ruby markup
    type: Mapped[str] = mapped_column(String(32))
    location: Mapped[str] = mapped_column(String(100), default="")
    out_of_order: Mapped[bool] = mapped_column(Boolean, default=False)
    out_of_order_reason: Mapped[str] = mapped_column(String(200), default="")
    in_use_job: Mapped[str | None] = mapped_column(String(20))
    in_use_by: Mapped[str | None] = mapped_column(String(16))
    units_total: Mapped[int] = mapped_column(BigInteger, default=0)
    runs_total: Mapped[int] = mapped_column(Integer, default=0)
    jams_total: Mapped[int] = mapped_column(Integer, default=0)


class Route(Base):
    """A scheduled round (定期業務): mail collection/delivery or the evening paper."""

    __tablename__ = "routes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    reading: Mapped[str] = mapped_column(Text, default="")  # of the name, ruby markup
    job_type_id: Mapped[int] = mapped_column(ForeignKey("job_types.id"))
    weekdays: Mapped[list[Any]] = mapped_column(default=list)  # 0 = Monday
    times: Mapped[list[Any]] = mapped_column(default=list)  # "HH:MM", local time
    rota: Mapped[list[Any]] = mapped_column(default=list)  # worker codes, taken in turn by day
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    job_type: Mapped[JobType] = relationship()
    stops: Mapped[list[RouteStop]] = relationship(
        order_by="RouteStop.position", cascade="all, delete-orphan", back_populates="route"
    )


class RouteStop(Base):
    __tablename__ = "route_stops"
    __table_args__ = (UniqueConstraint("route_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("routes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    route: Mapped[Route] = relationship(back_populates="stops")
    department: Mapped[Department] = relationship()


class StationPC(Base):
    __tablename__ = "stations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="station")  # station | console | cli
    version: Mapped[str] = mapped_column(String(20), default="")
    last_seen: Mapped[dt.datetime | None] = mapped_column()


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_created_at_id", "created_at", "id"),)  # newest first (0002)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    job_type_id: Mapped[int] = mapped_column(ForeignKey("job_types.id"))
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("requesters.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    title: Mapped[str] = mapped_column(String(200))
    reading: Mapped[str] = mapped_column(Text, default="")  # of the title, ruby markup
    spec_values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    quantity: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[dt.datetime | None] = mapped_column()
    priority: Mapped[int] = mapped_column(Integer, default=2)  # 1 urgent, 2 normal, 3 low
    note: Mapped[str] = mapped_column(Text, default="")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    reorder_of: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column()
    created_by: Mapped[str | None] = mapped_column(String(16))
    job_type: Mapped[JobType] = relationship()
    requester: Mapped[Requester | None] = relationship()
    department: Mapped[Department | None] = relationship()
    rows: Mapped[list[OrderRow]] = relationship(
        order_by="OrderRow.position", cascade="all, delete-orphan", back_populates="order"
    )


class OrderRow(Base):
    """One line of an order's list: a card holder, a name tag's person or a file label's text
    (migration 0006). Written by ``ledger.apply`` from the ``order_created`` event."""

    __tablename__ = "order_rows"
    __table_args__ = (UniqueConstraint("order_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    kana: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(100), default="")  # job title, e.g. 主査
    section: Mapped[str] = mapped_column(String(100), default="")  # e.g. 人事担当
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    label: Mapped[str] = mapped_column(String(200), default="")  # a file label's text
    order: Mapped[Order] = relationship(back_populates="rows")


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_status_assignee", "status", "assignee"),
        # The board's bounded Finished and Delivered lanes (migration 0002).
        Index("ix_jobs_status_finished_at", "status", "finished_at"),
        Index("ix_jobs_status_delivered_at", "status", "delivered_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    job_type_id: Mapped[int] = mapped_column(ForeignKey("job_types.id"))
    route_code: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    reading: Mapped[str] = mapped_column(Text, default="")  # of the title, ruby markup
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    spec_values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    due_at: Mapped[dt.datetime | None] = mapped_column()
    priority: Mapped[int] = mapped_column(Integer, default=2)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.RECEIVED, index=True)
    assignee: Mapped[str | None] = mapped_column(String(16), index=True)  # worker code
    current_step: Mapped[int | None] = mapped_column(Integer)  # 1-based position
    created_at: Mapped[dt.datetime] = mapped_column()
    started_at: Mapped[dt.datetime | None] = mapped_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    checked_by: Mapped[str | None] = mapped_column(String(16))
    delivered_at: Mapped[dt.datetime | None] = mapped_column()
    delivered_to: Mapped[str | None] = mapped_column(String(100))
    units_done: Mapped[int | None] = mapped_column(Integer)
    spoiled: Mapped[int | None] = mapped_column(Integer)
    machine_in_use: Mapped[str | None] = mapped_column(String(8))
    # What the last failed check said must be redone (job_rework), shown and said at the station (0007).
    rework_note: Mapped[str] = mapped_column(Text, default="")
    # Working time (0010): each step's time from the start, resume or step before it; a break or
    # the time before a rework never counts. The reports sum it instead of reading every event.
    work_seconds: Mapped[float | None] = mapped_column(Float)
    work_clock_at: Mapped[dt.datetime | None] = mapped_column()  # the running interval's start
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # the event that last changed it
    version: Mapped[int] = mapped_column(Integer, default=1)
    job_type: Mapped[JobType] = relationship()
    order: Mapped[Order | None] = relationship()
    steps: Mapped[list[JobStep]] = relationship(
        order_by="JobStep.position", cascade="all, delete-orphan", back_populates="job"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it as a plain dict


class JobStep(Base):
    """A step copied from the template when the job was made (later template edits never
    change it), with the order's values filled in."""

    __tablename__ = "job_steps"
    __table_args__ = (UniqueConstraint("job_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    reading: Mapped[str] = mapped_column(Text, default="")
    picture: Mapped[str | None] = mapped_column(String(200))
    icon: Mapped[str] = mapped_column(String(60), default="fa6s.circle-check")
    kind: Mapped[str] = mapped_column(String(16), default=StepKind.PLAIN)
    machine_type: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[int | None] = mapped_column(Integer)
    expected_code: Mapped[str | None] = mapped_column(String(40))
    min_dwell_s: Mapped[float | None] = mapped_column(Float)
    info_only: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default=StepState.PENDING)
    done_at: Mapped[dt.datetime | None] = mapped_column()
    done_by: Mapped[str | None] = mapped_column(String(16))
    count_done: Mapped[int | None] = mapped_column(Integer)
    machine: Mapped[str | None] = mapped_column(String(8))
    prompt_level: Mapped[str | None] = mapped_column(String(16))
    job: Mapped[Job] = relationship(back_populates="steps")


class HelpCall(Base):
    __tablename__ = "help_calls"
    __table_args__ = (Index("ix_help_calls_answered_at_called_at", "answered_at", "called_at"),)  # open calls (0002)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="help")  # help | jam | stuck | conflict | refused | speech
    worker: Mapped[str | None] = mapped_column(String(16))
    job: Mapped[str | None] = mapped_column(String(20))
    step: Mapped[int | None] = mapped_column(Integer)
    station: Mapped[str | None] = mapped_column(String(60))
    called_at: Mapped[dt.datetime] = mapped_column()
    answered_at: Mapped[dt.datetime | None] = mapped_column()
    answered_by: Mapped[str | None] = mapped_column(String(16))


class Event(Base):
    """The append-only event log. ``id`` is made where the event happened; ``seq`` is
    given by the database in commit order, for the change feed (``seq > last_seen``)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_job_at", "job", "at"),
        Index("ix_events_type_at", "type", "at"),
        # A worker's last step_done of one step, newest first (usual step time; migration 0002).
        Index("ix_events_worker_type_step_at", "worker", "type", "step", "at", "seq"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    type: Mapped[str] = mapped_column(String(32))
    station: Mapped[str | None] = mapped_column(String(60))
    worker: Mapped[str | None] = mapped_column(String(16), index=True)
    job: Mapped[str | None] = mapped_column(String(20))
    step: Mapped[int | None] = mapped_column(Integer)
    machine: Mapped[str | None] = mapped_column(String(8))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recorded_at: Mapped[dt.datetime] = mapped_column()


class Counter(Base):
    """Named counters: the event sequence and the daily job-code serials. Taking the next
    value locks the row until commit, so event ``seq`` grows in commit order."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
