"""What the Japanese analyser costs per utterance: ``.venv/bin/python tests/bench/bench_kana.py [ROUNDS]``.

The utterances are the station's own: every step of the demo catalogue (with its stored reading
and an order's numbers), every department on a mail round, greetings with every worker's name and
"next job" with every order title. Each is turned into kana for a kana-only voice with the
analyser's caches emptied first (the cost of a sentence never heard before), then again from the
cache (the same sentence said again: most of a day). The reference is what it did before the
analyser: ``ruby.to_kana`` of the stored reading alone. Also the one-off load in a fresh process.
The goal: a new sentence in under 5 ms (p95) on the GUI thread, where the speaker makes the kana.
Not collected by pytest (no test functions): timings belong here, not in the test suite.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flat_desktop import japanese, ruby, spec
from flat_desktop.demo import catalog
from flat_desktop.demo.people import people
from flat_desktop.i18n import _, set_language
from tests.bench.figures import p50, p95, report

GOAL_MS = 5.0
ROOT = Path(__file__).resolve().parents[2]
STOP = "の{受|う}け{箱|ばこ}のバーコードを{読|よ}んで、{郵便物|ゆうびんぶつ}を{入|い}れます。"


def utterances() -> list[tuple[str, str | None]]:
    said: list[tuple[str, str | None]] = []
    values = {"quantity": 140, "originals": 12, "copies": 70, "sets": 30, "fold": "三つ折り"}
    for jt in catalog.JOB_TYPES:
        for st in jt.steps:
            markup = spec.fill(st.markup, values)
            said.append((ruby.to_plain(markup), markup))
    for d in catalog.DEPARTMENTS:
        markup = ruby.from_kana(d.name, d.kana) + STOP
        said.append((ruby.to_plain(markup), markup))
    for p in people():
        hello = _("Hello, {name}.").format(name=ruby.from_kana(p.name, p.kana))
        said.append((ruby.to_plain(hello), hello))
    for jt in catalog.JOB_TYPES:
        for title in jt.titles:
            said.append((_("Next job: {title}.").format(title=title), None))
    return said


def load_seconds() -> float:
    code = ("import time; t = time.perf_counter(); from flat_desktop import japanese; japanese.analyse('県民');"
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip())


def clear() -> None:
    for cached in (japanese._analysed, japanese._spans, japanese.kana_markup, japanese.ruby_markup):
        cached.cache_clear()


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    set_language("ja")
    said = utterances()
    japanese.warm_up()
    loads = [load_seconds() for _ in range(3)]
    print(f"load in a fresh process: {min(loads):.2f} s (best of 3)")
    cold: list[float] = []
    warm: list[float] = []
    ref: list[float] = []
    for _round in range(rounds):
        for text, markup in said:
            clear()
            t = time.perf_counter()
            japanese.spoken_kana(text, markup)
            cold.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            japanese.spoken_kana(text, markup)
            warm.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            ruby.to_kana(markup or text)
            ref.append((time.perf_counter() - t) * 1000)
    print(f"{len(said)} utterances x {rounds}: new sentence p50 {p50(cold):.2f} ms, p95 {p95(cold):.2f} ms, "
          f"max {max(cold):.2f} ms; said again p50 {p50(warm) * 1000:.1f} µs; "
          f"ruby.to_kana alone p50 {p50(ref) * 1000:.1f} µs")
    report("kana_per_utterance", p95(cold), p50(ref), unit="ms", goal=f"a new sentence in under {GOAL_MS:g} ms (p95)",
           met=p95(cold) < GOAL_MS, p50=p50(cold), p95=p95(cold))


if __name__ == "__main__":
    main()
