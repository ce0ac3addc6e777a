"""The station's flow: which screen is shown, and which service each scan or key press calls.

Screens never call services; they emit what the worker asked for and the controller
answers by emitting ``screen`` with what to show next. Every service call writes its
event before ``screen`` is emitted, so the screen never runs ahead of the database and a
crash resumes where the database says.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from flat_desktop import codes
from flat_desktop.db.database import Database
from flat_desktop.errors import FlatError, InvalidInput, NotAllowed
from flat_desktop.events import MachineOutcome, utcnow
from flat_desktop.gui.station import timing
from flat_desktop.gui.station.journal import Journal
from flat_desktop.gui.tasks import run_task
from flat_desktop.i18n import _
from flat_desktop.profile import Profile
from flat_desktop.services import help, machines, people, scans, work
from flat_desktop.services.context import Actor
from flat_desktop.services.timing import UsualTime, usual_step_time
from flat_desktop.services.views import EventView, JobView, StepView, WorkerView
from flat_desktop.speech import Speaker, SpeechSettings, Utterance

T = TypeVar("T")

SIGN_IN, MY_JOBS, STEP, BREAK, FINISH, PRAISE = "sign_in", "my_jobs", "step", "break", "finish", "praise"
USUAL_READ_DELAY_MS = 100
HARMLESS = ("already_done",)  # a double press or double scan: the first one already counted
_FEED_TYPES = ("job_assigned", "job_unassigned", "job_cancelled", "job_created", "job_finished")


@dataclass(frozen=True)
class StepContext:
    """What the step screen shows: the job, its current step and how much help to give."""

    job: JobView
    step: StepView
    prompt_level: str
    machine_running: bool
    dwell_ms: int
    confirm: bool
    auto_advance_s: int | None
    furigana: bool
    pictures: bool
    notice: str = ""


class Controller(QObject):
    """Signals: ``screen(name, data)``, ``error(message, hint)``, ``error_cleared()``,
    ``help_changed(bool)``, ``profile_changed(object)`` (a Profile, or None when signed out)."""

    screen = Signal(str, object)
    error = Signal(str, str)
    error_cleared = Signal()
    help_changed = Signal(bool)
    profile_changed = Signal(object)

    def __init__(self, db: Database, speaker: Speaker, journal: Journal, station: str, *,
                 dwell_scale: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.speaker = speaker
        self.journal = journal
        self.station = station
        self.dwell_scale = dwell_scale
        self.state = SIGN_IN
        self.actor: Actor | None = None
        self.worker: WorkerView | None = None
        self.jobs: list[JobView] = []
        self.job: JobView | None = None
        self.context: StepContext | None = None
        self.help_open = False
        self._last_spoken: Utterance | None = None
        self._stuck_stage = 0  # 0 nothing yet, 1 re-spoken, 2 supervisors told
        self._step_start: dt.datetime | None = None
        # The current step's usual time for this worker: the standard until their own is read.
        self.usual: UsualTime | None = None
        self._usual_for: tuple[str, int] | None = None
        # How speech reaches the speaker: at once, or (the station window) once the screen it
        # belongs to is painted, so that the engine's thread does not slow that paint down.
        self.speak_when: Callable[[Callable[[], None]], None] = _now

    # -- speech and errors -----------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        return self.worker.profile if self.worker else Profile()

    def say(self, text: str, markup: str | None = None, *, force: bool = False, queue: bool = False) -> None:
        """Speak (when the profile has speech on). ``force`` is for Repeat: the worker asked.
        ``queue`` adds to what is being said instead of cutting it off."""
        utterance = Utterance(text, markup)
        self._last_spoken = utterance
        if not self.profile.speech:
            return
        if not force and self.worker is not None and not self.profile.read_steps and self.state == STEP:
            return
        self.journal.write("speak", text=text)
        self.speak_when(lambda: self.speaker.say(utterance, interrupt=not queue))

    def fail(self, err: FlatError, *, raw: str | None = None, job: str | None = None,
             step: int | None = None) -> None:
        """Show and speak an error; a refused scan is also recorded as ``scan_rejected``."""
        if err.reason in HARMLESS:
            return
        if raw is not None:
            self.journal.write("scan", payload=raw, verdict="rejected", reason=err.reason)
            # Recording the refusal must never hide the refusal itself.
            with contextlib.suppress(FlatError):
                scans.reject(self.db, self.actor, raw, err, station=self.station, job=job, step=step)
        self.error.emit(err.message, err.hint)
        self.say(f"{err.message} {err.hint}", force=True)

    def _clear_error(self) -> None:
        self.error_cleared.emit()

    def _call(self, fn: Callable[[], T], *, raw: str | None = None, job: str | None = None,
              step: int | None = None) -> T | None:
        """Run one service call; on refusal show it and return None."""
        try:
            result = fn()
        except FlatError as err:
            self.fail(err, raw=raw, job=job, step=step)
            return None
        self._clear_error()
        return result

    def _show(self, name: str, data: Any = None) -> None:
        self.state = name
        self.journal.write("screen", screen=name, worker=self.actor.worker if self.actor else None,
                           job=self.job.code if self.job else None,
                           step=self.context.step.position if self.context and name == STEP else None)
        self.screen.emit(name, data)

    # -- start -------------------------------------------------------------------------------

    def begin(self) -> None:
        self._show(SIGN_IN)
        self.say(_("Please scan your staff badge."))

    # -- scans -------------------------------------------------------------------------------

    def on_scan(self, raw: str, typed: bool = False) -> None:
        scan = codes.parse(raw)
        kind = scan.kind if scan else None
        self.journal.write("scan", payload=raw, typed=typed, code_kind=kind.value if kind else None, state=self.state)
        if kind is codes.CodeKind.BADGE:
            self._badge(raw)
        elif self.actor is None:
            self.fail(InvalidInput(_("This is not a staff badge."), _("Please scan your own staff badge."),
                                   reason="not_a_badge"), raw=raw)
        elif self.state == MY_JOBS or self.state == PRAISE:
            self.start_job(raw)
        elif self.state == STEP:
            self._scan_at_step(raw, kind)
        elif self.state == BREAK:
            self._scan_on_break(raw)
        elif self.state == FINISH:
            self._scan_to_finish(raw)

    def _badge(self, raw: str) -> None:
        if self.actor is not None:
            try:
                number = people.badge_number(raw)
            except FlatError as err:
                self.fail(err, raw=raw)
                return
            if self.worker is not None and number == self.worker.badge:
                self.sign_out("badge")
                return
            self.fail(NotAllowed(_("This is someone else's badge."),
                                 _("Scan your own badge to sign out first."), reason="other_badge"), raw=raw)
            return
        signed = self._call(lambda: people.sign_in(self.db, raw, self.station), raw=raw)
        if signed is None:
            return
        self.actor, self.worker = signed
        self.journal.write("scan", payload=raw, verdict="signed_in", worker=self.actor.worker)
        self.speaker.settings = speech_settings(self.worker.profile)
        self.profile_changed.emit(self.worker.profile)
        self.help_open = help.open_call_for(self.db, self.worker.code) is not None
        self.help_changed.emit(self.help_open)
        self.jobs = work.my_jobs(self.db, self.actor)
        running = next((j for j in self.jobs if j.status == "in_progress"), None)
        if running is not None:  # back to the step the database says, after a crash or sign-out
            hello = Utterance.sentence(_("Hello, {name}. Let's go on."), name=self.worker.name_markup)
            self.say(hello.text, hello.markup, force=True)
            self.start_job(codes.ticket_payload(running.code))
            return
        self.show_jobs(greet=True)

    def sign_out(self, reason: str) -> None:
        if self.actor is None:
            return
        if self.job is not None and self.state in (STEP, FINISH):
            # The clock must not run on a job nobody is at.
            self._call(lambda: work.pause(self.db, self._actor(), self._code(), reason="signed_out"))
        self._call(lambda: people.sign_out(self.db, self._actor(), reason=reason))
        self.actor = self.worker = None
        self.job = self.context = None
        self.jobs = []
        self._usual_for = None
        self.help_open = False
        self.help_changed.emit(False)
        self.speaker.settings = SpeechSettings()
        self.profile_changed.emit(None)
        self._clear_error()
        self._show(SIGN_IN)
        self.say(_("You are signed out. Thank you."))

    # -- my jobs -----------------------------------------------------------------------------

    def show_jobs(self, *, greet: bool = False) -> None:
        self.job = self.context = None
        self.jobs = work.my_jobs(self.db, self._actor())
        self._show(MY_JOBS, self.jobs)
        name = self.worker.name_markup if self.worker else ""
        if not self.jobs:
            text = _("There is no job for you now. Please wait, or ask a supervisor.")
        else:
            text = _("You have {n} jobs. Scan a ticket, or press Enter to start the first one.").format(
                n=len(self.jobs))
        # The name is said by its reading (a kana-only voice cannot read 山田).
        said = Utterance.sentence(_("Hello, {name}.") + " {rest}" if greet else "{rest}", name=name, rest=text)
        self.say(said.text, said.markup, force=True)

    def start_job(self, raw: str) -> None:
        job = self._call(lambda: work.start(self.db, self._actor(), raw), raw=raw)
        if job is None:
            return
        self.journal.write("scan", payload=raw, verdict="job", job=job.code)
        self.job = job
        self._enter_step(job)

    def start_code(self, code: str) -> None:
        """A card was chosen and the big button pressed: the same as scanning its ticket."""
        job = self._call(lambda: work.start(self.db, self._actor(), code))
        if job is not None:
            self.job = job
            self._enter_step(job)

    # -- steps -------------------------------------------------------------------------------

    def _enter_step(self, job: JobView, notice: str = "") -> None:
        self.job = job
        step = next((s for s in job.steps if s.position == job.current_step), None)
        if step is None or job.current_step is None:
            self._show_finish(job)
            return
        level = self.worker.prompt_level_for(job.type) if self.worker else "full"
        p = self.profile
        dwell_s = max(p.min_dwell_s, step.min_dwell_s or 0.0)
        self.context = StepContext(
            job=job, step=step, prompt_level=level,
            machine_running=bool(step.machine and job.machine_in_use == step.machine),
            dwell_ms=int(dwell_s * 1000 * self.dwell_scale), confirm=p.confirm_done,
            # Only a plain step can be information only: a count, a machine, a scan or a check
            # needs the worker, whatever the template says.
            auto_advance_s=p.auto_advance_s if step.info_only and step.kind == "plain" else None,
            furigana=p.furigana, pictures=p.pictures and level != "minimal", notice=notice)
        self._step_start = work.step_started_at(self.db, job.code)
        self._read_usual(job, step)
        self._show(STEP, self.context)
        self._speak_step(force=False)

    def _read_usual(self, job: JobView, step: StepView) -> None:
        """Once per step (not again when a machine scan shows the same step), off the GUI thread."""
        key = (job.code, step.position)
        if key == self._usual_for:
            return
        self._usual_for = key
        self._stuck_stage = 0  # re-prompt once per step, even if a machine scan shows it again
        standard = timing.standard_seconds(step)
        self.usual = UsualTime(standard, 0)
        if self.worker is None:
            return
        worker, kind = self.worker.code, job.type

        def read() -> None:
            if key != self._usual_for:
                return  # moved on before the read began
            run_task(lambda: usual_step_time(self.db, worker, kind, step.position, standard, exclude_job=job.code),
                     lambda usual: self._usual_read(key, usual),
                     lambda exc: self.journal.write("usual_failed", error=str(exc)),  # the standard stands
                     parent=self)

        # Begun once the step is painted: a read on another thread holds Python's lock in turns
        # with the GUI thread and would slow the paint the worker waits for. It is needed in minutes.
        QTimer.singleShot(USUAL_READ_DELAY_MS, self, read)

    def _usual_read(self, key: tuple[str, int], usual: UsualTime) -> None:
        if key != self._usual_for:
            return  # the worker has moved on meanwhile
        self.usual = usual
        self.journal.write("usual", job=key[0], step=key[1], seconds=round(usual.seconds, 1),
                           samples=usual.samples, own=usual.own)

    def _speak_step(self, *, force: bool) -> None:
        ctx = self.context
        if ctx is None:
            return
        st = ctx.step
        head = _("Step {n} of {m}.").format(n=st.position, m=ctx.job.steps_total)
        if ctx.prompt_level != "full" and not force:
            return  # partial and minimal: speech on Repeat only
        # The step's own words are one utterance, the same text the screen shows, so the
        # word being spoken can be highlighted on screen.
        self.say(head, force=force)
        if ctx.prompt_level == "full" or force:
            self.say(st.text, st.reading or None, force=force, queue=True)
        extra = self._step_instruction(ctx)
        if extra:
            self.say(extra, force=force, queue=True)

    @staticmethod
    def _step_instruction(ctx: StepContext) -> str:
        st = ctx.step
        if st.kind == "machine" and not ctx.machine_running:
            return _("Scan the label on the machine.")
        if st.kind == "scan":
            return _("Scan the label at the place.")
        return ""

    def repeat(self) -> None:
        if self.state == STEP:
            self._speak_step(force=True)
        elif self._last_spoken is not None:
            self.say(self._last_spoken.text, self._last_spoken.markup, force=True)

    def done(self, count: int | None = None) -> None:
        """Done / 次へ on a step (after the screen's dwell and optional confirmation)."""
        ctx = self.context
        if self.state != STEP or ctx is None:
            return
        st = ctx.step
        if st.kind == "scan":
            self.fail(InvalidInput(_("Please scan the code for this step."), _("Scan the label at the place."),
                                   reason="needs_scan"))
            return
        if st.kind == "machine" and not ctx.machine_running and not st.machine:
            self.fail(InvalidInput(_("Please scan the machine's label first."),
                                   _("Scan the barcode on the machine."), reason="needs_machine"))
            return
        job = self._call(lambda: work.complete_step(self.db, self._actor(), ctx.job.code, st.position,
                                                    count=count if st.kind == "count" else None,
                                                    prompt_level=ctx.prompt_level))
        if job is not None:
            self._enter_step(job)

    def refused(self, needs_scan: bool) -> None:
        """Done pressed too early (the dwell), or on a step that a scan finishes."""
        if needs_scan and self.context is not None:
            self.say(self._step_instruction(self.context), force=True)
        else:
            self.say(_("Not yet. Please wait a little."), force=True)

    def _scan_at_step(self, raw: str, kind: codes.CodeKind | None) -> None:
        ctx = self.context
        assert ctx is not None
        st, code = ctx.step, ctx.job.code
        if kind is codes.CodeKind.TICKET and work.job_code_from_scan(raw) == code:
            self.say(_("You are doing this job now. Go on with step {n}.").format(n=st.position), force=True)
            return
        if st.kind == "machine" and kind is codes.CodeKind.MACHINE:
            job = self._call(lambda: machines.start(self.db, self._actor(), code, st.position, raw),
                             raw=raw, job=code, step=st.position)
            if job is not None:
                self.journal.write("scan", payload=raw, verdict="machine_started", job=code)
                self._enter_step(job)
            return
        if st.kind == "scan":
            job = self._call(lambda: work.scan_at_step(self.db, self._actor(), code, st.position, raw,
                                                       prompt_level=ctx.prompt_level),
                             raw=raw, job=code, step=st.position)
            if job is not None:
                self.journal.write("scan", payload=raw, verdict="step_scanned", job=code)
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
        if self.state != STEP or ctx is None or not ctx.machine_running:
            return
        job = self._call(lambda: machines.stop(self.db, self._actor(), ctx.job.code, ctx.step.position,
                                               units=0, outcome=MachineOutcome(outcome)))
        if job is None:
            return
        words = _("The paper is stuck.") if outcome == "jam" else _("The machine is broken.")
        notice = words + " " + _("Press Help to call a supervisor. Scan the machine again to go on.")
        self._enter_step(job, notice=notice)
        self.say(notice, force=True)

    # -- help, break -------------------------------------------------------------------------

    def call_help(self) -> None:
        if self.actor is None:
            return
        step = self.context.step.position if self.context and self.state == STEP else None
        job = self.job.code if self.job else None
        kind = "jam" if self.context and self.context.notice else "help"
        if self._call(lambda: help.call(self.db, self._actor(), job=job, step=step, kind=kind)) is None:
            return
        self.help_open = True
        self.help_changed.emit(True)
        self.journal.write("screen", screen="help_overlay")
        self.say(_("A supervisor is coming. Please wait."), force=True)

    def take_break(self) -> None:
        if self.state != STEP or self.job is None:
            return
        code = self.job.code
        if self._call(lambda: _ok(work.pause, self.db, self._actor(), code, reason="break")) is None:
            return
        self.job = work.job(self.db, self._actor(), code)
        self._show(BREAK, self.job)
        self.say(_("Have a good break. Press Enter or scan the ticket to go on."), force=True)

    def resume(self) -> None:
        if self.state != BREAK or self.job is None:
            return
        code = self.job.code
        job = self._call(lambda: work.resume(self.db, self._actor(), code))
        if job is not None:
            self._enter_step(job)

    def _scan_on_break(self, raw: str) -> None:
        assert self.job is not None
        if codes.parse(raw) is not None and work.job_code_from_scan(raw) == self.job.code:
            self.resume()
            return
        self.fail(InvalidInput(_("This is the ticket of another job."), _("Scan the ticket of this job."),
                               reason="wrong_ticket"), raw=raw, job=self.job.code)

    # -- finish ------------------------------------------------------------------------------

    def _show_finish(self, job: JobView) -> None:
        self.context = None
        self._show(FINISH, job)
        self.say(_("All steps are done. Scan the job ticket to finish."), force=True)

    def set_spoiled(self, spoiled: int) -> None:
        self._spoiled = spoiled

    def _scan_to_finish(self, raw: str) -> None:
        assert self.job is not None
        code = self.job.code
        spoiled = getattr(self, "_spoiled", 0)
        job = self._call(lambda: work.finish(self.db, self._actor(), code, raw, spoiled=spoiled),
                         raw=raw, job=code)
        if job is None:
            return
        self._spoiled = 0
        self.journal.write("scan", payload=raw, verdict="finished", job=code)
        self.job = None
        self.jobs = work.my_jobs(self.db, self._actor())
        nxt = self.jobs[0] if self.jobs else None
        self._show(PRAISE, nxt)
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
                self.help_changed.emit(False)
                self.journal.write("screen", screen="help_answered")
                self.say(_("A supervisor answered your call."), force=True)
        if self.state == MY_JOBS and any(e.type in _FEED_TYPES for e in events):
            actor = self._actor()
            # Read off the GUI thread; only a worker still on My jobs sees the result.
            run_task(lambda: work.my_jobs(self.db, actor), lambda fresh: self._jobs_changed(actor, fresh),
                     parent=self)

    def _jobs_changed(self, actor: Actor, fresh: list[JobView]) -> None:
        if self.state != MY_JOBS or self.actor != actor:
            return
        if [(j.code, j.version) for j in fresh] != [(j.code, j.version) for j in self.jobs]:
            self.jobs = fresh
            self._show(MY_JOBS, fresh)
            self.say(_("Your jobs have changed."), force=True)

    def check_stuck(self, now: dt.datetime | None = None) -> None:
        """Called every few seconds: re-speak once, then quietly tell supervisors."""
        ctx = self.context
        if self.state != STEP or ctx is None or self._stuck_stage >= 2 or self.help_open:
            return
        usual = self.usual.seconds if self.usual is not None else timing.standard_seconds(ctx.step)
        now = now or utcnow()
        if not timing.is_stuck(self._step_start, now, usual * (1 + self._stuck_stage * 0.5)):
            return
        if self._stuck_stage == 0:
            self._stuck_stage = 1
            self.journal.write("stuck_prompt", job=ctx.job.code, step=ctx.step.position, usual_s=round(usual, 1))
            self._speak_step(force=True)
            return
        self._stuck_stage = 2
        start = self._step_start
        assert start is not None
        seconds = (now - (start if start.tzinfo else start.replace(tzinfo=dt.UTC))).total_seconds()
        self._call(lambda: help.stuck(self.db, self._actor(), ctx.job.code, ctx.step.position,
                                      seconds=seconds, usual_s=usual))

    def idle_timeout(self) -> None:
        """No key or scan for the idle time: sign out, but never in the middle of a step."""
        if self.state in (MY_JOBS, PRAISE, BREAK):
            self.sign_out("idle")

    # -- helpers -----------------------------------------------------------------------------

    def _actor(self) -> Actor:
        if self.actor is None:
            raise NotAllowed(_("Sign in with your badge first."), _("Scan your badge."), reason="not_signed_in")
        return self.actor

    def _code(self) -> str:
        assert self.job is not None
        return self.job.code


def _now(call: Callable[[], None]) -> None:
    call()


def _ok(fn: Callable[..., None], *args: Any, **kwargs: Any) -> bool:
    """Run a service that returns nothing, so that ``_call`` can tell its success from a refusal."""
    fn(*args, **kwargs)
    return True


def speech_settings(profile: Profile) -> SpeechSettings:
    """Profile rate 0.5…1.5 (1 = normal) onto the speaker's -1…1 scale (0 = normal)."""
    rate = max(-1.0, min(1.0, math.log2(max(profile.rate, 0.01))))
    return replace(SpeechSettings(), voice=profile.voice, rate=rate, volume=profile.volume,
                   enabled=profile.speech)
