"""Database roles on the shared PostgreSQL server: each kind of client gets the least it needs.

- ``<prefix>_station`` (no login): what a station reads (never a PIN hash) and EXECUTE on the two
  functions in ``station.sql``, its only way to write. One login per station PC,
  ``<prefix>_station_<name>``, is a member and is bound to its station name (role comment
  ``flat.station=NAME``), so a station can only record its own events.
- ``<prefix>_console`` and ``<prefix>_cli``: read and write the data tables, no DDL.
- The database owner runs ``db upgrade`` (migrations, ``station.sql``) and ``db roles`` only.

``flat-desktop db roles --db OWNER_URL --station NAME ...`` makes or updates them; run it again
after ``db upgrade`` so that new tables get their grants.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from flat_desktop.db.database import Database
from flat_desktop.errors import ConfigError, EventRefused
from flat_desktop.i18n import _

SQL = Path(__file__).resolve().with_name("station.sql")
RECORD = "flat_station_record(jsonb)"
BEAT = "flat_station_beat(text, text, timestamptz)"
UNLOCK = "flat_station_pin_salt(text), flat_station_unlock(text, text)"  # closing a kiosk station
REFUSED = "42FL1"  # SQLSTATE of a station's refused event (class 42, access rule: never "offline")

# What a station reads (sync/snapshot.py); columns a station never sees.
STATION_READS = (
    "departments", "requesters", "job_types", "step_templates", "step_pictures", "workers", "skills", "machines",
    "routes", "route_stops", "jobs", "job_steps", "orders", "help_calls", "events", "alembic_version",
)
HIDDEN_FROM_STATIONS = {"workers": ("pin_hash", "pin_failures", "locked_until")}


def _ddl(conn: Connection, stmt: str) -> None:
    # The driver's cursor with no parameters: a '%' in a password or a name stays a '%'.
    cur = conn.connection.cursor()
    try:
        cur.execute(stmt)
    finally:
        cur.close()


def _sql_text() -> str:
    return SQL.read_text(encoding="utf-8")


def _fingerprint() -> str:
    return "flat:" + hashlib.sha256(_sql_text().encode()).hexdigest()[:16]


def install_functions(conn: Connection) -> None:
    """CREATE OR REPLACE the station's functions (run as the owner, after the migrations)."""
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    body = _sql_text().replace("@SCHEMA@", conn.dialect.identifier_preparer.quote(schema))
    # Many statements in one go; the '%' of RAISE formats is not a parameter.
    _ddl(conn, body)
    _ddl(conn, f"COMMENT ON FUNCTION {RECORD} IS '{_fingerprint()}'")


def functions_current(conn: Connection) -> bool:
    """Whether the installed station functions are this version's (False if missing)."""
    found = conn.execute(
        text("SELECT obj_description(to_regprocedure(:f), 'pg_proc')"), {"f": RECORD}
    ).scalar_one_or_none()
    return found == _fingerprint()


def refusal(exc: DBAPIError) -> EventRefused | None:
    """The station function's refusal in ``exc`` as a clear error, or None for any other error."""
    diag = getattr(exc.orig, "diag", None)
    if getattr(exc.orig, "sqlstate", None) != REFUSED or diag is None:
        return None
    reason = diag.message_hint or "refused"
    return EventRefused(
        _("The server refused an event from this station ({reason}).").format(reason=reason),
        _("Ask the administrator to check this station's name and database login."),
        reason=reason,
        event_id=diag.message_detail or "",
    )


