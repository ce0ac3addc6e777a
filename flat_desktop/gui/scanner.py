"""Barcode scanner input for the station window, wherever the keyboard focus is.

A USB scanner in keyboard-wedge mode "types" the code and Enter, a few milliseconds per key.
:class:`ScannerFilter` watches every key for the station window at application level, keeps
the keys of a code away from the focused widget, and emits the code once Enter arrives.
A burst of keys less than ``threshold_ms`` apart is a scan; the same keys typed slowly are
still reported (``typed=True``) so a worker can key in a code printed on a damaged label.

A Japanese input method turns a scanner's keys into full-width letters or kana, so the
station window keeps the input method off (:class:`StationWindowMixin`, :func:`disable_input_method`)
and text that does arrive as an input-method commit is taken too, folded by NFKC.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from enum import Enum, auto
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QInputMethodQueryEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QWidget

from flat_desktop.codes import normalise

DEFAULT_THRESHOLD_MS = 150.0
DEFAULT_MIN_LENGTH = 3
DEFAULT_TYPED_TIMEOUT_MS = 8000.0
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_SHORTCUT_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)

Clock = Callable[[], float]
"""Milliseconds from any fixed origin; tests pass a fake one."""


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


class _Action(Enum):
    PASS = auto()  # the key goes on to the focused widget
    ADD = auto()  # part of a code
    FINISH = auto()  # Enter (or Tab) ending a code
    BACK = auto()  # Backspace while keying a code by hand
    CANCEL = auto()  # Escape while keying a code by hand
    SWALLOW = auto()  # an auto-repeated key inside a code


class ScannerFilter(QObject):
    """Application-wide key filter for one station window.

    Created with the window as parent, installs itself on the QApplication and goes away
    with the window. Keys go to the focused widget as usual except: letters and digits (and
    anything typed while a code is being keyed) are collected, and Enter ends a collected
    code instead of pressing the focused button. A lone Enter or Space still reaches the
    focused widget, and so do Ctrl/Alt shortcuts, arrows and function keys.

    Signals: ``scanned(payload: str, typed: bool)`` — the code normalised with
    :func:`flat_desktop.codes.normalise`; ``typed`` is True when the keys came at a person's
    pace (or were too few for a scan). ``typing(text: str)`` — the code keyed so far, for the
    screen to echo while a worker types by hand ("" when it is finished or cancelled).
    """

    scanned = Signal(str, bool)
    typing = Signal(str)

    def __init__(
        self,
        window: QWidget,
        *,
        threshold_ms: float = DEFAULT_THRESHOLD_MS,
        min_length: int = DEFAULT_MIN_LENGTH,
        typed_timeout_ms: float = DEFAULT_TYPED_TIMEOUT_MS,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.threshold_ms = threshold_ms
        self.min_length = min_length
        self.typed_timeout_ms = typed_timeout_ms
        self._clock = clock or _monotonic_ms
        self._chars: list[str] = []
        self._times: list[float] = []
        self._held: set[int] = set()  # keys whose press we took: their release is ours too
        self._preedit_since: float | None = None
        # An input method may swallow the Enter that ends its commit: finish without it.
        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.timeout.connect(self._finish_commit)
        app = QApplication.instance()
        if app is None:
            raise RuntimeError("ScannerFilter needs a QApplication")
        app.installEventFilter(self)
        disable_input_method(window)

    def uninstall(self) -> None:
        """Stop listening (the filter also stops when its window is deleted)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._commit_timer.stop()
        self._clear()

    def pending(self) -> str:
        """The characters collected so far (not normalised)."""
        return "".join(self._chars)

    # -- event filter -----------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype not in (
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.InputMethod,
            QEvent.Type.InputMethodQuery,
        ):
            return False
        # Key events reach the QWindow first and are forwarded to the focus widget: act once, there.
        if not isinstance(obj, QWidget) or obj.window() is not self._window:
            return False
        if etype == QEvent.Type.InputMethodQuery:
            return self._answer_im_query(event)  # type: ignore[arg-type]
        if etype == QEvent.Type.InputMethod:
            return self._on_input_method(event)  # type: ignore[arg-type]
        assert isinstance(event, QKeyEvent)
        now = self._clock()
        if etype == QEvent.Type.KeyRelease:
            if event.key() in self._held:
                if not event.isAutoRepeat():
                    self._held.discard(event.key())
                return True
            return False
        action = self._decide(event, now)
        if etype == QEvent.Type.ShortcutOverride:
            # Accepting the override keeps a letter of a code from firing a shortcut ("H" = Help).
            if action is _Action.PASS:
                return False
            event.accept()
            return True
        if action is _Action.PASS:
            return False
        self._held.add(event.key())
        if action is _Action.ADD:
            if self._chars and now - self._times[-1] > self.typed_timeout_ms:
                self._clear()  # keys left long ago are not the start of this code (or count)
            self._chars.append(event.text())
            self._times.append(now)
            self.typing.emit(self.pending())
        elif action is _Action.FINISH:
            self._finish(now)
        elif action is _Action.BACK:
            self._chars.pop()
            self._times.pop()
            self.typing.emit(self.pending())
        elif action is _Action.CANCEL:
            self._clear()
        return True

    def _decide(self, event: QKeyEvent, now: float) -> _Action:
        """What to do with a key press; changes nothing, so a ShortcutOverride can ask first."""
        if event.modifiers() & _SHORTCUT_MODIFIERS:
            return _Action.PASS
        key, text = event.key(), event.text()
        pending = bool(self._chars) and now - self._times[-1] <= self.typed_timeout_ms
        fast = pending and now - self._times[-1] < self.threshold_ms
        if key in _ENTER or (key == Qt.Key.Key_Tab and fast):
            return _Action.FINISH if pending else _Action.PASS
        if pending and key == Qt.Key.Key_Backspace:
            return _Action.BACK
        if pending and key == Qt.Key.Key_Escape:
            return _Action.CANCEL
        if not text or not text.isprintable():
            return _Action.PASS
        if event.isAutoRepeat():
            return _Action.SWALLOW if pending else _Action.PASS
        folded = normalise(text)
        if fast:
            return _Action.ADD  # inside a burst even a space belongs to the code
        if pending:
            # Keying by hand: a space is a person pressing the focused button, not part of a code.
            return _Action.ADD if folded else _Action.PASS
        # A code starts with a letter or digit; "+", "-" and Space go to the focused widget.
        return _Action.ADD if folded.isalnum() else _Action.PASS

    def _finish(self, now: float) -> None:
        self._commit_timer.stop()
        times = [*self._times, now]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        fast = len(self._chars) >= self.min_length and all(g < self.threshold_ms for g in gaps)
        payload = normalise(self.pending())
        self._clear()
        if payload:
            self.scanned.emit(payload, not fast)

    def _clear(self) -> None:
        had = bool(self._chars)
        self._chars.clear()
        self._times.clear()
        self._preedit_since = None
        if had:
            self.typing.emit("")

    # -- input method -----------------------------------------------------------------------

    def _on_input_method(self, event: QInputMethodEvent) -> bool:
        now = self._clock()
        commit = event.commitString()
        if event.preeditString() and self._preedit_since is None:
            self._preedit_since = now
        if commit:
            # A scan commits many characters at once; spread them over the time the preedit took.
            began = self._preedit_since if self._preedit_since is not None else now
            step = (now - began) / len(commit)
            for i, char in enumerate(commit):
                self._chars.append(char)
                self._times.append(began + step * (i + 1))
            self._preedit_since = None
            self.typing.emit(self.pending())
            self._commit_timer.start(int(self.threshold_ms))
        return True

    def _finish_commit(self) -> None:
        if self._chars:
            self._finish(self._times[-1])

    def _answer_im_query(self, event: QInputMethodQueryEvent) -> bool:
        if event.queries() != Qt.InputMethodQuery.ImEnabled:
            return False
        event.setValue(Qt.InputMethodQuery.ImEnabled, False)
        event.accept()
        return True


