"""Scans the station refuses are recorded too (``scan_rejected``), in their own transaction."""

from __future__ import annotations

from flat_desktop.config import fit_station_name
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.errors import FlatError
from flat_desktop.events import EventType, NewEvent, printable
from flat_desktop.services.context import Actor


def reject(
    db: Database,
    actor: Actor | None,
    raw: str,
    error: FlatError | str,
    *,
    station: str | None = None,
    job: str | None = None,
    step: int | None = None,
) -> None:
    reason = error.reason if isinstance(error, FlatError) else error
    with db.session() as s:
        record(
            s,
            NewEvent(
                EventType.SCAN_REJECTED,
                station=actor.station if actor else fit_station_name(station) if station else None,
                worker=actor.worker if actor else None,
                job=job,
                step=step,
                data={"raw": printable(raw, 100), "reason": printable(reason, 100)},  # a NUL cannot be stored
            ),
        )
