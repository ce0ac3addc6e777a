"""Fixtures for widget tests: offscreen Qt, a styled application, and a leak check."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from flat_desktop.gui import collector

# Before the QApplication exists (pytest-qt creates it in the qapp fixture).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _active_timers() -> list[QTimer]:
    timers = []
    for obj in gc.get_objects():
        try:
            if isinstance(obj, QTimer) and obj.isActive() and obj.objectName() != collector.TIMER_NAME:
                timers.append(obj)
        except RuntimeError:  # the C++ object is already gone
            continue
        except ReferenceError:  # a weak proxy (some libraries keep them) whose object is gone
            continue
    return timers


@pytest.fixture(autouse=True)
def no_leftovers(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves a top-level widget, an active timer or a thread behind.

    Set up before ``qtbot``, so it checks after qtbot has closed the widgets it was given.
    """
    widgets_before = set(map(id, qapp.topLevelWidgets()))
    threads_before = threading.active_count()
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()
    left = [w for w in qapp.topLevelWidgets() if id(w) not in widgets_before]
    assert not left, f"top-level widgets left behind: {left}"
    assert not _active_timers(), "a QTimer is still running"
    assert threading.active_count() <= threads_before, "a thread was left running"


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    """The application in the default theme at 24 pt; the plain look is restored afterwards."""
    from flat_desktop.gui import style
    from flat_desktop.themes import DEFAULT_THEME

    style.apply_style(qapp, DEFAULT_THEME, 24)
    yield qapp
    qapp.setStyleSheet("")
    qapp.setPalette(QPalette())
    style.apply_style(qapp, DEFAULT_THEME, style.WORKER_DEFAULT_PT)
    qapp.setStyleSheet("")
