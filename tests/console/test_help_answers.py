"""Help calls on the console: the bar names the newest caller, an answer records how the call
ended and a note, and a call left unanswered rings again on every console (the clock is given
to the slot, no real waiting)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flat_desktop.db.database import Database
from flat_desktop.errors import InvalidInput
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, help, people

from .conftest import sync, worker_actor


def _quiet(win: ConsoleWindow) -> None:
    for c in help.open_calls(win.ctx.db):
        help.answer(win.ctx.db, win.ctx.actor, c.id)


def _name(db: Database, code: str) -> str:
    return people.worker(db, code).name


def test_the_bar_names_the_newest_caller(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Two workers call: the bar names the one who called last (who just rang), with the other
    counted; its Answer answers that newest call."""
    _quiet(console)
    db = console.ctx.db
    first, second = worker_actor(db, "10003"), worker_actor(db, "10004")
    help.call(db, first)
    newest = help.call(db, second)
    sync(qtbot, console)
    text = console.help.bar_text.text()
    assert _name(db, second.worker or "") in text and _name(db, first.worker or "") not in text
    assert "1" in text.split("—")[-1]  # ほか 1 件
    dlg = console.help.answer_shown()
    assert dlg is not None
    qtbot.keyClick(dlg, Qt.Key.Key_Return)
    answered = [e for e in board.events(db) if e.type == "help_answered"][-1]
    assert answered.data["call"] == newest
    sync(qtbot, console)
    assert _name(db, first.worker or "") in console.help.bar_text.text()


def test_an_answer_records_its_outcome_and_note_typed_at_the_keyboard(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Answer, 3 (handed over), Tab, the note, Enter: help_answered carries both."""
    _quiet(console)
    db = console.ctx.db
    caller = worker_actor(db, "10003")
    call = help.call(db, caller)
    sync(qtbot, console)
    console.help.bar_answer.click()
    dlg = console.help.answering
    assert dlg is not None
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_3)
    assert dlg.outcome() == "handover"
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Tab)
    assert dlg.focusWidget() is dlg.note_field
    qtbot.keyClicks(dlg.note_field, "folder jam, 2nd time")  # digits in the note are the note's own
    assert dlg.outcome() == "handover"
    qtbot.keyClick(dlg.note_field, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert dlg.outcome() == "solved"
    qtbot.keyClick(dlg.note_field, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dlg.note_field, Qt.Key.Key_Return)
    answered = [e for e in board.events(db) if e.type == "help_answered"][-1]
    assert answered.data == {"call": call, "caller": caller.worker, "outcome": "later",
                             "note": "folder jam, 2nd time"}
    assert help.open_call_for(db, caller.worker or "") is None


def test_esc_leaves_the_call_open(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Esc in the answer dialog records nothing: the call is still waiting."""
    _quiet(console)
    db = console.ctx.db
    caller = worker_actor(db, "10003")
    help.call(db, caller)
    sync(qtbot, console)
    dlg = console.help.answer_shown()
    assert dlg is not None
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Escape)
    assert help.open_call_for(db, caller.worker or "") is not None
    assert not console.help.bar.isHidden()


def test_an_unanswered_call_rings_again_on_every_console(
        qtbot: QtBot, make_console: Callable[..., ConsoleWindow]) -> None:
    """After help_remind_s without an answer both consoles ring again and their bars say the
    call is still waiting; not before, once per interval, and no more once answered."""
    one, two = make_console("90001"), make_console("90002")
    _quiet(one)
    db = one.ctx.db
    caller = worker_actor(db, "10003")
    call = help.call(db, caller)
    help.call(db, worker_actor(db, "10004"))  # newer: the bar names it until the older one rings again
    for win in (one, two):
        sync(qtbot, win)
    called = next(c for c in help.open_calls(db) if c.id == call).called_at
    every = one.ctx.help_remind_s
    rings = {win: win.help.rings for win in (one, two)}
    for win in (one, two):
        assert win.help.remind(called + dt.timedelta(seconds=every - 1)) == []
        assert win.help.rings == rings[win]
    later = called + dt.timedelta(seconds=every + 1)
    for win in (one, two):
        win.help.tick(later)  # the clock's slot, given the time
        assert win.help.rings == rings[win] + 1
        assert not win.help.bar.isHidden()
        assert "まだ" in win.help.bar_text.text() and _name(db, caller.worker or "") in win.help.bar_text.text()
        assert win.help.remind(later) == []  # once per interval
        assert call in win.help.remind(called + dt.timedelta(seconds=2 * every + 1))
    third = worker_actor(db, "10005")
    help.call(db, third)  # a new call takes the bar back: the newest caller is named
    sync(qtbot, one)
    assert _name(db, third.worker or "") in one.help.bar_text.text() and "まだ" not in one.help.bar_text.text()
    assert call in one.help.remind(called + dt.timedelta(seconds=3 * every + 1))
    assert _name(db, caller.worker or "") in one.help.bar_text.text()
    dlg = one.help.answer_shown()
    assert dlg is not None and dlg.call_id == call
    # Being answered here: this console does not ring for it (the other caller still rings).
    assert call not in one.help.remind(called + dt.timedelta(seconds=4 * every + 1))
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Return)
    answered = [e for e in board.events(db) if e.type == "help_answered"][-1]
    assert answered.data["call"] == call
    sync(qtbot, two)
    assert call not in two.help.remind(called + dt.timedelta(seconds=10 * every))
    assert _name(db, caller.worker or "") not in one.help.bar_text.text()  # the answered call leaves the bar


def test_the_service_refuses_an_unknown_outcome_and_records_nothing(console: ConsoleWindow) -> None:
    """An outcome outside solved/later/handover (the command line, a bad caller) is refused."""
    _quiet(console)
    db = console.ctx.db
    caller = worker_actor(db, "10003")
    call = help.call(db, caller)
    before = len(board.events(db))
    with pytest.raises(InvalidInput):
        help.answer(db, console.ctx.actor, call, outcome="ignored")
    with pytest.raises(InvalidInput):
        help.answer(db, console.ctx.actor, call, note="x" * (help.NOTE_MAX + 1))
    assert len(board.events(db)) == before
    assert help.open_call_for(db, caller.worker or "") is not None
