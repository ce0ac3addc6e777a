"""A kiosk station: Alt+F4, Escape and the window's close leave the worker where they are; a
supervisor's badge and PIN (or, on a server's local cache, the station's unlock code) close it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtTest import QTest

from flat_desktop.config import Settings
from flat_desktop.db import Database
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.gui.station.app import Station
from flat_desktop.gui.station.unlock import Stage
from flat_desktop.services import board, kiosk
from flat_desktop.station.context import State
from tests.station.conftest import Driver

UNLOCK_CODE = "8642"


@pytest.fixture
def kiosk_station(make_station: Callable[..., Station]) -> Callable[..., Station]:
    def make(db: Database, *, kiosk_on: bool = True) -> Station:
        return make_station(db, settings=Settings(station_name="test-pc", kiosk=kiosk_on,
                                                  unlock_code_hash=kiosk.hash_unlock_code(UNLOCK_CODE)))

    return make


def _alt_f4(st: Station) -> None:
    QTest.keyClick(st.window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)


def _closed(st: Station) -> list[bool]:
    seen: list[bool] = []
    st.window.close_requested.connect(lambda: seen.append(True))
    return seen


def test_alt_f4_escape_and_close_leave_the_station_open(kiosk_station, demo_db: Database) -> None:
    st = kiosk_station(demo_db)
    d = Driver(st)
    closed = _closed(st)
    d.badge("W001")  # back at the step the demo left running
    before = st.flow.state
    assert before == State.STEP
    _alt_f4(st)
    assert st.window.isVisible() and st.window.unlocking()
    assert st.flow.state == before  # F4 with Alt is no break
    assert "社員証" in st.window.unlock.prompt()
    d.key(Qt.Key.Key_Escape)
    assert not st.window.unlocking() and st.window.stack.isVisible()
    d.key(Qt.Key.Key_Escape)
    assert st.window.isVisible() and st.flow.state == before
    event = QCloseEvent()
    st.window.closeEvent(event)
    assert not event.isAccepted()
    assert st.window.close() is False
    assert st.window.isVisible() and st.window.unlocking()
    assert not closed
    assert st.journal.path is not None
    assert "close_refused" in st.journal.path.read_text(encoding="utf-8")


def test_a_workers_badge_does_not_close_it(kiosk_station, demo_db: Database) -> None:
    st = kiosk_station(demo_db)
    d = Driver(st)
    closed = _closed(st)
    _alt_f4(st)
    d.badge("W001")
    assert st.window.unlock.stage is Stage.BADGE
    assert "常勤職員" in st.window.unlock.message()
    d.type_by_hand("1234")
    assert st.window.unlock.stage is Stage.BADGE
    assert st.window.isVisible() and not closed
    assert st.flow.actor is None  # the badge did not sign anyone in behind the panel either


def test_a_supervisor_with_a_wrong_pin_is_refused(kiosk_station, demo_db: Database) -> None:
    st = kiosk_station(demo_db)
    d = Driver(st)
    closed = _closed(st)
    _alt_f4(st)
    d.badge("S001")
    assert st.window.unlock.stage is Stage.PIN
    d.type_by_hand("9999")
    assert st.window.unlock.stage is Stage.PIN
    assert st.window.unlock.message().startswith("暗証番号がちがいます")
    d.key(Qt.Key.Key_Return)
    assert st.window.isVisible() and not closed
    assert [e.type for e in board.events(demo_db)].count("pin_rejected") == 1


def test_a_supervisor_with_the_right_pin_closes_it(kiosk_station, demo_db: Database) -> None:
    st = kiosk_station(demo_db)
    d = Driver(st)
    closed = _closed(st)
    d.badge("W001")  # a worker is signed in: closing signs them out
    st.window.close()
    assert st.window.unlocking()
    d.badge("S001")
    d.type_by_hand(SUPERVISOR_PIN)
    assert st.window.unlock.stage is Stage.OPEN
    assert not closed
    d.key(Qt.Key.Key_Return)
    assert closed == [True]
    assert not st.window.isVisible()
    assert st.flow.actor is None
    assert [(e.type, e.worker) for e in board.events(demo_db)][-1] == ("signed_out", "W001")


def test_the_unlock_code_closes_a_station_on_the_servers_cache(kiosk_station, demo_db: Database) -> None:
    st = kiosk_station(demo_db)
    # A station on the shared server works on a local cache that holds no PINs.
    assert st.window.unlock is not None
    st.window.unlock.check = kiosk.UnlockCheck(demo_db, "test-pc", pins_here=False,
                                               unlock_code_hash=kiosk.hash_unlock_code(UNLOCK_CODE))
    d = Driver(st)
    closed = _closed(st)
    _alt_f4(st)
    d.badge("S001")
    assert "解除コード" in st.window.unlock.prompt()
    d.type_by_hand(SUPERVISOR_PIN)  # the supervisor's PIN is not the code
    assert st.window.unlock.stage is Stage.PIN and "解除コード" in st.window.unlock.message()
    d.type_by_hand(UNLOCK_CODE)
    d.key(Qt.Key.Key_Return)
    assert closed == [True]


def test_without_kiosk_the_window_closes_as_before(kiosk_station, demo_db: Database) -> None:
    st = kiosk_station(demo_db, kiosk_on=False)
    assert st.window.unlock is None
    _alt_f4(st)
    assert st.flow.state == State.SIGN_IN
    assert st.window.close() is True


def test_the_early_sign_in_screen_of_a_kiosk_is_not_closed_either(qtbot, kiosk_station, demo_db: Database) -> None:
    from flat_desktop.gui.station import boot

    boot.show(["station", "--windowed", "--kiosk"])
    early = boot._boot
    assert early is not None and early.kiosk
    assert early.close() is False and early.isVisible()
    st = kiosk_station(demo_db)
    boot.hand_over(st.window)
    assert boot._boot is None and not early.isVisible()
