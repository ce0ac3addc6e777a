"""My jobs at the largest text: every card can be reached with the keys, the number said is the
number of cards shown, and the "▶ Next" mark and the keyboard focus are always on one card."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt

from flat_desktop.services import board
from flat_desktop.station.context import State

from .conftest import SUPERVISOR, Driver, finish_running, set_profile


def test_every_card_is_reachable_at_72_pt_and_the_mark_follows_the_focus(demo_db, make_station, qtbot, tmp_path):
    """W006 reads at 72 pt and has seven jobs: arrow keys go through all seven cards and round
    again; the chosen card is the focused one, the only one marked "▶ Next", and scrolled into
    view; the greeting says seven."""
    finish_running(demo_db, "W006")
    set_profile(demo_db, "W006", text_pt=72)
    mine = [j for j in board.jobs(demo_db, SUPERVISOR, statuses=("assigned",)) if j.assignee == "W006"]
    for job in board.jobs(demo_db, SUPERVISOR, statuses=("received", "assigned")):
        if len(mine) >= 7:
            break
        if job.assignee != "W006":
            board.assign(demo_db, SUPERVISOR, job.code, "W006", override_reason="test")
            mine.append(job)
    st = make_station(demo_db)
    st.window.resize(1920, 1080)  # a station PC's screen
    st.window.activateWindow()  # focus events (Tab, a click) reach only the active window
    qtbot.waitUntil(st.window.isActiveWindow)
    d = Driver(st)
    d.badge("W006")
    assert st.flow.state == State.MY_JOBS
    screen = st.window.my_jobs
    cards = screen.cards
    assert len(cards) == len(st.flow.jobs) >= 7

    said = [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()]
    greeting = [r["text"] for r in said if r["kind"] == "speak"][-1]
    assert f"しごとが {len(cards)}こ あります" in greeting

    def check(i: int) -> None:
        qtbot.waitUntil(lambda: st.window.focusWidget() is cards[i])
        assert screen.chosen == i
        marked = [k for k, card in enumerate(cards) if card._next.isVisible()]
        assert marked == [i]
        assert cards[i].accessibleName().startswith("▶")
        # Shown whole inside the scrolling area, not below the buttons.
        viewport = screen._scroll.viewport()
        top = cards[i].mapTo(viewport, QPoint(0, 0)).y()
        assert top >= 0 and top + cards[i].height() <= viewport.height() + 1

    check(0)
    for i in range(1, len(cards)):
        d.key(Qt.Key.Key_Down)
        check(i)
    d.key(Qt.Key.Key_Down)
    check(0)  # round again
    d.key(Qt.Key.Key_Up)
    check(len(cards) - 1)
    d.key(Qt.Key.Key_Tab)  # Tab moves the focus: the mark goes with it
    check(0)
    qtbot.mouseClick(cards[2], Qt.MouseButton.LeftButton)  # so does a touch
    check(2)
    chosen = screen.jobs[screen.chosen].code
    d.key(Qt.Key.Key_Return)
    assert st.flow.state == State.STEP and st.flow.job.code == chosen
