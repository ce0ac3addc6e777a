"""The station's reports, for any date range: hours given back to departments, throughput and
timeliness, machine use, help calls.

Every figure is computed in the database by grouped queries over the event log and the
state tables that ``ledger.apply`` derives from it, so a report over three years reads a
few hundred rows, never every event. Definitions:

- A job counts as *done* in the period of its ``job_finished`` (a job started in one month
  and finished in the next counts in the next); a cancelled job never counts.
- *Hours given back* of a job: its job type's setup minutes + units done × standard minutes
  per unit: the time the department would have spent on it itself.
- *Lead time*: from the order (or the job, for a round) to ``job_delivered``; *on time*: a
  delivered job with a due time, delivered by it.
- *Actual time* of a job: the time it was worked on, from each ``job_started`` or
  ``job_resumed`` to the next break, finish, rework, hold or cancel, so breaks never count: the
  ledger's work clock (``ledger.work_time``), kept in ``jobs.work_seconds`` as the events
  arrive (the check sheet and the portfolio use the same clock).
- *Running time* of a machine operation: from its ``machine_started`` to its ``machine_stopped``.
- *Response time* of a help call: from the call to its answer; calls never answered are
  counted apart and kept out of the times.
- Percentiles are nearest-rank: p50 of n values is the ceil(n × 0.5)-th smallest.

Periods are local days, ISO weeks (named by their Monday) and months, at the station's
fixed UTC offset (Japan keeps no summer time).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, literal_column, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from flat_desktop.db.database import Database
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
)
from flat_desktop.errors import InvalidInput
from flat_desktop.events import EventType, MachineOutcome
from flat_desktop.i18n import _

HELP_KINDS = ("help", "stuck")  # a worker's own call, and the station's call when a step takes too long
DONE_STATES = (JobStatus.DONE, JobStatus.DELIVERED)
TREND_DAYS = 28  # a machine's jams: the last four weeks of the range against the four before
RISING_FACTOR = 1.5  # the recent jam rate at least this many times the earlier one ...
RISING_MIN_JAMS = 2  # ... and at least this many jams recently, so one jam is no trend


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class ReportKind(StrEnum):
    HOURS = "hours"
    THROUGHPUT = "throughput"
    MACHINES = "machines"
    HELP = "help"


@dataclass(frozen=True)
class Range:
    """Local dates ``start`` (included) to ``end`` (excluded), at ``offset_minutes`` from UTC."""

    start: dt.date
    end: dt.date
    offset_minutes: int

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidInput(
                _("The end date {end} is not after the start date {start}.").format(end=self.end, start=self.start),
                _("Give an end date later than the start date."),
                reason="empty_range",
            )

    @property
    def tz(self) -> dt.timezone:
        return dt.timezone(dt.timedelta(minutes=self.offset_minutes))

    def utc(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0), tzinfo=self.tz).astimezone(dt.UTC)

    @property
    def utc_start(self) -> dt.datetime:
        return self.utc(self.start)

    @property
    def utc_end(self) -> dt.datetime:
        return self.utc(self.end)

    @classmethod
    def of(cls, start: dt.date | None = None, end: dt.date | None = None, *, offset_minutes: int | None = None,
           today: dt.date | None = None) -> Range:
        """The range asked for; by default the 90 days up to today (included)."""
        if offset_minutes is None:
            offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta(0)
            offset_minutes = int(offset.total_seconds() // 60)
        today = today or dt.datetime.now(dt.timezone(dt.timedelta(minutes=offset_minutes))).date()
        end = end or today + dt.timedelta(days=1)
        start = start or end - dt.timedelta(days=90)
        return cls(start, end, offset_minutes)


def _cell(value: object) -> object:
    if isinstance(value, float):
        return round(value, 2)
    return "" if value is None else value


@dataclass(frozen=True)
class Report:
    """A report's rows (frozen dataclasses), with their export as a table or CSV."""

    kind: ReportKind
    range: Range
    period: Period | None
    lines: tuple[Any, ...]

    def line_type(self) -> type:
        return LINE_TYPES[self.kind]

    def rows(self) -> list[list[object]]:
        """The header, then one list of cells per line (floats rounded to 2 places)."""
        names: list[object] = [f.name for f in fields(self.line_type())]
        return [names] + [[_cell(getattr(line, str(n))) for n in names] for line in self.lines]

    def as_csv(self) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(self.rows())
        return out.getvalue()

    def as_json(self) -> dict[str, Any]:
        return {"report": self.kind.value, "from": self.range.start.isoformat(), "to": self.range.end.isoformat(),
                "period": self.period.value if self.period else None,
                "rows": [asdict(line) for line in self.lines]}


