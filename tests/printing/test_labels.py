"""Badges, machine labels and mailbox labels: full sheets whose every code scans back."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flat_desktop import codes
from flat_desktop.printing import (
    MachineLabel,
    MailboxLabel,
    WorkerBadge,
    render_badges,
    render_machine_labels,
    render_mailbox_labels,
    samples,
    standards,
)

from .pdfcheck import page_texts


def pages_of(payloads: list[str], per_page: int, skip: int = 0) -> list[list[str]]:
    slots = [""] * skip + payloads
    return [[p for p in slots[i : i + per_page] if p] for i in range(0, len(slots), per_page)]


def test_badges_scan(assert_barcodes: Callable[..., None]) -> None:
    """Eleven badges fill one sheet of ten and start a second; every badge code reads back exactly."""
    badges = samples.badges()
    expected = pages_of([codes.badge_payload(b.badge_number) for b in badges], standards.BADGE.sheet.per_page)
    assert [len(p) for p in expected] == [10, 1]
    assert_barcodes(render_badges(badges), expected)


def test_badge_text_is_japanese() -> None:
    """Name, kana and role are in the text layer as written."""
    text = page_texts(render_badges(samples.badges()[:1]))[0]
    for expected in ("青木 さくら", "あおき さくら", "作業員", "flat スマートステーション"):
        assert expected in text


def test_machine_labels_scan(assert_barcodes: Callable[..., None]) -> None:
    """All machine labels on the 12-up sheet scan back to their machine payloads; names are text."""
    machines = samples.machines()
    pdf = render_machine_labels(machines)
    assert_barcodes(pdf, [[codes.machine_payload(m.machine_code) for m in machines]])
    assert "封かん機" in page_texts(pdf)[0]


def test_mailbox_labels_scan(assert_barcodes: Callable[..., None]) -> None:
    """Thirteen mailbox labels: a full sheet of twelve plus one; every code scans back."""
    boxes = samples.mailboxes()
    expected = pages_of([codes.mailbox_payload(m.mailbox) for m in boxes], standards.MAILBOX_LABEL.sheet.per_page)
    pdf = render_mailbox_labels(boxes)
    assert_barcodes(pdf, expected)
    text = page_texts(pdf)[0]
    assert "メールボックス" in text
    assert "県民生活部" in text


def test_skip_starts_on_a_used_sheet(assert_barcodes: Callable[..., None]) -> None:
    """Skipping the first 10 positions puts two labels at the end of sheet 1 and the rest on sheet 2."""
    machines = samples.machines()[:4]
    expected = pages_of([codes.machine_payload(m.machine_code) for m in machines], 12, skip=10)
    assert [len(p) for p in expected] == [2, 2]
    assert_barcodes(render_machine_labels(machines, skip=10), expected)


def test_records_refuse_bad_codes() -> None:
    """Malformed badge numbers, machine codes and mailbox numbers fail before printing."""
    with pytest.raises(ValueError):
        WorkerBadge("名前", "なまえ", "作業員", "123")
    with pytest.raises(ValueError):
        MachineLabel("複合機", "C1")
    with pytest.raises(ValueError):
        MailboxLabel("総務部", "1a4")
    with pytest.raises(ValueError, match="印刷するものがありません"):
        render_badges([])
