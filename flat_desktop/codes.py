"""Barcode payloads for badges, job tickets, machines and department mailboxes.

Every payload uses only A–Z, 0–9 and '-', so a scanner set to another keyboard layout
cannot garble it, and ends in a Luhn mod 36 check character over its letters and digits,
so one mistyped or misread character is always caught.

==========  =====================  ==============  =======================
kind        payload                example         meaning
==========  =====================  ==============  =======================
badge       ``B-<5 digits>-C``     ``B-10012-X``   a worker's badge number
ticket      ``<job code>-C``       ``J-261128-003-K``  job code ``J-YYMMDD-NNN``
machine     ``M-<machine code>-C`` ``M-CP01-7``    machine code, 2 letters + 2 digits
mailbox     ``D-<3 digits>-C``     ``D-104-P``     a department's mailbox number
==========  =====================  ==============  =======================
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class CodeKind(StrEnum):
    BADGE = "badge"
    TICKET = "ticket"
    MACHINE = "machine"
    MAILBOX = "mailbox"


_BODY = {
    CodeKind.BADGE: re.compile(r"B-\d{5}"),
    CodeKind.TICKET: re.compile(r"J-\d{6}-\d{3,4}"),
    CodeKind.MACHINE: re.compile(r"M-[A-Z]{2}\d{2}"),
    CodeKind.MAILBOX: re.compile(r"D-\d{3}"),
}
JOB_CODE = _BODY[CodeKind.TICKET]
MACHINE_CODE = re.compile(r"[A-Z]{2}\d{2}")
MAILBOX_CODE = re.compile(r"\d{3}")
BADGE_NUMBER = re.compile(r"\d{5}")


def check_char(body: str) -> str:
    """Luhn mod N (N = 36) check character over the letters and digits of ``body``."""
    chars = [c for c in body.upper() if c in ALPHABET]
    n = len(ALPHABET)
    factor = 2
    total = 0
    for c in reversed(chars):
        addend = factor * ALPHABET.index(c)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def with_check(body: str) -> str:
    return f"{body}-{check_char(body)}"


def normalise(raw: str) -> str:
    """What a scan means, whatever keyboard mode typed it.

    NFKC folds full-width input ("ＪＯＢ－０００１") to ASCII; the long vowel mark and
    other dashes a Japanese input method may produce for '-' become '-'; spaces and
    control characters are dropped; letters are upper-cased.
    """
    text = unicodedata.normalize("NFKC", raw)
    text = re.sub(r"[\u2010-\u2015\u2212\u30fc\uff70\u2043\ufe63]", "-", text)
    text = "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] != "C")
    return text.upper()


@dataclass(frozen=True)
class Scan:
    """A recognised payload: its kind and the domain code it carries (badge number, job code...)."""

    kind: CodeKind
    value: str
    payload: str


def parse(raw: str) -> Scan | None:
    """Recognise a scanned payload; ``None`` when it is not one of ours or its check fails."""
    text = normalise(raw)
    if "-" not in text:
        return None
    body, _, check = text.rpartition("-")
    if len(check) != 1 or check_char(body) != check:
        return None
    for kind, pattern in _BODY.items():
        if pattern.fullmatch(body):
            value = body if kind is CodeKind.TICKET else body.split("-", 1)[1]
            return Scan(kind, value, text)
    return None


def badge_payload(badge_number: str) -> str:
    return with_check(f"B-{badge_number}")


def ticket_payload(job_code: str) -> str:
    return with_check(job_code)


def machine_payload(machine_code: str) -> str:
    return with_check(f"M-{machine_code}")


def mailbox_payload(mailbox: str) -> str:
    return with_check(f"D-{mailbox}")


def payload_for(kind: CodeKind, value: str) -> str:
    return {
        CodeKind.BADGE: badge_payload,
        CodeKind.TICKET: ticket_payload,
        CodeKind.MACHINE: machine_payload,
        CodeKind.MAILBOX: mailbox_payload,
    }[kind](value)