@dataclass(frozen=True)
class HoursLine:
    period: str  # "2026-01", a week's Monday or a day
    department: str  # the department's code; "" for jobs of no department (rounds)
    department_name: str
    jobs: int
    orders: int
    units: int
    hours: float


@dataclass(frozen=True)
class ThroughputLine:
    period: str
    job_type: str
    job_type_name: str
    jobs_done: int
    units: int
    delivered: int
    lead_p50_hours: float | None
    with_due: int
    on_time: int
    on_time_rate: float | None
    actual_minutes: float  # the sum over the jobs done, from the steps' times
    standard_minutes: float
    actual_vs_standard: float | None  # actual / standard; below 1 is faster than the standard


@dataclass(frozen=True)
class MachineLine:
    machine: str
    name: str
    operations: int
    units: int
    running_minutes: float
    jams: int
    faults: int
    jam_rate: float | None
    fault_rate: float | None
    recent_jam_rate: float | None  # the last TREND_DAYS of the range
    earlier_jam_rate: float | None  # the TREND_DAYS before those
    rising: bool


@dataclass(frozen=True)
class HelpDayLine:
    period: str
    calls: int
    answered: int
    unanswered: int
    p50_seconds: float | None
    p95_seconds: float | None


@dataclass(frozen=True)
class HelpStepLine:
    job_type: str
    job_type_name: str
    step: int | None
    step_title: str
    calls: int
    unanswered: int
    p50_seconds: float | None
    p95_seconds: float | None


LINE_TYPES: dict[ReportKind, type] = {
    ReportKind.HOURS: HoursLine,
    ReportKind.THROUGHPUT: ThroughputLine,
    ReportKind.MACHINES: MachineLine,
    ReportKind.HELP: HelpDayLine,
}


@dataclass(frozen=True)
class HelpReport(Report):
    """Help calls per period (``lines``) and per job type and step, most calls first (``steps``)."""

    steps: tuple[HelpStepLine, ...] = ()

    def step_rows(self) -> list[list[object]]:
        names: list[object] = [f.name for f in fields(HelpStepLine)]
        return [names] + [[_cell(getattr(line, str(n))) for n in names] for line in self.steps]

    def steps_csv(self) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(self.step_rows())
        return out.getvalue()

    def as_json(self) -> dict[str, Any]:
        return super().as_json() | {"steps": [asdict(line) for line in self.steps]}


# --- SQL that differs between SQLite and PostgreSQL -----------------------------------------


class _Dialect:
    def __init__(self, s: Session, offset_minutes: int) -> None:
        self.pg = s.get_bind().dialect.name == "postgresql"
        self.offset = int(offset_minutes)

    def period(self, col: Any, period: Period) -> ColumnElement[str]:
        """The local day, ISO week's Monday or month of ``col`` as text."""
        if self.pg:
            local = func.timezone("UTC", col) + literal_column(f"interval '{self.offset} minutes'")
            if period is Period.WEEK:
                return func.to_char(func.date_trunc("week", local), "YYYY-MM-DD")
            return func.to_char(local, "YYYY-MM" if period is Period.MONTH else "YYYY-MM-DD")
        shift = f"{self.offset:+d} minutes"
        if period is Period.WEEK:
            return func.date(col, shift, "weekday 0", "-6 days")  # Sunday on or after, back to its Monday
        return func.strftime("%Y-%m" if period is Period.MONTH else "%Y-%m-%d", col, shift)

    def seconds(self, later: Any, earlier: Any) -> ColumnElement[float]:
        if self.pg:
            return cast(func.extract("epoch", later - earlier), Float)
        # julianday() is a float of days: to the millisecond, a minute is 60 s again, not 59.99999.
        return func.round((func.julianday(later) - func.julianday(earlier)) * 86400.0, 3)


