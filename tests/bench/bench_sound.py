"""From a step's words handed to the voice to the first sound heard, through a real sound server:
``.venv/bin/python tests/bench/bench_sound.py [--repeat N]``.

Starts a PulseAudio server of its own with a null sink and records its monitor. Each trial
notes the moment the station hands a step to its speaker (``Speaker.say``, called as the step
is shown) and finds the first sound in the recording; the reference is ``paplay`` playing the
same step already rendered to a file, timed the same way in the same run. The recording's own
start is found from how much it has written (the monitor runs in real time), so both figures
share any error in it. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from flat_desktop.speech import Speaker, SpeechListener, Utterance  # noqa: E402
from flat_desktop.speech.base import SpeechSettings  # noqa: E402
from flat_desktop.speech.openjtalk_engine import OpenJTalkEngine  # noqa: E402
from flat_desktop.speech.player import AudioPlayer  # noqa: E402
from tests.bench.figures import p50, p95, report  # noqa: E402
from tests.helpers.sound import LOUD, RATE, Recording, SoundServer, missing  # noqa: E402

GOAL_MS = 100.0  # within this of the reference
# What the station says when a step is shown (voice.step_words): where the worker is, then the step.
STEP_WORDS = [Utterance("ステップ 3 の 5。"), Utterance("ふうとうに しりょうを いれて、 ふたを とじます。")]
STEP = STEP_WORDS[1]


class Clock:
    """Wall time of a recording's sample: the monitor writes in real time from its start."""

    def __init__(self, rec: Recording) -> None:
        self.rec = rec
        fits = []
        for _n in range(20):
            now = time.monotonic()
            samples = rec.path.stat().st_size // 2
            fits.append(now - samples / RATE)
            time.sleep(0.05)
        self.start = max(fits)  # the latest estimate: the least still buffered

    def at(self, index: int) -> float:
        return self.start + index / RATE


def first_sound_after(rec: Recording, clock: Clock, t0: float, timeout: float = 20.0) -> float:
    """Milliseconds from ``t0`` to the first sound the recording holds after it."""
    begin = max(0, int((t0 - clock.start) * RATE))
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = rec.first_sound(begin)
        if found is not None:
            return (clock.at(found) - t0) * 1000
        time.sleep(0.02)
    raise TimeoutError("no sound")


def quiet(rec: Recording, seconds: float = 0.4) -> None:
    """Wait until the last ``seconds`` of the recording are silence (the previous trial is over)."""
    while True:
        s = rec.samples()
        tail = s[-int(seconds * RATE):]
        if len(s) > seconds * RATE and all(abs(v) <= LOUD for v in tail):
            return
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if (why := missing()) is not None:
        print(f"skipped: {why}")
        return 0
    server = SoundServer()
    server.start()
    os.environ["PULSE_SERVER"] = server.address
    speaker = Speaker(OpenJTalkEngine(player=AudioPlayer()), "ja", SpeechSettings())
    done = threading.Event()

    class Ears(SpeechListener):
        def on_finished(self, utterance: Utterance, completed: bool) -> None:
            done.set()

    speaker.add_listener(Ears())
    wav = speaker.save_to_file(STEP, server.home / "step.wav").result(timeout=60)
    rec = server.record("bench")
    try:
        clock = Clock(rec)
        spoken, played, station, cold = [], [], [], []
        speaker.say(STEP)  # warm-up: the dictionary and the voice are loaded
        done.wait(60)
        for _n in range(args.repeat):
            quiet(rec)
            done.clear()
            speaker._engine._ready.clear()  # type: ignore[attr-defined]  # rendered when said
            t0 = time.monotonic()
            speaker.say(STEP)
            spoken.append(first_sound_after(rec, clock, t0))
            done.wait(60)
            for ahead, figures in ((False, cold), (True, station)):
                quiet(rec)
                if ahead:  # the station makes the next step's words ready during the step before
                    speaker.prepare(STEP_WORDS)
                    time.sleep(1.0)
                done.clear()
                t0 = time.monotonic()
                for i, words in enumerate(STEP_WORDS):  # as the flow hands a step's words over
                    speaker.say(words, interrupt=i == 0)
                figures.append(first_sound_after(rec, clock, t0))
                while not done.wait(60) or speaker._current is not None:  # both utterances heard
                    done.clear()
                speaker._engine._ready.clear()  # type: ignore[attr-defined]  # made again next time
            quiet(rec)
            t0 = time.monotonic()
            subprocess.run(["paplay", str(wav)], env=server.env, check=True)
            played.append(first_sound_after(rec, clock, t0))
    finally:
        rec.stop()
        speaker.shutdown()
        server.close()
    print(f"\nstep handed to the voice -> first sound (ms), {args.repeat} runs")
    print(f"  a step's words, made ready    p50 {p50(station):7.1f}   p95 {p95(station):7.1f}")
    print(f"  a step's words, not ready     p50 {p50(cold):7.1f}   p95 {p95(cold):7.1f}")
    print(f"  its long sentence alone       p50 {p50(spoken):7.1f}   p95 {p95(spoken):7.1f}")
    print(f"  paplay of the rendered file   p50 {p50(played):7.1f}   p95 {p95(played):7.1f}   (reference)")
    for name, figures in (("step to first sound", station), ("step to first sound, not made ready", cold),
                          ("long sentence to first sound", spoken)):
        report(name, p50(figures), p50(played), unit="ms", goal=f"within {GOAL_MS:g} ms of paplay of a rendered file",
               met=p50(figures) - p50(played) <= GOAL_MS, p50=p50(figures), p95=p95(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
