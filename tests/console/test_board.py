"""The assignment board: skill check with override reason, concurrent assignment by two consoles,
batching, live updates from the change feed, quality check and delivery, confidential cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from flat_desktop.db.ledger import record
from flat_desktop.events import EventType, NewEvent
from flat_desktop.gui.console.assign import AssignDialog, has_skill
from flat_desktop.gui.console.board import CODE_ROLE, LANE_ROLE
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, orders, people
from flat_desktop.services.context import Actor
from flat_desktop.services.orders import OrderRequest
from flat_desktop.services.views import WorkerView

from .conftest import sync


def _new_job(win: ConsoleWindow, job_type: str = "copying", *, confidential: bool = False) -> str:
    presets: dict[str, dict[str, Any]] = {"copying": {"originals": 5}, "badges": {"design": "ロゴ"}}
    values = presets.get(job_type, {})
    req = OrderRequest(job_type=job_type, title="会議資料", quantity=10, spec=values, department="jinji",
                       confidential=confidential)
    return orders.create(win.ctx.db, win.ctx.actor, req).job


def _skilled(win: ConsoleWindow, job_type: str) -> tuple[WorkerView, WorkerView]:
    ws = [w for w in people.workers(win.ctx.db) if w.role == "worker"]
    return (next(w for w in ws if has_skill(w, job_type)), next(w for w in ws if not has_skill(w, job_type)))


def test_assign_dialog_offers_only_skilled_workers_unless_show_all_with_reason(
        qtbot: QtBot, console: ConsoleWindow) -> None:
    """Only workers with the type's skill are listed; "show all" lists the rest, and choosing one
    of them needs a reason before the dialog accepts."""
    code = _new_job(console)
    skilled, unskilled = _skilled(console, "copying")
    dlg = AssignDialog(list(console.board.workers.values()), "copying", "コピー", [code])
    qtbot.addWidget(dlg)
    assert skilled.code in dlg.offered() and unskilled.code not in dlg.offered()
    dlg.show_all.setChecked(True)
    assert unskilled.code in dlg.offered()
    dlg.choose(unskilled.code)
    assert not dlg.try_accept()
    assert not dlg.message.isHidden()
    dlg.reason.setText("研修のため")
    assert dlg.try_accept()
    assert dlg.override_reason() == "研修のため"


def test_assign_checks_the_skill_and_records_the_override_reason(qtbot: QtBot, console: ConsoleWindow) -> None:
    """The service refuses a worker without the skill; with a reason it assigns and records it."""
    code = _new_job(console)
    sync(qtbot, console)
    _skilled_one, unskilled = _skilled(console, "copying")
    assert console.board.assign_jobs([code], unskilled.code) == []
    assert "copying" not in console.message.text()  # the shown name is the type's, plain words
    assert board.job(console.ctx.db, code).assignee is None
    assert console.board.assign_jobs([code], unskilled.code, "研修のため") == [code]
    ev = [e for e in board.events(console.ctx.db, job=code) if e.type == "job_assigned"][-1]
    assert ev.data["override_reason"] == "研修のため" and ev.worker == console.ctx.actor.worker
    sync(qtbot, console)
    assert console.board.jobs[code].assignee == unskilled.code
    assert console.board.column_of(code) == "assigned"


def test_two_consoles_assigning_the_same_job_one_wins_the_other_is_told(
        qtbot: QtBot, make_console: Callable[..., ConsoleWindow]) -> None:
    """Both consoles show the same version; the first assignment wins, the second is refused with
    a plain message and its board is re-read to show the winner."""
    first, second = make_console("90001"), make_console("90002")
    code = _new_job(first)
    sync(qtbot, first)
    sync(qtbot, second)
    skilled = [w for w in people.workers(first.ctx.db) if w.role == "worker" and has_skill(w, "copying")]
    assert first.board.assign_jobs([code], skilled[0].code) == [code]
    assert second.board.assign_jobs([code], skilled[1].code) == []
    assert code in second.message.text()
    assert second.message.property("tone") == "error"
    assert second.board.jobs[code].assignee == skilled[0].code
    assert board.job(first.ctx.db, code).assignee == skilled[0].code


def test_batch_assign_several_received_jobs_of_one_type(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Several received jobs of the same type are assigned together; a mixed selection is refused."""
    a, b, c = _new_job(console), _new_job(console), _new_job(console, "badges")
    sync(qtbot, console)
    skilled, _ = _skilled(console, "copying")
    assert console.board.assign_jobs([a, c], skilled.code) == []
    assert "同じ業務" in console.message.text() or "one job type" in console.message.text()
    console.board.select([a, b])
    col = console.board.focused_column()
    assert sorted(col.selected_codes()) == sorted([a, b])
    assert sorted(console.board.assign_jobs(col.selected_codes(), skilled.code)) == sorted([a, b])
    assert {board.job(console.ctx.db, x).assignee for x in (a, b)} == {skilled.code}
    assert board.job(console.ctx.db, c).assignee is None


