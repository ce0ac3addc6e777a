"""BigButton, Counter, FitRow and StatusStrip: size, not-ready state, keys and accessible text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from flat_desktop.gui.style import MIN_TARGET_PX
from flat_desktop.gui.widgets import BigButton, ButtonRole, Counter, FitRow, StatusStrip
from flat_desktop.i18n import _


def _button(qtbot) -> BigButton:
    button = BigButton("Done", "mdi6.check-bold", "Space", description="This step is done")
    qtbot.addWidget(button)
    button.resize(button.sizeHint())
    return button


def test_big_button_is_at_least_96_px_and_describes_itself(styled: QApplication, qtbot) -> None:
    """Touch target ≥ 96 px; accessible name is the label, description says the key."""
    button = _button(qtbot)
    assert button.sizeHint().height() >= MIN_TARGET_PX
    assert button.minimumSizeHint().height() >= MIN_TARGET_PX
    assert button.accessibleName() == "Done"
    assert "This step is done" in button.accessibleDescription()
    assert "Space" in button.accessibleDescription()
    assert button.role() is ButtonRole.PRIMARY


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_enter_and_space_press_a_ready_button(styled: QApplication, qtbot, key: Qt.Key) -> None:
    """A worker confirms with Space or Enter as well as with a click."""
    button = _button(qtbot)
    with qtbot.waitSignal(button.clicked, timeout=500):
        QTest.keyClick(button, key)


def test_held_key_does_not_press_twice(styled: QApplication, qtbot) -> None:
    """Auto-repeat of a held Enter is ignored: one press, one confirmation."""
    button = _button(qtbot)
    clicks: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))
    QTest.keyClick(button, Qt.Key.Key_Return)
    repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", True)
    QApplication.sendEvent(button, repeat)
    assert clicks == [True]


def test_not_ready_button_refuses_every_press_then_becomes_ready(styled: QApplication, qtbot) -> None:
    """During the dwell time clicks, Space and Enter are refused (refused signal), then it works."""
    button = _button(qtbot)
    clicks: list[bool] = []
    refusals: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))
    button.refused.connect(lambda: refusals.append(True))
    with qtbot.waitSignal(button.ready_changed, timeout=500) as became:
        button.hold(300)
    assert became.args == [False]
    assert not button.is_ready()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    QTest.keyClick(button, Qt.Key.Key_Space)
    QTest.keyClick(button, Qt.Key.Key_Return)
    assert clicks == []
    assert len(refusals) == 3
    assert 0.0 <= button.dwell_progress() < 1.0
    with qtbot.waitSignal(button.ready_changed, timeout=2000) as became:
        pass
    assert became.args == [True]
    QTest.keyClick(button, Qt.Key.Key_Return)
    assert clicks == [True]


def test_not_ready_looks_different_without_relying_on_colour(styled: QApplication, qtbot) -> None:
    """Not ready changes the picture (hourglass, wait text, dashed border, bar), and the hint text."""
    button = _button(qtbot)
    ready = button.grab().toImage()
    button.set_ready(False)
    waiting = button.grab().toImage()
    assert ready != waiting
    assert button._hint_text() == _("Wait")
    assert _("Not ready yet. Please wait.") in button.accessibleDescription()
    button.set_ready(True)


def test_counter_keys_and_buttons(styled: QApplication, qtbot) -> None:
    """Up/+ add 1, PageUp adds 10, Down/− take 1; never below 0; target reached is signalled."""
    counter = Counter(target=12)
    qtbot.addWidget(counter)
    values: list[int] = []
    counter.value_changed.connect(values.append)
    QTest.keyClick(counter, Qt.Key.Key_Down)
    assert counter.value() == 0 and values == []
    QTest.keyClick(counter, Qt.Key.Key_Up)
    QTest.keyClick(counter, Qt.Key.Key_Plus)
    assert counter.value() == 2
    with qtbot.waitSignal(counter.target_reached, timeout=500):
        QTest.keyClick(counter, Qt.Key.Key_PageUp)
    assert counter.value() == 12
    QTest.keyClick(counter, Qt.Key.Key_Minus)
    assert values == [1, 2, 12, 11]
    counter._plus10.click()
    assert counter.value() == 21
    assert counter.accessibleName() == _("Count: {value} of {target}").format(value=21, target=12)


def _settle() -> None:
    for _round in range(3):  # a part's new size asks for a layout, which may ask for another
        QApplication.processEvents()


def test_fit_row_is_a_row_where_it_fits_and_a_column_where_not(styled: QApplication, qtbot) -> None:
    """Side by side when the parts' natural widths fit; one under the other when the window gets
    narrower (no label squeezed), and a row again when it gets wider; a hidden part takes no
    room. The narrowest it asks for is the column's, so a row never holds a window wide."""
    parts = [BigButton(f"Part {n}", "mdi6.check-bold", "F5") for n in range(3)]
    window = QWidget()
    qtbot.addWidget(window)
    row = FitRow(*parts, parent=window)
    QVBoxLayout(window).addWidget(row)
    window.resize(row.row_width() + 40, 400)
    window.show()
    _settle()
    assert row.is_row() and len({p.y() for p in parts}) == 1
    assert row.minimumSizeHint().width() < row.row_width()
    window.resize(row.row_width() - 40, 400)
    _settle()
    assert not row.is_row() and len({p.x() for p in parts}) == 1 and len({p.y() for p in parts}) == 3
    assert all(p.width() >= p.sizeHint().width() for p in parts)
    parts[2].hide()
    window.resize(row.row_width() + 40, 400)
    _settle()
    assert row.is_row() and parts[0].y() == parts[1].y()


