"""Copying what a station needs from the server into its cache, as plain rows.

Reading (``read_*``) happens on the server inside one REPEATABLE READ transaction together
with the events and the highest seq, so the copy and the events after it fit together
exactly. Writing (``write_*``) happens later in one cache transaction. Between the two
there are only dicts: nothing from the server's Session crosses into the cache.

Master data keeps the server's ids (events refer to job types, departments and requesters
by id). Jobs, their steps and orders are matched by code instead: the cache numbers rows
it makes from events itself, so server ids could collide with them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from flat_desktop.db.ledger import next_seq
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
    RouteStop,
    Skill,
    StepPicture,
    StepTemplate,
    Worker,
)
from flat_desktop.db.roles import HIDDEN_FROM_STATIONS

Row = dict[str, Any]

OPEN = (JobStatus.RECEIVED, JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED, JobStatus.ON_HOLD)


def _t(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


# Parents are upserted by id; children are replaced whole (nothing refers to them).
# The order is the foreign keys' order.
MASTER_PARENTS = [_t(m) for m in (Department, Requester, JobType, Worker, Machine, Route, StepPicture)]
MASTER_CHILDREN = [_t(m) for m in (StepTemplate, Skill, RouteStop)]
PICTURES = _t(StepPicture)  # a parent too, but read only where the cache lacks it (see read_master)


@dataclass
class JobRows:
    jobs: list[Row] = field(default_factory=list)
    steps: list[Row] = field(default_factory=list)
    orders: list[Row] = field(default_factory=list)
    help_calls: list[Row] = field(default_factory=list)
    history: list[Row] = field(default_factory=list)  # earlier events of these jobs (step timing)


def _rows(conn: Connection, stmt: Any) -> list[Row]:
    return [dict(r) for r in conn.execute(stmt).mappings()]


def _readable(t: Table) -> list[Any]:
    """The columns a station's database login may read (never a PIN hash, see db/roles.py)."""
    hidden = HIDDEN_FROM_STATIONS.get(t.name, ())
    return [c for c in t.columns if c.name not in hidden]


def read_master(conn: Connection, *, pictures_known: Collection[str] = ()) -> dict[str, list[Row]]:
    """Every master table; of the step pictures (up to 2 MB each, never changed once stored) only
    those whose SHA-256 is not in ``pictures_known`` (what the cache holds already)."""
    # A station never checks PINs: the cache holds no hash and no lock-out state.
    out = {
        t.name: _rows(conn, select(*_readable(t)).order_by(t.c.id))
        for t in (*MASTER_PARENTS, *MASTER_CHILDREN) if t is not PICTURES
    }
    known = set(pictures_known)
    missing = [sha for sha in conn.execute(select(PICTURES.c.sha256)).scalars() if sha not in known]
    out[PICTURES.name] = [row for i in range(0, len(missing), 100) for row in _rows(
        conn, select(PICTURES).where(PICTURES.c.sha256.in_(missing[i:i + 100])).order_by(PICTURES.c.id))]
    return out


def known_pictures(conn: Connection) -> set[str]:
    """The step pictures a cache holds (by SHA-256): they are not sent again."""
    return set(conn.execute(select(PICTURES.c.sha256)).scalars())


def read_jobs(conn: Connection, *, codes: Collection[str] | None = None, history: bool = False) -> JobRows:
    """Open jobs (or the jobs with ``codes``, whatever their state), with steps and orders;
    open help calls when reading all open jobs."""
    jobs = _t(Job)
    q = select(jobs).where(jobs.c.code.in_(codes)) if codes is not None else select(jobs).where(jobs.c.status.in_(OPEN))
    out = JobRows(jobs=_rows(conn, q.order_by(jobs.c.id)))
    ids = [j["id"] for j in out.jobs]
    if not ids:
        return out
    steps, orders = _t(JobStep), _t(Order)
    out.steps = _rows(conn, select(steps).where(steps.c.job_id.in_(ids)).order_by(steps.c.job_id, steps.c.position))
    order_ids = {j["order_id"] for j in out.jobs if j["order_id"] is not None}
    if order_ids:
        out.orders = _rows(conn, select(orders).where(orders.c.id.in_(order_ids)))
    job_codes = [j["code"] for j in out.jobs]
    calls = _t(HelpCall)
    q = select(calls).where(calls.c.answered_at.is_(None)) if codes is None else select(calls).where(
        calls.c.job.in_(job_codes)
    )
    out.help_calls = _rows(conn, q.order_by(calls.c.id))
    if history:
        ev = _t(Event)
        out.history = _rows(conn, select(ev).where(ev.c.job.in_(job_codes)).order_by(ev.c.seq))
    return out


