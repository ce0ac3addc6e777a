"""Theme colours: WCAG contrast maths and the 7:1 rule for every pair of every theme."""

from __future__ import annotations

import pytest

from flat_desktop.themes import AAA_CONTRAST, THEMES, colour_pairs, contrast_ratio, get_theme


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    """Black on white is 21:1, a colour on itself 1:1, and the order of the pair does not matter."""
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#767676") == contrast_ratio("#767676", "#FFFFFF")


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_pair_in_every_theme_is_at_least_7_to_1(name: str) -> None:
    """WCAG 2.2 AAA: each text/background pair (and focus ring, progress) reaches 7:1."""
    pairs = colour_pairs(THEMES[name])
    assert len(pairs) >= 11
    weak = {label: round(contrast_ratio(fg, bg), 2) for label, fg, bg in pairs if contrast_ratio(fg, bg) < 7}
    assert not weak, weak
    assert AAA_CONTRAST == 7.0


def test_the_three_themes_exist_and_unknown_names_fall_back_to_dark() -> None:
    """Profiles name dark, light or yellow_on_black; a bad name never leaves the screen unstyled."""
    assert set(THEMES) == {"dark", "light", "yellow_on_black"}
    assert get_theme("nonsense").name == "dark"
    assert get_theme(None).name == "dark"
