"""Fault tests: the network between a station and the server is cut (a TCP proxy) in the
middle of a worker's job; the worker finishes it on the cache; afterwards the server holds
every event exactly once and the job is done. And the conflict rule, when the console
changed the job meanwhile."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy.engine import make_url

from flat_desktop.db import Database
from flat_desktop.services import board, help
from flat_desktop.sync import StationLink
from tests.sync.conftest import wait_for
from tests.sync.jobs import BOSS, do_steps, finish, new_job, sign_in
from tests.sync.proxy import Proxy, cuttable_station, via

pytestmark = pytest.mark.postgres


def event_ids(db: Database, job: str) -> list[str]:
    return [e.id for e in board.events(db, job=job)]


def test_cut_in_the_middle_of_a_job_loses_nothing(
    server: Database, server_url: str, make_link: Callable[..., StationLink]
) -> None:
    with cuttable_station(server, server_url, make_link) as (proxy, link, code):
        me = sign_in(link.db, "W001", "station-1")
        do_steps(link.db, me, code, 2)
        assert link.wait_sent(10)

        proxy.cut()
        wait_for(lambda: not link.status().online, what="offline")
        done = finish(link.db, me, code)  # the worker carries on: the cache is all they need
        assert done.status == "done"
        assert link.status().waiting > 0 and not link.status().online
        assert board.job(server, code).status == "in_progress"

        proxy.restore()
        wait_for(lambda: link.status().online and link.status().waiting == 0, what="outbox sent")
    local, central = event_ids(link.db, code), event_ids(server, code)
    assert len(central) == len(set(central)) == len(local)  # every event, exactly once
    assert set(local) == set(central)
    assert board.job(server, code).status == "done"
    steps = Counter(e.step for e in board.events(server, job=code) if e.type == "step_done")
    assert set(steps.values()) == {1}
    assert all(st.state == "done" for st in board.job(server, code).steps)


def test_a_job_reassigned_while_its_worker_was_offline_is_reported(
    server: Database, server_url: str, make_link: Callable[..., StationLink]
) -> None:
    code = new_job(server)
    board.assign(server, BOSS, code, "W001")
    for call in help.open_calls(server):  # the demo leaves a help call open, maybe W001's
        help.answer(server, BOSS, call.id)
    with Proxy(make_url(server_url).port or 5432) as proxy:
        link = make_link(via(proxy, server_url), "station-1")
        wait_for(lambda: board.job(link.db, code).assignee == "W001" if link.status().synced else False)
        me = sign_in(link.db, "W001", "station-1")
        proxy.cut()
        wait_for(lambda: not link.status().online, what="offline")
        do_steps(link.db, me, code, 3)  # started and three steps, offline
        board.assign(server, BOSS, code, "W002", override_reason="W001 is away")  # the console decides meanwhile
        proxy.restore()
        wait_for(lambda: link.status().online and link.status().waiting == 0, what="outbox sent")
        wait_for(lambda: board.job(link.db, code).assignee == board.job(server, code).assignee, what="converged")

    # Nothing dropped: the offline work is on the server, the job follows its events
    # (the worker who did the work has it), and the console has an open conflict alert.
    types = [e.type for e in board.events(server, job=code)]
    assert types.count("step_done") == 3 and "sync_conflict" in types
    assert len(types) - types[::-1].index("job_assigned") - 1 < types.index("job_started")
    job = board.job(server, code)
    assert job.assignee == "W001" and job.status == "in_progress"
    conflict = next(e for e in board.events(server, job=code) if e.type == "sync_conflict")
    assert conflict.data["reason"] == "reassigned" and conflict.data["server_assignee"] == "W002"
    alerts = [c for c in help.open_calls(server) if c.kind == "conflict"]
    assert [(c.job, c.worker, c.reason) for c in alerts] == [(code, "W001", "reassigned")]
    # The worker's own help button is not blocked by the supervisors' alert.
    assert help.open_call_for(server, "W001") is None
    local = board.job(link.db, code)
    assert (local.status, local.current_step) == (job.status, job.current_step)


def test_a_resend_after_a_crash_between_send_and_forget_stores_nothing_twice(
    server: Database, server_url: str, make_link: Callable[..., StationLink]
) -> None:
    """The server committed a batch but the station died before forgetting it: sent again, skipped."""
    from flat_desktop.sync import cache

    code = new_job(server)
    board.assign(server, BOSS, code, "W001")
    link = make_link(server_url, "station-1")
    wait_for(lambda: link.status().synced and board.job(link.db, code).assignee == "W001", what="job in cache")
    me = sign_in(link.db, "W001", "station-1")
    do_steps(link.db, me, code, 3)
    assert link.wait_sent(10)
    before = event_ids(server, code)
    local = board.events(link.db, job=code)
    with link.db.engine.begin() as conn:  # as if the forgetting never happened
        conn.execute(cache.outbox.insert(), [{"local_seq": e.seq, "event_id": e.id} for e in local])
    assert link.wait_sent(10)
    assert event_ids(server, code) == before
    assert [c for c in help.open_calls(server) if c.kind == "conflict"] == []


def test_a_job_resumed_and_finished_offline_after_it_was_given_away_goes_to_who_did_it(
    server: Database, server_url: str, make_link: Callable[..., StationLink]
) -> None:
    """Started online, paused, given to W002 while the station was offline, then resumed and
    finished offline by W001: W001 did every step, so the job ends done with W001 (the ledger's
    rule: the worker who does a job's work by hand holds it), on the server and in the cache,
    and replaying the server's events gives the same."""
    from flat_desktop.db.ledger import rebuild
    from flat_desktop.services import work

    with cuttable_station(server, server_url, make_link) as (proxy, link, code):
        me = sign_in(link.db, "W001", "station-1")
        do_steps(link.db, me, code, 1)
        work.pause(link.db, me, code)
        assert link.wait_sent(10)
        proxy.cut()
        wait_for(lambda: not link.status().online, what="offline")
        board.assign(server, BOSS, code, "W002", override_reason="W001 went home")
        work.resume(link.db, me, code)
        assert finish(link.db, me, code).status == "done"
        proxy.restore()
        wait_for(lambda: link.status().online and link.status().waiting == 0, what="outbox sent")
        wait_for(lambda: board.job(link.db, code).assignee == board.job(server, code).assignee, what="converged")

    job = board.job(server, code)
    assert (job.status, job.assignee) == ("done", "W001")
    assert {e.worker for e in board.events(server, job=code) if e.type == "step_done"} == {"W001"}
    assert "sync_conflict" in [e.type for e in board.events(server, job=code)]
    local = board.job(link.db, code)
    assert (local.status, local.assignee) == ("done", "W001")
    with server.session() as s:
        rebuild(s)
    assert (board.job(server, code).status, board.job(server, code).assignee) == ("done", "W001")
