"""Counts in progress, kept on the station's disk at every change.

A count step's number lives on screen until the worker presses Done; a crash or a power cut
before that would take 400 counted envelopes back to 0. This small file holds the running
count of every step being counted here (by job and step), written and synced before the
screen shows the new number, and read when the step is shown again. The count itself is
recorded in the database when the step is done; the file entry goes then.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


class Tally:
    """Running counts by job and step; ``path`` None keeps them in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._counts: dict[str, int] = {}
        if path is not None:
            self._counts = _read(path)

    def get(self, job: str, step: int) -> int:
        return self._counts.get(_key(job, step), 0)

    def set(self, job: str, step: int, count: int) -> None:
        key = _key(job, step)
        if self._counts.get(key) == count:
            return
        if count:
            self._counts[key] = count
        else:
            self._counts.pop(key, None)
        self._write()

    def forget(self, job: str, step: int | None = None) -> None:
        """The step's count is recorded (or the job is finished): its running count goes."""
        prefix = f"{job}/"
        gone = [k for k in self._counts if (k == _key(job, step) if step is not None else k.startswith(prefix))]
        for k in gone:
            del self._counts[k]
        if gone:
            self._write()

    def _write(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("w", encoding="utf-8") as fh:
                json.dump(self._counts, fh)
                fh.flush()
                os.fsync(fh.fileno())  # a power cut must not take the count back
            os.replace(tmp, self.path)
        except OSError as exc:  # a full or read-only disk must not stop the work
            log.warning("count file %s not writable: %s", self.path, exc)


def _key(job: str, step: int | None) -> str:
    return f"{job}/{step}"


def _read(path: Path) -> dict[str, int]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:  # a damaged file: the counts start again at 0
        log.warning("count file %s unreadable: %s", path, exc)
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool) and v > 0}
