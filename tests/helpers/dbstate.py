"""Snapshot every table, to prove that a rejected operation changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from flat_desktop.db import Database
from flat_desktop.db.models import Base


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for name, table in Base.metadata.tables.items():
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[name] = [tuple(r) for r in rows]
    return out
