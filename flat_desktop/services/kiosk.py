"""Who may close a station PC that runs as a kiosk: a supervisor, with their badge and PIN.

On a station that works on its own database (one PC, or the embedded demo) the PIN is checked
against the supervisor's own PIN, with the console's lockout (five wrong PINs lock the badge for
15 minutes, each recorded as ``pin_rejected``). A station on the shared server works on a local
cache that never holds PIN hashes (a station's login may not read them): online, the server
checks the PIN (``flat_station_unlock`` in station.sql, given the digest of the PIN typed, with
the same lockout); offline, the PIN typed is the station's unlock code, set when the PC was
installed and kept in the settings only as a hash (``people.hash_pin``); five wrong codes lock
closing for 15 minutes on this PC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Role
from flat_desktop.errors import DatabaseUnavailable, InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.i18n import _
from flat_desktop.services import people
from flat_desktop.services.views import WorkerView


def hash_unlock_code(code: str) -> str:
    """The settings' ``unlock_code_hash`` for ``code`` (4 to 8 digits, like a PIN)."""
    code = code.strip()
    if not (code.isascii() and code.isdigit() and 4 <= len(code) <= 8):
        raise InvalidInput(_("An unlock code is 4 to 8 digits."), _("Enter digits only."), field="unlock_code",
                           reason="bad_unlock_code")
    return people.hash_pin(code)


class UnlockCheck:
    """The two steps of closing a kiosk station: :meth:`supervisor` (the badge), then
    :meth:`check` (the PIN, or the unlock code where PINs are not on this PC)."""

    def __init__(self, db: Database, station: str, *, pins_here: bool, unlock_code_hash: str | None,
                 clock: Callable[[], dt.datetime] = utcnow, server: Database | None = None,
                 online: Callable[[], bool] = lambda: True) -> None:
        self.db = db
        self.server = server  # the shared server, which checks PINs when ``online()``
        self.online = online
        self.station = station
        self.pins_here = pins_here
        self.unlock_code_hash = unlock_code_hash
        self.clock = clock
        self._code_failures = 0
        self._code_locked_until: dt.datetime | None = None

    @property
    def asks_pin(self) -> bool:
        """A supervisor's own PIN is asked (False: the station's unlock code, the server being away)."""
        return self.pins_here or (self.server is not None and self.online())

    def supervisor(self, raw_badge: str) -> WorkerView:
        """The supervisor whose badge this is; refused for a worker's badge or an unknown one."""
        number = people.badge_number(raw_badge)
        with self.db.reader() as s:
            w = queries.worker_by_badge(s, number)
            if w is None or not w.active:
                raise NotFound(_("This badge is not known."), _("Scan a supervisor's badge."),
                               reason="unknown_badge")
            if w.role != Role.SUPERVISOR:
                raise NotAllowed(_("Only a supervisor can close the station."),
                                 _("Please call a supervisor."), reason="not_supervisor")
            view = WorkerView.of(w)
        self._refuse_if_locked(view.code)
        return view

    def check(self, raw_badge: str, pin: str) -> WorkerView:
        """The supervisor, when ``pin`` is right; otherwise a refusal that says what to do."""
        who = self.supervisor(raw_badge)
        if not pin.strip():
            raise InvalidInput(_("Enter your PIN."), _("Type your PIN, then press Enter."), field="pin",
                               reason="no_pin")
        if self.pins_here:
            self._check_pin(who.code, pin)
        elif not self._checked_on_server(raw_badge, pin):
            self._check_code(pin)
        return who

    def _checked_on_server(self, raw_badge: str, pin: str) -> bool:
        """Check the PIN on the server; False when it cannot be reached (the unlock code then)."""
        if self.server is None or not self.online():
            return False
        badge = people.badge_number(raw_badge)
        try:
            with self.server.session() as s:
                settings = s.execute(select(func.flat_station_pin_salt(badge))).scalar()
                if settings is None:
                    raise NotAllowed(_("This supervisor has no PIN yet."),
                                     _("Set a PIN in the console's worker editor, or use the station's unlock code "
                                       "while the network is down."), reason="no_pin")
                verdict = str(s.execute(select(func.flat_station_unlock(
                    badge, people.pin_digest(pin.strip(), settings)))).scalar())
        except (DatabaseUnavailable, OperationalError):
            return False
        if verdict.startswith("locked"):
            raise NotAllowed(_("Closing is locked after too many wrong PINs."),
                             _("Try again in {n} minutes.").format(n=verdict.split()[-1]), reason="locked")
        if verdict != "ok":
            raise InvalidInput(_("The PIN is wrong."), _("Enter your PIN again."), field="pin", reason="wrong_pin")
        return True

    def _refuse_if_locked(self, code: str) -> None:
        until = self._code_locked_until
        if self.pins_here:
            with self.db.reader() as s:
                w = queries.worker(s, code)
                until = w.locked_until if w is not None else None
        now = self.clock()
        if until is not None and until > now:
            minutes = int((until - now).total_seconds() // 60) + 1
            raise NotAllowed(_("Closing is locked after too many wrong PINs."),
                             _("Try again in {n} minutes.").format(n=minutes), reason="locked")

    def _check_pin(self, code: str, pin: str) -> None:
        now = self.clock()
        with self.db.session() as s:
            w = queries.worker(s, code)
            assert w is not None  # supervisor() found it
            if w.pin_hash and people.check_pin(pin, w.pin_hash):
                w.pin_failures = 0
                w.locked_until = None
                return
            w.pin_failures += 1
            locked = w.pin_failures >= people.MAX_PIN_FAILURES
            if locked:
                w.locked_until = now + people.LOCKOUT
                w.pin_failures = 0
            record(s, NewEvent(EventType.PIN_REJECTED, station=self.station, worker=w.code,
                               data={"locked": locked, "kiosk": True}))
        # Recorded (and maybe locked) above; told now.
        raise InvalidInput(_("The PIN is wrong."), _("Enter your PIN again."), field="pin", reason="wrong_pin")

    def _check_code(self, pin: str) -> None:
        if not self.unlock_code_hash:
            raise NotAllowed(_("This station has no unlock code."),
                             _("Set one with: flat-desktop setup --unlock-code CODE"), reason="no_unlock_code")
        if people.check_pin(pin.strip(), self.unlock_code_hash):
            self._code_failures = 0
            self._code_locked_until = None
            return
        self._code_failures += 1
        if self._code_failures >= people.MAX_PIN_FAILURES:
            self._code_failures = 0
            self._code_locked_until = self.clock() + people.LOCKOUT
        raise InvalidInput(_("The unlock code is wrong."), _("Enter the station's unlock code again."),
                           field="pin", reason="wrong_pin")
