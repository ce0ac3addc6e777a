"""A private PulseAudio server with a null sink, and recordings of what it plays (its monitor).

The tests point their players at it with ``PULSE_SERVER``; ``paplay`` then plays into the null
sink and ``parec`` records the sink's monitor as raw 16-bit mono samples, which
:class:`Recording` turns into the stretches where sound was heard.
"""

from __future__ import annotations

import array
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
SINK = "flat_null"
LOUD = 300  # a sample above this is sound (the null sink's silence is exactly 0)


def missing() -> str | None:
    """Why the sound tests cannot run here (None: they can)."""
    for program in ("pulseaudio", "pactl", "paplay", "parec"):
        if shutil.which(program) is None:
            return f"needs {program} (Debian: pulseaudio, pulseaudio-utils)"
    return None


def _wait(check: object, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise TimeoutError("the sound server did not answer")


@dataclass
class Recording:
    """What the monitor heard since :meth:`SoundServer.record`."""

    proc: subprocess.Popen[bytes]
    path: Path
    started: float  # time.monotonic() when parec was started

    def samples(self) -> array.array[int]:
        data = self.path.read_bytes()
        out = array.array("h")
        out.frombytes(data[: len(data) // 2 * 2])
        return out

    def stop(self) -> array.array[int]:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        return self.samples()

    def first_sound(self, after: int = 0) -> int | None:
        """The index of the first sample at or after ``after`` that is sound."""
        s = self.samples()
        return next((i for i in range(after, len(s)) if abs(s[i]) > LOUD), None)


def stretches(samples: array.array[int], gap_s: float = 0.5) -> list[tuple[float, float]]:
    """(start, end) in seconds of each stretch of sound, pauses shorter than ``gap_s`` inside."""
    out: list[tuple[float, float]] = []
    gap = int(gap_s * RATE)
    start = last = None
    for i, v in enumerate(samples):
        if abs(v) <= LOUD:
            continue
        if start is None:
            start = last = i
        elif i - last > gap:  # type: ignore[operator]
            out.append((start / RATE, last / RATE))  # type: ignore[operator]
            start = i
        last = i
    if start is not None:
        out.append((start / RATE, last / RATE))  # type: ignore[operator]
    return out


def heard(samples: array.array[int]) -> float:
    """Seconds from the first sound to the last."""
    parts = stretches(samples)
    return parts[-1][1] - parts[0][0] if parts else 0.0


class SoundServer:
    """One PulseAudio server of the test's own (``start``/``stop`` it to take the sound away)."""

    def __init__(self) -> None:
        # A unix socket's path has at most 107 bytes: a short folder of its own, not tmp_path.
        self.home = Path(tempfile.mkdtemp(prefix="flat-pa-"))
        self.socket = self.home / "native"
        self.address = f"unix:{self.socket}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.env = {**os.environ, "PULSE_SERVER": self.address, "HOME": str(self.home),
                    "XDG_RUNTIME_DIR": str(self.home), "XDG_CONFIG_HOME": str(self.home)}

    def pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10,
                              check=False, stdin=subprocess.DEVNULL)

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--system=no",
             "--log-target=stderr", "--log-level=error",
             "-L", f"module-null-sink sink_name={SINK} rate={RATE} channels=1",
             "-L", f"module-native-protocol-unix socket={self.socket} auth-anonymous=1"],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(lambda: self.pactl("info").returncode == 0)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None
        self.socket.unlink(missing_ok=True)

    def mute(self, on: bool) -> None:
        self.pactl("set-sink-mute", SINK, "1" if on else "0")

    def volume(self) -> int:
        """The sink's volume in percent."""
        out = self.pactl("get-sink-volume", SINK).stdout
        return int(out.split("/")[1].strip().rstrip("%"))

    def record(self, name: str = "heard") -> Recording:
        path = self.home / f"{name}.raw"
        out = path.open("wb")
        proc = subprocess.Popen(["parec", "-d", f"{SINK}.monitor", f"--rate={RATE}", "--channels=1",
                                 "--format=s16le", "--latency-msec=20"],
                                env=self.env, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        out.close()
        rec = Recording(proc, path, time.monotonic())
        _wait(lambda: path.stat().st_size > 0)  # the monitor is running: later sound is caught
        return rec

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


@contextmanager
def sound_server() -> Iterator[SoundServer]:
    server = SoundServer()
    try:
        server.start()
        yield server
    finally:
        server.close()
