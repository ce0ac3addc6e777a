"""The station's local SQLite cache: the same schema as the server, plus its sync tables.

``sync_outbox`` lists the events made on this PC that the server has not confirmed yet, in
the order they were made; ``sync_refused`` keeps the ones the server refused (set aside with
its error, so one bad event never blocks the rest; none is dropped); ``sync_state`` keeps the
server's last seq seen here and the id of the event at that seq (a server restored from a
backup no longer has it). They live only in the cache (they are not part of the Alembic
schema the server has); ``open_cache`` creates any that an older cache lacks.

An event enters the outbox in the same transaction that stores it, through a mapper hook,
so the services need not know about syncing, and a crash can never leave an event that is
stored but not queued. Events copied from the server are written in a session marked
``PULLED`` and are never queued.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    MetaData,
    String,
    Table,
    Text,
    delete,
    event,
    func,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapper, Session, object_session

from flat_desktop.db import migrate
from flat_desktop.db.database import Database
from flat_desktop.db.models import Event

PULLED = "sync_pulled"  # Session.info flag: these events came from the server
SERVER_SEQ = "server_seq"
SERVER_MARK = "server_seq_event"  # the id of the server's event at SERVER_SEQ

meta = MetaData()
outbox = Table(
    "sync_outbox",
    meta,
    Column("local_seq", BigInteger, primary_key=True),  # the event's seq in this cache: the order to send
    Column("event_id", String(36), nullable=False, unique=True),
)
refused = Table(
    "sync_refused",
    meta,
    Column("local_seq", BigInteger, primary_key=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("type", String(32), nullable=False),
    Column("error", Text, nullable=False),
    Column("refused_at", String(40), nullable=False),
    Column("reported", Boolean, nullable=False, default=False),  # the consoles have been told
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


def refused_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(refused)).scalar_one())


def server_seq(db: Database) -> int | None:
    with db.engine.connect() as conn:
        value = conn.execute(select(state.c.value).where(state.c.key == SERVER_SEQ)).scalar_one_or_none()
    return None if value is None else int(value)


def server_mark(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return conn.execute(select(state.c.value).where(state.c.key == SERVER_MARK)).scalar_one_or_none()


def _set(conn: Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute(delete(state).where(state.c.key == key))
        return
    stmt = sqlite_insert(state).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=[state.c.key], set_={"value": value}))


def set_server_seq(conn: Connection, seq: int, mark: str | None) -> None:
    """The server's last seq seen here and the id of its event at that seq (None: no events)."""
    _set(conn, SERVER_SEQ, str(seq))
    _set(conn, SERVER_MARK, mark)


def forget_server(conn: Connection) -> None:
    """Fill the cache again from the server next round (outbox and set-aside events stay)."""
    conn.execute(delete(state).where(state.c.key.in_((SERVER_SEQ, SERVER_MARK))))


def forget_sent(conn: Connection, up_to_local_seq: int) -> None:
    conn.execute(delete(outbox).where(outbox.c.local_seq <= up_to_local_seq))


def set_aside(conn: Connection, local_seq: int, event_id: str, type_: str, error: str, at: str) -> None:
    """Move one event the server refused from the outbox to ``sync_refused`` (kept, with why)."""
    conn.execute(
        sqlite_insert(refused)
        .values(local_seq=local_seq, event_id=event_id, type=type_, error=error, refused_at=at, reported=False)
        .on_conflict_do_nothing()
    )
    conn.execute(delete(outbox).where(outbox.c.local_seq == local_seq))


def unreported(conn: Connection) -> list[dict[str, object]]:
    rows = conn.execute(select(refused).where(refused.c.reported.is_(False)).order_by(refused.c.local_seq))
    return [dict(r) for r in rows.mappings()]


def mark_reported(conn: Connection, local_seq: int) -> None:
    conn.execute(update(refused).where(refused.c.local_seq == local_seq).values(reported=True))


def send_refused_again(db: Database) -> int:
    """Put every set-aside event back into the outbox (after the server was fixed); returns how many."""
    with db.engine.begin() as conn:
        rows = conn.execute(select(refused.c.local_seq, refused.c.event_id)).all()
        if rows:
            conn.execute(
                sqlite_insert(outbox).on_conflict_do_nothing(),
                [{"local_seq": r.local_seq, "event_id": r.event_id} for r in rows],
            )
            conn.execute(delete(refused))
    return len(rows)
