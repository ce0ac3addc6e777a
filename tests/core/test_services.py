"""The services: a worker's whole job, the supervisor's operations, and rejected operations
that leave every table exactly as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from flat_desktop import codes
from flat_desktop.db import Database, queries
from flat_desktop.db.ledger import rebuild
from flat_desktop.demo.build import badge_payloads
from flat_desktop.errors import Conflict, FlatError, InvalidInput, NotAllowed, NotFound
from flat_desktop.events import MachineOutcome
from flat_desktop.services import board, help, machines, orders, people, routes, scans, work
from flat_desktop.services.context import Actor
from flat_desktop.services.views import JobView
from tests.helpers.dbstate import snapshot

BOSS = Actor("S001", "supervisor", "test")


def sign_in(db: Database, worker: str) -> Actor:
    actor, _view = people.sign_in(db, badge_payloads()[worker], "test")
    return actor


def new_job(db: Database, key: str = "enclosing", quantity: int = 50, **spec: object) -> str:
    values = {"inserts": 1} if key == "enclosing" and not spec else dict(spec)
    return orders.create(
        db, BOSS, orders.OrderRequest(job_type=key, title="テスト", quantity=quantity, spec=values)
    ).job


def do_whole_job(db: Database, actor: Actor, code: str) -> JobView:
    job = work.start(db, actor, codes.ticket_payload(code))
    for st in job.steps:
        if st.kind == "machine":
            kind = {
                "folder": "FD01",
                "sealer": "SL01",
                "copier": "CP01",
                "scanner": "SC01",
                "printer": "PR01",
                "cutter": "CT01",
                "badge_press": "BP01",
                "label_printer": "LP01",
            }[st.machine_type or ""]
            machines.start(db, actor, code, st.position, codes.machine_payload(kind))
            work.complete_step(db, actor, code, st.position, count=st.target)
        elif st.kind == "scan":
            work.scan_at_step(db, actor, code, st.position, st.expected_code or "")
        else:
            work.complete_step(db, actor, code, st.position, count=st.target if st.kind == "count" else None)
    return work.finish(db, actor, code, codes.ticket_payload(code), units=50, spoiled=1)


def test_a_worker_does_a_whole_job(demo_db: Database) -> None:
    """Order → assign → start by ticket → every step (machines, counts) → finish: events and state agree."""
    code = new_job(demo_db)
    board.assign(demo_db, BOSS, code, "W001")
    me = sign_in(demo_db, "W001")
    assert code in [j.code for j in work.my_jobs(demo_db, me)]
    done = do_whole_job(demo_db, me, code)
    assert done.status == "done" and done.current_step is None
    types = [e.type for e in board.events(demo_db, job=code)]
    assert types[:4] == ["order_created", "job_created", "job_assigned", "job_started"]
    assert types.count("step_done") == 6
    assert types.count("machine_started") == types.count("machine_stopped") == 2
    assert types[-1] == "job_finished"
    stopped = [e for e in board.events(demo_db, job=code) if e.type == "machine_stopped"]
    assert {e.machine for e in stopped} == {"FD01", "SL01"} and all(e.data["outcome"] == "ok" for e in stopped)


def test_steps_are_filled_from_the_order_and_survive_template_edits(demo_db: Database) -> None:
    """Creating an order copies the template steps with the order's values; later edits do not touch them."""
    code = new_job(demo_db, quantity=200)
    job = board.job(demo_db, code)
    assert job.steps[0].text == "封筒を200枚用意します。" and job.steps[0].target == 200
    assert "{封筒|ふうとう}" in job.steps[0].reading
    with demo_db.session() as s:
        jt = queries.job_type(s, "enclosing")
        assert jt is not None
        jt.steps[0].text = "変更しました"
    assert board.job(demo_db, code).steps[0].text == "封筒を200枚用意します。"


def test_a_double_press_records_nothing_twice(demo_db: Database) -> None:
    """Pressing Done twice, or scanning the ticket twice, gives 'already done' and no new event."""
    code = new_job(demo_db, "lending", 1, camera="cam1")
    board.assign(demo_db, BOSS, code, "W008")
    me = sign_in(demo_db, "W008")
    work.start(demo_db, me, codes.ticket_payload(code))
    work.start(demo_db, me, codes.ticket_payload(code))
    work.complete_step(demo_db, me, code, 1)
    with pytest.raises(NotAllowed) as err:
        work.complete_step(demo_db, me, code, 1)
    assert err.value.reason == "already_done"
    types = [e.type for e in board.events(demo_db, job=code)]
    assert types.count("job_started") == 1 and types.count("step_done") == 1


def test_pause_resume_and_help(demo_db: Database) -> None:
    """A break pauses the job; the ticket scan resumes it; a help call stays open until answered."""
    code = new_job(demo_db)
    board.assign(demo_db, BOSS, code, "W002")
    me = sign_in(demo_db, "W002")
    work.start(demo_db, me, codes.ticket_payload(code))
    work.pause(demo_db, me, code)
    assert board.job(demo_db, code).status == "paused"
    assert work.start(demo_db, me, codes.ticket_payload(code)).status == "in_progress"
    call = help.call(demo_db, me, code, 1)
    assert help.call(demo_db, me, code, 1) == call  # a second press is the same call
    assert help.open_call_for(demo_db, "W002") is not None
    help.answer(demo_db, BOSS, call)
    assert help.open_call_for(demo_db, "W002") is None


