"""The station's flow: which screen is shown, and which service each scan or key press calls.

Screens never call services; they report what the worker asked for and the flow answers by
telling its :class:`Screens` what to show next. Every service call writes its event before
the screen is told, so the screen never runs ahead of the database and a crash resumes where
the database says. Nothing here imports Qt: a test drives the flow without a display.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from flat_desktop import codes
from flat_desktop.db.database import Database
from flat_desktop.errors import FlatError, InvalidInput, NotAllowed
from flat_desktop.events import MachineOutcome, utcnow
from flat_desktop.i18n import _
from flat_desktop.profile import Profile
from flat_desktop.services import help, machines, people, scans, work
from flat_desktop.services.context import Actor
from flat_desktop.services.machines import machine_unit
from flat_desktop.services.timing import UsualTime, usual_step_time
from flat_desktop.services.views import EventView, JobView, StepView, WorkerView
from flat_desktop.speech import Speaker, SpeechSettings, Utterance
from flat_desktop.speech.sound_server import PcVolume
from flat_desktop.station import corrected, timing, voice
from flat_desktop.station.context import State, StepContext
from flat_desktop.station.journal import Journal
from flat_desktop.station.tally import Tally

T = TypeVar("T")

USUAL_READ_DELAY_MS = 100
MAX_COUNT = 99_999  # the most a counter shows; a typed number above it is refused
# A double press: the first one already counted. (A label read twice is caught before it
# reaches a service, so a scan refused as already done is a real refusal: an old ticket.)
HARMLESS = ("already_done",)
# A label read twice in this time (a scanner's double read, a second pull of the trigger) is one scan.
DOUBLE_READ_S = 2.0
# The own badge scanned in the middle of a job asks first; scanned again in this window it signs
# out (sooner is the scanner reading the same badge twice, later is a new question).
SIGN_OUT_AGAIN_S = (0.8, 15.0)
_FEED_TYPES = ("job_assigned", "job_unassigned", "job_cancelled", "job_created", "job_finished", "job_held",
               "job_resumed_from_hold", "job_edited", "job_rework")


class Screens(Protocol):
    """What the flow tells the window."""

    def show(self, state: State, data: Any) -> None: ...
    def error(self, message: str, hint: str) -> None: ...
    def error_cleared(self) -> None: ...
    def help_changed(self, open_: bool) -> None: ...
    def help_answered(self, message: str) -> None:
        """The worker's call was answered: the help band says ``message`` for a while, then goes."""
        ...
    def nudge(self, message: str) -> None:
        """A prompt on the step screen that stays until the step changes ("" takes it away)."""
        ...
    def speech_notice(self, message: str) -> None:
        """A quiet line that the station cannot speak now ("" takes it away)."""
        ...
    def profile_changed(self, profile: Profile | None) -> None: ...
    def count_set(self, count: int) -> None: ...
    def ask(self, question: str) -> None: ...


class Background(Protocol):
    """How the flow reads off the worker's thread and waits: Qt's tasks and timers in the
    station, at once in a test."""

    def run(self, fn: Callable[[], T], on_done: Callable[[T], None],
            on_error: Callable[[Exception], None] | None = None) -> None: ...
    def later(self, ms: int, fn: Callable[[], None]) -> None: ...


class AtOnce:
    """A :class:`Background` that does everything at once, on the caller's thread."""

    def run(self, fn: Callable[[], T], on_done: Callable[[T], None],
            on_error: Callable[[Exception], None] | None = None) -> None:
        try:
            result = fn()
        except Exception as exc:  # handed on, as the station's task runner does
            if on_error is None:
                raise
            on_error(exc)
            return
        on_done(result)

    def later(self, ms: int, fn: Callable[[], None]) -> None:
        fn()


