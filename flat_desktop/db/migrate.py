"""Schema migrations (Alembic), run from code: ``flat-desktop db upgrade`` and at start-up."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from flat_desktop.db import roles
from flat_desktop.db.database import Database
from flat_desktop.errors import ConfigError
from flat_desktop.i18n import _

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head() -> str:
    rev = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert rev is not None
    return rev


def current(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def refuse_a_newer_schema(db: Database) -> None:
    """ConfigError when ``db`` is at a revision this program does not know: a newer version of
    flat-desktop made it, and this one must neither use nor "upgrade" it."""
    rev = current(db)
    if rev is None:
        return
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(rev)
    except CommandError:
        raise ConfigError(
            _("The database {url} was made by a newer version of flat-desktop (schema {rev}).").format(
                url=db.display_url, rev=rev),
            _("Install the newer version of flat-desktop on this PC."),
        ) from None


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate to ``revision``; on PostgreSQL also (re)install the station's functions."""
    refuse_a_newer_schema(db)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        if conn.dialect.name == "postgresql" and revision == "head":
            roles.install_functions(conn)


def needs_upgrade(db: Database) -> bool:
    refuse_a_newer_schema(db)
    if current(db) != head():
        return True
    if db.is_sqlite:
        return False
    with db.engine.connect() as conn:
        return not roles.functions_current(conn)


def revision(db: Database, message: str) -> None:
    """Developer helper: autogenerate a new revision against ``db`` (at head)."""
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