def test_a_jam_is_logged_and_the_machine_can_be_restarted(demo_db: Database) -> None:
    """A jam stops the machine with its outcome; scanning the label again starts it again."""
    code = new_job(demo_db, "copying", 20, originals=5)
    board.assign(demo_db, BOSS, code, "W001")
    me = sign_in(demo_db, "W001")
    work.start(demo_db, me, codes.ticket_payload(code))
    work.complete_step(demo_db, me, code, 1)
    machines.start(demo_db, me, code, 2, codes.machine_payload("CP02"))
    machines.stop(demo_db, me, code, 2, units=7, outcome=MachineOutcome.JAM)
    machines.start(demo_db, me, code, 2, codes.machine_payload("CP02"))
    work.complete_step(demo_db, me, code, 2, count=13)
    m = next(m for m in machines.machines(demo_db) if m.code == "CP02")
    assert m.jams_total >= 1 and m.in_use_job is None


def test_routes_make_scan_steps_per_stop(demo_db: Database) -> None:
    """A day's route jobs get one scan step per stop, expecting that department's mailbox code."""
    day = dt.date.today() + dt.timedelta(days=(7 - dt.date.today().weekday()) % 7 or 7)  # next Monday
    made = routes.generate_day(demo_db, BOSS, day)
    assert routes.generate_day(demo_db, BOSS, day) == []  # idempotent
    job = board.job(demo_db, made[0])
    scan_steps = [st for st in job.steps if st.kind == "scan"]
    assert len(scan_steps) == job.quantity and all(codes.parse(st.expected_code or "") for st in scan_steps)
    assert job.assignee is not None


def test_the_step_starts_at_the_latest_start_break_end_or_step_done(demo_db: Database) -> None:
    """The step's clock: job_started, then each step_done or job_resumed starts it again; a
    pause or a help call does not."""
    code = new_job(demo_db)
    board.assign(demo_db, BOSS, code, "W002")
    me = sign_in(demo_db, "W002")
    assert work.step_started_at(demo_db, code) is None

    def latest(kind: str) -> dt.datetime:
        return [e.at for e in board.events(demo_db, job=code) if e.type == kind][-1]

    work.start(demo_db, me, codes.ticket_payload(code))
    assert work.step_started_at(demo_db, code) == latest("job_started")
    work.complete_step(demo_db, me, code, 1, count=50)
    assert work.step_started_at(demo_db, code) == latest("step_done")
    work.pause(demo_db, me, code)
    help.call(demo_db, me, code, 2)
    assert work.step_started_at(demo_db, code) == latest("step_done")
    work.resume(demo_db, me, code)
    assert work.step_started_at(demo_db, code) == latest("job_resumed")


def test_assignment_checks_skill_and_version(demo_db: Database) -> None:
    """Only skilled workers unless a reason is given; a stale version loses with a plain message."""
    code = new_job(demo_db, "minutes", 30, meeting="定例会議", speakers=4, style="full")
    with pytest.raises(NotAllowed) as err:
        board.assign(demo_db, BOSS, code, "W001")
    assert err.value.reason == "no_skill"
    v = board.job(demo_db, code).version
    board.assign(demo_db, BOSS, code, "W006", expected_version=v)
    with pytest.raises(Conflict):
        board.assign(demo_db, BOSS, code, "W001", expected_version=v, override_reason="研修")
    view = board.assign(demo_db, BOSS, code, "W001", override_reason="研修のため")
    assert view.assignee == "W001"


def test_supervisor_pin_lockout(demo_db: Database) -> None:
    """Workers cannot open the console; five wrong PINs lock the badge and are logged."""
    worker_badge = badge_payloads()["W001"]
    with pytest.raises(NotAllowed):
        people.console_sign_in(demo_db, worker_badge, "1234", "test")
    boss_badge = badge_payloads()["S002"]
    for _ in range(5):
        with pytest.raises(InvalidInput):
            people.console_sign_in(demo_db, boss_badge, "0000", "test")
    with pytest.raises(NotAllowed) as err:
        people.console_sign_in(demo_db, boss_badge, "1234", "test")
    assert err.value.reason == "locked"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    actor, _ = people.console_sign_in(demo_db, boss_badge, "1234", "test", now=later)
    assert actor.is_supervisor
    assert sum(e.type == "pin_rejected" for e in board.events(demo_db)) >= 5


def test_state_tables_are_exactly_what_the_events_say(demo_db: Database) -> None:
    """Replaying the whole event log on empty state tables gives the same jobs, steps, calls and machines."""
    code = new_job(demo_db)
    board.assign(demo_db, BOSS, code, "W001")
    do_whole_job(demo_db, sign_in(demo_db, "W001"), code)
    derived = ("jobs", "job_steps", "help_calls", "orders", "machines", "workers")

    def state() -> dict[str, list[tuple[object, ...]]]:
        snap = snapshot(demo_db)
        # Job.version counts ORM updates, not events, so it is not part of the derived state.
        return {t: [r[:-1] if t == "jobs" else r for r in snap[t]] for t in derived}

    before = state()
    with demo_db.session() as s:
        assert rebuild(s) > 100
    assert state() == before


