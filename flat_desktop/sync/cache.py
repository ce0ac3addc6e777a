"""The station's local SQLite cache: the same schema as the server, plus two sync tables.

``sync_outbox`` lists the events made on this PC that the server has not confirmed yet, in
the order they were made; ``sync_state`` keeps the server's last seq seen here. Both live
only in the cache (they are not part of the Alembic schema the server has).

An event enters the outbox in the same transaction that stores it, through a mapper hook,
so the services need not know about syncing, and a crash can never leave an event that is
stored but not queued. Events copied from the server are written in a session marked
``PULLED`` and are never queued.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, MetaData, String, Table, delete, event, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapper, Session, object_session

from flat_desktop.db import migrate
from flat_desktop.db.database import Database
from flat_desktop.db.models import Event

PULLED = "sync_pulled"  # Session.info flag: these events came from the server
SERVER_SEQ = "server_seq"

meta = MetaData()
outbox = Table(
    "sync_outbox",
    meta,
    Column("local_seq", BigInteger, primary_key=True),  # the event's seq in this cache: the order to send
    Column("event_id", String(36), nullable=False, unique=True),
)
state = Table(
    "sync_state",
    meta,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)

# Pools of the open caches: an Event insert on any other engine (the server, a test's
# console) is not a station's own work.
_caches: dict[int, Database] = {}
_wakers: dict[int, Callable[[], None]] = {}
QUEUED = "sync_queued_pool"


def open_cache(path: Path) -> Database:
    """Open (creating if needed) the cache at ``path``, migrated to the newest schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    meta.create_all(db.engine)
    _caches[id(db.engine.pool)] = db
    return db


def close_cache(db: Database) -> None:
    _caches.pop(id(db.engine.pool), None)
    _wakers.pop(id(db.engine.pool), None)
    db.dispose()


def on_queued(db: Database, fn: Callable[[], None]) -> None:
    """Call ``fn`` (on the committing thread) after a transaction that queued events commits."""
    _wakers[id(db.engine.pool)] = fn


@event.listens_for(Event, "after_insert")
def _queue(mapper: Mapper[Any], connection: Connection, target: Event) -> None:
    if id(connection.engine.pool) not in _caches:
        return
    s = object_session(target)
    if s is not None and s.info.get(PULLED):
        return
    connection.execute(outbox.insert().values(local_seq=target.seq, event_id=target.id))
    if s is not None:
        s.info[QUEUED] = id(connection.engine.pool)


@event.listens_for(Session, "after_commit")
def _wake_sender(s: Session) -> None:
    pool = s.info.pop(QUEUED, None)
    fn = _wakers.get(pool) if pool is not None else None
    if fn is not None:
        fn()  # only sets a flag: the sending happens on the sync thread


@event.listens_for(Session, "after_rollback")
def _nothing_queued(s: Session) -> None:
    s.info.pop(QUEUED, None)


def waiting(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(outbox)).scalar_one())


def server_seq(db: Database) -> int | None:
    with db.engine.connect() as conn:
        value = conn.execute(select(state.c.value).where(state.c.key == SERVER_SEQ)).scalar_one_or_none()
    return None if value is None else int(value)


def set_server_seq(conn: Connection, seq: int) -> None:
    stmt = sqlite_insert(state).values(key=SERVER_SEQ, value=str(seq))
    conn.execute(stmt.on_conflict_do_update(index_elements=[state.c.key], set_={"value": str(seq)}))


def forget_sent(conn: Connection, up_to_local_seq: int) -> None:
    conn.execute(delete(outbox).where(outbox.c.local_seq <= up_to_local_seq))
