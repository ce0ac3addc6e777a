"""Pure parts of the core: settings arithmetic, voice choice, kana spans mapped to display text."""

from __future__ import annotations

from flat_desktop import ruby
from flat_desktop.speech import NORMAL_WPM, SpeechSettings, Utterance, Voice, pick_voice

STEP = Utterance("封筒を200枚用意します", "{封筒|ふうとう}を200{枚|まい}{用意|ようい}します")


def test_rate_is_relative_or_words_per_minute() -> None:
    """0 is normal, -1 half, +1 double; values above 1 are words per minute; nonsense is clamped."""
    assert SpeechSettings(rate=0).words_per_minute() == NORMAL_WPM
    assert SpeechSettings(rate=-1).words_per_minute() == round(NORMAL_WPM / 2)
    assert SpeechSettings(rate=140).words_per_minute() == 140
    assert SpeechSettings(rate=140).relative_rate() < 0
    assert SpeechSettings(rate=99999).words_per_minute() <= 450
    assert SpeechSettings(rate=-5).relative_rate() == -1.0
    assert SpeechSettings(volume=3).clamped_volume() == 1.0


def test_japanese_voice_is_chosen_for_japanese() -> None:
    """With no voice in the profile, the UI language picks the voice; a named voice wins."""
    voices = [Voice("en", "English", "en-GB"), Voice("jpx/ja", "Japanese", "ja")]
    assert pick_voice(voices, None, "ja") == voices[1]
    assert pick_voice(voices, None, "en") == voices[0]
    assert pick_voice(voices, "English", "ja") == voices[0]
    sapi = [Voice("HKLM\\...\\TTS_MS_JA-JP_HARUKA_11.0", "Microsoft Haruka Desktop - Japanese", "411")]
    assert pick_voice(sapi, None, "ja") == sapi[0]
    assert pick_voice(voices[:1], None, "ja") is None


def test_kana_engines_get_kana_and_others_the_text() -> None:
    """Only kana-only engines (espeak-ng) are given the reading."""
    assert STEP.spoken(kana_only=True) == "ふうとうを200まいよういします"
    assert STEP.spoken(kana_only=False) == STEP.text
    assert Utterance("こんにちは").spoken(kana_only=True) == "こんにちは"


def test_word_spans_in_kana_map_back_to_the_display_text() -> None:
    """A spoken kana word highlights the kanji word it reads; plain runs map one to one."""
    spoken = STEP.spoken(kana_only=True)

    def shown(word: str) -> str:
        start, length = STEP.display_span(True, spoken.index(word), len(word))
        return STEP.text[start : start + length]

    assert shown("ふうとうを") == "封筒を"
    assert shown("200まい") == "200枚"
    assert shown("よういします") == "用意します"
    assert ruby.to_plain(STEP.markup or "") == STEP.text
    assert STEP.display_span(False, 3, 2) == (3, 2)
