"""Cycles are collected on the GUI thread only, never on a worker thread that happens to allocate
when a collection is due: a cycle freed there may hold a widget, whose timers Qt cannot stop
from another thread (the GUI thread later crashed on the dead timer)."""

from __future__ import annotations

import gc
import threading
from typing import Any

from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from flat_desktop.gui import collector


def _make_cycles(n: int) -> None:
    for _ in range(n):
        a: list[Any] = []
        a.append(a)


def test_a_worker_thread_never_starts_a_collection(qapp: QApplication) -> None:
    collector.take_over(qapp)
    started_on: list[int] = []

    def seen(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            started_on.append(threading.get_ident())

    gc.callbacks.append(seen)
    try:
        worker = threading.Thread(target=_make_cycles, args=(20 * gc.get_threshold()[0],))
        worker.start()
        worker.join()
        assert worker.ident not in started_on
        assert collector.collect_due() > 0  # what was due is collected here instead
        assert started_on == [threading.get_ident()]
    finally:
        gc.callbacks.remove(seen)


def test_the_gui_thread_frees_a_widget_held_in_a_cycle(qapp: QApplication, qtbot: QtBot) -> None:
    collector.take_over(qapp)
    freed_on: list[int] = []
    field = QLineEdit()
    field.destroyed.connect(lambda: freed_on.append(threading.get_ident()))
    field.keep = [field]  # type: ignore[attr-defined]  # only a collection frees it
    del field
    worker = threading.Thread(target=_make_cycles, args=(20 * gc.get_threshold()[0],))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5 * collector.INTERVAL_MS)  # the collector's tick
    assert freed_on == [threading.get_ident()]


def test_nothing_is_due_right_after_a_collection(qapp: QApplication) -> None:
    collector.take_over(qapp)
    gc.collect()
    assert collector.collect_due() == 0
