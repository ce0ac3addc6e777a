"""Throw-away databases on the PostgreSQL server at 127.0.0.1:5432 (trust auth)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest

SERVER = os.environ.get("FLAT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


def _admin():  # type: ignore[no-untyped-def]
    import psycopg

    dsn = SERVER.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(dsn + "/postgres", autocommit=True, connect_timeout=3)


def available() -> bool:
    try:
        with _admin():
            return True
    except Exception:
        return False


@contextmanager
def temp_database(template: str | None = None, *, prefix: str = "flat_test") -> Iterator[str]:
    """Create a fresh database (a copy of the database named ``template``, if given), yield its
    URL, drop it afterwards."""
    if not available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield f"{SERVER}/{name}"
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_of(template_url: str, *, prefix: str = "flat_test") -> AbstractContextManager[str]:
    """A fresh copy of the database at ``template_url`` (nobody may be connected to it)."""
    return temp_database(template_url.rsplit("/", 1)[1], prefix=prefix)


def drop_roles(url: str, prefix: str) -> None:
    """Drop the roles ``db roles --prefix`` made for the test database at ``url`` (roles belong
    to the whole server, so each test uses its own prefix)."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
        names = [r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (prefix + "\\_%",))]
        for name in names:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (name,)
            )
        if names:
            conn.execute("DROP OWNED BY " + ", ".join(f'"{n}"' for n in names))
        for name in sorted(names, key=len, reverse=True):
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')
