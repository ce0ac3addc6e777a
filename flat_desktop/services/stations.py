"""Station PCs: each records a heartbeat so the console can show which PCs are online."""

from __future__ import annotations

import datetime as dt

from flat_desktop import __version__
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.models import StationPC
from flat_desktop.events import utcnow


def heartbeat(db: Database, name: str, kind: str = "station", *, now: dt.datetime | None = None) -> None:
    with db.session() as s:
        pc = queries.station(s, name)
        if pc is None:
            pc = StationPC(name=name, kind=kind)
            s.add(pc)
        pc.kind = kind
        pc.version = __version__
        pc.last_seen = now or utcnow()
