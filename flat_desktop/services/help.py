"""Help calls (呼び出し) from stations, answered by supervisors; quiet alerts: a step taking long
('stuck'), a station that cannot speak ('speech')."""

from __future__ import annotations

from sqlalchemy import select

from flat_desktop.config import fit_station_name
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent, printable
from flat_desktop.i18n import _
from flat_desktop.services.context import Actor, require_supervisor, require_worker
from flat_desktop.services.views import HelpCallView

KINDS = ("help", "jam")
# How a supervisor's answer ended (kept in help_answered's data for the reports): solved on the
# spot, to come back to later, handed over to someone else.
OUTCOMES = ("solved", "later", "handover")
NOTE_MAX = 300
# Alerts for supervisors only: never the worker's own call, never a ring on the console.
QUIET = ("stuck", "speech")


def call(db: Database, actor: Actor, job: str | None = None, step: int | None = None, kind: str = "help") -> str:
    """Call a supervisor. A second press while a call is open returns that call (no new one)."""
    worker = require_worker(actor)
    if kind not in KINDS:
        kind = "help"
    with db.session() as s:
        open_call = queries.open_help_call_for(s, worker)
        if open_call is not None:
            return open_call.event_id
        row = record(
            s,
            NewEvent(
                EventType.HELP_CALLED, station=actor.station, worker=worker, job=job, step=step, data={"kind": kind}
            ),
        )
        assert row is not None
        return row.id


def stuck(db: Database, actor: Actor, job: str, step: int, *, seconds: float, usual_s: float) -> str:
    """A quiet alert: this step is taking much longer than usual (no alarm on the worker's screen)."""
    worker = require_worker(actor)
    with db.session() as s:
        row = record(
            s,
            NewEvent(
                EventType.STUCK,
                station=actor.station,
                worker=worker,
                job=job,
                step=step,
                data={"seconds": round(seconds), "usual_s": round(usual_s)},
            ),
        )
        assert row is not None
        return row.id


def speech_failed(db: Database, actor: Actor | None, station: str, detail: str) -> str:
    """A quiet alert: this station cannot speak (no sound device, no speech engine), so its worker
    only sees the steps. One open alert per station: a restart without sound adds none."""
    name = actor.station if actor else fit_station_name(station)
    with db.session() as s:
        open_alert = queries.open_alert(s, "speech", name)
        if open_alert is not None:
            return open_alert.event_id
        row = record(
            s,
            NewEvent(
                EventType.SPEECH_FAILED,
                station=name,
                worker=actor.worker if actor else None,
                data={"kind": "speech", "reason": printable(detail, 300)},
            ),
        )
        assert row is not None
        return row.id


def answer(db: Database, actor: Actor, call_id: str, *, outcome: str = "solved", note: str = "") -> None:
    """Close a call, recording how it ended (``OUTCOMES``) and the supervisor's note."""
    require_supervisor(actor)
    if outcome not in OUTCOMES:
        raise InvalidInput(_("Choose how the call ended."), _("Solved, later or handed over."), field="outcome",
                           reason="bad_outcome")
    note = printable(note.strip())
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("The note is too long."), _("Shorten it to {n} characters.").format(n=NOTE_MAX),
                           field="note", reason="too_long")
    with db.session() as s:
        c = queries.help_call(s, call_id)
        if c is None:
            raise NotFound(_("This help call is not known."), _("Refresh the list."))
        if c.answered_at is not None:
            raise NotAllowed(_("Someone has already answered this call."), _("Nothing to do."), reason="already_done")
        record(
            s,
            NewEvent(
                EventType.HELP_ANSWERED,
                station=actor.station,
                worker=actor.worker,
                job=c.job,
                step=c.step,
                data={"call": call_id, "caller": c.worker, "outcome": outcome, "note": note},
            ),
        )


def _reason(e: Event) -> str | None:
    if e.type == EventType.SYNC_REFUSED:  # what was refused and the server's words, for the supervisor
        return f"{e.data.get('event_type')} {e.data.get('event')}: {e.data.get('error')}"
    return e.data.get("reason")


def open_calls(db: Database) -> list[HelpCallView]:
    with db.reader() as s:
        calls = queries.open_help_calls(s)
        alerts = [c.event_id for c in calls if c.kind in ("conflict", "refused", "speech")]
        reasons = {e.id: _reason(e) for e in s.scalars(select(Event).where(Event.id.in_(alerts)))}
        return [HelpCallView.of(c, reasons.get(c.event_id)) for c in calls]


def open_call_for(db: Database, worker: str) -> HelpCallView | None:
    with db.reader() as s:
        c = queries.open_help_call_for(s, worker)
        return HelpCallView.of(c) if c else None
