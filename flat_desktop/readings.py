"""Proposed readings (ruby markup) for Japanese step text, made with the janome analyser.

janome is an optional authoring dependency (``pip install flat-desktop[authoring]``):
only the supervisor's step editor needs it, so it is imported on first use. A proposal
is a starting point the supervisor checks; readings of names and rare words can be wrong.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from flat_desktop import ruby
from flat_desktop.i18n import _

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_KATAKANA_START, _KATAKANA_END = ord("ァ"), ord("ヶ")
_HIRAGANA_OFFSET = ord("ぁ") - ord("ァ")


class ReadingsUnavailable(RuntimeError):
    """janome is not installed, so readings cannot be proposed."""


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))


def to_hiragana(kana: str) -> str:
    """Katakana to hiragana; the long-vowel mark and other characters stay as they are."""
    return "".join(chr(ord(c) + _HIRAGANA_OFFSET) if _KATAKANA_START <= ord(c) <= _KATAKANA_END else c for c in kana)


@functools.cache
def _tokenizer() -> Any:
    try:
        from janome.tokenizer import Tokenizer
    except ImportError as exc:
        raise ReadingsUnavailable(_("Readings cannot be proposed: the janome package is not installed.")) from exc
    return Tokenizer()  # loads the dictionary once (about a second)


def _ruby_for(surface: str, reading: str) -> list[ruby.Segment]:
    """``入れ``/``いれ`` -> ``{入|い}れ``: kana the word already shows get no ruby."""
    head = 0
    while head < min(len(surface), len(reading)) and to_hiragana(surface[head]) == reading[head]:
        head += 1
    tail = 0
    while tail < min(len(surface), len(reading)) - head and to_hiragana(surface[-1 - tail]) == reading[-1 - tail]:
        tail += 1
    core, core_reading = surface[head : len(surface) - tail], reading[head : len(reading) - tail]
    if not core or not core_reading:
        return [(surface, None)]
    segments: list[ruby.Segment] = []
    if head:
        segments.append((surface[:head], None))
    segments.append((core, core_reading))
    if tail:
        segments.append((surface[len(surface) - tail :], None))
    return segments


def propose_reading(text: str) -> str:
    """Ruby markup for ``text``: each word with kanji gets ``{word|よみ}`` in hiragana.

    Kana, Latin letters and numbers are left as they are; a word the dictionary does not
    know keeps no reading. ``ruby.to_plain(propose_reading(t)) == t``.
    Raises :class:`ReadingsUnavailable` when janome is missing.
    """
    segments: list[ruby.Segment] = []
    for token in _tokenizer().tokenize(text):
        surface: str = token.surface
        reading: str = token.reading
        if has_kanji(surface) and reading and reading != "*" and not set("{}|") & set(surface):
            segments.extend(_ruby_for(surface, to_hiragana(reading)))
        else:
            segments.append((surface, None))
    return ruby.build(_merge_plain(segments))


def _merge_plain(segments: list[ruby.Segment]) -> list[ruby.Segment]:
    merged: list[ruby.Segment] = []
    for base, kana in segments:
        if kana is None and merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + base, None)
        else:
            merged.append((base, kana))
    return merged


def speech_text(text: str, markup: str | None = None) -> str:
    """Kana for a speech engine that cannot read kanji (espeak-ng).

    Uses the supervisor's ``markup`` when there is one, else a proposal; without janome
    the text is returned unchanged (the engine then skips what it cannot read).
    """
    if markup:
        return ruby.to_kana(markup)
    try:
        return ruby.to_kana(propose_reading(text))
    except ReadingsUnavailable:
        return text
