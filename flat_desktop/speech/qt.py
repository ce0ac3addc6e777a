"""Qt speech: the QTextToSpeech engine and a bridge that brings speech callbacks to the GUI thread.

QTextToSpeech is asynchronous and belongs to the thread that created it, so it can live on
the GUI thread without freezing it. On Windows its ``winrt`` engine reaches the OneCore
voices (Japanese: Haruka, Ayumi, Ichiro) and reports each word as it is spoken
(``sayingWord``), which the station uses to highlight the word. Its ``mock`` engine runs
headless and is used in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QThread, Signal, Slot
from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

from flat_desktop.i18n import _
from flat_desktop.speech.base import (
    EngineEvents,
    EngineUnavailable,
    SpeechJob,
    SpeechListener,
    Utterance,
    Voice,
    pick_voice,
)
from flat_desktop.speech.speaker import Speaker

# Qt engines that speak through espeak-ng (Linux speech-dispatcher) cannot read kanji.
_KANA_ONLY_ENGINES = {"speechd", "flite"}


class _Invoker(QObject):
    """Runs a callable on the thread this object lives in (queued when called from elsewhere)."""

    call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.call.connect(self._run)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


class QtSpeechEngine:
    """A :class:`SpeechEngine` over ``QTextToSpeech`` (``engine``: "winrt", "sapi", "mock", ... or default).

    Create it (that is, create the :class:`Speaker`) on the GUI thread after the
    QApplication. ``speak``/``stop`` called from another thread are queued to it.
    Engine events arrive on the GUI thread: ``started`` (``aboutToSynthesize`` or the
    Speaking state), ``word`` (``sayingWord`` start and length), ``finished`` (back to
    Ready), ``error``/``failed`` (``errorOccurred``).
    """

    def __init__(self, engine: str | None = None) -> None:
        self._requested = engine or ""
        self.name = f"qt:{engine}" if engine else "qt"
        self.kana_only = engine in _KANA_ONLY_ENGINES
        self._tts: QTextToSpeech | None = None
        self._invoker: _Invoker | None = None
        self._events: EngineEvents | None = None
        self._qvoices: dict[str, QVoice] = {}
        self._voices: list[Voice] = []
        self._serial = 0  # utterance being spoken, 0 for none
        self._started = False

    def start(self, events: EngineEvents) -> None:
        tts = QTextToSpeech(self._requested) if self._requested else QTextToSpeech()
        if tts.state() == QTextToSpeech.State.Error:
            message = tts.errorString() or "QTextToSpeech error"
            tts.deleteLater()
            raise EngineUnavailable(f"{self.name}: {message}")
        self._tts = tts
        self._events = events
        self.name = f"qt:{tts.engine()}"
        self.kana_only = tts.engine() in _KANA_ONLY_ENGINES
        self._invoker = _Invoker()
        self._invoker.moveToThread(tts.thread())
        tts.aboutToSynthesize.connect(self._on_about_to_synthesize)
        tts.stateChanged.connect(self._on_state)
        tts.sayingWord.connect(self._on_word)
        tts.errorOccurred.connect(self._on_error)
        self._load_voices(tts)

    def _load_voices(self, tts: QTextToSpeech) -> None:
        seen: dict[str, QVoice] = {}
        for locale in [QLocale.c(), *tts.availableLocales()]:
            for qvoice in tts.allVoices(locale):
                seen.setdefault(f"{qvoice.name()} ({qvoice.locale().name()})", qvoice)
        self._qvoices = seen
        self._voices = [Voice(key, q.name(), q.locale().name().replace("_", "-")) for key, q in seen.items()]

    def voices(self) -> list[Voice]:
        return list(self._voices)

    def _on_thread(self, fn: Callable[[], None]) -> None:
        if self._tts is None or self._invoker is None:
            return
        if QThread.currentThread() is self._tts.thread():
            fn()
        else:
            self._invoker.call.emit(fn)

    def speak(self, job: SpeechJob) -> None:
        self._on_thread(lambda: self._speak(job))

    def _speak(self, job: SpeechJob) -> None:
        tts = self._tts
        if tts is None:
            return
        self._serial = 0  # the stop below must not count as this job finishing
        tts.stop(QTextToSpeech.BoundaryHint.Immediate)
        voice = pick_voice(self._voices, job.settings.voice, job.language)
        if voice is not None and tts.voice() != self._qvoices[voice.id]:
            tts.setVoice(self._qvoices[voice.id])
        tts.setRate(job.settings.relative_rate())
        tts.setVolume(job.settings.clamped_volume())
        self._serial, self._started = job.serial, False
        tts.enqueue(job.text)

    def stop(self) -> None:
        self._on_thread(self._stop)

    def _stop(self) -> None:
        self._serial = 0
        if self._tts is not None:
            self._tts.stop(QTextToSpeech.BoundaryHint.Immediate)

    def save_to_file(self, job: SpeechJob, path: Path) -> Future[Path]:
        future: Future[Path] = Future()
        future.set_exception(EngineUnavailable(_("This speech engine cannot save speech to a file.")))
        return future

    def shutdown(self) -> None:
        tts, self._tts = self._tts, None
        self._events = None
        if tts is not None:
            tts.stop(QTextToSpeech.BoundaryHint.Immediate)
            tts.deleteLater()
        if self._invoker is not None:
            self._invoker.deleteLater()
            self._invoker = None

    # -- QTextToSpeech signals (its thread) ----------------------------------------------

    def _begin(self) -> None:
        if self._serial and not self._started and self._events is not None:
            self._started = True
            self._events.started(self._serial)

    def _on_about_to_synthesize(self, _id: int) -> None:
        self._begin()

    def _on_state(self, state: QTextToSpeech.State) -> None:
        if state == QTextToSpeech.State.Speaking:
            self._begin()
        elif state == QTextToSpeech.State.Ready and self._serial and self._started:
            serial, self._serial = self._serial, 0
            if self._events is not None:
                self._events.finished(serial, True)

    def _on_word(self, _word: str, _id: int, start: int, length: int) -> None:
        if self._serial and self._events is not None:
            self._begin()
            self._events.word(self._serial, start, length)

    def _on_error(self, reason: QTextToSpeech.ErrorReason, message: str) -> None:
        events, serial = self._events, self._serial
        if events is None:
            return
        self._serial = 0
        if serial:
            events.finished(serial, False)
        if reason in (QTextToSpeech.ErrorReason.Initialization, QTextToSpeech.ErrorReason.Configuration):
            events.failed(message)
        else:
            events.error(_("Speech failed: {detail}").format(detail=message))


class SpeakerBridge(QObject):
    """Re-emits a :class:`Speaker`'s callbacks as Qt signals, so GUI slots run on the GUI thread.

    Signals: ``started(Utterance)``, ``word(Utterance, start, length)`` (span in
    ``utterance.text``), ``finished(Utterance, completed)``, ``error(str)``.
    Speaker callbacks come from the speech worker thread; emitting a signal there and
    receiving it in a GUI-thread object makes Qt queue the call (AutoConnection).
    Create the bridge on the GUI thread; call :meth:`detach` before deleting it.
    """

    started = Signal(object)
    word = Signal(object, int, int)
    finished = Signal(object, bool)
    error = Signal(str)

    def __init__(self, speaker: Speaker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._speaker = speaker
        self._listener = _Forward(self)
        speaker.add_listener(self._listener)

    def detach(self) -> None:
        self._speaker.remove_listener(self._listener)


class _Forward(SpeechListener):
    def __init__(self, bridge: SpeakerBridge) -> None:
        self._bridge = bridge

    def on_started(self, utterance: Utterance) -> None:
        self._bridge.started.emit(utterance)

    def on_word(self, utterance: Utterance, start: int, length: int) -> None:
        self._bridge.word.emit(utterance, start, length)

    def on_finished(self, utterance: Utterance, completed: bool) -> None:
        self._bridge.finished.emit(utterance, completed)

    def on_error(self, message: str) -> None:
        self._bridge.error.emit(message)
