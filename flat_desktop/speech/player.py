"""Plays a WAV file in a child process that can be killed, so speech stops the moment it is cancelled."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from flat_desktop.speech import sound_server

if TYPE_CHECKING:
    from flat_desktop.speech.base import EngineEvents

log = logging.getLogger(__name__)

# Tried in order. aplay (alsa-utils) is also what pyttsx3's espeak driver would call; where a
# sound server runs (PulseAudio, PipeWire) its own players come first: aplay would bypass it.
_PLAYERS: tuple[tuple[str, ...], ...] = (
    ("aplay", "-q"),
    ("paplay",),
    ("pw-play",),
    ("play", "-q"),  # sox
    ("afplay",),  # macOS
)
_SERVER_PLAYERS = ("paplay", "pw-play")
MUTED = "the speaker is muted"


@dataclass(frozen=True)
class PlayResult:
    """How a playback ended: ``stopped`` by :meth:`AudioPlayer.stop`, else ``error`` if it failed."""

    stopped: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.stopped and self.error is None


class Player(Protocol):
    """What the pyttsx3 engine needs from a player (tests substitute their own)."""

    def play(self, path: Path) -> PlayResult: ...
    def stop(self) -> None: ...
    def reset(self) -> None: ...


class AudioPlayer:
    """Plays one file at a time; :meth:`play` blocks its caller until the end or :meth:`stop`.

    ``stop`` may be called from any thread. A failing player (no sound card) returns an
    error result rather than raising.
    """

    def __init__(self, command: tuple[str, ...] | None = None) -> None:
        self.command = command if command is not None else find_player()
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopped = False

    def play(self, path: Path) -> PlayResult:
        if not self.command:
            return PlayResult(error="no audio player program found (aplay, paplay, pw-play, play)")
        with self._lock:
            if self._stopped:
                self._stopped = False
                return PlayResult(stopped=True)
            try:
                self._proc = subprocess.Popen(
                    [*self.command, str(path)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            except OSError as exc:
                return PlayResult(error=str(exc))
            proc = self._proc
        _, err = proc.communicate()
        with self._lock:
            self._proc = None
            stopped, self._stopped = self._stopped, False
        if stopped:
            return PlayResult(stopped=True)
        if proc.returncode != 0:
            detail = err.decode(errors="replace").strip().splitlines()
            return PlayResult(error=detail[-1] if detail else f"{self.command[0]} exit {proc.returncode}")
        if self.command[0] in _SERVER_PLAYERS and sound_server.muted():
            return PlayResult(error=MUTED)  # played into a muted speaker: nobody heard it
        return PlayResult()

    def stop(self) -> None:
        """Cut the current playback short (and the next ``play`` if it has not begun yet)."""
        with self._lock:
            self._stopped = True
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()

    def reset(self) -> None:
        """Forget a ``stop`` that came while nothing was playing."""
        with self._lock:
            self._stopped = False


def find_player() -> tuple[str, ...]:
    if sys.platform == "win32":
        return ()  # pyttsx3 plays by itself through SAPI5 there
    server = sound_server.running()
    order = sorted(_PLAYERS, key=lambda c: c[0] not in _SERVER_PLAYERS) if server else _PLAYERS
    for command in order:
        if shutil.which(command[0]):
            return command
    return ()


def play_heard(player: Player, wav: Path, serial: int, events: EngineEvents, cancelled: Callable[[], bool]) -> None:
    """Play a rendered utterance and report it as engines do: started, then finished (heard to the
    end or not), with a failure to play told in plain words (the player's own goes to the log)."""
    events.started(serial)
    result = player.play(wav)
    if result.error:
        log.warning("sound could not be played: %s", result.error)
        events.error(sound_server.describe(result.error))
    events.finished(serial, result.ok and not cancelled())
