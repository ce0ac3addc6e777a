"""Scan targets for the station itself: worker badges, machine labels, department mailbox labels."""

from __future__ import annotations

from collections.abc import Sequence

from flat_desktop import codes
from flat_desktop.i18n import _
from flat_desktop.printing import standards
from flat_desktop.printing.model import MachineLabel, MailboxLabel, WorkerBadge
from flat_desktop.printing.sheets import Record, Template, render_sheet


def badge_record(b: WorkerBadge) -> Record:
    return {
        "station": _("flat smart station"),
        "kana": b.kana,
        "name": b.name,
        "role": b.role,
        "barcode": codes.badge_payload(b.badge_number),
    }


def machine_record(m: MachineLabel) -> Record:
    return {
        "icon": m.kind,
        "icon_fallback": m.name,
        "name": m.name,
        "code": m.machine_code,
        "barcode": codes.machine_payload(m.machine_code),
    }


def mailbox_record(m: MailboxLabel) -> Record:
    return {
        "caption": _("Mailbox"),
        "department": m.department,
        "mailbox": m.mailbox,
        "barcode": codes.mailbox_payload(m.mailbox),
    }


def render_badges(badges: Sequence[WorkerBadge], *, skip: int = 0, template: Template | None = None) -> bytes:
    """Worker badges, 10 per A4 with crop marks (``standards.BADGE``)."""
    return render_sheet([badge_record(b) for b in badges], template or standards.BADGE, _("Badges"), skip)


def render_machine_labels(
    machines: Sequence[MachineLabel], *, skip: int = 0, template: Template | None = None
) -> bytes:
    """Machine labels on a 12-up A4 sticker sheet (``standards.MACHINE_LABEL``)."""
    records = [machine_record(m) for m in machines]
    return render_sheet(records, template or standards.MACHINE_LABEL, _("Machine labels"), skip)


def render_mailbox_labels(
    mailboxes: Sequence[MailboxLabel], *, skip: int = 0, template: Template | None = None
) -> bytes:
    """Department mailbox labels on a 12-up A4 sticker sheet (``standards.MAILBOX_LABEL``)."""
    records = [mailbox_record(m) for m in mailboxes]
    return render_sheet(records, template or standards.MAILBOX_LABEL, _("Mailbox labels"), skip)
