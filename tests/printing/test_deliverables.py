"""Business cards, name tags, spine and index labels: standard layouts filled with order data."""

from __future__ import annotations

import itertools

import pypdfium2 as pdfium
import pytest

from flat_desktop.printing import (
    render_business_cards,
    render_index_labels,
    render_name_tags,
    render_spine_labels,
    samples,
    standards,
)
from flat_desktop.printing.layout import A4

from .pdfcheck import page_count, page_texts


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    doc = pdfium.PdfDocument(pdf)
    w, h = doc[0].get_size()
    doc.close()
    return round(w / 72 * 25.4), round(h / 72 * 25.4)


def test_business_cards_ten_per_a4() -> None:
    """Ten 91 × 55 mm cards fit one A4 sheet; 25 cards take three sheets; all fields are text."""
    sheet = standards.BUSINESS_CARD.sheet
    assert (sheet.label_w, sheet.label_h, sheet.per_page) == (91, 55, 10)
    card = samples.business_card()
    assert page_count(render_business_cards(card, 10)) == 1
    pdf = render_business_cards(card, 25)
    assert page_count(pdf) == 3
    assert page_size_mm(pdf) == (210, 297)
    text = page_texts(pdf)[0]
    for expected in ("高橋 美咲", "たかはし みさき", "Misaki Takahashi", "埼玉県", "主事", "TEL 048-830-0000",
                     "E-mail a0000-00@pref.saitama.lg.jp", "スマートステーション担当"):
        assert expected in text
    assert text.count("高橋 美咲") == 10


def test_every_standard_sheet_fits_a4() -> None:
    """Each standard sheet's labels lie inside the A4 page with at least 5 mm to spare for marks."""
    templates = [standards.BADGE, standards.MACHINE_LABEL, standards.MAILBOX_LABEL, standards.BUSINESS_CARD,
                 standards.NAME_TAG, standards.INDEX_LABEL, *standards.SPINE_LABELS.values()]
    for t in templates:
        s = t.sheet
        right = s.left + s.cols * s.label_w + (s.cols - 1) * s.gap_x
        bottom = s.top + s.rows * s.label_h + (s.rows - 1) * s.gap_y
        assert s.left >= 5 and s.top >= 5 and A4[0] - right >= 5 and A4[1] - bottom >= 5, t.name
        for slot in t.slots:
            assert slot.x + slot.w <= s.label_w + 1e-9 and slot.y + slot.h <= s.label_h + 1e-9, (t.name, slot)


def test_name_tags() -> None:
    """Nine name tags take two sheets of eight; names and kana are Japanese text."""
    pdf = render_name_tags(samples.name_tags())
    assert page_count(pdf) == 2
    text = page_texts(pdf)[0]
    assert "長谷川 健太郎" in text
    assert "はせがわ けんたろう" in text


@pytest.mark.parametrize("spine", sorted(standards.SPINE_LABELS))
def test_spine_labels_write_the_title_vertically(spine: str) -> None:
    """Every spine width prints year, title, department and retention; the title runs top to bottom."""
    pdf = render_spine_labels(samples.spine_labels(), spine_mm=spine)
    assert page_count(pdf) == 1
    doc = pdfium.PdfDocument(pdf)
    textpage = doc[0].get_textpage()
    chars = [(textpage.get_text_range(i, 1), textpage.get_charbox(i)) for i in range(textpage.count_chars())]
    chars = [(ch, box) for ch, box in chars if ch not in "\r\n"]  # line breaks the extractor inserted
    text = textpage.get_text_range()
    textpage.close()
    doc.close()
    assert "令和8年度" in text and "保存期間 5年" in text and "環境部" in text
    title = "廃棄物処理計画"
    start = "".join(ch for ch, _ in chars).index(title[0])
    placed = chars[start : start + len(title)]
    assert "".join(ch for ch, _ in placed) == title
    tops = [box[3] for _, box in placed]
    centres = [(box[0] + box[2]) / 2 for _, box in placed]
    assert all(a > b for a, b in itertools.pairwise(tops))  # each character below the last
    assert max(centres) - min(centres) < 3  # in one column (points)


def test_unknown_spine_width_is_refused() -> None:
    """Asking for a spine width that is not a standard fails with the list of standard widths."""
    with pytest.raises(ValueError, match="20, 30, 50"):
        render_spine_labels(samples.spine_labels(), spine_mm="40")


def test_index_labels() -> None:
    """Twelve month tabs print on one sheet with their numbers and names."""
    pdf = render_index_labels(samples.index_labels())
    assert page_count(pdf) == 1
    text = page_texts(pdf)[0]
    assert "12月" in text and "01" in text
