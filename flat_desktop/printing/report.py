"""A report of :mod:`flat_desktop.services.reports` as an A4 landscape PDF: its title, range and
grouping, the same bar chart the console shows (reportlab graphics, drawn as shapes, not a
picture), and its table; the help-call report adds the steps that draw most calls.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from flat_desktop.i18n import _
from flat_desktop.printing import fonts

if TYPE_CHECKING:
    from flat_desktop.services.reports import Chart, Report

BODY = 10  # points: a table of up to 13 columns across a landscape page
TITLE = 20
BAR = colors.HexColor("#1F5FA8")
PAGE_W, PAGE_H = landscape(A4)
MARGIN = 14 * mm
WIDTH = PAGE_W - 2 * MARGIN


def _style(size: float) -> ParagraphStyle:
    return ParagraphStyle(f"r{size}", fontName=fonts.gothic(), fontSize=size, leading=size * 1.35, wordWrap="CJK")


def _para(text: str, size: float = BODY) -> Paragraph:
    return Paragraph(escape(text), _style(size))


def _fit(text: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to ``width`` points (a chart's labels have one line)."""
    font = fonts.gothic()
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(c: Chart, width: float = WIDTH, height: float = 80 * mm) -> Drawing:
    """The report's chart: periods upright in time order, or categories across, the largest on top."""
    d = Drawing(width, height)
    d.add(String(0, height - 12, c.title, fontName=fonts.gothic(), fontSize=12))
    if not c.values:
        d.add(String(0, height / 2, _("Nothing in this period."), fontName=fonts.gothic(), fontSize=11))
        return d
    font = fonts.gothic()
    top = max(c.values) * 1.1 or 1.0
    if c.over_time:
        bc: VerticalBarChart | HorizontalBarChart = VerticalBarChart()
        bc.x, bc.y, bc.width, bc.height = 14 * mm, 18 * mm, width - 20 * mm, height - 30 * mm
        bc.categoryAxis.labels.angle = 30 if len(c.names) > 8 else 0
        bc.categoryAxis.labels.boxAnchor = "ne" if len(c.names) > 8 else "n"
        names = list(c.names)
        values = list(c.values)
    else:
        label_w = min(90 * mm, max(stringWidth(n, font, 9) for n in c.names) + 4)
        bc = HorizontalBarChart()
        bc.x, bc.y, bc.width, bc.height = label_w + 4, 8 * mm, width - label_w - 10 * mm, height - 22 * mm
        # reportlab draws the first category at the bottom: reversed, the largest stands on top.
        names = [_fit(n, 9, label_w) for n in reversed(c.names)]
        values = list(reversed(c.values))
    bc.data = [values]
    bc.categoryAxis.categoryNames = names
    bc.categoryAxis.labels.fontName = font
    bc.categoryAxis.labels.fontSize = 9
    bc.valueAxis.valueMin = 0
    bc.valueAxis.valueMax = top
    bc.valueAxis.labels.fontName = font
    bc.valueAxis.labels.fontSize = 9
    bc.valueAxis.labelTextFormat = "%.0f" if top >= 5 else "%.1f"
    bc.bars[0].fillColor = BAR
    bc.bars[0].strokeColor = None
    d.add(bc)
    return d


def _widths(rows: list[list[str]]) -> list[float]:
    """Each column as wide as its widest cell (its title may wrap), shared out to the page's width."""
    font = fonts.gothic()
    natural = [max([stringWidth(r[i], font, BODY) for r in rows[1:]] + [stringWidth(rows[0][i], font, BODY) / 2.5,
                                                                       12 * mm]) + 8
               for i in range(len(rows[0]))]
    scale = WIDTH / sum(natural)
    return [w * scale for w in natural]


def _table(rows: list[list[object]], titles: dict[str, str]) -> Table:
    texts = [[titles.get(str(h), str(h)) for h in rows[0]]]
    texts += [[(_("yes") if v else "") if isinstance(v, bool) else str(v) for v in row] for row in rows[1:]]
    widths = _widths(texts)
    font = fonts.gothic()

    def cell(text: str, width: float) -> str | Paragraph:
        # Plain text where it fits (years of weekly rows stay quick to lay out); wrapped where not.
        return text if stringWidth(text, font, BODY) <= width - 6 else _para(text)

    header = [_para(h, BODY - 1) for h in texts[0]]
    body = [[cell(v, w) for v, w in zip(row, widths, strict=True)] for row in texts[1:]]
    numbers = [i for i in range(len(rows[0]))
               if any(isinstance(r[i], int | float) and not isinstance(r[i], bool) for r in rows[1:])]
    t = Table([header, *body], colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, BODY),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3ECF7")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#5A6B7D")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i in numbers],
    ]))
    return t


def render_report(rep: Report) -> bytes:
    """The report's PDF."""
    from flat_desktop.services import reports

    name = reports.report_names()[rep.kind]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=name, author="flat station desktop",
                            initialFontName=fonts.gothic())
    last = rep.range.end - dt.timedelta(days=1)
    grouping = reports.period_names()[rep.period] if rep.period else ""
    story: list[Flowable] = [
        _para(name, TITLE), Spacer(1, 3 * mm),
        _para(_("{start} to {end}").format(start=rep.range.start.isoformat(), end=last.isoformat())
              + (f"  {grouping}" if grouping else "") + "  " + _("{n} rows").format(n=len(rep.lines)), BODY + 2),
        Spacer(1, 4 * mm), bar_chart(reports.chart(rep)), Spacer(1, 4 * mm)]
    titles = reports.column_titles()
    rows = reports.shown_rows(rep)
    story.append(_table(rows, titles) if len(rows) > 1 else _para(_("Nothing in this period."), BODY + 2))
    if isinstance(rep, reports.HelpReport) and len(steps := rep.step_rows()) > 1:
        story.append(KeepTogether([
            Spacer(1, 6 * mm),
            _para(_("Steps with the most help calls (improve their instructions first)"), BODY + 4),
            Spacer(1, 2 * mm), _table(steps, titles)]))
    doc.build(story)
    return buffer.getvalue()
