"""Closing a kiosk station on the shared server: its login cannot read PIN hashes, so the server
checks the supervisor's PIN (flat_station_unlock, given the digest of the PIN typed) with the
console's lockout and records each wrong PIN; away from the server, the station's unlock code."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from flat_desktop.db import Database
from flat_desktop.db.models import Worker
from flat_desktop.demo.build import badge_payloads
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.errors import InvalidInput, NotAllowed
from flat_desktop.services import board, kiosk
from tests.sync.test_station_role import logins, station_db  # noqa: F401  (fixtures)

pytestmark = pytest.mark.postgres

BADGES = badge_payloads()


def test_the_server_checks_a_supervisor_s_pin_for_a_station_that_cannot_read_it(
        server: Database, station_db: Database) -> None:  # noqa: F811
    online = [True]
    check = kiosk.UnlockCheck(server, "station-1", pins_here=False, unlock_code_hash=kiosk.hash_unlock_code("2468"),
                              server=station_db, online=lambda: online[0])
    with station_db.reader() as s, pytest.raises(Exception, match="permission denied"):
        s.execute(text("SELECT pin_hash FROM workers"))
    assert check.asks_pin
    assert check.check(BADGES["S001"], SUPERVISOR_PIN).code == "S001"
    with pytest.raises(InvalidInput) as wrong:
        check.check(BADGES["S001"], "2468")  # the unlock code is no supervisor's PIN
    assert wrong.value.reason == "wrong_pin"
    for _n in range(4):
        with pytest.raises(InvalidInput):
            check.check(BADGES["S001"], "0000")
    with pytest.raises(NotAllowed) as locked:
        check.check(BADGES["S001"], SUPERVISOR_PIN)  # five wrong: locked, as at the console
    assert locked.value.reason == "locked"
    rejected = [e for e in board.events(server) if e.type == "pin_rejected" and e.worker == "S001"]
    assert len(rejected) == 5 and rejected[-1].station == "station-1" and rejected[-1].data["locked"] is True

    online[0] = False  # the network is down: the station's own unlock code
    assert not check.asks_pin
    assert check.check(BADGES["S002"], "2468").code == "S002"
    with pytest.raises(InvalidInput):
        check.check(BADGES["S002"], SUPERVISOR_PIN)


def test_a_supervisor_without_a_pin_is_told_to_set_one(server: Database, station_db: Database) -> None:  # noqa: F811
    with server.session() as s:
        s.scalars(select(Worker).where(Worker.code == "S002")).one().pin_hash = None
    check = kiosk.UnlockCheck(server, "station-1", pins_here=False, unlock_code_hash=None, server=station_db)
    with pytest.raises(NotAllowed) as no_pin:
        check.check(BADGES["S002"], "1234")
    assert no_pin.value.reason == "no_pin"
