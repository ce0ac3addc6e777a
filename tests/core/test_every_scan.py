"""Every scan in every state of the station's flow ends in the right action or in one refusal
that is shown, spoken and recorded once (``scan_rejected``); none raises.

Driven without a display: the flow is given screens that only take notes, a silent speaker, a
log kept in memory and a demo database. Hypothesis feeds each state thousands of payloads in
all: random text, codes one character off, real codes of every kind (the worker's own and
others'), numbers typed and scanned. The examples are fixed (derandomized), so the test cannot
pass or fail by chance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from flat_desktop import codes
from flat_desktop.db import queries
from flat_desktop.db.models import Event
from flat_desktop.demo.build import badge_payloads
from flat_desktop.events import MachineOutcome
from flat_desktop.services import board, catalog, machines, orders, routes, work
from flat_desktop.services.context import Actor
from flat_desktop.services.views import JobView, StepView
from flat_desktop.speech import create_speaker
from flat_desktop.station.context import State
from flat_desktop.station.flow import AtOnce, StationFlow
from flat_desktop.station.journal import Journal
from tests.helpers.flow import Shown

BOSS = Actor("S001", "supervisor", "test")
WORKER = "W012"  # a worker with nothing given to her in the demo: the test gives her every job
ME = Actor(WORKER, "worker", "test")
NO_MACHINES = {"fold": "none", "seal": False}  # an enclosing job of counts and one plain step
WITH_MACHINES = {"fold": "tri", "seal": True}
EXAMPLES = 36
MOST_PAYLOADS = 10
# What a scan may end in: the action it took, or "rejected".
VERDICTS = {"signed_in", "signed_out", "sign_out_asked", "read_twice", "job", "same_job", "machine_started",
            "step_scanned", "resumed", "finished", "count_set", "rejected"}


class NotedJournal(Journal):
    """The station's log, kept in memory."""

    def __init__(self) -> None:
        super().__init__(None)
        self.rows: list[dict[str, Any]] = []

    def write(self, kind: str, **data: Any) -> None:
        self.rows.append({"kind": kind, **data})


