"""The server is restored from a backup while a station is offline: the station notices (the
server no longer has the event it last saw, even once the server's seq has grown past it
again), fills its cache again from the restored server, receives again, and loses nothing: its
queued work and its own work the restore forgot both reach the server, once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from flat_desktop.db import Database
from flat_desktop.db.models import Event
from flat_desktop.errors import NotFound
from flat_desktop.services import board
from flat_desktop.sync import StationLink, cache
from tests.helpers import postgres
from tests.sync.conftest import wait_for
from tests.sync.jobs import BOSS, do_steps, finish, new_job, sign_in
from tests.sync.proxy import cuttable_station

pytestmark = pytest.mark.postgres


def _copy(source: str, target: str) -> None:
    """CREATE DATABASE target TEMPLATE source (nobody may be connected to source meanwhile)."""
    with postgres._admin() as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (source,),
        )
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def _drop(name: str) -> None:
    with postgres._admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def backup_name(server_url: str) -> Iterator[str]:
    name = make_url(server_url).database or ""
    yield f"{name}_bak"
    _drop(f"{name}_bak")


def _top(db: Database) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.coalesce(func.max(Event.seq), 0))) or 0)


def test_a_station_receives_again_after_the_server_is_restored_from_a_backup(
    server: Database, server_url: str, backup_name: str, make_link: Callable[..., StationLink]
) -> None:
    name = make_url(server_url).database or ""
    with cuttable_station(server, server_url, make_link) as (proxy, link, code):
        me = sign_in(link.db, "W001", "station-1")
        do_steps(link.db, me, code, 1)
        assert link.wait_sent(10)

        # The nightly backup (the station is cut off while it is taken).
        proxy.cut()
        server.dispose()
        _copy(name, backup_name)
        proxy.restore()

        # The day goes on: a job the backup will not have, and work sent and seen by the station.
        later = new_job(server)
        board.assign(server, BOSS, later, "W001")
        wait_for(lambda: board.job(link.db, later).assignee == "W001" if _has(link.db, later) else False,
                 what="later job in cache")
        do_steps(link.db, me, code, 2)
        assert link.wait_sent(10)
        sent_after_backup = [e.id for e in board.events(link.db, job=code)][-2:]
        wait_for(lambda: cache.server_seq(link.db) == _top(server), what="station saw everything")
        seen = cache.server_seq(link.db) or 0

        # The network drops; the worker finishes offline; meanwhile the server is restored.
        proxy.cut()
        wait_for(lambda: not link.status().online, what="offline")
        assert finish(link.db, me, code).status == "done"
        assert link.status().waiting > 0
        made_here = {e.id for e in board.events(link.db, job=code)}
        server.dispose()
        _drop(name)
        _copy(backup_name, name)
        # The restored server carries on past the seq the station saw, reusing the lost job's code.
        again = new_job(server)
        assert again == later
        while _top(server) <= seen:
            new_job(server)
        board.assign(server, BOSS, again, "W004")
        fresh = new_job(server)
        board.assign(server, BOSS, fresh, "W001")

        proxy.restore()
        wait_for(lambda: link.status().online and link.status().waiting == 0, timeout=30, what="outbox sent")
        wait_for(lambda: _has(link.db, fresh), what="the station receives again")
        assert board.job(link.db, fresh).assignee == "W001"
        assert board.job(link.db, again).assignee == "W004"  # the restored server's job of that code
        assert link.status().online and link.status().refused == 0

    events = board.events(server, job=code)
    ids = [e.id for e in events]
    assert len(ids) == len(set(ids))
    assert set(sent_after_backup) <= set(ids)  # forgotten by the restore, sent again
    steps = Counter(e.step for e in events if e.type == "step_done")
    assert sorted(steps) == [st.position for st in board.job(server, code).steps] and set(steps.values()) == {1}
    assert board.job(server, code).status == "done"
    assert made_here <= set(ids)  # every event the station had of the job, on the restored server
    # Filled again like a new station: open jobs only (this one is done and stays on the server).
    assert not _has(link.db, code) or board.job(link.db, code).status == "done"


def _has(db: Database, code: str) -> bool:
    try:
        board.job(db, code)
    except NotFound:
        return False
    return True
