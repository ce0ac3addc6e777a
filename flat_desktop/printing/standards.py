"""The station's standard layouts: sheet sizes, positions and type sizes, as data.

Changing a standard (another card stock, a bigger name on badges) means editing these
tables, not the drawing code. Lengths are mm from the label's top-left corner; type
sizes are pt. Field names are the keys the ``render_*`` functions fill in.
"""

from __future__ import annotations

from flat_desktop.printing.layout import Sheet
from flat_desktop.printing.sheets import Slot, Template

# Worker badge: ID-card size (85.6 × 54, fits a standard badge holder), 10 per A4.
BADGE = Template(
    name="badge",
    sheet=Sheet(85.6, 54, cols=2, rows=5, left=14.4, top=7.5, gap_x=10, gap_y=3, crop_marks=True),
    slots=(
        Slot("text", "station", 4, 2.5, 77.6, 5.5, size=9),
        Slot("rule", "", 4, 8.5, 77.6, 0.3),
        Slot("text", "kana", 4, 9.5, 77.6, 5.5, size=11),
        Slot("text", "name", 4, 15, 77.6, 12, size=28, min_size=16, bold=True),
        Slot("text", "role", 4, 27.5, 77.6, 6, size=12),
        Slot("barcode", "barcode", 4, 34.5, 77.6, 17, size=8, max_dots=4),
    ),
)

# Machine and mailbox labels: A4 sticker sheet of 12 (86.4 × 42.3).
LABEL_SHEET = Sheet(86.4, 42.3, cols=2, rows=6, left=18.6, top=21.6)

MACHINE_LABEL = Template(
    name="machine_label",
    sheet=LABEL_SHEET,
    slots=(
        Slot("icon", "icon", 3, 3, 16, 16),
        Slot("text", "name", 22, 2.5, 61.4, 9.5, size=18, min_size=10, bold=True),
        Slot("text", "code", 22, 12, 61.4, 7, size=14),
        Slot("barcode", "barcode", 3, 21.5, 80.4, 18, size=8, max_dots=4),
    ),
)

MAILBOX_LABEL = Template(
    name="mailbox_label",
    sheet=LABEL_SHEET,
    slots=(
        Slot("text", "caption", 3, 2.5, 56, 5, size=9),
        Slot("text", "department", 3, 7.5, 56, 13, size=18, min_size=10, bold=True, lines=2),
        Slot("text", "mailbox", 60, 3, 23.4, 17, size=32, min_size=20, align="center", bold=True),
        Slot("barcode", "barcode", 3, 21.5, 80.4, 18, size=8, max_dots=4),
    ),
)

# Business card: 91 × 55, 10 per A4 edge to edge, crop marks for the guillotine.
BUSINESS_CARD = Template(
    name="business_card",
    sheet=Sheet(91, 55, cols=2, rows=5, left=14, top=11, crop_marks=True),
    slots=(
        Slot("text", "organisation", 6, 4.5, 79, 4.5, size=8),
        Slot("text", "department", 6, 9, 79, 8, size=7.5, lines=2),
        Slot("text", "title", 6, 17.5, 79, 4, size=7.5),
        Slot("text", "kana", 6, 22, 79, 3.5, size=7),
        Slot("text", "name", 6, 25.5, 79, 9, size=20, min_size=14, bold=True),
        Slot("text", "name_latin", 6, 34.5, 79, 4, size=7.5),
        Slot("rule", "", 6, 40, 79, 0.2),
        Slot("text", "address", 6, 41, 79, 3.5, size=6.5, min_size=5.5),
        Slot("text", "phone", 6, 44.5, 79, 3.5, size=6.5, min_size=5.5),
        Slot("text", "email", 6, 48, 79, 3.5, size=6.5, min_size=5.5),
    ),
)

# Name tag for a clip-on holder: 90 × 65, 8 per A4.
NAME_TAG = Template(
    name="name_tag",
    sheet=Sheet(90, 65, cols=2, rows=4, left=15, top=18.5, crop_marks=True),
    slots=(
        Slot("text", "department", 5, 4, 80, 9, size=13, min_size=9, lines=2),
        Slot("text", "kana", 5, 15, 80, 6, size=13, align="center"),
        Slot("text", "name", 5, 21, 80, 22, size=44, min_size=22, bold=True, align="center"),
        Slot("text", "role", 5, 46, 80, 12, size=15, align="center"),
    ),
)


def _spine(width: float, cols: int, title_size: float) -> Template:
    """A spine label ``width`` mm wide: year on top, the title written vertically, owner below."""
    pad = 2.0
    inner = width - 2 * pad
    return Template(
        name=f"spine_{width:g}",
        sheet=Sheet(width, 250, cols=cols, rows=1, left=(210 - width * cols) / 2, top=23.5),
        frame=True,
        slots=(
            Slot("text", "fiscal_year", pad, 4, inner, 8, size=12, min_size=7, align="center"),
            Slot("rule", "", pad, 13, inner, 0.3),
            Slot("text", "title", pad, 17, inner, 188, size=title_size, min_size=12, vertical=True,
                 bold=True, align="center"),
            Slot("rule", "", pad, 209, inner, 0.3),
            Slot("text", "department", pad, 211, inner, 22, size=10, min_size=6, lines=3, align="center"),
            Slot("text", "retention", pad, 236, inner, 10, size=10, min_size=6, align="center"),
        ),
    )


# File spines: 20 mm (flat files), 30 mm (standard binders), 50 mm (lever-arch files).
SPINE_LABELS: dict[str, Template] = {
    "20": _spine(20, 9, 30),
    "30": _spine(30, 6, 44),
    "50": _spine(50, 4, 60),
}

# Index tab labels: 29 × 23, 60 per A4, cut by hand along the outline.
INDEX_LABEL = Template(
    name="index_label",
    sheet=Sheet(29, 23, cols=6, rows=10, left=18, top=20, gap_y=2.7),
    frame=True,
    slots=(
        Slot("text", "number", 1.5, 1.5, 26, 9, size=20, min_size=12, bold=True, align="center"),
        Slot("text", "text", 1.5, 11, 26, 10.5, size=12, min_size=7, lines=2, align="center"),
    ),
)
