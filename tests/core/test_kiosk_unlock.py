"""Who may close a kiosk station (services.kiosk), without Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.demo.build import badge_payloads
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import utcnow
from flat_desktop.services import board, kiosk

BADGES = badge_payloads()


def test_only_a_supervisors_badge_is_asked_for_a_pin(demo_db: Database) -> None:
    check = kiosk.UnlockCheck(demo_db, "pc", pins_here=True, unlock_code_hash=None)
    assert check.supervisor(BADGES["S001"]).code == "S001"
    with pytest.raises(NotAllowed) as worker:
        check.supervisor(BADGES["W001"])
    assert worker.value.reason == "not_supervisor"
    with pytest.raises(NotFound):
        check.supervisor(codes.badge_payload("99999"))
    with pytest.raises(InvalidInput):
        check.supervisor("J-261128-003-X")


def test_five_wrong_pins_lock_closing_as_they_lock_the_console(demo_db: Database) -> None:
    now = utcnow()
    check = kiosk.UnlockCheck(demo_db, "pc", pins_here=True, unlock_code_hash=None, clock=lambda: now)
    for _ in range(5):
        with pytest.raises(InvalidInput):
            check.check(BADGES["S002"], "0000")
    with pytest.raises(NotAllowed) as locked:
        check.check(BADGES["S002"], SUPERVISOR_PIN)
    assert locked.value.reason == "locked"
    assert [e.type for e in board.events(demo_db)].count("pin_rejected") == 5
    later = kiosk.UnlockCheck(demo_db, "pc", pins_here=True, unlock_code_hash=None,
                              clock=lambda: now + dt.timedelta(minutes=16))
    assert later.check(BADGES["S002"], SUPERVISOR_PIN).code == "S002"


def test_on_a_cache_the_unlock_code_is_asked_not_the_pin(demo_db: Database) -> None:
    now = [utcnow()]
    check = kiosk.UnlockCheck(demo_db, "pc", pins_here=False, unlock_code_hash=kiosk.hash_unlock_code("2468"),
                              clock=lambda: now[0])
    with pytest.raises(InvalidInput):
        check.check(BADGES["S001"], SUPERVISOR_PIN)
    assert check.check(BADGES["S001"], "2468").code == "S001"
    with pytest.raises(NotAllowed):
        check.check(BADGES["W001"], "2468")  # the code alone is not enough: a supervisor's badge too
    for _ in range(5):
        with pytest.raises(InvalidInput):
            check.check(BADGES["S001"], "1111")
    with pytest.raises(NotAllowed):
        check.check(BADGES["S001"], "2468")
    now[0] += dt.timedelta(minutes=16)
    assert check.check(BADGES["S001"], "2468").code == "S001"
    assert "pin_rejected" not in [e.type for e in board.events(demo_db)]  # nothing written to a cache


def test_no_unlock_code_set_says_how_to_set_one(demo_db: Database) -> None:
    check = kiosk.UnlockCheck(demo_db, "pc", pins_here=False, unlock_code_hash=None)
    with pytest.raises(NotAllowed) as none:
        check.check(BADGES["S001"], "2468")
    assert "setup --unlock-code" in none.value.hint


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", "１２３４５"])
def test_an_unlock_code_is_four_to_eight_digits(bad: str) -> None:
    with pytest.raises(InvalidInput):
        kiosk.hash_unlock_code(bad)
