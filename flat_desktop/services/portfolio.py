"""A worker's experience portfolio (就労経験証明) and the evidence of their independence, from the
event log and the job types' standard times, for any date range.

- Work done: a job counts once, in the month of its last ``job_finished`` by the worker (a job sent
  back and finished again is still one job); a cancelled job was never finished and does not count.
- Time: a job's worked time is the ledger's work clock (``jobs.work_seconds``: each step from the
  start, resume or step before it, so breaks never count), the reports' actual time; per job
  type and month, minutes per unit beside the type's standard ``minutes_per_unit``.
- Machines: every run the worker ended (``machine_stopped``), its units and jams, in the range.
- Independence: per job type and month, the prompt level of each step done (the level the station
  used, written on ``step_done``; for older events without it, the level set then, from the
  ``master_changed`` prompt-level changes) and the help calls per job finished.
- The supervisor's comment is a ``master_changed`` event (``what``: ``portfolio_comment``); the
  newest one stands.

The counting is done by grouped queries; only per-job rows of one worker reach Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event, Job, JobType, Machine, Skill, SkillLevel, Worker
from flat_desktop.errors import InvalidInput, NotFound
from flat_desktop.events import EventType, MachineOutcome, NewEvent
from flat_desktop.i18n import _
from flat_desktop.profile import PromptLevel
from flat_desktop.services.context import Actor, require_supervisor

COMMENT = "portfolio_comment"
MAX_COMMENT = 1000
PROMPT_ORDER = (PromptLevel.FULL, PromptLevel.PARTIAL, PromptLevel.MINIMAL)


@dataclass(frozen=True)
class WorkDone:
    """One job type the worker did: how many jobs and units."""

    key: str
    name: str
    reading: str  # ruby markup of the name
    unit: str
    jobs: int
    units: int


@dataclass(frozen=True)
class MonthTime:
    """Time against the standard for one job type in one month."""

    key: str
    name: str
    month: str  # YYYY-MM
    jobs: int
    units: int
    minutes: float
    standard: float  # the job type's minutes per unit

    @property
    def per_unit(self) -> float:
        return self.minutes / self.units if self.units else 0.0

    @property
    def to_standard(self) -> float:
        """Actual time over standard time: 1.0 is on the standard, below it is faster."""
        return self.per_unit / self.standard if self.standard else 0.0


@dataclass(frozen=True)
class SkillHeld:
    key: str
    name: str
    reading: str
    level: str
    since: dt.date | None  # when it was given this level, if the log says


@dataclass(frozen=True)
class MachineUse:
    code: str
    name: str
    reading: str
    operations: int
    units: int
    jams: int


@dataclass(frozen=True)
class Independence:
    """Prompt levels and help calls for one job type in one month."""

    key: str
    name: str
    month: str
    jobs: int  # finished that month
    steps: dict[str, int]  # prompt level -> steps done at that level
    help_calls: int

    @property
    def level(self) -> str:
        """The level used most that month (the least help on a tie)."""
        if not self.steps:
            return ""
        return max(PROMPT_ORDER, key=lambda p: (self.steps.get(p, 0), PROMPT_ORDER.index(p)))

    @property
    def help_per_job(self) -> float:
        return self.help_calls / self.jobs if self.jobs else float(self.help_calls)


@dataclass(frozen=True)
class Comment:
    text: str
    by: str
    at: dt.datetime


@dataclass(frozen=True)
class Portfolio:
    worker: str
    name: str
    kana: str
    first: dt.date | None
    last: dt.date | None
    work: list[WorkDone] = field(default_factory=list)
    times: list[MonthTime] = field(default_factory=list)
    skills: list[SkillHeld] = field(default_factory=list)
    machines: list[MachineUse] = field(default_factory=list)
    independence: list[Independence] = field(default_factory=list)
    comment: Comment | None = None

    @property
    def jobs(self) -> int:
        return sum(w.jobs for w in self.work)


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # SQLite hands back naive UTC


def _bounds(first: dt.date | None, last: dt.date | None, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    if first is not None and last is not None and first > last:
        raise InvalidInput(
            _("The first day {first} is after the last day {last}.").format(first=first, last=last),
            _("Choose a first day before the last day."), reason="bad_range")
    start = dt.datetime.combine(first, dt.time(), tz) if first else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    end = (dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz) if last
           else dt.datetime(9999, 1, 1, tzinfo=dt.UTC))
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _month(at: dt.datetime, tz: dt.tzinfo) -> str:
    return _utc(at).astimezone(tz).strftime("%Y-%m")


def _in_range(first: dt.datetime, end: dt.datetime) -> Any:
    return and_(Event.at >= first, Event.at < end)


def set_comment(db: Database, actor: Actor, worker_code: str, text: str) -> None:
    """The supervisor's comment on the worker's portfolio (empty text takes it away)."""
    require_supervisor(actor)
    text = (text or "").strip()
    if len(text) > MAX_COMMENT:
        raise InvalidInput(_("The comment is longer than {n} characters.").format(n=MAX_COMMENT),
                           _("Shorten the comment."), field="comment", reason="comment_too_long")
    from flat_desktop.printing.fonts import unprintable

    if bad := unprintable(text.replace("\n", "")):
        raise InvalidInput(_("「{chars}」 cannot be printed on the portfolio.").format(chars="".join(bad[:5])),
                           _("Remove it, or write it another way."), field="comment", reason="unprintable")
    with db.session() as s:
        _worker(s, worker_code)
        record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                           data={"what": COMMENT, "of": worker_code, "comment": text}))


def _changes_of(code: str, what: str) -> tuple[Any, ...]:
    """The conditions for the ``master_changed`` events of one kind about one worker."""
    return (Event.type == str(EventType.MASTER_CHANGED), Event.data["what"].as_string() == what,
            Event.data["of"].as_string() == code)


def _worker(s: Session, code: str) -> Worker:
    w = queries.worker(s, code)
    if w is None:
        raise NotFound(_("No worker {code}.").format(code=code), _("Check the worker code."), reason="no_worker")
    return w


def portfolio(db: Database, worker_code: str, first: dt.date | None = None, last: dt.date | None = None,
              *, tz: dt.tzinfo | None = None) -> Portfolio:
    """The portfolio of ``worker_code`` for the days ``first`` to ``last`` (both included; None: open)."""
    zone = tz or dt.datetime.now().astimezone().tzinfo or dt.UTC
    start, end = _bounds(first, last, zone)
    with db.reader() as s:
        w = _worker(s, worker_code)
        types = {jt.key: jt for jt in s.scalars(select(JobType))}
        finished = _finished(s, worker_code, start, end)
        minutes = _worked_minutes(s, finished)
        work, times = _work_and_times(finished, minutes, types, zone)
        skills = _skills(s, w.id, worker_code, types)
        machines = _machines(s, worker_code, start, end)
        independence = _independence(s, worker_code, start, end, finished, types, zone)
        comment = _comment(s, worker_code)
        return Portfolio(worker_code, w.name, w.kana, first, last, work, times, skills, machines, independence,
                         comment)


def _finished(s: Session, code: str, start: dt.datetime, end: dt.datetime) -> dict[str, tuple[str, dt.datetime, int]]:
    """job code -> (job type key, when finished, units) for the jobs the worker last finished in the range."""
    last = (select(Event.job, func.max(Event.seq).label("seq"))
            .where(Event.type == str(EventType.JOB_FINISHED), Event.worker == code, _in_range(start, end))
            .group_by(Event.job).subquery())
    rows = s.execute(
        select(Event.job, JobType.key, Event.at, Event.data["units"].as_integer(), Job.quantity)
        .join(last, last.c.seq == Event.seq)
        .join(Job, Job.code == Event.job)
        .join(JobType, JobType.id == Job.job_type_id)
    ).all()
    return {job: (key, _utc(at), units if units is not None else qty) for job, key, at, units, qty in rows}


def _finished_jobs(code: str, start: dt.datetime, end: dt.datetime) -> Any:
    return (select(Event.job).where(Event.type == str(EventType.JOB_FINISHED), Event.worker == code,
                                    _in_range(start, end)).distinct())


def _worked_minutes(s: Session, finished: dict[str, tuple[str, dt.datetime, int]]) -> dict[str, float]:
    """Each finished job's worked minutes: the ledger's work clock (the reports' actual time)."""
    if not finished:
        return {}
    rows = s.execute(select(Job.code, Job.work_seconds)
                     .where(Job.code.in_(list(finished)), Job.work_seconds.is_not(None)))
    return {job: float(sec or 0) / 60 for job, sec in rows}


def _work_and_times(finished: dict[str, tuple[str, dt.datetime, int]], minutes: dict[str, float],
                    types: dict[str, JobType], tz: dt.tzinfo) -> tuple[list[WorkDone], list[MonthTime]]:
    jobs: Counter[str] = Counter()
    units: Counter[str] = Counter()
    month_jobs: Counter[tuple[str, str]] = Counter()
    month_units: Counter[tuple[str, str]] = Counter()
    month_minutes: dict[tuple[str, str], float] = defaultdict(float)
    for job, (key, at, n) in finished.items():
        jobs[key] += 1
        units[key] += n
        if job in minutes and n > 0:  # a job with no units has no time per unit
            k = (key, _month(at, tz))
            month_jobs[k] += 1
            month_units[k] += n
            month_minutes[k] += minutes[job]
    order = {key: i for i, key in enumerate(sorted(types, key=lambda k: types[k].id))}
    work = [WorkDone(key, types[key].name, types[key].reading, types[key].unit, jobs[key], units[key])
            for key in sorted(jobs, key=order.__getitem__)]
    times = [MonthTime(key, types[key].name, month, month_jobs[(key, month)], month_units[(key, month)],
                       round(month_minutes[(key, month)], 2), types[key].minutes_per_unit)
             for key, month in sorted(month_jobs, key=lambda km: (order[km[0]], km[1]))]
    return work, times


def _skills(s: Session, worker_id: int, code: str, types: dict[str, JobType]) -> list[SkillHeld]:
    """The worker's skills now, each with the day it was given its present level."""
    by_id = {jt.id: jt for jt in types.values()}
    since: dict[tuple[str, str], dt.datetime] = {}
    rows = s.execute(select(Event.at, Event.data).where(*_changes_of(code, "skill")).order_by(Event.seq)).all()
    for at, data in rows:
        data = data or {}
        if data.get("what") == "skill" and data.get("of") == code and data.get("level"):
            since[(str(data.get("job_type")), str(data["level"]))] = _utc(at)
    out: list[SkillHeld] = []
    rank = {SkillLevel.CERTIFIED: 0, SkillLevel.INDEPENDENT: 1, SkillLevel.LEARNING: 2}
    held = sorted(s.scalars(select(Skill).where(Skill.worker_id == worker_id)),
                  key=lambda sk: (rank.get(SkillLevel(sk.level), 3), sk.job_type_id))
    for sk in held:
        jt = by_id[sk.job_type_id]
        at = since.get((jt.key, sk.level)) or (sk.certified_at if sk.level == SkillLevel.CERTIFIED else None)
        out.append(SkillHeld(jt.key, jt.name, jt.reading, sk.level, _utc(at).astimezone().date() if at else None))
    return out


def _machines(s: Session, code: str, start: dt.datetime, end: dt.datetime) -> list[MachineUse]:
    jam = case((Event.data["outcome"].as_string() == MachineOutcome.JAM.value, 1), else_=0)
    rows = s.execute(
        select(Event.machine, func.count(), func.coalesce(func.sum(Event.data["units"].as_integer()), 0),
               func.sum(jam))
        .where(Event.type == str(EventType.MACHINE_STOPPED), Event.worker == code, _in_range(start, end),
               Event.machine.is_not(None))
        .group_by(Event.machine).order_by(Event.machine)
    ).all()
    names = {m.code: m for m in s.scalars(select(Machine))}
    out = []
    for machine, ops, units, jams in rows:
        m = names.get(machine)
        out.append(MachineUse(machine, m.name if m else machine, m.reading if m else "", int(ops), int(units),
                              int(jams or 0)))
    return out


def _prompt_changes(s: Session, code: str) -> dict[str, list[tuple[dt.datetime, str, str]]]:
    """job type -> [(when, old level, new level)] from the prompt-level changes in the log."""
    out: dict[str, list[tuple[dt.datetime, str, str]]] = defaultdict(list)
    rows = s.execute(select(Event.at, Event.data).where(*_changes_of(code, "prompt_level"))
                     .order_by(Event.seq)).all()
    for at, data in rows:
        data = data or {}
        if data.get("what") != "prompt_level" or data.get("of") != code:
            continue
        for key, change in (data.get("changed") or {}).items():
            if isinstance(change, list) and len(change) == 2:
                out[key].append((_utc(at), str(change[0]), str(change[1])))
    return out


def _level_then(changes: list[tuple[dt.datetime, str, str]], at: dt.datetime, now: str) -> str:
    """The prompt level set at ``at``: the newest change before it, else the first change's old level."""
    level = changes[0][1] if changes else now
    for when, _old, new in changes:
        if when > at:
            break
        level = new
    return level


def _independence(s: Session, code: str, start: dt.datetime, end: dt.datetime,
                  finished: dict[str, tuple[str, dt.datetime, int]], types: dict[str, JobType],
                  tz: dt.tzinfo) -> list[Independence]:
    level = Event.data["prompt_level"].as_string()
    step_rows = s.execute(
        select(JobType.key, Event.at, level)
        .join(Job, Job.code == Event.job).join(JobType, JobType.id == Job.job_type_id)
        .where(Event.type == str(EventType.STEP_DONE), Event.worker == code, _in_range(start, end))
    ).all()
    help_rows = s.execute(
        select(JobType.key, Event.at)
        .join(Job, Job.code == Event.job).join(JobType, JobType.id == Job.job_type_id)
        .where(Event.type == str(EventType.HELP_CALLED), Event.worker == code, _in_range(start, end))
    ).all()
    worker_id = _worker(s, code).id
    by_id = {jt.id: jt.key for jt in types.values()}
    current = {by_id[sk.job_type_id]: sk.prompt_level
               for sk in s.scalars(select(Skill).where(Skill.worker_id == worker_id))}
    changes = _prompt_changes(s, code) if any(lv is None for _k, _a, lv in step_rows) else {}
    steps: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for key, at, lv in step_rows:
        at = _utc(at)
        used = lv or _level_then(changes.get(key, []), at, current.get(key, PromptLevel.FULL))
        steps[(key, _month(at, tz))][str(used)] += 1
    calls: Counter[tuple[str, str]] = Counter((key, _month(at, tz)) for key, at in help_rows)
    jobs: Counter[tuple[str, str]] = Counter((key, _month(at, tz)) for key, at, _n in finished.values())
    order = {key: types[key].id for key in types}
    out = []
    for key, month in sorted(set(steps) | set(calls) | set(jobs), key=lambda km: (order[km[0]], km[1])):
        out.append(Independence(key, types[key].name, month, jobs[(key, month)], dict(steps[(key, month)]),
                                calls[(key, month)]))
    return out


def _comment(s: Session, code: str) -> Comment | None:
    rows = s.execute(select(Event.at, Event.worker, Event.data).where(*_changes_of(code, COMMENT))
                     .order_by(Event.seq.desc()).limit(1)).all()
    for at, by, data in rows:
        data = data or {}
        if data.get("what") == COMMENT and data.get("of") == code:
            text = str(data.get("comment") or "")
            return Comment(text, by or "", _utc(at)) if text else None
    return None
