"""What the flow hands the screens: the state it is in and what a step screen shows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flat_desktop.services.views import JobView, StepView


class State(StrEnum):
    """The screen the worker is on. Values are the names the station's log has always used."""

    SIGN_IN = "sign_in"
    MY_JOBS = "my_jobs"
    STEP = "step"
    BREAK = "break"
    FINISH = "finish"
    PRAISE = "praise"


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
    # What the worker has counted so far on this step (kept across a crash) and in which unit:
    # the job's for a count step, the machine's own for a machine step (a copier's sheets).
    counted: int = 0
    unit: str = ""

    @property
    def needs_scan(self) -> bool:
        """A scan, not Done, finishes this step: a place's label, or a machine that is not
        running (not yet started, or stopped by a jam: it is scanned again to go on)."""
        st = self.step
        return st.kind == "scan" or (st.kind == "machine" and not self.machine_running)

    @property
    def counts(self) -> bool:
        """The screen shows a counter: a count step, or a machine that runs (the worker may
        enter what it has made, e.g. from the copier's display)."""
        return self.step.kind == "count" or (self.step.kind == "machine" and self.machine_running)
