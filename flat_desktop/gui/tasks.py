"""Run work off the GUI thread; the result comes back to the GUI thread.

The worker function never touches a widget; it gets plain arguments and returns plain
data (views, codes), never ORM objects.

Every result travels through one courier object that lives as long as the program, so a
worker thread never emits on an object a closing window has deleted. A task belongs to an
owner (a window, a tab, a feed): when the owner is gone, or has stopped its tasks with
``stop_tasks`` because it is closing, the result is dropped quietly on arrival.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot


@dataclass
class _Pending:
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None] | None
    owner: QObject | None


class _Courier(QObject):
    """Lives on the GUI thread for the whole run; worker threads emit on it, Qt queues the call."""

    arrived = Signal(int, bool, object)

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[int, _Pending] = {}
        self.arrived.connect(self._deliver)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, value: object) -> None:
        task = self.pending.pop(task_id, None)
        if task is None:  # stopped by its owner
            return
        if task.owner is not None and not shiboken6.isValid(task.owner):
            return  # the owner's window is gone
        if ok:
            task.on_done(value)
        elif task.on_error is not None:
            assert isinstance(value, Exception)
            task.on_error(value)


_courier: _Courier | None = None
_ids = itertools.count(1)  # run_task is called on the GUI thread only


def _the_courier() -> _Courier:
    global _courier
    if _courier is None or not shiboken6.isValid(_courier):
        _courier = _Courier()
        app = QCoreApplication.instance()
        if app is not None:
            _courier.moveToThread(app.thread())
    return _courier


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], courier: _Courier, task_id: int) -> None:
        super().__init__()
        self.fn = fn
        self.courier = courier
        self.task_id = task_id

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the GUI thread, which decides what to show
            self.courier.arrived.emit(self.task_id, False, exc)
        else:
            self.courier.arrived.emit(self.task_id, True, result)


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    *,
    parent: QObject | None = None,
) -> int:
    """Run ``fn`` on the shared thread pool; call ``on_done(result)`` or ``on_error(exc)`` on the GUI thread.

    ``parent`` owns the task: once it is deleted, or ``stop_tasks`` was called for it or one
    of its ancestors, the result is dropped. Returns the task's number.
    """
    courier = _the_courier()
    task_id = next(_ids)
    courier.pending[task_id] = _Pending(on_done, on_error, parent)
    QThreadPool.globalInstance().start(_Task(fn, courier, task_id))
    return task_id


def _within(obj: QObject | None, ancestor: QObject) -> bool:
    while obj is not None and shiboken6.isValid(obj):
        if obj is ancestor:
            return True
        obj = obj.parent()
    return False


def stop_tasks(owner: QObject) -> int:
    """Drop the results of every task still running for ``owner`` or anything inside it (it is
    closing); returns how many were dropped. The work itself finishes on its thread."""
    if _courier is None:
        return 0
    gone = [tid for tid, task in _courier.pending.items()
            if task.owner is not None and (not shiboken6.isValid(task.owner) or _within(task.owner, owner))]
    for tid in gone:
        del _courier.pending[tid]
    return len(gone)


def tasks_pending(owner: QObject | None = None) -> int:
    """How many tasks have not delivered yet (for ``owner`` and what is inside it, or all)."""
    if _courier is None:
        return 0
    if owner is None:
        return len(_courier.pending)
    return sum(1 for task in _courier.pending.values() if _within(task.owner, owner))


def wait_for_running(timeout_ms: int = 3000) -> bool:
    """Let work already on its threads finish (a window closing before its database is closed:
    a read still holding a connection would otherwise be cut off mid-way). True when all ended."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
