"""A job sent back after its check reaches the worker's station even when the station's cache
never held it: a cache is filled with open jobs only, so a job done before the station started
is copied from the server when its job_rework arrives."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flat_desktop.db import Database
from flat_desktop.services import board, checking, work
from flat_desktop.sync import StationLink
from tests.sync.conftest import wait_for
from tests.sync.jobs import BOSS, sign_in

pytestmark = pytest.mark.postgres


def test_a_job_done_before_the_cache_was_filled_comes_back_to_redo(
        server: Database, server_url: str, make_link: Callable[..., StationLink]) -> None:
    """The console fails a job the demo finished; W001's station shows it in My jobs with the note."""
    done = next(j.code for j in board.jobs(server, BOSS, statuses=["done"]) if not j.route)
    link = make_link(server_url, "station-1")
    wait_for(lambda: link.status().synced, what="the cache filled")
    with link.db.reader() as s:
        from flat_desktop.db import queries

        assert queries.job(s, done) is None  # not an open job: not copied
    checking.check(server, BOSS, done, passed=False, note="数が足りません", rework_to="W001")
    me = sign_in(link.db, "W001", "station-1")

    def back() -> bool:
        mine = {j.code: j for j in work.my_jobs(link.db, me)}
        return done in mine and mine[done].rework_note == "数が足りません"

    wait_for(back, what="the job sent back in the station's cache")
    assert board.job(link.db, done).status == "assigned"