def _units(col: Any) -> ColumnElement[int]:
    return func.coalesce(col["units"].as_integer(), 0)


def _ratio(part: float | int | None, whole: float | int | None) -> float | None:
    return None if not whole or part is None else part / whole


def _percentiles(value: ColumnElement[float], groups: Sequence[ColumnElement[Any]], where: Any,
                 joins: Any) -> Any:
    """A subquery of ``groups`` + p50 and p95 (nearest rank) of ``value`` over the rows ``joins``
    filtered by ``where``, from a window over each group's values in order."""
    inner = (select(*groups, value.label("v"),
                    func.row_number().over(partition_by=list(groups), order_by=value).label("rn"),
                    func.count().over(partition_by=list(groups)).label("n"))
             .select_from(joins).where(where).subquery())
    keys = [inner.c[str(g.key)] for g in groups]
    return (select(*keys,
                   func.min(case((inner.c.rn * 100 >= inner.c.n * 50, inner.c.v))).label("p50"),
                   func.min(case((inner.c.rn * 100 >= inner.c.n * 95, inner.c.v))).label("p95"))
            .group_by(*keys).subquery())


# --- the reports -----------------------------------------------------------------------------


def hours(db: Database, rng: Range, period: Period = Period.MONTH) -> Report:
    """Hours given back per department and period, with the jobs, orders and units done."""
    with db.reader() as s:
        d = _Dialect(s, rng.offset_minutes)
        bucket = d.period(Job.finished_at, period).label("period")
        minutes = JobType.setup_minutes + func.coalesce(Job.units_done, 0) * JobType.minutes_per_unit
        q = (select(bucket, Department.code, Department.name, func.count(Job.id),
                    func.count(func.distinct(Job.order_id)), func.sum(func.coalesce(Job.units_done, 0)),
                    func.sum(minutes))
             .join(JobType, JobType.id == Job.job_type_id)
             .outerjoin(Order, Order.id == Job.order_id)
             .outerjoin(Department, Department.id == Order.department_id)
             .where(Job.status.in_(DONE_STATES), Job.finished_at >= rng.utc_start, Job.finished_at < rng.utc_end)
             .group_by(bucket, Department.code, Department.name)
             .order_by(bucket, Department.code))
        lines = tuple(HoursLine(p, code or "", name or _("no department (rounds)"), int(jobs), int(orders),
                                int(units or 0), float(mins or 0) / 60)
                      for p, code, name, jobs, orders, units, mins in s.execute(q))
    return Report(ReportKind.HOURS, rng, period, lines)


