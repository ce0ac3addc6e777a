"""A supervisor corrects an open job: cancel, hold and resume, edit. Each is one event, takes the
version the supervisor saw, refuses a job in the wrong state with nothing changed, and an edit
makes again only the steps the worker has not done."""

from __future__ import annotations

import datetime as dt

import pytest

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.db.ledger import rebuild
from flat_desktop.errors import Conflict, InvalidInput, NeedsConfirmation, NotAllowed, NotFound
from flat_desktop.services import board, corrections, documents, machines, work
from flat_desktop.services.context import Actor
from flat_desktop.services.corrections import JobEdit
from tests.core.test_services import BOSS, new_job, sign_in
from tests.helpers.dbstate import snapshot
from tests.printing.pdfcheck import page_texts


def _running(db: Database, quantity: int = 200, **spec: object) -> tuple[str, Actor]:
    """An enclosing job (fold, seal) assigned to W001 and started, its first step (count) done."""
    code = new_job(db, quantity=quantity, **(spec or {"inserts": 1, "fold": "tri", "seal": True}))
    board.assign(db, BOSS, code, "W001")
    me = sign_in(db, "W001")
    job = work.start(db, me, codes.ticket_payload(code))
    work.complete_step(db, me, code, job.steps[0].position, count=quantity)
    return code, me


def _events(db: Database, code: str) -> list[str]:
    return [e.type for e in board.events(db, job=code)]


def test_hold_stops_the_job_until_it_is_resumed(demo_db: Database) -> None:
    """A held job is 保留: its worker can neither go on nor start it again, nobody can assign it;
    resumed, it waits for its worker as after a break and the worker goes on at the same step."""
    code, me = _running(demo_db)
    v = board.job(demo_db, code).version
    corrections.hold(demo_db, BOSS, code, "依頼者に確認中", expected_version=v)
    job = board.job(demo_db, code)
    assert job.status == "on_hold" and board.STATUS_NAMES[job.status] == "保留"
    assert job.current_step == 2
    with pytest.raises(NotAllowed) as refused:
        work.complete_step(demo_db, me, code, 2)
    assert refused.value.reason == "on_hold"
    with pytest.raises(NotAllowed):
        work.start(demo_db, me, codes.ticket_payload(code))
    with pytest.raises(NotAllowed):
        board.assign(demo_db, BOSS, code, "W002", override_reason="急ぎ")
    assert code not in [j.code for j in work.my_jobs(demo_db, me)]
    assert code in [j.code for j in board.board_jobs(demo_db, BOSS, since=dt.datetime.now(dt.UTC))]

    corrections.resume(demo_db, BOSS, code)
    assert board.job(demo_db, code).status == "paused"
    again = work.start(demo_db, me, codes.ticket_payload(code))
    assert again.status == "in_progress" and again.current_step == 2
    assert _events(demo_db, code)[-3:] == ["job_held", "job_resumed_from_hold", "job_resumed"]


def test_a_job_held_before_it_started_goes_back_to_its_worker(demo_db: Database) -> None:
    code = new_job(demo_db)
    corrections.hold(demo_db, BOSS, code, "用紙待ち")
    corrections.resume(demo_db, BOSS, code)
    assert board.job(demo_db, code).status == "received"
    board.assign(demo_db, BOSS, code, "W001")
    corrections.hold(demo_db, BOSS, code, "用紙待ち")
    corrections.resume(demo_db, BOSS, code)
    job = board.job(demo_db, code)
    assert (job.status, job.assignee) == ("assigned", "W001")


def test_cancel_a_running_job_records_what_the_worker_had(demo_db: Database) -> None:
    code, me = _running(demo_db)
    corrections.cancel(demo_db, BOSS, code, "依頼の取り下げ")
    last = board.events(demo_db, job=code)[-1]
    assert last.type == "job_cancelled"
    assert last.data == {"reason": "依頼の取り下げ", "previous": "in_progress", "assignee": "W001"}
    assert board.job(demo_db, code).status == "cancelled"
    with pytest.raises(NotAllowed):
        work.complete_step(demo_db, me, code, 2)


