"""The default engine: pyttsx3 (SAPI5 on Windows, espeak-ng on Linux, NSSpeech on macOS).

Traps this module is built around:

* ``runAndWait()`` blocks, and a pyttsx3 engine must stay in the thread that created it
  ("run loop already started" otherwise; SAPI5 is a COM object). So one worker thread
  creates the engine, owns it, and is fed through a queue; nobody else touches it.
* pyttsx3 2.99 on Windows speaks only the first utterance (nateshmbhat/pyttsx3 #402,
  #419, #440); 2.98 works, so pyproject pins 2.98 on Windows.
* The 2.99 espeak driver synthesises on espeak-ng's own thread, so ``runAndWait()``
  returns before the sound exists; it then plays it with ``os.system("aplay ...")``,
  which nothing can interrupt, and ignores aplay's exit status (no sound card: aplay
  prints an error and speech "succeeds" silently). Its ``save_to_file`` target also
  sticks to every later ``say``. So for espeak we always render to a temporary WAV
  (waiting for "finished-utterance"), then play it with :class:`AudioPlayer`, a child
  process that a cancel kills at once and whose failure is reported.
* espeak-ng is one global synthesiser per process: only one pyttsx3 engine may be alive,
  and it is dropped in its own thread so its clean-up cannot unhook a later engine.
"""

from __future__ import annotations

import contextlib
import io
import logging
import queue
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flat_desktop.i18n import _
from flat_desktop.speech.base import EngineEvents, EngineUnavailable, SpeechJob, Voice, pick_voice
from flat_desktop.speech.player import AudioPlayer, Player, play_heard

log = logging.getLogger(__name__)

RENDER_TIMEOUT = 60.0
"""Seconds to wait for espeak-ng to finish one utterance before calling it stuck (a safety net)."""


@dataclass
class _Save:
    job: SpeechJob
    path: Path
    future: Future[Path] = field(default_factory=Future)


_STOP = object()


def default_driver() -> str:
    return {"win32": "sapi5", "darwin": "nsss"}.get(sys.platform, "espeak")


