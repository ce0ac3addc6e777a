"""Signing in and out with a badge; supervisors' PINs (salted scrypt, lockout after five misses);
the supervisor's edits of people: details, badge numbers, roles and accessibility profiles.

Master data is written directly (the ledger does not derive it); every change records a
``master_changed`` event in the same transaction, saying who changed what from what to what."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flat_desktop import codes
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event, Job, JobStatus, JobType, Role, Skill, SkillLevel, Worker
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.i18n import _
from flat_desktop.profile import MAX_TEXT_PT, MIN_TEXT_PT, Profile, PromptLevel, Theme
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


def pin_digest(pin: str, settings: str) -> str:
    """The digest of ``pin`` under a stored hash's ``scrypt$N$r$p$salt`` (its first five parts).
    Raises ValueError for settings that are not such."""
    _alg, n, r, p, salt = settings.split("$")[:5]
    return hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32).hex()


def check_pin(pin: str, stored: str) -> bool:
    try:
        got = pin_digest(pin, stored)
        digest = stored.split("$")[5]
    except (ValueError, TypeError, IndexError):
        return False
    return hmac.compare_digest(got, digest)


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
        if w.role != Role.SUPERVISOR:
            # Only the console asks for a PIN; a PIN on a worker's badge would be a secret nobody uses.
            raise NotAllowed(_("Only a supervisor's badge has a PIN."),
                             _("Make {name} a supervisor first, or leave the PIN empty.").format(name=w.name),
                             reason="pin_for_worker")
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
        if not pin.strip():
            # Nothing typed (a badge scan's Enter, a stray key) is no attempt: no event, no count.
            raise InvalidInput(_("Enter your PIN."), _("Type your PIN, then press Enter."), field="pin",
                               reason="no_pin")
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


def workers(db: Database, *, include_inactive: bool = False) -> list[WorkerView]:
    with db.reader() as s:
        return [WorkerView.of(w, with_skills=True) for w in queries.workers(s, active_only=not include_inactive)]


# --- editing people (supervisors only) ----------------------------------------------------

WORKER_CODE = re.compile(r"[A-Z]\d{3,4}")
_KANA = re.compile(r"[\u3041-\u309F\u30A0-\u30FF\u31F0-\u31FF ]+")
MAX_NAME = 100
MAX_KANA = 100
MAX_NOTE = 500
MAX_VOICE = 200
_OPEN_JOBS = (JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED, JobStatus.ON_HOLD)


@dataclass(frozen=True)
class WorkerDetails:
    """What the console edits about a person besides the profile and skills."""

    name: str
    kana: str
    badge: str
    role: str = Role.WORKER
    active: bool = True

    @classmethod
    def of(cls, w: WorkerView) -> WorkerDetails:
        return cls(w.name, w.kana, w.badge, w.role, w.active)


def _text(raw: str) -> str:
    # NFKC: full-width digits and letters typed in Japanese input mode mean the same.
    return unicodedata.normalize("NFKC", raw or "").strip()


def _kana(raw: str) -> str:
    # NFKC turns half-width katakana and the ideographic space into their normal forms.
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())


def normalise_code(raw: str) -> str:
    return _text(raw).upper()


def retired_badges(s: Session) -> set[str]:
    """Badge numbers given up when a badge was reissued: never given again, so a lost badge
    that turns up cannot sign in as somebody else."""
    rows = s.scalars(select(Event.data).where(Event.type == str(EventType.MASTER_CHANGED))).all()
    out: set[str] = set()
    for data in rows:
        if (data or {}).get("what") != "worker":
            continue
        old = (data.get("changed") or {}).get("badge")
        if isinstance(old, list) and old and old[0]:
            out.add(str(old[0]))
    return out


def _code_problems(s: Session, code: str) -> list[InvalidInput]:
    if not WORKER_CODE.fullmatch(code):
        return [InvalidInput(_("A worker code is one capital letter and 3 or 4 digits, like W031."),
                             _("Type a code like W031, or use the one proposed."), field="code", reason="bad_code")]
    if queries.worker(s, code) is not None:
        return [InvalidInput(_("The code {code} is already used.").format(code=code),
                             _("Use the proposed code or another free one."), field="code", reason="code_taken")]
    return []


def _details_problems(s: Session, d: WorkerDetails, code: str | None) -> list[InvalidInput]:
    out: list[InvalidInput] = []
    name = _text(d.name)
    if not name:
        out.append(InvalidInput(_("The name is empty."), _("Write the person's name."), field="name",
                                reason="empty_name"))
    elif len(name) > MAX_NAME:
        out.append(InvalidInput(_("The name is too long."), _("Write at most {n} characters.").format(n=MAX_NAME),
                                field="name", reason="long_name"))
    kana = _kana(d.kana)
    if not kana:
        out.append(InvalidInput(_("The reading (kana) is empty."),
                                _("Write the name in hiragana or katakana; the station reads it aloud."),
                                field="kana", reason="empty_kana"))
    elif not _KANA.fullmatch(kana) or len(kana) > MAX_KANA:
        out.append(InvalidInput(_("The reading must be hiragana or katakana only."),
                                _("Write the name in kana, like やまだ はなこ."), field="kana", reason="bad_kana"))
    badge = _text(d.badge)
    if not codes.BADGE_NUMBER.fullmatch(badge):
        out.append(InvalidInput(_("A badge number is exactly 5 digits."),
                                _("Type 5 digits, or press New badge number."), field="badge", reason="bad_badge"))
    else:
        holder = queries.worker_by_badge(s, badge)
        if holder is not None and holder.code != code:
            out.append(InvalidInput(_("Badge number {badge} belongs to {name}.").format(badge=badge, name=holder.name),
                                    _("Use another number, or press New badge number."), field="badge",
                                    reason="badge_taken"))
        elif (holder is None or holder.code != code) and badge in retired_badges(s):
            out.append(InvalidInput(_("Badge number {badge} was used on a badge that was replaced.").format(
                badge=badge), _("A reissued badge gets a new number: press New badge number."), field="badge",
                reason="badge_retired"))
    if d.role not in set(Role):
        out.append(InvalidInput(_("Unknown role."), _("Choose worker or supervisor."), field="role",
                                reason="bad_role"))
    return out


def details_problems(db: Database, details: WorkerDetails, code: str | None = None,
                     *, new_code: str | None = None) -> list[InvalidInput]:
    """Every problem with ``details`` (for the worker ``code``, or a new one with ``new_code``),
    so that a form can mark all of its fields at once; an empty list means valid."""
    with db.reader() as s:
        out = _code_problems(s, normalise_code(new_code)) if new_code is not None else []
        return out + _details_problems(s, details, code)


def _number(value: Any, field: str, low: float, high: float, *, whole: bool = False) -> InvalidInput | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if ok and whole:
        ok = float(value).is_integer()
    if not ok or not low <= float(value) <= high:
        return InvalidInput(_("{field}: {value} is not allowed.").format(field=PROFILE_LABELS[field](), value=value),
                            _("Choose a value from {low} to {high}.").format(low=_fmt(low), high=_fmt(high)),
                            field=field, reason="out_of_range")
    return None


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# Field names as the console labels them (functions: translated when the message is made).
PROFILE_LABELS: dict[str, Any] = {
    "theme": lambda: _("Colours"),
    "text_pt": lambda: _("Text size (pt)"),
    "pictures": lambda: _("Pictures"),
    "furigana": lambda: _("Furigana over kanji"),
    "speech": lambda: _("Speech"),
    "voice": lambda: _("Voice"),
    "rate": lambda: _("Speaking rate"),
    "volume": lambda: _("Volume"),
    "read_steps": lambda: _("Read each step aloud"),
    "min_dwell_s": lambda: _("Minimum time on a step (s)"),
    "confirm_done": lambda: _("Ask \"are you sure?\" before Done"),
    "auto_advance_s": lambda: _("Information steps move on after (s)"),
    "language": lambda: _("Language"),
    "note": lambda: _("Note for supervisors"),
}
RATE_RANGE = (0.5, 1.5)
VOLUME_RANGE = (0.0, 1.0)
DWELL_RANGE = (0.0, 60.0)
AUTO_RANGE = (3, 120)


def profile_problems(values: Mapping[str, Any]) -> list[InvalidInput]:
    """Every problem with a profile given as a dict of :class:`Profile` fields (strict: nothing
    is clamped, so a supervisor sees what was wrong instead of a silently changed value)."""
    out: list[InvalidInput] = []
    known = {f.name for f in fields(Profile)}
    for key in values:
        if key not in known:
            out.append(InvalidInput(_("Unknown profile setting {key}.").format(key=key),
                                    _("Use only the settings on the form."), field=str(key), reason="unknown_setting"))
    v = dict(Profile().to_dict(), **{k: val for k, val in values.items() if k in known})
    if str(v["theme"]) not in {str(t) for t in Theme}:
        out.append(InvalidInput(_("Unknown colours {theme}.").format(theme=v["theme"]),
                                _("Choose dark, light or yellow on black."), field="theme", reason="bad_theme"))
    for key, low, high, whole in (("text_pt", MIN_TEXT_PT, MAX_TEXT_PT, True), ("rate", *RATE_RANGE, False),
                                  ("volume", *VOLUME_RANGE, False), ("min_dwell_s", *DWELL_RANGE, False)):
        problem = _number(v[key], key, low, high, whole=whole)
        if problem is not None:
            out.append(problem)
    if v["auto_advance_s"] is not None:
        problem = _number(v["auto_advance_s"], "auto_advance_s", *AUTO_RANGE, whole=True)
        if problem is not None:
            problem.hint = _("Choose {low} to {high} seconds, or 0 for never.").format(low=AUTO_RANGE[0],
                                                                                      high=AUTO_RANGE[1])
            out.append(problem)
    for key in ("pictures", "furigana", "speech", "read_steps", "confirm_done"):
        if not isinstance(v[key], bool):
            out.append(InvalidInput(_("{field} must be on or off.").format(field=PROFILE_LABELS[key]()),
                                    _("Tick or untick the box."), field=key, reason="not_on_off"))
    if v["voice"] is not None and (not isinstance(v["voice"], str) or len(v["voice"]) > MAX_VOICE):
        out.append(InvalidInput(_("The voice name is not valid."), _("Choose a voice from the list."),
                                field="voice", reason="bad_voice"))
    if v["language"] not in ("ja", "en"):
        out.append(InvalidInput(_("Unknown language."), _("Choose Japanese or English."), field="language",
                                reason="bad_language"))
    if not isinstance(v["note"], str) or len(v["note"]) > MAX_NOTE:
        out.append(InvalidInput(_("The note is too long."), _("Write at most {n} characters.").format(n=MAX_NOTE),
                                field="note", reason="long_note"))
    return out


def _as_values(profile: Profile | Mapping[str, Any]) -> dict[str, Any]:
    return profile.to_dict() if isinstance(profile, Profile) else dict(profile)


def _first(problems: list[InvalidInput]) -> None:
    if problems:
        raise problems[0]


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {k: [old.get(k), new[k]] for k in new if old.get(k) != new[k]}


def _record_change(s: Session, actor: Actor, what: str, code: str, changed: Mapping[str, Any]) -> None:
    record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                       data={"what": what, "of": code, "changed": dict(changed)}))


def _write_profile(s: Session, actor: Actor, w: Worker, values: dict[str, Any]) -> bool:
    profile = Profile.from_dict(values).to_dict()
    old = Profile.from_dict(w.profile).to_dict()
    changed = _changes(old, profile)
    if not changed:
        return False
    w.profile = profile  # a new dict: the JSON column sees the change
    _record_change(s, actor, "profile", w.code, changed)
    return True


def _load(s: Session, code: str) -> Worker:
    w = queries.worker(s, code)
    if w is None:
        raise NotFound(_("No worker {code}.").format(code=code), _("Check the worker code."))
    return w


def _guard_role_and_active(s: Session, actor: Actor, w: Worker, d: WorkerDetails) -> None:
    leaving = w.active and not d.active
    demoted = w.role == Role.SUPERVISOR and d.role != Role.SUPERVISOR
    if (leaving or demoted) and actor.worker == w.code:
        raise NotAllowed(_("You cannot take away your own supervisor access."),
                         _("Ask another supervisor to do this."), reason="own_access")
    if leaving:
        open_jobs = s.scalars(select(Job.code).where(Job.assignee == w.code, Job.status.in_(_OPEN_JOBS))).all()
        if open_jobs:
            raise InvalidInput(_("{name} still has {n} open jobs.").format(name=w.name, n=len(open_jobs)),
                               _("Give the jobs ({codes}) to someone else first.").format(
                                   codes=", ".join(open_jobs[:5])), field="active", reason="has_jobs")
        if w.present:
            raise InvalidInput(_("{name} is signed in at {station}.").format(name=w.name, station=w.station or "?"),
                               _("Wait until they sign out."), field="active", reason="signed_in")


def next_worker_code(db: Database, role: str = Role.WORKER) -> str:
    """The next free code: W031 after W030 (S004 for a supervisor)."""
    letter = "S" if role == Role.SUPERVISOR else "W"
    with db.reader() as s:
        used = s.scalars(select(Worker.code).where(Worker.code.like(f"{letter}%"))).all()
    numbers = [int(c[1:]) for c in used if c[1:].isdigit()]
    return f"{letter}{max(numbers, default=0) + 1:03d}"


def next_badge_number(db: Database, role: str = Role.WORKER) -> str:
    """A badge number never used before: after the highest of the role's range (9xxxx for
    supervisors, below that for workers), counting retired numbers too."""
    with db.reader() as s:
        used = {*s.scalars(select(Worker.badge)).all(), *retired_badges(s)}
    supervisor = role == Role.SUPERVISOR
    numbers = [int(b) for b in used if b.isdigit() and (int(b) >= 90000) == supervisor]
    start = 90001 if supervisor else 10001
    number = max([*numbers, start - 1]) + 1
    while f"{number:05d}" in used or number > 99999:
        number = 10001 if number > 99999 else number + 1
    return f"{number:05d}"


def create_worker(db: Database, actor: Actor, code: str, details: WorkerDetails,
                  profile: Profile | Mapping[str, Any] | None = None) -> WorkerView:
    """Add a person with a new code and badge (a profile may be given; defaults otherwise)."""
    require_supervisor(actor)
    values = _as_values(profile) if profile is not None else Profile().to_dict()
    _first(profile_problems(values))
    with db.session() as s:
        return WorkerView.of(_create(s, actor, normalise_code(code), details, values), with_skills=True)


def _create(s: Session, actor: Actor, code: str, details: WorkerDetails, values: dict[str, Any]) -> Worker:
    _first(_code_problems(s, code) + _details_problems(s, details, None))
    w = Worker(code=code, name=_text(details.name), kana=_kana(details.kana), badge=_text(details.badge),
               role=str(details.role), active=details.active, profile=Profile.from_dict(values).to_dict())
    s.add(w)
    s.flush()
    record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                       data={"what": "worker_added", "of": code, "name": w.name, "badge": w.badge,
                             "role": w.role}))
    return w


def update_worker(db: Database, actor: Actor, code: str, details: WorkerDetails,
                  profile: Profile | Mapping[str, Any] | None = None) -> WorkerView:
    """Change a person's name, kana, badge number, role and active flag (and, if given, the
    profile) in one transaction. A changed badge number retires the old one for good."""
    require_supervisor(actor)
    values = _as_values(profile) if profile is not None else None
    if values is not None:
        _first(profile_problems(values))
    with db.session() as s:
        w = _update(s, actor, code, details, values)
        s.flush()
        return WorkerView.of(w, with_skills=True)


def _update(s: Session, actor: Actor, code: str, details: WorkerDetails, values: dict[str, Any] | None) -> Worker:
    w = _load(s, code)
    _first(_details_problems(s, details, code))
    _guard_role_and_active(s, actor, w, details)
    new = {"name": _text(details.name), "kana": _kana(details.kana), "badge": _text(details.badge),
           "role": str(details.role), "active": bool(details.active)}
    old = {"name": w.name, "kana": w.kana, "badge": w.badge, "role": str(w.role), "active": w.active}
    changed = _changes(old, new)
    if changed:
        for key, value in new.items():
            setattr(w, key, value)
        if "role" in changed and w.role != Role.SUPERVISOR:
            w.pin_hash = None  # the console is no longer theirs
        _record_change(s, actor, "worker", code, changed)
    if values is not None:
        _write_profile(s, actor, w, values)
    return w


@dataclass(frozen=True)
class SkillChoice:
    """A skill as the editor sets it: ``level`` None takes the skill away."""

    level: str | None
    prompt_level: str = PromptLevel.FULL


@dataclass(frozen=True)
class WorkerSaved:
    view: WorkerView
    skill_changes: int  # skill levels and prompt levels changed


def save_worker(db: Database, actor: Actor, code: str, details: WorkerDetails,
                profile: Profile | Mapping[str, Any], skills: Mapping[str, SkillChoice], *,
                new: bool = False) -> WorkerSaved:
    """Save everything the worker editor holds — the person, the profile and the skills — in
    ONE transaction: a refusal anywhere (an unknown job type, a taken badge) leaves nothing
    saved, never half a person. ``new`` adds the person with ``code``."""
    require_supervisor(actor)
    values = _as_values(profile)
    _first(profile_problems(values))
    for choice in skills.values():
        _check_levels(choice)
    with db.session() as s:
        w = _create(s, actor, normalise_code(code), details, values) if new else \
            _update(s, actor, code, details, values)
        n = 0
        for job_type, choice in skills.items():
            n += _write_skill(s, actor, w, job_type, choice)
        s.flush()
        s.refresh(w)
        return WorkerSaved(WorkerView.of(w, with_skills=True), n)


def _check_levels(choice: SkillChoice) -> None:
    if choice.level is not None and choice.level not in {str(v) for v in SkillLevel}:
        raise InvalidInput(_("Unknown skill level."), _("Choose a level from the list."), field="level")
    if choice.prompt_level not in {str(p) for p in PromptLevel}:
        raise InvalidInput(_("Unknown prompt level."), _("Choose a level from the list."), field="prompt_level",
                           reason="bad_prompt_level")


def _write_skill(s: Session, actor: Actor, w: Worker, job_type: str, choice: SkillChoice) -> int:
    """Set one skill and its prompt level; returns how many settings changed."""
    jt = queries.job_type(s, job_type)
    if jt is None:
        raise NotFound(_("There is no job type '{key}'.").format(key=job_type), _("Choose a job type."))
    sk = queries.skill(s, w.id, jt.id)
    n = 0
    if (sk.level if sk is not None else None) != choice.level:
        set_skill_in(s, actor, w, jt, choice.level)
        sk = queries.skill(s, w.id, jt.id)
        n += 1
    if sk is not None and sk.prompt_level != choice.prompt_level:
        old = sk.prompt_level
        sk.prompt_level = str(choice.prompt_level)
        _record_change(s, actor, "prompt_level", w.code, {job_type: [old, str(choice.prompt_level)]})
        n += 1
    return n


def set_skill_in(s: Session, actor: Actor, w: Worker, jt: JobType, level: str | None) -> None:
    """Give ``w`` the skill of ``jt`` at ``level``, or take it away (None), inside ``s``."""
    sk = queries.skill(s, w.id, jt.id)
    if level is None:
        if sk is not None:
            s.delete(sk)
    elif sk is None:
        s.add(Skill(worker_id=w.id, job_type_id=jt.id, level=level))
    else:
        sk.level = level
    s.flush()
    record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                       data={"what": "skill", "of": w.code, "job_type": jt.key, "level": level}))


def set_profile(db: Database, actor: Actor, code: str, profile: Profile | Mapping[str, Any]) -> WorkerView:
    """Replace a worker's accessibility profile; the station applies it at the next sign-in."""
    require_supervisor(actor)
    values = _as_values(profile)
    _first(profile_problems(values))
    with db.session() as s:
        w = _load(s, code)
        _write_profile(s, actor, w, values)
        return WorkerView.of(w, with_skills=True)


def set_prompt_level(db: Database, actor: Actor, code: str, job_type: str, level: str) -> None:
    """How much help the steps of one job type give this worker (full, partial, minimal)."""
    require_supervisor(actor)
    if level not in {str(p) for p in PromptLevel}:
        raise InvalidInput(_("Unknown prompt level."), _("Choose a level from the list."), field="prompt_level",
                           reason="bad_prompt_level")
    with db.session() as s:
        w = _load(s, code)
        jt = queries.job_type(s, job_type)
        sk = queries.skill(s, w.id, jt.id) if jt is not None else None
        if sk is None:
            raise InvalidInput(_("{name} has no skill for this job type.").format(name=w.name),
                               _("Give the skill first, then choose the prompt level."), field="prompt_level",
                               reason="no_skill")
        if sk.prompt_level == level:
            return
        old = sk.prompt_level
        sk.prompt_level = level
        _record_change(s, actor, "prompt_level", code, {job_type: [old, level]})
