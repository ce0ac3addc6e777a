"""ScannerFilter: scans reach the station wherever the focus is, and never press the focused button."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QInputMethodQueryEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from flat_desktop.gui.scanner import ScannerFilter, StationWindowMixin, raise_and_activate
from flat_desktop.gui.widgets import BigButton, Counter


class FakeClock:
    """Milliseconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Station(StationWindowMixin, QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.done = BigButton("Done", "mdi6.check-bold", "Space")
        self.counter = Counter(10)
        layout.addWidget(self.done)
        layout.addWidget(self.counter)


@pytest.fixture
def station(qtbot) -> Iterator[Station]:
    window = Station()
    qtbot.addWidget(window)
    yield window


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def scanner(station: Station, clock: FakeClock) -> Iterator[ScannerFilter]:
    scanner = ScannerFilter(station, clock=clock)
    yield scanner
    scanner.uninstall()


def _key(widget: QWidget, text: str, key: int = 0) -> None:
    """One key press and release as a keyboard wedge sends it (text may be full-width)."""
    if not key:
        key = ord(text.upper()) if text and text.isascii() else 0
    for etype in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(etype, key, Qt.KeyboardModifier.NoModifier, text))


def _type(widget: QWidget, clock: FakeClock, text: str, gap_ms: float, enter: bool = True) -> None:
    for char in text:
        _key(widget, char)
        clock.now += gap_ms
    if enter:
        _key(widget, "\r", Qt.Key.Key_Return)


def _record(scanner: ScannerFilter) -> list[tuple[str, bool]]:
    seen: list[tuple[str, bool]] = []
    scanner.scanned.connect(lambda payload, typed: seen.append((payload, typed)))
    return seen


def _clicks(button: BigButton) -> list[bool]:
    clicks: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))
    return clicks


def test_fast_burst_with_enter_is_one_scan_and_does_not_press_the_focused_button(qtbot, station: Station) -> None:
    """qtbot.keyClicks types at machine speed: one scanned(), and "Done" is not clicked."""
    scanner = ScannerFilter(station)  # real clock
    seen = _record(scanner)
    clicks = _clicks(station.done)
    qtbot.keyClicks(station.done, "J-261128-003-K")
    QTest.keyClick(station.done, Qt.Key.Key_Return)
    assert seen == [("J-261128-003-K", False)]
    assert clicks == []
    scanner.uninstall()


def test_scanned_space_and_enter_never_press_the_button(station: Station, scanner, clock) -> None:
    """A space inside a burst belongs to the code; the ending Enter is the scanner's, not the worker's."""
    seen, clicks = _record(scanner), _clicks(station.done)
    _type(station.done, clock, "B-10 012-X", 8)
    assert seen == [("B-10012-X", False)]
    assert clicks == []


def test_full_width_input_is_normalised(station: Station, scanner, clock) -> None:
    """A keyboard in full-width mode sends ＪＯＢ－０００１: it arrives as JOB-0001."""
    seen = _record(scanner)
    _type(station.done, clock, "ＪＯＢ－０００１", 10)
    assert seen == [("JOB-0001", False)]


def test_input_method_commit_string_is_a_scan(qtbot, station: Station, scanner, clock) -> None:
    """Text committed by a Japanese input method is taken, with or without a following Enter."""
    seen = _record(scanner)
    commit = QInputMethodEvent()
    commit.setCommitString("ｊ－２６１１２８－００３－ｋ")
    QApplication.sendEvent(station.done, commit)
    _key(station.done, "\r", Qt.Key.Key_Return)
    assert seen == [("J-261128-003-K", False)]

    again = QInputMethodEvent()
    again.setCommitString("Ｍ－ＣＰ０１－７")
    with qtbot.waitSignal(scanner.scanned, timeout=1000) as blocker:
        QApplication.sendEvent(station.done, again)
    assert blocker.args == ["M-CP01-7", False]


