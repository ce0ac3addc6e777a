"""What the server cannot store never blocks a station: a host name too long for the server's
columns is shortened where it is made (and cut to fit when an old outbox still has it), and an
event the server refuses is set aside with its error, counted on the status strip and reported
to every console, while the rest keeps flowing."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from sqlalchemy import select

from flat_desktop.config import STATION_NAME_MAX, Settings, fit_station_name
from flat_desktop.db import Database
from flat_desktop.db.ledger import record
from flat_desktop.events import EventType, NewEvent
from flat_desktop.i18n import set_language
from flat_desktop.services import board, help, scans
from flat_desktop.sync import StationLink, cache
from tests.sync.conftest import wait_for
from tests.sync.jobs import BOSS, do_steps, new_job, sign_in

LONG = "printing-room-east-wing-second-floor-station-pc-number-twelve.office.pref.example.lg.jp"


def test_a_long_host_name_is_shortened_to_fit_unique_and_recognisable(monkeypatch: pytest.MonkeyPatch) -> None:
    short = fit_station_name(LONG)
    assert len(short) == STATION_NAME_MAX and short.startswith("printing-room-east-wing")
    assert fit_station_name(LONG + "x") != short  # two long names sharing a prefix stay apart
    assert fit_station_name(short) == short and fit_station_name("station-3") == "station-3"
    monkeypatch.setattr(socket, "gethostname", lambda: LONG)
    assert Settings().station_name == short
    assert Settings(station_name=LONG).station_name == short  # a settings file naming it in full


@pytest.mark.postgres
def test_a_station_on_a_pc_with_a_very_long_name_sends_its_work(
    server: Database, server_url: str, make_link: Callable[..., StationLink]
) -> None:
    code = new_job(server)
    board.assign(server, BOSS, code, "W001")
    link = make_link(server_url, LONG)
    wait_for(lambda: link.status().synced and board.job(link.db, code).assignee == "W001", what="job in cache")
    me = sign_in(link.db, "W001", link.station)
    do_steps(link.db, me, code, 2)
    # An outbox written before names were shortened still holds the full name: cut to fit when sent.
    with link.db.session() as s:
        old = record(s, NewEvent(EventType.HELP_CALLED, station="y" * 200, worker="W001"))
        assert old is not None
        old_id = old.id
    assert link.wait_sent(20)
    assert link.status().refused == 0
    stations = {e.station for e in board.events(server, job=code) if e.type == "step_done"}
    assert stations == {fit_station_name(LONG)}
    with server.reader() as s:
        from flat_desktop.db.models import Event

        assert s.scalars(select(Event.station).where(Event.id == old_id)).one() == fit_station_name("y" * 200)


@pytest.mark.postgres
def test_a_scan_with_a_nul_character_is_recorded_in_a_printable_form(server: Database) -> None:
    scans.reject(server, None, "J-2611\x0028-003\x1b", "bad_checksum", station=LONG)
    e = [e for e in board.events(server) if e.type == "scan_rejected"][-1]
    assert e.data["raw"] == "J-2611\\x0028-003\\x1b" and e.station == fit_station_name(LONG)


@pytest.mark.postgres
def test_an_event_the_server_refuses_is_set_aside_reported_and_the_rest_flows(
    server: Database, server_url: str, make_link: Callable[..., StationLink]
) -> None:
    for call in help.open_calls(server):
        help.answer(server, BOSS, call.id)
    code = new_job(server)
    board.assign(server, BOSS, code, "W001")
    link = make_link(server_url, "station-1")
    wait_for(lambda: link.status().synced and board.job(link.db, code).assignee == "W001", what="job in cache")
    me = sign_in(link.db, "W001", "station-1")
    assert link.wait_sent(10)
    # As an older station recorded it: a NUL the server's text cannot hold, then more work behind it.
    with link.db.session() as s:
        bad = record(s, NewEvent(EventType.SCAN_REJECTED, station="station-1", worker="W001",
                                 data={"raw": "J-26\x00", "reason": "bad\x00"}))
        assert bad is not None
        bad_id = bad.id
    do_steps(link.db, me, code, 3)
    wait_for(lambda: link.status().waiting == 0 and link.status().refused == 1, what="the rest sent")

    types = [e.type for e in board.events(server, job=code)]
    assert types.count("step_done") == 3
    assert bad_id not in {e.id for e in board.events(server)}
    # Kept at the station, with the server's words.
    with link.db.engine.connect() as conn:
        kept = conn.execute(select(cache.refused)).mappings().one()
    assert kept["event_id"] == bad_id and kept["type"] == "scan_rejected" and kept["reported"]
    assert "Unicode" in kept["error"] or "NUL" in kept["error"]  # the server's own words
    set_language("ja")
    assert "サーバーが うけとりませんでした" in link.status().text()
    # Every console is told: an open alert that says what was refused.
    report = next(e for e in board.events(server) if e.type == "sync_refused")
    assert report.data["event"] == bad_id and report.data["event_type"] == "scan_rejected"
    assert report.data["error"] == kept["error"] and "\x00" not in report.data["error"]
    alerts = [c for c in help.open_calls(server) if c.kind == "refused"]
    assert len(alerts) == 1 and bad_id in (alerts[0].reason or "") and alerts[0].worker == "W001"
    assert help.open_call_for(server, "W001") is None  # the worker's own help button is free
    # Restarting the round does not report it twice.
    link.engine.wake()
    assert link.wait_sent(10)
    assert [e.type for e in board.events(server)].count("sync_refused") == 1
    # Once the server is fixed it can be sent again; here it is refused again, and still kept.
    assert cache.send_refused_again(link.db) == 1
    wait_for(lambda: link.status().refused == 1 and link.status().waiting == 0, what="set aside again")
    assert [e.type for e in board.events(server)].count("sync_refused") == 1