def test_a_stale_board_is_told_who_changed_the_job_first(demo_db: Database) -> None:
    """Every correction takes the version the supervisor saw; a changed job is refused, naming who."""
    code = new_job(demo_db)
    seen = board.job(demo_db, code).version
    board.assign(demo_db, BOSS, code, "W001")
    before = snapshot(demo_db)
    for act in (lambda: corrections.hold(demo_db, BOSS, code, "x", expected_version=seen),
                lambda: corrections.cancel(demo_db, BOSS, code, "x", expected_version=seen),
                lambda: corrections.edit(demo_db, BOSS, code, JobEdit(quantity=60), expected_version=seen)):
        with pytest.raises(Conflict) as lost:
            act()
        assert "割当済" in str(lost.value) or "assigned" in str(lost.value)
    assert snapshot(demo_db) == before


@pytest.mark.parametrize("case", ["resume_not_held", "hold_held", "hold_done", "cancel_cancelled", "edit_done",
                                  "no_reason", "nothing", "same_values", "bad_quantity", "bad_spec",
                                  "bad_priority", "past_due", "unknown", "by_worker", "empty_title"])
def test_a_refused_correction_changes_nothing(demo_db: Database, case: str) -> None:
    code = new_job(demo_db)
    done = new_job(demo_db)
    board.assign(demo_db, BOSS, done, "W001")
    from tests.core.test_services import do_whole_job

    do_whole_job(demo_db, sign_in(demo_db, "W001"), done)
    cancelled = new_job(demo_db)
    corrections.cancel(demo_db, BOSS, cancelled, "間違い")
    held = new_job(demo_db)
    corrections.hold(demo_db, BOSS, held, "確認中")
    worker = sign_in(demo_db, "W002")
    acts = {
        "resume_not_held": (NotAllowed, lambda: corrections.resume(demo_db, BOSS, code)),
        "hold_held": (NotAllowed, lambda: corrections.hold(demo_db, BOSS, held, "again")),
        "hold_done": (NotAllowed, lambda: corrections.hold(demo_db, BOSS, done, "late")),
        "cancel_cancelled": (NotAllowed, lambda: corrections.cancel(demo_db, BOSS, cancelled, "again")),
        "edit_done": (NotAllowed, lambda: corrections.edit(demo_db, BOSS, done, JobEdit(quantity=5))),
        "no_reason": (InvalidInput, lambda: corrections.hold(demo_db, BOSS, code, "  ")),
        "nothing": (InvalidInput, lambda: corrections.edit(demo_db, BOSS, code, JobEdit())),
        "same_values": (NotAllowed, lambda: corrections.edit(demo_db, BOSS, code, JobEdit(quantity=50))),
        "bad_quantity": (InvalidInput, lambda: corrections.edit(demo_db, BOSS, code, JobEdit(quantity=0))),
        "bad_spec": (InvalidInput, lambda: corrections.edit(demo_db, BOSS, code, JobEdit(spec={"fold": "zigzag"}))),
        "bad_priority": (InvalidInput, lambda: corrections.edit(demo_db, BOSS, code, JobEdit(priority=7))),
        "past_due": (InvalidInput, lambda: corrections.edit(
            demo_db, BOSS, code, JobEdit(due=dt.datetime(2001, 1, 1, tzinfo=dt.UTC)))),
        "unknown": (NotFound, lambda: corrections.hold(demo_db, BOSS, "J-000000-000", "x")),
        "by_worker": (NotAllowed, lambda: corrections.hold(demo_db, worker, code, "x")),
        "empty_title": (InvalidInput, lambda: corrections.edit(demo_db, BOSS, code, JobEdit(title=" "))),
    }
    kind, act = acts[case]
    before = snapshot(demo_db)
    with pytest.raises(kind):
        act()
    assert snapshot(demo_db) == before


