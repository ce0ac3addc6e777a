"""Fixtures for the sync tests: a demo station on the real PostgreSQL server (built once per
run, then copied as a template database for each test), station links and waiting helpers."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from flat_desktop.db import Database
from flat_desktop.sync import StationLink, open_station
from tests.helpers import postgres


@pytest.fixture(scope="session")
def pg_sync_template(pg_demo_template: str) -> Iterator[str]:
    """The name of a PostgreSQL database holding the demo station (one day of history) with no
    job left in progress or paused."""
    with postgres.copy_of(f"{postgres.SERVER}/{pg_demo_template}", prefix="flat_sync_template") as url:
        db = Database(url)
        # The tests give workers their own jobs: a job the demo left half done (which one depends
        # on the day) would be resumed at sign-in instead.
        from flat_desktop.services import board
        from tests.sync.jobs import BOSS

        for job in board.jobs(db, BOSS, statuses=("in_progress", "paused")):
            board.cancel(db, BOSS, job.code, "test: a quiet start")
        db.dispose()
        yield url.rsplit("/", 1)[1]


@pytest.fixture
def server_url(pg_sync_template: str) -> Iterator[str]:
    with postgres.copy_of(f"{postgres.SERVER}/{pg_sync_template}", prefix="flat_sync") as url:
        yield url


@pytest.fixture
def server(server_url: str) -> Iterator[Database]:
    db = Database(server_url)
    yield db
    db.dispose()


@pytest.fixture
def make_link(tmp_path: Path) -> Iterator[Callable[..., StationLink]]:
    """Open (and afterwards stop) a station link with its own cache under tmp_path."""
    links: list[StationLink] = []

    def make(url: str, name: str) -> StationLink:
        link = open_station(url, tmp_path / name / "cache.sqlite3", name)
        links.append(link)
        link.start()
        return link

    yield make
    for link in links:
        link.stop()


def wait_for(cond: Callable[[], object], timeout: float = 20.0, what: str = "condition") -> None:
    """Wait for ``cond()`` to be true (a deadline, never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")
