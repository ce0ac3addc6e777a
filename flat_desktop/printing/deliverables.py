"""What the station makes for other departments from order data, in the standard layouts.

Business cards, name tags, file spine labels and index tab labels. The layouts are the
templates in :mod:`.standards`; the order data is copied into them unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from flat_desktop.i18n import _
from flat_desktop.printing import standards
from flat_desktop.printing.model import BusinessCard, IndexLabel, NameTag, SpineLabel
from flat_desktop.printing.sheets import Record, Template, render_sheet


def _labelled(label: str, value: str) -> str:
    return f"{label} {value}" if value else ""


def card_record(card: BusinessCard) -> Record:
    return {
        "organisation": card.organisation,
        "department": card.department,
        "title": card.title,
        "kana": card.kana,
        "name": card.name,
        "name_latin": card.name_latin,
        "address": card.address,
        "phone": _labelled(_("Tel"), card.phone),
        "email": _labelled(_("Email"), card.email),
    }


def name_tag_record(tag: NameTag) -> Record:
    return {"department": tag.department, "kana": tag.kana, "name": tag.name, "role": tag.role}


def spine_record(label: SpineLabel) -> Record:
    return {
        "fiscal_year": label.fiscal_year,
        "title": label.title,
        "department": label.department,
        "retention": _labelled(_("Keep"), label.retention),
    }


def index_record(label: IndexLabel) -> Record:
    return {"number": label.number, "text": label.text}


def render_business_cards(
    card: BusinessCard, count: int = 10, *, skip: int = 0, template: Template | None = None
) -> bytes:
    """``count`` copies of one card design, 10 per A4 with crop marks (``standards.BUSINESS_CARD``)."""
    if count < 1:
        raise ValueError(_("The number of cards must be at least 1."))
    record = card_record(card)
    return render_sheet([record] * count, template or standards.BUSINESS_CARD, _("Business cards"), skip)


def render_card_list(cards: Sequence[BusinessCard], *, skip: int = 0, template: Template | None = None) -> bytes:
    """One card per design in ``cards`` (an order's card holders, in their order), 10 per A4."""
    return render_sheet([card_record(c) for c in cards], template or standards.BUSINESS_CARD, _("Business cards"),
                        skip)


def render_name_tags(tags: Sequence[NameTag], *, skip: int = 0, template: Template | None = None) -> bytes:
    """Name tags, 8 per A4 with crop marks (``standards.NAME_TAG``)."""
    records = [name_tag_record(t) for t in tags]
    return render_sheet(records, template or standards.NAME_TAG, _("Name tags"), skip)


def render_spine_labels(labels: Sequence[SpineLabel], *, spine_mm: str = "30", skip: int = 0) -> bytes:
    """File spine labels for the spine width ``spine_mm`` (a key of ``standards.SPINE_LABELS``)."""
    if spine_mm not in standards.SPINE_LABELS:
        known = ", ".join(standards.SPINE_LABELS)
        raise ValueError(_("There is no standard spine label {width} mm wide; choose one of: {known}.")
                         .format(width=spine_mm, known=known))
    records = [spine_record(label) for label in labels]
    return render_sheet(records, standards.SPINE_LABELS[spine_mm], _("File spine labels"), skip)


def render_index_labels(labels: Sequence[IndexLabel], *, skip: int = 0) -> bytes:
    """Index tab labels, 60 per A4 (``standards.INDEX_LABEL``)."""
    records = [index_record(label) for label in labels]
    return render_sheet(records, standards.INDEX_LABEL, _("Index labels"), skip)
