"""Help calls seen and answered on the console, machines out of order refused on the station,
template edits not touching existing jobs, and route jobs generated for a day."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.db.ledger import record
from flat_desktop.errors import NotAllowed
from flat_desktop.events import EventType, NewEvent
from flat_desktop.gui.console.assign import has_skill
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, catalog, help, machines, orders, people, work
from flat_desktop.services.orders import OrderRequest
from flat_desktop.sync import conflicts, refusals

from .conftest import sync, worker_actor


def test_help_call_from_a_station_rings_and_is_answered(qtbot: QtBot, console: ConsoleWindow) -> None:
    """A worker's help call (through the services) shows in the alert bar with a sound after the
    next feed poll; Answer records help_answered and the worker's call is closed."""
    for c in help.open_calls(console.ctx.db):  # start from a quiet station
        help.answer(console.ctx.db, console.ctx.actor, c.id)
    sync(qtbot, console)
    assert console.help.bar.isHidden()
    rings = console.help.rings
    worker = worker_actor(console.ctx.db, "10003")
    call_id = help.call(console.ctx.db, worker, job=None, step=None)
    sync(qtbot, console)
    assert console.help.rings == rings + 1
    assert not console.help.bar.isHidden()
    name = people.worker(console.ctx.db, worker.worker or "").name
    assert name in console.help.bar_text.text()
    console.help.bar_answer.click()
    dlg = console.help.answering
    assert dlg is not None
    qtbot.keyClick(dlg, Qt.Key.Key_Return)  # solved, no note
    assert help.open_call_for(console.ctx.db, worker.worker or "") is None
    answered = [e for e in board.events(console.ctx.db) if e.type == "help_answered"][-1]
    assert answered.data["call"] == call_id and answered.worker == console.ctx.actor.worker
    sync(qtbot, console)
    assert console.help.bar.isHidden()


def test_stuck_alert_is_quiet(qtbot: QtBot, console: ConsoleWindow) -> None:
    """A 'stuck' alert from a station is listed and marked on the card, without sound."""
    job = next(j for j in console.board.jobs.values() if j.status == "in_progress" and j.assignee)
    badge = people.worker(console.ctx.db, job.assignee or "").badge
    rings = console.help.rings
    help.stuck(console.ctx.db, worker_actor(console.ctx.db, badge), job.code, job.current_step or 1,
               seconds=900, usual_s=120)
    sync(qtbot, console)
    assert console.help.rings == rings
    assert job.code in console.board.stuck
    assert any("【…】" in console.help.list.item(i).text() for i in range(console.help.list.count()))


def test_a_station_that_cannot_speak_is_a_quiet_alert_that_says_why(qtbot: QtBot, console: ConsoleWindow) -> None:
    """A station whose voice fails (no sound device) is listed with its name and the player's
    words, without a ring and outside the alert bar; a second report of it adds nothing; it is no
    worker's help call; answering it takes it off the list."""
    for c in help.open_calls(console.ctx.db):
        help.answer(console.ctx.db, console.ctx.actor, c.id)
    sync(qtbot, console)
    rings = console.help.rings
    worker = worker_actor(console.ctx.db, "10001")
    detail = "音声を再生できませんでした: aplay: main:831: audio open error: No such file or directory"
    first = help.speech_failed(console.ctx.db, worker, "ignored", detail)
    assert help.speech_failed(console.ctx.db, None, worker.station or "", detail) == first
    sync(qtbot, console)
    assert console.help.rings == rings and console.help.bar.isHidden()
    lines = [console.help.list.item(i).text() for i in range(console.help.list.count())]
    assert len(lines) == 1 and lines[0].startswith("【…】 端末の音声が出ません")
    assert detail in lines[0] and (worker.station or "") in lines[0]
    assert help.open_call_for(console.ctx.db, worker.worker or "") is None
    help.answer(console.ctx.db, console.ctx.actor, first)
    sync(qtbot, console)
    assert console.help.list.count() == 0


