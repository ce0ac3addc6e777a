"""A small live picture of the worker station in a profile's theme and text size.

The real station step screen is built once off screen and drawn into a picture, scaled
down to fit. Custom-painted station widgets read the theme from module state in
``gui.style``; that state is switched to the preview's profile only while the picture is
drawn and then put back, so the console's own look never changes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from flat_desktop.gui import style
from flat_desktop.gui.station.step import StepScreen
from flat_desktop.i18n import _
from flat_desktop.profile import Profile
from flat_desktop.services.views import JobView, StepView
from flat_desktop.station.context import StepContext
from flat_desktop.themes import get_theme

STATION_SIZE = QSize(1920, 1080)  # the station PCs' screen: the preview keeps its proportions
PICTURE_SIZE = QSize(576, 324)
DEBOUNCE_MS = 120


def sample_step(info_only: bool = False) -> StepContext:
    """A typical enclosing step with kanji and readings, as the station would show it."""
    step = StepView(position=2, title=_("Fold the letters"),
                    text="{封筒|ふうとう}に{書類|しょるい}を{入|い}れて、のりで{閉|と}じます。",
                    reading="", picture=None, icon="fa6s.envelope", kind="plain", machine_type=None, target=None,
                    expected_code=None, min_dwell_s=None, info_only=info_only, state="current", done_at=None,
                    count_done=None, machine=None, prompt_level=None)
    job = JobView(code="J-000000-001", type="enclosing", type_name=_("Enclosing / sealing"), type_icon="fa6s.envelope",
                  type_colour="#000000", unit="", title=_("Notices to the tax office"), status="in_progress",
                  assignee=None, current_step=2, steps_total=5, quantity=200, due=None, priority=0,
                  confidential=False, machine_in_use=None, version=1, route=None, started_at=None, finished_at=None)
    return StepContext(job=job, step=step, prompt_level="full", machine_running=False, dwell_ms=0, confirm=False,
                       auto_advance_s=None, furigana=True, pictures=True)


class ProfilePreview(QWidget):
    """Call :meth:`show_profile` whenever a field changes; the picture follows a moment later."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = Profile()
        self.theme = get_theme(str(self.profile.theme))
        self.pixmap = QPixmap()
        # The station screen lives in its own window that is never on screen (owned by the preview,
        # so it goes when the preview goes).
        self.stage = QWidget(self, Qt.WindowType.Window)
        self.stage.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.stage.setProperty("station", "true")
        self.stage.setFixedSize(STATION_SIZE)
        self.step_screen = StepScreen(self.stage)
        self.step_screen.dwell_scale = 0
        self._stage_layout = QVBoxLayout(self.stage)
        self._stage_layout.setContentsMargins(0, 0, 0, 0)
        self._stage_layout.addWidget(self.step_screen)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed 0.3 scale of the station's screen: proportions (how much fits on a line) stay true.
        self.picture.setFixedSize(PICTURE_SIZE)
        self.picture.setAccessibleName(_("Preview of the station screen"))
        self.caption = QLabel("")
        self.caption.setWordWrap(True)
        self.caption.setMaximumWidth(PICTURE_SIZE.width())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.picture, 1)
        lay.addWidget(self.caption)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.setAccessibleName(_("Preview of the station screen"))

    def show_profile(self, profile: Profile, *, now: bool = False) -> None:
        self.profile = profile
        if now:
            self.refresh()
        else:
            self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        p = self.profile
        self.theme = get_theme(str(p.theme))
        pt = style.clamp_worker_pt(p.text_pt)
        ctx = sample_step()
        ctx = StepContext(ctx.job, ctx.step, "full", False, 0, p.confirm_done, None, p.furigana, p.pictures)
        with style.borrowed_look(self.theme, pt):
            # The same palette, font and sheet that apply_style gives the station window.
            self.stage.setPalette(style.build_palette(self.theme))
            self.stage.setFont(style.station_font(pt))
            self.stage.setStyleSheet(style.build_stylesheet(self.theme, pt))
            self.stage.setAutoFillBackground(True)
            self.step_screen.show_step(ctx)
            self.step_screen.restyle()  # the borrowed look's fonts and colours
            if not self.stage.isVisible():
                self.stage.show()
            # Nested layouts (the scrolling step text) settle only through posted layout requests.
            for _round in range(3):
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                self._stage_layout.activate()
            self.pixmap = self.stage.grab()
        self._scale()
        text = _("{theme}, {pt} pt. Furigana: {furigana}. Pictures: {pictures}. Speech: {speech}.").format(
            theme=theme_name(str(p.theme)), pt=pt, furigana=on_off(p.furigana), pictures=on_off(p.pictures),
            speech=on_off(p.speech))
        self.caption.setText(text)
        self.picture.setAccessibleDescription(text)

    def _scale(self) -> None:
        if self.pixmap.isNull():
            return
        size = self.picture.size()
        self.picture.setPixmap(self.pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    def text_point_size(self) -> float:
        """The step text's size in the picture (for tests and the caption)."""
        return self.step_screen.text_label.font().pointSizeF()


def on_off(value: bool) -> str:
    return _("on") if value else _("off")


def theme_name(key: str) -> str:
    names = {"dark": _("White on black"), "light": _("Black on white"), "yellow_on_black": _("Yellow on black")}
    return names.get(key, key)
