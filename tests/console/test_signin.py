"""Console sign-in: supervisors with badge and PIN; workers refused; five wrong PINs lock the badge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.db.database import Database
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.gui.console.signin import SignInDialog
from flat_desktop.services import board


def _dialog(qtbot: QtBot, db: Database) -> SignInDialog:
    dlg = SignInDialog(db, "console@test")
    qtbot.addWidget(dlg)
    return dlg


def test_supervisor_signs_in_with_scan_then_pin(qtbot: QtBot, demo_db: Database) -> None:
    """The scanner types the badge payload and Enter; the PIN and Enter sign the supervisor in."""
    dlg = _dialog(qtbot, demo_db)
    qtbot.keyClicks(dlg.badge, codes.badge_payload("90001"))
    qtbot.keyClick(dlg.badge, "\r")
    qtbot.keyClicks(dlg.pin, SUPERVISOR_PIN)
    qtbot.keyClick(dlg.pin, "\r")
    assert dlg.actor is not None and dlg.actor.is_supervisor
    assert dlg.who is not None and dlg.who.code == "S001"


def test_worker_badge_is_refused_with_the_service_message(qtbot: QtBot, demo_db: Database) -> None:
    """A worker's badge cannot open the console; the dialog shows the service's message."""
    dlg = _dialog(qtbot, demo_db)
    dlg.badge.setText(codes.badge_payload("10001"))
    dlg.pin.setText("1234")
    assert not dlg.try_sign_in()
    assert dlg.actor is None
    assert "コンソール" in dlg.message.text() or "console" in dlg.message.text().lower()


def test_five_wrong_pins_lock_the_badge_and_are_logged(qtbot: QtBot, demo_db: Database) -> None:
    """After five wrong PINs even the right PIN is refused (locked), and each miss is an event."""
    dlg = _dialog(qtbot, demo_db)
    for _ in range(5):
        dlg.badge.setText("90002")
        dlg.pin.setText("9999")
        assert not dlg.try_sign_in()
    dlg.badge.setText("90002")
    dlg.pin.setText(SUPERVISOR_PIN)
    assert not dlg.try_sign_in()
    assert dlg.actor is None
    rejected = [e for e in board.events(demo_db) if e.type == "pin_rejected" and e.worker == "S002"]
    assert len(rejected) == 5
    assert rejected[-1].data["locked"] is True


def test_the_early_dialog_paints_before_the_database_and_signs_in_once_given_it(
        qtbot: QtBot, demo_db: Database, monkeypatch, tmp_path) -> None:
    """``flat-desktop console`` paints its sign-in first; a badge and PIN typed before the
    database is there change nothing, and the same dialog signs in once it has the database."""
    from flat_desktop.config import Settings
    from flat_desktop.gui.console import early
    from flat_desktop.gui.startup import TRACE_ENV

    trace = tmp_path / "trace"
    monkeypatch.setenv(TRACE_ENV, str(trace))
    monkeypatch.setattr(early, "_dialog", None)
    dlg = early.show(Settings(station_name="desk", language="ja"))
    qtbot.addWidget(dlg)
    assert dlg.isVisible() and trace.read_text().startswith("painted ")
    assert early.show() is dlg and dlg.station == "console@desk"

    dlg.badge.setText(codes.badge_payload("90001"))
    dlg.pin.setText(SUPERVISOR_PIN)
    assert not dlg.try_sign_in() and dlg.actor is None  # no database yet: nothing happens
    dlg.db = demo_db
    assert dlg.try_sign_in() and dlg.actor is not None and dlg.actor.station == "console@desk"


def _pin_rejections(db: Database, worker: str) -> int:
    return sum(1 for e in board.events(db) if e.type == "pin_rejected" and e.worker == worker)


def test_a_badge_scan_and_its_enter_move_to_the_pin_and_record_nothing(qtbot: QtBot, demo_db: Database) -> None:
    """A USB scanner types the badge and Enter: the PIN field gets the focus, no message is shown
    and no ``pin_rejected`` is recorded, however many times the badge is scanned."""
    dlg = _dialog(qtbot, demo_db)
    dlg.show()
    qtbot.waitExposed(dlg)
    for _ in range(6):  # more than the lockout's five
        dlg.badge.clear()
        dlg.message.hide()
        dlg.badge.setFocus()
        qtbot.keyClicks(dlg.badge, codes.badge_payload("90002"))
        qtbot.keyClick(dlg.badge, Qt.Key.Key_Return)
        assert dlg.focusWidget() is dlg.pin
        assert dlg.message.isHidden()
        qtbot.keyClick(dlg.pin, Qt.Key.Key_Enter)  # the scanner's Enter again, now in the empty PIN field
        assert "ちがいます" not in dlg.message.text()
    assert _pin_rejections(demo_db, "S002") == 0
    assert dlg.actor is None
    # The supervisor is not locked out: the PIN typed now signs in.
    qtbot.keyClicks(dlg.pin, SUPERVISOR_PIN)
    qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
    assert dlg.actor is not None and dlg.who is not None and dlg.who.code == "S002"


def test_only_a_pin_actually_typed_counts_towards_the_lockout(qtbot: QtBot, demo_db: Database) -> None:
    """An empty PIN asks for the PIN and records nothing; a wrong PIN typed is recorded once."""
    dlg = _dialog(qtbot, demo_db)
    dlg.show()
    qtbot.waitExposed(dlg)
    qtbot.keyClicks(dlg.badge, "90002")
    qtbot.keyClick(dlg.badge, Qt.Key.Key_Return)
    qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
    assert not dlg.message.isHidden() and "暗証番号" in dlg.message.text()
    assert "ちがいます" not in dlg.message.text()
    assert _pin_rejections(demo_db, "S002") == 0
    qtbot.keyClicks(dlg.pin, "9999")
    qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
    assert _pin_rejections(demo_db, "S002") == 1
    assert dlg.pin.text() == "" and dlg.focusWidget() is dlg.pin


def test_the_service_records_nothing_for_an_empty_pin(demo_db: Database) -> None:
    """A caller that sends an empty PIN (another screen, the command line) is told to enter it;
    nothing is recorded."""
    from flat_desktop.errors import InvalidInput
    from flat_desktop.services import people

    with pytest.raises(InvalidInput) as err:
        people.console_sign_in(demo_db, "90002", "  ", "console@test")
    assert err.value.reason == "no_pin"
    assert _pin_rejections(demo_db, "S002") == 0