def read_events(conn: Connection, after_seq: int, limit: int) -> list[Row]:
    ev = _t(Event)
    return _rows(conn, select(ev).where(ev.c.seq > after_seq).order_by(ev.c.seq).limit(limit))


# --- writing into the cache ---------------------------------------------------------------


def write_master(conn: Connection, master: Mapping[str, list[Row]]) -> None:
    for t in reversed(MASTER_CHILDREN):
        conn.execute(delete(t))
    for t in MASTER_PARENTS:
        rows = master.get(t.name, [])
        if not rows:
            continue
        stmt = sqlite_insert(t)
        cols = {c.name: stmt.excluded[c.name] for c in t.columns if not c.primary_key}
        conn.execute(stmt.on_conflict_do_update(index_elements=[t.c.id], set_=cols), rows)
    for t in MASTER_CHILDREN:
        if master.get(t.name):
            conn.execute(t.insert(), master[t.name])


def _upsert_by(conn: Connection, t: Table, key: str, row: Row, extra: Row | None = None) -> int:
    """Insert or update the row whose ``key`` column matches; returns the cache's id."""
    values = {k: v for k, v in row.items() if k != "id"} | (extra or {})
    found = conn.execute(select(t.c.id).where(t.c[key] == row[key])).scalar_one_or_none()
    if found is None:
        return int(conn.execute(t.insert().values(values).returning(t.c.id)).scalar_one())
    conn.execute(update(t).where(t.c.id == found).values(values))
    return int(found)


def write_jobs(s: Session, data: JobRows, *, skip: Iterable[str] = ()) -> list[str]:
    """Make the cache's copy of these jobs equal to the server's; returns the codes written.

    Jobs in ``skip`` (they have work not sent yet) are left alone: overwriting them would
    undo a step the worker did a moment ago.
    """
    s.flush()
    conn = s.connection()
    skipped = set(skip)
    order_ids = {o["id"]: _upsert_by(conn, _t(Order), "code", o) for o in data.orders}
    steps_by_job: dict[int, list[Row]] = {}
    for st in data.steps:
        steps_by_job.setdefault(st["job_id"], []).append(st)
    written = []
    for j in data.jobs:
        if j["code"] in skipped:
            continue
        local_order = order_ids.get(j["order_id"]) if j["order_id"] is not None else None
        local_id = _upsert_by(conn, _t(Job), "code", j, {"order_id": local_order})
        conn.execute(delete(_t(JobStep)).where(_t(JobStep).c.job_id == local_id))
        own = steps_by_job.get(j["id"], [])
        rows = [{k: v for k, v in st.items() if k != "id"} | {"job_id": local_id} for st in own]
        if rows:
            conn.execute(_t(JobStep).insert(), rows)
        written.append(j["code"])
    for c in data.help_calls:
        if c["job"] is None or c["job"] not in skipped:
            _upsert_by(conn, _t(HelpCall), "event_id", c)
    _write_history(s, data.history)
    # The ORM's copies of what was just overwritten are stale now.
    s.info.pop("jobs_by_code", None)
    s.expire_all()
    return written


def _write_history(s: Session, rows: Sequence[Row]) -> None:
    """Past events of the copied jobs, stored (not applied: the copied state includes them)."""
    if not rows:
        return
    ids = [r["id"] for r in rows]
    known = set(s.scalars(select(Event.id).where(Event.id.in_(ids))))
    for r in rows:
        if r["id"] not in known:
            s.add(Event(**(r | {"seq": next_seq(s)})))
    s.flush()
