"""Correcting jobs from the console: hold (H), resume (R), edit (E) and cancel (X) on the board's
selected card by key and button, the cards' context menu, a colleague's change first, and the
same corrections from the order history. Each dialog is answered with key presses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.corrections import EditDialog, ReasonDialog
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, corrections, orders
from flat_desktop.services.context import Actor
from flat_desktop.services.orders import OrderRequest

from .conftest import sync


def _new_job(win: ConsoleWindow, quantity: int = 10) -> str:
    req = OrderRequest(job_type="copying", title="会議資料", quantity=quantity, spec={"originals": 5},
                       department="jinji")
    return orders.create(win.ctx.db, win.ctx.actor, req).job


def answer(qtbot: QtBot, fill: Callable[[QDialog], None]) -> list[QDialog]:
    """Answer the next modal dialog with ``fill`` once it is open (it runs inside the dialog's own
    event loop); a dialog that ``fill`` could not answer is rejected, so no test hangs."""
    seen: list[QDialog] = []

    def go(tries: int = 0) -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QDialog):
            if tries < 200:
                QTimer.singleShot(10, lambda: go(tries + 1))
            return
        seen.append(dlg)
        try:
            fill(dlg)
        finally:
            if dlg.isVisible():
                dlg.reject()

    QTimer.singleShot(0, go)
    return seen


def _reason(text: str) -> Callable[[QDialog], None]:
    def fill(dlg: QDialog) -> None:
        assert isinstance(dlg, ReasonDialog)
        dlg.reason.insert(text)  # typed through the input method (QTest types only ASCII keys)
        QTest.keyClick(dlg.reason, Qt.Key.Key_Return)

    return fill


def test_hold_resume_and_cancel_from_the_board_by_keys_and_buttons(qtbot: QtBot, console: ConsoleWindow) -> None:
    """H asks why and puts the card on hold (the 保留 column); Resume (R's button) brings it back;
    X asks why and cancels it, and the card leaves the board. Each is one event with the reason."""
    code = _new_job(console)
    sync(qtbot, console)
    tab = console.board
    assert tab.column_of(code) == "received"
    tab.select([code])
    col = tab.focused_column()
    dialogs = answer(qtbot, _reason("依頼者に確認中"))
    QTest.keyClick(col, Qt.Key.Key_H)
    assert len(dialogs) == 1
    assert board.job(console.ctx.db, code).status == "on_hold"
    sync(qtbot, console)
    assert tab.column_of(code) == "on_hold"
    assert board.events(console.ctx.db, job=code)[-1].data["reason"] == "依頼者に確認中"

    tab.select([code])
    resume = tab.findChild(QPushButton, "btn-resume")
    assert resume is not None and resume.text() == "再開 (R)"
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert board.job(console.ctx.db, code).status == "received"
    sync(qtbot, console)
    assert tab.column_of(code) == "received"

    tab.select([code])
    answer(qtbot, _reason("依頼の取り下げ"))
    QTest.keyClick(tab.focused_column(), Qt.Key.Key_X)
    assert board.job(console.ctx.db, code).status == "cancelled"
    sync(qtbot, console)
    assert tab.column_of(code) is None


def test_a_reason_is_needed_and_escape_changes_nothing(qtbot: QtBot, console: ConsoleWindow) -> None:
    code = _new_job(console)
    sync(qtbot, console)
    tab = console.board
    tab.select([code])

    def empty_then_escape(dlg: QDialog) -> None:
        assert isinstance(dlg, ReasonDialog)
        QTest.keyClick(dlg.reason, Qt.Key.Key_Return)  # no reason: asked for one, still open
        assert dlg.isVisible() and not dlg.message.isHidden()
        QTest.keyClick(dlg.reason, Qt.Key.Key_Escape)

    before = board.job(console.ctx.db, code)
    dialogs = answer(qtbot, empty_then_escape)
    QTest.keyClick(tab.focused_column(), Qt.Key.Key_H)
    assert len(dialogs) == 1
    assert board.job(console.ctx.db, code) == before


def test_edit_from_the_board_changes_the_job_and_its_card(qtbot: QtBot, console: ConsoleWindow) -> None:
    """E opens the job's values; a new quantity and title typed and Enter save them (job_edited),
    the card shows them; a bad quantity is marked at its field and nothing is saved."""
    code = _new_job(console)
    sync(qtbot, console)
    tab = console.board
    tab.select([code])

    def bad_then_good(dlg: QDialog) -> None:
        assert isinstance(dlg, EditDialog)
        dlg.quantity.selectAll()
        QTest.keyClicks(dlg.quantity, "0")
        QTest.keyClick(dlg.quantity, Qt.Key.Key_Return)
        assert dlg.isVisible() and dlg.rows["quantity"].error.text()
        dlg.quantity.selectAll()
        QTest.keyClicks(dlg.quantity, "25")
        dlg.title.selectAll()
        dlg.title.insert("議会資料")
        QTest.keyClick(dlg.title, Qt.Key.Key_Return)

    before = len(board.events(console.ctx.db, job=code))
    dialogs = answer(qtbot, bad_then_good)
    QTest.keyClick(tab.focused_column(), Qt.Key.Key_E)
    assert len(dialogs) == 1
    job = board.job(console.ctx.db, code)
    assert (job.quantity, job.title) == (25, "議会資料")
    evs = board.events(console.ctx.db, job=code)
    assert [e.type for e in evs[before:]] == ["job_edited"]
    assert evs[-1].data["changes"]["quantity"] == 25
    assert any(st.target == 25 for st in job.steps) and not any(st.target == 10 for st in job.steps)
    sync(qtbot, console)
    assert "議会資料" in tab.card(code) and "25" in tab.card(code)


def test_the_context_menu_offers_the_corrections(qtbot: QtBot, console: ConsoleWindow) -> None:
    code = _new_job(console)
    sync(qtbot, console)
    console.board.select([code])
    menu = console.board.corrections.menu()
    qtbot.addWidget(menu)
    names = [a.text() for a in menu.actions()]
    assert names == ["保留 (H)", "再開 (R)", "変更 (E)", "取消 (X)"]
    answer(qtbot, _reason("用紙待ち"))
    menu.actions()[0].trigger()
    assert board.job(console.ctx.db, code).status == "on_hold"


def test_a_colleague_first_is_named_and_the_board_shows_the_new_state(
        qtbot: QtBot, make_console: Callable[..., ConsoleWindow], supervisor: Actor) -> None:
    """Two consoles show the same job; the first holds it, the second's edit is refused with who
    changed it, and its board moves the card to 保留."""
    first, second = make_console("90001"), make_console("90002")
    code = _new_job(first)
    sync(qtbot, first)
    sync(qtbot, second)
    second.board.select([code])
    corrections.hold(first.ctx.db, first.ctx.actor, code, "確認中")
    done = second.board.corrections.run([code], lambda c, v: corrections.cancel(
        second.ctx.db, second.ctx.actor, c, "取り下げ", expected_version=v), "{codes}")
    assert done == []
    assert "保留" in second.message.text() and second.message.property("tone") == "error"
    assert board.job(first.ctx.db, code).status == "on_hold"
    assert second.board.column_of(code) == "on_hold"


def test_corrections_from_the_order_history(qtbot: QtBot, console: ConsoleWindow) -> None:
    """The order history holds, edits and resumes the job of the chosen order."""
    code = _new_job(console)
    order = "O" + code[1:]
    history = console.orders.history
    history.refresh()
    row = next(i for i in range(history.table.rowCount()) if history.table.item(i, 0).text() == order)
    history.table.setCurrentCell(row, 0)
    hold = history.findChild(QPushButton, "btn-hold")
    assert hold is not None
    answer(qtbot, _reason("用紙待ち"))
    qtbot.mouseClick(hold, Qt.MouseButton.LeftButton)
    assert board.job(console.ctx.db, code).status == "on_hold"

    def more(dlg: QDialog) -> None:
        assert isinstance(dlg, EditDialog)
        dlg.quantity.selectAll()
        QTest.keyClicks(dlg.quantity, "12")
        QTest.keyClick(dlg.quantity, Qt.Key.Key_Return)

    history.table.setCurrentCell(row, 0)
    answer(qtbot, more)
    edit = history.findChild(QPushButton, "btn-edit")
    assert edit is not None
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert board.job(console.ctx.db, code).quantity == 12
    row = next(i for i in range(history.table.rowCount()) if history.table.item(i, 0).text() == order)
    assert history.table.item(row, 5).text() == "12"  # the order says the same
