"""Console master data: adding machines and counting their use, editing routes, which route
stops were confirmed by scan, and which station PCs are online."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.errors import FlatError, InvalidInput, NotAllowed
from flat_desktop.events import EventType, MachineOutcome
from flat_desktop.services import board, catalog, machines, orders, people, routes, stations, work
from flat_desktop.services.context import Actor
from flat_desktop.services.machines import NewMachine
from flat_desktop.services.routes import RouteDraft
from tests.helpers.dbstate import snapshot

BOSS = Actor.admin("test")


def _sign_in(db: Database, code: str, station: str = "station-1") -> Actor:
    actor, _view = people.sign_in(db, codes.badge_payload(people.worker(db, code).badge), station)
    return actor


def _skilled(db: Database, job_type: str) -> list[str]:
    return [w.code for w in people.workers(db)
            if w.role == "worker" and any(sk.job_type == job_type for sk in w.skills)]


def _next_monday() -> dt.date:
    day = dt.date.today() + dt.timedelta(days=7)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return day


def _master_events(db: Database) -> list[dict[str, object]]:
    return [{**e.data, "worker": e.worker} for e in board.events(db) if e.type == EventType.MASTER_CHANGED]


def test_add_machine_is_listed_logged_and_accepted_by_a_station_scan(demo_db: Database) -> None:
    boss, _view = people.console_sign_in(demo_db, codes.badge_payload("90001"), "1234", "console@t")
    view = machines.add(demo_db, boss, NewMachine(code=" cp09 ", type="copier", location="別館 2F"))
    assert (view.code, view.type, view.location) == ("CP09", "copier", "別館 2F")
    assert view.name == "複合機 CP09"  # no name given: type name and code
    assert any(m.code == "CP09" for m in machines.machines(demo_db))
    logged = _master_events(demo_db)[-1]
    assert logged["what"] == "machine" and logged["of"] == "CP09" and logged["worker"] == boss.worker
    # A worker at a copy step scans the new machine's label: the operation is logged on it.
    w = _skilled(demo_db, "copying")[0]
    created = orders.create(demo_db, BOSS, orders.OrderRequest("copying", "資料", 5, {"originals": 3},
                                                               department="jinji"))
    board.assign(demo_db, BOSS, created.job, w)
    me = _sign_in(demo_db, w)
    job = work.start(demo_db, me, codes.ticket_payload(created.job))
    step = next(st for st in job.steps if st.kind == "machine")
    for st in job.steps[: step.position - 1]:
        work.complete_step(demo_db, me, created.job, st.position, count=st.target or 1)
    started = machines.start(demo_db, me, created.job, step.position, codes.machine_payload("CP09"))
    assert started.machine_in_use == "CP09"
    work.complete_step(demo_db, me, created.job, step.position, count=step.target or 15)
    usage = {u.code: u for u in machines.usage(demo_db)}["CP09"]
    assert usage.runs_today == usage.runs_month == 1
    assert usage.units_today == (step.target or 15)


def _bad_machines(db: Database, worker: Actor) -> list[tuple[str, str | None, Callable[[], object]]]:
    return [
        ("duplicate", "code", lambda: machines.add(db, BOSS, NewMachine("CP01", "copier", "窓側"))),
        ("bad code", "code", lambda: machines.add(db, BOSS, NewMachine("C01", "copier", "窓側"))),
        ("digits first", "code", lambda: machines.add(db, BOSS, NewMachine("01CP", "copier", "窓側"))),
        ("empty code", "code", lambda: machines.add(db, BOSS, NewMachine("", "copier", "窓側"))),
        ("unknown type", "type", lambda: machines.add(db, BOSS, NewMachine("XX01", "toaster", "窓側"))),
        ("no place", "location", lambda: machines.add(db, BOSS, NewMachine("XX01", "copier", "  "))),
        ("long name", "name", lambda: machines.add(db, BOSS, NewMachine("XX01", "copier", "窓側", "x" * 101))),
        ("worker adds", None, lambda: machines.add(db, worker, NewMachine("XX01", "copier", "窓側"))),
    ]


def test_a_refused_machine_changes_nothing(demo_db: Database) -> None:
    worker = _sign_in(demo_db, _skilled(demo_db, "copying")[0])
    for name, field, call in _bad_machines(demo_db, worker):
        before = snapshot(demo_db)
        with pytest.raises(FlatError) as err:
            call()
        assert err.value.message and err.value.hint, name
        if field is None:
            assert isinstance(err.value, NotAllowed), name
        else:
            assert isinstance(err.value, InvalidInput) and err.value.field == field, name
        assert snapshot(demo_db) == before, name
    problems = machines.machine_problems(demo_db, NewMachine("C1", "toaster", ""))
    assert set(problems) == {"code", "type", "location"}  # every field at once, for the form


def test_usage_counters_match_the_machine_events(demo_db: Database) -> None:
    """Today's and this month's runs/units/jams are the machine_stopped events of those periods."""
    tz = dt.datetime.now().astimezone().tzinfo
    assert tz is not None
    # "Now" is the demo's last machine operation, so the day the tests run (the 1st of a
    # month, say) does not matter.
    every = [e for e in board.events(demo_db) if e.type == EventType.MACHINE_STOPPED]
    now = max(e.at for e in every).astimezone(tz)
    day_start = dt.datetime.combine(now.date(), dt.time(0), tzinfo=tz)
    month_start = dt.datetime.combine(now.date().replace(day=1), dt.time(0), tzinfo=tz)
    stopped = [e for e in every if e.at >= month_start]
    usage = {u.code: u for u in machines.usage(demo_db, now=now, tz=tz)}
    for code, u in usage.items():
        mine = [e for e in stopped if e.machine == code and e.at <= now]
        today = [e for e in mine if e.at >= day_start]
        assert u.runs_month == len(mine), code
        assert u.units_month == sum(int(e.data.get("units", 0)) for e in mine), code
        assert u.jams_month == sum(1 for e in mine if e.data.get("outcome") == MachineOutcome.JAM), code
        assert u.runs_today == len(today) and u.units_today == sum(int(e.data.get("units", 0)) for e in today)
    assert set(usage) == {m.code for m in machines.machines(demo_db)}


def _draft(db: Database, **changes: object) -> RouteDraft:
    rota = _skilled(db, "mail_round")[:2]
    base: dict[str, object] = dict(code="MAIL-D", name="郵便集配 別館", job_type="mail_round", weekdays=[0, 2, 4],
                                   times=["11:00", "09:15"], rota=rota, stops=["110", "103", "105"])
    base.update(changes)
    return RouteDraft(**base)  # type: ignore[arg-type]


def test_create_and_edit_a_route_then_its_day_jobs_have_the_stops_in_order(demo_db: Database) -> None:
    made = routes.create_route(demo_db, BOSS, _draft(demo_db))
    assert made.times == ("09:15", "11:00") and [s.mailbox for s in made.stops] == ["110", "103", "105"]
    assert _master_events(demo_db)[-1]["action"] == "created"
    assert any(r.code == "MAIL-D" for r in catalog.routes(demo_db))
    edited = routes.update_route(demo_db, BOSS, _draft(demo_db, name="郵便集配 別館（改）", times=["12:00"],
                                                       stops=["105", "110", "101", "103"]))
    assert edited.name == "郵便集配 別館（改）" and edited.times == ("12:00",)
    logged = _master_events(demo_db)[-1]
    assert logged["action"] == "changed" and logged["of"] == "MAIL-D" and logged["stops"] == ["105", "110", "101",
                                                                                                "103"]
    day = _next_monday()
    codes_made = routes.generate_day(demo_db, BOSS, day)
    mine = [board.job(demo_db, c) for c in codes_made if board.job(demo_db, c).route == "MAIL-D"]
    assert len(mine) == 1
    job = board.job(demo_db, mine[0].code)
    scans = [st.expected_code for st in job.steps if st.kind == "scan"]
    assert scans == [codes.mailbox_payload(b) for b in ("105", "110", "101", "103")]
    assert job.assignee in _draft(demo_db).rota and job.due and job.due.astimezone().strftime("%H:%M") == "12:00"


def test_a_refused_route_changes_nothing(demo_db: Database) -> None:
    worker = _sign_in(demo_db, _skilled(demo_db, "mail_round")[0])
    unskilled = next(w.code for w in people.workers(demo_db)
                     if w.role == "worker" and w.code not in _skilled(demo_db, "mail_round"))
    bad: list[tuple[str, str | None, Callable[[], object]]] = [
        ("worker edits", None, lambda: routes.create_route(demo_db, worker, _draft(demo_db))),
        ("existing code", "code", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, code="MAIL-A"))),
        ("bad code", "code", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, code="a b"))),
        ("no name", "name", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, name=" "))),
        ("on-demand type", "job_type", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db,
                                                                                          job_type="copying"))),
        ("no day", "weekdays", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, weekdays=[]))),
        ("bad day", "weekdays", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, weekdays=[7]))),
        ("bad time", "times", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, times=["25:00"]))),
        ("no time", "times", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, times=[]))),
        ("twice", "times", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, times=["09:00", "09:00"]))),
        ("unknown worker", "rota", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, rota=["W999"]))),
        ("no skill", "rota", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, rota=[unskilled]))),
        ("no stop", "stops", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, stops=[]))),
        ("unknown box", "stops", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, stops=["999"]))),
        ("box twice", "stops", lambda: routes.create_route(demo_db, BOSS, _draft(demo_db, stops=["101", "101"]))),
        ("edit unknown", None, lambda: routes.update_route(demo_db, BOSS, _draft(demo_db, code="NOPE"))),
        ("edit to bad", "times", lambda: routes.update_route(demo_db, BOSS, _draft(demo_db, code="MAIL-A",
                                                                                   times=["9:5"]))),
    ]
    for name, field, call in bad:
        before = snapshot(demo_db)
        with pytest.raises(FlatError) as err:
            call()
        assert err.value.message and err.value.hint, name
        if field is not None:
            assert isinstance(err.value, InvalidInput) and err.value.field == field, name
        assert snapshot(demo_db) == before, name


def test_stop_confirmations_follow_the_scan_steps(demo_db: Database) -> None:
    day = _next_monday()
    made = routes.generate_day(demo_db, BOSS, day)
    job = next(board.job(demo_db, c) for c in made if board.job(demo_db, c).route == "MAIL-A")
    runs = {r.job: r for r in routes.stop_confirmations(demo_db, day)}
    assert set(made) <= set(runs) and all(not st.done for st in runs[job.code].stops)
    assert [st.mailbox for st in runs[job.code].stops] == [s.mailbox for s in routes.route(demo_db, "MAIL-A").stops]
    me = _sign_in(demo_db, job.assignee or "")
    view = work.start(demo_db, me, codes.ticket_payload(job.code))
    scans = [st for st in view.steps if st.kind == "scan"]
    for st in view.steps[: scans[0].position - 1]:
        work.complete_step(demo_db, me, job.code, st.position, count=st.target or 1)
    work.scan_at_step(demo_db, me, job.code, scans[0].position, scans[0].expected_code or "")
    work.scan_at_step(demo_db, me, job.code, scans[1].position, scans[1].expected_code or "")
    run = {r.job: r for r in routes.stop_confirmations(demo_db, day)}[job.code]
    assert run.confirmed == 2 and run.status == "in_progress"
    first, second, third = run.stops[:3]
    assert first.done and second.done and not third.done
    assert first.done_at is not None and first.done_by == job.assignee
    assert all(not st.done and st.done_at is None for st in run.stops[2:])
    assert all(r.job not in made for r in routes.stop_confirmations(demo_db, day + dt.timedelta(days=1)))


def test_station_pcs_online_after_a_heartbeat_and_offline_when_old(demo_db: Database) -> None:
    now = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)
    stations.heartbeat(demo_db, "station-7", now=now)
    stations.heartbeat(demo_db, "console@pc-2", "console", now=now - dt.timedelta(minutes=5))
    w = _skilled(demo_db, "copying")[0]
    _sign_in(demo_db, w, "station-7")
    pcs = {p.name: p for p in stations.pcs(demo_db, now=now + dt.timedelta(seconds=20))}
    assert pcs["station-7"].online and pcs["station-7"].kind == "station"
    assert people.worker(demo_db, w).name in pcs["station-7"].signed_in
    assert not pcs["console@pc-2"].online and pcs["console@pc-2"].kind == "console"
    assert pcs["console@pc-2"].last_seen == now - dt.timedelta(minutes=5)  # offline since then
    later = {p.name: p for p in stations.pcs(demo_db, now=now + dt.timedelta(seconds=stations.ONLINE_WITHIN_S + 1))}
    assert not later["station-7"].online
