"""Comments between the station and a requester on the console's job page, by keys: the page of
a web order shows its comments and the 【Web】 mark; Alt+C, a comment, Ctrl+Enter sends it to the
requester (who reads it at the desk); an empty one is refused at the field; a comment the
requester writes while the page is open appears on it, and the message strip says it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.job_page import JobPageDialog
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, desk, orders
from flat_desktop.services.context import Actor
from flat_desktop.services.orders import OrderRequest

from .conftest import sync

REQUESTER = Actor.web(1, "発注 太郎")


def _web_order(win: ConsoleWindow) -> tuple[str, str]:
    made = orders.create(win.ctx.db, REQUESTER, OrderRequest(
        job_type="copying", title="ウェブからの資料", quantity=20, spec={"originals": 5}, requester_id=1))
    return made.order, made.job


def _open_page(qtbot: QtBot, win: ConsoleWindow, code: str) -> JobPageDialog:
    """Enter on the job's card, as a supervisor opens it."""
    sync(qtbot, win)
    tab = win.board
    tab.select([code])
    qtbot.keyClick(tab.columns[tab.column_of(code)], Qt.Key.Key_Return)
    dlg = [d for d in tab.findChildren(JobPageDialog) if d.page.job.code == code][-1]
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    return dlg


def _type(widget: object, text: str) -> None:
    """Japanese as the input method commits it."""
    commit = QInputMethodEvent()
    commit.setCommitString(text)
    QApplication.sendEvent(widget, commit)  # type: ignore[arg-type]


def test_the_station_answers_a_web_order_on_its_page_by_keys(qtbot: QtBot, console: ConsoleWindow) -> None:
    db = console.ctx.db
    said: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, err: said.append((text, err)))
    order, code = _web_order(console)
    desk.comment(db, REQUESTER, order, "両面でお願いできますか")
    dlg = _open_page(qtbot, console, code)
    text = dlg.plain()
    assert "【Web】" in text.splitlines()[0]
    assert "依頼者とのコメント" in text and "発注 太郎" in text and "両面でお願いできますか" in text
    assert dlg.comment is not None
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dlg.comment.text
    qtbot.keyClick(dlg.comment.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # nothing written
    assert dlg.comment.field.marked and said[-1][1] is True and "コメントが入っていません" in said[-1][0]
    assert not [e for e in board.events(db) if e.type == "order_comment" and e.data.get("from") == "station"]
    _type(dlg.comment.text, "両面でできます。")
    qtbot.keyClick(dlg.comment.text, Qt.Key.Key_Return)  # Enter: a new line, not sent
    _type(dlg.comment.text, "明日の午後に届けます")
    qtbot.keyClick(dlg.comment.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dlg.comment.field.marked and dlg.comment.text.toPlainText() == ""
    assert said[-1][1] is False and code in said[-1][0]
    sent = [e for e in board.events(db) if e.type == "order_comment" and e.data.get("from") == "station"]
    assert len(sent) == 1 and sent[0].job == code and sent[0].data["text"] == "両面でできます。\n明日の午後に届けます"
    assert sent[0].worker == console.ctx.actor.worker
    assert "明日の午後に届けます" in dlg.plain() and "（ステーション）" in dlg.plain()
    page = desk.order_page(db, REQUESTER, order)  # what the requester reads at the desk
    assert [(c.from_station, c.text) for c in page.comments] == [
        (False, "両面でお願いできますか"), (True, "両面でできます。\n明日の午後に届けます")]
    qtbot.keyClick(dlg.comment.text, Qt.Key.Key_Escape)
    assert dlg.isHidden()


def test_a_comment_from_the_desk_appears_on_an_open_page(qtbot: QtBot, console: ConsoleWindow) -> None:
    order, code = _web_order(console)
    dlg = _open_page(qtbot, console, code)
    assert "コメントはまだありません" in dlg.plain()
    desk.comment(console.ctx.db, REQUESTER, order, "部数を30に変えられますか")
    sync(qtbot, console)
    qtbot.waitUntil(lambda: "部数を30に変えられますか" in dlg.plain())
    # The message strip says it too, whichever tab is open.
    assert console.message.text() == (f"発注 太郎 さんが発注窓口で {code} にコメントしました: 部数を30に変えられますか"
                                      "（カードで Enter を押すと返信できます）")
    assert console.message.property("tone") == "success"


def test_a_job_without_an_order_takes_no_comment(qtbot: QtBot, console: ConsoleWindow) -> None:
    """A job with no order (the station's own) has nobody to write to: no comment box."""
    from dataclasses import replace

    from flat_desktop.services import history

    _order, code = _web_order(console)
    page = history.job_page(console.ctx.db, code)
    assert page.takes_comments
    without = JobPageDialog(replace(page, takes_comments=False), "", console, ctx=console.ctx)
    qtbot.addWidget(without)
    assert without.comment is None and "依頼者とのコメント" not in without.plain()


def test_a_file_the_requester_attached_opens_from_the_page_by_keys(qtbot: QtBot, console: ConsoleWindow,
                                                                   tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The original a requester attached at the desk is on the job's page: Alt+F, Enter saves a copy
    in the print folder (the database keeps the file) and says where; a file sent while the page is
    open appears on it."""
    import io

    from flat_desktop.services import attachments

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    order, code = _web_order(console)
    attachments.attach(console.ctx.db, REQUESTER, order, io.BytesIO(pdf), "原稿 第1回.pdf", tmp_path / "staging")
    console.ctx.ticket_dir = tmp_path / "print"
    said: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, err: said.append((text, err)))
    dlg = _open_page(qtbot, console, code)
    assert dlg.files is not None and dlg.files.isVisibleTo(dlg) and dlg.files.list.count() == 1
    assert "原稿 第1回.pdf" in dlg.files.list.item(0).text()
    qtbot.keyClick(dlg, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert dlg.focusWidget() is dlg.files.list
    qtbot.keyClick(dlg.files.list, Qt.Key.Key_Return)
    [copy] = (tmp_path / "print" / "attachments").iterdir()
    assert copy.read_bytes() == pdf and copy.name == f"{code}-原稿 第1回.pdf"
    assert said[-1] == (said[-1][0], False) and str(copy) in said[-1][0]
    attachments.attach(console.ctx.db, REQUESTER, order, io.BytesIO(b"a,b\n1,2\n"), "名簿.csv", tmp_path / "staging")
    console.ctx.feed.poll()
    qtbot.waitUntil(lambda: dlg.files is not None and dlg.files.list.count() == 2)
    dlg.reject()
