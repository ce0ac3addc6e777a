"""Quality check (検品) and delivery: pass, fail sent back as rework with its note, delivery
refused without a passed check, a type that waives the check, and who received it."""

from __future__ import annotations

from pathlib import Path

import pytest

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.db.ledger import rebuild
from flat_desktop.errors import FlatError, InvalidInput, NotAllowed
from flat_desktop.services import board, catalog, checking, orders, people, work
from flat_desktop.services.context import Actor
from tests.core.test_services import BOSS, do_whole_job, sign_in
from tests.helpers.dbstate import snapshot


def derived_state(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """The event-derived tables (a job's version counts ORM updates, not events: left out)."""
    snap = snapshot(db)
    return {t: [r[:-1] if t == "jobs" else r for r in snap[t]] for t in ("jobs", "job_steps", "machines")}


def done_job(db: Database, worker: str = "W001", *, key: str = "enclosing", requester: int | None = None) -> str:
    """A new order's job done whole by ``worker`` (50 units, 1 spoiled)."""
    spec = {"inserts": 1} if key == "enclosing" else {"camera": "cam1"}
    code = orders.create(db, BOSS, orders.OrderRequest(key, "検品のテスト", 50 if key == "enclosing" else 1,
                                                       spec=spec, requester_id=requester)).job
    board.assign(db, BOSS, code, worker, override_reason="test")
    do_whole_job(db, sign_in(db, worker), code)
    return code


def test_the_sheet_shows_what_the_worker_recorded(demo_db: Database) -> None:
    """Units done, spoiled, the machines used with their runs, who did it, the time against the standard."""
    code = done_job(demo_db)
    sh = checking.sheet(demo_db, BOSS, code)
    assert sh.units_done == 50 and sh.spoiled == 1
    assert {m.code for m in sh.machines} == {"FD01", "SL01"} and all(m.runs == 1 for m in sh.machines)
    assert sh.workers == (people.worker(demo_db, "W001").name,)
    jt = next(t for t in catalog.job_types(demo_db) if t.key == "enclosing")
    assert sh.standard_minutes == pytest.approx(jt.standard_minutes(50))
    assert sh.worked_minutes is not None and sh.worked_minutes >= 0
    assert not sh.passed and not sh.waived and not sh.deliverable


def test_a_passed_check_lets_the_job_be_delivered_to_a_requester(demo_db: Database) -> None:
    """Pass with the count seen and a note: job_checked holds them; the order's requester is
    offered first among the department's people, and the delivery names who received it."""
    requester = catalog.requesters(demo_db)[0]
    code = done_job(demo_db, requester=requester.id)
    checking.check(demo_db, BOSS, code, passed=True, seen=49, note="きれいです")
    ev = [e for e in board.events(demo_db, job=code) if e.type == "job_checked"][-1]
    assert ev.data == {"passed": True, "seen": 49, "note": "きれいです"}
    assert checking.sheet(demo_db, BOSS, code).deliverable
    offered = checking.receivers(demo_db, code)
    assert offered[0].name == requester.name and offered[0].requester_id == requester.id
    same_dept = {r.name for r in catalog.requesters(demo_db) if r.department == requester.department}
    assert {p.name for p in offered} == same_dept
    checking.deliver(demo_db, BOSS, code, offered[-1].name, requester_id=offered[-1].requester_id)
    job = board.job(demo_db, code)
    assert job.status == "delivered"
    ev = [e for e in board.events(demo_db, job=code) if e.type == "job_delivered"][-1]
    assert ev.data["to"] == offered[-1].name and ev.data["checked_by"] == "S001"


def test_a_failed_check_sends_the_job_back_with_its_note(demo_db: Database) -> None:
    """Fail: the chosen steps are pending again, the job is assigned to the worker chosen, and
    the note reaches the worker's My jobs; the state is what the events say (rebuild)."""
    code = done_job(demo_db, "W001")
    checking.check(demo_db, BOSS, code, passed=False, seen=45, note="封が 開いています", redo_steps=[4, 5],
                   rework_to="W002")
    job = board.job(demo_db, code)
    assert job.status == "assigned" and job.assignee == "W002"
    assert job.rework_note == "封が 開いています"
    assert [st.position for st in job.steps if st.state == "pending"] == [4, 5]
    types = [e.type for e in board.events(demo_db, job=code)]
    assert types[-2:] == ["job_checked", "job_rework"]
    mine = {j.code: j for j in work.my_jobs(demo_db, sign_in(demo_db, "W002"))}
    assert mine[code].rework_note == "封が 開いています"
    # Redone: the worker starts at the first step sent back.
    me = sign_in(demo_db, "W002")
    assert work.start(demo_db, me, codes.ticket_payload(code)).current_step == 4
    before = derived_state(demo_db)
    with demo_db.session() as s:
        rebuild(s)
    assert derived_state(demo_db) == before


def test_a_fail_needs_a_note_and_a_bad_check_changes_nothing(demo_db: Database) -> None:
    """No note on a fail, a negative count, a step the job has not, a job not done: refused with
    what to do, and every table is as it was."""
    code = done_job(demo_db)
    running = next(j.code for j in board.jobs(demo_db, BOSS, statuses=["assigned"]))
    calls = [
        lambda: checking.check(demo_db, BOSS, code, passed=False, note="  "),
        lambda: checking.check(demo_db, BOSS, code, passed=True, seen=-1),
        lambda: checking.check(demo_db, BOSS, code, passed=False, note="x", redo_steps=[99]),
        lambda: checking.check(demo_db, BOSS, code, passed=False, note="x", rework_to="W999"),
        lambda: checking.check(demo_db, BOSS, running, passed=True),
        lambda: checking.check(demo_db, Actor("W001", "worker", "test"), code, passed=True),
    ]
    for call in calls:
        before = snapshot(demo_db)
        with pytest.raises(FlatError) as err:
            call()
        assert err.value.message and err.value.hint
        assert snapshot(demo_db) == before
    with pytest.raises(InvalidInput) as bad:
        checking.check(demo_db, BOSS, code, passed=False, note="")
    assert bad.value.field == "note"


def test_delivery_is_refused_without_a_passed_check(demo_db: Database) -> None:
    """A done job not checked, or failed and redone but not checked again, is not delivered:
    the refusal says why and what to do, and nothing is recorded."""
    code = done_job(demo_db)
    before = snapshot(demo_db)
    with pytest.raises(NotAllowed) as err:
        checking.deliver(demo_db, BOSS, code, "人事課 山田")
    assert err.value.reason == "not_checked" and "検品" in str(err.value)
    assert snapshot(demo_db) == before
    refused = checking.refusal(demo_db, code)
    assert refused is not None and refused.reason == "not_checked"
    with pytest.raises(InvalidInput):
        checking.deliver(demo_db, BOSS, code, "  ")


def test_a_type_that_waives_the_check_is_delivered_without_one(demo_db: Database) -> None:
    """Camera lending (and the rounds) waive the check in the standard catalogue: delivered at once."""
    waived = {t.key for t in catalog.job_types(demo_db) if t.check_waived}
    assert {"mail_round", "evening_paper", "lending"} <= waived and "enclosing" not in waived
    code = done_job(demo_db, "W008", key="lending")
    assert checking.refusal(demo_db, code) is None
    checking.deliver(demo_db, BOSS, code, "受付窓口")
    assert board.job(demo_db, code).status == "delivered"


def test_a_note_cannot_smuggle_furigana_markup(demo_db: Database) -> None:
    """The note is shown with furigana: braces and bars typed in it stay text (full-width), so the
    station shows what was written and no reading the supervisor did not mean."""
    code = done_job(demo_db)
    checking.check(demo_db, BOSS, code, passed=False, note="{封|ふう}を  もう一度")
    assert board.job(demo_db, code).rework_note == "｛封｜ふう｝を もう一度"


def test_a_station_made_before_the_check_keeps_delivering_its_rounds(tmp_path: Path) -> None:
    """Upgrading a database from before migration 0007: the rounds and lending waive the check,
    the other types need one, and no job has a rework note."""
    import sqlalchemy as sa

    from flat_desktop.db import migrate

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        migrate.upgrade(db, "0004_readings")
        with db.engine.begin() as conn:
            for key in ("mail_round", "evening_paper", "lending", "copying"):
                conn.execute(sa.text("INSERT INTO job_types (key, name, name_en, reading, kind, unit, unit_en, "
                                     "minutes_per_unit, setup_minutes, spec, colour, icon, active) VALUES "
                                     "(:k, :k, '', '', 'on_demand', '件', 'items', 1, 0, '[]', '#000000', 'x', 1)"),
                             {"k": key})
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            waived = dict(conn.execute(sa.text("SELECT key, check_waived FROM job_types")).all())
        assert waived == {"mail_round": 1, "evening_paper": 1, "lending": 1, "copying": 0}
    finally:
        db.dispose()
