"""The lines a station label shows, read back from Qt's own text layout, and what is wrong with them."""

from __future__ import annotations

import itertools

from PySide6.QtGui import QFont, QTextLayout, QTextOption

from flat_desktop import linebreak
from flat_desktop.gui.widgets import FuriganaLabel, PhraseLabel

# Words the station used to split across lines (「バーコー/ド」, 「ス/キャン」, 「おしてくださ/い。」)
# and other words of its texts that a reader must see whole.
WORDS = ("バーコード", "スキャン", "ください", "ラベル", "しごと", "しょくいん", "さぎょうひょう", "かぞえます")

Line = tuple[int, str, float]  # offset in the text, the line's text, its width in pixels


def qt_height(shown: str, font: QFont, width: float) -> float:
    """The height of ``shown`` wrapped at ``width`` by Qt."""
    return sum(height for height in _layout(shown, font, width)[1])


def qt_lines(shown: str, font: QFont, width: float) -> list[Line]:
    """How Qt wraps ``shown`` (a text with line-break marks) at ``width``, as QLabel does."""
    return _layout(shown, font, width)[0]


def _layout(shown: str, font: QFont, width: float) -> tuple[list[Line], list[float]]:
    layout = QTextLayout(shown, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    out: list[Line] = []
    heights: list[float] = []
    layout.beginLayout()
    offset = 0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        text = linebreak.unmarked(shown[line.textStart():line.textStart() + line.textLength()])
        out.append((offset, text, line.naturalTextWidth()))
        heights.append(line.height())
        offset += len(text)
    layout.endLayout()
    return out, heights


def label_lines(label: PhraseLabel) -> list[Line]:
    return qt_lines(label.shown_text(), label.font(), label.contentsRect().width())


def furigana_lines(label: FuriganaLabel) -> list[Line]:
    layout = label._layout(max(1, label.contentsRect().width()))
    out: list[Line] = []
    for items, used in zip(layout.lines, layout.line_widths, strict=True):
        parts = [p for _x, unit in items for p in unit]
        if parts:
            out.append((parts[0].start, "".join(p.base for p in parts), used * layout.scale))
    return out


def problems(text: str, lines: list[Line], width: float, words: tuple[str, ...] = WORDS) -> list[str]:
    """Lines that start with 、。ー or a small kana, follow 「（, split a listed word or a number,
    or run past ``width``; empty when the text reads well."""
    found = []
    for (_o1, before, _w1), (start, line, _w2) in itertools.pairwise(lines):
        if before.endswith("\n") or not line:
            continue
        if line[0] in linebreak.NO_START:
            found.append(f"line starts with {line[0]!r}: {before!r} / {line!r}")
        if before.rstrip() and before.rstrip()[-1] in linebreak.NO_END:
            found.append(f"line ends with {before.rstrip()[-1]!r}: {before!r} / {line!r}")
        if before.rstrip()[-1:].isdigit() and line[0].isdigit():
            found.append(f"number split: {before!r} / {line!r}")
        for word in words:
            at = text.find(word)
            while at >= 0:
                if at < start < at + len(word):
                    found.append(f"{word} split: {before!r} / {line!r}")
                at = text.find(word, at + 1)
    for _o, line, used in lines:
        if used > width + 1:
            found.append(f"line wider than the label ({used:.0f} > {width:.0f} px): {line!r}")
    return found