class Place:
    """Brings the flow (back) to one state with the services, as cheaply as it can: a job
    already in the right condition is used again; otherwise a new one is made."""

    def __init__(self, db, flow: StationFlow) -> None:
        self.db, self.flow = db, flow
        self.code: str | None = None
        self.mondays = 0

    # -- jobs through the services ------------------------------------------------------------

    def new_job(self, spec: dict[str, Any], job_type: str = "enclosing") -> str:
        code = orders.create(self.db, BOSS, orders.OrderRequest(job_type, "ためし", 3, spec=dict(spec))).job
        board.assign(self.db, BOSS, code, WORKER, override_reason="test")
        return code

    def job(self, code: str) -> JobView:
        return work.job(self.db, ME, code)

    def current(self, job: JobView) -> StepView | None:
        return next((s for s in job.steps if s.position == job.current_step), None)

    def advance(self, code: str, stop: Callable[[StepView], bool]) -> None:
        """Start ``code`` and do its steps through the services until ``stop`` holds (or all are done)."""
        work.start(self.db, ME, codes.ticket_payload(code))
        while (st := self.current(self.job(code))) is not None and not stop(st):
            if st.kind == "machine":
                machines.start(self.db, ME, code, st.position, codes.machine_payload(self.machine(st)))
            work.complete_step(self.db, ME, code, st.position, count=st.target if st.kind == "count" else None)

    @staticmethod
    def machine(st: StepView) -> str:
        return {"folder": "FD01", "sealer": "SL01"}[st.machine_type or ""]

    def job_at(self, kind: str, *, running: bool = False) -> str:
        """A job of the worker in progress (or paused) at a step of ``kind``."""
        if self.code is not None:
            job = self.job(self.code)
            st = self.current(job)
            if job.status in ("in_progress", "paused") and st is not None and st.kind == kind:
                if kind != "machine":
                    return self.code
                if job.machine_in_use and not running:  # a payload started the machine: stop it again
                    if job.status == "paused":
                        work.resume(self.db, ME, self.code)
                    machines.stop(self.db, ME, self.code, st.position, units=0, outcome=MachineOutcome.FAULT)
                    return self.code
                if job.machine_in_use or not running:
                    return self.code
        if kind == "scan":
            self.code = self.mail_round()
        else:
            self.code = self.new_job(WITH_MACHINES if kind == "machine" else NO_MACHINES)
        self.advance(self.code, lambda st: st.kind == kind)
        if running:
            st = self.current(self.job(self.code))
            assert st is not None
            machines.start(self.db, ME, self.code, st.position, codes.machine_payload(self.machine(st)))
        return self.code

    def mail_round(self) -> str:
        """A mail round of its own (the routes of a new Monday), given to the worker."""
        self.mondays += 1
        made = routes.generate_day(self.db, BOSS, dt.date(2031, 1, 6) + dt.timedelta(weeks=self.mondays))
        code = next(c for c in made if board.job(self.db, c).type == "mail_round")
        board.assign(self.db, BOSS, code, WORKER, override_reason="test")
        return code

    def all_done(self) -> str:
        """A job whose steps are all done, not yet finished by its ticket."""
        if self.code is not None:
            job = self.job(self.code)
            if job.status == "in_progress" and job.current_step is None:
                return self.code
        self.code = self.new_job(NO_MACHINES)
        self.advance(self.code, lambda st: False)
        return self.code

    # -- the flow -----------------------------------------------------------------------------

    def signed_in(self) -> None:
        flow = self.flow
        if flow.actor is not None and flow.actor.worker != WORKER:
            flow.sign_out("test")
        if flow.actor is None:
            flow.on_scan(badge_payloads()[WORKER])
        assert flow.actor is not None and flow.actor.worker == WORKER

    def reach(self, state: str) -> None:
        flow = self.flow
        if state == "sign_in":
            if flow.actor is not None:
                flow.sign_out("test")
            assert flow.state == State.SIGN_IN
            return
        self.signed_in()
        if state in ("my_jobs", "my_jobs_empty"):
            if state == "my_jobs" and not work.my_jobs(self.db, ME):
                self.new_job(NO_MACHINES)
            flow.show_jobs()
            assert flow.state == State.MY_JOBS
            return
        if state.startswith("step_"):
            kind = state.removeprefix("step_").removesuffix("_running")
            running = state.endswith("_running")
            flow.start_code(self.job_at(kind, running=running))
            ctx = flow.context
            assert flow.state == State.STEP and ctx is not None and ctx.step.kind == kind
            assert ctx.machine_running == running
            return
        if state == "break":
            if not (flow.state == State.BREAK and flow.job is not None and flow.job.code == self.code):
                flow.start_code(self.job_at("count"))
                flow.take_break()
            assert flow.state == State.BREAK
            return
        if state in ("finish", "praise"):
            if state == "praise" and flow.state == State.PRAISE:
                return
            flow.start_code(self.all_done())
            assert flow.state == State.FINISH
            if state == "praise":
                assert self.code is not None
                flow.on_scan(codes.ticket_payload(self.code))
                assert flow.state == State.PRAISE
            return
        raise AssertionError(state)


def near_miss(real: str, at: int, char: str, how: str) -> str:
    """A real code with one thing wrong (or, for case, spaces and full width, one that the
    station must still read as the real code)."""
    i = at % max(1, len(real))
    if how == "swap":
        return real[:i] + char + real[i + 1:]
    if how == "drop":
        return real[:i] + real[i + 1:]
    if how == "insert":
        return real[:i] + char + real[i:]
    if how == "lower":
        return real.lower()
    if how == "space":
        return real[:i] + " " + real[i:]
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in real)  # full width


# A payload as a recipe: what kind, which code, what to change. The codes it picks from are
# known only when the state is reached (the worker's tickets change), so the recipe holds
# indexes: what Hypothesis draws never depends on the database.
RECIPES = st.tuples(
    st.sampled_from(["text", "near", "other", "mine", "number", "long number"]),
    st.integers(0, 10**6),
    st.text(max_size=30),
    st.integers(0, 20),
    st.sampled_from(list(codes.ALPHABET + "-ー－ ｱ漢")),
    st.sampled_from(["swap", "drop", "insert", "lower", "space", "wide"]),
    st.integers(0, 10**14),
    st.booleans(),
)


