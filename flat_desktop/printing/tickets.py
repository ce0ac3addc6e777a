"""Job tickets (作業票): the barcoded sheet that travels with the work.

A ticket is a column of sections (header, barcode, title, who/how many/when, spec, steps)
laid out top to bottom. On A4 and A6 the steps and spec lines shrink to the room left;
on the 62 mm roll the page grows to fit instead. Sizes per format are data in ``STYLES``.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from flat_desktop import codes, ruby
from flat_desktop.printing import barcodes, icons, text, words
from flat_desktop.printing.layout import A4, Box, cut_lines, line, new_canvas, round_rect, save
from flat_desktop.printing.model import JobTicket, Priority
from flat_desktop.printing.words import _


class TicketFormat(StrEnum):
    A4 = "a4"  # one ticket per A4 sheet
    A4_QUARTER = "a4x4"  # four A6 tickets per A4 sheet, with cut lines
    ROLL_62 = "roll62"  # 62 mm continuous roll of a label printer; length follows the content


@dataclass(frozen=True)
class TicketStyle:
    """Sizes of one ticket format: lengths in mm, type sizes in pt."""

    margin: float
    icon: float
    type_size: float
    priority_size: float
    bar_height: float
    max_dots: int  # module width in 300 dpi dots; wider modules scan from further away
    code_size: float
    title_size: float
    title_lines: int
    label_size: float
    value_size: float
    key_size: float  # quantity and due date, the two things a worker checks first
    spec_size: float
    step_size: float
    max_steps: int
    label_col: float
    gap: float
    rotate_code: bool = False  # bars across a narrow roll: a long symbol fits with wide modules


STYLES: dict[TicketFormat, TicketStyle] = {
    TicketFormat.A4: TicketStyle(
        margin=12, icon=24, type_size=32, priority_size=24, bar_height=24, max_dots=6, code_size=16,
        title_size=28, title_lines=2, label_size=15, value_size=22, key_size=30, spec_size=18,
        step_size=20, max_steps=10, label_col=34, gap=6,
    ),
    TicketFormat.A4_QUARTER: TicketStyle(
        margin=6, icon=12, type_size=18, priority_size=13, bar_height=14, max_dots=5, code_size=11,
        title_size=16, title_lines=2, label_size=10, value_size=13, key_size=16, spec_size=11,
        step_size=11, max_steps=8, label_col=17, gap=2.4,
    ),
    TicketFormat.ROLL_62: TicketStyle(
        margin=3, icon=10, type_size=15, priority_size=12, bar_height=30, max_dots=5, code_size=10,
        title_size=13, title_lines=3, label_size=8.5, value_size=11, key_size=14, spec_size=10,
        step_size=10, max_steps=5, label_col=12.5, gap=2, rotate_code=True,
    ),
}

ROLL_WIDTH = 62.0

# a batch repeats its titles and steps; parsing the readings out again for each ticket showed up
_plain = functools.lru_cache(maxsize=4096)(ruby.to_plain)


class _Flow:
    """Places sections one under another inside ``box``.

    With ``draw`` False it only measures; with ``grow`` True (the roll) nothing is dropped for
    lack of room, because the page is made as long as the content.
    """

    def __init__(self, c: Canvas, box: Box, style: TicketStyle, *, draw: bool = True, grow: bool = False) -> None:
        self.c, self.box, self.s, self.draw, self.grow = c, box, style, draw, grow
        self.y = box.top

    @property
    def room(self) -> float:
        return self.y - self.box.y

    def gap(self, factor: float = 1.0) -> None:
        self.y -= self.s.gap * mm * factor

    def rule(self) -> None:
        self.gap(0.5)
        if self.draw:
            self.c.setLineWidth(0.6)
            line(self.c, self.box.x, self.y, self.box.x + self.box.w, self.y)
        self.gap(0.8)

    def line(self, x: float, content: str, size: float, *, bold: bool = False) -> None:
        self.y -= size * 1.2
        if self.draw:
            text.draw(self.c, x, self.y + size * 0.22, content, size, bold=bold)

    def header(self, t: JobTicket) -> None:
        s, b = self.s, self.box
        h = s.icon * mm
        name = words.job_type_name(t.job_type)
        badge = words.priority_name(t.priority)
        pad = s.priority_size * 0.45
        badge_w = text.width(badge, s.priority_size) + 2 * pad
        badge_h = s.priority_size + pad * 1.4
        name_room = b.w - h - badge_w - 3 * pad
        size = text.fit_size(name, s.type_size, s.type_size * 0.6, name_room)
        # on a narrow roll a long job type name keeps the whole row; the priority goes below it
        own_row = size < s.type_size * 0.8
        if own_row:
            name_room = b.w - h - 1.5 * pad
            size = text.fit_size(name, s.type_size, s.type_size * 0.6, name_room)
        if self.draw:
            icons.draw_icon(self.c, t.job_type, Box(b.x, self.y - h, h, h), fallback=name)
            shown = text.ellipsize(name, size, name_room)
            text.draw(self.c, b.x + h + pad * 1.5, self.y - h / 2 - size * 0.35, shown, size, bold=True)
            mid = self.y - h - pad - badge_h / 2 if own_row else self.y - h / 2
            self._priority(t.priority, badge, b.x + b.w - badge_w, mid, badge_w, pad)
        self.y -= h + (pad + badge_h if own_row else 0)
        self.gap()

    def _priority(self, priority: Priority, label: str, x: float, mid: float, w: float, pad: float) -> None:
        # the word is always printed: on a black-and-white page, weight and fill only add emphasis
        size = self.s.priority_size
        h = size + pad * 1.4
        c = self.c
        c.saveState()
        c.setLineWidth({Priority.NORMAL: 0.8, Priority.HIGH: 2.4, Priority.URGENT: 2.4}[priority])
        round_rect(c, x, mid - h / 2, w, h, pad * 0.6, fill=priority is Priority.URGENT)
        if priority is Priority.URGENT:
            c.setFillGray(1)
            c.setStrokeGray(1)  # the bold outline stroke must be white too
        text.draw(c, x + pad, mid - size * 0.36, label, size, bold=priority is not Priority.NORMAL)
        c.restoreState()

    def barcode(self, job_code: str) -> None:
        s = self.s
        h = s.bar_height * mm + s.code_size * 1.25
        if s.rotate_code:
            self._rotated_barcode(codes.ticket_payload(job_code), h)
            return
        if self.draw:
            barcodes.draw_code128(
                self.c, codes.ticket_payload(job_code), self.box.x, self.y - h, self.box.w,
                s.bar_height * mm, max_dots=s.max_dots, text_size=s.code_size,
            )
        self.y -= h
        self.gap()

    def _rotated_barcode(self, payload: str, h: float) -> None:
        """The code turned a quarter, bars across the roll, so modules can be arm's-length wide."""
        s = self.s
        length = barcodes.symbol_width(payload, s.max_dots)
        if self.draw:
            self.c.saveState()
            self.c.translate(self.box.x + self.box.w / 2, round((self.y - length) / barcodes.DOT) * barcodes.DOT)
            self.c.rotate(90)
            barcodes.draw_code128(self.c, payload, 0, -h / 2, length, s.bar_height * mm,
                                  max_dots=s.max_dots, text_size=s.code_size)
            self.c.restoreState()
        self.y -= length
        self.gap()

    def title(self, title: str) -> None:
        for row in text.wrap(title, self.s.title_size, self.box.w, self.s.title_lines):
            self.line(self.box.x, row, self.s.title_size, bold=True)
        self.gap(0.6)

    def rows(self, pairs: Sequence[tuple[str, str]], size: float, label_size: float, max_lines: int) -> None:
        """Label/value rows; rows that no longer fit are dropped with a note of how many.

        A long label wraps in its column (two lines at most) instead of being cut: 「ページ順に
        そろえる」 must be read in full to be understood."""
        x_value = self.box.x + self.s.label_col * mm
        room = self.box.w - self.s.label_col * mm
        label_w = self.s.label_col * mm - label_size * 0.5
        for n, (label, value) in enumerate(pairs):
            row_size = size
            if max_lines == 1:  # a due date or quantity must never lose its end: shrink it instead
                row_size = text.fit_size(value, size, size * 0.7, room)
            lines = text.wrap(value, row_size, room, max_lines)
            lsize, label_lines = self._label_lines(label, label_size, label_w)
            # from the row's top to below the last label line's descenders
            label_h = row_size * 0.76 + (len(label_lines) - 1) * lsize * 1.15 + lsize * 0.45
            value_h = len(lines) * size * 1.2
            need = max(value_h, label_h) + size * 1.2  # keep one line for the "more" note
            if not self.grow and self.room < need:
                self.more(len(pairs) - n, size)
                return
            top = self.y
            if self.draw:
                for i, row in enumerate(label_lines):
                    text.draw(self.c, self.box.x, top - row_size * 0.98 + row_size * 0.22 - i * lsize * 1.15,
                              row, lsize)
            for row in lines:
                self.line(x_value, row, row_size)
            self.y = min(self.y, top - label_h)
            self.y -= size * 0.12

    @staticmethod
    def _label_lines(label: str, size: float, room: float) -> tuple[float, list[str]]:
        """A label in full: one line, else one line in smaller type, else wrapped (smaller if need be)."""
        if text.width(label, size) <= room:
            return size, [label]
        if text.width(label, size * 0.8) <= room:
            return size * 0.8, [label]
        lines = text.wrap(label, size, room, 3)
        if lines[-1].endswith(text.ELLIPSIS):
            size *= 0.8
            lines = text.wrap(label, size, room, 3)
        return size, lines

    def more(self, count: int, size: float) -> None:
        self.line(self.box.x, _("…and {count} more").format(count=count), size * 0.85)

    def steps(self, steps: Sequence[str], keep: float = 0.0) -> None:
        """The step list in the room left, less ``keep`` points kept free below it. A long step
        wraps to a second line; the type shrinks a little before any step is left off."""
        s = self.s
        heading = s.label_size * 1.2 + s.gap * mm * 0.3
        room = self.room - keep - heading
        plain = [_plain(step) for step in steps[: s.max_steps]]

        def wrapped(size: float) -> list[list[str]]:
            width = self.box.w - text.width("00. ", size)
            return [text.wrap(p, size, width, 2) for p in plain]

        size = s.step_size
        rows = wrapped(size)
        lines = sum(map(len, rows))
        if not self.grow and lines * size * 1.2 > room:
            size = max(s.step_size * 0.7, room / lines / 1.2)
            rows = wrapped(size)
        shown, used = 0, 0
        for row in rows:
            if not self.grow and (used + len(row)) * size * 1.2 > room:
                break
            shown, used = shown + 1, used + len(row)
        if shown < len(steps):
            while shown and not self.grow and (used + 1) * size * 1.2 > room:  # room for the "more" line
                shown -= 1
                used -= len(rows[shown])
        if shown == 0 and room < size * 1.2:
            return
        self.line(self.box.x, _("Steps"), s.label_size, bold=True)
        self.gap(0.3)
        num_w = text.width("00. ", size)
        for i, row in enumerate(rows[:shown], start=1):
            for j, part in enumerate(row):
                self.y -= size * 1.2
                if self.draw:
                    if j == 0:
                        text.draw(self.c, self.box.x, self.y + size * 0.22, f"{i}.", size)
                    text.draw(self.c, self.box.x + num_w, self.y + size * 0.22, part, size)
        if shown < len(steps):
            self.more(len(steps) - shown, size)

    def sign_off_height(self) -> float:
        return self.s.label_size * 1.8 + self.s.gap * mm * 1.3

    def sign_off(self) -> None:
        """What the supervisor fills in by hand, on one line: the check (検品) and who received it."""
        s = self.s
        if not self.grow and self.room < self.sign_off_height():
            return
        self.rule()
        size = s.label_size
        self.y -= size * 1.8
        if not self.draw:
            return
        c = self.c
        half = self.box.w / 2
        for i, label in enumerate((_("Checked"), _("Received by"))):
            x = self.box.x + i * half
            side = size * 1.1
            c.saveState()
            c.setLineWidth(1)
            c.rect(x, self.y, side, side, stroke=1, fill=0)
            c.restoreState()
            x += side + size * 0.4
            text.draw(c, x, self.y + size * 0.15, label, size)
            x += text.width(label, size) + size * 0.4
            c.setLineWidth(0.6)
            line(c, x, self.y, self.box.x + (i + 1) * half - size, self.y)

    def confidential(self) -> None:
        s = self.s
        size = s.title_size * 1.2
        self.gap()
        h = size * 2.2
        if self.draw:
            c = self.c
            c.saveState()
            c.setLineWidth(2)
            c.rect(self.box.x, self.y - h, self.box.w, h, stroke=1, fill=0)
            c.restoreState()
            label = _("Confidential")
            text.draw_aligned(c, self.box.x, self.y - h / 2 - size * 0.36, self.box.w, label, size, "center",
                              bold=True)
        self.y -= h
        self.gap()
        note = _("Details are shown on the station screen.")
        for row in text.wrap(note, s.value_size, self.box.w, 3):
            self.line(self.box.x, row, s.value_size)


