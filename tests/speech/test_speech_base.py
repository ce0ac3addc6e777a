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
    """Only kana-only engines (espeak-ng) are given kana: the stored reading, and the analyser's
    for what it leaves (the number, the particle of こんにちは, kanji without a reading)."""
    assert STEP.spoken(kana_only=True) == "ふうとうをにひゃくまいよういします"
    assert STEP.spoken(kana_only=False) == STEP.text
    assert Utterance("こんにちは").spoken(kana_only=True) == "こんにちわ"
    assert Utterance("紙折り機を使います").spoken(kana_only=True) == "かみおりきをつかいます"
    assert Utterance("紙折り機を使います").spoken(kana_only=False) == "紙折り機を使います"


def test_a_sentence_carries_the_readings_of_the_names_put_in() -> None:
    """A name given with its reading is shown as written and said by its reading; the sentence
    around it is read by the analyser."""
    said = Utterance.sentence("{name}さん、こんにちは。", name="{東海林|しょうじ} {花子|はなこ}")
    assert said.text == "東海林 花子さん、こんにちは。"
    assert said.markup == "{東海林|しょうじ} {花子|はなこ}さん、こんにちは。"
    assert said.spoken(kana_only=True) == "しょうじ はなこさん、こんにちわ。"
    assert Utterance.sentence("つぎは {title} です", title="コピー") == Utterance("つぎは コピー です")


def test_word_spans_in_kana_map_back_to_the_display_text() -> None:
    """A spoken kana word highlights the kanji word it reads; plain runs map one to one."""
    spoken = STEP.spoken(kana_only=True)

    def shown(word: str) -> str:
        start, length = STEP.display_span(True, spoken.index(word), len(word))
        return STEP.text[start : start + length]

    assert shown("ふうとうを") == "封筒を"
    assert shown("にひゃくまい") == "200枚"
    assert shown("よういします") == "用意します"
    assert ruby.to_plain(STEP.markup or "") == STEP.text
    assert STEP.display_span(False, 3, 2) == (3, 2)
