"""A database that cannot be used is refused in the user's language: what is wrong and what to
do, never the driver's English ("Connection refused ... Is the server running"), which goes to
the log for the person who looks after the server."""

from __future__ import annotations

import logging
import re

import pytest

from flat_desktop.db.database import Database, trouble_of
from flat_desktop.errors import DatabaseUnavailable
from flat_desktop.i18n import set_language

ENGLISH = re.compile(r"connection refused|is the server running|does not exist|failed|FATAL|Errno", re.I)
CASES = (
    ("postgresql+psycopg://postgres@127.0.0.1:1/test", "refused", ("127.0.0.1:1", "動いて")),
    ("postgresql+psycopg://postgres@127.0.0.1:5432/no_such_station_db", "no_database",
     ("no_such_station_db", "データベース名")),
    ("postgresql+psycopg://nobody_at_all@127.0.0.1:5432/test", "no_user", ("nobody_at_all", "ユーザー名")),
    ("postgresql+psycopg://postgres@no-such-host.invalid/test", "unknown_host", ("no-such-host.invalid", "ホスト名")),
)


@pytest.fixture(autouse=True)
def japanese() -> None:
    set_language("ja")


@pytest.mark.parametrize(("url", "kind", "words"), CASES, ids=[c[1] for c in CASES])
def test_connection_errors_are_told_in_japanese(url: str, kind: str, words: tuple[str, ...],
                                                caplog: pytest.LogCaptureFixture) -> None:
    """Each way a real connection fails gets its own Japanese message and a hint saying what to
    check; the driver's text is logged, not shown."""
    db = Database(url)
    try:
        with caplog.at_level(logging.WARNING, logger="flat_desktop.db.database"), \
                pytest.raises(DatabaseUnavailable) as refused:
            db.check()
    finally:
        db.dispose()
    shown = str(refused.value)
    assert trouble_of(refused.value.__cause__) == kind  # type: ignore[arg-type]
    assert not ENGLISH.search(shown), shown
    assert all(w in shown for w in words), shown
    assert refused.value.hint and re.search(r"[ぁ-んァ-ン一-龯]", refused.value.message)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert kind in logged and url.split("@")[1].split("/")[0].split(":")[0] in logged


def test_driver_words_are_sorted_into_troubles() -> None:
    """Messages that need no server to reproduce (a bad password, a lost connection, a busy file)."""
    assert trouble_of(Exception('FATAL:  password authentication failed for user "x"')) == "password"
    assert trouble_of(Exception("server closed the connection unexpectedly")) == "lost"
    assert trouble_of(Exception("database is locked")) == "locked"
    assert trouble_of(Exception("connection timeout expired")) == "timeout"
    assert trouble_of(Exception("something new")) == "other"
