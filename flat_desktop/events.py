"""The event vocabulary of the station. Every action is one append-only event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class EventType(StrEnum):
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    ORDER_CREATED = "order_created"
    JOB_CREATED = "job_created"
    JOB_ASSIGNED = "job_assigned"
    JOB_UNASSIGNED = "job_unassigned"
    JOB_STARTED = "job_started"
    STEP_DONE = "step_done"
    JOB_PAUSED = "job_paused"
    JOB_RESUMED = "job_resumed"
    JOB_FINISHED = "job_finished"
    JOB_CHECKED = "job_checked"
    JOB_DELIVERED = "job_delivered"
    # A failed check sends the job back: the steps to redo, to whom, and the supervisor's note.
    JOB_REWORK = "job_rework"
    JOB_CANCELLED = "job_cancelled"
    # A supervisor's corrections of an open job (services/corrections.py).
    JOB_HELD = "job_held"
    JOB_RESUMED_FROM_HOLD = "job_resumed_from_hold"
    JOB_EDITED = "job_edited"
    MACHINE_STARTED = "machine_started"
    MACHINE_STOPPED = "machine_stopped"
    MACHINE_OUT_OF_ORDER = "machine_out_of_order"
    MACHINE_IN_SERVICE = "machine_in_service"
    HELP_CALLED = "help_called"
    HELP_ANSWERED = "help_answered"
    STUCK = "stuck"
    SCAN_REJECTED = "scan_rejected"
    PIN_REJECTED = "pin_rejected"
    MASTER_CHANGED = "master_changed"
    # Work sent late by an offline station on a job it no longer held (see flat_desktop.sync).
    SYNC_CONFLICT = "sync_conflict"
    # An event from a station that the server refused to store (kept at the station, set aside).
    SYNC_REFUSED = "sync_refused"
    # A station that cannot speak (no sound device, no speech engine): a quiet alert for supervisors.
    SPEECH_FAILED = "speech_failed"
    # The web ordering desk (flat_desktop.web): a requester's sign-in, a refused one, sign-out;
    # a comment on an order (from the requester or the station) and the requester's receipt.
    WEB_SIGNED_IN = "web_signed_in"
    WEB_SIGNED_OUT = "web_signed_out"
    WEB_SIGN_IN_REFUSED = "web_sign_in_refused"
    ORDER_COMMENT = "order_comment"
    RECEIPT_CONFIRMED = "receipt_confirmed"
    ORDER_FILE_ATTACHED = "order_file_attached"  # a file a requester attached (services/attachments.py)


class MachineOutcome(StrEnum):
    OK = "ok"
    JAM = "jam"
    FAULT = "fault"


def printable(text: str, limit: int | None = None) -> str:
    """``text`` with control characters (a NUL, which PostgreSQL text cannot hold, a stray
    Escape from a scanner) written out as ``\\xNN``, cut to ``limit`` characters."""
    out = "".join(ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
                  for ch in text)
    return out if limit is None else out[:limit]


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class NewEvent:
    """An event as made where it happens, before it is stored (the id is fixed here, so a
    resend of the same event is recognised and stored once)."""

    type: EventType
    station: str | None = None
    worker: str | None = None
    job: str | None = None
    step: int | None = None
    machine: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=utcnow)
    id: str = field(default_factory=new_id)
