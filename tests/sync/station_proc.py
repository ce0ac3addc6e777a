"""A station process for the kill -9 tests: ``python -m tests.sync.station_proc PHASE SERVER
CACHE JOB [STEPS]``. It talks on stdout (one word a line) and listens on stdin.

- ``begin``: sync, sign W001 in, start the job and do STEPS steps (one by default), wait
  until they are sent, say READY; on GO (the network is cut by then) do two more steps, or on
  ``WORK n`` do n more steps at once (the link in whatever state it is), say WORKED with how
  many wait to be sent, then wait to be killed.
- ``resume`` (started while the network is still cut): sign in on the cache, finish the
  job, say FINISHED; when the outbox is empty (the network is back) say SENT and exit.

The tests run ``child`` instead, in a process forked from a multiprocessing fork server that
only imported this module (no thread, no connection, no file open), and talk over a pipe: the
same code in a process of its own, without a second of imports at each of the soak's hundred
starts.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from flat_desktop.services import board
from flat_desktop.sync import cache as sync_cache
from flat_desktop.sync import open_station
from tests.sync.jobs import do_steps, finish, sign_in

DEADLINE_S = 60.0  # never outlive a broken test


def _print(word: str) -> None:
    print(word, flush=True)


def _read() -> list[str]:
    return sys.stdin.readline().split()


say: Callable[[str], None] = _print
read: Callable[[], list[str]] = _read


def wait(cond: object, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if cond():  # type: ignore[operator]
            return
        time.sleep(0.02)
    say(f"TIMEOUT {what}")
    sys.exit(2)


def main(phase: str, server: str, cache: str, job: str, steps: str = "1") -> int:
    link = open_station(server, Path(cache), "station-k")
    link.start()
    if phase == "begin":
        wait(lambda: link.status().synced and board.job(link.db, job).assignee == "W001", "job in cache")
        me = sign_in(link.db, "W001", "station-k")
        do_steps(link.db, me, job, int(steps))
        wait(lambda: sync_cache.waiting(link.db) == 0, "first steps sent")  # the outbox itself, not a status
        say("READY")
        command = read()
        if command == ["GO"]:
            wait(lambda: not link.status().online, "offline")
            do_steps(link.db, me, job, 2)
            say(f"WORKED {sync_cache.waiting(link.db)}")
        elif command[:1] == ["WORK"]:
            do_steps(link.db, me, job, int(command[1]))
            say(f"WORKED {sync_cache.waiting(link.db)}")
        time.sleep(DEADLINE_S)  # killed here
        return 1
    me = sign_in(link.db, "W001", "station-k")
    job_view = finish(link.db, me, job)
    say(f"FINISHED {job_view.status} {sync_cache.waiting(link.db)} {int(link.status().online)}")
    wait(lambda: link.status().online and sync_cache.waiting(link.db) == 0, "outbox sent")
    say("SENT")
    link.stop()
    return 0


def child(args: list[str], conn: Connection, home: str) -> None:
    """The process body under the tests' fork server: lines over ``conn``, output and logging
    to /dev/null (as the tests' ``stderr=DEVNULL`` did), its own FLAT_HOME."""
    global say, read
    os.environ["FLAT_HOME"] = home
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)

    def say_on_pipe(word: str) -> None:
        conn.send(word)

    def read_from_pipe() -> list[str]:
        try:
            return str(conn.recv()).split()
        except EOFError:
            return []

    say, read = say_on_pipe, read_from_pipe
    sys.exit(main(*args))


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
