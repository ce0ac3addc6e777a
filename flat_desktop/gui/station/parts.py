"""Small pieces every station screen shares: the screen base class, icons and big labels."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleInterface, QColor, QFont, QPalette
from PySide6.QtWidgets import QAccessibleWidget, QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from flat_desktop.gui.glyphs import icon_pixmap
from flat_desktop.gui.style import current_text_pt, current_theme
from flat_desktop.gui.widgets.furigana import FuriganaLabel
from flat_desktop.gui.widgets.phrase_label import PhraseLabel
from flat_desktop.i18n import _

if TYPE_CHECKING:
    from flat_desktop.gui.widgets import BigButton

ACTION_MAX_PT = 36  # side buttons stop growing here so four always fit in one row at 72 pt
COUNTER_MAX_PT = 28  # a counter's number is drawn several times larger than this
# Lines beside the step's own words (what the station said, a countdown, help on the way) stop
# growing here: at 72 pt, wrapped, they pushed the step out of view.
NOTE_MAX_PT = 40


class Screen(QWidget):
    """A page of the station window. ``handle_key`` gets keys the focused widget did not take.

    Signal ``help()``: the worker asked for a supervisor (every screen after sign-in has the
    Help button, :func:`help_button`, and F3)."""

    name = "screen"
    dwell_scale = 1.0  # the window sets it; tests use 0 so no press waits on a clock
    furigana = True  # the signed-in worker's profile says; the window sets it before restyle()
    help = Signal()

    def handle_key(self, key: int) -> bool:
        return False

    def focus_target(self) -> QWidget:
        return self

    def restyle(self) -> None:
        """The profile changed: fonts and icons follow the new theme and size."""


class Decoration(QLabel):
    """A picture beside words that say the same (the badge over "scan your badge"): screen
    readers skip it, as they skip an image marked presentational on a web page, instead of
    stopping on a graphic without a name."""


class _Skipped(QAccessibleWidget):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.Graphic)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.invisible = True  # assistive technology leaves out what is marked invisible
        return state

    def text(self, kind: QAccessible.Text) -> str:
        return ""


def _accessible(key: str, obj: QObject) -> QAccessibleInterface | None:
    if key == "Decoration" and isinstance(obj, Decoration):
        return _Skipped(obj)
    return None


@functools.cache
def _skip_decorations() -> None:
    QAccessible.installFactory(_accessible)


def icon_label(name: str, px: int, colour: str | None = None, parent: QWidget | None = None, *,
               says: str = "") -> QLabel:
    """A picture; ``says`` is what it shows, for a screen reader ("Enclosing / sealing"). Without
    it the picture is a :class:`Decoration` and screen readers skip it."""
    if says:
        label = QLabel(parent)
        label.setAccessibleName(says)
    else:
        _skip_decorations()
        label = Decoration(parent)
    set_icon(label, name, px, colour)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def set_icon(label: QLabel, name: str, px: int, colour: str | None = None) -> None:
    colour = colour or current_theme().text
    key = f"{name} {px} {colour}"
    if label.property("station_icon") == key:
        return  # the same picture again: no new pixmap, no new layout
    label.setProperty("station_icon", key)
    label.setFixedSize(px, px)
    label.setPixmap(icon_pixmap(name, px, colour))


def big_label(text: str, scale: float = 1.0, *, bold: bool = False, muted: bool = False,
              parent: QWidget | None = None) -> PhraseLabel:
    """Station text that wraps by phrase, never below 24 pt."""
    label = PhraseLabel(text, parent)
    label.setProperty("station_scale", scale)
    label.setProperty("station_bold", bold)
    if muted:
        label.setProperty("muted", True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    scale_font(label)
    return label


def ruby_label(markup: str, scale: float = 1.0, *, bold: bool = False, muted: bool = False,
               parent: QWidget | None = None) -> FuriganaLabel:
    """A big label whose words with kanji carry furigana (ruby markup, see flat_desktop.ruby)."""
    label = FuriganaLabel(markup, parent)
    label.setProperty("station_scale", scale)
    label.setProperty("station_bold", bold)
    label.setProperty("muted", muted)
    scale_font(label)
    ink(label)
    return label


def ink(label: FuriganaLabel, colour: str | None = None) -> None:
    """A furigana label's colour: it paints itself, so a stylesheet's QLabel colours miss it."""
    t = current_theme()
    theme_text(label)
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(colour or (t.muted_text if label.property("muted")
                                                                  else t.text)))
    label.setPalette(pal)


def scale_font(label: QWidget) -> None:
    scale = float(label.property("station_scale") or 1.0)
    font = QFont(label.font())
    font.setPointSizeF(max(24.0, current_text_pt() * scale))
    font.setBold(bool(label.property("station_bold")))
    label.setFont(font)


def capped_font(widget: QWidget, cap: int = ACTION_MAX_PT) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(max(24, min(cap, current_text_pt())))
    widget.setFont(font)


def help_button(screen: Screen) -> BigButton:
    """The same Help / よびだし button (F3) on every screen after sign-in, wired to ``screen.help``."""
    from flat_desktop.gui.widgets import BigButton, ButtonRole

    button = BigButton(_("Help"), "fa6s.bell", "F3", role=ButtonRole.HELP, description=_("Call a supervisor"),
                       parent=screen)
    button.clicked.connect(screen.help)
    return button


def press(button: BigButton) -> None:
    """A key press on a screen's main button, the way the button itself takes Enter."""
    if button.is_ready():
        button.click()
    else:
        button.refused.emit()


def scroller(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """Long text at 72 pt scrolls inside the screen instead of pushing the buttons off it."""
    area = QScrollArea(parent)
    # The area sizes its page by height-for-width; without an explicit minimum the layout's
    # sum of narrowest-case label heights would show a scroll bar on a page that fits.
    content.setMinimumHeight(1)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
    content.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    return area


def theme_text(widget: QWidget) -> None:
    """Give a custom-painted text widget the current theme's colours.

    Inside a scroll area the palette from the window's stylesheet does not always reach
    it after a theme change, which left dark text on a dark page.
    """
    t = current_theme()
    pal = widget.palette()
    for role, colour in ((QPalette.ColorRole.WindowText, t.text), (QPalette.ColorRole.Text, t.text),
                         (QPalette.ColorRole.Highlight, t.highlight_bg),
                         (QPalette.ColorRole.HighlightedText, t.highlight_text)):
        pal.setColor(role, QColor(colour))
    widget.setPalette(pal)
    widget.update()
