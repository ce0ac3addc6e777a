"""Printing core: job tickets, badges, labels and deliverables as PDF, and the print spooler.

Qt-free on purpose (no PySide6, no qtawesome import), so the CLI and tests can print
without a display. Callers build the records in :mod:`.model`, call a ``render_*``
function to get PDF bytes, and hand them to :func:`.spool.send_to_printer`.
"""

from flat_desktop.printing.deliverables import (
    render_business_cards,
    render_card_list,
    render_index_labels,
    render_name_tags,
    render_spine_labels,
)
from flat_desktop.printing.labels import render_badges, render_machine_labels, render_mailbox_labels
from flat_desktop.printing.model import (
    BusinessCard,
    IndexLabel,
    JobTicket,
    JobType,
    MachineKind,
    MachineLabel,
    MailboxLabel,
    NameTag,
    Priority,
    SpecValue,
    SpineLabel,
    WorkerBadge,
)
from flat_desktop.printing.spool import (
    PrinterNotFoundError,
    PrintError,
    PrinterStoppedError,
    Spooled,
    SpoolerNotFoundError,
    SpoolFullError,
    send_to_printer,
    spool_file,
    spooler_available,
)
from flat_desktop.printing.tickets import TicketFormat, render_tickets

__all__ = [
    "BusinessCard",
    "IndexLabel",
    "JobTicket",
    "JobType",
    "MachineKind",
    "MachineLabel",
    "MailboxLabel",
    "NameTag",
    "PrintError",
    "PrinterNotFoundError",
    "PrinterStoppedError",
    "Priority",
    "SpecValue",
    "SpineLabel",
    "SpoolFullError",
    "Spooled",
    "SpoolerNotFoundError",
    "TicketFormat",
    "WorkerBadge",
    "render_badges",
    "render_business_cards",
    "render_card_list",
    "render_index_labels",
    "render_machine_labels",
    "render_mailbox_labels",
    "render_name_tags",
    "render_spine_labels",
    "render_tickets",
    "send_to_printer",
    "spool_file",
    "spooler_available",
]
