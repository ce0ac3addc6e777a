"""FuriganaLabel: kana above words, wrapping by whole words, height for width, no clipping."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from flat_desktop.gui.widgets.furigana import FuriganaLabel, _atoms, _parts

STEP = "{封筒|ふうとう}を200{枚|まい}{数|かぞ}えて、{箱|はこ}に{入|い}れます。"
SENTINEL = QColor("#FF00FF")
MARGIN = 40


def _label(qtbot, markup: str, pt: int) -> FuriganaLabel:
    label = FuriganaLabel(markup)
    qtbot.addWidget(label)
    font = label.font()
    font.setPointSize(pt)
    label.setFont(font)
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#FFFFFF"))
    label.setPalette(pal)
    return label


def _render(widget: QWidget) -> QImage:
    """The widget drawn into a larger image filled with a colour it never uses."""
    image = QImage(widget.width() + 2 * MARGIN, widget.height() + 2 * MARGIN, QImage.Format.Format_RGB32)
    image.fill(SENTINEL)
    widget.render(image, QPoint(MARGIN, MARGIN), renderFlags=QWidget.RenderFlag.DrawChildren)
    return image


def _ink_rows(image: QImage) -> list[int]:
    """Number of inked pixels on each row of the image."""
    sentinel = SENTINEL.rgb()
    return [sum(image.pixel(x, y) != sentinel for x in range(0, image.width(), 2)) for y in range(image.height())]


def _ink_outside(image: QImage, widget: QWidget) -> int:
    sentinel = SENTINEL.rgb()
    inside_x = range(MARGIN, MARGIN + widget.width())
    inside_y = range(MARGIN, MARGIN + widget.height())
    return sum(
        image.pixel(x, y) != sentinel
        for y in range(image.height())
        for x in range(image.width())
        if x not in inside_x or y not in inside_y
    )


def test_words_keep_their_kana_and_kinsoku_characters_stay_attached() -> None:
    """A word with a reading is one piece; 、。 never start a line; "200" is never split."""
    units = [[(p.base, p.kana) for p in u] for u in _atoms(_parts(STEP))]
    assert [("封筒", "ふうとう")] in units
    assert [("200", None)] in units
    assert [("て", None), ("、", None)] in units
    assert units[-1] == [("す", None), ("。", None)]


def test_accessible_name_is_the_plain_text(qtbot) -> None:
    """Screen readers and tests see the sentence without readings."""
    label = _label(qtbot, STEP, 24)
    assert label.accessibleName() == "封筒を200枚数えて、箱に入れます。"
    assert label.plain_text() == label.accessibleName()


def test_height_for_width_grows_when_narrower_at_72_pt(qtbot) -> None:
    """At 72 pt the sentence needs more lines, so more height, as the width shrinks."""
    label = _label(qtbot, STEP, 72)
    assert label.hasHeightForWidth()
    heights = [label.heightForWidth(w) for w in (1280, 800, 400)]
    assert heights[0] < heights[1] < heights[2]
    label.set_show_furigana(False)
    assert label.heightForWidth(1280) < heights[0]


@pytest.mark.parametrize("width", [1280, 500, 150])
def test_rendering_at_72_pt_stays_inside_the_widget_and_shows_kana(qtbot, width: int) -> None:
    """All ink lies inside the widget at its height for width, even when one word is wider."""
    label = _label(qtbot, STEP, 72)
    label.resize(width, label.heightForWidth(width))
    image = _render(label)
    assert _ink_outside(image, label) == 0
    rows = _ink_rows(image)
    assert sum(rows) > 0
    # The kana band is the difference in height with and without furigana: it must hold ink.
    plain_height = FuriganaLabel.heightForWidth(label, width)
    label.set_show_furigana(False)
    band = plain_height - label.heightForWidth(width)
    label.set_show_furigana(True)
    if width >= 500:
        assert band > 10
        assert sum(rows[MARGIN : MARGIN + band]) > 0, "no kana above the first line"


def test_kana_add_ink_and_can_be_switched_off(qtbot) -> None:
    """show_furigana(False) draws the same text without kana."""
    label = _label(qtbot, "{漢字|かんじ}", 48)
    label.resize(600, label.heightForWidth(600))
    with_kana = sum(_ink_rows(_render(label)))
    label.set_show_furigana(False)
    label.resize(600, label.heightForWidth(600))
    assert sum(_ink_rows(_render(label))) < with_kana


def test_highlight_marks_the_spoken_word(qtbot) -> None:
    """A highlight range fills its word with the highlight colour; clearing removes it."""
    label = _label(qtbot, STEP, 32)
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#00FF00"))
    label.setPalette(pal)
    label.resize(1280, label.heightForWidth(1280))

    def green() -> int:
        image = _render(label)
        return sum(
            image.pixel(x, y) == QColor("#00FF00").rgb()
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
        )

    assert green() == 0
    label.set_highlight(0, 2)
    assert label.highlight() == (0, 2)
    assert green() > 50
    label.clear_highlight()
    assert green() == 0


def test_in_a_layout_the_label_gets_the_height_it_needs(qtbot, qapp: QApplication) -> None:
    """A vertical layout asks heightForWidth, so wrapped lines are never cut off."""
    from PySide6.QtWidgets import QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    label = FuriganaLabel(STEP * 3, window, alignment=Qt.AlignmentFlag.AlignHCenter)
    layout.addWidget(label)
    font = window.font()
    font.setPointSize(48)
    window.setFont(font)
    window.resize(700, 100)
    window.show()
    qtbot.waitExposed(window)
    window.resize(700, layout.totalHeightForWidth(700))
    qapp.processEvents()
    assert label.height() >= label.heightForWidth(label.width())