class Pyttsx3Engine:
    """pyttsx3 in one dedicated worker thread.

    Engine events (see :class:`EngineEvents`) come from the worker thread, or for
    words in direct mode from the thread pyttsx3 calls back on. ``started`` fires when
    sound begins; ``word`` only where the driver times words with the sound (SAPI5,
    NSSpeech), not for espeak, whose word events all arrive before playback.
    """

    name = "pyttsx3"
    _active_lock = threading.Lock()
    _active = False

    def __init__(self, driver: str | None = None, *, player: Player | None = None) -> None:
        self.driver = driver or default_driver()
        self.name = f"pyttsx3:{self.driver}"
        # espeak-ng reads Japanese kana but not kanji.
        self.kana_only = self.driver == "espeak"
        self._render_mode = self.driver == "espeak"
        self._player: Player = player or AudioPlayer()
        self._commands: queue.Queue[object] = queue.Queue()
        self._lock = threading.Lock()
        self._cancel_upto = 0  # jobs with a serial up to this are cancelled
        self._newest = 0
        self._voices: list[Voice] = []
        self._events: EngineEvents | None = None
        self._thread: threading.Thread | None = None
        self._owns_active = False
        # set by pyttsx3 callbacks
        self._rendered = threading.Event()
        self._driver_error: str | None = None
        self._direct_serial = 0
        self._direct_completed = True
        self._engine_ref: Any = None  # the pyttsx3 engine, only while speaking directly

    # -- SpeechEngine ------------------------------------------------------------------

    def start(self, events: EngineEvents) -> None:
        with Pyttsx3Engine._active_lock:
            if Pyttsx3Engine._active:
                raise EngineUnavailable("another pyttsx3 engine is already running in this process")
            Pyttsx3Engine._active = True
            self._owns_active = True
        self._events = events
        self._thread = threading.Thread(target=self._run, name="speech-pyttsx3", daemon=True)
        self._thread.start()

    def voices(self) -> list[Voice]:
        return list(self._voices)

    def speak(self, job: SpeechJob) -> None:
        with self._lock:
            self._newest = max(self._newest, job.serial)
            self._cancel_upto = max(self._cancel_upto, job.serial - 1)
        self._player.stop()
        self._commands.put(job)

    def stop(self) -> None:
        with self._lock:
            self._cancel_upto = self._newest
        self._player.stop()

    def save_to_file(self, job: SpeechJob, path: Path) -> Future[Path]:
        save = _Save(job, path)
        if self._thread is None or not self._thread.is_alive():
            save.future.set_exception(EngineUnavailable(_("No speech engine is available.")))
        else:
            self._commands.put(save)
        return save.future

    def shutdown(self) -> None:
        self.stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            self._commands.put(_STOP)
            thread.join(timeout=RENDER_TIMEOUT)
            if thread.is_alive():
                log.warning("speech worker did not stop")
        self._events = None

    # -- worker thread -----------------------------------------------------------------

    def _cancelled(self, serial: int) -> bool:
        with self._lock:
            return serial <= self._cancel_upto

    def _run(self) -> None:
        events = self._events
        assert events is not None
        workdir = Path(tempfile.mkdtemp(prefix="flat-speech-"))
        com = _com_init()
        try:
            try:
                engine = self._open()
            except Exception as exc:  # missing library, driver or audio system
                log.warning("pyttsx3 (%s) could not start: %s", self.driver, exc)
                events.failed(f"{type(exc).__name__}: {exc}")
                self._drain()
                return
            self._loop(engine, events, workdir)
            # Dropped here, in its own thread: its __del__ unhooks espeak's global callback.
            del engine
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            if com is not None:
                com()
            with Pyttsx3Engine._active_lock:
                if self._owns_active:
                    Pyttsx3Engine._active = False
                    self._owns_active = False

    def _open(self) -> Any:
        from pyttsx3.engine import Engine  # not pyttsx3.init(): it shares engines across threads

        engine = Engine(self.driver)
        engine.connect("finished-utterance", self._on_finished_utterance)
        engine.connect("started-word", self._on_word)
        engine.connect("error", self._on_error)
        if self._render_mode:
            # A new engine holds commands back until its first run; an empty run makes later
            # property changes apply at once, so that _wait_espeak_idle can see them. Idle
            # first: the driver's own start-up settings are still queued in espeak-ng, and a
            # stop() while busy would leave a stale "stopping" flag that cancels the next text.
            _wait_espeak_idle()
            engine.runAndWait()
            _wait_espeak_idle()
        self._voices = [Voice(str(v.id), str(v.name or v.id), _language_of(v)) for v in engine.getProperty("voices")]
        return engine

    def _loop(self, engine: Any, events: EngineEvents, workdir: Path) -> None:
        while True:
            command = self._commands.get()
            if command is _STOP:
                return
            try:
                if isinstance(command, _Save):
                    self._save(engine, command)
                elif isinstance(command, SpeechJob):
                    self._speak(engine, command, events, workdir)
            except Exception as exc:  # keep the worker alive whatever one utterance does
                log.exception("speech failed")
                events.error(_("Speech failed: {detail}").format(detail=exc))
                if isinstance(command, SpeechJob):
                    events.finished(command.serial, False)
                elif isinstance(command, _Save) and not command.future.done():
                    command.future.set_exception(exc)

    def _drain(self) -> None:
        """After a failed start: fail every waiting save so no caller waits forever."""
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            if isinstance(command, _Save):
                command.future.set_exception(EngineUnavailable(_("No speech engine is available.")))

    def _apply(self, engine: Any, job: SpeechJob) -> None:
        voice = pick_voice(self._voices, job.settings.voice, job.language)
        if voice is not None:
            engine.setProperty("voice", voice.id)
        engine.setProperty("rate", job.settings.words_per_minute())
        engine.setProperty("volume", job.settings.clamped_volume())
        if self._render_mode:
            _wait_espeak_idle()

    def _render(self, engine: Any, job: SpeechJob, path: Path) -> str | None:
        """Write ``job`` to ``path``; returns an error text or None."""
        self._apply(engine, job)
        self._rendered.clear()
        self._driver_error = None
        self._direct_completed = True
        engine.save_to_file(job.text, str(path))
        # pyttsx3's espeak driver prints "Audio saved to ..." for every file; the station's
        # own log already records each utterance.
        with contextlib.redirect_stdout(io.StringIO()):
            engine.runAndWait()
        if self._render_mode and not self._rendered.wait(RENDER_TIMEOUT):
            return "the speech engine did not answer"
        if not self._direct_completed:
            return "the speech engine stopped before the end"
        if self._driver_error:
            return self._driver_error
        if not path.exists():
            return "no sound was produced"
        return None

    def _save(self, engine: Any, save: _Save) -> None:
        error = self._render(engine, save.job, save.path)
        if error:
            save.future.set_exception(RuntimeError(error))
        else:
            save.future.set_result(save.path)

    def _speak(self, engine: Any, job: SpeechJob, events: EngineEvents, workdir: Path) -> None:
        if self._cancelled(job.serial):
            return
        if not self._render_mode:
            self._speak_direct(engine, job, events)
            return
        self._player.reset()
        wav = workdir / f"{job.serial}.wav"
        try:
            error = self._render(engine, job, wav)
            if error:
                events.error(_("Speech failed: {detail}").format(detail=error))
                events.finished(job.serial, False)
                return
            if self._cancelled(job.serial):
                return
            play_heard(self._player, wav, job.serial, events, lambda: self._cancelled(job.serial))
        finally:
            wav.unlink(missing_ok=True)

    def _speak_direct(self, engine: Any, job: SpeechJob, events: EngineEvents) -> None:
        """SAPI5/NSSpeech: pyttsx3 plays by itself; cancel via ``engine.stop()`` from this thread."""
        self._apply(engine, job)
        self._direct_serial = job.serial
        self._direct_completed = True
        self._engine_ref = engine
        events.started(job.serial)
        try:
            engine.say(job.text)
            engine.runAndWait()
        finally:
            self._engine_ref = None
            self._direct_serial = 0
        completed = self._direct_completed and not self._cancelled(job.serial)
        events.finished(job.serial, completed)

    # -- pyttsx3 callbacks -------------------------------------------------------------

    def _on_finished_utterance(self, name: object = None, completed: bool = True, **_kw: object) -> None:
        self._direct_completed = bool(completed)
        self._rendered.set()

    def _on_word(self, name: object = None, location: int = 0, length: int = 0, **_kw: object) -> None:
        serial = self._direct_serial
        if not serial or self._events is None:
            return  # espeak rendering: words come before the sound, useless for highlighting
        if self._cancelled(serial):
            engine = self._engine_ref
            if engine is not None and threading.current_thread() is self._thread:
                engine.stop()
            return
        self._events.word(serial, int(location), int(length))

    def _on_error(self, name: object = None, exception: object = None, **_kw: object) -> None:
        self._driver_error = str(exception)


def _wait_espeak_idle() -> None:
    """Let espeak-ng take in queued settings before the next utterance starts.

    espeak-ng queues rate and volume changes behind its synthesis thread, and the 2.99
    driver's ``runAndWait`` begins with ``stop()``, which cancels everything queued while
    espeak is busy: without this wait a new rate was sometimes dropped (and the
    utterance reported as not completed).
    """
    try:
        from pyttsx3.drivers import _espeak
    except ImportError:
        return
    deadline = time.monotonic() + RENDER_TIMEOUT
    while _espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.005)


def _language_of(voice: Any) -> str:
    languages = getattr(voice, "languages", None) or []
    first = languages[0] if languages else ""
    if isinstance(first, bytes):
        first = first.decode(errors="ignore")
    return str(first).lstrip("\x05")


def _com_init() -> Any:
    """SAPI5 is COM: a new thread must join an apartment before creating it."""
    if sys.platform != "win32":
        return None
    with contextlib.suppress(Exception):
        import comtypes

        comtypes.CoInitialize()
        return comtypes.CoUninitialize
    return None
