"""The web ordering desk on a private copy of the demo: three accounts (two requesters of one
department, one of another), a cheap argon2 setting so a sign-in costs no real time, and a
Flask test client per requester."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from flat_desktop.db import Database
from flat_desktop.db.models import Requester, WebAccount
from flat_desktop.services import accounts
from flat_desktop.services.context import Actor
from flat_desktop.web import create_app
from flat_desktop.web.security import RateLimiter

PASSWORD = "correct horse battery"
BOSS = Actor("S001", "supervisor", "console-test", "boss")


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id still, with the smallest cost: tests check the rules, not the hash's strength."""
    monkeypatch.setattr(accounts, "hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", [])


@dataclass
class Desk:
    db: Database
    app: Flask
    clock: list[dt.datetime]
    limiter: RateLimiter
    files: Path  # where attached files are kept
    a: accounts.AccountView  # requester A of department 1
    b: accounts.AccountView  # requester B of the same department
    c: accounts.AccountView  # requester C of another department

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def signed_in(self, who: accounts.AccountView) -> FlaskClient:
        c = self.client()
        sign_in(c, who.staff_no)
        return c


def csrf_of(client: FlaskClient, path: str = "/signin") -> str:
    import re

    html = client.get(path).get_data(as_text=True)
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, html[:500]
    return m.group(1)


def sign_in(client: FlaskClient, staff_no: str, password: str = PASSWORD) -> object:
    token = csrf_of(client)
    return client.post("/signin", data={"staff_no": staff_no, "password": password, "csrf": token})


def post(client: FlaskClient, path: str, data: dict[str, str], *, page: str | None = None) -> object:
    """A form sent as a browser sends it: with the CSRF token of the page it came from."""
    return client.post(path, data={**data, "csrf": csrf_of(client, page or path)})


def make_accounts(db: Database) -> tuple[accounts.AccountView, accounts.AccountView, accounts.AccountView]:
    with db.reader() as s:
        people = s.scalars(select(Requester).order_by(Requester.id)).all()
        first = people[0]
        same = next(r for r in people[1:] if r.department_id == first.department_id)
        other = next(r for r in people if r.department_id != first.department_id)
        ids = (first.id, same.id, other.id)
    made = []
    for n, rid in zip(("100001", "100002", "200001"), ids, strict=True):
        view, _pw = accounts.add_for_requester(db, BOSS, rid, n, password=PASSWORD)
        made.append(view)
    with db.session() as s:  # they chose their own passwords already
        for a in s.scalars(select(WebAccount)):
            a.must_change = False
    return made[0], made[1], made[2]


@pytest.fixture
def desk(demo_db: Database, tmp_path: Path) -> Iterator[Desk]:
    a, b, c = make_accounts(demo_db)
    clock = [dt.datetime.now(dt.UTC)]
    limiter = RateLimiter(clock=lambda: clock[0])
    files = tmp_path / "desk-files"
    app = create_app(demo_db, secret_key=b"t" * 48, limiter=limiter, clock=lambda: clock[0], files=files)
    app.testing = False  # errors are shown as the desk shows them, not raised into the test
    yield Desk(demo_db, app, clock, limiter, files, accounts.current(demo_db, a.id, 1) or a, b, c)
