"""Throw-away databases on the PostgreSQL server at 127.0.0.1:5432 (trust auth)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

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
def temp_database() -> Iterator[str]:
    """Create a fresh database, yield its URL, drop it afterwards."""
    if not available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    name = f"flat_test_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
