"""The same station on the shared PostgreSQL server: demo, a worker's whole job, and replay."""

from __future__ import annotations

import pytest

from flat_desktop.cli import main
from flat_desktop.db import Database
from flat_desktop.db.ledger import rebuild
from flat_desktop.demo.build import create_demo
from flat_desktop.services import board
from tests.core.test_services import BOSS, do_whole_job, new_job, sign_in
from tests.helpers.postgres import temp_database

pytestmark = pytest.mark.postgres


def test_demo_and_a_whole_job_on_postgresql(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo loads on PostgreSQL, a worker does a whole job, and the event log replays to the same state."""
    with temp_database() as url:
        db = Database(url)
        try:
            summary = create_demo(db, history_days=1)
            assert summary.jobs > 40
            code = new_job(db)
            board.assign(db, BOSS, code, "W001")
            assert do_whole_job(db, sign_in(db, "W001"), code).status == "done"
            with db.session() as s:
                assert rebuild(s) == summary.events + len(board.events(db, job=code)) + 1  # + sign-in
            assert board.job(db, code).status == "done"
            assert main(["jobs", "--json", "--db", url]) == 0
            assert code in capsys.readouterr().out
        finally:
            db.dispose()
