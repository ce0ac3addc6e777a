"""The PC's sound server (PulseAudio, or PipeWire's PulseAudio service) through ``pactl``: is it
running, is its speaker muted, and the speaker's volume (the worker's, set at sign-in).

Without ``pactl`` or a server (a PC with bare ALSA, Windows) every question answers "unknown"
and nothing is changed; speech then plays through ``aplay`` or the system's own voice.
"""

from __future__ import annotations

import shutil
import subprocess
from enum import StrEnum

TIMEOUT_S = 3
SINK = "@DEFAULT_SINK@"


class Trouble(StrEnum):
    """Why no sound came out, in words a supervisor can act on (``describe``)."""

    NO_PLAYER = "no_player"  # no program to play sound with
    NO_SERVER = "no_server"  # the sound server is not running, or stopped
    NO_DEVICE = "no_device"  # no speaker or sound card
    MUTED = "muted"  # the speaker is muted
    OTHER = "other"


def _pactl(*args: str) -> subprocess.CompletedProcess[str] | None:
    exe = shutil.which("pactl")
    if exe is None:
        return None
    try:
        return subprocess.run([exe, *args], capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None


def running() -> bool:
    """A sound server answers (``pactl info``)."""
    done = _pactl("info")
    return done is not None and done.returncode == 0


def muted() -> bool | None:
    """The default speaker is muted (None: no server to ask)."""
    done = _pactl("get-sink-mute", SINK)
    if done is None or done.returncode != 0:
        return None
    return done.stdout.strip().lower().endswith("yes")


def set_volume(fraction: float) -> bool:
    """Set the default speaker's volume (0.0 to 1.0) and unmute it; False when there is no server."""
    percent = round(max(0.0, min(1.0, fraction)) * 100)
    done = _pactl("set-sink-volume", SINK, f"{percent}%")
    if done is None or done.returncode != 0:
        return False
    _pactl("set-sink-mute", SINK, "0")
    return True


def classify(detail: str) -> Trouble:
    """What a player's error message means (aplay, paplay, pw-play and sox word them differently)."""
    text = detail.lower()
    if "no audio player" in text:
        return Trouble.NO_PLAYER
    if "muted" in text:
        return Trouble.MUTED
    if any(w in text for w in ("connection refused", "connection failure", "connection terminated",
                               "pa_context_connect", "host is down", "failed to connect")):
        return Trouble.NO_SERVER
    if any(w in text for w in ("audio open error", "no such file or directory", "no such device",
                               "cannot find card", "no sink", "device or resource busy")):
        return Trouble.NO_DEVICE
    return Trouble.OTHER


def describe(detail: str) -> str:
    """A player's error as one plain sentence (the raw message goes to the log, not to people)."""
    from flat_desktop.i18n import _

    return {
        Trouble.NO_PLAYER: _("No sound: no program to play sound is installed on this PC."),
        Trouble.NO_SERVER: _("No sound: the PC's sound service is not running."),
        Trouble.NO_DEVICE: _("No sound: no speaker or sound card was found."),
        Trouble.MUTED: _("No sound: the PC's speaker is muted."),
        Trouble.OTHER: _("No sound: the sound could not be played."),
    }[classify(detail)]


def volume() -> float | None:
    """The default speaker's volume, 0.0 to 1.0 (None: no server to ask)."""
    done = _pactl("get-sink-volume", SINK)
    if done is None or done.returncode != 0 or "%" not in done.stdout:
        return None
    try:
        return int(done.stdout.split("%")[0].rsplit("/", 1)[-1].strip()) / 100
    except ValueError:
        return None


class PcVolume:
    """The PC speaker's volume follows the worker signed in (their profile's volume) and goes
    back to the station's own level at sign-out. Asked once at start whether a server runs."""

    def __init__(self) -> None:
        self.station_level = volume()
        self.available = self.station_level is not None

    def for_worker(self, fraction: float) -> bool:
        return self.available and set_volume(fraction)

    def for_station(self) -> bool:
        return self.available and self.station_level is not None and set_volume(self.station_level)
