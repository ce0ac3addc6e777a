"""Japanese line breaking without Qt: kinsoku, whole phrases, numbers kept whole, text unchanged."""

from __future__ import annotations

import itertools
import logging
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from flat_desktop import i18n, linebreak
from flat_desktop.demo.catalog import JOB_TYPES
from flat_desktop.linebreak import NO_END, NO_START
from flat_desktop.ruby import to_plain

CATALOGUES = ("station", "core", "widgets")


def station_texts() -> list[str]:
    """Every Japanese text of the station's catalogues and every demo step text."""
    texts = []
    for name in CATALOGUES:
        path = Path(i18n.locale_dir()) / "ja" / "LC_MESSAGES" / f"{name}.po"
        with path.open("rb") as f:
            texts += [m.string for m in read_po(f) if m.id and isinstance(m.string, str) and m.string]
    texts += [to_plain(step.markup) for jt in JOB_TYPES for step in jt.steps]
    return [t for t in texts if linebreak.has_japanese(t)]


def cut(text: str, chars: float) -> list[str]:
    """``text`` in pieces for a line ``chars`` characters wide (every character one unit wide)."""
    def fits(start: int, end: int) -> bool:
        return len(text[start:end].rstrip()) <= chars

    return [text[s:e] for s, e in linebreak.pieces(text, fits)]


def lines(text: str, chars: int) -> list[str]:
    """Greedy lines of pieces, as Qt fills them (trailing spaces hang)."""
    out = [""]
    for piece in cut(text, chars):
        if out[-1] and len((out[-1] + piece).rstrip()) > chars:
            out.append("")
        out[-1] += piece
    return out


@pytest.mark.parametrize(("text", "chars", "expected"), [
    # The words that were split on the station before ("おしてくださ/い。", "バーコー/ド", "ス/キャン").
    ("ボタンを おしてください。", 10, ["ボタンを ", "おしてください。"]),
    ("バーコードをスキャンしてください。", 8, ["バーコードを", "スキャンして", "ください。"]),
    ("バーコードをスキャンしてください。", 12, ["バーコードを", "スキャンしてください。"]),
    ("{封筒|ふうとう}を200{枚|まい}{数|かぞ}えて、{箱|はこ}に{入|い}れます。", 8,
     ["封筒を200枚", "数えて、", "箱に入れます。"]),
    ("コピーを70部とります。", 6, ["コピーを", "70部", "とります。"]),
])
def test_lines_break_between_phrases(text: str, chars: int, expected: list[str]) -> None:
    """Spaces first, then phrases (bunsetsu), then words: never inside a word while a phrase fits."""
    assert lines(to_plain(text), chars) == expected


def test_a_phrase_too_wide_for_the_line_is_cut_at_its_words_then_characters() -> None:
    """At the narrowest, characters, but still never before 。 or a small kana."""
    assert cut("スキャンしてください。", 5) == ["スキャン", "して", "ください。"]
    assert cut("ありません。", 3) == ["あ", "り", "ま", "せ", "ん。"]
    assert cut("しょくいん", 1) == ["しょ", "く", "い", "ん"]


def test_numbers_codes_and_latin_words_are_never_cut() -> None:
    assert cut("+1、PageUp で +10。CP-01 と 1,000枚", 1) == [
        "+1、", "PageUp ", "で ", "+10。", "CP-01 ", "と ", "1,000", "枚"]
    assert cut("Press Enter to go on.", 1) == ["Press ", "Enter ", "to ", "go ", "on."]
    # A no-break space holds a number to its unit and a date to its time.
    assert cut("150\u00a0通  ·  12/2\u00a000:38まで", 12) == ["150\u00a0通  ", "·  ", "12/2\u00a000:38まで"]
    assert cut("12/2\u00a000:38まで", 1) == ["12/2\u00a000:38", "ま", "で"]


def test_english_is_left_to_qt_and_marks_are_invisible_to_the_text() -> None:
    assert linebreak.marked("Press Enter to go on.", lambda s, e: False) == "Press Enter to go on."
    shown = linebreak.marked("バーコードをスキャンしてください。", lambda s, e: e - s <= 8)
    assert shown == "バ⁠ー⁠コ⁠ー⁠ド⁠を\u200bス⁠キ⁠ャ⁠ン\u200bし⁠て\u200bく⁠だ⁠さ⁠い⁠。"
    assert linebreak.unmarked(shown) == "バーコードをスキャンしてください。"


def test_a_text_that_fits_is_not_analysed() -> None:
    """Runs between spaces that fit never reach Open JTalk (the first screen does not wait for it)."""
    linebreak._phrase_levels.cache_clear()
    cut("しゃいんしょうを スキャナーに かざしてください。", 20)
    assert linebreak._phrase_levels.cache_info().misses == 0


def test_every_station_text_is_matched_to_its_words(caplog: pytest.LogCaptureFixture) -> None:
    """The analyser spells 70 as 七十 and A4 as Ａ４: every station text is still matched
    character for character, so no text falls back to kinsoku alone."""
    texts = station_texts()
    assert len(texts) > 100
    with caplog.at_level(logging.DEBUG, logger="flat_desktop.linebreak"):
        for text in texts:
            cut(text, 0)
    assert not [r.getMessage() for r in caplog.records]


JAPANESE = st.text(st.sampled_from(sorted(
    "あいうかきくしてにはをのがでもますたえおんー、。「」（）・ぁっゃょャュッーン漢字封筒枚部数入箱用意 　\n"
    "0123456789AZaz+-.,:/%")), max_size=40)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(text=JAPANESE, chars=st.integers(min_value=0, max_value=12))
def test_pieces_cover_the_text_and_keep_kinsoku(text: str, chars: int) -> None:
    """For any text and any width: the pieces are the text in order; no piece but the first
    starts with a no-start character or follows a no-end one (unless the text has a line break
    there); no number is cut; no line starts with a space."""
    pieces = cut(text, chars)
    assert "".join(pieces) == text
    for before, piece in itertools.pairwise(pieces):
        if before.endswith("\n"):
            continue  # the text itself starts a line there
        assert piece[0] not in NO_START, (before, piece)
        assert before[-1] not in NO_END, (before, piece)
        assert not (before[-1].isdigit() and piece[0].isdigit()), (before, piece)
        assert not piece[0].isspace() or piece[0] == "\n", (before, piece)
    assert linebreak.unmarked(linebreak.marked(text, lambda s, e: e - s <= chars)) == text
