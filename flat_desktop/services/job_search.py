"""What a supervisor types into the board's search, read as a query.

Words without a prefix are looked for in every field (code, title, department, requester,
worker, job type); a word with a prefix only in its field: ``作業員:佐藤 種類:コピー 人事``.
Every word must match (AND). Prefixes are accepted in Japanese and English, with a half- or
full-width colon, so a Japanese input method can stay on while typing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIELDS = ("code", "title", "department", "requester", "worker", "type")
PREFIXES: dict[str, str] = {
    "code": "code", "番号": "code",
    "title": "title", "件名": "title",
    "dept": "department", "department": "department", "所属": "department", "課": "department",
    "req": "requester", "requester": "requester", "発注者": "requester", "依頼者": "requester",
    "worker": "worker", "作業員": "worker", "担当": "worker",
    "type": "type", "種類": "type", "業務": "type",
}
# The prefix written for each field when a filter is chosen from the list (the Japanese one).
PREFIX_OF = {"code": "番号", "title": "件名", "department": "所属", "requester": "発注者", "worker": "作業員",
             "type": "種類"}
_WORD = re.compile(r"[^\s\u3000]+")


@dataclass(frozen=True)
class JobQuery:
    words: tuple[str, ...] = ()  # each in any field
    terms: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (field, word)

    def __bool__(self) -> bool:
        return bool(self.words or self.terms)


def parse(text: str) -> JobQuery:
    """``text`` as words and field terms; a prefix nobody knows stays part of a plain word."""
    words: list[str] = []
    terms: list[tuple[str, str]] = []
    for token in _WORD.findall(text.replace("：", ":")):
        key, sep, value = token.partition(":")
        known = PREFIXES.get(key.lower()) if sep else None
        if known is None:
            words.append(token)
        elif value:
            terms.append((known, value))
    return JobQuery(tuple(words), tuple(terms))


def with_filter(field_: str | None, text: str) -> str:
    """The text with the filter chosen from the list written as its prefix (every plain word
    of it goes to that field)."""
    if not field_ or field_ not in PREFIX_OF:
        return text
    prefix = PREFIX_OF[field_]
    return " ".join(t if ":" in t.replace("：", ":") else f"{prefix}:{t}" for t in _WORD.findall(text))
