"""A natural Japanese voice on any PC: Open JTalk (HTS voice "mei") through pyopenjtalk.

It reads kanji itself (its dictionary is the analyser's), so it is not ``kana_only``: it gets the
text as shown. Synthesis is fast (a few seconds of speech in a few tenths of a second) and happens
in one worker thread; the sound is written to a WAV and played by :class:`AudioPlayer`, a child
process that a cancel kills at once, as for espeak-ng. The worker's rate is Open JTalk's speed
(0.5 to 2 times), the volume scales the samples. It speaks Japanese only: an English station
keeps pyttsx3.
"""

from __future__ import annotations

import importlib.util
import logging
import queue
import shutil
import tempfile
import threading
import wave
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flat_desktop import japanese
from flat_desktop.i18n import _
from flat_desktop.speech.base import EngineEvents, EngineUnavailable, SpeechJob, SpeechSettings, Voice
from flat_desktop.speech.player import AudioPlayer, Player, play_heard

log = logging.getLogger(__name__)

VOICE = Voice("mei_normal", "Open JTalk mei", "ja")
_STOP = object()


@dataclass
class _Prepare:
    job: SpeechJob


@dataclass
class _Save:
    job: SpeechJob
    path: Path
    future: Future[Path] = field(default_factory=Future)


def speed(settings: SpeechSettings) -> float:
    """The worker's rate as Open JTalk's speed: 1 normal, 0.5 half, 2 double."""
    return float(2.0 ** settings.relative_rate())


def render(job: SpeechJob, path: Path) -> Path:
    """Synthesise ``job`` into a 16-bit mono WAV at ``path``."""
    import numpy as np

    labels = japanese.full_context_labels(job.text)
    samples, rate = japanese.openjtalk().synthesize(labels, speed=speed(job.settings))
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    # Open JTalk's samples may pass the 16-bit range: scale the loudest to full, never clip.
    gain = job.settings.clamped_volume() * min(1.0, 32767.0 / peak) if peak else 0.0
    pcm = np.asarray(samples * gain, dtype=np.float64).round().astype("<i2")
    pcm = _trimmed(pcm, int(rate))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes(pcm.tobytes())
    return path


READY = 24  # sounds kept ready: a step's words, the next step's, Repeat, the usual prompts
LEAD_S, TAIL_S = 0.03, 0.06  # silence kept before the first sound and after the last


def _trimmed(pcm: Any, rate: int) -> Any:
    """Open JTalk pads each sentence with a third of a second of silence at each end: trimmed, the
    step is heard that much sooner after it is shown, and the next one follows without a gap."""
    import numpy as np

    loud = np.flatnonzero(np.abs(pcm.astype(np.int32)) > 300)
    if not len(loud):
        return pcm
    start = max(0, int(loud[0]) - int(LEAD_S * rate))
    end = min(len(pcm), int(loud[-1]) + int(TAIL_S * rate))
    return pcm[start:end]


class OpenJTalkEngine:
    """Open JTalk in one worker thread; events come from that thread (see :class:`EngineEvents`).

    No word events: the sound is made whole before it plays.
    """

    name = "openjtalk"
    kana_only = False

    def __init__(self, *, player: Player | None = None) -> None:
        self._player: Player = player or AudioPlayer()
        self._commands: queue.Queue[object] = queue.Queue()
        self._lock = threading.Lock()
        self._cancel_upto = 0  # jobs with a serial up to this are cancelled
        self._newest = 0
        self._events: EngineEvents | None = None
        self._thread: threading.Thread | None = None
        # Sounds made ready (prepared, or said lately: Repeat), by text and settings; worker thread only.
        self._ready: OrderedDict[tuple[str, float, float], Path] = OrderedDict()
        self._made = 0

    # -- SpeechEngine ------------------------------------------------------------------

    def start(self, events: EngineEvents) -> None:
        if isinstance(self._player, AudioPlayer) and not self._player.command:
            raise EngineUnavailable("no audio player program found (aplay, paplay, pw-play, play)")
        # Only looked for here: loading it takes a quarter of a second, done in the worker thread.
        if importlib.util.find_spec("pyopenjtalk") is None:
            raise EngineUnavailable("pyopenjtalk is not installed")
        self._events = events
        self._thread = threading.Thread(target=self._run, name="speech-openjtalk", daemon=True)
        self._thread.start()

    def voices(self) -> list[Voice]:
        return [VOICE]

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

    def prepare(self, job: SpeechJob) -> None:
        """Render ``job`` ahead, when the worker thread is free; said later, it plays at once."""
        self._commands.put(_Prepare(job))

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
            thread.join(timeout=60)
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
        try:
            try:
                japanese.warm_up()  # the dictionary and voice load now, not at the first sentence
            except Exception as exc:  # a broken installation: the speaker falls back to another engine
                log.warning("Open JTalk could not start: %s", exc)
                events.failed(f"{type(exc).__name__}: {exc}")
                return
            while True:
                command = self._commands.get()
                if command is _STOP:
                    return
                self._one(command, events, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _one(self, command: Any, events: EngineEvents, workdir: Path) -> None:
        try:
            if isinstance(command, _Prepare):
                self._rendered(command.job, workdir)
            elif isinstance(command, _Save):
                command.future.set_result(render(command.job, command.path))
            elif isinstance(command, SpeechJob):
                self._speak(command, events, workdir)
        except Exception as exc:  # keep the worker alive whatever one utterance does
            log.exception("speech failed")
            if isinstance(command, _Save):
                if not command.future.done():
                    command.future.set_exception(exc)
            elif isinstance(command, SpeechJob):  # a sound made ahead that failed is made again when said
                events.error(_("Speech failed: {detail}").format(detail=exc))
                events.finished(command.serial, False)

    def _rendered(self, job: SpeechJob, workdir: Path) -> Path:
        """The job's sound: made ready before (prepare, or said lately), or rendered now and kept."""
        key = (job.text, speed(job.settings), job.settings.clamped_volume())
        wav = self._ready.pop(key, None)
        if wav is None or not wav.exists():
            self._made += 1
            wav = render(job, workdir / f"{self._made}.wav")
        self._ready[key] = wav  # the newest last: the oldest goes first
        while len(self._ready) > READY:
            self._ready.popitem(last=False)[1].unlink(missing_ok=True)
        return wav

    def _speak(self, job: SpeechJob, events: EngineEvents, workdir: Path) -> None:
        if self._cancelled(job.serial):
            return
        self._player.reset()
        wav = self._rendered(job, workdir)
        if self._cancelled(job.serial):
            return
        play_heard(self._player, wav, job.serial, events, lambda: self._cancelled(job.serial))
