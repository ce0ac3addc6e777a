"""Japanese text analysis on the station: readings for speech and furigana, phrase boundaries for line breaks.

Built on Open JTalk (the ``pyopenjtalk-plus`` wheel carries its dictionary, so nothing is
downloaded at run time). It is loaded on first use (about a quarter of a second; the station
warms it up in the background) and is only ever a fallback: readings stored with a name or a
step come first.

Its uses:

* :func:`kana_markup` / :func:`spoken_kana`: what a voice that cannot read kanji (espeak-ng)
  is given. espeak-ng says "Chinese letter" for every kanji and, once it has met one, spells
  the rest of the phrase letter by letter; Latin letters, ``・`` and a few other signs do the
  same. So every piece it cannot read becomes kana, and the particles は and へ become the
  わ and え they are said as.
* :func:`ruby_markup` / :func:`complete_markup`: proposed furigana for a name or title typed
  without a reading, and for whatever a screen shows without one.
* :func:`analyse`: words and phrase boundaries (line breaks); :func:`full_context_labels`:
  the analysis the Open JTalk voice (``speech.openjtalk_engine``) synthesises from.

Analyses are cached (the station says the same sentences all day) and one lock keeps the
analyser to one thread at a time: the GUI, speech and sync threads may all ask.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

from flat_desktop import ruby

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_ACCENT = str.maketrans("", "", "’'")
_LOCK = threading.Lock()  # Open JTalk keeps one analyser; the GUI, speech and sync threads may all ask
_KATAKANA_START, _KATAKANA_END = ord("ァ"), ord("ヴ")  # ヵ and ヶ stay: espeak-ng spells out ゕ and ゖ
_HIRAGANA_OFFSET = ord("ぁ") - ord("ァ")
# What espeak-ng's Japanese voice reads as sound: kana (less a few it spells out as "letter"),
# the long-vowel mark, spaces and the punctuation it pauses at.
_NOT_SPOKEN_KANA = set("ゎゕゖゝゞヮヵヶヷヽヾ・゛゜")
_PAUSES = set(" \t\n\u3000、。，,！？!?「」『』（）()…")
_DIGITS = set("0123456789０１２３４５６７８９")
_NUMERALS = set("〇一二三四五六七八九十百千万億兆．")  # the analyser writes a number in digits as these
_CACHE = 4096
# Open JTalk can ask SudachiPy about words read two ways; its dictionary costs 140 MB of memory and
# changed no reading of the station's texts (its catalogue, names and titles), so it stays unloaded.
_OPTIONS = {"use_sudachi_kanji_yomi": False}
_NO_MARKUP = str.maketrans("{}|", "   ")
# Key names and signs on the station's screens that the analyser would spell out letter by letter:
# how they are said. Longest first, so "+10" is not read as "+1" "0".
_SAID_AS = {"PageUp": "ぺーじあっぷ", "Enter": "えんたー", "Esc": "えすけーぷ", "+10": "ぷらす じゅう",
            "+1": "ぷらす いち", "↑": "うえ"}
_SIGNS = re.compile("|".join(re.escape(k) for k in sorted(_SAID_AS, key=len, reverse=True)))
_CLOCK = re.compile(r"(?<![0-9:])([01]?[0-9]|2[0-3]):([0-5][0-9])(?![0-9:])")  # 09:30, said 9時30分


@dataclass(frozen=True)
class Word:
    """One word as the analyser saw it.

    ``surface`` is the analyser's own spelling (numbers and Latin letters come back in
    full width or as kanji numerals, spaces are dropped); ``spoken`` is how it sounds in
    katakana (は as ワ, へ as エ); ``reading`` is its dictionary reading in katakana;
    ``joins`` is true when the word belongs to the phrase before it (no line break there);
    ``pos`` is its part of speech (名詞, 助詞, 記号...).
    """

    surface: str
    spoken: str
    reading: str
    joins: bool
    pos: str = ""


@dataclass(frozen=True)
class _Span:
    """Words of the analyser that stand for ``text[start:end]`` (a number written in digits
    comes back as several words, 七 and 十 for 70)."""

    start: int
    end: int
    words: tuple[Word, ...]


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))


def to_hiragana(kana: str) -> str:
    """Katakana to hiragana; the long-vowel mark and other characters stay as they are."""
    return "".join(chr(ord(c) + _HIRAGANA_OFFSET) if _KATAKANA_START <= ord(c) <= _KATAKANA_END else c for c in kana)


def speakable(text: str) -> bool:
    """True when espeak-ng's Japanese voice reads every character of ``text`` as sound."""
    return all(_speakable_char(c) for c in text)


def _speakable_char(c: str) -> bool:
    if c in _PAUSES or c == "ー":
        return True
    return ("\u3041" <= c <= "\u3096" or "\u30a1" <= c <= "\u30fa") and c not in _NOT_SPOKEN_KANA


