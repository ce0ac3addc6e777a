"""Station PCs: each records a heartbeat so the console can show which PCs are online."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from flat_desktop import __version__
from flat_desktop.db import queries, roles
from flat_desktop.db.database import Database
from flat_desktop.db.models import StationPC, Worker
from flat_desktop.events import utcnow
from flat_desktop.services.views import StationPCView


def heartbeat(db: Database, name: str, kind: str = "station", *, now: dt.datetime | None = None) -> None:
    if kind == "station" and not db.is_sqlite:
        # Through the server's function: a station's login may not write the stations table.
        try:
            with db.session() as s:
                s.execute(select(func.flat_station_beat(name, __version__, now or utcnow())))
        except DBAPIError as exc:
            refused = roles.refusal(exc)
            if refused is None:
                raise
            raise refused from None
        return
    with db.session() as s:
        pc = queries.station(s, name)
        if pc is None:
            pc = StationPC(name=name, kind=kind)
            s.add(pc)
        pc.kind = kind
        pc.version = __version__
        pc.last_seen = now or utcnow()


HEARTBEAT_S = 30  # stations (gui/station/app.py HEARTBEAT_MS) and the sync engine beat this often
ONLINE_WITHIN_S = 2 * HEARTBEAT_S  # one missed beat is tolerated; two mean the PC is gone


def pcs(db: Database, *, now: dt.datetime | None = None) -> list[StationPCView]:
    """Every station PC and console with whether it is online (seen within two heartbeats)
    and who is signed in there."""
    now = now or utcnow()
    with db.reader() as s:
        present: dict[str, list[str]] = {}
        for w in s.scalars(select(Worker).where(Worker.present.is_(True)).order_by(Worker.code)):
            if w.station:
                present.setdefault(w.station, []).append(w.name)
        rows = s.scalars(select(StationPC).order_by(StationPC.kind.desc(), StationPC.name)).all()
        return [
            StationPCView(
                pc.name,
                pc.kind,
                pc.version,
                pc.last_seen,
                pc.last_seen is not None and (now - pc.last_seen).total_seconds() <= ONLINE_WITHIN_S,
                tuple(present.get(pc.name, ())),
            )
            for pc in rows
        ]
