"""The server trusts no station: a station's database login reads what a station reads and
writes only through ``flat_station_record``, which refuses what a station never makes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import cast

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from flat_desktop import i18n
from flat_desktop.cli import main
from flat_desktop.db import Database
from flat_desktop.db.roles import make_roles
from flat_desktop.errors import ConfigError, DatabaseUnavailable, EventRefused
from flat_desktop.events import EventType, NewEvent
from flat_desktop.services import board, people, stations
from flat_desktop.sync import StationLink
from flat_desktop.sync.send import send_batch
from tests.helpers import postgres
from tests.sync.conftest import wait_for
from tests.sync.jobs import BOSS, do_steps, new_job, sign_in

pytestmark = pytest.mark.postgres

SECRET = "s3cret-Pw"


@dataclass
class Logins:
    station: str  # the URL of station-1's login
    console: str
    cli: str


@pytest.fixture
def logins(server_url: str) -> Iterator[Logins]:
    prefix = f"t{uuid.uuid4().hex[:10]}"
    owner = Database(server_url)
    try:
        made = {
            login.kind: login.url
            for login in make_roles(owner, stations=[("station-1", SECRET)], console_password=SECRET, prefix=prefix)
        }
    finally:
        owner.dispose()
    try:
        yield Logins(made["station"], made["console"], made["cli"])
    finally:
        i18n.set_language("ja")  # --lang en changed it for the whole process
        postgres.drop_roles(server_url, prefix)


@pytest.fixture
def station_db(logins: Logins) -> Iterator[Database]:
    db = Database(logins.station)
    yield db
    db.dispose()


def _denied(fn: Callable[[], object]) -> None:
    with pytest.raises(ProgrammingError, match="permission denied"):
        fn()


def _refused(db: Database, ev: NewEvent, reason: str) -> None:
    with pytest.raises(EventRefused) as caught, db.session() as s:
        send_batch(s, [ev], 0)
    assert caught.value.reason == reason and caught.value.event_id == ev.id


def test_a_station_login_can_only_record_its_own_work(server: Database, station_db: Database) -> None:
    code = new_job(server)
    board.assign(server, BOSS, code, "W001")
    other = new_job(server)
    board.assign(server, BOSS, other, "W002")
    before = len(board.events(server))

    # What the console does is not the station's to do: the services fail at the table...
    _denied(lambda: board.assign(station_db, BOSS, code, "W002"))
    _denied(lambda: board.cancel(station_db, BOSS, code, "no"))
    _denied(lambda: people.set_pin(station_db, BOSS, "S001", "1234"))
    with station_db.reader() as s:
        _denied(lambda: s.execute(text("SELECT pin_hash FROM workers")).all())
    with station_db.session() as s:
        _denied(lambda: s.execute(text("UPDATE workers SET active = false")))
    with station_db.session() as s:
        _denied(lambda: s.execute(text("INSERT INTO counters (name, value) VALUES ('x', 1)")))
    # ... and the function refuses the same events queued in a station's outbox.
    _refused(station_db, NewEvent(EventType.JOB_ASSIGNED, station="station-1", worker="S001", job=code,
                                  data={"assignee": "W002"}), "not_station_event")
    _refused(station_db, NewEvent(EventType.JOB_CANCELLED, station="station-1", worker="S001", job=code,
                                  data={"reason": "no"}), "not_station_event")
    _refused(station_db, NewEvent(EventType.MASTER_CHANGED, station="station-1", worker="S001",
                                  data={"what": "pin", "of": "S001"}), "not_station_event")
    # Only its own station, real workers, and jobs the worker was given.
    _refused(station_db, NewEvent(EventType.JOB_STARTED, station="station-2", worker="W001", job=code),
             "wrong_station")
    _refused(station_db, NewEvent(EventType.SIGNED_IN, station="station-1", worker="W999"), "unknown_worker")
    _refused(station_db, NewEvent(EventType.JOB_STARTED, station="station-1", worker="W001", job=other),
             "never_assigned")
    _refused(station_db, NewEvent(EventType.JOB_STARTED, station="station-1", worker="W001", job="J-NONE"),
             "unknown_job")
    assert len(board.events(server)) == before  # a refused batch stores nothing
    assert board.job(server, code).assignee == "W001" and board.job(server, code).status == "assigned"

    # Its worker's work on its worker's job is recorded and applied.
    started = NewEvent(EventType.JOB_STARTED, station="station-1", worker="W001", job=code)
    step = NewEvent(EventType.STEP_DONE, station="station-1", worker="W001", job=code, step=1)
    with station_db.session() as s:
        send_batch(s, [started, step], 0)
    with station_db.session() as s:
        send_batch(s, [started, step], 0)  # sent again: stored once
    job = board.job(server, code)
    assert job.status == "in_progress" and job.steps[0].state == "done"
    assert [e.id for e in board.events(server, job=code)][-2:] == [started.id, step.id]
    # Its report that the server refused one of its events opens an alert on the consoles.
    report = NewEvent(cast(EventType, "sync_refused"), station="station-1", worker="W999",
                      data={"kind": "refused", "event": "x", "error": "unknown_worker"})
    with station_db.session() as s:
        send_batch(s, [report], 0)
    with server.reader() as s:
        kind = s.execute(text("SELECT kind FROM help_calls WHERE event_id = :e"), {"e": report.id}).scalar()
    assert kind == "refused"
    # So does its report that it cannot speak, made before anyone signed in.
    mute = NewEvent(EventType.SPEECH_FAILED, station="station-1", data={"kind": "speech", "reason": "no sound"})
    with station_db.session() as s:
        send_batch(s, [mute], 0)
    with server.reader() as s:
        kind = s.execute(text("SELECT kind FROM help_calls WHERE event_id = :e"), {"e": mute.id}).scalar()
    assert kind == "speech"
    # The heartbeat goes through the server too, for its own name only.
    stations.heartbeat(station_db, "station-1")
    with pytest.raises(EventRefused, match="wrong_station"):
        stations.heartbeat(station_db, "station-2")
    assert "station-1" in [pc.name for pc in stations.pcs(server) if pc.online]


def test_a_station_runs_end_to_end_on_its_own_login(
    server: Database, logins: Logins, make_link: Callable[..., StationLink]
) -> None:
    code = new_job(server)
    board.assign(server, BOSS, code, "W001")
    link = make_link(logins.station, "station-1")
    wait_for(lambda: link.status().synced and board.job(link.db, code).assignee == "W001", what="bootstrap")
    with link.db.reader() as s:  # the copy holds no PIN hash
        assert s.execute(text("SELECT count(*) FROM workers WHERE pin_hash IS NOT NULL")).scalar_one() == 0
    me = sign_in(link.db, "W001", "station-1")
    do_steps(link.db, me, code, 3)
    assert link.wait_sent(10)
    assert board.job(server, code).steps[2].state == "done"
    later = new_job(server)
    board.assign(server, BOSS, later, "W001")  # the console's change comes down to the station
    wait_for(lambda: any(j.code == later for j in board.jobs(link.db, BOSS)), what="pulled")
    assert link.status().online and link.status().error is None
    assert "station-1" in [pc.name for pc in stations.pcs(server) if pc.online]


def test_a_station_login_cannot_pose_as_another_station(
    server: Database, logins: Logins, make_link: Callable[..., StationLink]
) -> None:
    link = make_link(logins.station, "station-2")
    wait_for(lambda: link.status().synced, what="bootstrap")
    sign_in(link.db, "W001", "station-2")
    # Refused (the heartbeat and the sign-in alike) and kept in the outbox, not lost.
    wait_for(lambda: link.status().waiting == 1 and "wrong_station" in (link.status().error or ""), what="refused")
    assert not [e for e in board.events(server) if e.station == "station-2"]


def test_console_and_cli_logins_write_data_but_not_the_schema(server: Database, logins: Logins) -> None:
    console = Database(logins.console)
    try:
        code = new_job(console)
        board.assign(console, BOSS, code, "W002")
        with console.session() as s:
            _denied(lambda: s.execute(text("CREATE TABLE stolen (x int)")))
        with console.session() as s:
            _denied(lambda: s.execute(text("UPDATE alembic_version SET version_num = 'x'")))
    finally:
        console.dispose()
    assert board.job(server, code).assignee == "W002"


def test_passwords_stay_masked(logins: Logins, capsys: pytest.CaptureFixture[str]) -> None:
    db = Database(logins.station)
    assert SECRET in logins.station and SECRET not in db.display_url
    db.dispose()
    with pytest.raises(ConfigError) as bad:
        Database(logins.station.replace("://", ":/", 1) + "?x=%")
    assert SECRET not in str(bad.value)
    gone = Database(logins.station.replace("127.0.0.1:5432", "127.0.0.1:1"), connect_timeout=1)
    with pytest.raises(DatabaseUnavailable) as down:
        gone.check()
    gone.dispose()
    assert SECRET not in str(down.value)
    assert main(["db", "current", "--db", logins.station.replace("/flat_sync", "/nothing_here")]) == 2
    out = capsys.readouterr()
    assert SECRET not in out.out + out.err


def test_db_roles_command_shows_each_new_password_once(server_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    prefix = f"t{uuid.uuid4().hex[:10]}"
    try:
        args = ["--lang", "en", "db", "roles", "--db", server_url, "--prefix", prefix, "--station", "pc 7=pw7"]
        assert main(args) == 0
        first = capsys.readouterr().out
        assert f"{prefix}_station_pc_7:pw7@" in first and f"{prefix}_console:" in first
        assert "shown only this once" in first
        assert main([*args[:-1], "pc 7"]) == 0  # again, with no password given: none is printed
        again = capsys.readouterr().out
        assert f"{prefix}_station_pc_7@" in again and "pw7" not in again and "shown only" not in again
        assert "password unchanged" in again
        db = Database(server_url)
        try:
            assert "pc 7" in [pc.name for pc in stations.pcs(db)]  # registered by the owner
        finally:
            db.dispose()
    finally:
        i18n.set_language("ja")  # --lang en changed it for the whole process
        postgres.drop_roles(server_url, prefix)