def throughput(db: Database, rng: Range, period: Period = Period.WEEK) -> Report:
    """Per job type and period: jobs done, lead time, on-time rate, actual against standard time."""
    with db.reader() as s:
        d = _Dialect(s, rng.offset_minutes)
        done = and_(Job.status.in_(DONE_STATES), Job.finished_at >= rng.utc_start, Job.finished_at < rng.utc_end)
        bucket = d.period(Job.finished_at, period)
        standard = JobType.setup_minutes + func.coalesce(Job.units_done, 0) * JobType.minutes_per_unit
        base = (select(bucket.label("period"), JobType.key.label("key"), JobType.name,
                       func.count(Job.id), func.sum(func.coalesce(Job.units_done, 0)), func.sum(standard),
                       func.sum(Job.work_seconds))  # the ledger's work clock (ledger.work_tick)
                .join(JobType, JobType.id == Job.job_type_id).where(done)
                .group_by(bucket, JobType.key, JobType.name))
        counted = {(r[0], r[1]): r for r in s.execute(base)}

        # Delivery: lead time and due, in the period of the delivery.
        delivered = and_(Job.status == JobStatus.DELIVERED, Job.delivered_at >= rng.utc_start,
                         Job.delivered_at < rng.utc_end)
        dbucket = d.period(Job.delivered_at, period).label("period")
        ordered = func.coalesce(Order.created_at, Job.created_at)
        joins = Job.__table__.join(JobType, JobType.id == Job.job_type_id).outerjoin(Order, Order.id == Job.order_id)
        key = JobType.key.label("key")
        lead = _percentiles(d.seconds(Job.delivered_at, ordered), [dbucket, key], delivered, joins)
        p50 = {(p, k): v for p, k, v, _p95 in s.execute(select(lead))}
        dq = (select(dbucket, key, func.count(Job.id), func.count(Job.due_at),
                     func.sum(case((Job.delivered_at <= Job.due_at, 1), else_=0)))
              .select_from(joins).where(delivered).group_by(dbucket, key))
        deliveries = {(r[0], r[1]): r[2:] for r in s.execute(dq)}
        names = {k: n for k, n in s.execute(select(JobType.key, JobType.name))}

    lines = []
    for p, k in sorted(set(counted) | set(deliveries)):
        c = counted.get((p, k))
        n_del, n_due, n_on = deliveries.get((p, k), (0, 0, 0))
        std = float(c[5] or 0) if c else 0.0
        act = float(c[6] or 0) / 60 if c else 0.0
        lead_s = p50.get((p, k))
        lines.append(ThroughputLine(
            p, k, names.get(k, k), int(c[3]) if c else 0, int(c[4] or 0) if c else 0, int(n_del),
            None if lead_s is None else float(lead_s) / 3600, int(n_due), int(n_on or 0), _ratio(n_on or 0, n_due),
            act, std, _ratio(act, std) if c else None))
    return Report(ReportKind.THROUGHPUT, rng, period, tuple(lines))


def machines(db: Database, rng: Range) -> Report:
    """Per machine: operations, units, running time, jam and fault rates, and rising jams."""
    with db.reader() as s:
        d = _Dialect(s, rng.offset_minutes)
        started = aliased(Event)
        began = (select(func.max(started.at)).where(
            started.job == Event.job, started.type == str(EventType.MACHINE_STARTED), started.step == Event.step,
            started.machine == Event.machine, started.at <= Event.at).scalar_subquery())
        outcome = Event.data["outcome"].as_string()
        recent_from = rng.utc_end - dt.timedelta(days=TREND_DAYS)
        earlier_from = recent_from - dt.timedelta(days=TREND_DAYS)

        def count_if(cond: Any) -> Any:
            return func.sum(case((cond, 1), else_=0))

        inner = (select(Event.machine.label("machine"), Event.at.label("at"), _units(Event.data).label("units"),
                        d.seconds(Event.at, began).label("run_s"), outcome.label("outcome"))
                 .where(Event.type == str(EventType.MACHINE_STOPPED), Event.machine.is_not(None),
                        Event.at >= rng.utc_start, Event.at < rng.utc_end).subquery())
        is_jam = inner.c.outcome == MachineOutcome.JAM.value
        recent = inner.c.at >= recent_from
        earlier = and_(inner.c.at >= earlier_from, inner.c.at < recent_from)
        q = (select(inner.c.machine, func.count(), func.sum(inner.c.units),
                    func.sum(func.coalesce(inner.c.run_s, 0.0)), count_if(is_jam),
                    count_if(inner.c.outcome == MachineOutcome.FAULT.value), count_if(recent),
                    count_if(and_(recent, is_jam)), count_if(earlier), count_if(and_(earlier, is_jam)))
             .group_by(inner.c.machine).order_by(inner.c.machine))
        rows = s.execute(q).all()
        names = {c: n for c, n in s.execute(select(Machine.code, Machine.name))}
    lines = []
    for code, ops, units, run_s, jams, faults, r_ops, r_jams, e_ops, e_jams in rows:
        r_rate, e_rate = _ratio(r_jams, r_ops), _ratio(e_jams, e_ops)
        rising = bool(r_jams >= RISING_MIN_JAMS and r_rate is not None
                      and r_rate >= RISING_FACTOR * (e_rate or 0.0) and (e_rate is None or r_rate > e_rate))
        lines.append(MachineLine(code, names.get(code, code), int(ops), int(units or 0), float(run_s or 0) / 60,
                                 int(jams), int(faults), _ratio(jams, ops), _ratio(faults, ops), r_rate, e_rate,
                                 rising))
    return Report(ReportKind.MACHINES, rng, None, tuple(lines))