def test_an_edit_makes_again_only_the_steps_not_done(demo_db: Database) -> None:
    """200 → 300 and no sealing, after the first step (200 envelopes counted): that step stays as
    it was done; the others say 300, the sealing step is gone, the worker is still at step 2."""
    code, me = _running(demo_db)
    before = board.job(demo_db, code)
    assert [st.title for st in before.steps] == ["封筒を用意", "紙折り機で折る", "封筒に入れる", "封をする", "束ねる",
                                                "最後に数える"]
    view = corrections.edit(demo_db, BOSS, code, JobEdit(quantity=300, spec={"seal": False}),
                            expected_version=before.version)
    after = board.job(demo_db, code)
    assert view == after
    assert [st.title for st in after.steps] == ["封筒を用意", "紙折り機で折る", "封筒に入れる", "束ねる",
                                               "最後に数える"]
    assert after.steps[0] == before.steps[0]  # done: its text, count and time as they were
    assert "200" in after.steps[0].text and after.steps[0].count_done == 200
    assert [st.target for st in after.steps[1:]] == [300, 300, None, 300]
    assert after.quantity == 300 and after.spec["seal"] is False
    assert (after.status, after.current_step, after.steps_total) == ("in_progress", 2, 5)
    last = board.events(demo_db, job=code)[-1]
    assert last.type == "job_edited" and last.data["before"] == {"quantity": 200, "spec": before.spec}
    # The order says the same; the ledger's replay gives the same state.
    from flat_desktop.services import catalog

    assert [o.quantity for o in catalog.order_history(demo_db, text="テスト") if o.code == "O" + code[1:]] == [300]
    with demo_db.session() as s:
        rebuild(s)
    assert board.job(demo_db, code).steps == after.steps
    # The worker goes on with the new steps.
    machines.start(demo_db, me, code, 2, codes.machine_payload("FD01"))
    job = work.complete_step(demo_db, me, code, 2, count=300)
    assert job.current_step == 3


def _in_use(db: Database, machine: str) -> str | None:
    return next(m.in_use_job for m in machines.machines(db) if m.code == machine)


def test_a_machine_running_for_a_held_or_cancelled_job_is_free_again(demo_db: Database) -> None:
    """Hold or cancel while the folder runs: the folder stops (logged) and is free for other work;
    resumed, the worker scans it again to go on."""
    code, me = _running(demo_db)
    machines.start(demo_db, me, code, 2, codes.machine_payload("FD01"))
    assert _in_use(demo_db, "FD01") == code
    corrections.hold(demo_db, BOSS, code, "確認中")
    assert _in_use(demo_db, "FD01") is None
    stop = [e for e in board.events(demo_db, job=code) if e.type == "machine_stopped"][-1]
    assert stop.machine == "FD01" and stop.data["stopped_by"] == "job_held"
    corrections.resume(demo_db, BOSS, code)
    work.start(demo_db, me, codes.ticket_payload(code))
    with pytest.raises(InvalidInput):
        work.complete_step(demo_db, me, code, 2, count=200)  # the machine is scanned first
    machines.start(demo_db, me, code, 2, codes.machine_payload("FD01"))
    corrections.cancel(demo_db, BOSS, code, "取り下げ")
    assert _in_use(demo_db, "FD01") is None


def test_an_edit_keeps_the_machine_scanned_for_the_step_in_hand(demo_db: Database) -> None:
    code, me = _running(demo_db)
    machines.start(demo_db, me, code, 2, codes.machine_payload("FD01"))
    corrections.edit(demo_db, BOSS, code, JobEdit(quantity=250))
    job = board.job(demo_db, code)
    assert job.steps[1].machine == "FD01" and job.machine_in_use == "FD01" and job.steps[1].target == 250
    assert work.complete_step(demo_db, me, code, 2, count=250).current_step == 3


