"""The change feed's reading side: what happened after a given event sequence number.

Screens remember the last ``seq`` they applied and ask for what came after it, so they
update the changed job only, and a PC that was away catches up exactly.
"""

from __future__ import annotations

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.services.views import EventView


def last_seq(db: Database) -> int:
    with db.reader() as s:
        return queries.last_seq(s)


def since(db: Database, seq: int, limit: int = 500) -> list[EventView]:
    with db.reader() as s:
        return [EventView.of(e) for e in queries.events(s, after_seq=seq, limit=limit)]
