"""The Japanese analyser: kana a kana-only voice can say, and proposed furigana."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from flat_desktop import japanese, ruby
from flat_desktop.japanese import kana_markup, ruby_markup, speakable, spoken_kana

ROOT = Path(__file__).resolve().parents[2]


def test_kanji_numbers_and_latin_letters_become_kana() -> None:
    """Department names, counted numbers with their counter and Latin letters are read out."""
    assert spoken_kana("県民生活部 青少年課へ届けます") == "けんみんせーかつぶ せーしょーねんかえとどけます"
    assert spoken_kana("コピーを70部とります。") == "コピーをななじゅーぶとります。"
    assert spoken_kana("A4の紙") == "えーよんのかみ"
    assert spoken_kana("1,200枚") == "せんにひゃくまい"
    assert spoken_kana("ＯＣＲソフト") == "おーしーあーるソフト"


def test_the_particles_ha_and_he_are_said_wa_and_e() -> None:
    """espeak-ng reads は and へ letter by letter: as particles they are said わ and え."""
    assert spoken_kana("わたしは がっこうへ いきます") == "わたしわ がっこうえ いきます"
    assert spoken_kana("こんにちは") == "こんにちわ"
    assert spoken_kana("はこを へやに はこびます") == "はこを へやに はこびます"  # not particles


def test_stored_readings_win_and_the_analyser_reads_the_rest() -> None:
    """A name's stored reading is used as written (the analyser would read 東海林 another way);
    kanji the markup leaves without a reading are read by the analyser."""
    assert spoken_kana("東海林さん", "{東海林|しょうじ}さん") == "しょうじさん"
    assert spoken_kana("封筒を200枚用意します", "{封筒|ふうとう}を200枚用意します") == (
        "ふうとうをにひゃくまいよーいします")
    assert kana_markup("封筒は", "{封筒|ふうとう}は") == "{封筒|ふうとう}{は|わ}"


def test_signs_espeak_spells_out_become_a_pause_and_times_read_as_times() -> None:
    assert spoken_kana("第三庁舎・議事堂") == "だいさんちょーしゃ、ぎじどー"
    assert spoken_kana("郵便集配 09:30") == "ゆーびんしゅーはい くじさんじゅっぷん"
    assert spoken_kana("13:00") == "じゅーさんじ"
    assert spoken_kana("{name}さん") == " ねーむ さん"  # markup's own signs never reach a voice


def test_what_needs_no_analysis_is_given_back_as_it_is() -> None:
    """Most of the station's own sentences are kana already: they are passed through."""
    text = "しょくいんが きます。まっていてください。"
    assert kana_markup(text) == text
    assert kana_markup("ふうとう", "{封筒|ふうとう}") == "{封筒|ふうとう}"


_JAPANESE = st.text(
    alphabet=st.sampled_from(list("県民生活部課封筒枚用意入紙折機山田花子東海林第三庁舎号々ヶ"
                                  "あいうえおかがきはへをんっゃーアイウエオカガキハヘヲンッャ"
                                  "0123456789０１２ABCabcＡＢ、。・！？「」（）()/:.,~%→※ 　{|}")),
    max_size=30)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_JAPANESE)
def test_any_text_comes_out_as_kana_a_voice_can_say(text: str) -> None:
    """Whatever is typed, the voice gets only what it can say, and the markup shows the text."""
    markup = kana_markup(text)
    assert speakable(ruby.to_kana(markup)), markup
    assert ruby.is_valid(markup)
    assert ruby.to_plain(markup) == text.translate(str.maketrans("{}|", "   "))


def test_furigana_are_proposed_for_words_with_kanji() -> None:
    """Hiragana over each kanji word, okurigana outside; numbers, kana and Latin letters get none."""
    assert ruby_markup("郵便物を各課の受け箱に入れます") == (
        "{郵便|ゆうびん}{物|ぶつ}を{各課|かくか}の{受け箱|うけばこ}に{入|い}れます")
    assert ruby_markup("審議会 第3回") == "{審議|しんぎ}{会|かい} {第|だい}3{回|かい}"
    assert ruby_markup("コピー 70部") == "コピー 70{部|ぶ}"
    assert ruby_markup("ラベルプリンター") == "ラベルプリンター"


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(_JAPANESE)
def test_proposed_furigana_always_show_the_text(text: str) -> None:
    markup = ruby_markup(text)
    assert ruby.is_valid(markup) or set("{}|") & set(text)
    assert ruby.to_plain(markup) == text


def test_a_stored_reading_of_another_text_is_not_used() -> None:
    assert japanese.reading_or_proposal("定例会議", "{定例|ていれい}{会議|かいぎ}") == "{定例|ていれい}{会議|かいぎ}"
    assert japanese.reading_or_proposal("臨時会議", "{定例|ていれい}{会議|かいぎ}") == "{臨時|りんじ}{会議|かいぎ}"


def test_names_with_their_kana_become_markup() -> None:
    assert ruby.from_kana("山田 太郎", "やまだ たろう") == "{山田|やまだ} {太郎|たろう}"
    assert ruby.from_kana("監査事務局", "かんさ じむきょく") == "{監査事務局|かんさ じむきょく}"
    assert ruby.from_kana("総務部 スマートステーション", "そうむぶ すまーとすてーしょん") == (
        "{総務部|そうむぶ} スマートステーション")
    assert ruby.from_kana("山田", "") == "山田"


def test_many_threads_at_once_get_what_one_thread_gets() -> None:
    """The GUI, speech and sync threads may all ask at once; Open JTalk has one analyser."""
    texts = [f"{n}部の資料を第{n}会議室へ届けます" for n in range(1, 41)]
    japanese._analysed.cache_clear()
    japanese._spans.cache_clear()
    japanese.kana_markup.cache_clear()
    results: dict[int, str] = {}

    def work(i: int) -> None:
        results[i] = spoken_kana(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    japanese.kana_markup.cache_clear()
    assert [results[i] for i in range(len(texts))] == [spoken_kana(t) for t in texts]


def test_loading_the_analyser_prints_nothing() -> None:
    """pyopenjtalk warns on stdout that ONNX Runtime is missing; a station must not print that at
    every start (nor any warning)."""
    code = "from flat_desktop import japanese; print(japanese.spoken_kana('県民'), end='')"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "default"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                          check=True)
    assert (done.stdout, done.stderr) == ("けんみん", "")
