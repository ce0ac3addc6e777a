"""Engine and sessions. One Session per user action, never shared between threads."""

from __future__ import annotations

import errno
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from flat_desktop.errors import ConfigError, DatabaseUnavailable, quoted
from flat_desktop.i18n import _

URL_QUOTE_MAX = 120


def masked(url: str) -> str:
    """``url`` for messages: the password (``:secret@``) replaced by ``***``, even in a URL
    that cannot be parsed."""
    return re.sub(r"(?<=:)[^:/@]*(?=@)", "***", url)


# The drivers the station is built and tested with (the console listens with psycopg's LISTEN).
DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg")


def _use_hint() -> str:
    return _("Use sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE.")


def parse_url(url: str) -> URL:
    """A checked database URL; ConfigError says what is wrong with a bad one."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number, as in "@[::1"
        raise ConfigError(
            _("The database URL is not valid: {url}").format(url=quoted(masked(url), URL_QUOTE_MAX)), _use_hint()
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(
            _("The database type '{backend}' is not supported.").format(backend=quoted(backend)), _use_hint()
        )
    if parsed.drivername not in DRIVERS:
        raise ConfigError(
            _("The database driver '{driver}' is not supported.").format(driver=quoted(parsed.drivername)),
            _use_hint(),
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        _check_sqlite_path(parsed.database)
    return parsed


def _check_sqlite_path(database: str | None) -> None:
    if not database or database == ":memory:":
        # A database in memory is gone when the program ends: nothing done there would be kept.
        raise ConfigError(_("The database URL names no file."), _("Use sqlite:///PATH, e.g. sqlite:///flat.sqlite3."))
    path = Path(database).expanduser()
    try:
        folder_there = path.parent.is_dir()
        is_folder = path.is_dir()
    except OSError as exc:  # e.g. a path longer than the system allows
        if exc.errno == errno.ENAMETOOLONG:
            raise ConfigError(
                _("The path of the database file is too long: {path}").format(path=quoted(database)),
                _("Choose a shorter path."),
            ) from None
        raise ConfigError(
            _("The path of the database file cannot be used: {path} ({error})").format(
                path=quoted(database), error=exc.strerror
            ),
            _("Choose another path."),
        ) from None
    if not folder_there:
        raise ConfigError(
            _("The folder for the database file does not exist: {path}").format(path=quoted(path.parent)),
            _("Create the folder or choose another path."),
        )
    if is_folder:
        raise ConfigError(
            _("{path} is a folder, not a database file.").format(path=quoted(path)),
            _("Name the database file inside it, e.g. sqlite:///{path}/flat.sqlite3.").format(path=quoted(path)),
        )


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Take over BEGIN from pysqlite so that write sessions can BEGIN IMMEDIATE (below).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("flat_write") else "BEGIN")


class Database:
    """The station's database: an engine, a session factory and a way to check it is reachable."""

    def __init__(self, url: str | URL, *, echo: bool = False, connect_timeout: int = 5) -> None:
        self.url = parse_url(url) if isinstance(url, str) else url
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.is_sqlite:
            # The ledger serialises its own writes; SQLite locks the file across threads.
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            kwargs["connect_args"] = {"connect_timeout": connect_timeout}
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise ConfigError(
                _("The database URL cannot be used: {error}").format(error=quoted(exc, URL_QUOTE_MAX)), _use_hint()
            ) from None
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        # Write sessions take SQLite's write lock at BEGIN, so that a read-then-write
        # transaction never fails halfway when another process wrote in between.
        self._sessions = sessionmaker(self.engine.execution_options(flat_write=True), expire_on_commit=False)
        self._readers = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work that may write: commits on success, rolls back on any error."""
        with self._open(self._sessions) as s:
            yield s

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only unit of work (never takes the write lock)."""
        with self._open(self._readers) as s:
            yield s

    @contextmanager
    def _open(self, factory: sessionmaker[Session]) -> Iterator[Session]:
        s = factory()
        try:
            with s.begin():
                yield s
        except OperationalError as exc:
            raise unavailable(self, exc) from exc
        finally:
            s.close()

    def check(self) -> None:
        """Connect once; DatabaseUnavailable says which server failed and how."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            raise unavailable(self, exc) from exc
        except DatabaseError as exc:  # SQLite: a file that is not a database (or is damaged)
            raise ConfigError(
                _("{path} is not a database file ({error}).").format(
                    path=quoted(self.url.database or self.display_url), error=_first_line(exc)
                ),
                _("Check the path in the database URL: it must name the station's database file."),
            ) from None

    def dispose(self) -> None:
        self.engine.dispose()


def _first_line(exc: Exception) -> str:
    said = str(getattr(exc, "orig", exc)).strip()
    return quoted(said.splitlines()[0], 200) if said else type(exc).__name__


# What a driver's (English) message means, by the words in it; the first match wins.
_TROUBLES = (
    ("refused", ("connection refused",)),
    ("unknown_host", ("failed to resolve host", "could not translate host name", "name or service not known",
                      "nodename nor servname", "temporary failure in name resolution", "no address associated")),
    ("password", ("password authentication failed", "no password supplied", "password is required")),
    ("no_database", ("database \"",)),  # database "x" does not exist
    ("no_user", ("role \"",)),  # role "x" does not exist
    ("timeout", ("timeout expired", "timed out")),
    ("locked", ("database is locked",)),
    ("cannot_open", ("unable to open database file",)),
    ("lost", ("server closed the connection", "connection is lost", "terminating connection", "ssl syscall",
              "consuming input failed", "connection not open")),
)
_log = logging.getLogger(__name__)


def trouble_of(exc: Exception) -> str:
    """What went wrong connecting, in one word (``refused``, ``unknown_host``, ``password``,
    ``no_database``, ``no_user``, ``timeout``, ``locked``, ``cannot_open``, ``lost``, ``other``)."""
    said = str(getattr(exc, "orig", None) or exc).lower()
    for kind, words in _TROUBLES:
        if any(w in said for w in words) and (kind not in ("no_database", "no_user") or "does not exist" in said):
            return kind
    return "other"


def _server(db: Database) -> str:
    if db.is_sqlite:
        return quoted(db.url.database or db.display_url, URL_QUOTE_MAX)
    host = db.url.host or "localhost"
    return f"{host}:{db.url.port or 5432}"


def unavailable(db: Database, exc: Exception) -> DatabaseUnavailable:
    """The refusal shown for a database that cannot be used: what is wrong and what to do, in
    the user's language. The driver's own words (English) go to the log, not on the screen."""
    kind = trouble_of(exc)
    _log.warning("database %s unavailable (%s): %s", db.display_url, kind, _first_line(exc))
    server, url = _server(db), quoted(db.display_url, URL_QUOTE_MAX)
    where = _("the database URL (--db, FLAT_DB or the settings file)")
    said = {
        "refused": (_("The database server {server} does not accept connections: it is not running, or the "
                      "address or port is wrong.").format(server=server),
                    _("Check that the database server is running and that the host and port in {where} are "
                      "right, then start again.").format(where=where)),
        "unknown_host": (_("The database server's name {host} is not known on this network.").format(
                             host=quoted(db.url.host or "", 80)),
                         _("Check the host name in {where} and the PC's network connection, then start "
                           "again.").format(where=where)),
        "password": (_("The database server {server} refused the user name or password.").format(server=server),
                     _("Check the user name and password in {where}; the person who set up the server has "
                       "them.").format(where=where)),
        "no_database": (_("There is no database {name} on the server {server}.").format(
                            name=quoted(db.url.database or "", 80), server=server),
                        _("Check the database name in {where}; a new station database is made by flat-desktop "
                          "db upgrade --db URL.").format(where=where)),
        "no_user": (_("The database server {server} does not know the user {user}.").format(
                        server=server, user=quoted(db.url.username or "", 80)),
                    _("Check the user name in {where}; the person who set up the server has it.").format(
                        where=where)),
        "timeout": (_("The database server {server} did not answer in time.").format(server=server),
                    _("Check the network connection to the server, then try again.")),
        "locked": (_("The database file {path} is busy in another program.").format(path=server),
                   _("Wait a moment and try again; close other programs that use the file.")),
        "cannot_open": (_("The database file {path} cannot be opened.").format(path=server),
                        _("Check that the folder exists and that this user may write in it.")),
        "lost": (_("The connection to the database server {server} was lost.").format(server=server),
                 _("Check the network and the server, then try again.")),
    }.get(kind, (_("Cannot use the database {url}.").format(url=url),
                 _("Check that the database server is running and that {where} is right, then try again. "
                   "The details are in the log.").format(where=where)))
    return DatabaseUnavailable(*said)
