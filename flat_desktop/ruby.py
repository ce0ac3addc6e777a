"""Readings (kana) attached to step text, for furigana on screen and kana for speech.

A reading is stored as ruby markup: the text with ``{base|kana}`` around each word that
needs one, e.g. ``"{封筒|ふうとう}を200{枚|まい}{用意|ようい}します"``. Plain text is
valid markup with no readings. The same markup gives the screen its furigana and gives a
speech engine that reads kanji badly (espeak-ng) a kana-only sentence.
"""

from __future__ import annotations

import re

Segment = tuple[str, str | None]
"""A run of text and the kana shown above it (``None``: no furigana for this run)."""

_RUBY = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")


def parse(markup: str) -> list[Segment]:
    segments: list[Segment] = []
    pos = 0
    for m in _RUBY.finditer(markup):
        if m.start() > pos:
            segments.append((markup[pos : m.start()], None))
        segments.append((m.group(1), m.group(2)))
        pos = m.end()
    if pos < len(markup):
        segments.append((markup[pos:], None))
    return segments


def to_plain(markup: str) -> str:
    """The text as written, without readings."""
    return "".join(base for base, _ in parse(markup))


def to_kana(markup: str) -> str:
    """The text with every marked word replaced by its kana, for speech."""
    return "".join(kana or base for base, kana in parse(markup))


def build(segments: list[Segment]) -> str:
    return "".join(f"{{{base}|{kana}}}" if kana else base for base, kana in segments)


def is_valid(markup: str) -> bool:
    """False when braces or bars are left unbalanced (a typing slip in the editor)."""
    stripped = _RUBY.sub("", markup)
    return not any(c in stripped for c in "{}|")


def from_kana(name: str, kana: str) -> str:
    """A name with its reading in kana (as people and departments keep it) as markup.

    Word by word when both have as many words (``山田 太郎``/``やまだ たろう`` ->
    ``{山田|やまだ} {太郎|たろう}``), else the whole reading over the whole name; a word
    without kanji gets none. No reading (or one markup cannot hold) gives the plain name.
    """
    words, readings = re.split(r"(\s+)", name.strip()), kana.split()
    if not readings or set("{}|") & set(name + kana):
        return name
    if len(words[::2]) != len(readings):
        words, readings = [name.strip()], [" ".join(readings)]
    segments: list[Segment] = []
    for i, word in enumerate(words):
        reading = readings[i // 2] if i % 2 == 0 else None
        segments.append((word, reading if reading and _KANJI.search(word) else None))
    return build(segments)
