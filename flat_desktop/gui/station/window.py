"""The station window: help band, error band and one screen at a time, all driven by the station flow.

Every key the focused widget does not take, and every scan, comes here and goes on to the
current screen or the flow, so nothing depends on where the focus happens to be.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from flat_desktop.gui.scanner import ScannerFilter, StationWindowMixin
from flat_desktop.gui.station.break_screen import BreakScreen
from flat_desktop.gui.station.error_banner import ErrorBanner
from flat_desktop.gui.station.finish import FinishScreen
from flat_desktop.gui.station.help_overlay import HelpOverlay
from flat_desktop.gui.station.my_jobs import MyJobsScreen
from flat_desktop.gui.station.parts import Screen
from flat_desktop.gui.station.praise import PraiseScreen
from flat_desktop.gui.station.relay import FlowRelay
from flat_desktop.gui.station.sign_in import SIGN_IN_PT, SIGN_IN_THEME, SignInScreen
from flat_desktop.gui.station.speech_notice import SpeechNotice
from flat_desktop.gui.station.step import StepScreen
from flat_desktop.gui.station.unlock import UnlockPanel
from flat_desktop.gui.style import apply_style
from flat_desktop.gui.tasks import stop_tasks
from flat_desktop.gui.widgets import StatusStrip
from flat_desktop.i18n import _
from flat_desktop.profile import Profile
from flat_desktop.services import pictures
from flat_desktop.services.kiosk import UnlockCheck
from flat_desktop.speech import Utterance
from flat_desktop.speech.qt import SpeakerBridge
from flat_desktop.station.context import State
from flat_desktop.station.flow import StationFlow

STUCK_CHECK_MS = 5000
# Speech waiting for the next paint waits no longer than this when the screen does not change
# (Repeat, a refusal on the same screen).
SPEECH_WAIT_MS = 40
_SCREEN_KEYS = {
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Escape, Qt.Key.Key_Up, Qt.Key.Key_Down,
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Plus, Qt.Key.Key_Minus,
    Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F4, Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_Asterisk,
}


class _Screens(QStackedWidget):
    """One screen at a time. Qt would ask every screen, hidden ones too, how tall it must be
    for the width (a step at 72 pt: 1800 px), and squeeze the error and help bands to make
    room: their last lines were cut off. The shown screen takes the height that is left."""

    def hasHeightForWidth(self) -> bool:
        return False


class StationWindow(StationWindowMixin, QWidget):
    """With ``unlock`` the window is a kiosk: Alt+F4 and the window's close are refused and bring
    up the unlock panel, which a supervisor's badge and PIN open; ``close_requested`` then ends
    the program. Without it the window closes as any other (development, the demo, tests)."""

    close_requested = Signal()

    def __init__(self, flow: StationFlow, relay: FlowRelay, *, scan_gap_ms: float = 150.0, idle_sign_out_s: int = 600,
                 dwell_scale: float = 1.0, unlock: UnlockCheck | None = None) -> None:
        # Calls waiting for the next paint (speech); set first, event() reads it from the first event on.
        self._after_paint: list[Callable[[], None]] = []
        super().__init__()
        self.flow = flow
        self.kiosk = unlock is not None
        self.closing_allowed = unlock is None
        self.setWindowTitle(_("flat station"))
        self.setProperty("station", True)  # the theme's stylesheet paints windows marked so
        self.help_overlay = HelpOverlay(self)
        self.error_banner = ErrorBanner(self)
        self.stack = _Screens(self)
        self.sign_in = SignInScreen(self)
        self.my_jobs = MyJobsScreen(self)
        self.step = StepScreen(self)
        self.step.picture_source = lambda sha: pictures.data(flow.db, sha)
        self.pause = BreakScreen(self)
        self.finish = FinishScreen(self)
        self.praise = PraiseScreen(self)
        self.screens: dict[State, Screen] = {
            State.SIGN_IN: self.sign_in, State.MY_JOBS: self.my_jobs, State.STEP: self.step,
            State.BREAK: self.pause, State.FINISH: self.finish, State.PRAISE: self.praise,
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
        self.unlock: UnlockPanel | None = None
        if unlock is not None:
            self.unlock = UnlockPanel(unlock, self)
            self.unlock.said.connect(self._say_unlock)
            self.unlock.left.connect(self._unlock_left)
            self.unlock.closing.connect(self._close_station)
            lay.addWidget(self.unlock, 1)
        self.speech_notice = SpeechNotice(self)
        lay.addWidget(self.speech_notice)
        # Always in view: whether the server is reached, and that the work is kept when it is not.
        self.status = StatusStrip(self)
        lay.addWidget(self.status)

        relay.screen.connect(self._show)
        relay.error_shown.connect(self.error_banner.show_error)
        relay.error_hidden.connect(self.error_banner.hide)
        relay.help_shown.connect(self.help_overlay.set_open)
        relay.help_answer.connect(self.help_overlay.answered)
        relay.nudged.connect(self.step.show_nudge)
        self.help_overlay.on_view.connect(self.step.hold_nudge)
        relay.speech_note.connect(self.speech_notice.set_message)
        relay.profile_set.connect(self._apply_profile)
        relay.count_shown.connect(self.step.counter.set_value)
        relay.question.connect(self.step.ask_short)
        c = flow
        self.my_jobs.start.connect(c.start_code)
        self.step.done.connect(c.done)
        self.step.repeat.connect(c.repeat)
        self.step.help.connect(c.call_help)
        self.step.pause.connect(c.take_break)
        self.step.trouble.connect(c.machine_trouble)
        self.step.refused.connect(c.refused)
        self.step.confirm_shown.connect(c.confirm_asked)
        self.step.target_reached.connect(c.target_reached)
        self.step.counted.connect(c.count_changed)
        self.step.short_ok.connect(lambda n: c.done(n, short_ok=True))
        self.pause.resume.connect(c.resume)
        self.finish.spoiled_changed.connect(c.set_spoiled)
        self.praise.next.connect(c.show_jobs)
        for screen in (self.my_jobs, self.pause, self.finish, self.praise):
            screen.help.connect(c.call_help)  # Help on every screen after sign-in, not only on a step

        # The word being spoken is highlighted in the step text (for workers who read slowly).
        self.voice = SpeakerBridge(c.speaker, self)
        self.voice.word.connect(self._word)
        # Speech callbacks come from the engine's thread: window slots run them on this one.
        self.voice.finished.connect(self._spoken)
        self.voice.error.connect(self._speech_failed)

        self.scanner = ScannerFilter(self, threshold_ms=scan_gap_ms)
        self.scanner.scanned.connect(self._scanned)
        self.scanner.typing.connect(self._typing)  # a number keyed for the counter (or a PIN), as it is typed
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

    # -- flow → screen ---------------------------------------------------------------

    def _show(self, name: State, data: Any) -> None:
        screen = self.screens[name]
        if name == State.MY_JOBS:
            self.my_jobs.show_jobs(data)
        elif name == State.STEP:
            self.step.show_step(data)
        elif name == State.BREAK:
            self.pause.show_job(data)
        elif name == State.FINISH:
            self.finish.show_job(data)
        elif name == State.PRAISE:
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

    def _spoken(self, _utterance: Utterance, completed: bool) -> None:
        self.step.text_label.clear_highlight()
        if completed:
            self.flow.speech_works()

    def _speech_failed(self, message: str) -> None:
        # Shown on the station and told to supervisors, once (no sound device, no voice).
        self.flow.speech_failed(message)

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
            screen.furigana = profile.furigana if profile is not None else True
            screen.restyle()
        self.help_overlay.restyle()
        self.error_banner.restyle()
        self.speech_notice.restyle()
        self.status.updateGeometry()
        self.status.update()

    # -- input -----------------------------------------------------------------------------

    def _scanned(self, payload: str, typed: bool) -> None:
        self._touch()
        if self.unlocking():
            assert self.unlock is not None
            self.unlock.scanned(payload, typed)
            return
        self.flow.on_scan(payload, typed)

    def _typing(self, text: str) -> None:
        if self.unlocking():
            assert self.unlock is not None
            self.unlock.typing(text)
        else:
            self.step.show_typing(text)

    # -- kiosk ------------------------------------------------------------------------------

    def unlocking(self) -> bool:
        return self.unlock is not None and self.unlock.isVisible()

    def ask_to_close(self) -> None:
        """Someone tried to leave a kiosk station: the unlock panel, in place of the screen."""
        if self.unlock is None or self.unlocking():
            return
        self.flow.journal.write("kiosk", what="close_refused")
        self.stack.hide()
        self.unlock.begin()

    def _unlock_left(self) -> None:
        self.flow.journal.write("kiosk", what="back_to_work")
        self.stack.show()
        self.current().focus_target().setFocus()

    def _say_unlock(self, text: str) -> None:
        self.flow.journal.write("kiosk", what="said", text=text)
        self.flow.say(text, force=True)

    def _close_station(self) -> None:
        """A supervisor chose to close the station: the worker signed in is signed out first."""
        self.flow.journal.write("kiosk", what="closed_by_supervisor")
        if self.flow.actor is not None:
            self.flow.sign_out("station_closed")
        self.closing_allowed = True
        self.close_requested.emit()
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._touch()
        if self.unlocking():
            assert self.unlock is not None
            self.unlock.handle_key(event.key())
            return
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
        if key == Qt.Key.Key_F4 and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            # Alt+F4 is the window's close, never F4's break; a kiosk refuses it (ask_to_close).
            if self.kiosk:
                self.ask_to_close()
                return True
            return False
        if self.unlocking():
            assert self.unlock is not None
            if key not in _SCREEN_KEYS or event.isAutoRepeat() or self.scanner.pending():
                return False  # digits of the PIN and a badge's keys go to the scanner filter
            return self.unlock.handle_key(key)
        if key not in _SCREEN_KEYS or event.isAutoRepeat():
            return event.isAutoRepeat() and key in _SCREEN_KEYS
        if self.scanner.pending():
            return False  # Enter (or a space) inside a scan belongs to the scanner
        return self.current().handle_key(key)

    def _touch(self) -> None:
        self._idle.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.closing_allowed:
            event.ignore()  # a kiosk: only a supervisor closes it (the unlock panel)
            self.ask_to_close()
            return
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
