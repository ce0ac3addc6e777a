"""An order placed at the web ordering desk reaches the board through the same change feed,
marked 【Web】 on its card, and keeps the mark when the card changes."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import orders
from flat_desktop.services.context import Actor
from flat_desktop.services.orders import OrderRequest

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
