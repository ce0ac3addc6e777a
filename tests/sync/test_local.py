"""Parts of the sync that need no server: the status line, the outbox of a cache, and the
feed's thread-safe wake-up on SQLite."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from flat_desktop.db import Database
from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.services import catalog, help, pictures
from flat_desktop.services.context import Actor
from flat_desktop.services.views import EventView
from flat_desktop.sync import SyncStatus, cache, snapshot
from tests.sync.jobs import sign_in


def test_the_status_line_is_short_and_calm() -> None:
    assert SyncStatus(online=True).text() == "オンライン"
    assert "3" in SyncStatus(online=False, synced=True, waiting=3).text()
    assert SyncStatus(online=False, synced=True).text() == "オフライン。しごとは この パソコンに のこっています。"
    assert "まだ" in SyncStatus().text()


def test_work_on_a_cache_is_queued_in_order_and_copied_data_is_not(tmp_path: Path, demo_db: Database) -> None:
    db = cache.open_cache(tmp_path / "cache.sqlite3")
    try:
        with demo_db.engine.connect() as src:
            master = snapshot.read_master(src)
        with db.session() as s:
            s.info[cache.PULLED] = True
            snapshot.write_master(s.connection(), master)
        assert cache.waiting(db) == 0
        me = sign_in(db, "W004", "st")
        help.call(db, me)
        assert cache.waiting(db) == 2  # signed_in, help_called
        with db.engine.connect() as conn:
            seqs = [r.local_seq for r in conn.execute(cache.outbox.select().order_by(cache.outbox.c.local_seq))]
        assert seqs == sorted(seqs)
    finally:
        cache.close_cache(db)


def test_the_status_never_says_nothing_waits_right_after_work_was_queued(tmp_path: Path) -> None:
    """The sync thread counts the outbox a moment later; until then the status says at least one
    waits (a station closing, or a test, must not take a stale 0 for "all sent")."""
    from flat_desktop.services import scans
    from flat_desktop.sync import open_station

    link = open_station("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path / "cache.sqlite3", "pc-1")
    try:  # not started: nothing but the queueing itself can change the status
        assert link.status().waiting == 0
        scans.reject(link.db, None, "X-1", "unknown", station="pc-1")
        assert link.status().waiting >= 1 and cache.waiting(link.db) == 1
    finally:
        link.stop()


@pytest.mark.gui
def test_the_feed_can_be_woken_from_another_thread(qtbot: QtBot, demo_db: Database) -> None:
    feed = ChangeFeed(demo_db, interval_ms=60_000)
    got: list[EventView] = []
    feed.events.connect(got.extend)
    feed.start()
    try:
        me = sign_in(demo_db, "W004", "st")

        def elsewhere() -> None:
            help.call(demo_db, me)
            feed.wake()

        threading.Thread(target=elsewhere).start()
        qtbot.waitUntil(lambda: any(e.type == "help_called" for e in got), timeout=5000)
    finally:
        feed.stop()


def test_step_pictures_reach_the_cache_once(tmp_path: Path, demo_db: Database) -> None:
    """A step picture is copied into a station's cache with the master data; a cache that holds
    it already is not sent its bytes again (pictures never change once stored)."""
    boss = Actor("S001", "supervisor", "test")
    sha = pictures.add(demo_db, boss, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "p.png")
    steps = next(t for t in catalog.job_types(demo_db) if t.key == "copying").steps
    catalog.save_steps(demo_db, boss, "copying", [replace(steps[0], picture=sha), *steps[1:]])
    db = cache.open_cache(tmp_path / "cache.sqlite3")
    try:
        with demo_db.engine.connect() as src:
            first = snapshot.read_master(src)
        # The demo's own (its finished samples) and the new one, each once.
        shas = [r["sha256"] for r in first["step_pictures"]]
        assert sha in shas and len(shas) == len(set(shas)) == 4
        with db.session() as s:
            s.info[cache.PULLED] = True
            snapshot.write_master(s.connection(), first)
        assert pictures.data(db, sha) == pictures.data(demo_db, sha)
        with db.engine.connect() as conn:
            known = snapshot.known_pictures(conn)
        with demo_db.engine.connect() as src:
            again = snapshot.read_master(src, pictures_known=known)
        assert again["step_pictures"] == [] and again["step_templates"] == first["step_templates"]
        with db.session() as s:
            s.info[cache.PULLED] = True
            snapshot.write_master(s.connection(), again)
        assert pictures.data(db, sha) is not None  # kept, not dropped by a copy without it
    finally:
        cache.close_cache(db)