def test_counter_keeps_room_for_target_reached(styled: QApplication, qtbot) -> None:
    """Reaching the target shows "Target reached" beside the number in room kept for it: the
    counter is as wide and as tall before as after, so nothing moves when the count comes up.
    A counter without a target keeps no such room."""
    counter = Counter(target=3)
    qtbot.addWidget(counter)
    counter.set_buttons_visible(False)  # only the number and its words: their width is the counter's
    counter.show()
    _settle()
    before = counter.sizeHint()
    counter.set_value(3)
    _settle()
    assert counter._reached.isVisible() and counter.sizeHint() == before
    spoiled = Counter()
    qtbot.addWidget(spoiled)
    spoiled.set_buttons_visible(False)
    assert spoiled.sizeHint().width() < before.width()


def test_status_strip_says_online_or_offline_in_words(styled: QApplication, qtbot) -> None:
    """The state is in the text and the accessible description, not only a colour."""
    strip = StatusStrip(note="山田")
    qtbot.addWidget(strip)
    assert strip.is_online()
    assert _("Online") in strip.accessibleDescription()
    strip.set_online(False)
    assert strip.state_text() in strip.accessibleDescription()
    assert strip.state_text() != _("Online")
    assert strip.heightForWidth(300) > strip.heightForWidth(1280)


def test_icons_are_drawn_once_per_name_size_and_colour(styled: QApplication, qtbot) -> None:
    """The same icon asked for again is the same pixmap; another colour or size is another one,
    and an unknown name gives the info icon instead of breaking the screen."""
    from flat_desktop.gui.glyphs import icon_pixmap

    first = icon_pixmap("fa6s.check", 48, "#112233")
    assert icon_pixmap("fa6s.check", 48, "#112233").cacheKey() == first.cacheKey()
    assert icon_pixmap("fa6s.check", 48, "#332211").cacheKey() != first.cacheKey()
    assert icon_pixmap("fa6s.check", 64, "#112233").width() == 64
    assert icon_pixmap("mdi6.timer-sand", 48, "#112233").width() == 48  # not in the bundled fonts
    unknown = icon_pixmap("fa6s.no-such-icon", 48, "#112233").toImage()
    assert unknown == icon_pixmap("fa6s.circle-info", 48, "#112233").toImage()


def test_a_big_button_repaints_from_its_cached_icon(styled: QApplication, qtbot) -> None:
    from flat_desktop.gui.glyphs import icon_pixmap

    button = _button(qtbot)
    first = button.grab().toImage()
    drawn = icon_pixmap.cache_info().misses
    assert button.grab().toImage() == first
    assert icon_pixmap.cache_info().misses == drawn  # the second paint drew no icon


def test_an_icon_label_keeps_its_pixmap_when_asked_for_the_same_icon(styled: QApplication, qtbot) -> None:
    from flat_desktop.gui.station.parts import icon_label, set_icon

    label = icon_label("fa6s.bell", 80, "#000000")
    qtbot.addWidget(label)
    key = label.pixmap().cacheKey()
    set_icon(label, "fa6s.bell", 80, "#000000")
    assert label.pixmap().cacheKey() == key
    set_icon(label, "fa6s.bell", 96, "#000000")
    assert label.size().width() == 96 and label.pixmap().width() == 96


def test_a_ready_button_is_copied_from_its_drawing_until_it_changes(styled: QApplication, qtbot) -> None:
    """The copy looks exactly like a fresh drawing; a new label is drawn anew."""
    from PySide6.QtGui import QPainter

    button = _button(qtbot)
    copied = button.grab().toImage()
    drawn = button._drawn
    assert drawn is not None and button.grab().toImage() == copied and button._drawn is drawn

    def fresh(_event) -> None:
        p = QPainter(button)
        button._draw(p)
        p.end()

    button.paintEvent = fresh  # as it was drawn before the copy
    assert button.grab().toImage() == copied
    del button.paintEvent
    button.setText("Yes, done")
    assert button.grab().toImage() != copied and button._drawn is not drawn
