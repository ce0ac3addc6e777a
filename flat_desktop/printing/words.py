"""Words printed on documents that are not data: names of job types and priorities, dates.

Message ids are English and marked with ``N_`` here, translated with ``_`` when printed, so
a document follows the language chosen at the moment it is rendered.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from flat_desktop import i18n
from flat_desktop.i18n import N_
from flat_desktop.printing.model import JobType, Priority


@functools.lru_cache(maxsize=1024)
def _translated(language: str, message: str) -> str:
    return i18n._(message)


def _(message: str) -> str:
    """``i18n._`` remembered per language: every ticket of a batch asks for the same few words,
    and each lookup walks the chain of catalogues."""
    return _translated(i18n.language(), message)

JOB_TYPE_NAMES: dict[JobType, str] = {
    JobType.MINUTES: N_("Meeting minutes"),
    JobType.DATA_ENTRY: N_("Data entry"),
    JobType.ENCLOSING: N_("Enclosing and sealing"),
    JobType.CARDS: N_("Business cards and name tags"),
    JobType.COPYING: N_("Copying and collating"),
    JobType.FILES: N_("Labelled files"),
    JobType.BADGES: N_("Button badges"),
    JobType.DIGITISING: N_("Digitising documents"),
    JobType.LENDING: N_("Equipment lending"),
    JobType.MAIL_ROUND: N_("Mail round"),
    JobType.EVENING_PAPER: N_("Evening paper"),
}

PRIORITY_NAMES: dict[Priority, str] = {
    Priority.NORMAL: N_("Normal"),
    Priority.HIGH: N_("High priority"),
    Priority.URGENT: N_("Urgent"),
}

_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def job_type_name(job_type: JobType) -> str:
    return _(JOB_TYPE_NAMES[job_type])


def priority_name(priority: Priority) -> str:
    return _(PRIORITY_NAMES[priority])


def due_text(due: date) -> str:
    """A due date as people say it at the station: month, day, weekday, and the time if set."""
    weekday = _(_WEEKDAYS[due.weekday()])
    day = _("{month}/{day} ({weekday})").format(month=due.month, day=due.day, weekday=weekday)
    if isinstance(due, datetime):
        return f"{day} {due:%H:%M}"
    return day


def quantity_text(quantity: int, unit: str) -> str:
    return f"{quantity:,} {unit}".strip()
