"""Two stations (each on its own cache) and a console on the real PostgreSQL server, in one
process: changes travel through the change feed in both directions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from flat_desktop.db import Database
from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.services import board, help, work
from flat_desktop.services.views import EventView
from flat_desktop.sync import StationLink
from flat_desktop.sync.qt import SyncRelay
from tests.sync.conftest import wait_for
from tests.sync.jobs import BOSS, new_job, sign_in

pytestmark = [pytest.mark.postgres, pytest.mark.gui]


class Seen:
    def __init__(self, feed: ChangeFeed) -> None:
        self.events: list[EventView] = []
        self.online: list[bool] = []
        feed.events.connect(self.events.extend)
        feed.online.connect(self.online.append)

    def has(self, type_: str, **fields: object) -> bool:
        return any(e.type == type_ and all(getattr(e, k) == v for k, v in fields.items()) for e in self.events)


def test_assignment_reaches_a_station_and_a_help_call_reaches_the_console(
    qtbot: QtBot, server: Database, server_url: str, make_link: Callable[..., StationLink]
) -> None:
    one, two = make_link(server_url, "station-1"), make_link(server_url, "station-2")
    wait_for(lambda: one.status().synced and two.status().synced, what="both caches filled")
    console = ChangeFeed(server)
    feeds = {name: ChangeFeed(link.db) for name, link in (("one", one), ("two", two))}
    relays = [SyncRelay(one, feeds["one"]), SyncRelay(two, feeds["two"])]
    seen_console, seen_one = Seen(console), Seen(feeds["one"])
    for f in (console, *feeds.values()):
        f.start()
    try:
        # The console assigns: station 1's cache and feed get it, with nobody polling the server.
        code = new_job(server)
        board.assign(server, BOSS, code, "W001")
        qtbot.waitUntil(lambda: seen_one.has("job_assigned", job=code), timeout=10_000)
        me = sign_in(one.db, "W001", "station-1")
        assert code in [j.code for j in work.my_jobs(one.db, me)]

        # A worker at station 2 calls for help: the console's feed hears it from the server.
        you = sign_in(two.db, "W004", "station-2")  # W002 has an open call in the demo
        call = help.call(two.db, you)
        qtbot.waitUntil(lambda: seen_console.has("help_called", id=call), timeout=10_000)
        assert call in [c.id for c in help.open_calls(server)]
        # The station's bar says so once its sync thread has counted the outbox again after the
        # push: the console can hear the call a moment before that count arrives.
        qtbot.waitUntil(lambda: relays[1].current().online and relays[1].current().waiting == 0, timeout=10_000)

        # The answer travels back to the station's cache.
        help.answer(server, BOSS, call)
        wait_for(lambda: help.open_call_for(two.db, "W004") is None, what="answer in station 2's cache")
        # Each station records a heartbeat on the server.
        with server.reader() as s:
            from flat_desktop.db import queries

            assert queries.station(s, "station-1") is not None and queries.station(s, "station-2") is not None
        assert seen_console.online == [] and seen_one.online == []
    finally:
        for f in (console, *feeds.values()):
            f.stop()
