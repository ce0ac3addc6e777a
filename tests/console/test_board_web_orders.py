"""An order placed at the web ordering desk reaches the board through the same change feed,
marked 【Web】 on its card, and keeps the mark when the card changes; placed in the desk's pages
(Flask's test client) while a console is open, it shows up once the console's feed polls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.job_page import JobPageDialog
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import accounts, orders
from flat_desktop.services.context import Actor
from flat_desktop.services.corrections import job_of_order
from flat_desktop.services.orders import OrderRequest
from flat_desktop.web import create_app
from tests.web.conftest import make_accounts, post, sign_in
from tests.web.test_desk import ENCLOSING

from .conftest import sync


def test_a_web_order_is_marked_on_the_board(qtbot: QtBot, console: ConsoleWindow, supervisor: Actor) -> None:
    db = console.ctx.db
    sync(qtbot, console)
    web = orders.create(db, Actor.web(1, "発注 太郎"), OrderRequest(
        job_type="copying", title="ウェブからの資料", quantity=20, spec={"originals": 5}, requester_id=1)).job
    by_console = orders.create(db, console.ctx.actor, OrderRequest(
        job_type="copying", title="窓口の資料", quantity=20, spec={"originals": 5}, department="jinji")).job
    sync(qtbot, console)
    assert "【Web】" in console.board.card(web).split("\n")[0]
    assert "【Web】" not in console.board.card(by_console)
    from flat_desktop.services import corrections

    corrections.hold(db, supervisor, web, "原稿待ち")  # the card changes: the mark stays
    sync(qtbot, console)
    assert "【Web】" in console.board.card(web)


def test_an_order_placed_in_a_browser_reaches_an_open_console_marked(
        qtbot: QtBot, console: ConsoleWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole way: a requester signs in at the desk (Flask's test client), orders; the open
    console's board shows the card, marked 【Web】, once its change feed has polled. The requester's
    comment from the order's page then reaches the job's page on the console, and the station's
    answer written there reaches the order's page at the desk."""
    monkeypatch.setattr(accounts, "hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", [])
    db = console.ctx.db
    requester, _colleague, _other = make_accounts(db)
    client = create_app(db, secret_key=b"t" * 48, files=tmp_path / "desk-files").test_client()
    sign_in(client, requester.staff_no)
    sync(qtbot, console)

    r = post(client, "/order/enclosing", ENCLOSING)
    assert r.status_code == 302  # type: ignore[attr-defined]
    found = re.search(r"/orders/(O-[0-9-]+)", r.headers["Location"])  # type: ignore[attr-defined]
    assert found
    order = found.group(1)
    code = job_of_order(db, order)
    assert code not in console.board.jobs  # the board has not heard of it yet
    sync(qtbot, console)  # the feed's next poll
    assert code in console.board.jobs and console.board.column_of(code) == "received"
    first_line = console.board.card(code).split("\n")[0]
    assert first_line.startswith(code) and "【Web】" in first_line
    assert "説明会の案内" in console.board.card(code)

    assert post(client, f"/orders/{order}/comment", {"text": "封筒は窓付きでお願いします"},
                page=f"/orders/{order}").status_code == 302  # type: ignore[attr-defined]
    sync(qtbot, console)
    console.board.select([code])
    qtbot.keyClick(console.board.columns["received"], Qt.Key.Key_Return)
    dlg = [d for d in console.board.findChildren(JobPageDialog) if d.page.job.code == code][-1]
    assert "封筒は窓付きでお願いします" in dlg.plain() and requester.name in dlg.plain()
    assert dlg.comment is not None
    dlg.comment.text.setPlainText("窓付きは在庫がありません。窓なしでよろしいですか")
    qtbot.keyClick(dlg.comment.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    html = client.get(f"/orders/{order}").get_data(as_text=True)
    assert "窓付きは在庫がありません。窓なしでよろしいですか" in html
