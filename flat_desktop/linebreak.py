"""Where a line of station text may break: Japanese rules (kinsoku) and whole phrases. No Qt.

Left to itself, Qt starts lines with small kana or ー and splits words anywhere
(「バーコー/ド」, 「おしてくださ/い。」), which a slow reader cannot put back together. Here a
text is cut into the pieces a line holds whole (:func:`pieces`):

1. the runs between spaces and after 。、！？ (the station's kana text is written with spaces
   between phrases);
2. a run wider than the line: its phrases (bunsetsu, found by Open JTalk, only then loaded);
3. a phrase wider than the line: its free-standing words;
4. a word wider than the line: its characters.

At every level a line never starts with 、。」）ー or a small kana, never ends with 「（, and
never splits a number or a Latin word. :func:`marked` gives a QLabel the pieces as one text with
WORD JOINER inside them and ZERO WIDTH SPACE between them; Qt's layout honours both and draws
neither. The text a worker hears or a test reads is never changed, only what is laid out.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from enum import IntEnum

log = logging.getLogger(__name__)

WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"
NO_BREAK_SPACE = "\u00a0"  # between a number and its unit or a date and its time: never a break
_NO_BREAK = frozenset(NO_BREAK_SPACE + "\u2007\u202f")
MARKS = WORD_JOINER + ZERO_WIDTH_SPACE

# Japanese line breaking (kinsoku shori): these never start a line / never end one.
NO_START = frozenset(
    "、。，．・：；？！ー～〜」』）］｝〕〉》】〙〗〟’”｣､｡･ｰﾞﾟ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ゛゜…‥"
    ",.!?:;)]}%"
)
NO_END = frozenset("「『（［｛〔〈《【〘〖〝‘“｢([{")
_PAUSES = frozenset("。、！？｡､")  # a line breaks after these as well as after a space
_WORD_PUNCT = frozenset("-_.,:/%'&+#@")
_SIGNS = frozenset("+-#@$¥＋－−＃＠￥")  # start a word when a digit or letter follows: +1, −10, #3
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヶ]")
_PLACEHOLDER = "二"  # stands for a number or Latin word while analysing: 「70部」 reads as 「二部」, one phrase


_deferred = False  # while the station starts: no phrases, so nothing waits for Open JTalk to load
_broken = False  # Open JTalk failed to load: kinsoku alone from then on
_generation = 0


def defer_phrases(deferred: bool) -> None:
    """While ``deferred``, runs too wide for a line are cut by kinsoku alone and Open JTalk is not
    loaded (the station's first screen paints before it could be; the screens it shows then
    are short). Layouts made meanwhile are stale afterwards: see :func:`generation`."""
    global _deferred, _generation
    if deferred != _deferred:
        _deferred = deferred
        _generation += 1


def generation() -> int:
    """A number that changes whenever the same text may now break differently."""
    return _generation


class Level(IntEnum):
    """How good a place to break a line is; a layout uses the best that fits."""

    NEVER = 0
    CHARACTER = 1
    WORD = 2
    PHRASE = 3
    SPACE = 4


Fits = Callable[[int, int], bool]
"""``fits(start, end)``: whether ``text[start:end]``, without its trailing spaces, fits on one line."""


def has_japanese(text: str) -> bool:
    return bool(_JAPANESE.search(text))


def is_word_char(c: str) -> bool:
    """Latin letters, digits (half- or full-width) and the marks inside numbers and codes
    (``1,000``, ``12:30``, ``CP-01``): kept together like one word."""
    if c in _WORD_PUNCT:
        return True
    if not unicodedata.category(c).startswith(("L", "N")):
        return False
    wide = unicodedata.east_asian_width(c) in ("W", "F")
    return not wide or "\uff10" <= c <= "\uff5a"


def word_runs(text: str) -> list[tuple[int, int]]:
    """The numbers and Latin words of ``text`` as (start, end); a run starts with a letter, a digit
    or a sign before one."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        c = text[i]
        signed = c in _SIGNS and i + 1 < len(text) and is_word_char(text[i + 1]) and text[i + 1] not in _WORD_PUNCT
        if signed or (is_word_char(c) and c not in _WORD_PUNCT):
            j = i + 1
            while j < len(text) and is_word_char(text[j]):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


@functools.lru_cache(maxsize=1024)
def _base_levels(text: str) -> tuple[Level, ...]:
    """``levels[i]``: how good a break before ``text[i]`` is, from spaces and kinsoku alone."""
    n = len(text)
    levels = [Level.CHARACTER] * (n + 1)
    levels[0] = levels[n] = Level.NEVER
    for start, end in word_runs(text):
        for i in range(start + 1, end):
            levels[i] = Level.NEVER
    for i in range(1, n):
        before, here = text[i - 1], text[i]
        if "\n" in (before, here):
            levels[i] = Level.SPACE  # a line break in the text is kept
        elif here.isspace():
            levels[i] = Level.NEVER  # spaces stay at the end of the line they follow
        elif here in NO_START or before in NO_END or before in _NO_BREAK:
            levels[i] = Level.NEVER
        elif before.isspace() or before in _PAUSES:
            levels[i] = Level.SPACE
    return tuple(levels)


_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−－〜~", "-"))  # the analyser respells hyphens and waves


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_DASHES)


