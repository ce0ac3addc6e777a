"""What the command line accepts, checked before a command runs.

A mistake in the words typed is one line on stderr that says what is wrong and what to do,
in the reader's language, and exit status 2: argparse's own messages are looked up in the
station's catalogues, and every value with a shape (a code, a number, a day, a file) has a
type here that says what it should look like.
"""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

from flat_desktop import codes
from flat_desktop.errors import InvalidInput, quoted
from flat_desktop.i18n import N_, _, ngettext

CODE_MAX = 40  # the longest code of any kind is 16 characters; a scanned payload adds two
TEXT_MAX = 500
EVENTS_MAX = 1_000_000
HISTORY_DAYS_MAX = 3650
SEEN_MAX = 10_000_000  # as checking._seen
ROUTE_DAYS_AROUND = 366  # rounds can be made for a day up to a year before or after today

# argparse's own words: it looks each one up through the name ``_`` of its module, which
# ``argparse_in_our_language`` points at the station's catalogues while the line is read.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
)


class UsageError(InvalidInput):
    """The command line itself is wrong (``prog`` names the command, e.g. ``flat-desktop events``)."""

    reason = "usage"

    def __init__(self, message: str, hint: str, *, prog: str) -> None:
        super().__init__(message, hint)
        self.prog = prog


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose mistakes raise UsageError (one line, printed by ``main``) instead
    of printing the usage block and leaving the process."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, _("See: {prog} --help").format(prog=self.prog), prog=self.prog)


@contextmanager
def argparse_in_our_language() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _bad(message: str) -> NoReturn:
    raise argparse.ArgumentTypeError(message)


def typed(raw: str) -> str:
    """``raw`` as it is (a password keeps its spaces); refused when it holds bytes that are not
    text, which no database can store, or control characters."""
    if raw != raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace"):
        _bad(_("'{value}' holds bytes that are not UTF-8 text: type it again (check the terminal's "
               "character set).").format(value=quoted(raw)))
    if any(unicodedata.category(c) == "Cc" for c in raw):
        _bad(_("'{value}' holds control characters: type it again.").format(value=quoted(raw)))
    return raw


def _typed_text(raw: str) -> str:
    return typed(raw).strip()


def as_code(text: str, scanned: codes.CodeKind | None = None, *, upper: bool = True) -> str:
    """A code as typed (full-width, lower case) or as scanned (a label's payload stands for its code)."""
    if not upper:
        scan = codes.parse(text)
        return scan.value if scan is not None and scan.kind is scanned else text
    code = codes.normalise(text)
    scan = codes.parse(code)
    return scan.value if scan is not None and scan.kind is scanned else code


def _code(
    kind: str, example: str, scanned: codes.CodeKind | None = None, *, upper: bool = True
) -> Callable[[str], str]:
    def check(raw: str) -> str:
        text = _typed_text(raw)
        if not text:
            _bad(_("The {kind} is empty: write one, e.g. {example}.").format(kind=_(kind), example=example))
        if len(text) > CODE_MAX:
            _bad(_("'{value}' is too long for a {kind} ({n} characters at most).").format(
                value=quoted(text), kind=_(kind), n=CODE_MAX))
        return as_code(text, scanned, upper=upper)

    check.__name__ = kind  # argparse names the type in its own messages
    return check


job_code = _code(N_("job code"), "J-261128-003", codes.CodeKind.TICKET)
worker_code = _code(N_("worker code"), "W001")
machine_code = _code(N_("machine code"), "CP01", codes.CodeKind.MACHINE)
# What ``print`` names depends on the document: each kind is made a code of its own in the command.
item_code = _code(N_("code"), "J-261128-003, W001, CP01, 104, O-261128-004", upper=False)


def text(raw: str) -> str:
    """Free text such as a reason: not empty, not longer than ``TEXT_MAX``."""
    value = _typed_text(raw)
    if not value:
        _bad(_("The text is empty: write a few words."))
    if len(value) > TEXT_MAX:
        _bad(_("The text is too long ({n} characters at most).").format(n=TEXT_MAX))
    return value


