"""Proposed readings for realistic step sentences: markup that round-trips and speaks as kana."""

from __future__ import annotations

import sys

import pytest

from flat_desktop import ruby
from flat_desktop.readings import (
    ReadingsUnavailable,
    has_kanji,
    propose_reading,
    speech_text,
    to_hiragana,
)

pytest.importorskip("janome")

STEPS = [
    "封筒を200枚用意します",
    "複合機の電源を入れます",
    "郵便物を各課の受け箱に入れます",
    "名札を１０枚、裁断機で切ります",
    "A4のコピー用紙を補充してください",
]


@pytest.mark.parametrize("text", STEPS)
def test_markup_round_trips_and_speaks_without_kanji(text: str) -> None:
    """The proposal shows the same text, is valid markup, and its kana contain no kanji."""
    markup = propose_reading(text)
    assert ruby.is_valid(markup)
    assert ruby.to_plain(markup) == text
    assert not has_kanji(ruby.to_kana(markup))


def test_known_readings_in_hiragana_with_numbers_kept() -> None:
    """Words get hiragana readings; numbers, kana and Latin letters get none; okurigana stay outside."""
    assert propose_reading("封筒を200枚用意します") == "{封筒|ふうとう}を200{枚|まい}{用意|ようい}します"
    assert ruby.to_kana(propose_reading("複合機の電源を入れます")) == "ふくごうきのでんげんをいれます"
    assert "{入|い}れます" in propose_reading("郵便物を各課の受け箱に入れます")
    assert propose_reading("コピーを3部とります") == "コピーを3{部|ぶ}とります"
    assert propose_reading("OK") == "OK"


def test_speech_text_prefers_the_supervisors_reading() -> None:
    """A reading written by the supervisor wins over the proposal (e.g. a name read another way)."""
    assert speech_text("受け箱", "{受|う}け{箱|はこ}") == "うけはこ"
    assert speech_text("受け箱") == "うけばこ"


def test_katakana_to_hiragana() -> None:
    """Readings from the dictionary are katakana; furigana are hiragana; ー stays."""
    assert to_hiragana("フウトウ") == "ふうとう"
    assert to_hiragana("コピー") == "こぴー"


def test_missing_janome_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the optional authoring dependency, proposing fails with ReadingsUnavailable, speech falls back."""
    import flat_desktop.readings as readings

    monkeypatch.setitem(sys.modules, "janome.tokenizer", None)
    readings._tokenizer.cache_clear()
    try:
        with pytest.raises(ReadingsUnavailable, match="janome"):
            propose_reading("封筒")
        assert speech_text("封筒") == "封筒"
    finally:
        monkeypatch.undo()
        readings._tokenizer.cache_clear()
