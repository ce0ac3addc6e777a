"""Tomorrow's rounds go to who is in that day: each worker's weekdays less their days off.
Making the rounds again for the same day adds only what is missing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from flat_desktop.cli import main
from flat_desktop.db import Database
from flat_desktop.db.models import Job
from flat_desktop.errors import NotAllowed
from flat_desktop.services import board, routes, schedule
from flat_desktop.services.context import Actor

BOSS = Actor(worker="S001", role="supervisor", station="test")


def next_weekday(weekday: int) -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)


def route_jobs(db: Database, day: dt.date) -> list[tuple[str, str | None, str]]:
    """(route, assignee, time) of each route job due on ``day``."""
    return sorted((r.route, r.assignee, r.due.astimezone().strftime("%H:%M") if r.due else "")
                  for r in routes.stop_confirmations(db, day))


def rota(db: Database, code: str) -> tuple[str, ...]:
    return routes.route(db, code).rota


def test_runs_go_only_to_workers_scheduled_that_day(demo_db: Database) -> None:
    """A worker on a day off, and one whose weekdays leave that day out, get no run; the
    rota's other members who are in take the runs, one run at a time each."""
    day = next_weekday(1)  # a Tuesday
    mail = rota(demo_db, "MAIL-A")
    assert len(mail) >= 3
    away, short_week = mail[0], mail[1]
    schedule.set_day_off(demo_db, BOSS, away, day, reason="年休")
    schedule.set_weekdays(demo_db, BOSS, short_week, [0, 2, 4])
    assert away not in schedule.scheduled(demo_db, day) and short_week not in schedule.scheduled(demo_db, day)
    assert away in schedule.scheduled(demo_db, day + dt.timedelta(days=7))  # only that day
    done = routes.make_day(demo_db, BOSS, day)
    assert done.made and not done.unstaffed
    jobs = route_jobs(demo_db, day)
    holders = {who for _r, who, _t in jobs}
    assert away not in holders and short_week not in holders
    in_that_day = set(schedule.scheduled(demo_db, day))
    assert holders <= in_that_day
    by_time: dict[str, list[str | None]] = {}
    for _r, who, at in jobs:
        by_time.setdefault(at, []).append(who)
    assert all(len(set(people)) == len(people) for people in by_time.values())  # one run at a time


def test_a_second_run_adds_only_what_is_missing(demo_db: Database) -> None:
    """With nobody of a route's rota in, its runs are made but left open (and reported); once
    someone is in, making the day again gives those runs a worker and makes no job twice."""
    day = next_weekday(2)  # a Wednesday
    paper = rota(demo_db, "PAPER")
    for code in paper:
        schedule.set_day_off(demo_db, BOSS, code, day)
    first = routes.make_day(demo_db, BOSS, day)
    open_runs = [code for code, route in first.unstaffed if route == "PAPER"]
    assert open_runs and all(board.job(demo_db, c).assignee is None for c in open_runs)
    before = route_jobs(demo_db, day)
    schedule.set_day_off(demo_db, BOSS, paper[-1], day, off=False)  # comes in after all
    second = routes.make_day(demo_db, BOSS, day)
    assert second.made == ()
    assert dict(second.assigned) == {code: paper[-1] for code in open_runs}
    after = route_jobs(demo_db, day)
    assert len(after) == len(before)
    with demo_db.reader() as s:
        dupes = s.execute(select(Job.route_code, Job.due_at, func.count()).where(Job.route_code.is_not(None))
                          .group_by(Job.route_code, Job.due_at).having(func.count() > 1)).all()
    assert dupes == []
    third = routes.make_day(demo_db, BOSS, day)
    assert third.made == () and third.assigned == () and third.unstaffed == ()
    assert route_jobs(demo_db, day) == after


def test_demo_part_timers_are_left_out_on_their_days_off(demo_db: Database) -> None:
    """The demo's short-week workers take no round on a day they do not work."""
    day = next_weekday(1)  # a Tuesday: W004 works Monday, Wednesday and Friday
    assert "W004" not in schedule.scheduled(demo_db, day)
    routes.make_day(demo_db, BOSS, day)
    assert "W004" not in {who for _r, who, _t in route_jobs(demo_db, day)}


def test_schedule_from_the_command_line(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`schedule off`, `schedule` and `routes` agree: the worker off that day gets no run."""
    url = demo_db.engine.url.render_as_string(hide_password=False)
    day = next_weekday(3)  # a Thursday
    who = rota(demo_db, "MAIL-B")[0]
    assert main(["schedule", "off", who, "--date", day.isoformat(), "--reason", "研修", "--db", url]) == 0
    assert who in capsys.readouterr().out
    assert main(["schedule", "--date", day.isoformat(), "--db", url]) == 0
    listed = capsys.readouterr().out
    others = schedule.scheduled(demo_db, day)
    assert who not in others and who not in listed and others and all(code in listed for code in others)
    assert main(["routes", "--date", day.isoformat(), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "→" in out and who not in {w for _r, w, _t in route_jobs(demo_db, day)}
    assert main(["routes", "--date", day.isoformat(), "--db", url]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # the count, and no job made or given twice


def test_only_a_supervisor_sets_the_schedule(demo_db: Database) -> None:
    with pytest.raises(NotAllowed):
        schedule.set_day_off(demo_db, Actor(worker="W001", role="worker", station="s"), "W002", next_weekday(0))
