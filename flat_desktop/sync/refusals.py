"""Events the server refuses, and how the consoles hear of them.

One event the server cannot store (a value too long for its column, a NUL character that
PostgreSQL text cannot hold, a reference it does not know) must not stop the work behind it.
The engine sends it alone, twice, to be sure the refusal is about that event and not about
the network; then it is set aside at the station (``sync_refused`` in the cache, with the
server's words), the rest keeps flowing, the station's status strip counts it, and a
``sync_refused`` event is stored on the server: an alert on every console (kind "refused")
that stays until a supervisor answers it. Nothing is dropped: the event stays in the cache
and ``cache.send_refused_again`` queues it again once the server is fixed.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError

from flat_desktop.config import fit_station_name
from flat_desktop.errors import DatabaseUnavailable, EventRefused, FlatError
from flat_desktop.events import EventType, NewEvent, printable

# What the server says about one event's values (as opposed to the network or the server
# being gone, or the server refusing everything: those keep the outbox and retry).
REFUSALS = (DataError, IntegrityError, LookupError, ValueError, TypeError, FlatError)
_REPORT_NS = uuid.UUID("5f0c7d1e-9b1a-4a53-8f3e-2d6a1c0b7e41")


# The server refusing this station as a whole (its login is bound to another name, or it is not
# registered): every event would be refused, so none is set aside; the outbox waits for the fix.
STATION_REFUSALS = frozenset({"wrong_station", "unregistered_station", "not_bound"})


def is_refusal(exc: BaseException) -> bool:
    """Whether ``exc`` is the server refusing one event (to be set aside), not the station or the network."""
    if isinstance(exc, EventRefused) and exc.reason in STATION_REFUSALS:
        return False
    return isinstance(exc, REFUSALS) and not isinstance(exc, DatabaseUnavailable)


def error_text(exc: BaseException) -> str:
    """The server's own words, one line, printable (SQLAlchemy adds the statement and its
    parameters, which may hold the very character that was refused)."""
    orig = getattr(exc, "orig", None) or exc
    words = str(orig).strip().splitlines()
    return printable(f"{type(orig).__name__}: {words[0] if words else ''}", 300)


def _fits(value: str | None, size: int) -> str | None:
    return value if value is not None and len(value) <= size and printable(value) == value else None


def report(ev: NewEvent, error: str, station: str) -> NewEvent:
    """The ``sync_refused`` alert for ``ev``: every value cleaned so that the report itself
    can always be stored, and an id made from the refused event's, so it is stored once."""
    step = ev.step if isinstance(ev.step, int) and 0 <= ev.step < 2**31 else None
    data: dict[str, Any] = {
        "kind": "refused",
        "event": printable(str(ev.id), 40),
        "event_type": printable(str(ev.type), 40),
        "error": printable(error, 300),
        "station": printable(ev.station or "", 100),
        "worker": printable(ev.worker or "", 40),
        "job": printable(ev.job or "", 40),
        "step": step,
        "at": ev.at.isoformat(),
    }
    return NewEvent(
        EventType.SYNC_REFUSED,
        station=fit_station_name(station),
        worker=_fits(ev.worker, 16),
        job=_fits(ev.job, 20),
        step=step,
        data=data,
        id=str(uuid.uuid5(_REPORT_NS, str(ev.id))),
    )
