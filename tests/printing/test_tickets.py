"""Job tickets: every job type, every format, every barcode scans back to its payload."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from flat_desktop import codes
from flat_desktop.printing import JobTicket, JobType, Priority, SpecValue, TicketFormat, render_tickets, samples
from flat_desktop.printing.barcodes import best_dots, symbol_width
from flat_desktop.printing.tickets import STYLES

from .pdfcheck import page_count, page_texts


def payloads(tickets: list[JobTicket]) -> list[str]:
    return [codes.ticket_payload(t.job_code) for t in tickets]


def test_samples_cover_every_job_type() -> None:
    """The sample set used below really contains a ticket of each of the eleven job types."""
    assert {t.job_type for t in samples.tickets()} == set(JobType)


@pytest.mark.parametrize("fmt", [TicketFormat.A4, TicketFormat.ROLL_62])
def test_one_ticket_per_page_scans(fmt: TicketFormat, assert_barcodes: Callable[..., None]) -> None:
    """A4 and roll tickets: each page carries exactly its own job code, readable at 300 and 150 dpi."""
    tickets = samples.tickets()
    assert_barcodes(render_tickets(tickets, fmt), [[p] for p in payloads(tickets)])


def test_four_per_sheet_scans(assert_barcodes: Callable[..., None]) -> None:
    """Four-up A4: all four codes on each sheet are found, and the last sheet holds the remainder."""
    tickets = samples.tickets()
    codes_ = payloads(tickets)
    expected = [codes_[i : i + 4] for i in range(0, len(codes_), 4)]
    assert_barcodes(render_tickets(tickets, TicketFormat.A4_QUARTER), expected)


def test_japanese_content_in_text_layer() -> None:
    """Job type, labels, title, people, quantity, due date and steps print as Japanese text."""
    ticket = samples.tickets()[0]
    text = page_texts(render_tickets([ticket], TicketFormat.A4))[0]
    for expected in ("封入・封かん", "至急", "依頼者", "山田 花子", "総務部 税務課", "数量", "1,200 通",
                     "納期", "11月28日(土) 10:00", "作業手順", "封筒を200枚用意します", "用紙"):
        assert expected in text
    assert "{" not in text  # ruby markup is printed as plain text


def test_confidential_ticket_prints_only_code_and_type(assert_barcodes: Callable[..., None]) -> None:
    """A confidential job shows its job type and code but no title, requester, quantity or spec."""
    ticket = samples.tickets()[-1]
    assert ticket.confidential
    for fmt in TicketFormat:
        pdf = render_tickets([ticket], fmt)
        text = page_texts(pdf)[0]
        assert "データ入力・集計" in text
        assert "取扱注意" in text
        for secret in (ticket.title, ticket.requester, ticket.department, "420", "数量", "依頼者"):
            assert secret not in text
        assert_barcodes(pdf, [[codes.ticket_payload(ticket.job_code)]])


def test_long_content_stays_on_one_page() -> None:
    """Many steps and spec lines are cut to what fits, with a 'more' note, never spilling to a second page."""
    ticket = JobTicket(
        job_code="J-261201-0001", job_type=JobType.COPYING, title="長い" * 80, requester="依頼 者",
        department="部" * 60, quantity=10, unit="部", due=date(2026, 12, 1), priority=Priority.HIGH,
        specs=tuple(SpecValue(f"項目{i}", "値" * 50) for i in range(30)),
        steps=tuple(f"手順 {i}" for i in range(40)),
    )
    for fmt in (TicketFormat.A4, TicketFormat.A4_QUARTER):
        pdf = render_tickets([ticket], fmt)
        assert page_count(pdf) == 1
        assert "ほか" in page_texts(pdf)[0]


def test_roll_grows_with_content() -> None:
    """On the 62 mm roll a ticket with more lines gets a longer label instead of losing lines."""
    import pypdfium2 as pdfium

    short = JobTicket("J-261201-001", JobType.MAIL_ROUND, "集配")
    long = JobTicket("J-261201-002", JobType.MAIL_ROUND, "集配", requester="a", department="b",
                     specs=(SpecValue("x", "y"),) * 4, steps=("s",) * 5, due=datetime(2026, 12, 1, 9))
    doc = pdfium.PdfDocument(render_tickets([short, long], TicketFormat.ROLL_62))
    (w1, h1), (w2, h2) = doc[0].get_size(), doc[1].get_size()
    doc.close()
    assert round(w1 / 72 * 25.4) == round(w2 / 72 * 25.4) == 62
    assert h2 > h1


@pytest.mark.parametrize("fmt", list(TicketFormat))
def test_module_width_for_arms_length(fmt: TicketFormat) -> None:
    """Even the longest job code keeps the format's module width (A4 6 dots, A6 and roll 5 dots).

    On the roll the code is turned a quarter, so its bars plus the code line must fit across 62 mm.
    """
    from reportlab.lib.units import mm

    style = STYLES[fmt]
    page_w = 62 if fmt is TicketFormat.ROLL_62 else (210 if fmt is TicketFormat.A4 else 105)
    room = (page_w - 2 * style.margin) * mm
    payload = codes.ticket_payload("J-261231-9999")
    assert style.max_dots >= 5
    if style.rotate_code:
        assert style.bar_height * mm + style.code_size * 1.25 <= room
    else:
        assert best_dots(payload, room, style.max_dots) == style.max_dots
        assert symbol_width(payload, style.max_dots) <= room


def test_invalid_job_code_is_refused() -> None:
    """A malformed job code fails before anything is drawn."""
    with pytest.raises(ValueError, match="作業コードが正しくありません"):
        JobTicket("J-1", JobType.FILES, "x")
