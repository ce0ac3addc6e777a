"""The sync engine of a station: one background thread between the cache and the server.

Each round (woken by a server notification, by a local commit that queued events, or every
``IDLE_S`` as a safety net):

1. first time only: copy master data, open jobs with their steps and history, and open help
   calls from the server, with the seq they correspond to (one REPEATABLE READ transaction);
2. push: send the outbox in order, in batches, each batch in one server transaction through
   ``send.send_batch`` (the server's ``flat_station_record`` checks, stores and applies them; an
   event already stored is skipped, so a resend after a crash is harmless), then forget the
   batch locally: every event reaches the server exactly once;
3. pull: replay the server's events after the last seen seq into the cache with
   ``record(maybe_seen=True)`` (our own events come back and are skipped). Replaying is right
   because the ledger is deterministic, and fast because it moves only what changed. Where a
   pushed event landed on the server after events this cache had not seen yet (the order
   differs), or a conflict was reported, the job is copied from the server afterwards, so the
   cache converges on the server's state; master data is copied again after ``master_changed``.

No Qt here; callbacks run on the sync thread and receive plain data only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import delete, func, select
from sqlalchemy.exc import InterfaceError, OperationalError

from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event
from flat_desktop.errors import DatabaseUnavailable, FlatError
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.services import stations
from flat_desktop.sync import cache, snapshot
from flat_desktop.sync.listener import BACKOFF_S, Listener
from flat_desktop.sync.send import send_batch
from flat_desktop.sync.status import SyncStatus

log = logging.getLogger(__name__)

IDLE_S = 2.0  # a round at least this often while online, in case a wake-up was missed
PUSH_BATCH = 200
PULL_BATCH = 2000
HEARTBEAT_S = 30.0
LOST = (OperationalError, InterfaceError, DatabaseUnavailable, OSError)  # the server or the network is gone


def _new_event(row: dict[str, Any]) -> NewEvent:
    known = row["type"] in EventType._value2member_map_
    kind = EventType(row["type"]) if known else cast(EventType, row["type"])  # a newer server's type
    return NewEvent(
        kind,
        station=row["station"],
        worker=row["worker"],
        job=row["job"],
        step=row["step"],
        machine=row["machine"],
        data=dict(row["data"] or {}),
        at=row["at"],
        id=row["id"],
    )


class SyncEngine:
    def __init__(self, local: Database, server: Database, station: str) -> None:
        self.local = local
        self.server = server
        self.station = station
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._dirty: set[str] = set()  # jobs to copy from the server after the next pull
        self._status = SyncStatus(waiting=cache.waiting(local), synced=cache.server_seq(local) is not None)
        self._lock = threading.Lock()
        self._status_fns: list[Callable[[SyncStatus], None]] = []
        self._change_fns: list[Callable[[], None]] = []
        self._last_beat = 0.0
        self._server_seq = cache.server_seq(local) or 0
        self.listener = Listener(server.url, self._notified, self._listening, name=f"flat-listen-{station}")
        self._thread = threading.Thread(target=self._run, name=f"flat-sync-{station}", daemon=True)
        cache.on_queued(local, self.wake)

    # --- control ----------------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()
        self.listener.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self.listener.stop(timeout)
        if self._thread.is_alive():
            self._thread.join(timeout)

    def wake(self) -> None:
        self._wake.set()

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def on_status(self, fn: Callable[[SyncStatus], None]) -> None:
        self._status_fns.append(fn)

    def on_change(self, fn: Callable[[], None]) -> None:
        """``fn()`` after server events were written into the cache (the feed should look now)."""
        self._change_fns.append(fn)

    # --- callbacks from the listener thread ---------------------------------------------

    def _notified(self, seq: int | None) -> None:
        if seq is None or seq > self._server_seq:
            self._wake.set()

    def _listening(self, up: bool) -> None:
        if not up:
            self._publish(online=False)
        self._wake.set()

    # --- the loop -------------------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        timeout = 0.0
        while not self._stop.is_set():
            self._wake.wait(timeout)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.sync_once()
            except LOST as exc:
                log.info("server not reachable: %s", exc)
                self._publish(online=False)
                timeout = BACKOFF_S[min(failures, len(BACKOFF_S) - 1)]
                failures += 1
            except Exception as exc:  # a bug or a refused event: keep the outbox, retry, say so
                log.exception("sync round failed")
                self._publish(online=False, error=f"{type(exc).__name__}: {exc}")
                timeout = BACKOFF_S[-1]
                failures += 1
            else:
                failures = 0
                timeout = IDLE_S

    def sync_once(self) -> None:
        """One round: first copy, push, pull, heartbeat. Raises if the server is gone."""
        self._publish()
        if cache.server_seq(self.local) is None:
            self._bootstrap()
        self._push()
        self._pull()
        now = utcnow()
        if now.timestamp() - self._last_beat >= HEARTBEAT_S:
            stations.heartbeat(self.server, self.station)
            self._last_beat = now.timestamp()
        self._publish(online=True, contact=True)

    def _publish(self, *, online: bool | None = None, contact: bool = False, error: str | None = None) -> None:
        try:
            waiting = cache.waiting(self.local)
            synced = cache.server_seq(self.local) is not None
        except (OperationalError, FlatError):  # the cache is busy: keep the last numbers
            waiting, synced = self._status.waiting, self._status.synced
        with self._lock:
            old = self._status
            new = SyncStatus(
                online=old.online if online is None else online,
                waiting=waiting,
                synced=synced,
                last_contact=utcnow() if contact else old.last_contact,
                error=error if online is False else None if online else old.error,
            )
            self._status = new
        if (new.online, new.waiting, new.synced, new.error) != (old.online, old.waiting, old.synced, old.error):
            for fn in self._status_fns:
                fn(new)

    # --- first copy -----------------------------------------------------------------------

    def _bootstrap(self) -> None:
        with self.server.engine.connect() as c:
            conn = c.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                top = int(conn.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one())
                master = snapshot.read_master(conn)
                jobs = snapshot.read_jobs(conn, history=True)
        with self.local.session() as s:
            s.info[cache.PULLED] = True
            snapshot.write_master(s.connection(), master)
            snapshot.write_jobs(s, jobs, skip=self._pending_jobs(s))
            cache.set_server_seq(s.connection(), top)
        self._server_seq = top
        log.info("station cache filled from the server at seq %s", top)
        self._changed()

    def _pending_jobs(self, s: Any) -> set[str]:
        q = select(Event.job).join(cache.outbox, cache.outbox.c.event_id == Event.id).where(Event.job.is_not(None))
        return {j for j in s.scalars(q) if j}

    # --- push -----------------------------------------------------------------------------

    def _push(self) -> None:
        while not self._stop.is_set():
            with self.local.reader() as s:
                q = (
                    select(Event, cache.outbox.c.local_seq)
                    .join(cache.outbox, cache.outbox.c.event_id == Event.id)
                    .order_by(cache.outbox.c.local_seq)
                    .limit(PUSH_BATCH)
                )
                batch = [
                    (int(local_seq), _new_event({c: getattr(e, c) for c in _EVENT_FIELDS}))
                    for e, local_seq in s.execute(q)
                ]
            if not batch:
                return
            with self.server.session() as ss:
                # Jobs the server applied in another order than the cache, or with a conflict:
                # copied back after the pull.
                dirty = send_batch(ss, [ev for _local_seq, ev in batch], self._server_seq)
            with self.local.session() as s:
                cache.forget_sent(s.connection(), batch[-1][0])
            self._dirty |= dirty
            self._publish()

    # --- pull -----------------------------------------------------------------------------

    def _pull(self) -> None:
        mark = cache.server_seq(self.local) or 0
        dirty = set(self._dirty)
        with self.server.engine.connect() as c:
            conn = c.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                top = int(conn.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one())
                if top < mark:
                    # Not the server this cache was filled from (restored or replaced): fill
                    # it again next round; the outbox is kept and sent there.
                    log.warning("server seq %s is behind this cache's %s: copying again", top, mark)
                    with self.local.session() as s:
                        s.connection().execute(delete(cache.state).where(cache.state.c.key == cache.SERVER_SEQ))
                    self._wake.set()
                    return
                rows = snapshot.read_events(conn, mark, PULL_BATCH)
                complete = len(rows) < PULL_BATCH
                master = (
                    snapshot.read_master(conn) if any(r["type"] == EventType.MASTER_CHANGED for r in rows) else None
                )
                # Copies of jobs must match the events applied: only when every event is read.
                jobs = snapshot.read_jobs(conn, codes=dirty) if dirty and complete else None
        if not rows and jobs is None:
            return
        new_mark = rows[-1]["seq"] if rows else mark
        with self.local.session() as s:
            s.info[cache.PULLED] = True
            for r in rows:
                record(s, _new_event(r), maybe_seen=True)
            s.flush()
            if master is not None:
                snapshot.write_master(s.connection(), master)
            skipped: set[str] = set()
            if jobs is not None:
                skipped = self._pending_jobs(s) & dirty
                snapshot.write_jobs(s, jobs, skip=skipped)
            cache.set_server_seq(s.connection(), new_mark)
        self._server_seq = new_mark
        if jobs is not None:
            self._dirty -= dirty - skipped
        if not complete:
            self._wake.set()
        self._changed()

    def _changed(self) -> None:
        for fn in self._change_fns:
            fn()


_EVENT_FIELDS = ("id", "type", "station", "worker", "job", "step", "machine", "data", "at")
