"""Japanese line breaking and fitting used by every document."""

from __future__ import annotations

from flat_desktop.printing import text


def test_closing_punctuation_never_starts_a_line() -> None:
    """Kinsoku: '。' and '）' are pulled onto the previous line's end by moving a character down."""
    size = 10.0
    room = text.width("あいうえお", size)
    for sample in ("あいうえお。かき", "あいうえお）かき"):
        lines = text.wrap(sample, size, room)
        assert all(line[0] not in "。）" for line in lines), lines
        assert "".join(lines) == sample


def test_breaks_at_spaces_only_when_it_costs_no_line() -> None:
    """'総務部 人事課' breaks at the space; a long title keeps filling its lines."""
    size = 10.0
    assert text.wrap("総務部 人事課", size, text.width("総務部 人事", size)) == ["総務部", "人事課"]
    title = "令和8年度 固定資産税 課税明細書の封入"
    lines = text.wrap(title, size, text.width("令和8年度 固定資産税 課税", size))
    assert len(lines) == 2


def test_cut_text_ends_with_ellipsis() -> None:
    """Text cut to ``max_lines`` ends in '…' and each line fits."""
    size = 12.0
    room = 100.0
    lines = text.wrap("長い" * 50, size, room, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text.width(line, size) <= room for line in lines)


def test_fit_size_shrinks_but_not_below_minimum() -> None:
    """A long name shrinks to fit its box, but never below the minimum size."""
    name = "長谷川 健太郎"
    room = text.width(name, 20) / 2
    assert text.width(name, text.fit_size(name, 20, 8, room)) <= room
    assert text.fit_size(name, 20, 15, room) == 15
