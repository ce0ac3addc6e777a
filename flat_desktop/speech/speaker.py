"""The speech service the application talks to: a queue in front of one engine."""

from __future__ import annotations

import functools
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from flat_desktop import japanese
from flat_desktop.i18n import _
from flat_desktop.speech.base import (
    EngineUnavailable,
    SpeechEngine,
    SpeechJob,
    SpeechListener,
    SpeechSettings,
    Utterance,
    Voice,
)
from flat_desktop.speech.null import NullEngine

log = logging.getLogger(__name__)

_Notice = Callable[[], None]


class Speaker:
    """Says utterances one after another through one engine, never blocking the caller.

    ``say(u)`` interrupts what is being said (a new step replaces the old one);
    ``say(u, interrupt=False)`` queues behind it. ``repeat()`` says the last group of
    utterances again (the last interrupting ``say`` and whatever was queued after it).
    ``cancel()`` stops and empties the queue. ``settings`` (the signed-in worker's voice,
    rate, volume, on/off) apply from the next utterance.

    If the engine cannot start or dies, the service switches to :class:`NullEngine`
    and reports "no speech engine" once; the application carries on silently.

    Listener callbacks (see :class:`SpeechListener`): ``on_started``, ``on_word``,
    ``on_finished``, ``on_error`` -- called on the engine's thread, outside any lock.
    Errors raised before any listener is added are given to the first one added.
    """

    def __init__(self, engine: SpeechEngine, language: str = "ja", settings: SpeechSettings | None = None) -> None:
        self._lock = threading.RLock()
        self._language = language
        self._settings = settings or SpeechSettings()
        self._listeners: list[SpeechListener] = []
        self._unheard: list[str] = []
        self._reported: set[str] = set()
        self._serial = 0
        self._current: tuple[int, Utterance] | None = None
        self._pending: deque[Utterance] = deque()
        self._last: list[Utterance] = []
        self._retired: list[SpeechEngine] = []
        self._closed = False
        self._engine: SpeechEngine = engine
        try:
            engine.start(_Events(self, engine))
        except Exception as exc:  # an engine must never stop the station from starting
            self._run(self._degrade(engine, str(exc)))
            return
        if engine.kana_only:
            # The analyser that gives this voice its kana takes a quarter of a second to load:
            # load it now, beside start-up, not when the first sentence is waited for.
            threading.Thread(target=japanese.warm_up, name="kana-warm-up", daemon=True).start()

    # -- state -------------------------------------------------------------------------

    @property
    def engine_name(self) -> str:
        return self._engine.name

    @property
    def available(self) -> bool:
        """False when the service has fallen back to silence."""
        return not isinstance(self._engine, NullEngine)

    @property
    def kana_only(self) -> bool:
        return self._engine.kana_only

    @property
    def settings(self) -> SpeechSettings:
        return self._settings

    @settings.setter
    def settings(self, settings: SpeechSettings) -> None:
        with self._lock:
            self._settings = settings
        if not settings.enabled:
            self.cancel()

    @property
    def language(self) -> str:
        return self._language

    @language.setter
    def language(self, language: str) -> None:
        with self._lock:
            self._language = language

    def voices(self) -> list[Voice]:
        """Voices for the profile editor (may be empty until a threaded engine is ready)."""
        return self._engine.voices()

    def add_listener(self, listener: SpeechListener) -> None:
        with self._lock:
            self._listeners.append(listener)
            unheard, self._unheard = self._unheard, []
        for message in unheard:
            listener.on_error(message)

    def remove_listener(self, listener: SpeechListener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    # -- commands ----------------------------------------------------------------------

    def say(self, utterance: Utterance | str, *, interrupt: bool = True) -> None:
        """Speak ``utterance``; by default cut off anything still being said."""
        if isinstance(utterance, str):
            utterance = Utterance(utterance)
        notices: list[_Notice] = []
        with self._lock:
            if self._closed:
                return
            if interrupt:
                self._last = [utterance]
            else:
                self._last.append(utterance)
            if not self._settings.enabled or not utterance.text.strip():
                return
            if not interrupt and (self._current or self._pending):
                self._pending.append(utterance)
                return
            notices += self._drop_all()
            notices += self._begin(utterance)
        self._run(notices)

    def repeat(self) -> None:
        """Say the last utterance (group) again, from the start."""
        with self._lock:
            group = list(self._last)
        for i, utterance in enumerate(group):
            self.say(utterance, interrupt=i == 0)

    def prepare(self, utterances: list[Utterance]) -> None:
        """Make these ready to play before they are said (the next step's words, while the worker
        is on this one), where the engine can: then they sound the moment they are said."""
        prepare = getattr(self._engine, "prepare", None)
        with self._lock:
            if self._closed or prepare is None or not self._settings.enabled:
                return
            jobs = [SpeechJob(0, u.spoken(self._engine.kana_only), self._settings, self._language)
                    for u in utterances if u.text.strip()]
        for job in jobs:
            prepare(job)

    def cancel(self) -> None:
        """Stop speaking now and forget everything queued."""
        with self._lock:
            notices = self._drop_all()
            self._engine.stop()
        self._run(notices)

    def save_to_file(
        self, utterance: Utterance | str, path: Path, settings: SpeechSettings | None = None
    ) -> Future[Path]:
        """Render ``utterance`` to a WAV file (supervisor preview, tests); does not play it.

        The future fails with :class:`EngineUnavailable` when the engine cannot save.
        """
        if isinstance(utterance, str):
            utterance = Utterance(utterance)
        with self._lock:
            self._serial += 1
            engine = self._engine
            job = SpeechJob(
                self._serial, utterance.spoken(engine.kana_only), settings or self._settings, self._language
            )
        return engine.save_to_file(job, Path(path))

    def shutdown(self) -> None:
        """Stop speaking and release the engine (joins its thread). Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            notices = self._drop_all()
            engines = [*self._retired, self._engine]
            self._retired = []
        self._run(notices)
        for engine in engines:
            engine.shutdown()

    # -- internals (called with the lock held; return notices to run after) -------------

    def _begin(self, utterance: Utterance) -> list[_Notice]:
        self._serial += 1
        self._current = (self._serial, utterance)
        job = SpeechJob(self._serial, utterance.spoken(self._engine.kana_only), self._settings, self._language)
        self._engine.speak(job)
        return []

    def _drop_all(self) -> list[_Notice]:
        self._pending.clear()
        current, self._current = self._current, None
        if current is None:
            return []
        return self._notices(lambda li: li.on_finished(current[1], False))

    def _notices(self, call: Callable[[SpeechListener], None]) -> list[_Notice]:
        return [functools.partial(call, li) for li in self._listeners]

    def _run(self, notices: list[_Notice]) -> None:
        for notice in notices:
            try:
                notice()
            except Exception:  # a broken listener must not break speech for the others
                log.exception("speech listener failed")

    def _report(self, message: str) -> list[_Notice]:
        if message in self._reported:
            return []
        self._reported.add(message)
        log.warning("speech: %s", message)
        if not self._listeners:
            self._unheard.append(message)
        return self._notices(lambda li: li.on_error(message))

    def _degrade(self, engine: SpeechEngine, detail: str) -> list[_Notice]:
        with self._lock:
            if engine is not self._engine or isinstance(engine, NullEngine):
                return []
            log.warning("speech engine %s unusable: %s", engine.name, detail)
            notices = self._drop_all()
            self._retired.append(engine)
            self._engine = NullEngine()
            self._engine.start(_Events(self, self._engine))
            return notices + self._report(_("No speech engine is available. Steps are shown on screen only."))

    # -- engine events (any thread) ----------------------------------------------------

    def _on_started(self, engine: SpeechEngine, serial: int) -> None:
        with self._lock:
            cur = self._current
            if engine is not self._engine or cur is None or cur[0] != serial:
                return
            notices = self._notices(lambda li: li.on_started(cur[1]))
        self._run(notices)

    def _on_word(self, engine: SpeechEngine, serial: int, start: int, length: int) -> None:
        with self._lock:
            cur = self._current
            if engine is not self._engine or cur is None or cur[0] != serial:
                return
            span = cur[1].display_span(engine.kana_only, start, length)
            notices = self._notices(lambda li: li.on_word(cur[1], *span))
        self._run(notices)

    def _on_finished(self, engine: SpeechEngine, serial: int, completed: bool) -> None:
        with self._lock:
            cur = self._current
            if engine is not self._engine or cur is None or cur[0] != serial:
                return
            self._current = None
            if completed:
                self._reported.clear()  # speech works again: a later failure is news
            notices = self._notices(lambda li: li.on_finished(cur[1], completed))
            if self._pending and not self._closed:
                notices += self._begin(self._pending.popleft())
        self._run(notices)

    def _on_error(self, engine: SpeechEngine, message: str) -> None:
        with self._lock:
            if engine is not self._engine:
                return
            notices = self._report(message)
        self._run(notices)

    def _on_failed(self, engine: SpeechEngine, message: str) -> None:
        self._run(self._degrade(engine, message))


class _Events:
    """Routes one engine's events to the speaker; events of a replaced engine are dropped."""

    def __init__(self, speaker: Speaker, engine: SpeechEngine) -> None:
        self._speaker = speaker
        self._engine = engine

    def started(self, serial: int) -> None:
        self._speaker._on_started(self._engine, serial)

    def word(self, serial: int, start: int, length: int) -> None:
        self._speaker._on_word(self._engine, serial, start, length)

    def finished(self, serial: int, completed: bool) -> None:
        self._speaker._on_finished(self._engine, serial, completed)

    def error(self, message: str) -> None:
        self._speaker._on_error(self._engine, message)

    def failed(self, message: str) -> None:
        self._speaker._on_failed(self._engine, message)


__all__ = ["EngineUnavailable", "Speaker"]
