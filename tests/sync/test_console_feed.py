"""The console's change feed on PostgreSQL: woken by LISTEN/NOTIFY, says clearly when the
server is gone, and after it comes back catches up on what it missed (notifications sent
while away are lost; the seq is not)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from flat_desktop.db import Database
from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.services import board
from flat_desktop.services.views import EventView
from tests.helpers.consoles import _collect_closed_consoles  # noqa: F401  (autouse)
from tests.sync.jobs import BOSS, new_job
from tests.sync.proxy import Proxy, via

pytestmark = [pytest.mark.postgres, pytest.mark.gui]


def test_the_console_feed_goes_offline_and_catches_up(qtbot: QtBot, server: Database, server_url: str) -> None:
    with Proxy(make_url(server_url).port or 5432) as proxy:
        console_db = Database(via(proxy, server_url), connect_timeout=2)
        feed = ChangeFeed(console_db, interval_ms=60_000)  # no timer help: only notifications
        got: list[EventView] = []
        online: list[bool] = []
        feed.events.connect(got.extend)
        feed.online.connect(online.append)
        feed.start()
        try:
            code = new_job(server)
            qtbot.waitUntil(lambda: any(e.type == "job_created" and e.job == code for e in got), timeout=10_000)

            proxy.cut()
            # A read that began just before the cut may still say "online" once after it: the
            # state that counts is the last one.
            qtbot.waitUntil(lambda: online[-1:] == [False], timeout=10_000)
            board.assign(server, BOSS, code, "W001")  # its notification reaches nobody

            proxy.restore()
            qtbot.waitUntil(lambda: online[-1:] == [True], timeout=15_000)
            qtbot.waitUntil(lambda: any(e.type == "job_assigned" and e.job == code for e in got), timeout=10_000)
            seqs = [e.seq for e in got]
            assert seqs == sorted(set(seqs))  # in order, none twice
        finally:
            feed.stop()
            console_db.dispose()
