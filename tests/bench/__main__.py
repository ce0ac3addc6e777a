"""Run every benchmark: ``.venv/bin/python -m tests.bench [--quick] [NAME ...]``.

Each ``tests/bench/bench_*.py`` runs in turn as its own process (a fresh Qt and a fresh
interpreter each, as the cold starts need); its output is echoed as it comes, and at the end
a table sums up the JSON line each one ends with. ``--quick`` gives the scripts that know it
a smaller count (a run of minutes instead of many); NAMEs (``station``, ``bench_feed``) run
only those. Exits non-zero only when a script crashed or ended without its JSON line, not
when a goal is missed: the table says that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# Arguments for a quick run; a script not named here runs with its own defaults.
QUICK = {
    "bench_station": ["40"],
    "bench_start": ["3"],
    "bench_console_start": ["3"],
    "bench_tickets": ["200"],
    "bench_feed": ["30"],
    "bench_web": ["40", "10"],
}
COLUMNS = ("bench", "figure", "reference", "ratio", "p50", "p95", "unit", "met", "goal")


def scripts(names: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if not names:
        return found
    wanted = {n.removesuffix(".py").removeprefix("bench_") for n in names}
    return [p for p in found if p.stem.removeprefix("bench_") in wanted]


def figure_line(line: str) -> dict[str, object] | None:
    """The benchmark's closing JSON line, or None for any other output."""
    if not line.startswith("{"):
        return None
    try:
        data = json.loads(line)
    except ValueError:
        return None
    return data if isinstance(data, dict) and "bench" in data and "figure" in data else None


def run(script: Path, args: list[str]) -> tuple[int, list[dict[str, object]]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.Popen([sys.executable, str(script), *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=1)
    assert proc.stdout is not None
    lines: list[dict[str, object]] = []
    for line in proc.stdout:
        print(line, end="", flush=True)
        found = figure_line(line.strip())
        if found is not None:
            lines.append(found)
    return proc.wait(), lines


def cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def table(rows: list[dict[str, object]]) -> str:
    cells = [[cell(r.get(c)) for c in COLUMNS] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) if cells else len(c) for i, c in enumerate(COLUMNS)]
    out = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in out)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    todo = scripts([a for a in argv if not a.startswith("-")])
    if not todo:
        print("no benchmark of that name", file=sys.stderr)
        return 2
    rows: list[dict[str, object]] = []
    broken: list[str] = []
    for script in todo:
        args = QUICK.get(script.stem, []) if quick else []
        print(f"=== {script.name} {' '.join(args)}".rstrip(), flush=True)
        start = time.monotonic()
        code, lines = run(script, args)
        print(f"=== {script.name}: exit {code} after {time.monotonic() - start:.0f} s\n", flush=True)
        if code != 0 or not lines:
            broken.append(f"{script.name} ({'exit ' + str(code) if code else 'no JSON line'})")
        # Each script ends with one line; should one print several, the table shows them all.
        rows += lines
    print(table(rows))
    missed = [str(r["bench"]) for r in rows if not r.get("met")]
    if missed:
        print(f"goals not met: {', '.join(missed)}")
    if broken:
        print(f"crashed: {', '.join(broken)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