def help_calls(db: Database, rng: Range, period: Period = Period.DAY) -> HelpReport:
    """Help calls per period with their response times, and per job type and step, most first."""
    with db.reader() as s:
        d = _Dialect(s, rng.offset_minutes)
        in_range = and_(HelpCall.kind.in_(HELP_KINDS), HelpCall.called_at >= rng.utc_start,
                        HelpCall.called_at < rng.utc_end)
        answered = and_(in_range, HelpCall.answered_at.is_not(None))
        wait = d.seconds(HelpCall.answered_at, HelpCall.called_at)
        bucket = d.period(HelpCall.called_at, period).label("period")
        times = {p: (p50, p95) for p, p50, p95 in s.execute(
            select(_percentiles(wait, [bucket], answered, HelpCall.__table__)))}
        per_period = s.execute(select(bucket, func.count(), func.count(HelpCall.answered_at))
                               .where(in_range).group_by(bucket).order_by(bucket)).all()

        joins = (HelpCall.__table__.outerjoin(Job, Job.code == HelpCall.job)
                 .outerjoin(JobType, JobType.id == Job.job_type_id)
                 .outerjoin(JobStep, and_(JobStep.job_id == Job.id, JobStep.position == HelpCall.step)))
        key, title = JobType.key.label("key"), JobStep.title.label("title")
        step = HelpCall.step.label("step")
        step_times = {(k, st, t): (p50, p95) for k, st, t, p50, p95 in s.execute(
            select(_percentiles(wait, [key, step, title], answered, joins)))}
        per_step = s.execute(select(key, JobType.name, step, title, func.count(), func.count(HelpCall.answered_at))
                             .select_from(joins).where(in_range).group_by(key, JobType.name, step, title)
                             .order_by(func.count().desc(), key, step)).all()
    lines = tuple(HelpDayLine(p, int(n), int(a), int(n - a), *_floats(times.get(p))) for p, n, a in per_period)
    steps = tuple(HelpStepLine(k or "", name or "", st, t or "", int(n), int(n - a),
                               *_floats(step_times.get((k, st, t)))) for k, name, st, t, n, a in per_step)
    return HelpReport(ReportKind.HELP, rng, period, lines, steps)


def _floats(pair: tuple[Any, Any] | None) -> tuple[float | None, float | None]:
    if pair is None:
        return None, None
    return tuple(None if v is None else float(v) for v in pair)  # type: ignore[return-value]


def report(db: Database, kind: ReportKind, rng: Range, period: Period | None = None) -> Report:
    """One report by its kind (the CLI's and the console's single entry)."""
    if kind is ReportKind.HOURS:
        return hours(db, rng, period or Period.MONTH)
    if kind is ReportKind.THROUGHPUT:
        return throughput(db, rng, period or Period.WEEK)
    if kind is ReportKind.MACHINES:
        return machines(db, rng)
    return help_calls(db, rng, period or Period.DAY)


def iso_week(monday: str) -> str:
    """'2026-11-30' (a week's Monday) as '2026-W49'."""
    year, week, _day = dt.date.fromisoformat(monday).isocalendar()
    return f"{year}-W{week:02d}"


def period_label(period: str, grouping: Period | None) -> str:
    """A period as people read it: weeks by their ISO number and Monday ('2026-W02 (01-05)'),
    days and months as they are. The data (CSV, JSON) keep the Monday's date, which sorts."""
    if grouping is Period.WEEK and period:
        return f"{iso_week(period)} ({period[5:]})"
    return period


