"""Console windows closed at the end of a test are collected then, on the GUI thread."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent


@pytest.fixture(autouse=True)
def _collect_closed_consoles() -> Iterator[None]:
    """Imported by a test module or conftest.py, this autouse fixture is set up before qtbot, so it
    runs after qtbot has closed the test's windows: the consoles' Python objects (a ConsoleContext
    owns its feed and timers) go now, whole, rather than a generation at a time at later tests'
    collections (flat_desktop/gui/collector.py keeps every collection on this thread)."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