# --- roles --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    """A login made or changed by ``make_roles``; ``url`` holds the password only when it was
    just set (it is shown once), else it holds none."""

    role: str
    kind: str  # station | console | cli
    station: str | None
    url: str
    new_password: bool


def role_name(prefix: str, station: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", station.lower()).strip("_") or "pc"
    return f"{prefix}_station_{slug}"[:63]


def _check_prefix(prefix: str) -> None:
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", prefix):
        raise ConfigError(
            _("The role prefix '{prefix}' cannot be used.").format(prefix=prefix),
            _("Use lower-case letters, digits and '_', starting with a letter."),
        )


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def make_roles(
    db: Database,
    *,
    stations: Sequence[tuple[str, str | None]] = (),
    console_password: str | None = None,
    cli_password: str | None = None,
    prefix: str = "flat",
) -> list[Login]:
    """Create or update the roles and their grants; ``stations`` are (name, password or None).

    A password that is not given is generated for a new login and kept for an existing one.
    Run with the owner's URL (the owner needs CREATEROLE).
    """
    if db.is_sqlite:
        raise ConfigError(
            _("Database roles are for a PostgreSQL server."), _("An embedded SQLite file needs no roles.")
        )
    _check_prefix(prefix)
    try:
        with db.engine.begin() as conn:
            return _make(conn, db, stations, console_password, cli_password, prefix)
    except ProgrammingError as exc:
        first = str(exc.orig).strip().splitlines()[0]
        raise ConfigError(
            _("The roles could not be made on {url}: {error}").format(url=db.display_url, error=first),
            _("Use the database owner's URL; the owner needs CREATEROLE (ask the server's administrator)."),
        ) from None


def _make(
    conn: Connection,
    db: Database,
    stations: Sequence[tuple[str, str | None]],
    console_password: str | None,
    cli_password: str | None,
    prefix: str,
) -> list[Login]:
    q = conn.dialect.identifier_preparer.quote
    schema = q(conn.execute(text("SELECT current_schema()")).scalar_one())
    if not functions_current(conn):
        install_functions(conn)

    def exists(role: str) -> bool:
        return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None

    logins: list[Login] = []

    def login(role: str, kind: str, station: str | None, password: str | None, member_of: str | None) -> None:
        new = not exists(role)
        if new:
            password = password or secrets.token_urlsafe(18)
            group = f" IN ROLE {q(member_of)}" if member_of else ""
            _ddl(conn, f"CREATE ROLE {q(role)} LOGIN PASSWORD {_literal(password)}{group}")
        elif password is not None:
            _ddl(conn, f"ALTER ROLE {q(role)} LOGIN PASSWORD {_literal(password)}")
        if member_of and not new:
            _ddl(conn, f"GRANT {q(member_of)} TO {q(role)}")
        url = db.url.set(username=role, password=password)
        logins.append(Login(role, kind, station, url.render_as_string(hide_password=password is None),
                            password is not None))

    group = f"{prefix}_station"
    console, cli = f"{prefix}_console", f"{prefix}_cli"
    if not exists(group):
        _ddl(conn, f"CREATE ROLE {q(group)} NOLOGIN")
    login(console, "console", None, console_password, None)
    login(cli, "cli", None, cli_password, None)
    for name, password in stations:
        role = role_name(prefix, name)
        login(role, "station", name, password, group)
        _ddl(conn, f"COMMENT ON ROLE {q(role)} IS {_literal('flat.station=' + name)}")
        # Registered here, by the owner: a station login cannot add a station row itself.
        conn.execute(
            text("INSERT INTO stations (name, kind, version) VALUES (:n, 'station', '') ON CONFLICT (name) DO NOTHING"),
            {"n": name},
        )

    tables = [
        r[0]
        for r in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        )
    ]
    grants = [
        f"GRANT USAGE ON SCHEMA {schema} TO {q(group)}, {q(console)}, {q(cli)}",
        # The station: reading only, from scratch each time.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {q(group)}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {q(group)}",
        # Console and CLI: data, not schema (they own nothing, so no DDL).
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {q(console)}, {q(cli)}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {q(console)}, {q(cli)}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES"
        f" TO {q(console)}, {q(cli)}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES"
        f" TO {q(console)}, {q(cli)}",
        f"GRANT EXECUTE ON FUNCTION {RECORD}, {BEAT}, {UNLOCK} TO {q(group)}, {q(console)}, {q(cli)}",
    ]
    if "alembic_version" in tables:  # migrations are the owner's
        grants.append(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {q(console)}, {q(cli)}")
    for table in STATION_READS:
        if table not in tables:
            continue
        hidden = HIDDEN_FROM_STATIONS.get(table)
        if hidden:
            cols = conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position"
                ),
                {"t": table},
            ).scalars()
            shown = ", ".join(q(c) for c in cols if c not in hidden)
            grants.append(f"GRANT SELECT ({shown}) ON {q(table)} TO {q(group)}")
        else:
            grants.append(f"GRANT SELECT ON {q(table)} TO {q(group)}")
    for stmt in grants:
        _ddl(conn, stmt)
    return logins