def _layout(flow: _Flow, t: JobTicket) -> None:
    s = flow.s
    flow.header(t)
    flow.barcode(t.job_code)
    if t.confidential:
        flow.confidential()
        flow.sign_off()
        return
    flow.title(_plain(t.title))
    # who asked, with their department on the same line: the room below is the step list's
    who = f"{t.requester}（{t.department}）" if t.requester and t.department else ""
    people = [(_("Order no."), t.order_code)]
    people += [(_("Requester"), who)] if who else [(_("Requester"), t.requester), (_("Department"), t.department)]
    flow.rows([(label, value) for label, value in people if value], s.value_size, s.label_size, 2)
    key: list[tuple[str, str]] = []
    if t.quantity is not None:
        key.append((_("Quantity"), words.quantity_text(t.quantity, t.unit)))
    if t.due is not None:
        key.append((_("Due"), words.due_text(t.due)))
    if key:
        flow.rows(key, s.key_size, s.label_size, 1)
    if t.specs:
        flow.rule()
        flow.rows([(v.label, v.value) for v in t.specs], s.spec_size, s.label_size, 1)
    if t.steps:
        flow.rule()
        flow.steps(t.steps, keep=flow.sign_off_height())
    flow.sign_off()


def _roll_height(c: Canvas, t: JobTicket) -> float:
    s = STYLES[TicketFormat.ROLL_62]
    probe = _Flow(c, Box(0, 0, (ROLL_WIDTH - 2 * s.margin) * mm, 0), s, draw=False, grow=True)
    _layout(probe, t)
    return -probe.y / mm + 2 * s.margin


