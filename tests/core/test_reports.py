"""The reports against figures computed by hand on a small fixed event set, on SQLite and on
PostgreSQL: a job spanning two months, a job finished just after midnight Japan time on the last
day of a month, a cancelled job, a help call never answered, a machine whose jams rise.

The station's offset is Japan's (+09:00) throughout; every time below is UTC.

Jobs (standard: setup + units × minutes per unit; enclosing 10 + 0.5/unit, copy 0 + 0.2/unit):
    J1 enclosing, SOUMU, 100 units, finished 01-10, delivered 01-12 (48 h, due 01-20: on time);
       worked 01:00-01:45 = 45 min actual; standard 60 min.
    J5 copy, SOUMU, 50 units, finished 01-15, delivered 01-16 (24 h, no due); 25 min; standard 10.
    J2 copy, SOUMU, 300 units, begun 01-31, paused overnight, finished 02-01, delivered 02-02
       (48 h, due 01-30: late); 25 + 65 min (the night's break not counted); standard 60.
    J3 enclosing, JINJI, 40 units, finished 02-28 16:00 UTC = 03-01 01:00 JST; 60 min; standard 30.
    J4 enclosing, JINJI, cancelled: counted nowhere.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from flat_desktop.db import Database, migrate
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Department, JobType, Machine
from flat_desktop.events import EventType, NewEvent
from flat_desktop.services import reports
from flat_desktop.services.reports import Period, Range

JST = 540
E = EventType


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


STEPS = {
    "enclosing": [("封筒を用意する", "plain"), ("折って入れる", "machine")],
    "copy": [("原稿を置く", "plain"), ("コピーする", "machine")],
}


def build(db: Database) -> None:
    """The fixed event set, written through the ledger as the services write it."""
    with db.session() as s:
        s.add_all([Department(code="SOUMU", name="総務課", mailbox="A01"),
                   Department(code="JINJI", name="人事課", mailbox="A02"),
                   JobType(key="enclosing", name="封入", minutes_per_unit=0.5, setup_minutes=10.0),
                   JobType(key="copy", name="コピー", minutes_per_unit=0.2, setup_minutes=0.0),
                   *(Machine(code=c, name=n, type=ty) for c, n, ty in
                     (("FD01", "紙折り機", "folder"), ("CP01", "複合機", "copier"), ("CT01", "裁断機", "cutter")))])
    with db.session() as s:
        dept = {d.code: d.id for d in s.query(Department)}
        types = {jt.key: jt.id for jt in s.query(JobType)}

    events: list[NewEvent] = []

    def ev(kind: EventType, at: str, job: str | None = None, **kw: Any) -> str:
        e = NewEvent(kind, station="st1", worker=kw.pop("worker", "W001"), job=job, at=t(at), **kw)
        events.append(e)
        return e.id

    def order(job: str, key: str, dept_code: str, qty: int, at: str, due: str | None = None) -> None:
        data = {"code": "O" + job, "job_type_id": types[key], "department_id": dept[dept_code], "title": job,
                "quantity": qty, **({"due": t(due).isoformat()} if due else {})}
        ev(E.ORDER_CREATED, at, data=data, worker="S001")
        steps = [{"position": i, "title": title, "text": title, "kind": kind}
                 for i, (title, kind) in enumerate(STEPS[key], 1)]
        ev(E.JOB_CREATED, at, job, worker="S001",
           data={"order": "O" + job, "job_type_id": types[key], "title": job, "quantity": qty, "steps": steps,
                 **({"due": t(due).isoformat()} if due else {})})
        ev(E.JOB_ASSIGNED, at, job, worker="S001", data={"assignee": "W001"})

    def run(job: str, machine: str, start: str, stop: str, units: int, outcome: str = "ok") -> None:
        ev(E.MACHINE_STARTED, start, job, step=2, machine=machine)
        ev(E.MACHINE_STOPPED, stop, job, step=2, machine=machine, data={"units": units, "outcome": outcome})

    def answer(call: str, at: str) -> None:
        ev(E.HELP_ANSWERED, at, worker="S001", data={"call": call})

    # J1
    order("J1", "enclosing", "SOUMU", 100, "2026-01-10 00:00", due="2026-01-20 09:00")
    ev(E.JOB_STARTED, "2026-01-10 01:00", "J1")
    h1 = ev(E.HELP_CALLED, "2026-01-10 01:02", "J1", step=1, data={"kind": "help"})
    answer(h1, "2026-01-10 01:03")
    ev(E.STEP_DONE, "2026-01-10 01:10", "J1", step=1)
    run("J1", "FD01", "2026-01-10 01:15", "2026-01-10 01:35", 100)
    ev(E.STEP_DONE, "2026-01-10 01:40", "J1", step=2)
    ev(E.JOB_FINISHED, "2026-01-10 01:45", "J1", data={"units": 100, "spoiled": 0})
    ev(E.JOB_DELIVERED, "2026-01-12 00:00", "J1", worker="S001", data={"to": "青木"})
    # J5
    order("J5", "copy", "SOUMU", 50, "2026-01-15 00:00")
    ev(E.JOB_STARTED, "2026-01-15 01:00", "J5")
    ev(E.STEP_DONE, "2026-01-15 01:10", "J5", step=1)
    run("J5", "CT01", "2026-01-15 01:11", "2026-01-15 01:13", 25)
    run("J5", "CT01", "2026-01-15 01:14", "2026-01-15 01:16", 25)
    ev(E.STEP_DONE, "2026-01-15 01:20", "J5", step=2)
    ev(E.JOB_FINISHED, "2026-01-15 01:25", "J5", data={"units": 50, "spoiled": 0})
    ev(E.JOB_DELIVERED, "2026-01-16 00:00", "J5", worker="S001", data={"to": "青木"})
    # J2: spans the night from January into February
    order("J2", "copy", "SOUMU", 300, "2026-01-31 14:00", due="2026-01-30 00:00")
    ev(E.JOB_STARTED, "2026-01-31 14:30", "J2")
    ev(E.STEP_DONE, "2026-01-31 14:50", "J2", step=1)
    ev(E.JOB_PAUSED, "2026-01-31 14:55", "J2", data={"reason": "break"})
    ev(E.JOB_RESUMED, "2026-02-01 00:00", "J2")
    run("J2", "CP01", "2026-02-01 00:05", "2026-02-01 00:15", 100, "jam")
    jam_call = ev(E.HELP_CALLED, "2026-02-01 00:15", "J2", step=2, data={"kind": "jam"})  # not a help call
    answer(jam_call, "2026-02-01 00:17")
    h2 = ev(E.HELP_CALLED, "2026-02-01 00:16", "J2", step=2, data={"kind": "help"})
    answer(h2, "2026-02-01 00:19")
    run("J2", "CP01", "2026-02-01 00:20", "2026-02-01 00:50", 200)
    ev(E.HELP_CALLED, "2026-02-01 00:30", "J2", step=2, data={"kind": "help"})  # never answered
    ev(E.STEP_DONE, "2026-02-01 01:00", "J2", step=2)
    ev(E.JOB_FINISHED, "2026-02-01 01:05", "J2", data={"units": 300, "spoiled": 0})
    ev(E.JOB_DELIVERED, "2026-02-02 14:00", "J2", worker="S001", data={"to": "青木"})
    # J4: cancelled after its first step
    order("J4", "enclosing", "JINJI", 10, "2026-02-05 00:00")
    ev(E.JOB_STARTED, "2026-02-05 01:00", "J4")
    ev(E.STEP_DONE, "2026-02-05 01:05", "J4", step=1)
    ev(E.JOB_CANCELLED, "2026-02-05 02:00", "J4", worker="S001")
    # J3: finished at 01:00 on March 1st in Japan
    order("J3", "enclosing", "JINJI", 40, "2026-02-28 10:00")
    ev(E.JOB_STARTED, "2026-02-28 15:00", "J3")
    h4 = ev(E.HELP_CALLED, "2026-02-28 15:02", "J3", step=1, data={"kind": "help"})
    answer(h4, "2026-02-28 15:12")
    ev(E.STEP_DONE, "2026-02-28 15:06", "J3", step=1)
    run("J3", "CT01", "2026-02-28 15:07", "2026-02-28 15:08", 0, "jam")
    run("J3", "CT01", "2026-02-28 15:08:30", "2026-02-28 15:09:30", 0, "jam")
    run("J3", "FD01", "2026-02-28 15:10", "2026-02-28 15:12", 0, "fault")
    run("J3", "FD01", "2026-02-28 15:14", "2026-02-28 15:24", 40)
    h5 = ev(E.HELP_CALLED, "2026-02-28 15:20", "J3", step=1, data={"kind": "help"})
    answer(h5, "2026-02-28 15:22")
    ev(E.STEP_DONE, "2026-02-28 15:30", "J3", step=2)
    ev(E.JOB_FINISHED, "2026-02-28 16:00", "J3", data={"units": 40, "spoiled": 0})

    events.sort(key=lambda e: e.at)  # the log in time order, as the stations wrote it
    with db.session() as s:
        for e in events:
            record(s, e)


@pytest.fixture
def fixed_db(empty_db: Database) -> Database:
    build(empty_db)
    return empty_db


def year(end: str = "2026-04-01", offset: int = JST) -> Range:
    return Range(dt.date(2026, 1, 1), dt.date.fromisoformat(end), offset)


def check_hours(db: Database) -> None:
    lines = reports.hours(db, year()).lines
    assert [(x.period, x.department, x.jobs, x.orders, x.units, round(x.hours, 4)) for x in lines] == [
        ("2026-01", "SOUMU", 2, 2, 150, round((60 + 10) / 60, 4)),
        ("2026-02", "SOUMU", 1, 1, 300, 1.0),  # J2 began in January
        ("2026-03", "JINJI", 1, 1, 40, 0.5),  # J3: March in Japan; J4 cancelled
    ]
    assert lines[0].department_name == "総務課"
    # In UTC J3 is February's.
    utc = reports.hours(db, year(offset=0)).lines
    assert [(x.period, x.department, x.hours) for x in utc][1:] == [("2026-02", "JINJI", 0.5),
                                                                    ("2026-02", "SOUMU", 1.0)]
    # A range that ends before J3's Japanese day leaves it out.
    assert [x.period for x in reports.hours(db, year("2026-03-01")).lines] == ["2026-01", "2026-02"]
    weekly = reports.hours(db, year(), Period.WEEK).lines
    assert [(x.period, x.units) for x in weekly] == [
        ("2026-01-05", 100), ("2026-01-12", 50), ("2026-01-26", 300), ("2026-02-23", 40)]


def check_throughput(db: Database) -> None:
    lines = reports.throughput(db, year()).lines
    got = [(x.period, x.job_type, x.jobs_done, x.units, x.delivered, x.lead_p50_hours, x.with_due, x.on_time,
            x.on_time_rate, round(x.actual_minutes, 4), x.standard_minutes,
            None if x.actual_vs_standard is None else round(x.actual_vs_standard, 4)) for x in lines]
    assert got == [
        ("2026-01-05", "enclosing", 1, 100, 0, None, 0, 0, None, 45.0, 60.0, 0.75),
        ("2026-01-12", "copy", 1, 50, 1, 24.0, 0, 0, None, 25.0, 10.0, 2.5),
        ("2026-01-12", "enclosing", 0, 0, 1, 48.0, 1, 1, 1.0, 0.0, 0.0, None),
        ("2026-01-26", "copy", 1, 300, 0, None, 0, 0, None, 90.0, 60.0, 1.5),
        ("2026-02-02", "copy", 0, 0, 1, 48.0, 1, 0, 0.0, 0.0, 0.0, None),
        ("2026-02-23", "enclosing", 1, 40, 0, None, 0, 0, None, 60.0, 30.0, 2.0),
    ]
    assert reports.iso_week("2026-01-05") == "2026-W02"
    monthly = reports.throughput(db, year(), Period.MONTH).lines
    assert [(x.period, x.job_type, x.jobs_done, x.delivered, x.lead_p50_hours, x.on_time_rate) for x in monthly] == [
        ("2026-01", "copy", 1, 1, 24.0, None),
        ("2026-01", "enclosing", 1, 1, 48.0, 1.0),
        ("2026-02", "copy", 1, 1, 48.0, 0.0),
        ("2026-03", "enclosing", 1, 0, None, None),
    ]


def check_machines(db: Database) -> None:
    lines = reports.machines(db, year()).lines
    got = [(x.machine, x.operations, x.units, round(x.running_minutes, 4), x.jams, x.faults, x.jam_rate,
            None if x.fault_rate is None else round(x.fault_rate, 4), x.recent_jam_rate, x.earlier_jam_rate, x.rising)
           for x in lines]
    assert got == [
        ("CP01", 2, 300, 40.0, 1, 0, 0.5, 0.0, None, None, False),
        ("CT01", 4, 50, 6.0, 2, 0, 0.5, 0.0, None, 1.0, False),
        ("FD01", 3, 140, 32.0, 0, 1, 0.0, round(1 / 3, 4), None, 0.0, False),
    ]
    # Up to March 10th: CT01's last four weeks jammed at every run, the four before never.
    trend = {x.machine: (x.recent_jam_rate, x.earlier_jam_rate, x.rising)
             for x in reports.machines(db, year("2026-03-10")).lines}
    assert trend == {"CP01": (None, 0.5, False), "CT01": (1.0, 0.0, True), "FD01": (0.0, None, False)}


def check_help(db: Database) -> None:
    rep = reports.help_calls(db, year())
    assert [(x.period, x.calls, x.answered, x.unanswered, x.p50_seconds, x.p95_seconds) for x in rep.lines] == [
        ("2026-01-10", 1, 1, 0, 60.0, 60.0),
        ("2026-02-01", 2, 1, 1, 180.0, 180.0),  # the jam call is no help call; one never answered
        ("2026-03-01", 2, 2, 0, 120.0, 600.0),  # J3's calls on Japan's March 1st
    ]
    assert [(x.job_type, x.step, x.step_title, x.calls, x.unanswered, x.p50_seconds, x.p95_seconds)
            for x in rep.steps] == [
        ("enclosing", 1, "封筒を用意する", 3, 0, 120.0, 600.0),
        ("copy", 2, "コピーする", 2, 1, 180.0, 180.0),
    ]
    monthly = reports.help_calls(db, year(), Period.MONTH).lines
    assert [(x.period, x.calls, x.p50_seconds, x.p95_seconds) for x in monthly] == [
        ("2026-01", 1, 60.0, 60.0), ("2026-02", 2, 180.0, 180.0), ("2026-03", 2, 120.0, 600.0)]


def check_all(db: Database) -> None:
    check_hours(db)
    check_throughput(db)
    check_machines(db)
    check_help(db)


def test_every_figure_equals_the_hand_computation(fixed_db: Database) -> None:
    """Hours, throughput, machines and help calls on SQLite equal the figures computed by hand."""
    check_all(fixed_db)


def test_the_working_time_of_jobs_done_before_the_column_is_filled_in_from_their_events(
        fixed_db: Database) -> None:
    """Upgrading a database made before jobs kept their working time (0010) computes it from the
    events once: the same seconds the ledger keeps, and the same actual minutes in the report."""
    from alembic import command
    from sqlalchemy import select

    from flat_desktop.db.models import Job

    def kept() -> dict[str, tuple[float | None, object]]:
        with fixed_db.reader() as s:
            return {c: (None if w is None else round(w, 3), at)
                    for c, w, at in s.execute(select(Job.code, Job.work_seconds, Job.work_clock_at))}

    before = kept()
    assert before["J1"] == (45 * 60, None) and before["J4"] == (60 * 60, None)  # J4 until its cancel
    cfg = migrate.alembic_config()
    with fixed_db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009_editors")
    migrate.upgrade(fixed_db)
    assert kept() == before
    check_throughput(fixed_db)


def test_the_same_figures_on_postgresql() -> None:
    """The same event set on PostgreSQL gives the same figures (the SQL differs by dialect)."""
    from tests.helpers.postgres import temp_database

    with temp_database() as url:
        db = Database(url)
        try:
            migrate.upgrade(db)
            build(db)
            check_all(db)
        finally:
            db.dispose()


def test_csv_and_json_export(fixed_db: Database, tmp_path: Path) -> None:
    """A report's CSV has a header and one line per row, floats rounded; JSON holds the same rows."""
    rep = reports.hours(fixed_db, year())
    text = rep.as_csv()
    assert text.splitlines() == [
        "period,department,department_name,jobs,orders,units,hours",
        "2026-01,SOUMU,総務課,2,2,150,1.17",
        "2026-02,SOUMU,総務課,1,1,300,1.0",
        "2026-03,JINJI,人事課,1,1,40,0.5",
    ]
    data = rep.as_json()
    assert data["from"] == "2026-01-01" and data["rows"][2]["units"] == 40
    helps = reports.help_calls(fixed_db, year())
    assert helps.step_rows()[1][:4] == ["enclosing", "封入", 1, "封筒を用意する"]
    assert helps.as_json()["steps"][1]["unanswered"] == 1


