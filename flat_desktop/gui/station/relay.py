"""The station flow's link to Qt: what the flow tells the window becomes signals, its
background reads become tasks and its waits become timers. No decisions are made here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from flat_desktop.gui.tasks import run_task
from flat_desktop.profile import Profile
from flat_desktop.station.context import State

T = TypeVar("T")


class FlowRelay(QObject):
    """Signals: ``screen(State, data)``, ``error_shown(message, hint)``, ``error_hidden()``,
    ``help_shown(bool)``, ``help_answer(message)``, ``nudged(message)``, ``speech_note(message)``
    ("" takes a nudge or a speech note away), ``profile_set(object)`` (a Profile, or None when signed out),
    ``count_shown(int)`` (a number typed for the step's counter), ``question(str)`` (the step
    asks before it is done: fewer counted than the target)."""

    screen = Signal(object, object)
    error_shown = Signal(str, str)
    error_hidden = Signal()
    help_shown = Signal(bool)
    help_answer = Signal(str)
    nudged = Signal(str)
    speech_note = Signal(str)
    profile_set = Signal(object)
    count_shown = Signal(int)
    question = Signal(str)

    # -- what the flow tells the screens ---------------------------------------------------

    def show(self, state: State, data: Any) -> None:
        self.screen.emit(state, data)

    def error(self, message: str, hint: str) -> None:
        self.error_shown.emit(message, hint)

    def error_cleared(self) -> None:
        self.error_hidden.emit()

    def help_changed(self, open_: bool) -> None:
        self.help_shown.emit(open_)

    def help_answered(self, message: str) -> None:
        self.help_answer.emit(message)

    def nudge(self, message: str) -> None:
        self.nudged.emit(message)

    def speech_notice(self, message: str) -> None:
        self.speech_note.emit(message)

    def profile_changed(self, profile: Profile | None) -> None:
        self.profile_set.emit(profile)

    def count_set(self, count: int) -> None:
        self.count_shown.emit(count)

    def ask(self, question: str) -> None:
        self.question.emit(question)

    # -- how the flow waits and reads off the GUI thread -----------------------------------

    def run(self, fn: Callable[[], T], on_done: Callable[[T], None],
            on_error: Callable[[Exception], None] | None = None) -> None:
        run_task(fn, on_done, on_error, parent=self)

    def later(self, ms: int, fn: Callable[[], None]) -> None:
        QTimer.singleShot(ms, self, fn)