def render_tickets(tickets: Sequence[JobTicket], fmt: TicketFormat = TicketFormat.A4) -> bytes:
    """A PDF with every ticket in ``fmt``: one per A4 page, four per A4 page, or one per roll label."""
    fmt = TicketFormat(fmt)
    s = STYLES[fmt]
    buf = io.BytesIO()
    page = A4 if fmt is not TicketFormat.ROLL_62 else (ROLL_WIDTH, 100.0)
    c = new_canvas(buf, page, _("Job tickets"))
    if fmt is TicketFormat.A4_QUARTER:
        cells = [Box(col * A4[0] / 2 * mm, (1 - row) * A4[1] / 2 * mm, A4[0] / 2 * mm, A4[1] / 2 * mm)
                 for row in range(2) for col in range(2)]
    for i, t in enumerate(tickets):
        if fmt is TicketFormat.A4:
            _layout(_Flow(c, Box(0, 0, A4[0] * mm, A4[1] * mm).inset(s.margin * mm), s), t)
            c.showPage()
        elif fmt is TicketFormat.A4_QUARTER:
            _layout(_Flow(c, cells[i % 4].inset(s.margin * mm), s), t)
            if i % 4 == 3 or i == len(tickets) - 1:
                cut_lines(c, cells)
                c.showPage()
        else:
            height = _roll_height(c, t)
            c.setPageSize((ROLL_WIDTH * mm, height * mm))
            _layout(_Flow(c, Box(0, 0, ROLL_WIDTH * mm, height * mm).inset(s.margin * mm), s, grow=True), t)
            c.showPage()
    save(c)
    return buf.getvalue()