def disable_input_method(window: QWidget) -> None:
    """Turn the input method off for ``window`` and every widget in it.

    The attribute alone is reported not to stop the Windows IME with PySide6, so the
    window should also answer ``ImEnabled`` with False (:class:`StationWindowMixin`);
    :class:`ScannerFilter` answers that query for every widget of the window.
    """
    for widget in (window, *window.findChildren(QWidget)):
        widget.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    if window.isActiveWindow():
        QGuiApplication.inputMethod().reset()
        QGuiApplication.inputMethod().update(Qt.InputMethodQuery.ImEnabled)


def raise_and_activate(window: QWidget, focus: QWidget | None = None) -> None:
    """Show, raise and activate ``window`` and give it keyboard focus.

    A window that was never activated gets no key events, so a scan would go nowhere.
    ``focus`` (or the widget that last had focus, or the window itself) takes the focus.
    """
    if window.isMinimized():
        window.showNormal()
    elif not window.isVisible():
        window.show()
    window.raise_()
    window.activateWindow()
    target = focus or window.focusWidget() or window
    target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


if TYPE_CHECKING:
    _MixinBase = QWidget
else:
    _MixinBase = object


class StationWindowMixin(_MixinBase):
    """Mix into the station window class (before the Qt class): input method off, active when shown.

    ``class StationWindow(StationWindowMixin, QMainWindow): ...``
    """

    def inputMethodQuery(self, query: Qt.InputMethodQuery) -> Any:
        if query == Qt.InputMethodQuery.ImEnabled:
            return False
        return super().inputMethodQuery(query)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        # After the show has been handled, so the window manager has a window to activate.
        QTimer.singleShot(0, self, lambda: raise_and_activate(self))
