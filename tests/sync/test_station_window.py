"""The station window on a shared PostgreSQL server: it works on its local cache, its status
strip says online / offline / how many wait to be sent, and a job done by scans while the
network is cut reaches the server once the network is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from flat_desktop.config import Paths, Settings
from flat_desktop.db import Database
from flat_desktop.gui.station.app import Station, style_station
from flat_desktop.services import board
from flat_desktop.station.context import State
from flat_desktop.sync import open_station
from tests.station.conftest import Driver
from tests.sync.jobs import BOSS, new_job
from tests.sync.proxy import Proxy, via

pytestmark = [pytest.mark.postgres, pytest.mark.gui]


@pytest.fixture
def proxy(server_url: str) -> Iterator[Proxy]:
    with Proxy(make_url(server_url).port or 5432) as p:
        yield p


def test_a_job_done_by_scans_while_offline_reaches_the_server(
    qtbot, qapp, server: Database, server_url: str, proxy: Proxy, tmp_path: Path
) -> None:
    code = new_job(server, quantity=20)
    board.assign(server, BOSS, code, "W001")
    link = open_station(via(proxy, server_url), tmp_path / "cache.sqlite3", "station-7")
    paths = Paths(tmp_path / "data", tmp_path / "log", tmp_path / "config")
    style_station(qapp)
    st = Station(link.db, Settings(), paths, speech="none", dwell_scale=0.0, feed_ms=50, link=link)
    qtbot.addWidget(st.window)
    st.window.resize(1280, 900)
    st.window.show()
    st.start()
    strip = st.window.status
    try:
        assert st.name == "station-7" and "station-7" in strip.accessibleDescription()
        qtbot.waitUntil(lambda: strip.is_online() and link.status().synced, timeout=20_000)
        assert strip.state_text() == "オンライン"

        drive = Driver(st)
        drive.badge("W001")
        qtbot.waitUntil(lambda: st.flow.state == State.MY_JOBS, timeout=5000)

        proxy.cut()
        qtbot.waitUntil(lambda: not strip.is_online(), timeout=20_000)
        drive.ticket(code)
        qtbot.waitUntil(lambda: st.flow.state == State.STEP, timeout=5000)
        while st.flow.state == State.STEP:
            drive.do_step()
        assert st.flow.state == State.FINISH, st.window.error_banner.message()
        drive.ticket(code)  # the finish scan
        qtbot.waitUntil(lambda: st.flow.state == State.PRAISE, timeout=5000)
        waiting = link.status().waiting
        assert waiting > 0
        qtbot.waitUntil(lambda: f"{waiting}けん" in strip.state_text(), timeout=10_000)
        assert not strip.is_online() and "パソコンに のこっています" in strip.state_text()
        assert board.job(server, code).status == "assigned"  # nothing reached the server yet

        proxy.restore()
        qtbot.waitUntil(lambda: strip.is_online() and link.status().waiting == 0, timeout=30_000)
        assert strip.state_text() == "オンライン"
        done = board.job(server, code)
        assert done.status == "done" and all(s.state == "done" for s in done.steps)
        local = [e.id for e in board.events(link.db, job=code)]
        central = [e.id for e in board.events(server, job=code)]
        assert sorted(local) == sorted(central) and len(set(central)) == len(central)
    finally:
        st.close()
