"""The board's search from the keyboard: Ctrl+F, a filter or a prefix, Enter, Down into the
results, Enter brings the job onto the board, Esc back; the query runs off the GUI thread and a
late answer to an older query is dropped."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board
from flat_desktop.services.board import FoundJob


def _answered(qtbot: QtBot, win: ConsoleWindow) -> None:
    finder = win.board.finder
    qtbot.waitUntil(lambda: finder.answered == finder.asked, timeout=10_000)


def _worker_with_jobs(win: ConsoleWindow) -> str:
    return next(j.assignee for j in board.jobs(win.ctx.db, win.ctx.actor) if j.assignee)


def test_ctrl_f_a_prefix_enter_down_enter_brings_the_job_onto_the_board(qtbot: QtBot, console: ConsoleWindow) -> None:
    """From a column, Ctrl+F puts the cursor in the search; worker:CODE and Enter lists only
    that worker's jobs; Down and Enter select the first onto the board; Esc Esc returns."""
    tab = console.board
    console.show()
    qtbot.waitExposed(console)
    console.windowHandle().requestActivate()  # shortcuts reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console)
    col = tab.columns["received"]
    col.setFocus()
    qtbot.keyClick(col, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert console.focusWidget() is tab.search_field
    who = _worker_with_jobs(console)
    qtbot.keyClicks(tab.search_field, f"worker:{who}")
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Return)
    _answered(qtbot, console)
    assert tab.found and {f.job.assignee for f in tab.found} == {who}
    assert not tab.results.isHidden()
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Down)
    assert console.focusWidget() is tab.results and tab.results.currentRow() == 0
    first = tab.found[0].job.code
    qtbot.keyClick(tab.results, Qt.Key.Key_Return)
    assert tab.results.isHidden()
    assert tab.column_of(first) is not None or board.job(console.ctx.db, first).status == "cancelled"
    tab.search_field.setFocus()
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Escape)  # clears
    assert tab.search_field.text() == "" and tab.results.isHidden()
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Escape)  # back to the board
    assert console.focusWidget() is tab.focused_column()


def test_the_filter_list_narrows_plain_words_to_one_field(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Choosing "Worker" in the list (arrow keys) searches the typed code in the worker only:
    the same as the prefix; "Job code" with a worker's code finds nothing."""
    tab = console.board
    who = _worker_with_jobs(console)
    finder = tab.finder
    finder.filter.setFocus()
    for _ in range(5):
        qtbot.keyClick(finder.filter, Qt.Key.Key_Down)
    assert finder.filter.currentData() == "worker"
    tab.search_field.setFocus()
    qtbot.keyClicks(tab.search_field, who)
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Return)
    _answered(qtbot, console)
    assert tab.found and {f.job.assignee for f in tab.found} == {who}
    for _ in range(4):
        qtbot.keyClick(finder.filter, Qt.Key.Key_Up)
    assert finder.filter.currentData() == "code"
    _answered(qtbot, console)  # changing the filter searches again
    assert tab.found == []


def test_the_search_runs_off_the_gui_thread_and_a_late_older_answer_is_dropped(
        qtbot: QtBot, console: ConsoleWindow, monkeypatch: Any) -> None:
    """The first query is held on its thread until the second has answered: the screen shows
    the second's results, and the first's, arriving later, change nothing."""
    tab = console.board
    real = board.search
    held = threading.Event()
    threads: list[bool] = []

    def search(db: Any, actor: Any, text: str, **kw: Any) -> list[FoundJob]:
        threads.append(threading.current_thread() is threading.main_thread())
        if text == "slow":
            held.wait(10)
            text = "J"  # would list many jobs
        return real(db, actor, text, **kw)

    monkeypatch.setattr(board, "search", search)
    first = tab.search("slow")
    assert tab.finder.answered < first  # nothing yet: the GUI thread did not wait
    who = _worker_with_jobs(console)
    second = tab.search(f"worker:{who}")
    qtbot.waitUntil(lambda: tab.finder.answered == second, timeout=10_000)
    shown = [f.job.code for f in tab.found]
    held.set()
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=10_000)
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(0)  # deliver the late answer, if any
    assert [f.job.code for f in tab.found] == shown
    assert {f.job.assignee for f in tab.found} == {who}
    assert threads == [False, False]


def test_a_pause_in_typing_searches_without_scolding(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Typing starts the pause timer; its slot (called here, no waiting) searches quietly: no
    "no job matches" while a word is still being typed. Enter on the same words says so."""
    tab = console.board
    finder = tab.finder
    tab.search_field.setFocus()
    qtbot.keyClicks(tab.search_field, "zzzq")
    assert finder._pause.isActive()
    finder._pause.stop()
    finder._pause.timeout.emit()
    _answered(qtbot, console)
    assert tab.found == [] and "zzzq" not in console.message.text()
    qtbot.keyClick(tab.search_field, Qt.Key.Key_Return)
    _answered(qtbot, console)
    assert "zzzq" in console.message.text() and not console.message.isHidden()


def test_ctrl_f_from_anywhere_shows_the_board_and_its_search(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Right after sign-in no column has the focus, and a supervisor may be on another tab:
    Ctrl+F still finds a job (the board comes to the front with the cursor in its search)."""
    console.show()
    qtbot.waitExposed(console)
    console.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console)
    console.tabs.setCurrentWidget(console.orders)
    console.tabs.tabBar().setFocus()
    qtbot.keyClick(console.tabs.tabBar(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert console.tabs.currentWidget() is console.board
    assert console.focusWidget() is console.board.search_field
