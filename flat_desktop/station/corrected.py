"""What the station shows and says when a supervisor corrects the job a worker has in hand:
cancelled, put on hold, or changed. Plain words (やさしい日本語) that say what to do with the
work already made; names are said by their readings."""

from __future__ import annotations

from dataclasses import dataclass

from flat_desktop.i18n import _
from flat_desktop.services.views import EventView, JobView
from flat_desktop.speech import Utterance

CANCELLED = "job_cancelled"
HELD = "job_held"
EDITED = "job_edited"
KINDS = (CANCELLED, HELD, EDITED)


@dataclass(frozen=True)
class Notice:
    """A correction as the worker meets it: the lines shown and the sentences said."""

    message: str
    hint: str
    said: tuple[Utterance, ...]

    @property
    def text(self) -> str:
        return f"{self.message} {self.hint}"


def stopped(kind: str) -> Notice:
    """The job in hand was cancelled or put on hold: leave the work where it is."""
    if kind == CANCELLED:
        message = _("This job was cancelled.")
        hint = _("Leave what you made as it is, and give it to a supervisor.")
    else:
        message = _("This job is stopped for now.")
        hint = _("Stop here and leave the work where it is. A supervisor will tell you when to go on.")
    return Notice(message, hint, (Utterance(message), Utterance(hint)))


def changed(e: EventView, job: JobView) -> Notice:
    """What a supervisor changed in the job in hand, in the order a worker needs it: how many,
    what it is, the steps on the screen."""
    changes = e.data.get("changes", {})
    message = _("A supervisor changed this job.")
    lines: list[Utterance] = []
    if "quantity" in changes:
        lines.append(Utterance(_("The number is now {n} {unit}.").format(n=changes["quantity"], unit=job.unit)))
    if "title" in changes:
        lines.append(Utterance.sentence(_("The job is now: {title}."), title=job.title_markup))
    if "spec" in changes:
        lines.append(Utterance(_("What to make has changed.")))
    if "due" in changes:
        lines.append(Utterance(_("The time it is needed by has changed.")))
    if changes.get("priority") == 1:
        lines.append(Utterance(_("This job is now urgent.")))
    if "steps" in e.data:
        lines.append(Utterance(_("The steps have changed. Please read the step again.")))
    hint = " ".join(u.text for u in lines) or _("Go on with the step.")
    return Notice(message, hint, (Utterance(message), *(lines or [Utterance(hint)])))