def _rejections(db: Database) -> list[tuple[str, Callable[[], object]]]:
    code = new_job(db)
    other = new_job(db)
    board.assign(db, BOSS, code, "W001")
    board.assign(db, BOSS, other, "W002")
    me = sign_in(db, "W001")
    return [
        ("unknown badge", lambda: people.sign_in(db, codes.badge_payload("55555"), "t")),
        ("not a badge", lambda: people.sign_in(db, "hello", "t")),
        ("someone else's ticket", lambda: work.start(db, me, codes.ticket_payload(other))),
        ("unknown ticket", lambda: work.start(db, me, codes.ticket_payload("J-991231-999"))),
        ("garbled ticket", lambda: work.start(db, me, "J-261128-00")),
        ("step before start", lambda: work.complete_step(db, me, code, 1, count=50)),
        ("worker assigns", lambda: board.assign(db, me, code, "W002")),
        ("worker orders", lambda: orders.create(db, me, orders.OrderRequest("copying", "x", 1, {"originals": 1}))),
        ("bad quantity", lambda: orders.create(db, BOSS, orders.OrderRequest("copying", "x", 0, {"originals": 1}))),
        ("bad spec", lambda: orders.create(db, BOSS, orders.OrderRequest("copying", "x", 5, {"originals": "x"}))),
        ("unknown type", lambda: orders.create(db, BOSS, orders.OrderRequest("nope", "x", 5))),
        ("empty title", lambda: orders.create(db, BOSS, orders.OrderRequest("copying", " ", 5, {"originals": 1}))),
        (
            "past due",
            lambda: orders.create(
                db,
                BOSS,
                orders.OrderRequest("copying", "x", 5, {"originals": 1}, due=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
            ),
        ),
        ("unknown worker", lambda: board.assign(db, BOSS, code, "W999")),
        ("deliver undone", lambda: board.deliver(db, BOSS, code, "青木")),
        ("out of order twice", lambda: machines.back_in_service(db, BOSS, "CP01")),
        ("answer unknown call", lambda: help.answer(db, BOSS, "nope")),
        ("bad PIN format", lambda: people.set_pin(db, BOSS, "S001", "12ab")),
    ]


def test_every_rejected_operation_changes_nothing(demo_db: Database) -> None:
    """Each bad call raises a FlatError that says what to do, and every table is left as it was."""
    for name, call in _rejections(demo_db):
        before = snapshot(demo_db)
        with pytest.raises(FlatError) as err:
            call()
        assert err.value.message and err.value.hint, name
        assert snapshot(demo_db) == before, name


def test_a_rejected_scan_is_recorded(demo_db: Database) -> None:
    """The station records a refused scan with its raw input and reason."""
    me = sign_in(demo_db, "W001")
    try:
        work.start(demo_db, me, "NOT-A-CODE")
    except FlatError as exc:
        scans.reject(demo_db, me, "NOT-A-CODE", exc)
    last = board.events(demo_db)[-1]
    assert last.type == "scan_rejected" and last.data == {"raw": "NOT-A-CODE", "reason": "not_a_ticket"}


def test_machine_out_of_order_is_refused(demo_db: Database) -> None:
    """A machine marked out of order is refused at once with a clear message."""
    code = new_job(demo_db, "copying", 10, originals=2)
    board.assign(demo_db, BOSS, code, "W001")
    me = sign_in(demo_db, "W001")
    work.start(demo_db, me, codes.ticket_payload(code))
    work.complete_step(demo_db, me, code, 1)
    machines.set_out_of_order(demo_db, BOSS, "CP01", "紙づまりが直らない")
    with pytest.raises(NotAllowed) as err:
        machines.start(demo_db, me, code, 2, codes.machine_payload("CP01"))
    assert err.value.reason == "out_of_order"
    with pytest.raises(InvalidInput):
        machines.start(demo_db, me, code, 2, codes.machine_payload("CT01"))  # wrong machine type
    machines.back_in_service(demo_db, BOSS, "CP01")
    machines.start(demo_db, me, code, 2, codes.machine_payload("CP01"))


def test_reorder_changes_only_what_differs(demo_db: Database) -> None:
    """A past order is placed again with one call, changing only the quantity."""
    with demo_db.reader() as s:
        order = queries.order(s, "O" + new_job(demo_db, "copying", 30, originals=8, paper="A3")[1:])
        assert order is not None
        code = order.code
    again = orders.reorder(demo_db, BOSS, code, quantity=60)
    job = board.job(demo_db, again.job)
    assert job.quantity == 60 and job.spec["paper"] == "A3" and job.spec["originals"] == 8
    with pytest.raises(NotFound):
        orders.reorder(demo_db, BOSS, "O-000000-000")
