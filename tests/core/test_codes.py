"""Barcode payloads: format, check character, and normalisation of what a scanner types."""

from __future__ import annotations

import pytest

from flat_desktop import codes


@pytest.mark.parametrize(
    ("payload", "kind", "value"),
    [
        (codes.badge_payload("10012"), codes.CodeKind.BADGE, "10012"),
        (codes.ticket_payload("J-261128-003"), codes.CodeKind.TICKET, "J-261128-003"),
        (codes.machine_payload("CP01"), codes.CodeKind.MACHINE, "CP01"),
        (codes.mailbox_payload("104"), codes.CodeKind.MAILBOX, "104"),
    ],
)
def test_round_trip(payload: str, kind: codes.CodeKind, value: str) -> None:
    """Every payload kind parses back to its kind and value, and uses only A–Z, 0–9 and '-'."""
    scan = codes.parse(payload)
    assert scan == codes.Scan(kind, value, payload)
    assert set(payload) <= set(codes.ALPHABET + "-")


def test_every_single_character_error_is_caught() -> None:
    """Changing any one letter or digit of a payload makes the check fail."""
    payload = codes.ticket_payload("J-261128-003")
    for i, c in enumerate(payload):
        if c == "-":
            continue
        for other in codes.ALPHABET:
            if other != c:
                assert codes.parse(payload[:i] + other + payload[i + 1 :]) is None


def test_full_width_and_ime_dashes_are_normalised() -> None:
    """A scan typed in full-width or Japanese input mode means the same code."""
    payload = codes.ticket_payload("J-261128-003")
    full = payload.translate(str.maketrans("0123456789J-", "０１２３４５６７８９Ｊ－"))
    assert codes.parse(full) is not None
    assert codes.parse(payload.lower().replace("-", "ー")) is not None
    assert codes.normalise("ＪＯＢ－０００１") == "JOB-0001"


def test_unknown_text_is_not_a_code() -> None:
    """Text that is not one of our payloads is not recognised."""
    assert codes.parse("hello") is None
    assert codes.parse("") is None
    assert codes.parse("X-12345-" + codes.check_char("X-12345")) is None
