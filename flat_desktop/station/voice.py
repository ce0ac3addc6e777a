"""What the station says and shows for a step at each prompt level, and how a profile speaks.

The prompt level sets how many words (full: the whole step; partial and minimal: its title
and key figures); the worker's profile alone sets whether a step is read aloud. A step's
words on screen and in the voice come from the same stored step text and reading.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from flat_desktop import japanese, ruby
from flat_desktop.i18n import _
from flat_desktop.profile import Profile
from flat_desktop.services.machines import MACHINE_TYPE_NAMES
from flat_desktop.services.views import JobView, StepView
from flat_desktop.speech import SpeechSettings, Utterance
from flat_desktop.station.context import StepContext

# A number and its counter word, as the step texts write them: "70{部|ぶ}", "200通", "3{冊|さつ}".
_FIGURE = re.compile(r"\d[\d,]*\s*(?:\{[^{}|]+\|[^{}]+\}|[部枚通冊件個本名人箱組])")
def confirm_question() -> str:
    """The "are you sure?" of a profile that asks before a step is done: shown and said."""
    return _("Is this step really finished? Enter: yes. Escape: no.")


def rework_notice(job: JobView) -> str:
    """What a job sent back after its check says to redo, shown and said when it starts ("" when none)."""
    return _("Redo: {note}").format(note=job.rework_note) if job.rework_note else ""


def stuck_prompt() -> str:
    """Shown and said when a step takes far longer than the worker's usual time."""
    return _("Not finished yet? If you need help, press Help.")


def target_reached() -> str:
    """Said when a count step's counter comes up to its target (the counter shows the same words)."""
    return _("Target reached")


def asks_spoiled(job: JobView) -> bool:
    """A job that counted pieces (by hand or on a machine) asks how many were spoiled at the end."""
    return any(st.kind in ("count", "machine") for st in job.steps)


def spoiled_question() -> str:
    return _("Were any pieces spoiled (misprinted or torn)? Up key: +1.")


def speech_settings(profile: Profile) -> SpeechSettings:
    """Profile rate 0.5…1.5 (1 = normal) onto the speaker's -1…1 scale (0 = normal)."""
    rate = max(-1.0, min(1.0, math.log2(max(profile.rate, 0.01))))
    return replace(SpeechSettings(), voice=profile.voice, rate=rate, volume=profile.volume,
                   enabled=profile.speech)


def machine_name(machine_type: str | None) -> str:
    return MACHINE_TYPE_NAMES.get(machine_type or "", machine_type or "")


def figures(step: StepView) -> str:
    """The step's key figures as ruby markup: its quantities (部数, 枚数, 通数...) and its
    machine, e.g. ``70{部|ぶ}・複合機``. Empty when the step has none."""
    source = step.reading or step.text
    found = [m.group(0) for m in _FIGURE.finditer(source)]
    if not found and step.kind == "count" and step.target:
        found.append(str(step.target))
    if step.machine_type:
        found.append(machine_name(step.machine_type))
    unique = list(dict.fromkeys(found))
    return "・".join(unique)


def step_markup(ctx: StepContext) -> str:
    """The step's words on screen: the whole text at full help, the title and key figures below.
    Stored readings first; the analyser gives furigana to what has none (a spec value, a title)."""
    st = ctx.step
    if ctx.prompt_level == "full":
        return japanese.complete_markup(st.reading or st.text)
    extra = figures(st)
    return f"{st.title_markup}　{extra}" if extra and ruby.to_plain(extra) not in st.title else st.title_markup


def instruction(ctx: StepContext) -> str:
    """What to do next when a scan, not Done, finishes the step."""
    st = ctx.step
    if st.kind == "machine" and not ctx.machine_running:
        return _("Scan the label on the machine.")
    if st.kind == "scan":
        return _("Scan the label at the place.")
    return ""


def step_words(ctx: StepContext, *, asked: bool) -> list[Utterance]:
    """What is read aloud for a step: where the worker is, the step's words, what to do.

    ``asked`` (Repeat, or the stuck re-prompt) reads the whole step text at any level: the
    worker asked for more help than the level gives.
    """
    st = ctx.step
    words = [Utterance(_("Step {n} of {m}.").format(n=st.position, m=ctx.job.steps_total))]
    if asked or ctx.prompt_level == "full":
        words.append(Utterance(st.text, st.reading or None))
    else:
        markup = step_markup(ctx)
        words.append(Utterance(ruby.to_plain(markup), markup))
    extra = instruction(ctx)
    if extra:
        words.append(Utterance(extra))
    return words
