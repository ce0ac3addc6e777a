"""Text with furigana (kana above kanji), which Qt rich text cannot draw.

Input is ruby markup (:mod:`flat_desktop.ruby`): ``"{封筒|ふうとう}を200{枚|まい}{用意|ようい}します"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from flat_desktop import linebreak, ruby

KANA_SCALE = 0.45
KANA_MIN_PT = 11.0
LINE_GAP = 0.18  # of the base line height; room between a line's text and the next line's kana


@dataclass(frozen=True)
class _Part:
    """A piece drawn as one: a word with its kana, a Latin word or number, or one character."""

    base: str
    kana: str | None
    start: int  # offset in the plain text

    @property
    def end(self) -> int:
        return self.start + len(self.base)


_Unit = list[_Part]  # parts that must stay on one line


def _tokenise(text: str, start: int) -> list[_Part]:
    runs = dict(linebreak.word_runs(text))
    parts: list[_Part] = []
    i = 0
    while i < len(text):
        j = runs.get(i, i + 1)
        parts.append(_Part(text[i:j], None, start + i))
        i = j
    return parts


def _parts(markup: str) -> list[_Part]:
    parts: list[_Part] = []
    pos = 0
    for base, kana in ruby.parse(markup):
        parts.extend([_Part(base, kana, pos)] if kana else _tokenise(base, pos))
        pos += len(base)
    return parts


def _group(parts: list[_Part], spans: list[tuple[int, int]]) -> list[_Unit]:
    first = {p.start: k for k, p in enumerate(parts)}
    return [parts[first[s]:first.get(e, len(parts))] for s, e in spans]


def _keep(parts: list[_Part]) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in parts if len(p.base) > 1]  # a word under its kana, a number


def _units(parts: list[_Part], fits: linebreak.Fits) -> list[_Unit]:
    """The parts grouped into what a line holds whole (see :mod:`flat_desktop.linebreak`): runs
    between spaces, phrases, words or characters, as ``fits`` allows. A ``"\\n"`` part is a unit
    of its own, a forced line break. ``fits`` is asked about part boundaries only."""
    plain = "".join(p.base for p in parts)
    return _group(parts, linebreak.pieces(plain, fits, _keep(parts)))


def _atoms(parts: list[_Part]) -> list[_Unit]:
    """The smallest units: a line may break between any two of them, never inside one."""
    return _group(parts, linebreak.atoms("".join(p.base for p in parts), _keep(parts)))


@dataclass
class _Layout:
    lines: list[list[tuple[float, _Unit]]]  # (x, unit) per line, x from the line's left
    line_widths: list[float]
    height: float
    scale: float


class FuriganaLabel(QWidget):
    """Large text with kana drawn above each word that has a reading.

    Lines break as Japanese is read (:mod:`flat_desktop.linebreak`): at spaces, else between
    phrases, never inside a word with its kana, a number or a Latin word, never before 、。 or
    a small kana. If one word is wider than the widget the whole text is scaled down rather
    than clipped. The accessible name is the plain text.

    Signals: none (display only).
    """

    def __init__(
        self,
        markup: str = "",
        parent: QWidget | None = None,
        *,
        scale: float = 1.0,
        alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        show_furigana: bool = True,
    ) -> None:
        super().__init__(parent)
        self._markup = ""
        self._plain = ""
        self._parts: list[_Part] = []
        self._atoms: list[_Unit] = []
        self._scale = scale
        self._alignment = alignment
        self._show_furigana = show_furigana
        self._highlight: tuple[int, int] | None = None
        self._cache: dict[int, _Layout] = {}
        # Measures that change only with the text, the font or the furigana switch (see _relayout):
        # a window's layout asks for them hundreds of times per screen shown.
        self._measured: tuple[QFontMetricsF, QFontMetricsF, float, float] | None = None
        self._natural: float | None = None
        self._widest: float | None = None
        self._generation = linebreak.generation()
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.set_markup(markup)

    # -- public API -------------------------------------------------------------------------

    def set_markup(self, markup: str) -> None:
        """Show ``markup`` (ruby markup or plain text); clears the highlight."""
        self._markup = markup
        self._plain = ruby.to_plain(markup)
        self._parts = _parts(markup)
        self._atoms = _atoms(self._parts)
        self._highlight = None
        self.setAccessibleName(self._plain)
        self._relayout()

    def markup(self) -> str:
        return self._markup

    def plain_text(self) -> str:
        return self._plain

    def set_show_furigana(self, show: bool) -> None:
        if show != self._show_furigana:
            self._show_furigana = show
            self._relayout()

    def show_furigana(self) -> bool:
        return self._show_furigana

    def set_alignment(self, alignment: Qt.AlignmentFlag) -> None:
        self._alignment = alignment
        self.update()

    def alignment(self) -> Qt.AlignmentFlag:
        return self._alignment

    def set_scale(self, scale: float) -> None:
        """Text size relative to the widget's font (1.5 for a step's main sentence, say)."""
        self._scale = scale
        self._relayout()

    def set_highlight(self, start: int, length: int) -> None:
        """Mark ``length`` characters from ``start`` of the plain text (the word being spoken)."""
        self._highlight = (start, length) if length > 0 else None
        self.update()

    def clear_highlight(self) -> None:
        self.set_highlight(0, 0)

    def highlight(self) -> tuple[int, int] | None:
        return self._highlight

    # -- geometry ---------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        m = self.contentsMargins()
        inner = max(1, width - m.left() - m.right())
        return int(self._layout(inner).height + 0.999) + m.top() + m.bottom()

    def sizeHint(self) -> QSize:
        m = self.contentsMargins()
        em = self._fonts()[0].pointSizeF() * 4 / 3
        width = int(min(self._natural_width(), em * 30)) + 1 + m.left() + m.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        m = self.contentsMargins()
        if self._widest is None:
            self._widest = max((self._unit_width(u) for u in self._atoms), default=0.0)
        width = int(min(self._widest, self._natural_width())) + 1 + m.left() + m.right()
        # The height at the width it has, not at its narrowest: a layout adds up minimum
        # heights, and one word per line would make a short step scroll on a wide screen.
        return QSize(width, self.heightForWidth(max(width, self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the minimum height follows the width (see minimumSizeHint)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._relayout()
        super().changeEvent(event)

    # -- layout -----------------------------------------------------------------------------

    def _relayout(self) -> None:
        self._cache.clear()
        self._measured = None
        self._natural = self._widest = None
        self.updateGeometry()
        self.update()

    def _fonts(self) -> tuple[QFont, QFont]:
        base = QFont(self.font())
        base.setPointSizeF(max(1.0, base.pointSizeF() * self._scale))
        kana = QFont(base)
        kana.setPointSizeF(max(KANA_MIN_PT, base.pointSizeF() * KANA_SCALE))
        return base, kana

    def _metrics(self) -> tuple[QFontMetricsF, QFontMetricsF, float, float]:
        """Base and kana metrics, the kana band height and the full line height."""
        if self._measured is None:
            base, kana = self._fonts()
            bm, km = QFontMetricsF(base), QFontMetricsF(kana)
            band = km.height() if self._show_furigana and any(p.kana for p in self._parts) else 0.0
            self._measured = (bm, km, band, band + bm.height() * (1 + LINE_GAP))
        return self._measured

    def _part_width(self, part: _Part, bm: QFontMetricsF, km: QFontMetricsF) -> float:
        width = bm.horizontalAdvance(part.base)
        if part.kana and self._show_furigana:
            width = max(width, km.horizontalAdvance(part.kana))
        return width

    def _unit_width(self, unit: _Unit) -> float:
        bm, km, _, _ = self._metrics()
        return sum(self._part_width(p, bm, km) for p in unit)

    def _natural_width(self) -> float:
        if self._natural is None:
            self._natural = self._measure_natural()
        return self._natural

    def _measure_natural(self) -> float:
        bm, km, _, _ = self._metrics()
        widest = line = 0.0
        for part in self._parts:
            if part.base == "\n":
                widest, line = max(widest, line), 0.0
            else:
                line += self._part_width(part, bm, km)
        return max(widest, line)

    def _layout(self, width: int) -> _Layout:
        if self._generation != linebreak.generation():
            self._generation = linebreak.generation()
            self._cache.clear()
        cached = self._cache.get(width)
        if cached is not None:
            return cached
        bm, km, _, line_h = self._metrics()
        part_w = [self._part_width(p, bm, km) for p in self._parts]
        at = {p.start: k for k, p in enumerate(self._parts)}
        widest = max((sum(part_w[at[p.start]] for p in u) for u in self._atoms), default=0.0)
        # A single word wider than the widget: shrink everything rather than clip or split it.
        scale = min(1.0, width / widest) if widest > 0 else 1.0
        avail = width / scale

        def inked(unit: _Unit) -> float:
            """The unit's width without the spaces it ends with (they may hang past the line)."""
            while unit and unit[-1].base.isspace():
                unit = unit[:-1]
            return sum(part_w[at[p.start]] for p in unit)

        def fits(start: int, end: int) -> bool:
            first, stop = at[start], at.get(end, len(self._parts))
            return inked(self._parts[first:stop]) <= avail + 0.01

        lines: list[list[tuple[float, _Unit]]] = [[]]
        line_widths = [0.0]
        x = 0.0
        for unit in _units(self._parts, fits):
            if unit[0].base == "\n":
                lines.append([])
                line_widths.append(0.0)
                x = 0.0
                continue
            if lines[-1] and x + inked(unit) > avail + 0.01:
                lines.append([])
                line_widths.append(0.0)
                x = 0.0
            if not lines[-1] and all(p.base.isspace() for p in unit):
                continue  # spaces that would start a wrapped line are dropped
            lines[-1].append((x, unit))
            line_widths[-1] = x + inked(unit)
            x += sum(part_w[at[p.start]] for p in unit)
        height = len(lines) * line_h * scale if self._parts else 0.0
        layout = _Layout(lines, line_widths, height, scale)
        if len(self._cache) > 8:
            self._cache.clear()
        self._cache[width] = layout
        return layout

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        layout = self._layout(max(1, rect.width()))
        base_font, kana_font = self._fonts()
        bm, km, band, line_h = self._metrics()
        pal = self.palette()
        fg = pal.color(self.foregroundRole())
        hl_bg, hl_fg = pal.color(QPalette.ColorRole.Highlight), pal.color(QPalette.ColorRole.HighlightedText)
        hs, hl = self._highlight or (0, 0)

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        top = float(rect.top())
        v = self._alignment & Qt.AlignmentFlag.AlignVertical_Mask
        if v & Qt.AlignmentFlag.AlignVCenter:
            top += max(0.0, (rect.height() - layout.height) / 2)
        elif v & Qt.AlignmentFlag.AlignBottom:
            top += max(0.0, rect.height() - layout.height)
        painter.translate(rect.left(), top)
        painter.scale(layout.scale, layout.scale)
        avail = rect.width() / layout.scale
        h = self._alignment & Qt.AlignmentFlag.AlignHorizontal_Mask
        underline = max(3.0, bm.height() * 0.07)
        for row, (items, used) in enumerate(zip(layout.lines, layout.line_widths, strict=True)):
            x0 = 0.0
            if h & Qt.AlignmentFlag.AlignHCenter:
                x0 = max(0.0, (avail - used) / 2)
            elif h & Qt.AlignmentFlag.AlignRight:
                x0 = max(0.0, avail - used)
            y = row * line_h
            for ux, unit in items:
                x = x0 + ux
                for part in unit:
                    pw = self._part_width(part, bm, km)
                    lit = hl > 0 and part.start < hs + hl and part.end > hs
                    if lit:
                        # Colour plus a thick underline: the spoken word is not marked by colour alone.
                        painter.fillRect(QRectF(x, y, pw, band + bm.height()), hl_bg)
                        painter.fillRect(QRectF(x, y + band + bm.height() - underline, pw, underline), hl_fg)
                    painter.setPen(QPen(hl_fg if lit else fg))
                    if part.kana and self._show_furigana:
                        painter.setFont(kana_font)
                        kx = x + (pw - km.horizontalAdvance(part.kana)) / 2
                        painter.drawText(QPointF(kx, y + km.ascent()), part.kana)
                    painter.setFont(base_font)
                    bx = x + (pw - bm.horizontalAdvance(part.base)) / 2
                    painter.drawText(QPointF(bx, y + band + bm.ascent()), part.base)
                    x += pw
        painter.end()