def test_board_follows_changes_made_elsewhere(qtbot: QtBot, console: ConsoleWindow, supervisor: Actor) -> None:
    """A job assigned from another PC moves to the Assigned column after the next feed poll,
    without any refresh by the supervisor."""
    code = _new_job(console)
    sync(qtbot, console)
    assert console.board.column_of(code) == "received"
    skilled, _ = _skilled(console, "copying")
    board.assign(console.ctx.db, supervisor, code, skilled.code)
    sync(qtbot, console)
    assert console.board.column_of(code) == "assigned"


def test_confidential_job_shows_only_code_and_type(qtbot: QtBot, console: ConsoleWindow) -> None:
    """A confidential card shows its code and type, not its title; opening it shows the details."""
    req = OrderRequest(job_type="minutes", title="非公開の審査会", quantity=30, department="jinji",
                       spec={"meeting": "審査会"}, confidential=True)
    code = orders.create(console.ctx.db, console.ctx.actor, req).job
    sync(qtbot, console)
    text = console.board.card(code)
    assert code in text and "非公開の審査会" not in text
    dlg = console.board.open_job(code)
    qtbot.addWidget(dlg)
    browser = dlg.findChild(QTextBrowser)
    assert browser is not None and "非公開の審査会" in browser.toPlainText()


def test_check_and_deliver_a_done_job(qtbot: QtBot, console: ConsoleWindow) -> None:
    """A done job is quality-checked and delivered with who received it (job_delivered)."""
    done = next(j for j in console.board.jobs.values() if j.status == "done")
    console.board.check_job(done.code)
    console.board.deliver_job(done.code, "人事課 山田")
    job = board.job(console.ctx.db, done.code)
    assert job.status == "delivered"
    ev = [e for e in board.events(console.ctx.db, job=done.code) if e.type == "job_delivered"][-1]
    assert ev.data["to"] == "人事課 山田"
    sync(qtbot, console)
    assert console.board.column_of(done.code) == "delivered"


def test_tickets_of_selected_jobs_print_together_and_a_pdf_is_kept(
        qtbot: QtBot, console: ConsoleWindow, tmp_path: Path) -> None:
    """Print tickets (P) renders one PDF for all selected jobs and keeps it in the ticket folder,
    whether or not a printer answers."""
    console.ctx.ticket_dir = tmp_path
    a, b = _new_job(console), _new_job(console)
    sync(qtbot, console)
    console.board.select([a, b])
    console.board.act("print", console.board.focused_column())
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert a in pdfs[0].name and b in pdfs[0].name


def test_order_form_offers_the_ticket_right_after_the_order(console: ConsoleWindow, tmp_path: Path) -> None:
    """After Place order the form offers to print the new job's ticket; printing keeps the PDF."""
    console.ctx.ticket_dir = tmp_path
    form = console.orders.form
    form.set_job_type("lending")
    form.title.setText("カメラ貸出")
    form.department.setText(form.departments[0].name)
    created = form.submit()
    assert created is not None, console.message.text()
    assert not form.print_button.isHidden()
    form.print_button.click()
    assert any(created.job in p.name for p in tmp_path.glob("*.pdf"))


