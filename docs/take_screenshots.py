"""Take the README's screenshots the way a worker and a supervisor use the apps: the station and
the console run on a virtual display (Xvfb) over a fresh demo, and every scan is typed by
xdotool the way a USB scanner types (characters, then Return).

    .venv/bin/python docs/take_screenshots.py [OUTDIR]     # default: docs/screenshots

Needs xvfb, xdotool and imagemagick (installed by ``installer/bootstrap.sh``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flat_desktop import codes
from flat_desktop.config import Paths
from flat_desktop.db import Database
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.services import board, help, holders, orders, people
from flat_desktop.services.context import Actor

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "flat_desktop"]
DISPLAY = ":57"
SIZE = "1920x1080x24"
MACHINE_FOR = {"copier": "CP01", "cutter": "CT01", "sealer": "SL01", "folder": "FD01", "badge_press": "BP01",
               "laminator": "LM01", "label_printer": "LP01", "scanner": "SC01", "printer": "PR01"}
BOSS = Actor("S001", "supervisor", "screenshots")


class Screen:
    def __init__(self, out: Path, env: dict[str, str]) -> None:
        self.out, self.env = out, env

    def xdo(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True)

    def scan(self, payload: str) -> None:
        self.xdo("type", "--delay", "8", payload)
        self.xdo("key", "Return")
        time.sleep(1.5)

    def key(self, *keys: str, wait: float = 1.0) -> None:
        for k in keys:
            self.xdo("key", k)
            time.sleep(0.3)
        time.sleep(wait)

    def shot(self, name: str) -> None:
        subprocess.run(["import", "-window", "root", str(self.out / f"{name}.png")], env=self.env, check=True)
        print("  ", name)


def cli(env: dict[str, str], *args: str) -> str:
    return subprocess.run([*CLI, *args], env=env, check=True, capture_output=True, text=True).stdout


def pick(db: Database, env: dict[str, str], *, largest: bool) -> tuple[str, str, int]:
    """An enclosing job given to a worker who has nothing running (so the station starts fresh):
    the one with the largest text, or the first one."""
    busy = {j.assignee for j in board.jobs(db, BOSS, statuses=("in_progress", "paused"))}
    listed = [w for w in json.loads(cli(env, "workers", "--json")) if w["role"] == "worker"]
    free = [people.worker(db, w["code"]) for w in listed if w["code"] not in busy]
    who = max(free, key=lambda w: w.profile.text_pt) if largest else free[0]
    job = next(j for j in board.jobs(db, BOSS, statuses=("assigned", "received"))
               if j.type == "enclosing" and j.assignee != who.code)
    cli(env, "jobs", "assign", job.code, who.code, "--reason", "screenshots")
    return job.code, codes.badge_payload(who.badge), who.profile.text_pt


def largest_text(screen: Screen, db: Database, env: dict[str, str]) -> None:
    """The free worker with the largest text (up to 72 pt): nothing may be cut off."""
    code, badge, pt = pick(db, env, largest=True)
    app = subprocess.Popen([*CLI, "station", "--station", "station-05"], env=env)
    try:
        time.sleep(8)
        screen.scan(badge)
        screen.shot(f"station-my-jobs-{pt}pt")
        screen.scan(codes.ticket_payload(code))
        screen.shot(f"station-step-{pt}pt")
        screen.scan(codes.machine_payload("CP01"))  # no machine on this step: refused, said why
        screen.shot(f"station-error-{pt}pt")
        screen.key("F3", wait=2)
        screen.shot(f"station-help-{pt}pt")
    finally:
        app.terminate()
        app.wait(20)


def station(screen: Screen, db: Database, env: dict[str, str]) -> None:
    code, badge, _pt = pick(db, env, largest=False)
    app = subprocess.Popen([*CLI, "station", "--station", "station-03"], env=env)
    try:
        time.sleep(8)
        screen.shot("station-sign-in")  # this display has no sound: the quiet no-sound line shows
        screen.scan(badge)
        screen.shot("station-my-jobs")
        screen.scan(codes.ticket_payload(code))
        taken: set[str] = set()
        for st in board.job(db, code).steps:
            if st.kind == "machine":
                screen.scan(codes.machine_payload(MACHINE_FOR[st.machine_type or ""]))
                name = "station-machine-running"
            elif st.kind == "count":
                tens = math.ceil((st.target or 0) / 10)
                screen.xdo("key", "--repeat", str(tens), "--delay", "40", "Prior")
                name = "station-count"
            elif st.kind == "scan" and st.expected_code:
                screen.scan(st.expected_code)
                continue
            else:
                name = "station-step"
            if name not in taken:
                screen.shot(name)
                taken.add(name)
            # Enter until the station moves on: a step may ask to wait a moment (its minimum time)
            # and a worker's profile may ask "is it done?" before the step counts.
            deadline = time.monotonic() + 60
            while board.job(db, code).steps[st.position - 1].state != "done" and time.monotonic() < deadline:
                screen.key("Return", wait=1.5)
        screen.shot("station-finish")
        screen.scan(codes.ticket_payload(code))
        screen.shot("station-praise")
    finally:
        app.terminate()
        app.wait(20)


def free_worker(db: Database, env: dict[str, str], job_type: str, *, furigana: bool) -> people.WorkerView:
    """A worker with nothing running who may do ``job_type``, with furigana as asked and the
    whole step shown (full prompts)."""
    busy = {j.assignee for j in board.jobs(db, BOSS, statuses=("in_progress", "paused"))}
    listed = [w for w in json.loads(cli(env, "workers", "--json")) if w["role"] == "worker"]
    for w in listed:
        who = people.worker(db, w["code"])
        if who.code in busy or job_type not in {sk.job_type for sk in who.skills}:
            continue
        people.set_profile(db, BOSS, who.code, {**who.profile.to_dict(), "furigana": furigana})
        people.set_prompt_level(db, BOSS, who.code, job_type, "full")
        return people.worker(db, who.code)
    raise SystemExit(f"no free worker for {job_type}")


def worker_cues(screen: Screen, db: Database, env: dict[str, str]) -> None:
    """Furigana on My jobs and on a mail-round stop, the help button on My jobs and the answer a
    deaf worker sees, the scan a scan step waits for, and an enclosing order without folding."""
    who = free_worker(db, env, "mail_round", furigana=True)
    round_job = next(j for j in board.jobs(db, BOSS, statuses=("assigned", "received")) if j.type == "mail_round")
    if round_job.assignee != who.code:
        cli(env, "jobs", "assign", round_job.code, who.code, "--reason", "screenshots")
    flat = orders.create(db, BOSS, orders.OrderRequest("enclosing", "研修案内の送付", 120,
                                                         spec={"fold": "none", "seal": False})).job
    assert flat is not None
    cli(env, "jobs", "assign", flat, who.code, "--reason", "screenshots")
    app = subprocess.Popen([*CLI, "station", "--station", "station-04"], env=env)
    try:
        time.sleep(8)
        screen.scan(codes.badge_payload(who.badge))
        screen.shot("station-my-jobs-furigana")
        screen.key("F3", wait=2)
        screen.shot("station-help-my-jobs")
        call = help.open_call_for(db, who.code)
        if call is not None:
            help.answer(db, BOSS, call.id)
        time.sleep(3)  # the station's change feed brings the answer
        screen.shot("station-help-answered")
        screen.scan(codes.ticket_payload(flat))
        screen.shot("station-enclosing-no-fold")
        screen.key("F4", wait=2)  # a break, so the round can be started; the enclosing job waits
        screen.scan(codes.badge_payload(who.badge))
        screen.scan(codes.badge_payload(who.badge))  # asked first, then signed out
        screen.scan(codes.badge_payload(who.badge))
        screen.scan(codes.ticket_payload(round_job.code))
        for st in board.job(db, round_job.code).steps:
            if st.kind == "scan":
                screen.shot("station-mail-round-stop")
                screen.key("Return", wait=2)  # Done on a scan step: it shows what to scan
                screen.shot("station-scan-cue")
                break
            deadline = time.monotonic() + 60
            while board.job(db, round_job.code).steps[st.position - 1].state != "done" and time.monotonic() < deadline:
                screen.key("Return", wait=1.5)
    finally:
        app.terminate()
        app.wait(20)


def late_work(db: Database) -> str:
    """Two orders the board marks in words: one past its due time, one that cannot be done in
    time at the standard pace; and the code of a finished job that waits for its check."""
    now = dt.datetime.now(dt.UTC)
    late = orders.OrderRequest("copying", "議会資料（期限切れの例）", 300, due=now - dt.timedelta(hours=2))
    orders.create(db, BOSS, late, now=now - dt.timedelta(hours=5))  # ordered this morning, due at noon
    risky = orders.OrderRequest("copying", "監査資料（間に合わない例）", 4000, due=now + dt.timedelta(minutes=40))
    orders.create(db, BOSS, risky, confirmed=True)
    waiting = [j for j in board.jobs(db, BOSS, statuses=("done",)) if not j.checked]
    return next((j.code for j in waiting if j.type == "enclosing"), waiting[0].code)  # a type that is checked


def cards_sheet(out: Path, db: Database, env: dict[str, str]) -> None:
    """A business-cards order for six people of one section, printed as the CLI prints it."""
    people_ = [
        holders.Holder("山田 花子", "やまだ はなこ", "課長", "総務部 人事課", "011-231-4111", "yamada@example.lg.jp"),
        holders.Holder("佐藤 太郎", "さとう たろう", "主査", "総務部 人事課", "011-231-4112", "sato@example.lg.jp"),
        holders.Holder("鈴木 一郎", "すずき いちろう", "主任", "総務部 人事課", "011-231-4113", "suzuki@example.lg.jp"),
        holders.Holder("高橋 美咲", "たかはし みさき", "主事", "総務部 人事課", "011-231-4114",
                       "takahashi@example.lg.jp"),
        holders.Holder("田中 健", "たなか けん", "主事", "総務部 人事課", "011-231-4115", "tanaka@example.lg.jp"),
        holders.Holder("伊藤 さくら", "いとう さくら", "会計年度任用職員", "総務部 人事課", "011-231-4116",
                       "ito@example.lg.jp"),
    ]
    made = orders.create(db, BOSS, orders.OrderRequest("cards", "人事課の名刺", 600, rows=tuple(people_)))
    assert made.order is not None
    pdf = out / "cards.pdf"
    cli(env, "print", "cards", made.order, "-o", str(pdf))
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(out / "print-cards-sheet")],
                   check=True)
    pdf.unlink()
    print("   print-cards-sheet")


def console(screen: Screen, db: Database, env: dict[str, str]) -> None:
    to_check = late_work(db)
    app = subprocess.Popen([*CLI, "console", "--station", "console-01"], env=env)
    try:
        time.sleep(8)
        screen.shot("console-signin")
        screen.scan(codes.badge_payload("90001"))
        screen.xdo("type", SUPERVISOR_PIN)
        screen.key("Return", wait=4)
        screen.shot("console-board")
        screen.key("ctrl+f")  # search: every job of one type, of any age
        screen.xdo("type", "--delay", "30", "type:copying")
        screen.key("Return", wait=2)
        screen.shot("console-board-search")
        screen.key("alt+2", wait=2)  # orders: the standard spec of the first job type
        screen.shot("console-orders")
        screen.key("alt+5", wait=2)  # step templates: conditional steps say when they apply
        screen.shot("console-templates")
        tabs = (("alt+3", "console-help-calls"), ("alt+4", "console-machines"), ("alt+6", "console-routes"),
                ("alt+7", "console-worker-editor"), ("alt+8", "console-stations"), ("alt+9", "console-reports"),
                ("alt+0", "console-requesters"))
        for key, name in tabs:
            screen.key(key, wait=2)
            screen.shot(name)
        # Last: with no window manager on the virtual display, the keys go nowhere once a dialog closes.
        screen.key("alt+1", wait=2)
        screen.key("ctrl+f")  # the words typed take the place of the last search's
        screen.xdo("type", "--delay", "30", f"code:{to_check}")  # a finished job, found and checked (C)
        screen.key("Return", wait=2)
        screen.key("Down", "Return", wait=2)
        screen.key("c", wait=2)
        screen.shot("console-check")
        screen.key("Escape", wait=1)
    finally:
        app.terminate()
        app.wait(20)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="flat-shots-"))
    env = {**os.environ, "FLAT_HOME": str(home), "DISPLAY": DISPLAY, "FLAT_LANG": "ja", "PYTHONPATH": str(ROOT)}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("FLAT_DB", None)
    # -s 0: no screen saver (the console is shot more than ten minutes after the start)
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", SIZE, "-nolisten", "tcp", "-s", "0"])
    try:
        time.sleep(1)
        print("building the demo station…")
        cli(env, "demo")
        cli(env, "requesters", "demo")  # the web desk's demo accounts, listed on the console's Alt+0 tab
        os.environ["FLAT_HOME"] = str(home)
        db = Database(Paths.resolve().default_db_url)
        screen = Screen(out, env)
        station(screen, db, env)
        largest_text(screen, db, env)
        worker_cues(screen, db, env)
        console(screen, db, env)
        cards_sheet(out, db, env)
        db.dispose()
    finally:
        xvfb.terminate()
        xvfb.wait(10)
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
