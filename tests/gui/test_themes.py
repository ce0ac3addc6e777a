"""Theme colours: WCAG contrast maths, the 7:1 rule for every text pair and 3:1 (4.5:1 here) for every icon."""

from __future__ import annotations

import colorsys

import pytest

from flat_desktop.demo.catalog import JOB_TYPES
from flat_desktop.themes import (
    AAA_CONTRAST,
    ICON_CONTRAST,
    NON_TEXT_CONTRAST,
    THEMES,
    colour_pairs,
    contrast_ratio,
    get_theme,
    icon_colour,
    icon_pairs,
    relative_luminance,
)


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


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_icon_reaches_3_to_1_against_its_background(name: str) -> None:
    """WCAG 1.4.11: every picture the station draws, job-type icons on cards (each in its type's
    colour) included, reaches 3:1 against what it sits on; the station asks 4.5:1 of icons."""
    theme = THEMES[name]
    pairs = icon_pairs(theme, {jt.key: jt.colour for jt in JOB_TYPES})
    assert len(pairs) >= len(JOB_TYPES) + 8
    weak = {label: round(contrast_ratio(fg, bg), 2) for label, fg, bg in pairs
            if contrast_ratio(fg, bg) < ICON_CONTRAST}
    assert not weak, weak
    assert ICON_CONTRAST >= NON_TEXT_CONTRAST == 3.0


def test_an_icon_keeps_its_hue_and_a_colour_that_is_already_seen_is_kept() -> None:
    """Only the lightness moves: purple stays purple, lighter on a dark card, and a colour that
    already stands out on the card is drawn as it is."""
    dark, light = get_theme("dark"), get_theme("light")
    assert icon_colour(light, "#6A1B9A") == "#6A1B9A"
    lifted = icon_colour(dark, "#6A1B9A")
    hue = colorsys.rgb_to_hls(*(int(lifted[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0]
    assert abs(hue - colorsys.rgb_to_hls(0x6A / 255, 0x1B / 255, 0x9A / 255)[0]) < 0.02
    assert relative_luminance(lifted) > relative_luminance("#6A1B9A")
    assert icon_colour(dark, None) == dark.card_text and icon_colour(dark, "#12345") == dark.card_text


@pytest.mark.parametrize("name", sorted(THEMES))
def test_any_colour_a_supervisor_gives_a_job_type_is_seen_on_the_card(name: str) -> None:
    """Every colour of a 6×6×6 grid of the sRGB cube becomes an icon colour of 4.5:1 or more."""
    theme = THEMES[name]
    steps = range(0, 256, 51)
    weak = [c for c in (f"#{r:02X}{g:02X}{b:02X}" for r in steps for g in steps for b in steps)
            if contrast_ratio(icon_colour(theme, c), theme.card_bg) < ICON_CONTRAST]
    assert not weak
