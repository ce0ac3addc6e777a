"""The worker station started for real on a virtual X display over the demo database, driven by a
real X keyboard stream: xdotool types the codes read back from the printed badge, ticket and machine
labels, then Return, the way a keyboard-wedge scanner does. The CLI then shows the job done.

Every wait has a deadline and polls the station's JSON-lines log or the database; nothing sleeps
blindly, so a slow PC only makes the test slower, never wrong.
"""

from __future__ import annotations

import json
import math
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.services import board, help, machines, people
from flat_desktop.services.context import Actor

pytestmark = [pytest.mark.gui, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "flat_desktop"]
BOSS = Actor("S001", "supervisor", "e2e")
START_S = 45.0  # a cold Qt start on a busy PC
STEP_S = 30.0  # the longest a step may ask to wait (its minimum time, a confirmation)


@pytest.fixture
def x_display() -> Iterator[str]:
    """A fresh Xvfb on a display number it picks itself (free even with other displays running)."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (installer/bootstrap.sh installs them)")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        number = b""
        deadline = time.monotonic() + 20
        while not number.endswith(b"\n"):
            ready, _w, _x = select.select([read], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(read, 16) if ready else b""
            if not chunk:
                pytest.fail(f"Xvfb did not start (exit status {xvfb.poll()})")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read)
        xvfb.terminate()
        try:
            xvfb.wait(10)
        except subprocess.TimeoutExpired:
            xvfb.kill()
            xvfb.wait(5)


def read_codes(pdf: Path) -> list[str]:
    """The Code 128 payloads on a printed PDF, read from its pixels as a scanner would read paper."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        found: list[str] = []
        for page in doc:
            image = page.render(scale=200 / 72).to_pil().convert("L")
            found += [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)]
        return found
    finally:
        doc.close()


def printed(env: dict[str, str], out: Path, *args: str) -> list[str]:
    cli(env, "print", *args, "-o", str(out))
    return read_codes(out)


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*CLI, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"flat-desktop {' '.join(args)}: {done.stderr}"
    return done.stdout


def pick_worker(db: Database) -> str:
    """A worker with nothing in progress and no open help call, the quickest profile first
    (no "are you sure?", the shortest minimum time on a step)."""
    busy = {j.assignee for j in board.jobs(db, BOSS, statuses=("in_progress", "paused"))}
    free = [w for w in people.workers(db)
            if w.role == "worker" and w.active and w.code not in busy and help.open_call_for(db, w.code) is None]
    assert free, "the demo has no free worker"
    return min(free, key=lambda w: (w.present, w.profile.confirm_done, w.profile.min_dwell_s, w.code)).code


