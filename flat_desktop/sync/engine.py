"""The sync engine of a station: one background thread between the cache and the server.

Each round (woken by a server notification, by a local commit that queued events, or every
``IDLE_S`` as a safety net):

1. first time only: copy master data, open jobs with their steps and history, and open help
   calls from the server, with the seq they correspond to (one REPEATABLE READ transaction);
   the cache keeps that seq and the id of the server's event at it. When the server no longer
   has that event at that seq it was restored from a backup (or replaced): the cache sends
   its outbox there, then is emptied and filled again from it (``_recopy``);
2. push: send the outbox in order, in batches, each batch in one server transaction through
   ``send.send_batch`` (the server's ``flat_station_record`` checks, stores and applies them; an
   event already stored is skipped, so a resend after a crash is harmless), then forget the
   batch locally: every event reaches the server exactly once. A batch the server refuses is
   sent again one event at a time; an event refused alone (twice) is set aside with the
   server's words and reported to the consoles (``refusals``);
3. pull: replay the server's events after the last seen seq into the cache with
   ``record(maybe_seen=True)`` (our own events come back and are skipped). Replaying is right
   because the ledger is deterministic, and fast because it moves only what changed. Where a
   pushed event landed on the server after events this cache had not seen yet (the order
   differs), or a conflict was reported, the job is copied from the server afterwards, so the
   cache converges on the server's state; master data is copied again after ``master_changed``.

Online means the last round succeeded and the listener's heartbeat hears the server; a silent
hang is found by that heartbeat within a few seconds (``listener.HANG_S``), and it shuts the
engine's server connections so a query waiting on a dead link fails at once (``hang``).

No Qt here; callbacks run on the sync thread and receive plain data only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from flat_desktop.config import fit_station_name
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import apply, record
from flat_desktop.db.models import Base, Event
from flat_desktop.errors import DatabaseUnavailable, FlatError
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.services import stations
from flat_desktop.sync import cache, refusals, snapshot
from flat_desktop.sync.hang import Connections
from flat_desktop.sync.listener import BACKOFF_S, Listener
from flat_desktop.sync.send import send_batch
from flat_desktop.sync.status import SyncStatus

log = logging.getLogger(__name__)

IDLE_S = 2.0  # a round at least this often while online, in case a wake-up was missed
PUSH_BATCH = 200
PULL_BATCH = 2000
HEARTBEAT_S = 30.0
STATEMENT_S = 10.0  # a statement still waiting for the server after this is on a dead link
KEEP = ("counters", "stations")  # cache tables a recopy leaves alone (events: all but our own unsent)
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
        self._status = SyncStatus(
            waiting=cache.waiting(local), synced=cache.server_seq(local) is not None, refused=cache.refused_count(local)
        )
        self._lock = threading.Lock()
        self._status_fns: list[Callable[[SyncStatus], None]] = []
        self._change_fns: list[Callable[[], None]] = []
        self._last_beat = 0.0
        self._server_seq = cache.server_seq(local) or 0
        self._restored = False  # the server is not the one this cache was filled from
        self._suspects: set[str] = set()  # events refused once when sent alone
        self._connections = Connections(server.engine, STATEMENT_S)
        self.listener = Listener(server.url, self._notified, self._listening, name=f"flat-listen-{station}")
        self._thread = threading.Thread(target=self._run, name=f"flat-sync-{station}", daemon=True)
        cache.on_queued(local, self._queued)

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

    def _queued(self) -> None:
        """A local commit queued events (on the committing thread): the status must not say
        "nothing waiting" until the sync thread has counted them, so it says at least one now."""
        with self._lock:
            if self._status.waiting == 0:
                self._status = replace(self._status, waiting=1)
        self.wake()

    # --- callbacks from the listener thread ---------------------------------------------

    def _notified(self, seq: int | None) -> None:
        if seq is None or seq > self._server_seq:
            self._wake.set()

    def _listening(self, up: bool) -> None:
        if not up:
            self._publish(online=False)
            self._connections.shut_all()  # a round waiting on a silent link fails now
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
            except Exception as exc:  # a bug, or the server refusing every event: keep the outbox, retry, say so
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
        if cache.server_seq(self.local) is not None and not self._same_server():
            self._restored = True
        if self._restored:
            self._queue_forgotten()
            self._push()  # our unsent work first, so that little needs applying again after the copy
            self._recopy()
        if cache.server_seq(self.local) is None:
            self._bootstrap()
        self._report_refused()
        self._push()
        self._pull()
        now = utcnow()
        if now.timestamp() - self._last_beat >= HEARTBEAT_S:
            stations.heartbeat(self.server, self.station)
            self._last_beat = now.timestamp()
        self._publish(online=self.listener.online, contact=True)

    def _publish(self, *, online: bool | None = None, contact: bool = False, error: str | None = None) -> None:
        try:
            waiting = cache.waiting(self.local)
            synced = cache.server_seq(self.local) is not None
            refused = cache.refused_count(self.local)
        except (OperationalError, FlatError):  # the cache is busy: keep the last numbers
            waiting, synced, refused = self._status.waiting, self._status.synced, self._status.refused
        with self._lock:
            old = self._status
            new = SyncStatus(
                online=old.online if online is None else online,
                waiting=waiting,
                synced=synced,
                last_contact=utcnow() if contact else old.last_contact,
                error=error if online is False else None if online else old.error,
                refused=refused,
            )
            self._status = new
        if (new.online, new.waiting, new.synced, new.error, new.refused) != (
            old.online,
            old.waiting,
            old.synced,
            old.error,
            old.refused,
        ):
            for fn in self._status_fns:
                fn(new)

    # --- first copy, and again after the server was restored ------------------------------

    def _known_pictures(self) -> set[str]:
        with self.local.engine.connect() as conn:
            return snapshot.known_pictures(conn)

    def _bootstrap(self, *, reapply: bool = False) -> None:
        known = self._known_pictures()
        with self.server.engine.connect() as c:
            conn = c.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                top = int(conn.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one())
                mark = conn.execute(select(Event.id).where(Event.seq == top)).scalar_one_or_none()
                master = snapshot.read_master(conn, pictures_known=known)
                jobs = snapshot.read_jobs(conn, history=True)
        with self.local.session() as s:
            s.info[cache.PULLED] = True
            snapshot.write_master(s.connection(), master)
            snapshot.write_jobs(s, jobs, skip=() if reapply else self._pending_jobs(s))
            if reapply:
                self._apply_unsent(s, {r["id"] for r in jobs.history})
            cache.set_server_seq(s.connection(), top, mark)
        self._server_seq = top
        log.info("station cache filled from the server at seq %s", top)
        self._changed()

    def _pending_jobs(self, s: Any) -> set[str]:
        q = select(Event.job).join(cache.outbox, cache.outbox.c.event_id == Event.id).where(Event.job.is_not(None))
        return {j for j in s.scalars(q) if j}

    def _same_server(self) -> bool:
        """Whether the server still has, at the seq this cache last saw, the event it saw there."""
        seen, mark = cache.server_seq(self.local) or 0, cache.server_mark(self.local)
        with self.server.engine.connect() as conn:
            if mark is None:  # an empty server when filled (or an older cache): it may only grow
                top = conn.execute(select(func.coalesce(func.max(Event.seq), 0))).scalar_one()
                same = int(top) >= seen
            else:
                same = conn.execute(select(Event.id).where(Event.seq == seen)).scalar_one_or_none() == mark
        if not same:
            log.warning("the server no longer has the events this cache saw up to seq %s: copying it again", seen)
        return same

    def _queue_forgotten(self) -> None:
        """Queue again this PC's own events that a restored server has forgotten: they are facts.

        Only when the server knows some of this PC's events (a backup of the same server); a
        different server (one set up afresh) is not sent this PC's whole past."""
        with self.local.reader() as s:
            own = [
                (int(seq), eid)
                for seq, eid in s.execute(select(Event.seq, Event.id).where(Event.station == self.station))
            ]
            queued = set(s.scalars(select(cache.outbox.c.event_id))) | set(s.scalars(select(cache.refused.c.event_id)))
        own = [(seq, eid) for seq, eid in own if eid not in queued]
        lost = self._missing_on_server([eid for _seq, eid in own])
        if not lost:
            return
        if len(lost) == len(own):
            log.warning("the server knows none of this station's %s past events: not sending them again", len(own))
            return
        with self.local.session() as s:
            s.connection().execute(
                sqlite_insert(cache.outbox).on_conflict_do_nothing(),
                [{"local_seq": seq, "event_id": eid} for seq, eid in own if eid in lost],
            )
        log.warning("%s events of this station are missing on the restored server: sending them again", len(lost))

    def _recopy(self) -> None:
        """Empty the cache (but for the events still to send) and fill it again from the server.

        A server restored from a backup has forgotten what happened after the backup, and its
        counters give the same job codes again: what the cache copied from it before would
        collide with what it says now."""
        with self.local.session() as s:
            s.info[cache.PULLED] = True
            conn = s.connection()
            keep = select(cache.outbox.c.event_id).union(select(cache.refused.c.event_id))
            for t in reversed(Base.metadata.sorted_tables):
                if t.name == "events":
                    conn.execute(delete(t).where(t.c.id.not_in(keep)))
                elif t.name not in KEEP:
                    conn.execute(delete(t))
            cache.forget_server(conn)
            s.info.pop("jobs_by_code", None)
            s.expire_all()
        self._server_seq = 0
        self._dirty.clear()
        self._restored = False
        self._bootstrap(reapply=True)

    def _missing_on_server(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        with self.server.reader() as ss:
            for i in range(0, len(ids), 500):
                found |= set(ss.scalars(select(Event.id).where(Event.id.in_(ids[i : i + 500]))))
        return set(ids) - found

    def _apply_unsent(self, s: Any, copied: set[str]) -> None:
        """Apply the outbox again on top of a fresh copy, as the server will when it gets it."""
        q = (
            select(Event)
            .join(cache.outbox, cache.outbox.c.event_id == Event.id)
            .order_by(cache.outbox.c.local_seq)
        )
        for e in s.scalars(q).all():
            if e.id in copied:  # already in the server's copy
                continue
            try:
                with s.begin_nested():
                    apply(s, e)
                    s.flush()
            except (DBAPIError, LookupError, ValueError, TypeError) as exc:
                s.info.pop("jobs_by_code", None)
                log.warning("event %s does not fit the new copy (the server decides when it is sent): %s", e.id, exc)

    # --- push -----------------------------------------------------------------------------

    def _outbox_head(self, limit: int) -> list[tuple[int, NewEvent]]:
        with self.local.reader() as s:
            q = (
                select(Event, cache.outbox.c.local_seq)
                .join(cache.outbox, cache.outbox.c.event_id == Event.id)
                .order_by(cache.outbox.c.local_seq)
                .limit(limit)
            )
            rows = s.execute(q).all()
            return [(int(seq), _new_event({c: getattr(e, c) for c in _EVENT_FIELDS})) for e, seq in rows]

    def _push(self) -> None:
        alone_until = 0  # after a refused batch, its events go one at a time to find the one
        while not self._stop.is_set():
            batch = self._outbox_head(PUSH_BATCH)
            if batch and batch[0][0] <= alone_until:
                batch = batch[:1]
            if not batch:
                return
            try:
                dirty = self._send(batch)
            except LOST:
                raise
            except Exception as exc:
                if not refusals.is_refusal(exc):
                    raise
                if len(batch) > 1:
                    alone_until = batch[-1][0]
                    continue
                local_seq, ev = batch[0]
                if ev.id not in self._suspects:  # once more, alone, before believing it
                    self._suspects.add(ev.id)
                    continue
                self._set_aside(local_seq, ev, refusals.error_text(exc))
                continue
            self._suspects.difference_update(ev.id for _seq, ev in batch)
            with self.local.session() as s:
                cache.forget_sent(s.connection(), batch[-1][0])
            self._dirty |= dirty
            self._publish()

    def _send(self, batch: list[tuple[int, NewEvent]]) -> set[str]:
        """Store a batch on the server in one transaction; returns the jobs to copy back (those the
        server applied in another order than the cache, or with a conflict)."""
        # The PC's name is a label: one too long for the server (an old cache) is cut to fit.
        events = [replace(ev, station=fit_station_name(ev.station)) if ev.station else ev for _seq, ev in batch]
        with self.server.session() as ss:
            return send_batch(ss, events, self._server_seq)

    def _set_aside(self, local_seq: int, ev: NewEvent, error: str) -> None:
        log.warning("the server refused event %s (%s): set aside, the rest is sent: %s", ev.id, ev.type, error)
        self._suspects.discard(ev.id)
        with self.local.session() as s:
            cache.set_aside(s.connection(), local_seq, ev.id, str(ev.type), error, utcnow().isoformat())
        if ev.job:
            self._dirty.add(ev.job)  # the cache shows it done; the server's copy is what counts
        self._publish()
        self._report_refused()

    def _report_refused(self) -> None:
        """Tell every console about set-aside events (a ``sync_refused`` alert each, once)."""
        with self.local.engine.connect() as conn:
            rows = cache.unreported(conn)
        for r in rows:
            with self.local.reader() as s:
                e = s.get(Event, r["event_id"])
                made = _new_event({c: getattr(e, c) for c in _EVENT_FIELDS}) if e is not None else None
            if made is not None:
                try:
                    with self.server.session() as ss:
                        send_batch(ss, [refusals.report(made, str(r["error"]), self.station)], self._server_seq)
                except LOST:
                    raise
                except Exception:  # still counted on this station's status strip
                    log.exception("the report of refused event %s could not be stored", r["event_id"])
            with self.local.engine.begin() as conn:
                cache.mark_reported(conn, int(str(r["local_seq"])))

    # --- pull -----------------------------------------------------------------------------

    def _pull(self) -> None:
        mark = cache.server_seq(self.local) or 0
        mark_id = cache.server_mark(self.local)
        dirty = set(self._dirty)
        with self.server.engine.connect() as c:
            conn = c.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                rows = snapshot.read_events(conn, mark, PULL_BATCH)
                complete = len(rows) < PULL_BATCH
                master = (
                    snapshot.read_master(conn, pictures_known=self._known_pictures())
                    if any(r["type"] == EventType.MASTER_CHANGED for r in rows) else None
                )
                # A job sent back after its check may be one this cache never held (the cache is
                # filled with open jobs, and it was done then): copied from the server.
                reworked = {str(r["job"]) for r in rows if r["type"] == EventType.JOB_REWORK and r["job"]}
                dirty |= reworked
                # Copies of jobs must match the events applied: only when every event is read.
                jobs = snapshot.read_jobs(conn, codes=dirty) if dirty and complete else None
        if not rows and jobs is None:
            return
        new_mark, new_mark_id = (rows[-1]["seq"], rows[-1]["id"]) if rows else (mark, mark_id)
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
            cache.set_server_seq(s.connection(), new_mark, new_mark_id)
        self._server_seq = new_mark
        if jobs is not None:
            self._dirty -= dirty - skipped
        else:
            self._dirty |= reworked  # copied once every event is read
        if not complete:
            self._wake.set()
        self._changed()

    def _changed(self) -> None:
        for fn in self._change_fns:
            fn()


_EVENT_FIELDS = ("id", "type", "station", "worker", "job", "step", "machine", "data", "at")
