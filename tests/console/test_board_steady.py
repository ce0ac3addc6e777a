"""The board stays where the supervisor left it: the Received column keeps its scroll position
when a card is assigned, and a notice appearing above the tabs moves nothing (its place is kept)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.assign import has_skill
from flat_desktop.gui.console.board import CODE_ROLE
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, help, orders, people
from flat_desktop.services.orders import OrderRequest

from .conftest import sync, worker_actor


def _many_received(win: ConsoleWindow, n: int) -> list[str]:
    req = OrderRequest(job_type="copying", title="会議資料", quantity=10, spec={"originals": 5}, department="jinji")
    return [orders.create(win.ctx.db, win.ctx.actor, req).job for _ in range(n)]


def _top_code(win: ConsoleWindow) -> str:
    col = win.board.columns["received"]
    item = col.itemAt(QPoint(8, 8))
    assert item is not None
    return str(item.data(CODE_ROLE))


def test_assigning_a_card_keeps_the_received_columns_scroll_position(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Scrolled half-way down Received, a card in view is assigned: the card at the top of the
    view is still at the top and the scroll bar has not jumped back."""
    _many_received(console, 25)
    sync(qtbot, console)
    console.resize(1400, 800)
    console.show()
    qtbot.waitExposed(console)
    col = console.board.columns["received"]
    bar = col.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(0)
    top = _top_code(console)
    row = col.row(col.itemAt(QPoint(8, 8)))
    code = col.item(row + 2).data(CODE_ROLE)  # a card in view, below the top one
    value = bar.value()
    worker = next(w for w in people.workers(console.ctx.db) if w.role == "worker" and has_skill(w, "copying"))
    console.board.select([code])
    assert console.board.assign_jobs([code], worker.code) == [code]
    sync(qtbot, console)
    qtbot.wait(50)  # delayed item layouts run on the event loop; nothing is measured in time
    assert console.board.column_of(code) == "assigned"
    assert _top_code(console) == top
    assert abs(bar.value() - value) <= 2


def test_a_card_assigned_above_the_view_moves_nothing(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Another console assigns a card above the part of Received in view: the card at the top
    of the view stays at the top (the rows below do not slide up under the supervisor's eyes)."""
    _many_received(console, 25)
    sync(qtbot, console)
    console.resize(1400, 800)
    console.show()
    qtbot.waitExposed(console)
    col = console.board.columns["received"]
    bar = col.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(0)
    top = _top_code(console)
    above = col.item(0).data(CODE_ROLE)
    assert above != top
    worker = next(w for w in people.workers(console.ctx.db) if w.role == "worker" and has_skill(w, "copying"))
    board.assign(console.ctx.db, console.ctx.actor, above, worker.code)  # as a colleague's console would
    sync(qtbot, console)
    qtbot.wait(50)
    assert console.board.column_of(above) == "assigned"
    assert _top_code(console) == top


def test_a_notice_moves_nothing(qtbot: QtBot, console: ConsoleWindow) -> None:
    """The message strip keeps its place while empty: the tabs do not move when a notice appears."""
    console.resize(1400, 800)
    console.show()
    qtbot.waitExposed(console)
    qtbot.wait(0)
    before = console.tabs.mapTo(console, QPoint(0, 0))
    console.ctx.notice.emit("テスト", False)
    qtbot.wait(0)
    assert console.tabs.mapTo(console, QPoint(0, 0)) == before
    console.ctx.notice.emit("\n".join(["長いお知らせ"] * 4), True)
    qtbot.wait(0)
    assert console.tabs.mapTo(console, QPoint(0, 0)) == before


def test_a_help_call_or_a_cut_moves_nothing(qtbot: QtBot, console: ConsoleWindow) -> None:
    """The help bar and the offline line appear in the notice's row, not above it: the board
    stays where it is, and the bar's words (the newest caller, the count of the others) are
    not cut by the row."""
    for c in help.open_calls(console.ctx.db):
        help.answer(console.ctx.db, console.ctx.actor, c.id)
    console.resize(1400, 800)
    console.show()
    qtbot.waitExposed(console)
    sync(qtbot, console)
    qtbot.wait(0)
    before = console.tabs.mapTo(console, QPoint(0, 0))
    for badge in ("10003", "10004"):
        help.call(console.ctx.db, worker_actor(console.ctx.db, badge))
    sync(qtbot, console)
    qtbot.wait(0)
    bar = console.help.bar
    assert bar.isVisible() and console.help.bar_text.text()
    assert console.tabs.mapTo(console, QPoint(0, 0)) == before
    assert bar.height() >= bar.minimumSizeHint().height()
    assert console.help.bar_text.heightForWidth(console.help.bar_text.width()) <= console.help.bar_text.height()
    console.show_online(False)
    console.ctx.notice.emit("割り当てました。", False)
    qtbot.wait(0)
    assert console.online.isVisible()
    assert console.tabs.mapTo(console, QPoint(0, 0)) == before