def test_every_present_worker_has_a_lane_and_a_dropped_card_is_assigned(
        qtbot: QtBot, console: ConsoleWindow) -> None:
    """The Assigned column has a lane per present worker; dropping a received card on the lane of
    a skilled worker assigns the job to that worker (through the same service call as A)."""
    code = _new_job(console)
    sync(qtbot, console)
    board_tab = console.board
    assigned = board_tab.columns["assigned"]
    present = {w.code for w in board_tab.workers.values() if w.present and w.role == "worker"}
    lanes = {assigned.item(i).data(LANE_ROLE) for i in range(assigned.count())}
    assert present <= lanes
    worker = next(w for w in board_tab.workers.values() if w.code in present and has_skill(w, "copying"))
    console.resize(1600, 1000)
    console.show()
    qtbot.waitExposed(console)
    head = next(assigned.item(i) for i in range(assigned.count())
                if assigned.item(i).data(LANE_ROLE) == worker.code and not assigned.item(i).data(CODE_ROLE))
    assigned.scrollToItem(head)
    received = board_tab.columns["received"]
    card = board_tab.item_for(code)
    assert card is not None
    mime = received.mimeData([card])
    drop = QDropEvent(QPointF(assigned.visualItemRect(head).center()), Qt.DropAction.MoveAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(assigned.dropped):
        assigned.dropEvent(drop)
    assert board.job(console.ctx.db, code).assignee == worker.code
    assert board_tab.column_of(code) == "assigned"


def _rows(win: ConsoleWindow) -> dict[tuple[str, str], Any]:
    """Every row of every column: (column, code or lane head) -> the row object itself."""
    rows: dict[tuple[str, str], Any] = {}
    for status, col in win.board.columns.items():
        for i in range(col.count()):
            item = col.item(i)
            rows[(status, item.data(CODE_ROLE) or "lane:" + item.data(LANE_ROLE))] = item
    return rows


def test_finished_lane_is_bounded_and_search_reaches_older_jobs(qtbot: QtBot, console: ConsoleWindow) -> None:
    """The Finished column holds today's finished jobs and at least the last N; an older finished
    job is not loaded, but search finds it by code or department and brings it onto the board."""
    tab = console.board
    midnight = dt.datetime.combine(dt.date.today(), dt.time(0)).astimezone()
    # A job finished yesterday and not yet delivered, whatever the demo's last days left.
    yesterday = _new_job(console)
    with console.ctx.db.session() as s:
        for kind, hours, data in ((EventType.JOB_STARTED, -20, {}), (EventType.JOB_FINISHED, -19, {"units": 10})):
            record(s, NewEvent(kind, station="test", worker="W001", job=yesterday,
                               at=midnight + dt.timedelta(hours=hours), data=data))
    tab.finished_at_least = 1
    tab.reload()
    done = board.jobs(console.ctx.db, console.ctx.actor, statuses=["done"])
    last = max(done, key=lambda j: (j.finished_at or midnight, j.code))
    today = {j.code for j in done if j.finished_at and j.finished_at >= midnight}
    shown = {c for c, j in tab.jobs.items() if j.status == "done"}
    assert shown <= today | {last.code} and last.code in shown
    older = [j for j in done if j.code not in shown]
    assert yesterday in {j.code for j in older}
    assert not any(tab.item_for(j.code) for j in older)
    old = older[0]
    tab.search_field.setText(old.code)
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.finder.answered == tab.finder.asked)
    assert [f.job.code for f in tab.found] == [old.code] and not tab.results.isHidden()
    # An ordered job (a round's job has no department of its own) is found by its department.
    ordered = next(f for j in board.jobs(console.ctx.db, console.ctx.actor, statuses=["delivered"])
                   for f in board.search(console.ctx.db, console.ctx.actor, j.code) if f.department)
    asked = tab.search(ordered.department)
    qtbot.waitUntil(lambda: tab.finder.answered == asked)
    by_dept = tab.found
    assert by_dept and all(ordered.department in (f.department + f.requester + f.job.title + f.job.code)
                           for f in by_dept)
    tab.show_job(old.code)
    assert tab.column_of(old.code) == "done"
    assert old.code in tab.focused_column().selected_codes()
    tab.search_field.setText(old.code)
    tab.search_field.setText("")
    assert tab.results.isHidden()


def test_one_change_updates_only_the_changed_card(
        qtbot: QtBot, console: ConsoleWindow, supervisor: Actor, monkeypatch: Any) -> None:
    """A job assigned elsewhere moves its own card to Assigned; every other card and lane head is
    the same object as before, with the same text, and the board is never laid out again."""
    code = _new_job(console)
    sync(qtbot, console)
    before = _rows(console)
    texts = {k: it.text() for k, it in before.items()}
    monkeypatch.setattr(console.board, "redraw", lambda: pytest.fail("the whole board was laid out again"))
    skilled, _ = _skilled(console, "copying")
    board.assign(console.ctx.db, supervisor, code, skilled.code)
    sync(qtbot, console)
    after = _rows(console)
    assert console.board.column_of(code) == "assigned"
    moved = after.pop(("assigned", code))
    assert moved is before.pop(("received", code))  # the card itself travelled
    assert after.keys() == before.keys()
    assert all(after[k] is before[k] and after[k].text() == texts[k] for k in before)
