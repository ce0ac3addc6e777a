"""The desk on the station's PostgreSQL server: sign in, order, follow, comment, cancel."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from flat_desktop.db import Database
from flat_desktop.demo.build import create_demo
from flat_desktop.services import board
from flat_desktop.services.corrections import job_of_order
from flat_desktop.web import create_app
from flat_desktop.web.security import RateLimiter
from tests.helpers.postgres import temp_database
from tests.web.conftest import Desk, make_accounts, post
from tests.web.test_desk import ENCLOSING

pytestmark = pytest.mark.postgres


def test_the_desk_on_postgresql() -> None:
    with temp_database() as url:
        db = Database(url)
        try:
            create_demo(db, history_days=1)
            a, b, c = make_accounts(db)
            clock = [dt.datetime.now(dt.UTC)]
            app = create_app(db, secret_key=b"p" * 48, limiter=RateLimiter(clock=lambda: clock[0]))
            desk = Desk(db, app, clock, RateLimiter(), Path("/nonexistent"), a, b, c)
            client = desk.signed_in(a)
            r = post(client, "/order/enclosing", ENCLOSING)
            assert r.status_code == 302
            order = re.search(r"/orders/(O-[0-9-]+)", r.headers["Location"]).group(1)  # type: ignore[union-attr]
            job = job_of_order(db, order)
            assert board.job(db, job).status == "received"
            assert order in desk.signed_in(b).get("/orders?scope=dept").get_data(as_text=True)
            assert desk.signed_in(c).get(f"/orders/{order}").status_code == 404
            assert post(client, f"/orders/{order}/comment", {"text": "よろしく"}, page=f"/orders/{order}"
                        ).status_code == 302
            assert "よろしく" in client.get(f"/orders/{order}").get_data(as_text=True)
            seq = client.get("/api/seq").get_json()["seq"]
            assert post(client, f"/orders/{order}/cancel", {"reason": "不要になった"}, page=f"/orders/{order}"
                        ).status_code == 302
            assert board.job(db, job).status == "cancelled"
            assert client.get("/api/seq").get_json()["seq"] > seq
            assert "今月ステーションが" in client.get("/orders").get_data(as_text=True)
        finally:
            db.dispose()


def test_stations_never_read_the_desks_password_hashes_and_the_console_login_runs_the_desk() -> None:
    import uuid

    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    from flat_desktop.db.roles import make_roles
    from tests.helpers.postgres import drop_roles

    with temp_database() as url:
        owner = Database(url)
        prefix = f"w{uuid.uuid4().hex[:10]}"
        try:
            create_demo(owner, history_days=1)
            a, _b, _c = make_accounts(owner)
            made = {login.kind: login.url for login in make_roles(
                owner, stations=[("station-1", "s3cret-Pw")], console_password="s3cret-Pw", prefix=prefix)}
            station = Database(made["station"])
            try:
                with pytest.raises(ProgrammingError, match="permission denied"), station.reader() as s:
                    s.execute(text("SELECT password_hash FROM web_accounts"))
            finally:
                station.dispose()
            console = Database(made["console"])
            try:
                app = create_app(console, secret_key=b"c" * 48)
                desk = Desk(console, app, [dt.datetime.now(dt.UTC)], RateLimiter(), Path("/nonexistent"), a, a, a)
                client = desk.signed_in(a)
                assert post(client, "/order/enclosing", ENCLOSING).status_code == 302
            finally:
                console.dispose()
        finally:
            owner.dispose()
            drop_roles(url, prefix)