def shown_rows(rep: Report) -> list[list[object]]:
    """``rep.rows()`` with the periods labelled for people (the console's table, the PDF, the CLI)."""
    rows = rep.rows()
    if rows and "period" in rows[0]:
        at = rows[0].index("period")
        for row in rows[1:]:
            row[at] = period_label(str(row[at]), rep.period)
    return rows


def report_names() -> dict[ReportKind, str]:
    return {ReportKind.HOURS: _("Hours given back"), ReportKind.THROUGHPUT: _("Throughput and timeliness"),
            ReportKind.MACHINES: _("Machines"), ReportKind.HELP: _("Help calls")}


def period_names() -> dict[Period, str]:
    return {Period.DAY: _("by day"), Period.WEEK: _("by week"), Period.MONTH: _("by month")}


DEFAULT_PERIOD = {ReportKind.HOURS: Period.MONTH, ReportKind.THROUGHPUT: Period.WEEK, ReportKind.HELP: Period.DAY}
CHART_BARS = 24  # more periods than this cannot be told apart: the latest are shown
RANKED_BARS = 12  # departments, job types, machines: the largest, each with room for its name


@dataclass(frozen=True)
class Chart:
    """A report's bar chart, drawn the same by the console (QtCharts) and the PDF (reportlab)."""

    title: str
    names: tuple[str, ...]
    values: tuple[float, ...]
    over_time: bool  # the bars are periods in time order; otherwise ranked, the largest first


def chart(rep: Report) -> Chart:
    """The chart of a report: per department, job type or machine summed over the periods, or
    help calls per period."""
    totals: dict[str, float] = defaultdict(float)
    if rep.kind is ReportKind.HOURS:
        title = _("Hours given back per department")
        for line in rep.lines:
            totals[line.department_name] += line.hours
    elif rep.kind is ReportKind.THROUGHPUT:
        title = _("Jobs done per job type")
        for line in rep.lines:
            totals[line.job_type_name] += line.jobs_done
    elif rep.kind is ReportKind.MACHINES:
        title = _("Jam rate per machine (%)")
        for line in rep.lines:
            totals[f"{line.machine} {line.name}"] = 100 * (line.jam_rate or 0.0)
    else:
        title = _("Help calls per period")
        for line in rep.lines:
            totals[period_label(line.period, rep.period)] += line.calls
        names = sorted(totals)[-CHART_BARS:]  # the latest periods, in time order
        return Chart(title, tuple(names), tuple(totals[n] for n in names), over_time=True)
    names = sorted(totals, key=lambda n: -totals[n])[:RANKED_BARS]
    return Chart(title, tuple(names), tuple(totals[n] for n in names), over_time=False)



def column_titles() -> dict[str, str]:
    """Each row field's title in the language shown (CLI tables, the console's Reports tab)."""
    return {
        "period": _("period"), "department": _("department"), "department_name": _("department name"),
        "jobs": _("jobs"), "orders": _("orders"), "units": _("units"), "hours": _("hours given back"),
        "job_type": _("job type"), "job_type_name": _("job type name"), "jobs_done": _("jobs done"),
        "delivered": _("delivered"), "lead_p50_hours": _("lead time p50 (h)"), "with_due": _("with a due time"),
        "on_time": _("on time"), "on_time_rate": _("on-time rate"), "actual_minutes": _("actual (min)"),
        "standard_minutes": _("standard (min)"), "actual_vs_standard": _("actual / standard"),
        "machine": _("machine"), "name": _("machine name"), "operations": _("operations"),
        "running_minutes": _("running (min)"), "jams": _("jams"), "faults": _("faults"), "jam_rate": _("jam rate"),
        "fault_rate": _("fault rate"), "recent_jam_rate": _("jam rate, last 4 weeks"),
        "earlier_jam_rate": _("jam rate, 4 weeks before"), "rising": _("jams rising"), "calls": _("help calls"),
        "answered": _("answered"), "unanswered": _("unanswered"), "p50_seconds": _("response p50 (s)"),
        "p95_seconds": _("response p95 (s)"), "step": _("step"), "step_title": _("step title"),
    }
