"""Background tasks: a result reaches its owner on the GUI thread, and never a window that has
closed or been deleted while the work was still running."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QThreadPool
from PySide6.QtWidgets import QWidget

from flat_desktop.gui.tasks import run_task, stop_tasks, tasks_pending


def finish(qtbot, gate: threading.Event) -> None:
    """Let the held work finish and every queued delivery arrive."""
    gate.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(0)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)


def held(gate: threading.Event, value: object = 42):
    def work() -> object:
        assert gate.wait(5)
        return value
    return work


def test_the_result_arrives_on_the_gui_thread(qtbot):
    owner = QObject()
    got: list[tuple[object, bool]] = []
    gate = threading.Event()
    run_task(held(gate), lambda r: got.append((r, QThread.currentThread() is owner.thread())), parent=owner)
    assert tasks_pending(owner) == 1
    finish(qtbot, gate)
    assert got == [(42, True)]
    assert tasks_pending(owner) == 0


def test_an_error_goes_to_on_error(qtbot):
    gate = threading.Event()
    errors: list[Exception] = []

    def fail() -> None:
        gate.wait(5)
        raise ValueError("no")

    run_task(fail, lambda _r: pytest.fail("no result was made"), errors.append)
    finish(qtbot, gate)
    assert [str(e) for e in errors] == ["no"]


def test_a_deleted_owner_gets_nothing_and_nothing_breaks(qtbot):
    """The defect behind 'Signal source has been deleted': the window went away under a read."""
    window = QWidget()
    tab = QWidget(window)
    got: list[object] = []
    gate = threading.Event()
    run_task(held(gate), got.append, got.append, parent=tab)
    shiboken6.delete(window)  # the window and its tab are gone while the work runs
    assert not shiboken6.isValid(tab)
    finish(qtbot, gate)
    assert got == []
    assert tasks_pending() == 0


def test_a_closing_window_stops_the_tasks_of_everything_inside_it(qtbot):
    window = QWidget()
    tab = QWidget(window)
    other = QObject()
    got: list[str] = []
    gate = threading.Event()
    run_task(held(gate), lambda _r: got.append("tab"), parent=tab)
    run_task(held(gate), lambda _r: got.append("window"), parent=window)
    run_task(held(gate), lambda _r: got.append("other"), parent=other)
    assert stop_tasks(window) == 2
    finish(qtbot, gate)
    assert got == ["other"]
    window.deleteLater()