def test_an_empty_range_and_a_backward_range(fixed_db: Database) -> None:
    """A range with nothing in it gives no rows; an end before the start is refused with what to do."""
    from flat_desktop.errors import InvalidInput

    empty = Range(dt.date(2025, 1, 1), dt.date(2025, 2, 1), JST)
    for kind in reports.ReportKind:
        assert reports.report(fixed_db, kind, empty).lines == ()
    with pytest.raises(InvalidInput):
        Range(dt.date(2026, 2, 1), dt.date(2026, 1, 1), JST)



def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from flat_desktop.cli import main

    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_report_command(fixed_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`flat-desktop report` prints the same figures as a table, as JSON, and into a CSV file."""
    url = str(fixed_db.url)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    import time

    time.tzset()
    try:
        span = ["--from", "2026-01-01", "--to", "2026-04-01", "--db", url]
        code, out, _err = _cli(["report", "hours", *span], capsys)
        assert code == 0 and "総務課" in out and "1.17" in out
        code, out, _err = _cli(["report", "help", "--json", *span], capsys)
        data = json.loads(out)
        assert code == 0 and [r["unanswered"] for r in data["rows"]] == [0, 1, 0]
        assert data["steps"][0]["step_title"] == "封筒を用意する"
        code, out, _err = _cli(["report", "machines", "--json", "--from", "2026-01-01", "--to", "2026-03-10",
                                "--db", url], capsys)
        assert [r["machine"] for r in json.loads(out)["rows"] if r["rising"]] == ["CT01"]
        target = tmp_path / "throughput.csv"
        code, out, _err = _cli(["report", "throughput", "--by", "month", "--csv", str(target), *span], capsys)
        assert code == 0 and str(target.name) in out
        lines = target.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].startswith("period,job_type,") and len(lines) == 5
        assert lines[2].startswith("2026-01,enclosing,封入,1,100,1,48.0,1,1,1.0,")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize(("args", "words"), [
    (["--from", "2026-13-01"], "2026-13-01"),
    (["--to", "tomorrow"], "tomorrow"),
    (["--from", "0001-01-01"], "0001-01-01"),
    (["--from", "2026-03-01", "--to", "2026-02-01"], "2026-02-01"),
    (["--by", "year"], "year"),
])
def test_report_mistakes(fixed_db: Database, capsys: pytest.CaptureFixture[str], args: list[str],
                         words: str, tmp_path: Path) -> None:
    """A bad date, a range that ends before it starts or an unknown grouping: one Japanese line, exit 2."""
    code, out, err = _cli(["report", "hours", *args, "--db", str(fixed_db.url)], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", err)


def test_report_csv_into_a_missing_folder(fixed_db: Database, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    """--csv into a folder that is not there is refused before anything is written."""
    code, _out, err = _cli(["report", "hours", "--csv", str(tmp_path / "no" / "x.csv"), "--db", str(fixed_db.url)],
                           capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and not (tmp_path / "no").exists()
