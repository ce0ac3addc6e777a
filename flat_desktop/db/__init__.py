"""The database layer: models, engine and sessions, the ledger, migrations and queries."""

from flat_desktop.db.database import Database

__all__ = ["Database"]
