"""Japanese text analysis on the station: readings for speech and phrase boundaries for line breaks.

Built on Open JTalk (the ``pyopenjtalk-plus`` wheel carries its dictionary, so nothing is
downloaded at run time). It is loaded on first use (about a third of a second) and is
only ever a fallback: readings stored with a name or a step come first.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_ACCENT = str.maketrans("", "", "’'")
_LOCK = threading.Lock()  # Open JTalk keeps one analyser; the GUI and sync threads may both ask


@dataclass(frozen=True)
class Word:
    """One word as the analyser saw it.

    ``surface`` is the analyser's own spelling (numbers and Latin letters come back in
    full width or as kanji numerals, spaces are dropped); ``spoken`` is how it sounds in
    katakana (は as ワ, へ as エ); ``reading`` is its dictionary reading in katakana;
    ``joins`` is true when the word belongs to the phrase before it (no line break there).
    """

    surface: str
    spoken: str
    reading: str
    joins: bool


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))


@functools.cache
def _engine() -> Any:
    import pyopenjtalk

    return pyopenjtalk


def analyse(text: str) -> list[Word]:
    """The words of ``text`` in order. Empty text gives no words."""
    if not text.strip():
        return []
    with _LOCK:
        features = _engine().run_frontend(text)
    words = []
    for f in features:
        words.append(Word(f["string"], f["pron"].translate(_ACCENT), f["read"], f["chain_flag"] == 1))
    return words



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
        features = _engine().run_frontend(text)
    out = []
    for f in features:
        free = f["pos"] not in _ATTACHED_POS and f["pos_group1"] != _SUFFIX
        # Open JTalk's accent phrases, except that a particle never starts a line (「）/は」).
        starts_phrase = free and f["pos_group1"] != _DEPENDENT and f["chain_flag"] != 1
        out.append(Morpheme(f["string"], starts_phrase, free))
    return out

def spoken_kana(text: str) -> str:
    """``text`` as a voice without a kanji dictionary should say it: every word with kanji
    (or a number) replaced by its sound in katakana, kana and punctuation kept.

    Spaces between phrases are kept so the voice pauses where the text does.
    """
    out: list[str] = []
    for chunk in re.split(r"(\s+)", text):
        if not chunk or chunk.isspace() or not (has_kanji(chunk) or re.search(r"[0-9０-９]", chunk)):
            out.append(chunk)
            continue
        out.append("".join(w.spoken if (has_kanji(w.surface) or _is_number(w.surface)) else w.surface
                           for w in analyse(chunk)))
    return "".join(out)


def _is_number(surface: str) -> bool:
    return bool(re.fullmatch(r"[0-9０-９〇一二三四五六七八九十百千万億]+", surface))