class StationFlow:
    def __init__(self, db: Database, speaker: Speaker, journal: Journal, station: str, screens: Screens,
                 background: Background | None = None, *, dwell_scale: float = 1.0,
                 tally: Tally | None = None, pc_volume: PcVolume | None = None) -> None:
        self.db = db
        self.pc_volume = pc_volume  # the PC speaker's volume, set for each worker (None: left alone)
        self.speaker = speaker
        self.journal = journal
        self.station = station
        self.screens = screens
        self.background = background or AtOnce()
        self.dwell_scale = dwell_scale
        self.tally = tally or Tally(None)  # counts in progress, on the station's disk
        self.state = State.SIGN_IN
        self.actor: Actor | None = None
        self.worker: WorkerView | None = None
        self.jobs: list[JobView] = []
        self.job: JobView | None = None
        self.context: StepContext | None = None
        self.help_open = False
        self.spoiled = 0
        self._finished: str | None = None  # the job last finished here (praise screen)
        self._last_spoken: Utterance | None = None
        self._last_words: list[Utterance] = []  # what Repeat says again off a step
        self._stuck_stage = 0  # 0 nothing yet, 1 re-spoken (and shown), 2 supervisors told
        self._nudged = False  # a prompt is on the step screen (until the step changes)
        self.speech_lost = False  # the voice failed: shown quietly, supervisors told, until it works again
        # Since when the worker has been at this step: the step's start, or the moment they came
        # back to it (signed in, back from a break), whichever is later. A step begun hours ago
        # and resumed now is not "stuck".
        self.step_clock: dt.datetime | None = None
        self._arrived: dt.datetime | None = None
        # The last label that did something, when, and the screen it brought (its number).
        self._accepted: tuple[str, dt.datetime, int | None] | None = None
        self._shown = 0  # screens shown so far
        # The current step's usual time for this worker: the standard until their own is read.
        self.usual: UsualTime | None = None
        self._usual_for: tuple[str, int] | None = None
        # How speech reaches the speaker: at once, or (the station window) once the screen it
        # belongs to is painted, so that the engine's thread does not slow that paint down.
        self.speak_when: Callable[[Callable[[], None]], None] = _now
        # The station's clock (a test sets its own): double reads, the sign-out question, arrival.
        self.clock: Callable[[], dt.datetime] = utcnow
        self._sign_out_asked: dt.datetime | None = None

    # -- speech and errors -----------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        return self.worker.profile if self.worker else Profile()

    def say(self, text: str, markup: str | None = None, *, force: bool = False, queue: bool = False) -> None:
        """Speak (when the profile has speech on). ``force`` is for what the worker must hear
        whatever the profile says about steps; ``queue`` adds to what is being said."""
        self.say_all([Utterance(text, markup)], force=force, queue=queue)

    def say_all(self, words: list[Utterance], *, force: bool = False, queue: bool = False) -> None:
        if not words:
            return
        self._last_words = words
        self._last_spoken = words[-1]
        if not self.profile.speech:
            return
        if not force and self.worker is not None and not self.profile.read_steps and self.state == State.STEP:
            return
        for i, utterance in enumerate(words):
            self.journal.write("speak", text=utterance.text)
            self.speak_when(functools.partial(self.speaker.say, utterance, interrupt=not queue and i == 0))

    def fail(self, err: FlatError, *, raw: str | None = None, job: str | None = None,
             step: int | None = None) -> None:
        """Show and speak an error; a refused scan is also recorded as ``scan_rejected``."""
        if err.reason in HARMLESS and raw is None:
            return
        if raw is not None:
            self._verdict(raw, "rejected", reason=err.reason)
            # Recording the refusal must never hide the refusal itself.
            with contextlib.suppress(FlatError):
                scans.reject(self.db, self.actor, raw, err, station=self.station, job=job, step=step)
        self.screens.error(err.message, err.hint)
        self.say(f"{err.message} {err.hint}", force=True)

    def _call(self, fn: Callable[[], T], *, raw: str | None = None, job: str | None = None,
              step: int | None = None) -> T | None:
        """Run one service call; on refusal show it and return None."""
        try:
            result = fn()
        except FlatError as err:
            self.fail(err, raw=raw, job=job, step=step)
            return None
        self.screens.error_cleared()
        return result

    def _show(self, state: State, data: Any = None) -> None:
        self.state = state
        self._shown += 1
        self._sign_out_asked = None  # a question about signing out belongs to the screen it was asked on
        if self._accepted is not None and self._accepted[2] is None:
            self._accepted = (*self._accepted[:2], self._shown)
        self.journal.write("screen", screen=state.value, worker=self.actor.worker if self.actor else None,
                           job=self.job.code if self.job else None,
                           step=self.context.step.position if self.context and state == State.STEP else None)
        self.screens.show(state, data)

    # -- start -------------------------------------------------------------------------------

    def begin(self) -> None:
        self._show(State.SIGN_IN)
        self.say(_("Please scan your staff badge."))

    # -- scans -------------------------------------------------------------------------------

    def on_scan(self, raw: str, typed: bool = False) -> None:
        """A scan, or a code or number keyed in by hand (``typed``: at a person's pace)."""
        scan = codes.parse(raw)  # the one parse of this scan: every branch below uses it
        kind = scan.kind if scan else None
        self.journal.write("scan", payload=raw, typed=typed, code_kind=kind.value if kind else None,
                           state=self.state.value)
        if scan is not None and self._read_twice(scan):
            self._verdict(raw, "read_twice")
            return
        try:
            if scan is None and typed and self._typed_count(raw):
                return
            self._route(raw, scan)
        except FlatError as err:  # a refusal no branch expected still reaches the worker
            self.fail(err, raw=raw, job=self.job.code if self.job else None)

    def _route(self, raw: str, scan: codes.Scan | None) -> None:
        kind = scan.kind if scan else None
        if kind is codes.CodeKind.BADGE:
            self._badge(raw)
        elif self.actor is None:
            self.fail(InvalidInput(_("This is not a staff badge."), _("Please scan your own staff badge."),
                                   reason="not_a_badge"), raw=raw)
        elif self.state in (State.MY_JOBS, State.PRAISE):
            self.start_job(raw)
        elif self.state == State.STEP:
            self._scan_at_step(raw, scan)
        elif self.state == State.BREAK:
            self._scan_on_break(raw, scan)
        elif self.state == State.FINISH:
            self._scan_to_finish(raw)

    def _typed_count(self, raw: str) -> bool:
        """Digits typed by hand on a step that counts set the count: 820 is typed, not 82
        presses of Page Up. Digits in a scanner's burst are a scan (another barcode), and are
        refused as one."""
        ctx = self.context
        text = codes.normalise(raw)
        if self.state != State.STEP or ctx is None or not ctx.counts or not (text.isascii() and text.isdigit()):
            return False
        count = int(text)
        if count > MAX_COUNT:
            self.fail(InvalidInput(_("The number {n} is not possible.").format(n=count),
                                   _("Enter the number again."), reason="bad_number"),
                      raw=raw, job=ctx.job.code, step=ctx.step.position)
            return True
        self._verdict(raw, "count_set", job=ctx.job.code, step=ctx.step.position, count=count)
        self.count_changed(count)
        self.screens.count_set(count)
        self.say(_("The count is now {n} {unit}.").format(n=count, unit=ctx.unit), force=True)
        return True

    def _read_twice(self, scan: codes.Scan) -> bool:
        """The label that just did something, read again at once while the screen it brought is
        still shown: ignored, not refused (the same ticket later on a break screen is a resume)."""
        last = self._accepted
        if last is None or last[0] != scan.payload or last[2] != self._shown or scan.kind is codes.CodeKind.BADGE:
            return False
        return (self.clock() - last[1]).total_seconds() < DOUBLE_READ_S

    def _took(self, raw: str) -> None:
        scan = codes.parse(raw)
        self._accepted = (scan.payload, self.clock(), None) if scan is not None else None

    def _verdict(self, raw: str, verdict: str, **data: Any) -> None:
        """How a scan ended, one line per scan in the station's log: what it did, or ``rejected``."""
        self.journal.write("scan", payload=raw, verdict=verdict, **data)

    def _badge(self, raw: str) -> None:
        if self.actor is not None:
            try:
                number = people.badge_number(raw)
            except FlatError as err:
                self.fail(err, raw=raw)
                return
            if self.worker is not None and number == self.worker.badge:
                self._own_badge(raw)
                return
            self.fail(NotAllowed(_("This is someone else's badge."),
                                 _("Scan your own badge to sign out first."), reason="other_badge"), raw=raw)
            return
        signed = self._call(lambda: people.sign_in(self.db, raw, self.station), raw=raw)
        if signed is None:
            return
        self.actor, self.worker = signed
        self._arrived = self.clock()
        self._verdict(raw, "signed_in", worker=self.actor.worker)
        self.speaker.settings = self._volume(voice.speech_settings(self.worker.profile))
        self.screens.profile_changed(self.worker.profile)
        self.help_open = help.open_call_for(self.db, self.worker.code) is not None
        self.screens.help_changed(self.help_open)
        self.jobs = work.my_jobs(self.db, self.actor)
        running = next((j for j in self.jobs if j.status == "in_progress"), None)
        if running is not None:  # back to the step the database says, after a crash or sign-out
            hello = Utterance.sentence(_("Hello, {name}. Let's go on."), name=self.worker.name_markup)
            self.say(hello.text, hello.markup, force=True)
            self.start_code(running.code, queue=True)
            return
        self.show_jobs(greet=True)

    def _own_badge(self, raw: str) -> None:
        """The worker's own badge: off My jobs or praise it signs out at once; in the middle of a
        job (a step, a break, the finish) it first asks, and a second scan soon after signs out."""
        if self.state in (State.STEP, State.BREAK, State.FINISH):
            now = self.clock()
            asked = self._sign_out_asked
            gap = (now - asked).total_seconds() if asked is not None else None
            if gap is not None and gap < SIGN_OUT_AGAIN_S[0]:
                self._verdict(raw, "read_twice")
                return
            if gap is None or gap > SIGN_OUT_AGAIN_S[1]:
                self._verdict(raw, "sign_out_asked")
                message = _("Do you want to sign out?")
                hint = _("Scan your badge again to sign out. To go on, just go on with the work.")
                self.screens.error(message, hint)
                self.say(f"{message} {hint}", force=True)
                self._sign_out_asked = now
                # A question nobody answered does not stay on the screen.
                self.background.later(int(SIGN_OUT_AGAIN_S[1] * 1000) + 100, lambda: self._sign_out_expired(now))
                return
        self._verdict(raw, "signed_out")
        self.sign_out("badge")

    def _sign_out_expired(self, asked: dt.datetime) -> None:
        if self._sign_out_asked == asked and (self.clock() - asked).total_seconds() > SIGN_OUT_AGAIN_S[1]:
            self._sign_out_asked = None
            self.screens.error_cleared()

    def sign_out(self, reason: str) -> None:
        if self.actor is None:
            return
        if self.job is not None and self.state in (State.STEP, State.FINISH):
            # The clock must not run on a job nobody is at.
            self._call(lambda: work.pause(self.db, self._actor(), self._code(), reason="signed_out"))
        self._call(lambda: people.sign_out(self.db, self._actor(), reason=reason))
        self.actor = self.worker = None
        self.job = self.context = None
        self.jobs = []
        self._usual_for = None
        self._accepted = None
        self.help_open = False
        self.screens.help_changed(False)
        self.speaker.settings = SpeechSettings()
        if self.pc_volume is not None and self.pc_volume.available:
            pc = self.pc_volume
            self.background.run(pc.for_station, lambda _set: None, lambda _exc: None)
        self.screens.profile_changed(None)
        self.screens.error_cleared()
        self._show(State.SIGN_IN)
        self.say(_("You are signed out. Thank you."))

    # -- my jobs -----------------------------------------------------------------------------

    def show_jobs(self, *, greet: bool = False) -> None:
        self.job = self.context = None
        self.jobs = work.my_jobs(self.db, self._actor())
        self._show(State.MY_JOBS, self.jobs)
        name = self.worker.name_markup if self.worker else ""
        if not self.jobs:
            text = _("There is no job for you now. Please wait, or ask a supervisor.")
        else:
            text = _("You have {n} jobs. Scan a ticket, or press Enter to start the first one.").format(
                n=len(self.jobs))
        # The name is said by its reading (a kana-only voice cannot read 山田).
        said = Utterance.sentence(_("Hello, {name}.") + " {rest}" if greet else "{rest}", name=name, rest=text)
        self.say_all([said, *_redo_words(self.jobs)], force=True)

    def start_job(self, raw: str) -> None:
        job = self._call(lambda: work.start(self.db, self._actor(), raw), raw=raw)
        if job is None:
            return
        self._took(raw)
        self._verdict(raw, "job", job=job.code)
        self._enter_started(job)

    def start_code(self, code: str, *, queue: bool = False) -> None:
        """A card was chosen and the big button pressed: the same as scanning its ticket."""
        job = self._call(lambda: work.start(self.db, self._actor(), code))
        if job is not None:
            self._enter_started(job, queue=queue)

    def _enter_started(self, job: JobView, *, queue: bool = False) -> None:
        """A job sent back after its check says what to redo before its step (shown above it)."""
        notice = voice.rework_notice(job)
        if notice:
            self.say(notice, force=True, queue=queue)
        self._enter_step(job, notice, queue=queue or bool(notice))

    # -- steps -------------------------------------------------------------------------------

    def _enter_step(self, job: JobView, notice: str = "", *, queue: bool = False) -> None:
        self.job = job
        step = next((s for s in job.steps if s.position == job.current_step), None)
        if step is None or job.current_step is None:
            self._show_finish(job)
            return
        self.context = self._step_context(job, step, notice)
        self.step_clock = _later(job.step_started_at, self._arrived)
        self._read_usual(job, step)
        self._show(State.STEP, self.context)
        self.say_all(voice.step_words(self.context, asked=False), queue=queue)
        self._prepare_next(job, step)

    def _step_context(self, job: JobView, step: StepView, notice: str = "") -> StepContext:
        level = self.worker.prompt_level_for(job.type) if self.worker else "full"
        p = self.profile
        dwell_s = max(p.min_dwell_s, step.min_dwell_s or 0.0)
        return StepContext(
            job=job, step=step, prompt_level=level,
            machine_running=bool(step.machine and job.machine_in_use == step.machine),
            dwell_ms=int(dwell_s * 1000 * self.dwell_scale), confirm=p.confirm_done,
            # Only a plain step can be information only: a count, a machine, a scan or a check
            # needs the worker, whatever the template says.
            auto_advance_s=p.auto_advance_s if step.info_only and step.kind == "plain" else None,
            furigana=p.furigana, pictures=p.pictures and level != "minimal", notice=notice,
            counted=self.tally.get(job.code, step.position),
            unit=machine_unit(step.machine_type) if step.kind == "machine" else job.unit)

    def _prepare_next(self, job: JobView, step: StepView) -> None:
        """The next step's words are made ready while the worker is on this one: when Done shows
        it, its voice starts at once instead of after the sound is made."""
        prepare = getattr(self.speaker, "prepare", None)
        following = next((s for s in job.steps if s.position > step.position and s.state != "done"), None)
        if prepare is None or following is None or not (self.profile.speech and self.profile.read_steps):
            return
        prepare(voice.step_words(self._step_context(job, following), asked=False))

    def _read_usual(self, job: JobView, step: StepView) -> None:
        """Once per step (not again when a machine scan shows the same step), off the GUI thread."""
        key = (job.code, step.position)
        if key == self._usual_for:
            return
        self._usual_for = key
        if self._nudged:
            self._nudge("")  # it belonged to the step before
        self._stuck_stage = 0  # re-prompt once per step, even if a machine scan shows it again
        standard = timing.standard_seconds(step)
        self.usual = UsualTime(standard, 0)
        if self.worker is None:
            return
        worker, kind = self.worker.code, job.type

        def read() -> None:
            if key != self._usual_for:
                return  # moved on before the read began
            self.background.run(
                lambda: usual_step_time(self.db, worker, kind, step.position, standard, exclude_job=job.code),
                lambda usual: self._usual_read(key, usual),
                lambda exc: self.journal.write("usual_failed", error=str(exc)))  # the standard stands

        # Begun once the step is painted: a read on another thread holds Python's lock in turns
        # with the GUI thread and would slow the paint the worker waits for. It is needed in minutes.
        self.background.later(USUAL_READ_DELAY_MS, read)

    def _usual_read(self, key: tuple[str, int], usual: UsualTime) -> None:
        if key != self._usual_for:
            return  # the worker has moved on meanwhile
        self.usual = usual
        self.journal.write("usual", job=key[0], step=key[1], seconds=round(usual.seconds, 1),
                           samples=usual.samples, own=usual.own)

    def repeat(self) -> None:
        if self.state == State.STEP and self.context is not None:
            self.say_all(voice.step_words(self.context, asked=True), force=True)
        else:
            self.say_all(self._last_words, force=True)

    def done(self, count: int | None = None, *, short_ok: bool = False) -> None:
        """Done / 次へ on a step (after the screen's dwell and optional confirmation).

        ``count``: the counter's number on a step that counts. Fewer than the target is asked
        about first (shown and spoken); ``short_ok`` is the worker's yes to that question. A
        running machine that nobody counted (0) made its target.
        """
        ctx = self.context
        if self.state != State.STEP or ctx is None:
            return
        st = ctx.step
        if ctx.counts and count is not None:
            self.count_changed(count)
        if st.kind == "count" and count is None:
            count = ctx.counted
        elif st.kind == "machine":
            count = count or None
        if st.target and count is not None and count < st.target and not short_ok and not ctx.needs_scan:
            self._ask_short(ctx, count)
            return
        if ctx.needs_scan:
            self.fail(_scan_first(ctx))
            return
        job = self._call(lambda: work.complete_step(self.db, self._actor(), ctx.job.code, st.position,
                                                    count=count if st.kind in ("count", "machine") else None,
                                                    prompt_level=ctx.prompt_level))
        if job is not None:
            self.tally.forget(ctx.job.code, st.position)  # recorded with the step now
            self._enter_step(job)

    def _ask_short(self, ctx: StepContext, count: int) -> None:
        question = _("You counted {n} {unit}: fewer than {target} {unit}.").format(
            n=count, target=ctx.step.target, unit=ctx.unit)
        question += " " + _("Is that right? Enter: yes. Escape: count again.")
        self.journal.write("short_count", job=ctx.job.code, step=ctx.step.position, count=count,
                           target=ctx.step.target)
        self.screens.ask(question)
        self.say(question, force=True)

    def count_changed(self, count: int) -> None:
        """The counter moved (a key, a button, a typed number): kept on disk at once, so a
        crash or a restart shows the same number again."""
        ctx = self.context
        if self.state != State.STEP or ctx is None or not ctx.counts or count == ctx.counted:
            return
        count = max(0, min(MAX_COUNT, count))
        self.tally.set(ctx.job.code, ctx.step.position, count)
        self.context = replace(ctx, counted=count)

    def refused(self) -> None:
        """Done pressed too early (the dwell), or on a step that a scan finishes."""
        ctx = self.context
        if ctx is not None and ctx.needs_scan:
            self.fail(_scan_first(ctx))  # shown as well as said: what to scan
        else:
            self.say(_("Not yet. Please wait a little."), force=True)

    def confirm_asked(self) -> None:
        """The step screen shows its "are you sure?": it is said too."""
        if self.state == State.STEP:
            self.say_all([Utterance(voice.confirm_question())], force=True)

    def target_reached(self) -> None:
        """A count step's counter came up to its target (the counter shows the same words)."""
        if self.state == State.STEP:
            self.say(voice.target_reached(), force=True)

    def _scan_at_step(self, raw: str, scan: codes.Scan | None) -> None:
        ctx = self.context
        assert ctx is not None
        st, code = ctx.step, ctx.job.code
        kind = scan.kind if scan else None
        if kind is codes.CodeKind.TICKET and scan is not None and scan.value == code:
            self._verdict(raw, "same_job", job=code)
            words = _("You are doing this job now. Go on with step {n}.").format(n=st.position)
            self._nudge(words)
            self.say(words, force=True)
            return
        if st.kind == "machine" and kind is codes.CodeKind.MACHINE:
            job = self._call(lambda: machines.start(self.db, self._actor(), code, st.position, raw),
                             raw=raw, job=code, step=st.position)
            if job is not None:
                self._took(raw)
                self._verdict(raw, "machine_started", job=code)
                self._enter_step(job)
            return
        if st.kind == "scan":
            job = self._call(lambda: work.scan_at_step(self.db, self._actor(), code, st.position, raw,
                                                       prompt_level=ctx.prompt_level),
                             raw=raw, job=code, step=st.position)
            if job is not None:
                self._took(raw)
                self._verdict(raw, "step_scanned", job=code)
                self._enter_step(job)
            return
        err: FlatError
        if kind is codes.CodeKind.TICKET:
            err = NotAllowed(_("You are doing another job now."), _("Finish this job first."), reason="busy")
        elif st.kind == "machine":
            err = InvalidInput(_("This is not a machine label."), _("Please scan the label on the machine."),
                               reason="not_a_machine")
        else:
            err = InvalidInput(_("This step needs no scan."), _("Press Done when the step is finished."),
                               reason="no_scan_needed")
        self.fail(err, raw=raw, job=code, step=st.position)

    def machine_trouble(self, outcome: str) -> None:
        """Jam or fault: the machine stops (logged), and Help is offered."""
        ctx = self.context
        if self.state != State.STEP or ctx is None or not ctx.machine_running:
            return
        # The units the worker counted so far are this run's (the count goes on after the re-scan).
        job = self._call(lambda: machines.stop(self.db, self._actor(), ctx.job.code, ctx.step.position,
                                               counted=ctx.counted, outcome=MachineOutcome(outcome)))
        if job is None:
            return
        self._accepted = None  # the same machine label is scanned again to go on
        words = _("The paper is stuck.") if outcome == "jam" else _("The machine is broken.")
        notice = words + " " + _("Press Help to call a supervisor. Scan the machine again to go on.")
        self._enter_step(job, notice=notice)
        self.say(notice, force=True)

    # -- help, break -------------------------------------------------------------------------

    def call_help(self) -> None:
        """Help from any screen after sign-in, with the job and step the worker is at, if any
        (on the praise screen: the job just finished)."""
        if self.actor is None:
            return
        job: str | None = None
        step: int | None = None
        if self.state == State.STEP and self.context is not None:
            job, step = self.context.job.code, self.context.step.position
        elif self.state in (State.BREAK, State.FINISH) and self.job is not None:
            job, step = self.job.code, self.job.current_step
        elif self.state == State.PRAISE:
            job = self._finished
        jammed = (self.state == State.STEP and self.context is not None and bool(self.context.notice)
                  and self.context.notice != voice.rework_notice(self.context.job))
        kind = "jam" if jammed else "help"
        if self._call(lambda: help.call(self.db, self._actor(), job=job, step=step, kind=kind)) is None:
            return
        self.help_open = True
        self.screens.help_changed(True)
        self.journal.write("screen", screen="help_overlay")
        self.say(_("A supervisor is coming. Please wait."), force=True)

    def take_break(self) -> None:
        if self.state != State.STEP or self.job is None:
            return
        code = self.job.code
        if self._call(lambda: _ok(work.pause, self.db, self._actor(), code, reason="break")) is None:
            return
        self.job = work.job(self.db, self._actor(), code)
        self._show(State.BREAK, self.job)
        self.say(_("Have a good break. Press Enter or scan the ticket to go on."), force=True)

    def resume(self, raw: str | None = None) -> None:
        """Back from a break: Enter, or the job's ticket (``raw``)."""
        if self.state != State.BREAK or self.job is None:
            return
        code = self.job.code
        job = self._call(lambda: work.resume(self.db, self._actor(), code), raw=raw, job=code)
        if job is None:
            return
        if raw is not None:
            self._took(raw)
            self._verdict(raw, "resumed", job=code)
        self._enter_step(job)

    def _scan_on_break(self, raw: str, scan: codes.Scan | None) -> None:
        assert self.job is not None
        if scan is not None and scan.kind is codes.CodeKind.TICKET and scan.value == self.job.code:
            self.resume(raw)
            return
        if scan is not None and scan.kind is codes.CodeKind.TICKET:
            err = InvalidInput(_("This is the ticket of another job."), _("Scan the ticket of this job."),
                               reason="wrong_ticket")
        else:
            err = InvalidInput(_("You are on a break."), _("Scan the ticket of this job to go on."),
                               reason="on_break")
        self.fail(err, raw=raw, job=self.job.code)

    # -- finish ------------------------------------------------------------------------------

    def _show_finish(self, job: JobView) -> None:
        self.context = None
        self._show(State.FINISH, job)
        words = [Utterance(_("All steps are done. Scan the job ticket to finish."))]
        if voice.asks_spoiled(job):  # the screen asks it too
            words.append(Utterance(voice.spoiled_question()))
        self.say_all(words, force=True)

    def set_spoiled(self, spoiled: int) -> None:
        self.spoiled = spoiled

    def _scan_to_finish(self, raw: str) -> None:
        assert self.job is not None
        code = self.job.code
        spoiled = self.spoiled
        job = self._call(lambda: work.finish(self.db, self._actor(), code, raw, spoiled=spoiled),
                         raw=raw, job=code)
        if job is None:
            return
        self._took(raw)
        self.spoiled = 0
        self._verdict(raw, "finished", job=code)
        self._finished = code
        self.tally.forget(code)
        self.job = None
        self.jobs = work.my_jobs(self.db, self._actor())
        nxt = self.jobs[0] if self.jobs else None
        self._show(State.PRAISE, nxt)
        praise = _("Well done! The job is finished.")
        if nxt is not None:
            praise += " " + _("Next job: {title}.")
        said = Utterance.sentence(praise, title=nxt.title_markup if nxt is not None else "")
        self.say(said.text, said.markup, force=True)

    # -- feed and clocks ---------------------------------------------------------------------

    def on_events(self, events: list[EventView]) -> None:
        if self.worker is None:
            return
        me = self.worker.code
        for e in events:
            if e.type == "help_answered" and e.data.get("caller") == me and self.help_open:
                self.help_open = False
                # What the supervisor decided: coming now, coming later, or someone else comes.
                words = {"later": _("A supervisor saw your call and will come a little later. Please wait."),
                         "handover": _("A supervisor saw your call. Another supervisor will come."),
                         }.get(e.data.get("outcome", ""), _("A supervisor answered your call and is on the way."))
                self.screens.help_answered(words)
                self.journal.write("screen", screen="help_answered")
                self.say(words, force=True)
        for e in events:
            in_hand = self.job is not None and self.state in (State.STEP, State.BREAK, State.FINISH)
            if in_hand and self.job is not None and e.job == self.job.code and e.type in corrected.KINDS:
                self._corrected(e)
        if self.state == State.MY_JOBS and any(e.type in _FEED_TYPES for e in events):
            actor = self._actor()
            # Read off the GUI thread; only a worker still on My jobs sees the result.
            self.background.run(lambda: work.my_jobs(self.db, actor), lambda fresh: self._jobs_changed(actor, fresh))

    def _corrected(self, e: EventView) -> None:
        """A supervisor cancelled, held or changed the job in hand: shown and said at once, with
        what to do with the work already made."""
        assert self.job is not None
        code = self.job.code
        self.journal.write("corrected", job=code, change=e.type)
        if e.type != corrected.EDITED:
            notice = corrected.stopped(e.type)
            if e.type == corrected.CANCELLED:
                self.tally.forget(code)  # nobody counts on for a cancelled job
            self.job = self.context = None
            self.jobs = work.my_jobs(self.db, self._actor())
            self._show(State.MY_JOBS, self.jobs)
            self.screens.error(notice.message, notice.hint)
            self.say_all(list(notice.said), force=True)
            return
        actor = self._actor()
        read = self._call(lambda: replace(work.job(self.db, actor, code),
                                          step_started_at=work.step_started_at(self.db, code)))
        if read is None:
            return
        job = read
        was = self.context.step if self.context is not None else None
        now = next((st for st in job.steps if st.position == job.current_step), None)
        if was is not None and (now is None or (now.position, now.title, now.kind) != (was.position, was.title,
                                                                                         was.kind)):
            self.tally.forget(code, was.position)  # another step in its place: its count starts afresh
        notice = corrected.changed(e, job)
        self.say_all(list(notice.said), force=True)
        if self.state == State.BREAK:
            self.job = job
            self._show(State.BREAK, job)
            self.screens.error(notice.message, notice.hint)
            return
        self._enter_step(job, queue=True)  # the step screen with the new figures, read after the change
        if self.state == State.STEP:
            self._nudge(notice.text)

    def _jobs_changed(self, actor: Actor, fresh: list[JobView]) -> None:
        if self.state != State.MY_JOBS or self.actor != actor:
            return
        if [(j.code, j.version) for j in fresh] != [(j.code, j.version) for j in self.jobs]:
            before = {j.code: j.rework_note for j in self.jobs}
            self.jobs = fresh
            self._show(State.MY_JOBS, fresh)
            sent_back = [j for j in fresh if j.rework_note and before.get(j.code) != j.rework_note]
            self.say_all([Utterance(_("Your jobs have changed.")), *_redo_words(sent_back)], force=True)

    def check_stuck(self, now: dt.datetime | None = None) -> None:
        """Called every few seconds: re-speak once, then quietly tell supervisors."""
        ctx = self.context
        if self.state != State.STEP or ctx is None or self._stuck_stage >= 2 or self.help_open:
            return
        usual = self.usual.seconds if self.usual is not None else timing.standard_seconds(ctx.step)
        now = now or self.clock()
        if not timing.is_stuck(self.step_clock, now, usual * (1 + self._stuck_stage * 0.5)):
            return
        if self._stuck_stage == 0:
            self._stuck_stage = 1
            self.journal.write("stuck_prompt", job=ctx.job.code, step=ctx.step.position, usual_s=round(usual, 1))
            # Shown as well as said: a worker who cannot hear sees the same prompt, until the step changes.
            prompt = voice.stuck_prompt()
            self._nudge(prompt)
            self.say_all([Utterance(prompt), *voice.step_words(ctx, asked=True)], force=True)
            return
        self._stuck_stage = 2
        start = timing.aware(self.step_clock)
        assert start is not None
        seconds = (now - start).total_seconds()
        self._call(lambda: help.stuck(self.db, self._actor(), ctx.job.code, ctx.step.position,
                                      seconds=seconds, usual_s=usual))

    def _nudge(self, words: str) -> None:
        """Show what is said on the step screen, until the step changes ("" takes it away)."""
        self._nudged = bool(words)
        self.screens.nudge(words)

    # -- the station's own voice -----------------------------------------------------------

    def _volume(self, settings: SpeechSettings) -> SpeechSettings:
        """The worker's volume on the PC's speaker (off the worker's thread: the sound server may
        be slow), the voice at full scale under it; without a sound server, in the voice itself."""
        if self.pc_volume is None or not self.pc_volume.available:
            return settings
        pc, level = self.pc_volume, settings.clamped_volume()
        self.background.run(lambda: pc.for_worker(level), lambda _set: None, lambda _exc: None)
        return replace(settings, volume=1.0)

    def speech_failed(self, detail: str) -> None:
        """The voice does not work (no sound device, no speech engine). The worker sees it on screen
        and supervisors get one quiet alert; repeated failures of the same outage change nothing."""
        if self.speech_lost:
            return
        self.speech_lost = True
        self.journal.write("speech_failed", error=detail)
        self.screens.speech_notice(_("No sound comes out. A supervisor has been told."))
        # The alert must never stop the work it reports on.
        with contextlib.suppress(FlatError):
            help.speech_failed(self.db, self.actor, self.station, detail)

    def speech_works(self) -> None:
        """An utterance was heard to the end: the voice is back."""
        if self.speech_lost:
            self.speech_lost = False
            self.journal.write("speech_back")
            self.screens.speech_notice("")

    def idle_timeout(self) -> None:
        """No key or scan for the idle time: sign out, but never in the middle of a step."""
        if self.state in (State.MY_JOBS, State.PRAISE, State.BREAK):
            self.sign_out("idle")

    # -- helpers -----------------------------------------------------------------------------

    def _actor(self) -> Actor:
        if self.actor is None:
            raise NotAllowed(_("Sign in with your badge first."), _("Scan your badge."), reason="not_signed_in")
        return self.actor

    def _code(self) -> str:
        assert self.job is not None
        return self.job.code


def _redo_words(jobs: list[JobView]) -> list[Utterance]:
    """Each job sent back after its check: its title and what to redo, as its card shows them."""
    return [Utterance.sentence(_("{title}. {notice}"), title=j.title_markup, notice=voice.rework_notice(j))
            for j in jobs if j.rework_note]


def _now(call: Callable[[], None]) -> None:
    call()


def _scan_first(ctx: StepContext) -> InvalidInput:
    """Done on a step that a scan finishes: what to scan."""
    if ctx.step.kind == "scan":
        return InvalidInput(_("Please scan the code for this step."), _("Scan the label at the place."),
                            reason="needs_scan")
    return InvalidInput(_("Please scan the machine's label first."), _("Scan the barcode on the machine."),
                        reason="needs_machine")


def _ok(fn: Callable[..., None], *args: Any, **kwargs: Any) -> bool:
    """Run a service that returns nothing, so that ``_call`` can tell its success from a refusal."""
    fn(*args, **kwargs)
    return True


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    a, b = timing.aware(a), timing.aware(b)
    if a is None or b is None:
        return a or b
    return max(a, b)
