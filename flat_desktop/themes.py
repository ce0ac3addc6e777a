"""Colour themes for the worker screen, as plain data (no Qt), with WCAG contrast checks.

A worker's profile names one theme: ``dark`` (high-contrast dark, the default),
``light`` or ``yellow_on_black``. Every text colour is meant to be read on the
background it is paired with in :func:`colour_pairs`, and every pair reaches 7:1
(WCAG 2.2 AAA); the focus ring and progress fill are held to the same ratio against
the window so that they are seen as easily as text. Job-type icons keep their type's hue
but are drawn light or dark enough for the card they sit on (:func:`icon_colour`).
"""

from __future__ import annotations

import colorsys
import functools
from collections.abc import Mapping
from dataclasses import dataclass, fields

AAA_CONTRAST = 7.0
NON_TEXT_CONTRAST = 3.0  # WCAG 2.2 SC 1.4.11: icons and other marks a worker must see
ICON_CONTRAST = 4.5  # the station's own bar for pictures, above WCAG's 3:1, for low vision


@dataclass(frozen=True)
class Theme:
    """Named colours (``#RRGGBB``) of one theme; widgets ask for a role, never a raw colour."""

    name: str
    window_bg: str
    text: str
    muted_text: str
    primary_bg: str  # the one main action on a screen ("Done")
    primary_text: str
    secondary_bg: str  # Repeat, Break and other side actions
    secondary_text: str
    not_ready_bg: str  # a button waiting out the minimum dwell time
    not_ready_text: str
    focus_ring: str
    progress: str
    card_bg: str
    card_text: str
    help_bg: str  # alerts and the Help (呼び出し) button
    help_text: str
    success_bg: str
    success_text: str
    error_bg: str
    error_text: str
    status_bg: str
    status_text: str
    highlight_bg: str  # the word being spoken
    highlight_text: str
    dark: bool = True


DARK = Theme(
    name="dark",
    window_bg="#000000",
    text="#FFFFFF",
    muted_text="#D6D6D6",
    primary_bg="#9FD8FF",
    primary_text="#000000",
    secondary_bg="#2B2B2B",
    secondary_text="#FFFFFF",
    not_ready_bg="#3A3A3A",
    not_ready_text="#EDEDED",
    focus_ring="#FFD600",
    progress="#9FD8FF",
    card_bg="#161616",
    card_text="#FFFFFF",
    help_bg="#FFB74D",
    help_text="#000000",
    success_bg="#9CF0AE",
    success_text="#000000",
    error_bg="#FFA8A8",
    error_text="#000000",
    status_bg="#1F1F1F",
    status_text="#FFFFFF",
    highlight_bg="#FFD600",
    highlight_text="#000000",
)

LIGHT = Theme(
    name="light",
    window_bg="#FFFFFF",
    text="#000000",
    muted_text="#3B3B3B",
    primary_bg="#003A8C",
    primary_text="#FFFFFF",
    secondary_bg="#E4E4E4",
    secondary_text="#000000",
    not_ready_bg="#DADADA",
    not_ready_text="#1A1A1A",
    focus_ring="#4A0072",
    progress="#003A8C",
    card_bg="#F3F3F3",
    card_text="#000000",
    help_bg="#FFD97A",
    help_text="#000000",
    success_bg="#C6F1CF",
    success_text="#000000",
    error_bg="#FFD0D0",
    error_text="#000000",
    status_bg="#1F1F1F",
    status_text="#FFFFFF",
    highlight_bg="#FFE45C",
    highlight_text="#000000",
    dark=False,
)

YELLOW_ON_BLACK = Theme(
    name="yellow_on_black",
    window_bg="#000000",
    text="#FFFF00",
    muted_text="#E6E600",
    primary_bg="#FFFF00",
    primary_text="#000000",
    secondary_bg="#000000",
    secondary_text="#FFFF00",
    not_ready_bg="#333300",
    not_ready_text="#FFFF99",
    focus_ring="#00FFFF",
    progress="#FFFF00",
    card_bg="#141400",
    card_text="#FFFF00",
    help_bg="#FFB000",
    help_text="#000000",
    success_bg="#7DFF7D",
    success_text="#000000",
    error_bg="#FF9C9C",
    error_text="#000000",
    status_bg="#000000",
    status_text="#FFFF00",
    highlight_bg="#00FFFF",
    highlight_text="#000000",
)