def payload(recipe: tuple[str, int, str, int, str, str, int, bool], others: list[str],
            mine: list[str]) -> tuple[str, bool]:
    """Random text, a near miss, a real code of others', one of the worker's own (as often), or a number."""
    kind, which, text, at, char, how, number, typed = recipe
    if kind == "text":
        return text, typed
    if kind == "near":
        pool = others + mine
        return near_miss(pool[which % len(pool)], at, char, how), typed
    if kind == "other":
        return others[which % len(others)], typed
    if kind == "mine":
        return mine[which % len(mine)], typed
    return str(number % 10**7 if kind == "number" else number), typed


def real_codes(db) -> list[str]:
    """Codes of every kind: every badge, some tickets of others, every machine and mailbox, and
    well-formed codes that name nothing known."""
    badges = [*badge_payloads().values(), codes.badge_payload("99999")]
    others = [codes.ticket_payload(j.code) for j in board.jobs(db, BOSS)[:20]]
    labels = [*(codes.machine_payload(m.code) for m in machines.machines(db)), codes.machine_payload("ZZ99")]
    boxes = [*(codes.mailbox_payload(d.mailbox) for d in catalog.departments(db)), codes.mailbox_payload("999")]
    return [*badges, *others, *labels, *boxes, codes.ticket_payload("J-991231-999")]


STATES = ["sign_in", "my_jobs", "my_jobs_empty", "step_plain", "step_count", "step_machine",
          "step_machine_running", "step_scan", "break", "finish", "praise"]


@pytest.mark.parametrize("state", STATES)
def test_every_scan_ends_in_an_action_or_one_refusal(demo_db, state: str) -> None:
    screens, journal = Shown(), NotedJournal()
    speaker = create_speaker("none", "ja")
    flow = StationFlow(demo_db, speaker, journal, "test-pc", screens, AtOnce())
    flow.begin()
    place = Place(demo_db, flow)
    fixed = real_codes(demo_db)
    seen = {"payloads": 0, "rejected": 0, "recorded": 0}

    with demo_db.reader() as s:
        start = queries.last_seq(s)

    def rejections() -> int:
        with demo_db.reader() as s:
            return int(s.scalar(select(func.count()).select_from(Event).where(
                Event.seq > start, Event.type == "scan_rejected")) or 0)

    def own_codes() -> list[str]:
        """The worker's badge, her tickets, and the labels her step wants."""
        mine = [badge_payloads()[WORKER], *(codes.ticket_payload(j.code) for j in work.my_jobs(demo_db, ME))]
        if place.code is not None:
            mine.append(codes.ticket_payload(place.code))
        ctx = flow.context
        if flow.state == State.STEP and ctx is not None:
            if ctx.step.expected_code:
                mine.append(ctx.step.expected_code)
            if ctx.step.machine_type in ("folder", "sealer"):
                mine.append(codes.machine_payload(Place.machine(ctx.step)))
        return mine

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        place.reach(state)
        seen["recorded"] = rejections()
        recipes = data.draw(st.lists(RECIPES, min_size=1, max_size=MOST_PAYLOADS))
        mine = own_codes()
        for recipe in recipes:
            raw, typed = payload(recipe, fixed, mine)
            rows, errors = len(journal.rows), len(screens.errors)
            counting = flow.state == State.STEP and flow.context is not None and flow.context.counts
            flow.on_scan(raw, typed)
            new = journal.rows[rows:]
            verdicts = [r["verdict"] for r in new if r["kind"] == "scan" and "verdict" in r]
            assert len(verdicts) == 1, (raw, new)
            verdict = verdicts[0]
            assert verdict in VERDICTS
            total = rejections()
            recorded, seen["recorded"] = total - seen["recorded"], total
            seen["payloads"] += 1
            if verdict == "rejected":
                seen["rejected"] += 1
                assert recorded == 1, (raw, new)
                assert len(screens.errors) == errors + 1
                message, hint = screens.errors[-1]
                if flow.profile.speech:
                    assert {"kind": "speak", "text": f"{message} {hint}"} in new
            else:
                assert recorded == 0, (raw, verdict)
            text = codes.normalise(raw)
            typed_number = typed and counting and text.isascii() and text.isdigit()
            if codes.parse(raw) is None and not typed_number:
                assert verdict == "rejected", (raw, verdict)

    try:
        run()
    finally:
        speaker.shutdown()
    assert seen["payloads"] >= EXAMPLES and seen["rejected"] > 0
