"""Sheets of equal labels and cards, drawn from a template of slots.

A template says where each field goes on one label (in mm from its top-left corner), at
what type size and how it may shrink; the drawing code below knows nothing about badges
or business cards. The templates themselves are data, in :mod:`.standards`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from flat_desktop.i18n import _
from flat_desktop.printing import barcodes, icons, text
from flat_desktop.printing.layout import Box, Sheet, crop_marks, new_canvas, save

SlotKind = Literal["text", "barcode", "icon", "rule"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Slot:
    """One field on a label: position and size in mm from the label's top-left, type in pt.

    Text shrinks from ``size`` down to ``min_size`` to fit, then wraps to ``lines`` lines,
    then ends in '…'. A vertical slot writes top to bottom (file spines).
    """

    kind: SlotKind
    field: str
    x: float
    y: float
    w: float
    h: float
    size: float = 10.0
    min_size: float = 0.0  # 0: 70 % of size
    align: Align = "left"
    bold: bool = False
    lines: int = 1
    vertical: bool = False
    max_dots: int = 4  # barcodes: widest module, in 300 dpi dots


@dataclass(frozen=True)
class Template:
    """A label or card design: the sheet it is printed on and its slots."""

    name: str
    sheet: Sheet
    slots: tuple[Slot, ...]
    frame: bool = False  # outline each label, for ones cut by hand along the line


Record = Mapping[str, str]


def _text(c: Canvas, slot: Slot, box: Box, value: str) -> None:
    floor = slot.min_size or slot.size * 0.7
    if slot.vertical:
        size = min(text.vertical_fit(value, slot.size, floor, box.h), box.w * 0.95)
        top = box.top if slot.align == "left" else box.top - (box.h - len(value) * size) / 2
        shown = value[: max(int(box.h / size + 1e-6), 1)]
        text.draw_vertical(c, box.x + box.w / 2, top, shown, size, bold=slot.bold)
        return
    size = text.fit_size(value, slot.size, floor, box.w) if slot.lines == 1 else slot.size
    lines = text.wrap(value, size, box.w)

    def height(n: int, size: float) -> float:
        return size * 1.2 * (n - 1) + size

    # shrink before cutting words off; several lines must also fit the slot's height
    while (len(lines) > slot.lines or height(len(lines), size) > box.h) and size > floor:
        size = max(floor, size * 0.92)
        lines = text.wrap(value, size, box.w)
    lines = text.wrap(value, size, box.w, slot.lines)
    lead = size * 1.2
    block = height(len(lines), size)
    baseline = box.y + (box.h + block) / 2 - size * 0.86
    for row in lines:
        text.draw_aligned(c, box.x, baseline, box.w, row, size, slot.align, bold=slot.bold)
        baseline -= lead


def draw_label(c: Canvas, template: Template, label: Box, record: Record) -> None:
    if template.frame:
        c.saveState()
        c.setLineWidth(0.4)
        c.setStrokeGray(0.5)
        c.rect(label.x, label.y, label.w, label.h, stroke=1, fill=0)
        c.restoreState()
    for slot in template.slots:
        box = label.sub(slot.x, slot.y, slot.w, slot.h)
        value = record.get(slot.field, "")
        if slot.kind == "rule":
            c.saveState()
            c.setLineWidth(max(slot.h * mm, 0.3))
            c.line(box.x, box.top, box.x + box.w, box.top)
            c.restoreState()
        elif not value:
            continue
        elif slot.kind == "text":
            _text(c, slot, box, value)
        elif slot.kind == "barcode":
            text_h = slot.size * 1.25
            barcodes.draw_code128(c, value, box.x, box.y, box.w, box.h - text_h,
                                  max_dots=slot.max_dots, text_size=slot.size)
        elif slot.kind == "icon":
            icons.draw_icon(c, value, box, fallback=record.get("icon_fallback", ""))


def render_sheet(records: Sequence[Record], template: Template, title: str, skip: int = 0) -> bytes:
    """A PDF of ``records`` laid out on ``template``'s sheets.

    ``skip`` leaves the first positions of the first sheet empty, so a half-used sheet of
    labels can go back into the printer.
    """
    sheet = template.sheet
    if not records:
        raise ValueError(_("There is nothing to print: the list is empty."))
    if not 0 <= skip < sheet.per_page:
        raise ValueError(_("The labels to skip must be between 0 and {last}.").format(last=sheet.per_page - 1))
    buf = io.BytesIO()
    c = new_canvas(buf, sheet.page, title)
    for i, record in enumerate(records):
        position = i + skip
        draw_label(c, template, sheet.box(position), record)
        if position % sheet.per_page == sheet.per_page - 1 or i == len(records) - 1:
            if sheet.crop_marks:
                crop_marks(c, sheet)
            c.showPage()
    save(c)
    return buf.getvalue()