# -- the analyser --------------------------------------------------------------------------


@functools.cache
def _engine() -> Any:
    """pyopenjtalk, imported under the lock. On import it prints a warning to stdout when ONNX
    Runtime is missing (it needs it only to guess how 何 is read); the station's terminal and logs
    must not get that at every start."""
    with contextlib.redirect_stdout(io.StringIO()):
        import pyopenjtalk
    if importlib.util.find_spec("sudachidict_core") is None:
        # Without Sudachi's dictionary (the frozen build leaves its 193 MB out) a kanji Open JTalk's
        # dictionary lacks is read by its Unihan reading alone, instead of failing the whole sentence.
        unknown = pyopenjtalk.read_unknown_kanji
        pyopenjtalk.read_unknown_kanji = lambda njd_features, text=None: unknown(njd_features, None)
    return pyopenjtalk


def openjtalk() -> Any:
    """The pyopenjtalk module, loaded quietly (for the Open JTalk voice's synthesis)."""
    with _LOCK:
        return _engine()


def full_context_labels(text: str) -> list[str]:
    """Open JTalk's labels for synthesising ``text``: its analysis, under the same lock as every other."""
    with _LOCK:
        return list(_engine().extract_fullcontext(text, **_OPTIONS))


def warm_up() -> None:
    """Load the analyser and its dictionaries now (a quarter of a second), e.g. in a background
    thread at start-up, so that the first sentence spoken is not the one that waits."""
    analyse("3時に県民生活部へ届けます。")


@functools.lru_cache(maxsize=_CACHE)
def _analysed(text: str) -> tuple[Word, ...]:
    with _LOCK:
        features = _engine().run_frontend(text, **_OPTIONS)
    return tuple(Word(f["string"], f["pron"].translate(_ACCENT), f["read"], f["chain_flag"] == 1, f["pos"])
                 for f in features)


def analyse(text: str) -> list[Word]:
    """The words of ``text`` in order. Empty text gives no words."""
    if not text.strip():
        return []
    return list(_analysed(text))


def _match(text: str, pos: int, surface: str) -> int | None:
    """How many characters of ``text`` from ``pos`` the analyser spelled as ``surface``, if it did."""
    want = unicodedata.normalize("NFKC", surface)
    got = ""
    for end in range(pos, min(len(text), pos + len(surface) + 2)):
        got += unicodedata.normalize("NFKC", text[end])
        if got == want:
            return end + 1 - pos
        if not want.startswith(got):
            return None
    return None


def _number_end(text: str, pos: int) -> int | None:
    """The end of a number written in digits (or ①, Ⅱ) at ``pos``: 1,200 and 3.5 are one number."""
    end = pos
    while end < len(text):
        c = text[end]
        digit = c in _DIGITS or "\u2160" <= c <= "\u2188" or "\u2460" <= c <= "\u2473"
        if not (digit or (c in ",.，．" and end > pos and end + 1 < len(text) and text[end + 1] in _DIGITS)):
            break
        end += 1
    return end if end > pos else None


