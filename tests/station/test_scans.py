"""Scans at machine and place steps, through the window: after a jam, Done waits for the
machine's label again; a label read twice at once by the scanner is one scan."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt

from flat_desktop import codes
from flat_desktop.services import board, routes
from flat_desktop.station.context import State

from .conftest import SUPERVISOR, Driver, finish_running, job_for
from .test_station_jobs import next_monday


def fixed_clock(st) -> None:
    """The station's clock stands still: two reads of one label are always 'at once'."""
    now = dt.datetime.now(dt.UTC)
    st.flow.clock = lambda: now


def test_after_a_jam_done_waits_for_the_machine_label(demo_db, make_station, tmp_path):
    """The folder jams (F5). Enter on the step now says to scan the machine and records nothing;
    the folder's label starts it again, and only then does Done finish the step."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    fixed_clock(st)
    d = Driver(st)
    d.badge("W009")
    d.ticket(code)
    d.do_step()  # count
    assert st.flow.context.step.machine_type == "folder"
    d.scan(codes.machine_payload("FD01"))
    assert st.flow.context.machine_running
    d.key(Qt.Key.Key_F5)
    ctx = st.flow.context
    assert not ctx.machine_running and ctx.needs_scan and st.window.step._notice.isVisible()
    assert st.window.step.done_button.text() == "スキャン"

    def types() -> list[str]:
        return [e.type for e in board.events(demo_db, job=code)]

    before = types()
    d.key(Qt.Key.Key_Return)
    assert st.flow.context.step.position == 2 and types() == before
    rows = [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()]
    said = [r["text"] for r in rows if r["kind"] == "speak"][-1]
    assert said.startswith("さきに きかいの ラベルを スキャンして") and st.window.error_banner.isVisible()
    d.scan(codes.machine_payload("FD01"))  # the same label as before the jam: not a double read
    assert st.flow.context.machine_running
    d.key(Qt.Key.Key_Return, 2)  # her profile asks "are you sure?"
    assert st.flow.context.step.position == 3
    assert types()[len(before):] == ["machine_started", "machine_stopped", "step_done"]


def test_a_machine_label_read_twice_is_one_scan(demo_db, make_station):
    """The scanner reads the folder's label twice: the machine starts once, nothing is refused."""
    code = job_for(demo_db, "W003", "enclosing")
    st = make_station(demo_db)
    fixed_clock(st)
    d = Driver(st)
    d.badge("W003")
    d.ticket(code)
    d.do_step()
    d.scan(codes.machine_payload("FD01"))
    d.scan(codes.machine_payload("FD01"))
    assert st.flow.context.machine_running and not st.window.error_banner.isVisible()
    types = [e.type for e in board.events(demo_db, job=code)]
    assert types.count("machine_started") == 1 and "scan_rejected" not in types


def test_a_mailbox_read_twice_is_not_refused_at_the_next_stop(demo_db, make_station):
    """A mail-round stop's label read twice: the stop is done once and the next stop does not say
    "this is not the right place"."""
    made = routes.generate_day(demo_db, SUPERVISOR, next_monday())
    code = next(c for c in made if board.job(demo_db, c).type == "mail_round")
    finish_running(demo_db, "W003")
    if board.job(demo_db, code).assignee != "W003":
        board.assign(demo_db, SUPERVISOR, code, "W003", override_reason="test")
    st = make_station(demo_db)
    fixed_clock(st)
    d = Driver(st)
    d.badge("W003")
    d.ticket(code)
    d.do_step()  # the cart
    stop = st.flow.context.step
    assert stop.kind == "scan"
    d.scan(stop.expected_code or "")
    d.scan(stop.expected_code or "")
    assert st.flow.state == State.STEP and st.flow.context.step.position == stop.position + 1
    assert not st.window.error_banner.isVisible()
    types = [e.type for e in board.events(demo_db, job=code)]
    assert "scan_rejected" not in types and types.count("step_done") == 2