def seen_count(raw: str) -> int:
    """How many a supervisor counted at the check: a whole number, 0 or more."""
    try:
        n = int(raw.strip())
    except ValueError:
        n = -1
    if not 0 <= n <= SEEN_MAX:
        _bad(_("'{value}' is not a count: write how many you counted, e.g. --seen 120.").format(value=quoted(raw)))
    return n


def step_numbers(raw: str) -> list[int]:
    """Step numbers to redo, e.g. ``2,3``."""
    try:
        numbers = [int(part) for part in raw.replace("、", ",").split(",") if part.strip()]
    except ValueError:
        numbers = []
    if not numbers or any(n < 1 for n in numbers):
        _bad(_("'{value}' is not a list of step numbers: write e.g. --steps 2,3.").format(value=quoted(raw)))
    return numbers
def quantity(raw: str) -> int:
    from flat_desktop.services.orders import MAX_QUANTITY

    try:
        n = int(raw.strip())
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_QUANTITY:
        _bad(_("'{value}' is not a quantity from 1 to {most}.").format(value=quoted(raw), most=f"{MAX_QUANTITY:,}"))
    return n


def spec_value(raw: str) -> tuple[str, str]:
    """``KEY=VALUE`` of a job type's spec (the value is checked against the spec by the service)."""
    key, sep, value = typed(raw).partition("=")
    if not sep or not key.strip():
        _bad(_("'{value}' is not KEY=VALUE: write e.g. --spec fold=half.").format(value=quoted(raw)))
    return key.strip(), value.strip()


def due(raw: str) -> dt.datetime | None:
    """A due moment in ISO form (this PC's zone when none is given), or ``none`` to take it away."""
    if raw.strip().lower() in ("none", "-"):
        return None
    return since(raw)


def pc_name(raw: str) -> str:
    value = _typed_text(raw)
    if not value:
        _bad(_("The PC name is empty: write one, e.g. station-05."))
    return value


def printer(raw: str) -> str:
    value = _typed_text(raw)
    if not value or value.startswith("-") or any(c.isspace() for c in value):
        _bad(_("'{value}' is not a printer name: lpstat -p lists the printers.").format(value=quoted(value)))
    return value


def output_file(raw: str) -> str:
    """A file to write; whether its folder exists is checked before the document is made."""
    if not raw.strip():
        _bad(_("The file name is empty: write one, e.g. tickets.pdf."))
    return raw


def events_limit(raw: str) -> int:
    try:
        n = int(raw.strip())
    except ValueError:
        n = 0
    if not 1 <= n <= EVENTS_MAX:
        _bad(_("'{value}' is not a number from 1 to {most}: leave --limit out to see every event.").format(
            value=quoted(raw), most=f"{EVENTS_MAX:,}"))
    return n


def history_days(raw: str) -> int:
    try:
        n = int(raw.strip())
    except ValueError:
        n = -1
    if not 0 <= n <= HISTORY_DAYS_MAX:
        _bad(_("'{value}' is not a number of days from 0 to {most}.").format(value=quoted(raw), most=HISTORY_DAYS_MAX))
    return n


def route_day(raw: str) -> dt.date:
    """A day in ISO form, within ``ROUTE_DAYS_AROUND`` days of today."""
    today = dt.date.today()
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        _bad(_("'{value}' is not a date: write YYYY-MM-DD, e.g. {today}.").format(
            value=quoted(raw), today=today.isoformat()))
    first, last = today - dt.timedelta(days=ROUTE_DAYS_AROUND), today + dt.timedelta(days=ROUTE_DAYS_AROUND)
    if not first <= day <= last:
        _bad(_("{day} is more than a year from today: choose a day from {first} to {last}.").format(
            day=day.isoformat(), first=first.isoformat(), last=last.isoformat()))
    return day


def since(raw: str) -> dt.datetime:
    """A moment in ISO form; one without a time zone is in this PC's."""
    try:
        value = dt.datetime.fromisoformat(raw.strip())
        return value if value.tzinfo else value.astimezone()
    except (ValueError, OverflowError, OSError):  # not ISO, or a moment the clock cannot place (year 1)
        _bad(_("'{text}' is not a date or time.").format(text=quoted(raw)) + " "
             + _("Use ISO format, e.g. 2026-11-01 or 2026-11-01T09:00."))
