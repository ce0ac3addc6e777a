"""The console's master-data tabs: adding a machine (a bad form saves nothing and keeps what was
typed) with its use counters and label, editing routes by keyboard, the stops confirmed by scan,
and the station PCs online."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.i18n import _
from flat_desktop.services import board, catalog, machines, people, stations, work
from tests.helpers.dbstate import snapshot

from .conftest import sync, worker_actor


def _next_monday() -> dt.date:
    day = dt.date.today() + dt.timedelta(days=7)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return day


def test_add_machine_marks_every_bad_field_and_keeps_the_form(console: ConsoleWindow, tmp_path: Path) -> None:
    tab = console.machines
    db = console.ctx.db
    tab.code.setText("C1")
    tab.location.setText("")
    before = snapshot(db)
    assert tab.add() is None
    assert snapshot(db) == before
    assert tab.fields["code"].error.isVisibleTo(tab) and tab.fields["location"].error.isVisibleTo(tab)
    assert tab.code.text() == "C1" and tab.code.property("invalid")
    tab.code.setText("CP01")  # already there
    tab.location.setText("別館 2F")
    assert tab.add() is None and snapshot(db) == before
    assert "CP01" in tab.fields["code"].error.text()
    tab.code.setText("cp07")
    tab.type.setCurrentIndex(tab.type.findData("copier"))
    view = tab.add()
    assert view is not None and view.code == "CP07"
    assert not tab.fields["code"].error.isVisibleTo(tab) and tab.code.text() == ""
    assert tab.selected() == "CP07" and any(m.code == "CP07" for m in tab.rows)
    # The label: with no such printer the PDF is kept, to print from there.
    console.ctx.ticket_dir = tmp_path
    console.ctx.printer = "no-such-printer-for-tests"
    pdf = tab.print_label_of("CP07")
    assert pdf is not None and pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_machine_table_shows_the_use_counters(console: ConsoleWindow) -> None:
    tab = console.machines
    usage = {u.code: u for u in machines.usage(console.ctx.db)}
    busiest = max(usage.values(), key=lambda u: u.units_month)
    assert busiest.units_month > 0
    row = next(i for i, m in enumerate(tab.rows) if m.code == busiest.code)
    cells = [tab.table.item(row, c).text() for c in range(6, 11)]
    assert cells == [str(busiest.runs_today), str(busiest.units_today), str(busiest.runs_month),
                     str(busiest.units_month), str(busiest.jams_month)]


def test_route_is_created_and_edited_by_keyboard(qtbot: QtBot, console: ConsoleWindow) -> None:
    db = console.ctx.db
    tab = console.routes
    ed = tab.editor
    ed.new_button.click()
    ed.code.setText("MAIL-D")
    ed.name.setText("郵便集配 別館")
    ed.times.setText("11:00, 25:00")
    for box in ed.days:
        box.setChecked(int(box.property("weekday")) == 0)
    for box in ("103", "110", "105"):
        ed.stops.choice.setCurrentIndex(ed.stops.choice.findData(box))
        ed.stops.add_button.click()
    ed.rota.choice.setCurrentIndex(0)
    ed.rota.add_button.click()
    # Move 105 to the front with Alt+Up twice, then delete 110 with Delete.
    ed.stops.list.setFocus()
    ed.stops.list.setCurrentRow(2)
    qtbot.keyClick(ed.stops.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(ed.stops.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert ed.stops.values() == ["105", "103", "110"]
    ed.stops.list.setCurrentRow(2)
    qtbot.keyClick(ed.stops.list, Qt.Key.Key_Delete)
    assert ed.stops.values() == ["105", "103"]
    before = snapshot(db)
    assert ed.save() is None  # 25:00 is no time
    assert snapshot(db) == before
    assert ed.rows["times"].error.isVisibleTo(ed) and ed.times.text() == "11:00, 25:00"
    assert ed.stops.values() == ["105", "103"] and ed.name.text() == "郵便集配 別館"
    ed.times.setText("11:00")
    saved = ed.save()
    assert saved is not None and [s.mailbox for s in saved.stops] == ["105", "103"]
    assert "MAIL-D" in tab.codes and ed.code.isReadOnly()
    # Edit an existing route from the list.
    tab.select("MAIL-B")
    view = tab.edit_selected()
    assert view is not None and ed.code.text() == "MAIL-B"
    ed.name.setText("郵便集配 第二庁舎（北）")
    ed.name.textEdited.emit(ed.name.text())
    tab.select("MAIL-A")
    assert tab.edit_selected() is None  # unsaved changes are never dropped
    assert ed.name.text() == "郵便集配 第二庁舎（北）"
    ed.stops.list.setCurrentRow(0)
    ed.stops.remove.click()
    assert ed.save() is not None
    assert next(r for r in catalog.routes(db) if r.code == "MAIL-B").name == "郵便集配 第二庁舎（北）"
    changed = [e for e in board.events(db) if e.type == "master_changed"][-1]
    assert changed.data["of"] == "MAIL-B" and changed.worker == console.ctx.actor.worker
    # The new route's day job has its stops in order.
    made = tab.generate_day(_next_monday())
    job = next(board.job(db, c) for c in made if board.job(db, c).route == "MAIL-D")
    assert [st.expected_code for st in job.steps if st.kind == "scan"] == [
        codes.mailbox_payload("105"), codes.mailbox_payload("103")]


def test_stop_confirmations_show_the_scanned_stops(qtbot: QtBot, console: ConsoleWindow) -> None:
    db = console.ctx.db
    tab = console.routes
    day = _next_monday()
    made = tab.generate_day(day)
    tab.stops.set_day(day)
    job = next(board.job(db, c) for c in made if board.job(db, c).route == "MAIL-A")
    top = next(tab.stops.tree.topLevelItem(i) for i in range(tab.stops.tree.topLevelItemCount())
               if tab.stops.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == job.code)
    assert top.child(0).text(2) == _("open")
    me = worker_actor(db, people.worker(db, job.assignee or "").badge)
    view = work.start(db, me, codes.ticket_payload(job.code))
    first = next(st for st in view.steps if st.kind == "scan")
    for st in view.steps[: first.position - 1]:
        work.complete_step(db, me, job.code, st.position, count=st.target or 1)
    work.scan_at_step(db, me, job.code, first.position, first.expected_code or "")
    sync(qtbot, console)
    top = next(tab.stops.tree.topLevelItem(i) for i in range(tab.stops.tree.topLevelItemCount())
               if tab.stops.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == job.code)
    assert top.child(0).text(2) == _("✓ scanned") and top.child(0).text(3)
    assert top.child(1).text(2) == _("open") and top.child(1).text(3) == ""
    assert top.text(2) == _("{done} of {total}").format(done=1, total=top.childCount())


def test_station_pcs_online_offline_and_who_is_signed_in(qtbot: QtBot, console: ConsoleWindow) -> None:
    db = console.ctx.db
    tab = console.stations
    now = dt.datetime.now(dt.UTC)
    stations.heartbeat(db, "station-7", now=now)
    stations.heartbeat(db, "station-8", now=now - dt.timedelta(minutes=10))
    worker = next(w for w in people.workers(db) if w.role == "worker" and not w.present)
    worker_actor(db, worker.badge)  # signs in at station-<badge>
    stations.heartbeat(db, f"station-{worker.badge}", now=now)
    console.ctx.start_heartbeat()
    qtbot.waitUntil(lambda: (tab.reload_now(), tab.row_of(console.ctx.actor.station))[1] is not None,
                    timeout=10_000)
    me = tab.row_of(console.ctx.actor.station)
    assert me is not None and me.online and me.kind == "console"
    assert tab.row_of("station-7").online  # type: ignore[union-attr]
    old = tab.row_of("station-8")
    assert old is not None and not old.online
    row = next(i for i, pc in enumerate(tab.rows) if pc.name == "station-8")
    assert tab.table.item(row, 2).text().startswith(_("Offline since {time}").split("{")[0])
    there = tab.row_of(f"station-{worker.badge}")
    assert there is not None and worker.name in there.signed_in
    # Forty seconds without a beat is still online; two missed beats are offline.
    tab.now = now + dt.timedelta(seconds=40)
    tab.reload_now()
    assert tab.row_of("station-7").online  # type: ignore[union-attr]
    tab.now = now + dt.timedelta(seconds=stations.ONLINE_WITHIN_S + 5)
    tab.reload_now()
    assert not tab.row_of("station-7").online  # type: ignore[union-attr]
    # The timer's read off the GUI thread gives the same list.
    tab.rows = []
    tab.refresh()
    qtbot.waitUntil(lambda: bool(tab.rows), timeout=10_000)
    assert not tab.row_of("station-7").online  # type: ignore[union-attr]