THEMES: dict[str, Theme] = {t.name: t for t in (DARK, LIGHT, YELLOW_ON_BLACK)}
DEFAULT_THEME = DARK.name


def get_theme(name: str | None) -> Theme:
    """The theme called ``name``; the default (high-contrast dark) for an unknown or empty name."""
    return THEMES.get(name or DEFAULT_THEME, THEMES[DEFAULT_THEME])


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected #RRGGBB, got {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour ``#RRGGBB`` (0 black … 1 white)."""

    def channel(c8: int) -> float:
        c = c8 / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio between two colours, 1.0 … 21.0 (order does not matter)."""
    la, lb = relative_luminance(fg), relative_luminance(bg)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def colour_pairs(theme: Theme) -> list[tuple[str, str, str]]:
    """Every (description, foreground, background) pair the theme puts on screen."""
    t = theme
    return [
        ("text on window", t.text, t.window_bg),
        ("muted text on window", t.muted_text, t.window_bg),
        ("primary button", t.primary_text, t.primary_bg),
        ("secondary button", t.secondary_text, t.secondary_bg),
        ("not-ready button", t.not_ready_text, t.not_ready_bg),
        ("card", t.card_text, t.card_bg),
        ("help / alert", t.help_text, t.help_bg),
        ("success", t.success_text, t.success_bg),
        ("error", t.error_text, t.error_bg),
        ("status bar", t.status_text, t.status_bg),
        ("spoken word highlight", t.highlight_text, t.highlight_bg),
        ("focus ring on window", t.focus_ring, t.window_bg),
        ("focus ring on card", t.focus_ring, t.card_bg),
        ("progress on window", t.progress, t.window_bg),
        ("progress on not-ready button", t.progress, t.not_ready_bg),
    ]


def failing_pairs(theme: Theme, minimum: float = AAA_CONTRAST) -> list[tuple[str, float]]:
    """The pairs of ``theme`` below ``minimum`` contrast, with their ratio; empty when all pass."""
    return [
        (label, round(contrast_ratio(fg, bg), 2))
        for label, fg, bg in colour_pairs(theme)
        if contrast_ratio(fg, bg) < minimum
    ]


def colour_roles() -> list[str]:
    """Names of the colour fields of :class:`Theme` (for editors and checks)."""
    return [f.name for f in fields(Theme) if f.name not in ("name", "dark")]


@functools.lru_cache(maxsize=256)
def icon_colour(theme: Theme, colour: str | None) -> str:
    """The colour a job type's icon is drawn in on a card of ``theme``.

    A job type has its own colour (purple for enclosing, say) so that workers know it at a
    glance, but those colours are mid-tones that vanish on a dark card (the camera was 1.8:1).
    Here the hue stays and the lightness moves away from the card (lighter on a dark theme,
    darker on a light one) until the icon reaches :data:`ICON_CONTRAST` against the card.
    Without a colour, or with one that is not ``#RRGGBB``, the card's text colour.
    """
    try:
        r, g, b = _rgb(colour or "")
    except ValueError:
        return theme.card_text
    hue, light, sat = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
    step = 0.01 if theme.dark else -0.01
    shown = colour or theme.card_text
    while contrast_ratio(shown, theme.card_bg) < ICON_CONTRAST:
        light = min(1.0, max(0.0, light + step))
        shown = "#" + "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light, sat))
        if light in (0.0, 1.0):
            break  # white or black: as far from the card as a colour gets
    return shown.upper()


def icon_pairs(theme: Theme, type_colours: Mapping[str, str | None] | None = None) -> list[tuple[str, str, str]]:
    """Every (description, icon colour, background) pair of the station's pictures in ``theme``:
    job-type icons on cards (``type_colours``: job type → its colour) and the one-colour icons
    of screens, bands and buttons."""
    t = theme
    return [
        *((f"{key} icon on card", icon_colour(t, colour), t.card_bg) for key, colour in (type_colours or {}).items()),
        ("screen icon on window", t.text, t.window_bg),
        ("chosen-card hand", t.focus_ring, t.card_bg),
        ("error icon", t.error_text, t.error_bg),
        ("help icon", t.help_text, t.help_bg),
        ("primary button icon", t.primary_text, t.primary_bg),
        ("secondary button icon", t.secondary_text, t.secondary_bg),
        ("help button icon", t.help_text, t.help_bg),
        ("waiting button icon", t.not_ready_text, t.not_ready_bg),
        ("status strip icon", t.status_text, t.status_bg),
    ]
