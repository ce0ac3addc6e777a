"""Japanese line breaks as Qt really lays them out, at 24, 48 and 72 pt and narrow widths."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from flat_desktop import japanese, linebreak
from flat_desktop.gui.style import station_font
from flat_desktop.gui.widgets import FuriganaLabel, PhraseLabel
from flat_desktop.ruby import to_plain
from tests.helpers.lines import furigana_lines, label_lines, problems, qt_height, qt_lines

TEXTS = [
    "ボタンを おしてください。",
    "バーコードをスキャンしてください。",
    "しゃいんしょうを スキャナーに かざしてください。",
    "いまは しごとが ありません。まつか、しょくいんに きいてください。",
    "つづけるときは Enter を おすか、さぎょうひょうを スキャンしてください。",
    "しっぱいした かず（やぶれた・まちがえた）は？ ↑キーで +1。",
    "200まで かぞえます。↑キーで +1、PageUp で +10。",
    "{封筒|ふうとう}を200{枚|まい}{数|かぞ}えて、{箱|はこ}に{入|い}れます。",
    "{紙折|かみお}り{機|き}のラベルをスキャンして、{書類|しょるい}を{三|み}つ{折|お}りにします。",
]
SIZES = (24, 48, 72)
EMS = (8, 10, 13, 17, 25)  # line widths in characters of the size: 8 is a card's text column at 72 pt


def _em(pt: int) -> float:
    return QFontMetricsF(station_font(pt)).horizontalAdvance("あ")


@pytest.mark.parametrize("pt", SIZES)
def test_qt_breaks_only_where_the_marks_allow(qapp: QApplication, pt: int) -> None:
    """Qt's own layout of the marked text: no line starts with 。ー or a small kana, no listed
    word or number is split, and no line runs past the width."""
    font = station_font(pt)
    fm = QFontMetricsF(font)
    found = []
    for markup in TEXTS:
        text = to_plain(markup)
        for ems in EMS:
            width = ems * _em(pt)
            shown = linebreak.marked(text, lambda s, e, t=text, w=width: fm.horizontalAdvance(t[s:e].rstrip()) <= w)
            lines = qt_lines(shown, font, width)
            assert "".join(line for _o, line, _w in lines) == text
            found += [f"{pt} pt, {ems} em: {p}" for p in problems(text, lines, width)]
    assert not found, "\n".join(found)


def test_unmarked_qt_splits_the_words_this_fixes(qapp: QApplication) -> None:
    """The same check on the text as Qt gets it without marks finds the old faults, so the
    check above is able to fail."""
    font = station_font(48)
    width = 7 * _em(48)
    text = "バーコードをスキャンしてください。"
    assert problems(text, qt_lines(text, font, width), width)


@pytest.mark.parametrize("pt", SIZES)
def test_phrase_label_wraps_by_phrase_and_keeps_its_text(qtbot, pt: int) -> None:
    """text() and the accessible name are the text as given; the lines Qt draws follow phrases at
    every width, and the height for a width is the height of those lines."""
    for text in (to_plain(t) for t in TEXTS):
        label = PhraseLabel(text)
        qtbot.addWidget(label)
        label.setFont(station_font(pt))
        label.show()
        for ems in EMS:
            label.resize(int(ems * _em(pt)), 100)
            assert label.text() == text and label.accessibleName() == text
            lines = label_lines(label)
            assert not problems(text, lines, label.contentsRect().width()), (pt, ems, lines)
            drawn = qt_height(label.shown_text(), label.font(), label.contentsRect().width())
            assert abs(label.heightForWidth(label.width()) - drawn) <= 2
        # As narrow as its widest unbreakable piece ("ん。", "+10。"), not its widest phrase:
        # a label never forces the window wider than the screen.
        fm = QFontMetricsF(label.font())
        narrowest = max(fm.horizontalAdvance(text[s:e].rstrip()) for s, e in linebreak.atoms(text))
        assert narrowest <= 4 * _em(pt)
        assert label.minimumSizeHint().width() <= narrowest + 1


@pytest.mark.parametrize("pt", SIZES)
def test_furigana_label_wraps_by_phrase_and_keeps_words_with_their_kana(qtbot, pt: int) -> None:
    """The step text (drawn by the label itself): the same rules, and a word under its kana is one piece."""
    for markup in TEXTS:
        label = FuriganaLabel(markup)
        qtbot.addWidget(label)
        label.setFont(station_font(pt))
        text = label.plain_text()
        for ems in EMS:
            label.resize(int(ems * _em(pt)), 100)
            lines = furigana_lines(label)
            assert "".join(line for _o, line, _w in lines).replace(" ", "") == text.replace(" ", "")
            words = ("バーコード", "スキャン", "ください", "封筒", "紙折", "書類")
            assert not problems(text, lines, label.contentsRect().width(), words), (pt, ems, lines)


def test_the_spoken_word_still_maps_to_the_word_on_screen(qtbot) -> None:
    """Highlight offsets are offsets of the plain text, whatever the lines: each word of a
    wrapped step lights exactly its own characters."""
    label = FuriganaLabel(TEXTS[-1])
    qtbot.addWidget(label)
    label.setFont(station_font(72))
    label.resize(int(8 * _em(72)), 100)
    text = label.plain_text()
    for word in ("紙折", "ラベル", "スキャン", "書類"):
        start = text.index(word)
        label.set_highlight(start, len(word))
        layout = label._layout(label.contentsRect().width())
        lit = [p for items in layout.lines for _x, unit in items for p in unit
               if p.start < start + len(word) and p.end > start]
        assert "".join(p.base for p in lit) == word
        assert len({row for row, items in enumerate(layout.lines) for _x, unit in items
                    for p in unit if p in lit}) == 1  # one line: the word is not split


def test_while_the_station_starts_nothing_waits_for_the_analyser(qtbot, monkeypatch) -> None:
    """Before the first screen paints, Open JTalk is not asked (kinsoku alone holds); once the
    station is up, a label shown again breaks by phrase."""
    def not_now(_text: str) -> list[japanese.Morpheme]:
        raise AssertionError("the analyser was asked while the station starts")

    text = "さぎょうひょうのバーコードをスキャナーでよみます。"
    words = ("さぎょうひょう", "バーコード", "スキャナー")
    width = 9 * _em(48)
    linebreak._phrase_levels.cache_clear()
    monkeypatch.setattr(japanese, "morphemes", not_now)
    linebreak.defer_phrases(True)
    try:
        label = PhraseLabel(text)
        qtbot.addWidget(label)
        label.setFont(station_font(48))
        label.show()
        label.resize(int(width), 100)
        early = label_lines(label)
        assert not problems(text, early, label.contentsRect().width(), words=())
        assert problems(text, early, label.contentsRect().width(), words)  # words may be split meanwhile
    finally:
        linebreak.defer_phrases(False)
        monkeypatch.undo()
    label.hide()
    label.show()
    assert not problems(text, label_lines(label), label.contentsRect().width(), words)


def test_without_the_analyser_the_screen_still_shows(monkeypatch, caplog: pytest.LogCaptureFixture) -> None:
    """A station PC where Open JTalk fails to load breaks lines by kinsoku alone, says so once
    in the log, and shows every text."""
    def broken(_text: str) -> list[japanese.Morpheme]:
        raise OSError("no dictionary")

    linebreak._phrase_levels.cache_clear()
    monkeypatch.setattr(japanese, "morphemes", broken)
    monkeypatch.setattr(linebreak, "_broken", False)
    text = "でんわばんごうをかくにんしてください。"
    pieces = linebreak.pieces(text, lambda s, e: e - s <= 5)
    assert "".join(text[s:e] for s, e in pieces) == text
    assert not any(text[s] in linebreak.NO_START for s, _e in pieces)
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    linebreak._phrase_levels.cache_clear()
