"""A station process is killed (kill -9) while offline and restarted before the server comes
back: the work done before and after the crash reaches the server exactly once."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from flat_desktop.db import Database
from flat_desktop.services import board
from tests.sync.jobs import BOSS, new_job
from tests.sync.proxy import Proxy, via

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


class Station:
    """A station subprocess whose output lines are read on a thread (waits have deadlines)."""

    def __init__(self, *args: str, home: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "FLAT_HOME": str(home)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.station_proc", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.proc.stdout is not None
        out = self.proc.stdout
        threading.Thread(target=lambda: [self.lines.put(x.strip()) for x in out], daemon=True).start()

    def expect(self, word: str, timeout: float = 60.0) -> list[str]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"station said nothing, expected {word}") from None
        assert line.split()[0] == word, line
        return line.split()[1:]

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        for f in (self.proc.stdin, self.proc.stdout):
            if f is not None:
                f.close()


def test_kill_9_while_offline_then_restart_before_the_server_returns(
    server: Database, server_url: str, tmp_path: Path
) -> None:
    code = new_job(server)
    board.assign(server, BOSS, code, "W001")
    cache = str(tmp_path / "station" / "cache.sqlite3")
    with Proxy(make_url(server_url).port or 5432) as proxy:
        url = via(proxy, server_url)
        first = Station("begin", url, cache, code, home=tmp_path / "home")
        try:
            first.expect("READY")
            proxy.cut()
            first.send("GO")
            (waiting,) = first.expect("WORKED")
            assert int(waiting) > 0
            os.kill(first.proc.pid, signal.SIGKILL)  # the power cut
            assert first.proc.wait(10) == -signal.SIGKILL
        finally:
            first.close()
        sent_before = len(board.events(server, job=code))

        second = Station("resume", url, cache, code, home=tmp_path / "home")
        try:
            status, waiting, online = second.expect("FINISHED")
            assert (status, online) == ("done", "0") and int(waiting) > 0
            assert board.job(server, code).status == "in_progress"  # the server has not heard yet
            assert len(board.events(server, job=code)) == sent_before
            proxy.restore()
            second.expect("SENT")
            assert second.proc.wait(20) == 0
        finally:
            second.close()

    events = board.events(server, job=code)
    ids = [e.id for e in events]
    assert len(ids) == len(set(ids))
    assert board.job(server, code).status == "done"
    steps = Counter(e.step for e in events if e.type == "step_done")
    assert sorted(steps) == [st.position for st in board.job(server, code).steps] and set(steps.values()) == {1}
    assert [e.type for e in events].count("job_finished") == 1
    # Every event the station made is there (the cache survived the kill): compare with it.
    local = Database(f"sqlite:///{cache}")
    try:
        assert {e.id for e in board.events(local, job=code)} == set(ids)
    finally:
        local.dispose()
