"""Migrations: upgrade from empty on SQLite and PostgreSQL, and the models match the migrations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from flat_desktop.db import Database, migrate
from flat_desktop.db.models import Base
from tests.helpers.postgres import temp_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        yield db
        db.dispose()
    else:
        with temp_database() as url:
            db = Database(url)
            yield db
            db.dispose()


def test_upgrade_from_empty_reaches_head(fresh: Database) -> None:
    """An empty database is brought to the newest revision by `db upgrade`."""
    assert migrate.current(fresh) is None
    migrate.upgrade(fresh)
    assert migrate.current(fresh) == migrate.head()
    assert not migrate.needs_upgrade(fresh)


def test_models_match_migrations(fresh: Database) -> None:
    """After upgrading, autogenerate finds no difference: every model change has a migration."""
    migrate.upgrade(fresh)
    with fresh.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    """The embedded database uses WAL and enforces foreign keys."""
    db = Database(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()
