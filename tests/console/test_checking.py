"""The check (検品) and delivery (納品) dialogs of the board, driven with keys: a fail without a
note is refused inside the dialog, a fail sends chosen steps back, a pass lets the job be
delivered to one of the ordering department's people; every dialog button is in Japanese."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.assign import AssignDialog
from flat_desktop.gui.console.checking import CheckDialog, DeliverDialog, ask_check
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.gui.dialog_buttons import button_box
from flat_desktop.services import board, catalog, orders
from flat_desktop.services.orders import OrderRequest
from tests.core.test_services import do_whole_job, sign_in

from .conftest import sync

GUI_CONSOLE = Path(__file__).resolve().parents[2] / "flat_desktop" / "gui" / "console"


def _done_job(win: ConsoleWindow, *, requester: int | None = None) -> str:
    """A new enclosing order done whole by W001."""
    db = win.ctx.db
    code = orders.create(db, win.ctx.actor, OrderRequest("enclosing", "通知の封入", 50, spec={"inserts": 1},
                                                         requester_id=requester)).job
    board.assign(db, win.ctx.actor, code, "W001", override_reason="test")
    do_whole_job(db, sign_in(db, "W001"), code)
    return code


def _type_japanese(widget: QWidget, text: str) -> None:
    """Japanese as it is typed: the input method commits the converted text to the field."""
    commit = QInputMethodEvent()
    commit.setCommitString(text)
    QApplication.sendEvent(widget, commit)


def _types(win: ConsoleWindow, code: str) -> list[str]:
    return [e.type for e in board.events(win.ctx.db, job=code)]


def test_a_fail_typed_with_keys_sends_the_job_back_with_its_note(qtbot: QtBot, console: ConsoleWindow) -> None:
    """The dialog shows what W001 recorded; Fail with no note is refused inside the dialog with
    nothing recorded; with a note and only the sealing step ticked, Enter sends it back."""
    code = _done_job(console)
    dlg = CheckDialog(console.ctx, code, console)
    qtbot.addWidget(dlg)
    dlg.show()
    sheet = dlg.summary.toPlainText()
    assert "50" in sheet and "FD01" in sheet and "SL01" in sheet and "標準" in sheet
    QTest.keyClick(dlg.seen, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dlg.seen, "46")
    assert dlg.seen.value() == 46
    QTest.keyClick(dlg.failed, Qt.Key.Key_Space)
    assert dlg.failed.isChecked() and dlg.steps.isEnabled()
    QTest.keyClick(dlg.note, Qt.Key.Key_Return)
    assert dlg.isVisible() and not dlg.message.isHidden()
    assert "やり直すか" in dlg.message.text()
    assert _types(console, code)[-1] == "job_finished"
    # Untick every step but the sealing one (5) with the keys of the list.
    for row in range(dlg.steps.count()):
        if dlg.steps.item(row).data(Qt.ItemDataRole.UserRole) != 5:
            dlg.steps.setCurrentRow(row)
            QTest.keyClick(dlg.steps, Qt.Key.Key_Space)
    assert dlg.redo_steps() == [5]
    _type_japanese(dlg.note, "封が開いています")
    QTest.keyClick(dlg.note, Qt.Key.Key_Return)
    assert not dlg.isVisible()
    job = board.job(console.ctx.db, code)
    assert job.status == "assigned" and job.assignee == "W001" and job.rework_note == "封が開いています"
    assert [st.position for st in job.steps if st.state == "pending"] == [5]
    checked = [e for e in board.events(console.ctx.db, job=code) if e.type == "job_checked"][-1]
    assert checked.data == {"passed": False, "seen": 46, "note": "封が開いています"}
    sync(qtbot, console)
    assert console.board.column_of(code) == "assigned"


def test_delivery_waits_for_a_pass_then_goes_to_the_requester(qtbot: QtBot, console: ConsoleWindow) -> None:
    """D on an unchecked job says why and what to do, without a dialog; C opens the check dialog,
    where Enter passes it; D then offers the order's requester first, and Enter delivers to them."""
    requester = catalog.requesters(console.ctx.db)[0]
    code = _done_job(console, requester=requester.id)
    sync(qtbot, console)
    notices: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, error: notices.append((text, error)))
    assert "検品待ち (C)" in console.board.card(code)
    console.board.select([code])
    column = console.board.columns["done"]
    QTest.keyClick(column, Qt.Key.Key_D)
    assert notices and notices[-1][1] and "検品" in notices[-1][0]
    assert "job_delivered" not in _types(console, code)

    def answer(kind: type, keys: list[Qt.Key]) -> None:
        """Type into the modal dialog the board opens, once it is up."""
        def go() -> None:
            shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
            if not shown:
                QTimer.singleShot(20, go)
                return
            dlg = shown[0]
            answered.append(dlg)
            for key in keys:
                QTest.keyClick(dlg.focusWidget() or dlg, key)
            if dlg.isVisible():  # not taken: the test fails on its assertions, not by hanging
                dlg.reject()
        QTimer.singleShot(0, go)

    answered: list[QWidget] = []
    answer(CheckDialog, [Qt.Key.Key_Return])  # the count shown is what was done; Pass is chosen
    QTest.keyClick(column, Qt.Key.Key_C)
    assert answered and board.job(console.ctx.db, code).status == "done"
    assert [e.data["passed"] for e in board.events(console.ctx.db, job=code) if e.type == "job_checked"] == [True]
    assert "検品済" in console.board.card(code)
    console.board.select([code])
    answer(DeliverDialog, [Qt.Key.Key_Return])
    QTest.keyClick(column, Qt.Key.Key_D)
    assert isinstance(answered[-1], DeliverDialog)
    job = board.job(console.ctx.db, code)
    assert job.status == "delivered"
    ev = [e for e in board.events(console.ctx.db, job=code) if e.type == "job_delivered"][-1]
    assert ev.data["to"] == requester.name and ev.data["requester_id"] == requester.id
    sync(qtbot, console)
    assert console.board.column_of(code) == "delivered"


