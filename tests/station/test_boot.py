"""The early sign-in screen: painted before the rest of the station loads, and a badge scanned
onto it in those seconds signs the worker in once the station is up (nothing typed is lost)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from flat_desktop.demo.build import badge_payloads
from flat_desktop.gui.startup import TRACE_ENV
from flat_desktop.gui.station import boot
from flat_desktop.launch import command_of
from flat_desktop.station.context import State


def test_the_sub_command_is_found_after_options() -> None:
    assert command_of(["station", "--windowed"]) == "station"
    assert command_of(["--db", "sqlite:///x", "--lang", "en", "station"]) == "station"
    assert command_of(["console", "--station", "station"]) == "console"
    assert command_of(["--help"]) is None


def test_a_badge_scanned_during_start_up_is_handled_by_the_station(qtbot, demo_db, make_station, monkeypatch,
                                                                   tmp_path) -> None:
    trace = tmp_path / "trace"
    monkeypatch.setenv(TRACE_ENV, str(trace))
    boot.show(["station", "--windowed"])
    early = boot._boot
    assert early is not None and early.isVisible()
    assert trace.read_text().startswith("painted ")
    # The early screen is the real sign-in screen, in the sign-in theme.
    assert early.screen_.name == State.SIGN_IN and "社員証" in early.screen_.accessibleName()

    QTest.keyClicks(early, badge_payloads()["W003"])
    QTest.keyClick(early, Qt.Key.Key_Return)
    assert len(early.keys) > 10  # kept, not handled yet

    st = make_station(demo_db)
    assert st.flow.state == State.SIGN_IN
    boot.hand_over(st.window)
    qtbot.waitUntil(lambda: st.flow.state in (State.MY_JOBS, State.STEP), timeout=5000)
    assert st.flow.actor is not None and st.flow.actor.worker == "W003"
    assert boot._boot is None