@functools.lru_cache(maxsize=_CACHE)
def _spans(text: str) -> tuple[_Span, ...] | None:
    """The analyser's words laid over ``text``; None when they cannot be matched to it
    (the analyser changed a character in a way this does not follow)."""
    spans: list[_Span] = []
    pos = 0
    for w in analyse(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        size = _match(text, pos, w.surface)
        if size is not None:
            spans.append(_Span(pos, pos + size, (w,)))
            pos += size
            continue
        if set(w.surface) <= _NUMERALS:
            end = _number_end(text, pos)
            if end is not None:
                spans.append(_Span(pos, end, (w,)))
                pos = end
                continue
            last = spans[-1] if spans else None
            if last is not None and not text[last.end:pos].strip() and _number_end(text, last.start) == last.end:
                spans[-1] = _Span(last.start, last.end, (*last.words, w))  # 十 of 70: the same number
                continue
        return None
    if text[pos:].strip():
        return None
    return tuple(spans)


# -- kana for speech -----------------------------------------------------------------------


def _said(words: tuple[Word, ...]) -> str:
    """How a span sounds, in hiragana, with only what espeak-ng reads; signs become a pause."""
    kana = "".join(to_hiragana(w.spoken) for w in words)
    kana = "".join(c for c in kana if _speakable_char(c))
    return kana if kana.strip("、 ") else "、"


def _particles(text: str, words: tuple[Word, ...]) -> list[ruby.Segment]:
    """Kana as written, but the particle は said わ and へ said え (こんにちは, 学校へ)."""
    if len(words) != 1:
        return [(text, None)]
    w = words[0]
    if not (len(text) == len(w.reading) == len(w.spoken)) or to_hiragana(w.reading) != to_hiragana(text):
        return [(text, None)]
    out: list[ruby.Segment] = []
    for c, read, said in zip(text, w.reading, w.spoken, strict=True):
        if (read, said) in (("ハ", "ワ"), ("ヘ", "エ")):
            out.append((c, "わ" if said == "ワ" else "え"))
        else:
            out.append((c, None))
    return out


def _needs_kana(text: str) -> bool:
    return not speakable(text) or "は" in text or "へ" in text


def _fallback(text: str) -> list[ruby.Segment]:
    """Kana for text the analyser's words could not be laid over: phrase by phrase."""
    out: list[ruby.Segment] = []
    for chunk in re.split(r"(\s+)", text):
        if not chunk or speakable(chunk):
            out.append((chunk, None))
        else:
            out.append((chunk, _said(tuple(analyse(chunk)))))
    return out


def _kana_for(text: str, start: int, end: int, spans: tuple[_Span, ...] | None) -> list[ruby.Segment]:
    """Speech segments for ``text[start:end]``, a stretch without a stored reading, using the
    analysis of the whole text (so は after a name is known as a particle)."""
    if spans is None:
        return _fallback(text[start:end])
    out: list[ruby.Segment] = []
    pos = start
    for sp in spans:
        if sp.end <= start or sp.start >= end:
            continue
        if sp.start < start or sp.end > end:
            continue  # the word runs into a stored reading: its part here is read on its own below
        if sp.start > pos:
            out += _standalone(text[pos:sp.start])
        piece = text[sp.start:sp.end]
        out += _particles(piece, sp.words) if speakable(piece) else [(piece, _said(sp.words))]
        pos = sp.end
    if pos < end:
        out += _standalone(text[pos:end])
    return out


def _standalone(text: str) -> list[ruby.Segment]:
    if speakable(text):
        return [(text, None)]
    return _kana_for(text, 0, len(text), _spans(text))


@functools.lru_cache(maxsize=_CACHE)
def kana_markup(text: str, markup: str | None = None) -> str:
    """Ruby markup of ``text`` whose kana are all a kana-only voice can say.

    ``markup`` holds the stored readings (a step's reading, a name with its kana); they win.
    The analyser reads whatever is left: kanji without a reading, numbers (70部 -> ななじゅうぶ),
    Latin letters (A4 -> えーよん), signs espeak-ng spells out (・ becomes a pause), and the
    particles は and へ. ``ruby.to_plain`` of the result is the text shown (braces and bars,
    which markup cannot hold, become spaces), and ``ruby.to_kana`` of it is what the voice is given.
    """
    segments = _clock_times(_key_names([(base.translate(_NO_MARKUP) if kana is None else base, kana)
                                        for base, kana in (ruby.parse(markup) if markup else [(text, None)])]))
    plain = "".join(base for base, _ in segments)
    if not any(kana is None and _needs_kana(base) for base, kana in segments) and all(
            kana is None or speakable(kana) for _, kana in segments):
        return ruby.build(segments)  # nothing for the analyser to do (most of the station's own words)
    spans = _spans(plain)
    out: list[ruby.Segment] = []
    pos = 0
    for base, kana in segments:
        if kana is not None:
            # A stored reading is used as written; only what espeak-ng cannot say in it is read.
            out.append((base, kana if speakable(kana) else ruby.to_kana(kana_markup(kana))))
        else:
            out += _kana_for(plain, pos, pos + len(base), spans)
        pos += len(base)
    return ruby.build(_merged(out))


def _key_names(segments: list[ruby.Segment]) -> list[ruby.Segment]:
    """The keys a screen names (Enter, PageUp, +10) said as words, not spelled out."""
    out: list[ruby.Segment] = []
    for base, kana in segments:
        pos = 0
        for m in _SIGNS.finditer(base) if kana is None else ():
            out += [(base[pos:m.start()], None), (m.group(0), _SAID_AS[m.group(0)])]
            pos = m.end()
        out.append((base[pos:], kana))
    return [(base, kana) for base, kana in out if base]


def _clock_times(segments: list[ruby.Segment]) -> list[ruby.Segment]:
    """A time of day (a route's 09:30) read as a time, くじさんじゅっぷん, not as two numbers."""
    out: list[ruby.Segment] = []
    for base, kana in segments:
        pos = 0
        for m in _CLOCK.finditer(base) if kana is None else ():
            hour, minute = int(m.group(1)), int(m.group(2))
            said = f"{hour}時{minute}分" if minute else f"{hour}時"
            out += [(base[pos:m.start()], None), (m.group(0), ruby.to_kana(kana_markup(said)))]
            pos = m.end()
        out.append((base[pos:], kana))
    return [(base, kana) for base, kana in out if base]


# -- phrases for line breaks on screen (kept apart from the readings for speech) ------------

_ATTACHED_POS = ("助詞", "助動詞")  # particles and auxiliaries lean on the word before them
_SUFFIX = "接尾"  # さん, 枚 after a number
_DEPENDENT = "非自立"  # ください, こと: a word of its own, but inside the phrase before it


@dataclass(frozen=True)
class Morpheme:
    """One word of a text cut for line breaking.

    ``surface`` is the analyser's spelling (as in :class:`Word`); ``starts_phrase`` is true where
    a phrase (bunsetsu) begins, the place a line of Japanese breaks best; ``starts_word`` is true
    where a word that stands on its own begins, a second-best place inside a long phrase.
    """

    surface: str
    starts_phrase: bool
    starts_word: bool


def morphemes(text: str) -> list[Morpheme]:
    """The words of ``text`` with where its phrases and free-standing words begin."""
    if not text.strip():
        return []
    with _LOCK:
        features = _engine().run_frontend(text, **_OPTIONS)
    out = []
    for f in features:
        free = f["pos"] not in _ATTACHED_POS and f["pos_group1"] != _SUFFIX
        # Open JTalk's accent phrases, except that a particle never starts a line (「）/は」).
        starts_phrase = free and f["pos_group1"] != _DEPENDENT and f["chain_flag"] != 1
        out.append(Morpheme(f["string"], starts_phrase, free))
    return out


def spoken_kana(text: str, markup: str | None = None) -> str:
    """``text`` as a voice without a kanji dictionary should be given it: see :func:`kana_markup`.

    Spaces between phrases are kept so the voice pauses where the text does.
    """
    return ruby.to_kana(kana_markup(text, markup))


# -- furigana ------------------------------------------------------------------------------


def _ruby_for(surface: str, reading: str) -> list[ruby.Segment]:
    """``入れ``/``いれ`` -> ``{入|い}れ``: kana the word already shows get no ruby."""
    head = 0
    while head < min(len(surface), len(reading)) and to_hiragana(surface[head]) == reading[head]:
        head += 1
    tail = 0
    while tail < min(len(surface), len(reading)) - head and to_hiragana(surface[-1 - tail]) == reading[-1 - tail]:
        tail += 1
    core, core_reading = surface[head:len(surface) - tail], reading[head:len(reading) - tail]
    if not core or not core_reading:
        return [(surface, None)]
    out: list[ruby.Segment] = []
    if head:
        out.append((surface[:head], None))
    out.append((core, core_reading))
    if tail:
        out.append((surface[len(surface) - tail:], None))
    return out


@functools.lru_cache(maxsize=_CACHE)
def ruby_markup(text: str) -> str:
    """Proposed furigana for ``text``: each word with kanji as ``{word|よみ}`` in hiragana.

    Kana, Latin letters and numbers get none; a word the dictionary does not know keeps none.
    ``ruby.to_plain(ruby_markup(t)) == t``. A proposal for a supervisor to check: the
    readings of names can be wrong.
    """
    if not has_kanji(text) or set("{}|") & set(text):
        return text
    spans = _spans(text)
    if spans is None:
        return text
    out: list[ruby.Segment] = []
    pos = 0
    for sp in spans:
        out.append((text[pos:sp.start], None))
        piece = text[sp.start:sp.end]
        reading = to_hiragana("".join(w.reading for w in sp.words))
        if has_kanji(piece) and reading and speakable(reading):
            out += _ruby_for(piece, reading)
        else:
            out.append((piece, None))
        pos = sp.end
    out.append((text[pos:], None))
    return ruby.build(_merged(out))


@functools.lru_cache(maxsize=_CACHE)
def complete_markup(markup: str) -> str:
    """``markup`` with proposed furigana over every word with kanji that it leaves without
    (a sentence of the station's own with a name's reading put in, a unit after a number)."""
    out: list[ruby.Segment] = []
    for base, kana in ruby.parse(markup):
        out += ruby.parse(ruby_markup(base)) if kana is None and has_kanji(base) else [(base, kana)]
    return ruby.build(_merged(out))


def reading_or_proposal(text: str, stored: str = "") -> str:
    """Ruby markup for ``text``: the stored reading when it is of this very text, else a proposal."""
    if stored and ruby.is_valid(stored) and ruby.to_plain(stored) == text:
        return stored
    return ruby_markup(text)


def _merged(segments: list[ruby.Segment]) -> list[ruby.Segment]:
    out: list[ruby.Segment] = []
    for base, kana in segments:
        if not base:
            continue
        if kana is None and out and out[-1][1] is None:
            out[-1] = (out[-1][0] + base, None)
        else:
            out.append((base, kana))
    return out