def test_a_name_typed_in_the_delivery_dialog_is_recorded(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Someone not on the list: the name typed is who received it; an empty name is refused in the dialog."""
    code = _done_job(console)
    board.check(console.ctx.db, console.ctx.actor, code)
    dlg = DeliverDialog(console.ctx, code, console)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.to.setEditText("")
    QTest.keyClick(dlg.to.lineEdit(), Qt.Key.Key_Return)
    assert dlg.isVisible() and "受け取った人" in dlg.message.text()
    _type_japanese(dlg.to.lineEdit(), "総務課 受付")
    QTest.keyClick(dlg.to.lineEdit(), Qt.Key.Key_Return)
    assert not dlg.isVisible()
    ev = [e for e in board.events(console.ctx.db, job=code) if e.type == "job_delivered"][-1]
    assert ev.data["to"] == "総務課 受付" and "requester_id" not in ev.data


def _english(buttons: list[QPushButton]) -> list[str]:
    # "OK" reads the same in Japanese; any other Latin word on a button is English left over.
    return [b.text() for b in buttons if re.search(r"[A-Za-z]{2}", b.text().replace("&", ""))
            and b.text().replace("&", "") != "OK"]


def test_every_dialog_button_of_the_console_is_in_japanese(qtbot: QtBot, console: ConsoleWindow) -> None:
    """The assign, check and delivery dialogs' buttons, and every standard button the shared
    helper names, read in Japanese; no console module makes a button box or a Qt input or message
    box (whose buttons Qt names in English) except through the helper."""
    code = _done_job(console)
    board.check(console.ctx.db, console.ctx.actor, code)
    dialogs = [AssignDialog(list(console.board.workers.values()), "copying", "コピー", [code]),
               CheckDialog(console.ctx, code), DeliverDialog(console.ctx, code)]
    for dlg in dialogs:
        qtbot.addWidget(dlg)
        buttons = dlg.findChildren(QPushButton)
        assert buttons and _english(buttons) == [], type(dlg).__name__
        assert any(b.text() == "キャンセル" for b in buttons)
    Std = QDialogButtonBox.StandardButton
    box = button_box(Std.Yes | Std.No | Std.Ok | Std.Cancel | Std.Close | Std.Save | Std.Apply)
    qtbot.addWidget(box)
    texts = {b.text() for b in box.buttons()}
    assert {"はい", "いいえ", "OK", "キャンセル", "閉じる", "保存"} <= texts and _english(box.buttons()) == []
    for path in GUI_CONSOLE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for made in ("QDialogButtonBox(", "QInputDialog", "QMessageBox"):
            assert made not in source, f"{path.name}: {made}"


def test_a_job_not_done_is_not_checked(qtbot: QtBot, console: ConsoleWindow) -> None:
    """C on a job still to do says why not and what to do, and opens no dialog."""
    code = next(j.code for j in console.board.jobs.values() if j.status == "assigned")
    opened: list[QWidget] = []

    def close_any() -> None:  # had a dialog opened, the test fails instead of waiting forever
        for w in QApplication.topLevelWidgets():
            if isinstance(w, CheckDialog) and w.isVisible():
                opened.append(w)
                w.reject()

    notices: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, error: notices.append((text, error)))
    QTimer.singleShot(200, close_any)
    assert not ask_check(console.ctx, code, console)
    assert not opened and notices[-1][1] and "完了していない" in notices[-1][0]
    assert "job_checked" not in _types(console, code)
