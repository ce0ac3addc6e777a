"""The station window: help band, error band and one screen at a time, all driven by the controller.

Every key the focused widget does not take, and every scan, comes here and goes on to the
current screen or the controller, so nothing depends on where the focus happens to be.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from flat_desktop.gui.scanner import ScannerFilter, StationWindowMixin
from flat_desktop.gui.station.break_screen import BreakScreen
from flat_desktop.gui.station.controller import BREAK, FINISH, MY_JOBS, PRAISE, SIGN_IN, STEP, Controller
from flat_desktop.gui.station.error_banner import ErrorBanner
from flat_desktop.gui.station.finish import FinishScreen
from flat_desktop.gui.station.help_overlay import HelpOverlay
from flat_desktop.gui.station.my_jobs import MyJobsScreen
from flat_desktop.gui.station.parts import Screen
from flat_desktop.gui.station.praise import PraiseScreen
from flat_desktop.gui.station.sign_in import SIGN_IN_PT, SIGN_IN_THEME, SignInScreen
from flat_desktop.gui.station.step import StepScreen
from flat_desktop.gui.style import apply_style
from flat_desktop.gui.tasks import stop_tasks
from flat_desktop.gui.widgets import StatusStrip
from flat_desktop.i18n import _
from flat_desktop.profile import Profile
from flat_desktop.speech import Utterance
from flat_desktop.speech.qt import SpeakerBridge

STUCK_CHECK_MS = 5000
# Speech waiting for the next paint waits no longer than this when the screen does not change
# (Repeat, a refusal on the same screen).
SPEECH_WAIT_MS = 40
_SCREEN_KEYS = {
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Escape, Qt.Key.Key_Up, Qt.Key.Key_Down,
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Plus, Qt.Key.Key_Minus,
    Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F4, Qt.Key.Key_F5, Qt.Key.Key_F6,
}


class _Screens(QStackedWidget):
    """One screen at a time. Qt would ask every screen, hidden ones too, how tall it must be
    for the width (a step at 72 pt: 1800 px), and squeeze the error and help bands to make
    room: their last lines were cut off. The shown screen takes the height that is left."""

    def hasHeightForWidth(self) -> bool:
        return False


class StationWindow(StationWindowMixin, QWidget):
    def __init__(self, controller: Controller, *, scan_gap_ms: float = 150.0, idle_sign_out_s: int = 600,
                 dwell_scale: float = 1.0) -> None:
        # Calls waiting for the next paint (speech); set first, event() reads it from the first event on.
        self._after_paint: list[Callable[[], None]] = []
        super().__init__()
        self.controller = controller
        self.setWindowTitle(_("flat station"))
        self.setProperty("station", True)  # the theme's stylesheet paints windows marked so
        self.help_overlay = HelpOverlay(self)
        self.error_banner = ErrorBanner(self)
        self.stack = _Screens(self)
        self.sign_in = SignInScreen(self)
        self.my_jobs = MyJobsScreen(self)
        self.step = StepScreen(self)
        self.pause = BreakScreen(self)
        self.finish = FinishScreen(self)
        self.praise = PraiseScreen(self)
        self.screens: dict[str, Screen] = {
            SIGN_IN: self.sign_in, MY_JOBS: self.my_jobs, STEP: self.step, BREAK: self.pause,
            FINISH: self.finish, PRAISE: self.praise,
        }
        for screen in self.screens.values():
            screen.dwell_scale = dwell_scale
            # Pages hidden in the stack must not make the window taller than the screen.
            screen.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            self.stack.addWidget(screen)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.help_overlay)
        lay.addWidget(self.error_banner)
        lay.addWidget(self.stack, 1)
        # Always in view: whether the server is reached, and that the work is kept when it is not.
        self.status = StatusStrip(self)
        lay.addWidget(self.status)

        c = controller
        c.screen.connect(self._show)
        c.error.connect(self.error_banner.show_error)
        c.error_cleared.connect(self.error_banner.hide)
        c.help_changed.connect(self.help_overlay.setVisible)
        c.profile_changed.connect(self._apply_profile)
        self.my_jobs.start.connect(c.start_code)
        self.step.done.connect(c.done)
        self.step.repeat.connect(c.repeat)
        self.step.help.connect(c.call_help)
        self.step.pause.connect(c.take_break)
        self.step.trouble.connect(c.machine_trouble)
        self.step.refused.connect(lambda: c.refused(self.step.needs_scan))
        self.pause.resume.connect(c.resume)
        self.finish.spoiled_changed.connect(c.set_spoiled)
        self.praise.next.connect(c.show_jobs)

        # The word being spoken is highlighted in the step text (for workers who read slowly).
        self.voice = SpeakerBridge(c.speaker, self)
        self.voice.word.connect(self._word)
        self.voice.finished.connect(lambda _u, _done: self.step.text_label.clear_highlight())

        self.scanner = ScannerFilter(self, threshold_ms=scan_gap_ms)
        self.scanner.scanned.connect(self._scanned)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(max(10, idle_sign_out_s) * 1000)
        self._idle.timeout.connect(c.idle_timeout)
        self._stuck = QTimer(self)
        self._stuck.setInterval(STUCK_CHECK_MS)
        self._stuck.timeout.connect(c.check_stuck)
        self._stuck.start()
        self._paint_wait = QTimer(self)
        self._paint_wait.setSingleShot(True)
        self._paint_wait.setInterval(SPEECH_WAIT_MS)
        self._paint_wait.timeout.connect(self._painted)
        c.speak_when = self.after_paint
        self._apply_profile(None)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    # -- controller → screen ---------------------------------------------------------------

    def _show(self, name: str, data: Any) -> None:
        screen = self.screens[name]
        if name == MY_JOBS:
            self.my_jobs.show_jobs(data)
        elif name == STEP:
            self.step.show_step(data)
        elif name == BREAK:
            self.pause.show_job(data)
        elif name == FINISH:
            self.finish.show_job(data)
        elif name == PRAISE:
            self.praise.show_next(data)
        # No restyle here: the look follows the profile (_apply_profile), not the screen.
        self.stack.setCurrentWidget(screen)
        screen.focus_target().setFocus()
        self._touch()

    def after_paint(self, call: Callable[[], None]) -> None:
        """Run ``call`` once the window has painted what is pending (at the latest after
        SPEECH_WAIT_MS), in order: a step is read aloud once it is on view, not while drawn."""
        self._after_paint.append(call)
        if not self._paint_wait.isActive():
            self._paint_wait.start()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if self._after_paint and event.type() == QEvent.Type.UpdateRequest:
            self._painted()  # Qt has just painted the window and flushed it to the screen
        return handled

    def _painted(self) -> None:
        self._paint_wait.stop()
        calls, self._after_paint = self._after_paint, []
        for call in calls:
            call()

    def _word(self, utterance: Utterance, start: int, length: int) -> None:
        label = self.step.text_label
        if self.stack.currentWidget() is self.step and utterance.text == label.plain_text():
            label.set_highlight(start, length)

    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def _apply_profile(self, profile: Profile | None) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        if profile is None:
            apply_style(app, SIGN_IN_THEME, SIGN_IN_PT, target=self)
        else:
            apply_style(app, profile.theme, profile.text_pt, target=self)
        for screen in self.screens.values():
            screen.restyle()
        self.help_overlay.restyle()
        self.error_banner.restyle()
        self.status.updateGeometry()
        self.status.update()

    # -- input -----------------------------------------------------------------------------

    def _scanned(self, payload: str, typed: bool) -> None:
        self._touch()
        self.controller.on_scan(payload, typed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._touch()
        if not self.current().handle_key(event.key()):
            super().keyPressEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # The station's keys go to the screen whichever widget has focus: a focused button
        # would otherwise move the focus on an arrow key instead of choosing a card.
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget) or obj.window() is not self:
            return False
        self._touch()
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key not in _SCREEN_KEYS or event.isAutoRepeat():
            return event.isAutoRepeat() and key in _SCREEN_KEYS
        if self.scanner.pending():
            return False  # Enter (or a space) inside a scan belongs to the scanner
        return self.current().handle_key(key)

    def _touch(self) -> None:
        self._idle.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        stop_tasks(self)  # reads still under way report to nobody once the window is closing
        self._stuck.stop()
        self._idle.stop()
        self._paint_wait.stop()
        self._after_paint.clear()  # speech for a screen nobody will see
        self.scanner.uninstall()
        self.voice.detach()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
