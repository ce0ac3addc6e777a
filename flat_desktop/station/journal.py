"""The station's own JSON-lines log: every screen shown, utterance spoken and scan received.

The event ledger in the database records what the worker *did*; this file records what the
station *showed and said*, so a supervisor can replay a confusing moment afterwards.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from flat_desktop.events import utcnow

log = logging.getLogger(__name__)


class Journal:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fh = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._fh = path.open("a", encoding="utf-8")
            except OSError as exc:  # a full or read-only disk must not stop the work
                log.warning("station log %s not writable: %s", path, exc)

    def write(self, kind: str, **data: Any) -> None:
        if self._fh is None:
            return
        row = {"at": utcnow().isoformat(), "kind": kind, **data}
        try:
            self._fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            self._fh.flush()
        except OSError as exc:
            log.warning("station log write failed: %s", exc)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