def test_badge_ticket_and_steps_typed_by_xdotool_finish_a_job(demo_template, tmp_path, x_display):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    db_file = home / "data" / "flat.sqlite3"
    shutil.copy(demo_template, db_file)
    env = {**os.environ, "FLAT_HOME": str(home), "FLAT_LANG": "ja", "DISPLAY": x_display}
    env.pop("QT_QPA_PLATFORM", None)  # the real X platform, not offscreen
    env.pop("FLAT_DB", None)
    db = Database(f"sqlite:///{db_file}")
    app: subprocess.Popen[bytes] | None = None
    out = (tmp_path / "station.out").open("wb")
    try:
        worker = pick_worker(db)
        code = next(j.code for j in board.jobs(db, BOSS, statuses=("assigned", "received"))
                    if j.type == "enclosing" and j.assignee != worker)
        cli(env, "jobs", "assign", code, worker, "--reason", "test")
        steps = board.job(db, code).steps
        assert {st.kind for st in steps} <= {"plain", "check", "count", "machine"}

        # What the worker and the machines carry, read back from the printed paper.
        badge = [p for p in printed(env, tmp_path / "badge.pdf", "badges", worker)
                 if (s := codes.parse(p)) and s.kind is codes.CodeKind.BADGE]
        assert len(badge) == 1
        ticket = [p for p in printed(env, tmp_path / "ticket.pdf", "ticket", code)
                  if (s := codes.parse(p)) and s.kind is codes.CodeKind.TICKET and s.value == code]
        assert ticket, "the ticket's barcode was not read"
        free = [m for m in machines.machines(db) if not m.out_of_order and m.in_use_job is None]
        wanted = {st.machine_type for st in steps if st.kind == "machine"}
        chosen = {t: next(m.code for m in free if m.type == t) for t in wanted}
        labels = printed(env, tmp_path / "machines.pdf", "machine-labels", *chosen.values())
        label_for = {codes.parse(p).value: p for p in labels if codes.parse(p)}  # type: ignore[union-attr]
        assert set(label_for) >= set(chosen.values())

        journal = home / "log" / "station.jsonl"

        def log() -> list[dict]:
            if not journal.exists():
                return []
            return [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines() if line.strip()]

        def until(what: str, check: Callable[[], bool], timeout: float) -> None:
            deadline = time.monotonic() + timeout
            while not check():
                assert app is not None
                if app.poll() is not None:
                    pytest.fail(f"the station ended (status {app.returncode}) waiting for {what}:\n"
                                + (tmp_path / "station.out").read_text(errors="replace")[-3000:])
                if time.monotonic() > deadline:
                    pytest.fail(f"timed out waiting for {what}; the station's log ends:\n"
                                + "\n".join(json.dumps(r, ensure_ascii=False) for r in log()[-12:]))
                time.sleep(0.1)

        def xdo(*args: str) -> None:
            subprocess.run(["xdotool", *args], env=env, check=True, timeout=20)

        def scan(payload: str) -> None:
            xdo("type", "--delay", "10", payload)
            xdo("key", "Return")  # a "\n" typed would be a line feed, not Enter

        def step_state(position: int) -> str:
            return next(st.state for st in board.job(db, code).steps if st.position == position)

        def enter_until_done(position: int) -> None:
            """Enter, as often as the step asks: its minimum time may refuse it, a confirmation
            takes a second one. Each press waits for the database before the next."""
            deadline = time.monotonic() + STEP_S
            while step_state(position) != "done":
                assert time.monotonic() < deadline, f"step {position} did not finish"
                xdo("key", "Return")
                settle = time.monotonic() + 1.0
                while step_state(position) != "done" and time.monotonic() < settle:
                    time.sleep(0.05)

        began = time.monotonic()
        app = subprocess.Popen([*CLI, "station", "--station", "e2e"], env=env, cwd=ROOT, stdout=out,
                               stderr=subprocess.STDOUT)
        until("the sign-in screen", lambda: any(r.get("screen") == "sign_in" for r in log()), START_S)
        until("the station's window", lambda: subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)], env=env, capture_output=True,
            timeout=10).returncode == 0, START_S)

        scan(badge[0])
        until("the badge to sign in", lambda: any(r.get("verdict") == "signed_in" for r in log()), 15)
        scan(ticket[0])
        until("the ticket to start the job", lambda: board.job(db, code).status == "in_progress", 15)
        for st in steps:
            if st.kind == "machine":
                machine = chosen[st.machine_type]
                scan(label_for[machine])
                until(f"{machine} to start", lambda m=machine: board.job(db, code).machine_in_use == m, 15)
            elif st.kind == "count" and st.target:
                xdo("key", "--repeat", str(math.ceil(st.target / 10)), "--delay", "20", "Prior")  # +10 each
            enter_until_done(st.position)
        until("the finish screen", lambda: any(r.get("screen") == "finish" for r in log()), 15)
        scan(ticket[0])
        until("the job to finish", lambda: board.job(db, code).status == "done", 15)
        took = time.monotonic() - began

        shown = json.loads(cli(env, "jobs", "show", code, "--json"))
        assert shown["status"] == "done" and shown["assignee"] == worker
        assert all(st["state"] == "done" for st in shown["steps"])
        events = json.loads(cli(env, "events", "--job", code, "--json"))
        types = [e["type"] for e in events]
        assert types.count("job_started") == 1 and types.count("job_finished") == 1
        assert types.count("step_done") == len(steps)
        assert {e["worker"] for e in events if e["type"] in ("job_started", "step_done", "job_finished")} == {worker}
        assert any(r.get("verdict") == "finished" and r.get("job") == code for r in log())
        assert took < 90, f"the run took {took:.0f} s"
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(15)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(5)
        out.close()
        db.dispose()
