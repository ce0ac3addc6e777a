"""The experience portfolio (就労経験証明) as a friendly A4 PDF a worker can take to a job interview:
large type, Japanese, the tables of :mod:`flat_desktop.services.portfolio`, a line chart of the time
per unit against the standard over the months (reportlab graphics, drawn as lines, not a picture),
and the supervisor's comment. With furigana, kana stand over the kanji of names and headings.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from flat_desktop import ruby
from flat_desktop.i18n import N_, _
from flat_desktop.printing import fonts

if TYPE_CHECKING:
    from flat_desktop.services.portfolio import Portfolio

BODY = 15  # points: large type throughout
HEAD = 20
TITLE = 28
KANA_RATIO = 0.5
LINE_COLOURS = (colors.HexColor("#1F5FA8"), colors.HexColor("#B5451B"), colors.HexColor("#2E7D32"),
                colors.HexColor("#6A1B9A"), colors.HexColor("#8D6E00"), colors.HexColor("#00695C"))


class RubyLine(Flowable):
    """One line of text with kana over each run that has a reading (ruby markup), or plain."""

    def __init__(self, markup: str, size: float, *, furigana: bool, bold: bool = False) -> None:
        super().__init__()
        self.segments = ruby.parse(markup) if furigana else [(ruby.to_plain(markup), None)]
        self.size = size
        self.kana = furigana and any(k for _t, k in self.segments)
        self.bold = bold

    def _widths(self) -> list[float]:
        font = fonts.gothic()
        # Long kana may stand a little wider than their kanji, then they are squeezed to fit.
        return [max(stringWidth(t, font, self.size), 0.75 * stringWidth(k or "", font, self.size * KANA_RATIO))
                for t, k in self.segments]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self._widths())
        self.height = self.size * (1.25 + (KANA_RATIO * 1.1 if self.kana else 0))
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        font = fonts.gothic()
        x = 0.0
        base = self.size * 0.25
        for (text, kana), w in zip(self.segments, self._widths(), strict=True):
            c.setFont(font, self.size)
            c.drawCentredString(x + w / 2, base, text)
            if self.bold:  # IPAex Gothic has no bold face: the text is drawn twice, a hair apart
                c.drawCentredString(x + w / 2 + 0.4, base, text)
            if kana:
                small = self.size * KANA_RATIO
                natural = stringWidth(kana, font, small)
                squeeze = min(1.0, w / natural) if natural else 1.0
                c.saveState()
                c.translate(x + w / 2, base + self.size * 1.0)
                c.scale(squeeze, 1)
                c.setFont(font, small)
                c.drawCentredString(0, 0, kana)
                c.restoreState()
            x += w


def _style(size: float, *, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(f"p{size}", fontName=fonts.gothic(), fontSize=size, leading=leading or size * 1.45,
                          wordWrap="CJK")


def _para(text: str, size: float = BODY) -> Paragraph:
    return Paragraph(escape(text), _style(size))


def _heading(text: str, markup: str, furigana: bool) -> list[Flowable]:
    return [Spacer(1, 5 * mm), RubyLine(markup if furigana else text, HEAD, furigana=furigana, bold=True),
            Spacer(1, 2 * mm)]


def _number(n: float) -> str:
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.2f}"


def _table(header: Sequence[str], rows: list[list[Any]], widths: Sequence[float]) -> Table:
    data = [[_para(h, BODY - 2) for h in header], *rows]
    t = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.gothic(), BODY),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3ECF7")),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#5A6B7D")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


def _cell(text: str, reading: str, furigana: bool) -> Flowable:
    return RubyLine(reading or text if furigana else text, BODY, furigana=furigana)


def _empty() -> Paragraph:
    return _para(_("None in this period."))


def chart(p: Portfolio, width_mm: float = 170, height_mm: float = 85) -> Drawing:
    """Time per unit as a share of the standard (100 = on the standard), one line per job type."""
    months = sorted({t.month for t in p.times})
    keys = list(dict.fromkeys(t.key for t in p.times))
    names = {t.key: t.name for t in p.times}
    by = {(t.key, t.month): round(t.to_standard * 100) for t in p.times}
    d = Drawing(width_mm * mm, height_mm * mm)
    lc = HorizontalLineChart()
    lc.x, lc.y = 18 * mm, 22 * mm
    lc.width, lc.height = (width_mm - 24) * mm, (height_mm - 32) * mm
    series: list[list[float | None]] = [[by.get((k, m)) for m in months] for k in keys]
    series.append([100.0] * len(months))
    lc.data = series
    lc.categoryAxis.categoryNames = months
    lc.categoryAxis.labels.fontName = fonts.gothic()
    lc.categoryAxis.labels.fontSize = 10
    lc.categoryAxis.labels.angle = 30 if len(months) > 6 else 0
    lc.categoryAxis.labels.boxAnchor = "ne" if len(months) > 6 else "n"
    lc.valueAxis.valueMin = 0
    top = max([v for row in series for v in row if v is not None] + [100.0])
    lc.valueAxis.valueMax = max(150, int(top / 50 + 1) * 50)
    lc.valueAxis.valueStep = 50
    lc.valueAxis.labels.fontName = fonts.gothic()
    lc.valueAxis.labels.fontSize = 11
    lc.valueAxis.labelTextFormat = "%d%%"
    lc.joinedLines = 1
    for i in range(len(keys)):
        lc.lines[i].strokeColor = LINE_COLOURS[i % len(LINE_COLOURS)]
        lc.lines[i].strokeWidth = 2.5
        lc.lines[i].symbol = None
    lc.lines[len(keys)].strokeColor = colors.black
    lc.lines[len(keys)].strokeWidth = 1.2
    lc.lines[len(keys)].strokeDashArray = (4, 3)
    d.add(lc)
    legend = Legend()
    legend.fontName = fonts.gothic()
    legend.fontSize = 11
    legend.x, legend.y = 18 * mm, 8 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dxTextSpace = 4
    legend.colorNamePairs = [(LINE_COLOURS[i % len(LINE_COLOURS)], names[k]) for i, k in enumerate(keys)]
    legend.colorNamePairs.append((colors.black, _("standard time = 100%")))
    d.add(legend)
    d.add(String(2 * mm, (height_mm - 6) * mm, _("time per unit against the standard"), fontName=fonts.gothic(),
                 fontSize=11))
    return d


# The headings, as msgids: with furigana, the caller gives each (translated) heading's reading.
HEADINGS = (N_("Experience portfolio"), N_("Work done"), N_("Skills"), N_("Time against the standard"),
            N_("Machines used"), N_("Working on one's own"), N_("Supervisor's comment"))
PROMPT_WORDS = {"full": "Full: text, picture, speech", "partial": "Partial: title and picture",
                "minimal": "Minimal: title only"}
SKILL_WORDS = {"certified": "Certified", "independent": "Independent", "learning": "Learning"}


def render_portfolio(p: Portfolio, *, furigana: bool = False, name_reading: str = "",
                     readings: dict[str, str] | None = None) -> bytes:
    """The portfolio's PDF. ``readings``: ruby markup for headings and the worker's name (from the
    analyser), used only with ``furigana``."""
    readings = readings or {}
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=_("Experience portfolio") + f" {p.name}",
                            author="flat station desktop", initialFontName=fonts.gothic())
    title = _("Experience portfolio")
    story: list[Flowable] = [RubyLine(readings.get(title, title), TITLE, furigana=furigana, bold=True),
                             Spacer(1, 4 * mm)]
    story.append(RubyLine(name_reading or p.name, TITLE - 4, furigana=furigana and bool(name_reading)))
    if p.kana and not furigana:
        story.append(_para(p.kana, BODY))
    first = p.first.isoformat() if p.first else _("the beginning")
    last = p.last.isoformat() if p.last else _("today")
    story.append(_para(_("Period: {first} to {last}").format(first=first, last=last)))
    story.append(_para(_("{n} jobs done").format(n=p.jobs)))

    def head(text: str) -> None:
        story.extend(_heading(text, readings.get(text, text), furigana))

    head(_("Work done"))
    if p.work:
        story.append(_table([_("Job type"), _("Jobs"), _("Amount")],
                            [[_cell(w.name, w.reading, furigana), _para(_number(w.jobs)),
                              _para(f"{_number(w.units)} {w.unit}")] for w in p.work], (90, 30, 54)))
    else:
        story.append(_empty())
    head(_("Skills"))
    if p.skills:
        story.append(_table([_("Job type"), _("Level"), _("Since")],
                            [[_cell(k.name, k.reading, furigana), _para(_(SKILL_WORDS.get(k.level, k.level))),
                              _para(k.since.isoformat() if k.since else "")] for k in p.skills], (90, 44, 40)))
    else:
        story.append(_empty())
    if p.times:
        # The heading stays with its chart: never alone at the foot of a page.
        title_row = _heading(_("Time against the standard"),
                             readings.get(_("Time against the standard"), _("Time against the standard")), furigana)
        story.append(KeepTogether([*title_row, chart(p)]))
        story.append(_table([_("Job type"), _("Month"), _("Units"), _("Minutes per unit"), _("Standard")],
                            [[_para(t.name, BODY - 2), _para(t.month), _para(_number(t.units)),
                              _para(f"{t.per_unit:.2f}"), _para(f"{t.standard:.2f}")] for t in p.times],
                            (56, 30, 26, 34, 28)))
    else:
        head(_("Time against the standard"))
        story.append(_empty())
    head(_("Machines used"))
    if p.machines:
        story.append(_table([_("Machine"), _("Operations"), _("Units")],
                            [[_cell(m.name, m.reading, furigana), _para(_number(m.operations)),
                              _para(_number(m.units))] for m in p.machines], (90, 40, 44)))
    else:
        story.append(_empty())
    head(_("Working on one's own"))
    if p.independence:
        story.append(_table([_("Job type"), _("Month"), _("Jobs"), _("Help given"), _("Help calls per job")],
                            [[_para(i.name, BODY - 2), _para(i.month), _para(_number(i.jobs)),
                              _para(_(PROMPT_WORDS[i.level]) if i.level in PROMPT_WORDS else "-", BODY - 3),
                              _para(f"{i.help_per_job:.2f}")] for i in p.independence], (42, 30, 20, 50, 32)))
    else:
        story.append(_empty())
    head(_("Supervisor's comment"))
    comment = escape(p.comment.text if p.comment else _("No comment yet.")).replace("\n", "<br/>")
    story.append(Paragraph(comment, _style(BODY + 1)))  # the supervisor's own line breaks kept
    if p.comment:
        story.append(_para(p.comment.at.astimezone().date().isoformat(), BODY - 3))
    doc.build(story)
    return buffer.getvalue()
