"""Requesters' accounts at the web ordering desk: staff number and password (argon2), lockout
after repeated failures, made and reset by a supervisor (one at a time or from a CSV file).

An account belongs to a requester (``requesters``: name, department); a new requester is made
with it when the staff number names nobody yet. Passwords are kept only as argon2id hashes
(argon2-cffi); a password a supervisor gives (or one made here) must be changed at the first
sign-in. Five wrong passwords in a row lock the account for 15 minutes. Every sign-in, refused
sign-in and sign-out is an event with the requester in it; every change of an account is a
``master_changed`` event naming the supervisor.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import secrets
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Requester, WebAccount
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent, printable, utcnow
from flat_desktop.i18n import _
from flat_desktop.services.context import Actor, require_requester, require_supervisor

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
MAX_PASSWORD = 128
STAFF_NO = re.compile(r"[A-Z0-9-]{3,16}")
# Made passwords avoid letters that are read for one another (0/O, 1/l/I).
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GIVEN_LENGTH = 12

# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): a sign-in costs tens of
# milliseconds, so a morning's sign-ins do not starve the desk's pages on a two-core server (the
# RFC 9106 profile, 64 MiB x 4 lanes, took seconds under load). Older hashes are re-made at sign-in.
hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY: list[str] = []  # a hash to verify against for an unknown staff number (the same time either way)


@dataclass(frozen=True)
class AccountView:
    id: int
    staff_no: str
    requester_id: int
    name: str
    kana: str
    department: str  # code
    department_id: int
    department_name: str
    must_change: bool
    active: bool
    locked_until: dt.datetime | None
    epoch: int

    def locked(self, now: dt.datetime | None = None) -> bool:
        """Locked now (a lock that has run out is kept until the next sign-in, and locks nothing)."""
        return self.locked_until is not None and self.locked_until > (now or dt.datetime.now(dt.UTC))

    @classmethod
    def of(cls, a: WebAccount) -> AccountView:
        r = a.requester
        return cls(a.id, a.staff_no, r.id, r.name, r.kana, r.department.code, r.department_id, r.department.name,
                   a.must_change, a.active, a.locked_until, a.epoch)

    def actor(self, station: str = "web") -> Actor:
        return Actor.web(self.requester_id, self.name, station)


@dataclass(frozen=True)
class NewAccount:
    """What a supervisor gives for one account (a line of the CSV file)."""

    staff_no: str
    name: str
    department: str  # department code
    kana: str = ""
    email: str = ""


def staff_number(raw: str) -> str:
    """A staff number as stored: full-width typing folded (NFKC), upper case, no spaces."""
    text = unicodedata.normalize("NFKC", raw or "").strip().upper()
    if not STAFF_NO.fullmatch(text):
        raise InvalidInput(_("A staff number is 3 to 16 letters, digits or hyphens."),
                           _("Enter the staff number on your staff card."), field="staff_no", reason="bad_staff_no")
    return text


def make_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _n in range(GIVEN_LENGTH))


def check_new_password(password: str, staff_no: str = "") -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(_("The password is too short: at least {n} characters.").format(n=MIN_PASSWORD),
                           _("Choose a longer password, e.g. three words."), field="password", reason="short")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(_("The password is too long: at most {n} characters.").format(n=MAX_PASSWORD),
                           _("Choose a shorter password."), field="password", reason="long")
    if staff_no and staff_no.lower() in password.lower():
        raise InvalidInput(_("The password must not contain your staff number."),
                           _("Choose another password."), field="password", reason="has_staff_no")


def _text(raw: str, field: str, what: str, limit: int, *, required: bool = True) -> str:
    text = " ".join(unicodedata.normalize("NFKC", raw or "").split())
    if required and not text:
        raise InvalidInput(_("{what} is empty.").format(what=what), _("Please fill it in."), field=field)
    if len(text) > limit:
        raise InvalidInput(_("{what} is too long.").format(what=what),
                           _("Shorten it to {n} characters.").format(n=limit), field=field)
    return text


def _master(s: Session, actor: Actor, what: str, staff_no: str, **data: object) -> None:
    record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                       data={"what": what, "of": staff_no, **data}))


def _account(s: Session, staff_no: str) -> WebAccount | None:
    return s.scalars(select(WebAccount).where(WebAccount.staff_no == staff_no)).one_or_none()


def _add(s: Session, actor: Actor, new: NewAccount, password: str, now: dt.datetime) -> WebAccount:
    staff_no = staff_number(new.staff_no)
    name = _text(new.name, "name", _("The name"), 100)
    kana = _text(new.kana, "kana", _("The reading of the name"), 200, required=False)
    email = _text(new.email, "email", _("The e-mail address"), 200, required=False)
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise InvalidInput(_("「{value}」 is not an e-mail address.").format(value=email),
                           _("Write it like name@pref.example.jp, or leave it empty."), field="email")
    dept = queries.department(s, (new.department or "").strip())
    if dept is None:
        raise NotFound(_("There is no department '{code}'.").format(code=printable(new.department or "", 32)),
                       _("Use a department code from flat-desktop mailboxes."), reason="unknown_department")
    if _account(s, staff_no) is not None:
        raise NotAllowed(_("Staff number {no} has an account already.").format(no=staff_no),
                         _("Reset its password instead: flat-desktop requesters reset {no}").format(no=staff_no),
                         reason="exists")
    requester = s.scalars(select(Requester).where(Requester.name == name, Requester.department_id == dept.id)
                          .order_by(Requester.id)).first()
    if requester is None or s.scalar(select(WebAccount.id).where(WebAccount.requester_id == requester.id)):
        requester = Requester(name=name, kana=kana, department_id=dept.id, email=email)
        s.add(requester)
        s.flush()
    account = WebAccount(requester_id=requester.id, staff_no=staff_no, password_hash=hasher.hash(password),
                         must_change=True, failures=0, active=True, epoch=1, created_at=now)
    s.add(account)
    s.flush()
    _master(s, actor, "web_account", staff_no, requester_id=requester.id, department=dept.code, action="add")
    return account


def add(db: Database, actor: Actor, new: NewAccount, *, password: str | None = None,
        now: dt.datetime | None = None) -> tuple[AccountView, str]:
    """Make an account (and its requester, if the department has nobody of that name yet); returns
    it with the password to hand over (made here unless given), to be changed at first sign-in."""
    require_supervisor(actor)
    password = password or make_password()
    check_new_password(password)
    with db.session() as s:
        account = _add(s, actor, new, password, now or utcnow())
        return AccountView.of(account), password


def add_for_requester(db: Database, actor: Actor, requester_id: int, staff_no: str, *,
                      password: str | None = None) -> tuple[AccountView, str]:
    """An account for a requester already known (the demo's, or one the console keeps)."""
    require_supervisor(actor)
    with db.reader() as s:
        r = s.get(Requester, requester_id)
        if r is None:
            raise NotFound(_("The requester is not known."), _("Choose a requester from the list."))
        new = NewAccount(staff_no, r.name, r.department.code, r.kana, r.email)
    return add(db, actor, new, password=password)


def reset(db: Database, actor: Actor, staff_no: str, *, password: str | None = None) -> tuple[AccountView, str]:
    """A new password (to be changed at the next sign-in); unlocks the account and ends its sessions."""
    require_supervisor(actor)
    staff_no = staff_number(staff_no)
    password = password or make_password()
    check_new_password(password, staff_no)
    with db.session() as s:
        a = _account(s, staff_no)
        if a is None:
            raise NotFound(_("There is no account for staff number {no}.").format(no=staff_no),
                           _("Check the number, or add the account."), reason="unknown_account")
        a.password_hash = hasher.hash(password)
        a.must_change = True
        a.failures = 0
        a.locked_until = None
        a.active = True
        a.epoch += 1
        _master(s, actor, "web_account", staff_no, requester_id=a.requester_id, action="reset")
        return AccountView.of(a), password


_HEADINGS = {
    "staff_no": ("staff_no", "staff number", "職員番号"),
    "name": ("name", "氏名", "名前"),
    "department": ("department", "所属", "所属コード", "department code"),
    "kana": ("kana", "ふりがな", "よみ", "reading"),
    "email": ("email", "e-mail", "メール", "メールアドレス"),
}


def read_csv(data: bytes) -> list[NewAccount]:
    """The accounts in a CSV file (UTF-8, with or without BOM, or Shift_JIS); headings in Japanese
    or English. A line that cannot be read is refused with its number; nothing is kept then."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(_("The file is neither UTF-8 nor Shift_JIS text."), _("Save it as CSV (UTF-8)."),
                           reason="encoding")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InvalidInput(_("The file is empty."), _("Give a CSV file with a heading line."), reason="empty")
    heads = [h.strip().lower() for h in rows[0]]
    where: dict[str, int] = {}
    for key, names in _HEADINGS.items():
        for i, h in enumerate(heads):
            if h in names:
                where[key] = i
    missing = [k for k in ("staff_no", "name", "department") if k not in where]
    if missing:
        raise InvalidInput(_("The heading line lacks {names}.").format(names=", ".join(missing)),
                           _("The first line names the columns: 職員番号,氏名,所属 (staff_no,name,department)."),
                           reason="headings")
    out = []
    for line in rows[1:]:
        if not any(cell.strip() for cell in line):
            continue

        def cell(key: str, line: list[str] = line) -> str:
            i = where.get(key)
            return line[i].strip() if i is not None and i < len(line) else ""

        out.append(NewAccount(cell("staff_no"), cell("name"), cell("department"), cell("kana"), cell("email")))
    return out


def import_accounts(db: Database, actor: Actor, accounts: list[NewAccount]) -> list[tuple[AccountView, str]]:
    """Every account of the list or none: a refused line names its line number (the heading is 1)."""
    require_supervisor(actor)
    now = utcnow()
    made: list[tuple[AccountView, str]] = []
    seen: set[str] = set()
    with db.session() as s:
        for n, new in enumerate(accounts, 2):
            try:
                no = staff_number(new.staff_no)
                if no in seen:
                    raise NotAllowed(_("Staff number {no} is in the file twice.").format(no=no),
                                     _("Keep one line for each person."), reason="twice")
                seen.add(no)
                password = make_password()
                made.append((AccountView.of(_add(s, actor, new, password, now)), password))
            except (InvalidInput, NotAllowed, NotFound) as exc:
                exc.message = _("Line {n}: {message}").format(n=n, message=exc.message)
                raise
    return made


# --- signing in at the desk -------------------------------------------------------------------


def _refused(s: Session, station: str, staff_no: str, requester_id: int | None, why: str,
             locked: bool = False) -> None:
    record(s, NewEvent(EventType.WEB_SIGN_IN_REFUSED, station=station,
                       data={"staff_no": printable(staff_no, 16), "requester_id": requester_id, "why": why,
                             "locked": locked}))


def _wrong() -> InvalidInput:
    # One message for an unknown number and a wrong password: the desk does not say which numbers exist.
    return InvalidInput(_("The staff number or the password is wrong."),
                        _("Check both and try again. After five wrong tries the account is locked for 15 minutes."),
                        field="password", reason="wrong")


def _burn(password: str) -> None:
    """Verify against a hash anyway, so an unknown staff number takes as long as a known one."""
    if not _DUMMY:
        _DUMMY.append(hasher.hash(make_password()))
    with contextlib.suppress(VerificationError):
        hasher.verify(_DUMMY[0], password)


def sign_in(db: Database, raw_staff_no: str, password: str, *, station: str = "web",
            now: dt.datetime | None = None) -> AccountView:
    """Staff number and password. Five failures in a row lock the account for 15 minutes."""
    now = now or utcnow()
    try:
        staff_no = staff_number(raw_staff_no)
    except InvalidInput:
        raise _wrong() from None
    if not password:
        raise InvalidInput(_("Enter your password."), _("Type your password, then press Sign in."),
                           field="password", reason="no_password")
    error: InvalidInput | NotAllowed
    with db.session() as s:
        a = _account(s, staff_no)
        if a is None or not a.active:
            _burn(password)
            _refused(s, station, staff_no, a.requester_id if a else None, "unknown" if a is None else "inactive")
            error = _wrong()
        elif a.locked_until is not None and a.locked_until > now:
            minutes = int((a.locked_until - now).total_seconds() // 60) + 1
            _refused(s, station, staff_no, a.requester_id, "locked", True)
            error = NotAllowed(_("This account is locked after too many wrong passwords."),
                               _("Try again in {n} minutes, or ask the station to reset it.").format(n=minutes),
                               reason="locked")
        else:
            try:
                hasher.verify(a.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                a.failures += 1
                locked = a.failures >= MAX_FAILURES
                if locked:
                    a.locked_until = now + LOCKOUT
                    a.failures = 0
                _refused(s, station, staff_no, a.requester_id, "password", locked)
                error = _wrong()
            else:
                a.failures = 0
                a.locked_until = None
                a.last_sign_in = now
                if hasher.check_needs_rehash(a.password_hash):
                    a.password_hash = hasher.hash(password)
                view = AccountView.of(a)
                record(s, NewEvent(EventType.WEB_SIGNED_IN, station=station, at=now,
                                   data={"requester_id": a.requester_id, "by": view.name, "staff_no": staff_no}))
                return view
    raise error


def trusted_staff_number(raw: str) -> str:
    """The staff number in what an office's single sign-on passes on: ``PREF\\123456`` or
    ``123456@pref.example.jp`` give ``123456``."""
    text = (raw or "").strip().rsplit("\\", 1)[-1].split("@", 1)[0]
    return staff_number(text)


def sign_in_trusted(db: Database, raw: str, *, station: str = "web", now: dt.datetime | None = None) -> AccountView:
    """A sign-in vouched for by the reverse proxy's single sign-on (no password asked): the account
    must exist, be active and not locked. Recorded like any sign-in, with ``sso``."""
    now = now or utcnow()
    staff_no = trusted_staff_number(raw)
    with db.session() as s:
        a = _account(s, staff_no)
        if a is None or not a.active or (a.locked_until is not None and a.locked_until > now):
            _refused(s, station, staff_no, a.requester_id if a else None, "sso")
            error = NotAllowed(_("Staff number {no} has no account at the ordering desk.").format(no=staff_no),
                               _("Ask the station to make one."), reason="no_account")
        else:
            a.last_sign_in = now
            view = AccountView.of(a)
            record(s, NewEvent(EventType.WEB_SIGNED_IN, station=station, at=now,
                               data={"requester_id": a.requester_id, "by": view.name, "staff_no": staff_no,
                                     "sso": True}))
            return view
    raise error


def sign_out(db: Database, actor: Actor) -> None:
    requester = require_requester(actor)
    with db.session() as s:
        record(s, NewEvent(EventType.WEB_SIGNED_OUT, station=actor.station,
                           data={"requester_id": requester, "by": actor.name}))


def current(db: Database, account_id: int, epoch: int) -> AccountView | None:
    """The account a session names, if it still stands (active, same epoch): checked on every request."""
    with db.reader() as s:
        a = s.get(WebAccount, account_id)
        if a is None or not a.active or a.epoch != epoch:
            return None
        return AccountView.of(a)


def change_password(db: Database, actor: Actor, account_id: int, old: str, new: str) -> AccountView:
    """The requester's own new password (the old one is asked again); other sessions end."""
    requester = require_requester(actor)
    with db.session() as s:
        a = s.get(WebAccount, account_id)
        if a is None or a.requester_id != requester:
            raise NotAllowed(_("This is not your account."), _("Sign in again."), reason="not_own")
        try:
            hasher.verify(a.password_hash, old)
        except (VerificationError, InvalidHashError):
            raise InvalidInput(_("The current password is wrong."), _("Type the password you signed in with."),
                               field="old", reason="wrong") from None
        check_new_password(new, a.staff_no)
        if new == old:
            raise InvalidInput(_("The new password is the same as the current one."), _("Choose another password."),
                               field="password", reason="same")
        a.password_hash = hasher.hash(new)
        a.must_change = False
        a.epoch += 1
        record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station,
                           data={"what": "web_password", "of": a.staff_no, "requester_id": requester,
                                 "by": actor.name}))
        return AccountView.of(a)


def accounts(db: Database) -> list[AccountView]:
    with db.reader() as s:
        return [AccountView.of(a) for a in s.scalars(select(WebAccount).order_by(WebAccount.staff_no))]