def test_sync_conflict_alert_says_why(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Work done offline on a job the console gave to someone else meanwhile: the alert rings and
    says what happened, in words, until a supervisor answers it."""
    for c in help.open_calls(console.ctx.db):  # start from a quiet station
        help.answer(console.ctx.db, console.ctx.actor, c.id)
    job = next(j for j in console.board.jobs.values() if j.status == "in_progress" and j.assignee)
    other = "W030" if job.assignee != "W030" else "W029"
    late = NewEvent(EventType.STEP_DONE, station="station-9", worker=other, job=job.code, step=1)
    with console.ctx.db.session() as s:
        conflict = conflicts.check(s, late)
        assert conflict is not None and conflict["reason"] == "reassigned"
        conflicts.report(s, late, conflict)
    rings = console.help.rings
    sync(qtbot, console)
    assert console.help.rings == rings + 1
    text = console.help.bar_text.text()
    assert "オフライン中の作業" in text and "別の人に割り当て済み" in text and job.code in text
    call = next(c for c in help.open_calls(console.ctx.db) if c.kind == "conflict")
    help.answer(console.ctx.db, console.ctx.actor, call.id)
    sync(qtbot, console)
    assert all(c.kind != "conflict" for c in help.open_calls(console.ctx.db))


def test_an_event_a_server_refused_rings_and_says_what(qtbot: QtBot, console: ConsoleWindow) -> None:
    """A station's event the server could not store (kept at the station): the alert rings on the
    console and names the event and the server's words until a supervisor answers it."""
    for c in help.open_calls(console.ctx.db):
        help.answer(console.ctx.db, console.ctx.actor, c.id)
    bad = NewEvent(EventType.SCAN_REJECTED, station="station-9", worker="W030", data={"raw": "J-\x00"})
    with console.ctx.db.session() as s:
        record(s, refusals.report(bad, "UntranslatableCharacter: unsupported Unicode escape sequence", "station-9"))
    rings = console.help.rings
    sync(qtbot, console)
    assert console.help.rings == rings + 1
    text = console.help.bar_text.text()
    assert "受け付けませんでした" in text and "scan_rejected" in text and bad.id in text and "station-9" in text
    call = next(c for c in help.open_calls(console.ctx.db) if c.kind == "refused")
    help.answer(console.ctx.db, console.ctx.actor, call.id)
    sync(qtbot, console)
    assert all(c.kind != "refused" for c in help.open_calls(console.ctx.db))


def test_machine_out_of_order_is_refused_on_the_station(qtbot: QtBot, console: ConsoleWindow) -> None:
    """A copier set out of order on the Machines tab is refused when a worker scans it at a
    machine step; back in service it is accepted again."""
    db = console.ctx.db
    copier = next(m for m in machines.machines(db) if m.type == "copier" and not m.out_of_order and not m.in_use_job)
    tab = console.machines
    tab.select(copier.code)
    tab.reason.setText("紙づまりが直らない")
    tab.broken.click()
    assert next(m for m in machines.machines(db) if m.code == copier.code).out_of_order
    # A worker with the copying skill reaches the copy step of a new job.
    w = next(w for w in people.workers(db) if w.role == "worker" and has_skill(w, "copying"))
    created = orders.create(db, console.ctx.actor, OrderRequest(job_type="copying", title="資料", quantity=5,
                                                                 spec={"originals": 3}, department="jinji"))
    board.assign(db, console.ctx.actor, created.job, w.code)
    actor = worker_actor(db, w.badge)
    job = work.start(db, actor, codes.ticket_payload(created.job))
    machine_step = next(st for st in job.steps if st.kind == "machine")
    for st in job.steps[: machine_step.position - 1]:
        work.complete_step(db, actor, created.job, st.position, count=st.target or 1)
    with pytest.raises(NotAllowed) as refused:
        machines.start(db, actor, created.job, machine_step.position, codes.machine_payload(copier.code))
    assert refused.value.reason == "out_of_order"
    tab.select(copier.code)
    tab.fixed.click()
    view = machines.start(db, actor, created.job, machine_step.position, codes.machine_payload(copier.code))
    assert view.machine_in_use == copier.code


def test_template_edit_changes_new_jobs_only(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Editing and saving a step template changes the steps of orders placed afterwards; a job
    made before keeps the steps it was given."""
    db = console.ctx.db
    before = orders.create(db, console.ctx.actor, OrderRequest(job_type="copying", title="前", quantity=4,
                                                                spec={"originals": 2}, department="jinji")).job
    old_steps = [(st.title, st.text) for st in board.job(db, before).steps]
    tab = console.templates
    tab.set_job_type("copying")
    tab.list.setCurrentRow(0)
    tab.title.setText("原稿を数える")
    tab.text.setText("原稿が$originals枚あるか数えます。")
    tab.reading.setText("")
    tab.store()
    tab.add_step()
    tab.title.setText("片付け")
    tab.text.setText("机を片付けます。")
    tab.store()
    assert tab.save()
    assert board.job(db, before).steps and [(st.title, st.text) for st in board.job(db, before).steps] == old_steps
    after = orders.create(db, console.ctx.actor, OrderRequest(job_type="copying", title="後", quantity=4,
                                                               spec={"originals": 2}, department="jinji")).job
    steps = board.job(db, after).steps
    assert steps[0].title == "原稿を数える" and steps[0].text == "原稿が2枚あるか数えます。"
    assert steps[1].title == "片付け" and len(steps) == len(old_steps) + 1
    changed = [e for e in board.events(db) if e.type == "master_changed"][-1]
    assert changed.data["of"] == "copying" and changed.worker == console.ctx.actor.worker


def test_template_condition_is_shown_edited_and_followed_by_new_jobs(qtbot: QtBot, console: ConsoleWindow) -> None:
    """The folding step says in the list that it is only for folded orders; a supervisor makes the
    bundling step apply only to sealed orders, with the keyboard-free editor widgets; new jobs follow."""
    db = console.ctx.db
    tab = console.templates
    tab.set_job_type("enclosing")
    fold = next(i for i, st in enumerate(tab.steps) if st.machine_type == "folder")
    assert "折らない でないときだけ" in tab.list.item(fold).text()
    bundle = next(i for i, st in enumerate(tab.steps) if st.title == "束ねる")
    tab.list.setCurrentRow(bundle)
    assert tab.when_field.currentData() == "" and not tab.when_values.isEnabled()
    tab.when_field.setCurrentIndex(tab.when_field.findData("seal"))
    assert [tab.when_values.item(i).text() for i in range(tab.when_values.count())] == ["はい", "いいえ"]
    tab.when_values.item(0).setCheckState(Qt.CheckState.Checked)
    assert tab.steps[bundle].condition == {"field": "seal", "is": [True]}
    assert "封をするが はい のときだけ" in tab.list.item(bundle).text()
    assert tab.save()

    def titles(seal: bool) -> list[str]:
        code = orders.create(db, console.ctx.actor, OrderRequest(
            job_type="enclosing", title="案内", quantity=50, spec={"fold": "none", "seal": seal},
            department="jinji")).job
        return [st.title for st in board.job(db, code).steps]

    assert "束ねる" in titles(True) and "封をする" in titles(True)
    unsealed = titles(False)
    assert "束ねる" not in unsealed and "封をする" not in unsealed and "紙折り機で折る" not in unsealed
    tab.load()
    assert tab.steps[bundle].condition == {"field": "seal", "is": [True]}


def test_template_preview_shows_the_reading(console: ConsoleWindow) -> None:
    """The preview shows the step as the station does, with the furigana markup."""
    tab = console.templates
    tab.set_job_type("enclosing")
    tab.list.setCurrentRow(0)
    assert tab.preview_text.accessibleName() or tab.reading.text()
    assert "{" in tab.reading.text()


def test_route_jobs_are_generated_for_a_day(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Making a weekday's route jobs creates one job per route time, assigned by the rota;
    asking again makes none (idempotent)."""
    db = console.ctx.db
    day = dt.date.today() + dt.timedelta(days=7)
    while day.weekday() != 0:  # a Monday: every route runs
        day += dt.timedelta(days=1)
    made = console.routes.generate_day(day)
    expected = sum(len(r.times) for r in catalog.routes(db) if 0 in r.weekdays)
    assert len(made) == expected > 0
    jobs = [board.job(db, code) for code in made]
    assert all(j.route and j.due and j.due.astimezone().date() == day for j in jobs)
    assert all(j.status == "assigned" and j.assignee for j in jobs)
    assert console.routes.generate_day(day) == []
    sync(qtbot, console)
    assert all(console.board.item_for(code) is not None for code in made)


def test_worker_skill_edit_changes_who_is_offered(console: ConsoleWindow) -> None:
    """Giving a worker a skill on the Workers tab records master_changed and the worker is then
    offered for that job type; taking it away removes them again."""
    tab = console.workers
    w = next(w for w in tab.rows if not has_skill(w, "lending"))
    tab.select(w.code)
    box = tab.levels["lending"]
    box.setCurrentIndex(box.findData("learning"))
    tab.save_button.click()
    assert has_skill(people.worker(console.ctx.db, w.code), "lending")
    ev = [e for e in board.events(console.ctx.db) if e.type == "master_changed"][-1]
    assert ev.data["of"] == w.code and ev.data["job_type"] == "lending"
    tab.select(w.code)
    box.setCurrentIndex(box.findData(""))
    tab.save_button.click()
    assert not has_skill(people.worker(console.ctx.db, w.code), "lending")
