"""Counting that holds: a count in progress survives a restart, fewer than the target is asked
about, a big number is typed (not 82 presses of Page Up) and never confused with a scanner's
burst, and a machine records what it made in its own unit."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from flat_desktop import codes
from flat_desktop.services import board, machines, orders
from flat_desktop.station.context import State

from .conftest import SUPERVISOR, Driver, finish_running, job_for


def spoken(tmp_path) -> list[str]:
    rows = [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()]
    return [r["text"] for r in rows if r["kind"] == "speak"]


def kept(tmp_path) -> dict[str, int]:
    path = tmp_path / "data" / "counts.json"
    return json.loads(path.read_text()) if path.exists() else {}


def step_dones(db, code: str) -> list[dict]:
    return [e.data for e in board.events(db, job=code) if e.type == "step_done"]


def test_a_count_in_progress_survives_a_restart_and_short_counts_are_asked(demo_db, make_station, tmp_path):
    """W009 counts 43 envelopes and the station dies. On the new station her step shows 43 again.
    Done at 43 asks (shown and spoken) and records nothing; Escape goes back to counting; she types
    the whole number and Done records it; the kept count is gone once recorded."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")
    d.ticket(code)
    assert st.flow.context.step.kind == "count"
    target = st.flow.context.step.target
    assert target > 43
    d.key(Qt.Key.Key_PageUp, 4)
    d.key(Qt.Key.Key_Up, 3)
    assert st.window.step.counter.value() == 43
    assert kept(tmp_path) == {f"{code}/1": 43}
    st.close()  # the station dies in the middle of counting

    st2 = make_station(demo_db)
    d2 = Driver(st2)
    d2.badge("W009")
    assert st2.flow.state == State.STEP and st2.flow.context.step.position == 1
    assert st2.flow.context.counted == 43 and st2.window.step.counter.value() == 43

    d2.key(Qt.Key.Key_Return, 2 if st2.flow.context.confirm else 1)  # her profile asks "are you sure?" first
    question = st2.window.step.ask_text()
    assert "43" in question and str(target) in question and "すくない" in question
    assert spoken(tmp_path)[-1] == question
    assert step_dones(demo_db, code) == [] and st2.flow.context.step.position == 1
    d2.key(Qt.Key.Key_Escape)
    assert "すくない" not in st2.window.step.ask_text()
    d2.type_by_hand(str(target))
    assert st2.window.step.counter.value() == target
    assert spoken(tmp_path)[-1] == f"{target}通 に しました。"
    d2.key(Qt.Key.Key_Return, 2 if st2.flow.context.confirm else 1)
    assert st2.flow.context.step.position == 2
    assert step_dones(demo_db, code)[0]["count"] == target
    assert kept(tmp_path) == {}


def test_fewer_than_the_target_is_recorded_after_yes(demo_db, make_station):
    """Three counted, Done asks, Enter says yes: three is recorded, not the target."""
    code = job_for(demo_db, "W003", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W003")
    d.ticket(code)
    d.key(Qt.Key.Key_Up, 3)
    d.key(Qt.Key.Key_Return)
    assert st.window.step.short and step_dones(demo_db, code) == []
    d.key(Qt.Key.Key_Return)
    assert step_dones(demo_db, code)[0]["count"] == 3
    assert st.flow.context.step.position == 2


def test_typed_numbers_set_the_count_and_scanner_bursts_do_not(demo_db, make_station):
    """On a count step: digits typed by hand set the count (echoed while typed); the * key adds a
    hundred; a scanner's burst of digits (a product barcode) is refused as a scan, once, and the
    count stays; a typed number too big for the counter is refused."""
    code = job_for(demo_db, "W003", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W003")
    d.ticket(code)
    step = st.window.step

    def rejected() -> list[str]:
        return [e.data["reason"] for e in board.events(demo_db, job=code) if e.type == "scan_rejected"]

    d.type_by_hand("82")
    assert step.counter.value() == 82 and st.flow.context.counted == 82
    d.key(Qt.Key.Key_Asterisk)
    assert step.counter.value() == 182
    d.scan("4901234567894")
    assert step.counter.value() == 182 and rejected() == ["no_scan_needed"]
    d.type_by_hand("820")
    assert step.counter.value() == 820
    d.type_by_hand("123456")
    assert step.counter.value() == 820 and rejected() == ["no_scan_needed", "bad_number"]
    assert not step._typed.isVisible()


def test_the_typed_digits_are_shown_while_typed(demo_db, make_station):
    code = job_for(demo_db, "W003", "enclosing")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W003")
    d.ticket(code)
    st.window.scanner.typing.emit("82")
    assert st.window.step._typed.isVisible() and "82" in st.window.step._typed.text()
    st.window.scanner.typing.emit("")
    assert not st.window.step._typed.isVisible()


def copy_job(db, worker: str, sets: int, originals: int) -> str:
    finish_running(db, worker)
    spec = {"originals": originals, "duplex": True, "staple": "none", "collate": False}
    code = orders.create(db, SUPERVISOR, orders.OrderRequest("copying", "テストの コピー", sets, spec=spec)).job
    board.assign(db, SUPERVISOR, code, worker, override_reason="test")
    return code


def test_a_copy_run_counts_sheets_and_a_jam_records_what_was_made(demo_db, make_station):
    """70 sets of 10 originals: the copier step counts 700 sheets. W003 enters 400 from the copier's
    display and a jam stops it: the stop records 400 sheets. After the re-scan the count is still
    400; at 700 Done records the other 300. The copier's total grew by 700 sheets."""
    code = copy_job(demo_db, "W003", 70, 10)
    before = next(m for m in machines.machines(demo_db) if m.code == "CP01")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W003")
    d.ticket(code)
    d.do_step()  # the originals are there
    ctx = st.flow.context
    assert ctx.step.kind == "machine" and ctx.step.target == 700 and ctx.unit == "枚"
    d.scan(codes.machine_payload("CP01"))
    assert st.window.step.counter.isVisible()
    assert st.window.step.counter._target_label.text() == " / 700 枚"
    d.type_by_hand("400")
    d.key(Qt.Key.Key_F5)
    assert not st.flow.context.machine_running and not st.window.step.counter.isVisible()
    d.scan(codes.machine_payload("CP01"))
    assert st.flow.context.machine_running and st.window.step.counter.value() == 400
    d.type_by_hand("700")
    d.key(Qt.Key.Key_Return)
    assert st.flow.context.step.kind == "count"  # on to counting the sets
    stops = [e.data for e in board.events(demo_db, job=code) if e.type == "machine_stopped"]
    assert stops == [{"units": 400, "outcome": "jam"}, {"units": 300, "outcome": "ok"}]
    assert step_dones(demo_db, code)[-1]["count"] == 700
    after = next(m for m in machines.machines(demo_db) if m.code == "CP01")
    assert after.units_total - before.units_total == 700


def test_a_machine_nobody_counted_made_its_target_in_its_own_unit(demo_db, make_station):
    """Done on a running copier with nothing entered records the whole run: sets × originals sheets."""
    code = copy_job(demo_db, "W003", 12, 5)
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W003")
    d.ticket(code)
    d.do_step()
    d.do_step()  # scan the copier, Done
    stops = [e.data for e in board.events(demo_db, job=code) if e.type == "machine_stopped"]
    assert stops == [{"units": 60, "outcome": "ok"}]