def test_an_edit_before_the_start_remakes_every_step_and_the_reprinted_ticket_says_so(demo_db: Database) -> None:
    code = new_job(demo_db, quantity=120, inserts=1, fold="none", seal=False)
    assert "紙折り機で折る" not in [st.title for st in board.job(demo_db, code).steps]
    corrections.edit(demo_db, BOSS, code, JobEdit(title="議会だより 発送", quantity=140, spec={"fold": "half"},
                                                  priority=1))
    job = board.job(demo_db, code)
    assert job.title == "議会だより 発送" and job.priority == 1 and job.current_step is None
    assert [st.title for st in job.steps][:2] == ["封筒を用意", "紙折り機で折る"]
    printed = "".join(page_texts(documents.tickets(demo_db, [code]))).replace("\n", "")
    assert "140" in printed and "120枚" not in printed and "議会だより" in printed


def test_a_big_quantity_asks_first(demo_db: Database) -> None:
    code = new_job(demo_db)
    before = snapshot(demo_db)
    with pytest.raises(NeedsConfirmation):
        corrections.edit(demo_db, BOSS, code, JobEdit(quantity=100_000))
    assert snapshot(demo_db) == before
    corrections.edit(demo_db, BOSS, code, JobEdit(quantity=100_000), confirmed=True)
    assert board.job(demo_db, code).quantity == 100_000


def test_due_time_set_and_taken_away(demo_db: Database) -> None:
    code = new_job(demo_db)
    due = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=2)
    corrections.edit(demo_db, BOSS, code, JobEdit(due=due, confidential=True))
    job = board.job(demo_db, code)
    assert job.due == due and job.confidential
    corrections.edit(demo_db, BOSS, code, JobEdit(no_due=True))
    assert board.job(demo_db, code).due is None


def test_the_job_of_an_order(demo_db: Database) -> None:
    code = new_job(demo_db)
    assert corrections.job_of_order(demo_db, "O" + code[1:]) == code
    with pytest.raises(NotFound):
        corrections.job_of_order(demo_db, "O-000000-000")


@pytest.mark.postgres
def test_hold_edit_and_replay_on_postgresql(pg_demo_url: str) -> None:
    """On the station's server: a running job held, changed (steps made again in place, one taken
    away) and resumed, and the event log replays to the same steps."""

    db = Database(pg_demo_url)
    try:
        code, me = _running(db)
        corrections.hold(db, BOSS, code, "確認中")
        corrections.edit(db, BOSS, code, JobEdit(quantity=90, spec={"fold": "none"}))
        corrections.resume(db, BOSS, code)
        job = board.job(db, code)
        assert [st.title for st in job.steps] == ["封筒を用意", "封筒に入れる", "封をする", "束ねる",
                                                 "最後に数える"]
        assert [st.target for st in job.steps] == [200, 90, 90, None, 90]
        assert (job.status, job.current_step) == ("paused", 2)
        with db.session() as s:
            rebuild(s)
        assert board.job(db, code).steps == job.steps
        assert work.start(db, me, codes.ticket_payload(code)).current_step == 2
    finally:
        db.dispose()


def test_an_edit_takes_up_the_new_steps_where_the_worker_is(demo_db: Database) -> None:
    """Folding taken out after it was done: the worker stays at 封筒に入れる (nothing skipped);
    folding put back in before the worker's place: not added again, the worker goes on."""
    code, me = _running(demo_db)
    machines.start(demo_db, me, code, 2, codes.machine_payload("FD01"))
    work.complete_step(demo_db, me, code, 2, count=200)
    corrections.edit(demo_db, BOSS, code, JobEdit(spec={"fold": "none"}))
    job = board.job(demo_db, code)
    assert [st.title for st in job.steps] == ["封筒を用意", "紙折り機で折る", "封筒に入れる", "封をする", "束ねる",
                                             "最後に数える"]
    assert job.current_step == 3 and job.steps[1].state == "done"
    work.complete_step(demo_db, me, code, 3, count=200)
    corrections.edit(demo_db, BOSS, code, JobEdit(spec={"fold": "half"}, quantity=220))
    job = board.job(demo_db, code)
    assert [st.title for st in job.steps][3:] == ["封をする", "束ねる", "最後に数える"]
    assert [st.target for st in job.steps] == [200, 200, 200, 220, None, 220]
    assert job.current_step == 4