def test_slow_typing_is_reported_as_typed(station: Station, scanner, clock) -> None:
    """A worker keying a code by hand gets it through, marked typed=True, and Done is not pressed."""
    seen, clicks = _record(scanner), _clicks(station.done)
    typing: list[str] = []
    scanner.typing.connect(typing.append)
    _type(station.done, clock, "D-104-P", 400)
    assert seen == [("D-104-P", True)]
    assert clicks == []
    assert typing[0] == "D" and typing[-1] == ""


def test_backspace_corrects_a_code_typed_by_hand(station: Station, scanner, clock) -> None:
    """Backspace while keying a code takes the last character away instead of reaching a widget."""
    seen = _record(scanner)
    _type(station.done, clock, "B-1X", 400, enter=False)
    _key(station.done, "\b", Qt.Key.Key_Backspace)
    clock.now += 400
    _type(station.done, clock, "2", 400)
    assert seen == [("B-12", True)]


def test_lone_enter_and_space_reach_the_focused_button(station: Station, scanner, clock) -> None:
    """With no code pending, Enter and Space are the worker's: they press the focused button."""
    seen, clicks = _record(scanner), _clicks(station.done)
    QTest.keyClick(station.done, Qt.Key.Key_Return)
    clock.now += 1000
    QTest.keyClick(station.done, Qt.Key.Key_Space)
    assert clicks == [True, True]
    assert seen == []


def test_stale_keys_do_not_swallow_a_later_enter(station: Station, scanner, clock) -> None:
    """A letter pressed by accident long ago does not turn the next Enter into a code."""
    seen, clicks = _record(scanner), _clicks(station.done)
    _type(station.done, clock, "A", 10, enter=False)
    clock.now += scanner.typed_timeout_ms + 1
    QTest.keyClick(station.done, Qt.Key.Key_Return)
    assert clicks == [True]
    assert seen == []


def test_stale_keys_do_not_join_a_later_code(station: Station, scanner, clock) -> None:
    """A digit typed long ago is not the start of the number typed now (a count of 820, not 5820)."""
    seen = _record(scanner)
    _type(station.done, clock, "5", 400, enter=False)
    clock.now += scanner.typed_timeout_ms + 1
    _type(station.done, clock, "820", 400)
    assert seen == [("820", True)]


def test_counter_keys_still_work(station: Station, scanner, clock) -> None:
    """+ and − by a person reach the focused counter; arrows are never taken."""
    for key, text in ((Qt.Key.Key_Plus, "+"), (Qt.Key.Key_Plus, "+"), (Qt.Key.Key_Minus, "-")):
        _key(station.counter, text, key)
        clock.now += 500
    QTest.keyClick(station.counter, Qt.Key.Key_Up)
    assert station.counter.value() == 2


def test_keys_outside_the_station_window_are_left_alone(qtbot, scanner, clock) -> None:
    """Another window (a supervisor dialog) gets its keys untouched."""
    other = BigButton("Other")
    qtbot.addWidget(other)
    seen, clicks = _record(scanner), _clicks(other)
    _type(other, clock, "J-1", 5)
    assert seen == []
    assert clicks == [True]


def test_input_method_is_off_for_every_widget_of_the_station(station: Station, scanner) -> None:
    """ImEnabled is answered False for the window and its children, so a Japanese IME stays off."""
    for widget in (station, station.done, station.counter):
        query = QInputMethodQueryEvent(Qt.InputMethodQuery.ImEnabled)
        QApplication.sendEvent(widget, query)
        assert query.value(Qt.InputMethodQuery.ImEnabled) is False
        assert not widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert station.inputMethodQuery(Qt.InputMethodQuery.ImEnabled) is False


def test_raise_and_activate_gives_the_window_keyboard_focus(qtbot, station: Station) -> None:
    """After showing, the station window is active and the chosen widget has the focus."""
    station.show()
    qtbot.waitExposed(station)
    raise_and_activate(station, station.done)
    qtbot.waitUntil(station.isActiveWindow, timeout=2000)
    qtbot.waitUntil(station.done.hasFocus, timeout=2000)
