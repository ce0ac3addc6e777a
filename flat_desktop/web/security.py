"""What keeps the ordering desk safe on an office network: the CSRF token of every form, the
sign-in rate limit per address, and the response headers of every page."""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import secrets
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

CSRF_FIELD = "csrf"
SIGN_IN_LIMIT = 10  # failed sign-ins from one address ...
SIGN_IN_WINDOW = dt.timedelta(minutes=5)  # ... within this time; then every sign-in is refused until it passes

# Only our own files: no inline script, no other site, no frames around our pages.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


class RateLimiter:
    """At most ``limit`` failed attempts per key (a remote address) within ``window``; after that
    every attempt is refused until the oldest failure is ``window`` old. Only failures count, so an
    office behind one address (NAT, the reverse proxy without ``--proxies``) signing in all
    morning is never stopped. The clock is given so a test moves it instead of waiting."""

    def __init__(self, limit: int = SIGN_IN_LIMIT, window: dt.timedelta = SIGN_IN_WINDOW,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._seen: dict[str, deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: dt.datetime) -> deque[dt.datetime]:
        times = self._seen.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def allow(self, key: str) -> bool:
        """False while ``key`` has had ``limit`` failures within the window."""
        with self._lock:
            return len(self._recent(key, self.clock())) < self.limit

    def failed(self, key: str) -> None:
        """Count a failed attempt from ``key``."""
        now = self.clock()
        with self._lock:
            self._recent(key, now).append(now)
            if len(self._seen) > 10_000:  # forget quiet addresses; the map never grows without end
                for k in [k for k, v in self._seen.items() if not v]:
                    del self._seen[k]


def secret_key(folder: Path) -> bytes:
    """The key that signs the desk's session cookies, made once and kept (readable by the owner
    only), so that a restart does not sign everyone out."""
    path = folder / "web-secret.key"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    data = secrets.token_bytes(48)
    path.write_bytes(data)
    with contextlib.suppress(OSError):
        path.chmod(0o600)
    return data
