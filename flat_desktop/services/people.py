"""Signing in and out with a badge; supervisors' PINs (salted scrypt, lockout after five misses)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os

from flat_desktop import codes
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Role
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.i18n import _
from flat_desktop.services.context import Actor, require_supervisor
from flat_desktop.services.views import WorkerView

MAX_PIN_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def badge_number(raw: str) -> str:
    """The badge number in a badge scan (or a badge number keyed in as five digits)."""
    scan = codes.parse(raw)
    if scan is not None and scan.kind is codes.CodeKind.BADGE:
        return scan.value
    text = codes.normalise(raw)
    if codes.BADGE_NUMBER.fullmatch(text):
        return text
    raise InvalidInput(_("This is not a staff badge."), _("Please scan your own staff badge."), reason="not_a_badge")


def sign_in(db: Database, raw_badge: str, station: str) -> tuple[Actor, WorkerView]:
    """Sign a worker in at ``station`` by badge scan; returns the actor and their profile."""
    number = badge_number(raw_badge)
    with db.session() as s:
        w = queries.worker_by_badge(s, number)
        if w is None or not w.active:
            raise NotFound(_("This badge is not known."), _("Please call a supervisor."), reason="unknown_badge")
        record(s, NewEvent(EventType.SIGNED_IN, station=station, worker=w.code))
        view = WorkerView.of(w, with_skills=True)
    return Actor(view.code, view.role, station, view.name), view


def sign_out(db: Database, actor: Actor, *, reason: str = "badge") -> None:
    if actor.worker is None:
        return
    with db.session() as s:
        record(s, NewEvent(EventType.SIGNED_OUT, station=actor.station, worker=actor.worker, data={"reason": reason}))


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        _alg, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def _valid_pin(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise InvalidInput(_("A PIN is 4 to 8 digits."), _("Enter digits only."), field="pin", reason="bad_pin")


def set_pin(db: Database, actor: Actor, worker_code: str, pin: str) -> None:
    require_supervisor(actor)
    _valid_pin(pin)
    with db.session() as s:
        w = queries.worker(s, worker_code)
        if w is None:
            raise NotFound(_("No worker {code}.").format(code=worker_code), _("Check the worker code."))
        w.pin_hash = hash_pin(pin)
        w.pin_failures = 0
        w.locked_until = None
        record(
            s,
            NewEvent(
                EventType.MASTER_CHANGED,
                station=actor.station,
                worker=actor.worker,
                data={"what": "pin", "of": worker_code},
            ),
        )


def console_sign_in(
    db: Database, raw_badge: str, pin: str, station: str, now: dt.datetime | None = None
) -> tuple[Actor, WorkerView]:
    """Badge plus PIN, supervisors only. Five wrong PINs lock the badge for 15 minutes."""
    now = now or utcnow()
    number = badge_number(raw_badge)
    with db.session() as s:
        w = queries.worker_by_badge(s, number)
        if w is None or not w.active:
            raise NotFound(_("This badge is not known."), _("Scan a supervisor's badge."), reason="unknown_badge")
        if w.role != Role.SUPERVISOR:
            raise NotAllowed(
                _("This badge cannot open the console."),
                _("The console is for supervisors. Use the worker station."),
                reason="not_supervisor",
            )
        if w.locked_until is not None and w.locked_until > now:
            minutes = int((w.locked_until - now).total_seconds() // 60) + 1
            raise NotAllowed(
                _("This badge is locked after too many wrong PINs."),
                _("Try again in {n} minutes.").format(n=minutes),
                reason="locked",
            )
        if not w.pin_hash or not check_pin(pin, w.pin_hash):
            w.pin_failures += 1
            locked = w.pin_failures >= MAX_PIN_FAILURES
            if locked:
                w.locked_until = now + LOCKOUT
                w.pin_failures = 0
            record(s, NewEvent(EventType.PIN_REJECTED, station=station, worker=w.code, data={"locked": locked}))
            # A wrong PIN is recorded (and may lock the badge); the caller is told afterwards.
            error = InvalidInput(_("The PIN is wrong."), _("Enter your PIN again."), field="pin", reason="wrong_pin")
        else:
            w.pin_failures = 0
            w.locked_until = None
            record(s, NewEvent(EventType.SIGNED_IN, station=station, worker=w.code, data={"console": True}))
            view = WorkerView.of(w, with_skills=True)
            return Actor(view.code, view.role, station, view.name), view
    raise error


def worker(db: Database, code: str) -> WorkerView:
    with db.reader() as s:
        w = queries.worker(s, code)
        if w is None:
            raise NotFound(_("No worker {code}.").format(code=code), _("Check the worker code."))
        return WorkerView.of(w, with_skills=True)


def workers(db: Database) -> list[WorkerView]:
    with db.reader() as s:
        return [WorkerView.of(w, with_skills=True) for w in queries.workers(s)]
