"""A silent hang: the network stops answering without closing anything (a frozen router, a
paused server VM). The station says "offline" within a few seconds (its heartbeat goes
unanswered and its waiting queries are dropped), the worker carries on on the cache, and when
the link answers again everything is sent exactly once."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

import pytest

from flat_desktop.db import Database
from flat_desktop.services import board
from flat_desktop.sync import StationLink
from flat_desktop.sync.listener import HANG_S, PING_S
from tests.sync.conftest import wait_for
from tests.sync.jobs import do_steps, finish, sign_in
from tests.sync.proxy import cuttable_station

pytestmark = pytest.mark.postgres

# Heartbeat period + its limit: about 4 s. The deadline leaves room for a loaded PC and is
# still under the 15 s a station used to say "online" on a dead link.
SAYS_OFFLINE_WITHIN_S = 2.5 * (PING_S + HANG_S)


def test_a_silent_hang_is_said_within_seconds_and_nothing_is_lost(
    server: Database, server_url: str, make_link: Callable[..., StationLink]
) -> None:
    with cuttable_station(server, server_url, make_link) as (proxy, link, code):
        wait_for(lambda: link.status().online, what="online")
        me = sign_in(link.db, "W001", "station-1")
        do_steps(link.db, me, code, 1)
        assert link.wait_sent(10)

        proxy.hang()
        hung_at = time.monotonic()
        do_steps(link.db, me, code, 1)  # the engine starts sending into the silent link
        wait_for(lambda: not link.status().online, timeout=SAYS_OFFLINE_WITHIN_S, what="offline during the hang")
        print(f"silent hang said offline after {time.monotonic() - hung_at:.1f} s")
        assert finish(link.db, me, code).status == "done"  # the cache never waits for the server
        assert link.status().waiting > 0 and not link.status().online

        proxy.restore()
        wait_for(lambda: link.status().online and link.status().waiting == 0, timeout=30, what="outbox sent")

    events = board.events(server, job=code)
    ids = [e.id for e in events]
    assert len(ids) == len(set(ids))
    assert {e.id for e in board.events(link.db, job=code)} == set(ids)
    steps = Counter(e.step for e in events if e.type == "step_done")
    assert set(steps.values()) == {1} and board.job(server, code).status == "done"


def test_the_server_ends_a_station_transaction_left_hanging(
    server_url: str, make_link: Callable[..., StationLink]
) -> None:
    """A station's transaction stuck on a dead link would hold the event counter's lock that every
    PC needs: its sessions ask the server to end a transaction idle that long, and long statements."""
    from sqlalchemy import text

    from flat_desktop.sync.station_link import IDLE_IN_TRANSACTION_MS, STATEMENT_MS

    link = make_link(server_url, "station-1")
    with link.server.engine.connect() as conn:
        idle = conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar_one()
        statement = conn.execute(text("SHOW statement_timeout")).scalar_one()
    assert (idle, statement) == (f"{IDLE_IN_TRANSACTION_MS // 1000}s", f"{STATEMENT_MS // 60_000}min")
