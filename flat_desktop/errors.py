"""Errors the services raise: each names what is wrong and what to do next.

Messages are already translated (they are shown and spoken as they are). ``reason`` is
a stable machine word (for logs, ``scan_rejected`` payloads and tests).
"""

from __future__ import annotations


class FlatError(Exception):
    """Base class: ``message`` says what is wrong, ``hint`` what to do next."""

    reason = "error"

    def __init__(self, message: str, hint: str = "", *, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if reason:
            self.reason = reason

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class NotFound(FlatError):
    reason = "not_found"


class NotAllowed(FlatError):
    """The actor's role or the object's state does not allow the operation."""

    reason = "not_allowed"


class InvalidInput(FlatError):
    """A field, argument or scan is not valid. ``field`` names the form field, if any."""

    reason = "invalid"

    def __init__(self, message: str, hint: str = "", *, reason: str | None = None, field: str | None = None):
        super().__init__(message, hint, reason=reason)
        self.field = field


class NeedsConfirmation(FlatError):
    """The input is valid but unusual: ask the person, then call again with ``confirmed=True``."""

    reason = "needs_confirmation"


class Conflict(FlatError):
    """Someone else changed the object first (optimistic concurrency)."""

    reason = "conflict"


class ConfigError(FlatError):
    reason = "config"


class DatabaseUnavailable(FlatError):
    reason = "database_unavailable"


class EventRefused(NotAllowed):
    """The server refused an event from a station's outbox (``event_id``; ``reason`` says why)."""

    reason = "event_refused"

    def __init__(self, message: str, hint: str = "", *, reason: str | None = None, event_id: str = "") -> None:
        super().__init__(message, hint, reason=reason)
        self.event_id = event_id


QUOTE_MAX = 80


def quoted(value: object, limit: int = QUOTE_MAX) -> str:
    """``value`` (a code, path or URL someone typed) as a message may quote it: on one line, at
    most ``limit`` characters with the middle of a longer one left out (its start and end say
    most), and bytes that are not UTF-8 (a file name from the command line) shown as �, so the
    message can always be printed."""
    text = str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = "".join(c if c.isprintable() else " " for c in text)
    if len(text) > limit:
        head = (limit - 1) // 2
        text = f"{text[:head]}…{text[len(text) - (limit - 1 - head):]}"
    return text
