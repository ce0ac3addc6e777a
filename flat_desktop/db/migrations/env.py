"""Alembic environment: runs on the connection handed in by flat_desktop.db.migrate."""

from __future__ import annotations

from alembic import context

from flat_desktop.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through flat_desktop.db.migrate (flat-desktop db upgrade)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
