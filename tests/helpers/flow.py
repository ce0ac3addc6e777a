"""The station flow without a display: a recorder stands in for the window."""

from __future__ import annotations

from typing import Any

from flat_desktop.profile import Profile
from flat_desktop.station.context import State


class Shown:
    """The flow's screens, as a list of what it asked for: ("show", State), ("error", message), ..."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.errors: list[tuple[str, str]] = []

    def show(self, state: State, data: Any) -> None:
        self.calls.append(("show", state))

    def error(self, message: str, hint: str) -> None:
        self.calls.append(("error", message))
        self.errors.append((message, hint))

    def error_cleared(self) -> None:
        self.calls.append(("error_cleared", None))

    def help_changed(self, open_: bool) -> None:
        self.calls.append(("help", open_))

    def profile_changed(self, profile: Profile | None) -> None:
        self.calls.append(("profile", profile))

    def help_answered(self, message: str) -> None:
        self.calls.append(("help_answered", message))

    def nudge(self, message: str) -> None:
        self.calls.append(("nudge", message))

    def speech_notice(self, message: str) -> None:
        self.calls.append(("speech_notice", message))

    def count_set(self, count: int) -> None:
        self.calls.append(("count_set", count))

    def ask(self, question: str) -> None:
        self.calls.append(("ask", question))