@functools.lru_cache(maxsize=1024)
def _phrase_levels(run: str) -> tuple[Level, ...]:
    """``levels[i]``: PHRASE or WORD where a phrase or a free-standing word of ``run`` (a text
    without spaces) begins before ``run[i]``, CHARACTER elsewhere. All CHARACTER when the
    analyser's words cannot be matched to the text (then kinsoku alone still holds)."""
    from flat_desktop import japanese

    plain = [Level.CHARACTER] * (len(run) + 1)
    # Numbers and Latin words go to the analyser as one placeholder character each: it spells
    # 70 as 七十 and A4 as Ａ４, which cannot be matched back, and a number is one unit anyway.
    cells: list[tuple[str, int]] = []  # (text given to the analyser, offset in run)
    runs = dict(word_runs(run))
    i = 0
    while i < len(run):
        if i in runs:
            cells.append((_PLACEHOLDER, i))
            i = runs[i]
        else:
            cells.append((run[i], i))
            i += 1
    analysed = "".join(c for c, _at in cells)
    owner = [k for k, (c, _at) in enumerate(cells) for _char in c]  # the cell of each analysed character
    levels = list(plain)
    pos = 0
    for m in japanese.morphemes(analysed):
        want = _nfkc(m.surface)
        end = pos
        while end < len(analysed) and len(_nfkc(analysed[pos:end])) < len(want):
            end += 1
        if _nfkc(analysed[pos:end]) != want:
            log.debug("line breaks: cannot match %r in %r", m.surface, run)
            return tuple(plain)
        if 0 < pos < len(analysed) and owner[pos] != owner[pos - 1]:
            at = cells[owner[pos]][1]
            if m.starts_phrase:
                levels[at] = Level.PHRASE
            elif m.starts_word:
                levels[at] = Level.WORD
        pos = end
    if pos != len(analysed):
        log.debug("line breaks: the analyser left %r of %r", analysed[pos:], run)
        return tuple(plain)
    return tuple(levels)


def levels(text: str, keep: Iterable[tuple[int, int]] = ()) -> list[Level]:
    """How good a break before each character of ``text`` is, by spaces and kinsoku only
    (phrases and words are added by :func:`pieces` where a run is too wide). Nothing breaks
    inside a ``keep`` span (a word with its furigana)."""
    out = list(_base_levels(text))
    for start, end in keep:
        for i in range(start + 1, end):
            out[i] = Level.NEVER
    return out


def atoms(text: str, keep: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """``text`` cut at every place a line may break at all: the smallest pieces :func:`pieces`
    can give (without asking the analyser, which changes only how good those places are)."""
    lv = levels(text, keep)
    bounds = [0, *(i for i in range(1, len(text)) if lv[i] >= Level.CHARACTER), len(text)]
    return list(itertools.pairwise(bounds)) if text else []


def pieces(text: str, fits: Fits, keep: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """``text`` cut into (start, end) spans that a line holds whole, in order and covering it.

    Each span is the largest unit that ``fits`` an empty line: a run between spaces (with its
    trailing spaces), else its phrases, else their words, else characters; a span that cannot be
    cut further is kept even when too wide (the caller shrinks or lets it overflow).
    """
    if not text:
        return []
    lv = levels(text, keep)
    out: list[tuple[int, int]] = []

    def cut(start: int, end: int, level: Level) -> None:
        bounds = [start, *(i for i in range(start + 1, end) if lv[i] >= level), end]
        for s, e in itertools.pairwise(bounds):
            if level == Level.CHARACTER or fits(s, e):
                out.append((s, e))
                continue
            if level == Level.SPACE:
                _add_phrases(text, lv, s, e)
            cut(s, e, Level(level - 1))

    cut(0, len(text), Level.SPACE)
    return out


def _add_phrases(text: str, lv: list[Level], start: int, end: int) -> None:
    """Raise the levels inside text[start:end] to its phrases and words (each stretch without
    spaces is analysed alone: the analyser drops spaces)."""
    global _broken
    if _deferred or _broken:
        return
    for m in re.finditer(r"\S+", text[start:end]):
        chunk = m.group()
        if not has_japanese(chunk):
            continue
        offset = start + m.start()
        try:
            found = _phrase_levels(chunk)
        except Exception:  # no analyser on this PC: kinsoku alone, and the screen still shows
            log.warning("line breaks: Open JTalk is not available; breaking by kinsoku only", exc_info=True)
            _broken = True
            return
        for i, level in enumerate(found):
            if 0 < i < len(chunk) and lv[offset + i] == Level.CHARACTER:
                lv[offset + i] = level


def _joinable(a: str, b: str) -> bool:
    """Whether Qt might break between ``a`` and ``b`` (so a WORD JOINER is needed to stop it)."""
    if a in _NO_BREAK or b in _NO_BREAK:
        return False  # Qt does not break at a no-break space either
    return not (a.isascii() and b.isascii() and a.isalnum() and b.isalnum()) and not (a.isspace() or b.isspace())


def marked(text: str, fits: Fits) -> str:
    """``text`` for a Qt text layout: WORD JOINER between the characters of each piece and ZERO
    WIDTH SPACE between pieces, so Qt breaks lines only between pieces. Text without Japanese
    is returned as it is (Qt breaks English at spaces already)."""
    if not has_japanese(text):
        return text
    out: list[str] = []
    for start, end in pieces(text, fits):
        if out and not text[start - 1].isspace():
            out.append(ZERO_WIDTH_SPACE)
        for i in range(start, end):
            if i > start and _joinable(text[i - 1], text[i]):
                out.append(WORD_JOINER)
            out.append(text[i])
    return "".join(out)


def unmarked(text: str) -> str:
    """``text`` without the marks :func:`marked` put in."""
    return text.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "")
