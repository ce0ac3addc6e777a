"""What the printed documents show: plain frozen records, filled by whoever owns the data.

The printing package never reads the database itself; the caller builds these records
(from the ORM, an order form or a test) and passes them to a ``render_*`` function.
Codes are checked here, so a malformed code fails loudly before anything is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from flat_desktop import codes
from flat_desktop.i18n import N_, _


class JobType(StrEnum):
    MINUTES = "minutes"
    DATA_ENTRY = "data_entry"
    ENCLOSING = "enclosing"
    CARDS = "cards"
    COPYING = "copying"
    FILES = "files"
    BADGES = "badges"
    DIGITISING = "digitising"
    LENDING = "lending"
    MAIL_ROUND = "mail_round"
    EVENING_PAPER = "evening_paper"


class Priority(StrEnum):
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class MachineKind(StrEnum):
    """Decides the pictogram on a machine label."""

    COPIER = "copier"
    PRINTER = "printer"
    LABEL_PRINTER = "label_printer"
    FOLDER = "folder"
    SEALER = "sealer"
    CUTTER = "cutter"
    SCANNER = "scanner"
    BADGE_PRESS = "badge_press"
    PC = "pc"
    CAMERA = "camera"
    OTHER = "other"


def _require(pattern_ok: bool, what: str, value: str) -> None:
    if not pattern_ok:
        raise ValueError(_("Not a valid {what}: {value}").format(what=_(what), value=value))


@dataclass(frozen=True)
class SpecValue:
    """One line of a job's standard spec, e.g. ``("用紙", "A4 上質紙")``."""

    label: str
    value: str


@dataclass(frozen=True)
class JobTicket:
    """A job ticket. ``title`` and ``steps`` may carry ruby markup (``{漢字|かんじ}``)."""

    job_code: str
    job_type: JobType
    title: str
    requester: str = ""
    department: str = ""
    quantity: int | None = None
    unit: str = ""
    due: date | None = None  # a datetime prints its time too
    priority: Priority = Priority.NORMAL
    specs: tuple[SpecValue, ...] = ()
    steps: tuple[str, ...] = ()
    confidential: bool = False
    order_code: str = ""  # the order number a requester quotes when asking after the work

    def __post_init__(self) -> None:
        _require(bool(codes.JOB_CODE.fullmatch(self.job_code)), N_("job code"), self.job_code)
        object.__setattr__(self, "job_type", JobType(self.job_type))
        object.__setattr__(self, "priority", Priority(self.priority))


@dataclass(frozen=True)
class WorkerBadge:
    name: str
    kana: str
    role: str
    badge_number: str  # five digits

    def __post_init__(self) -> None:
        _require(bool(codes.BADGE_NUMBER.fullmatch(self.badge_number)), N_("badge number"), self.badge_number)


@dataclass(frozen=True)
class MachineLabel:
    name: str
    machine_code: str  # two letters and two digits, e.g. "CP01"
    kind: MachineKind = MachineKind.OTHER

    def __post_init__(self) -> None:
        _require(bool(codes.MACHINE_CODE.fullmatch(self.machine_code)), N_("machine code"), self.machine_code)
        object.__setattr__(self, "kind", MachineKind(self.kind))


@dataclass(frozen=True)
class MailboxLabel:
    department: str
    mailbox: str  # three digits

    def __post_init__(self) -> None:
        _require(bool(codes.MAILBOX_CODE.fullmatch(self.mailbox)), N_("mailbox number"), self.mailbox)


@dataclass(frozen=True)
class BusinessCard:
    """Order data for one business card design (the caller repeats it for the number ordered)."""

    name: str
    kana: str = ""
    name_latin: str = ""
    title: str = ""  # job title, e.g. 主事
    department: str = ""
    organisation: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class NameTag:
    name: str
    kana: str = ""
    department: str = ""
    role: str = ""


@dataclass(frozen=True)
class SpineLabel:
    """The label on a file's spine: printed top to bottom in vertical writing."""

    title: str
    department: str = ""
    fiscal_year: str = ""  # e.g. 令和7年度
    retention: str = ""  # e.g. 5年


@dataclass(frozen=True)
class IndexLabel:
    """A tab label for a divider; ``number`` is printed large above the text."""

    text: str
    number: str = ""
