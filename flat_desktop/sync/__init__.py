"""Offline-safe stations: a local cache, an outbox and a sync engine (see ``station_link``).

The conflict rule for work that reaches the server late is written in ``conflicts``.
"""

from flat_desktop.sync.station_link import StationLink, open_station
from flat_desktop.sync.status import SyncStatus

__all__ = ["StationLink", "SyncStatus", "open_station"]
