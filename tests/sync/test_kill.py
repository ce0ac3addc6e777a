"""A station process is killed (kill -9) while offline and restarted before the server comes
back: the work done before and after the crash reaches the server exactly once."""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import subprocess
import threading
from collections import Counter
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from flat_desktop.db import Database
from flat_desktop.services import board
from tests.sync import station_proc
from tests.sync.jobs import BOSS, new_job
from tests.sync.proxy import Proxy, via

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


# Station processes are forked from a server that has imported their module once (see station_proc).
_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(["tests.sync.station_proc"])


class _Process:
    """The few ``subprocess.Popen`` calls the tests make, on a forked station process."""

    def __init__(self, process: BaseProcess) -> None:
        self._process = process
        self.pid = process.pid

    def poll(self) -> int | None:
        return self._process.exitcode

    def wait(self, timeout: float) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(f"station process {self.pid}", timeout)
        return self._process.exitcode

    def kill(self) -> None:
        self._process.kill()


class Station:
    """A station process (``tests.sync.station_proc``) whose lines are read on a thread (waits
    have deadlines)."""

    def __init__(self, *args: str, home: Path) -> None:
        ours, theirs = _FORKS.Pipe()
        process = _FORKS.Process(target=station_proc.child, args=(list(args), theirs, str(home)), daemon=True)
        process.start()
        theirs.close()
        self.proc = _Process(process)
        self._process = process
        self._conn = ours
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            while True:
                self.lines.put(str(self._conn.recv()).strip())
        except (EOFError, OSError):
            pass

    def expect(self, word: str, timeout: float = 60.0) -> list[str]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"station said nothing, expected {word}") from None
        assert line.split()[0] == word, line
        return line.split()[1:]

    def send(self, line: str) -> None:
        self._conn.send(line)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        self._conn.close()
        self._process.close()


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
