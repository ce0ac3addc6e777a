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
