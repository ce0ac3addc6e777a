"""The console's Desk accounts tab, driven by keys: the list of requesters' accounts (locked ones
said), a new account from the form (refusals marked at the field and said in the message strip
in Japanese, nothing saved), a password reset that shows the new password once, and a bulk
import from a CSV file (every line or none)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from flat_desktop.db.models import WebAccount
from flat_desktop.errors import FlatError
from flat_desktop.gui.console.requesters import RequestersTab
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import accounts
from flat_desktop.services.accounts import NewAccount


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id still, with the smallest cost: these tests check the tab, not the hash."""
    monkeypatch.setattr(accounts, "hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", [])


def notices(win: ConsoleWindow) -> list[tuple[str, bool]]:
    got: list[tuple[str, bool]] = []
    win.ctx.notice.connect(lambda text, err: got.append((text, err)))
    return got


def open_tab(qtbot: QtBot, win: ConsoleWindow) -> RequestersTab:
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClick(win.focusWidget() or win, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)  # the tenth tab
    assert win.tabs.currentWidget() is win.requesters
    win.requesters.table.setFocus()  # where Tab from the tab bar leads
    return win.requesters


def answer_dialog(qtbot: QtBot, key: Qt.Key, seen: list[str]) -> None:
    """Press ``key`` in the next modal dialog as soon as it is open (records its text)."""

    def press() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is None:
            QTimer.singleShot(10, press)
            return
        seen.append(" ".join(w.text() for w in dlg.findChildren(QWidget) if hasattr(w, "text")
                             and isinstance(w.text(), str)))
        qtbot.keyClick(dlg.focusWidget() or dlg, key)

    QTimer.singleShot(0, press)


def type_into(qtbot: QtBot, text: str, w: QWidget | None = None) -> None:
    """Type ``text`` where the focus is: ASCII as keys, Japanese as the input method commits it."""
    w = w or QApplication.focusWidget()
    assert w is not None
    if text.isascii():
        qtbot.keyClicks(w, text)
        return
    commit = QInputMethodEvent()
    commit.setCommitString(text)
    QApplication.sendEvent(w, commit)


def test_the_list_says_who_has_an_account_and_who_is_locked(qtbot: QtBot, console: ConsoleWindow) -> None:
    db = console.ctx.db
    accounts.add(db, console.ctx.actor, NewAccount("123456", "浦和 花子", "jinji"), password="long enough pw")
    accounts.add(db, console.ctx.actor, NewAccount("123457", "大宮 太郎", "jinji"), password="long enough pw")
    with db.session() as s:  # as five wrong passwords leave it
        locked = s.query(WebAccount).filter_by(staff_no="123457").one()
        locked.locked_until = dt.datetime.now(dt.UTC) + accounts.LOCKOUT
    tab = open_tab(qtbot, console)
    tab.reload()
    rows = [[tab.table.item(r, c).text() for c in range(4)] for r in range(tab.table.rowCount())]
    headings = [tab.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headings == ["職員番号", "名前", "所属", "ロック"]
    assert ["123456", "浦和 花子", "総務部 人事課", ""] in rows
    locked_row = next(r for r in rows if r[0] == "123457")
    assert locked_row[3].startswith("ロック中")


def test_a_new_account_by_keys_shows_its_password_once(qtbot: QtBot, console: ConsoleWindow) -> None:
    said = notices(console)
    tab = open_tab(qtbot, console)
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is tab.staff_no
    type_into(qtbot, "ab-12")  # folded to upper case by the service
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_into(qtbot, "浦和 花子")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_into(qtbot, "うらわ はなこ")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.department
    while tab.department.currentData() != "jinji":
        qtbot.keyClick(tab.department, Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter in the e-mail field adds it
    view = next(a for a in accounts.accounts(console.ctx.db) if a.staff_no == "AB-12")
    assert (view.name, view.kana, view.department, view.must_change) == ("浦和 花子", "うらわ はなこ", "jinji", True)
    handed = tab.handover.toPlainText()
    assert handed.startswith("AB-12  浦和 花子（総務部 人事課）  パスワード: ")
    password = handed.rsplit(" ", 1)[1]
    assert accounts.sign_in(console.ctx.db, "ab-12", password).staff_no == "AB-12"
    assert said[-1][1] is False and "AB-12" in said[-1][0] and "手渡し" in said[-1][0]
    assert tab.selected() == "AB-12" and tab.staff_no.text() == ""


def test_a_refused_account_is_marked_at_its_field_and_nothing_is_saved(qtbot: QtBot,
                                                                        console: ConsoleWindow) -> None:
    said = notices(console)
    tab = open_tab(qtbot, console)
    before = len(accounts.accounts(console.ctx.db))
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, "1!")
    qtbot.keyClick(tab.staff_no, Qt.Key.Key_Return)
    assert tab.fields["staff_no"].marked and "職員番号は3〜16文字" in tab.fields["staff_no"].error.text()
    assert said[-1][1] is True and "職員番号は3〜16文字" in said[-1][0]
    assert len(accounts.accounts(console.ctx.db)) == before and tab.handover.toPlainText() == ""
    tab.staff_no.clear()
    qtbot.keyClicks(tab.staff_no, "123456")
    qtbot.keyClick(tab.staff_no, Qt.Key.Key_Return)  # no name
    assert not tab.fields["staff_no"].marked and tab.fields["name"].marked
    assert QApplication.focusWidget() is tab.name and said[-1][1] is True
    type_into(qtbot, "浦和 花子", tab.name)
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    assert not tab.fields["name"].marked and said[-1][1] is False
    qtbot.keyClicks(tab.staff_no, "123456")  # the same staff number again
    type_into(qtbot, "別の 人", tab.name)
    qtbot.keyClick(tab.name, Qt.Key.Key_Return)
    assert tab.fields["staff_no"].marked and said[-1][1] is True
    assert "もうあります" in said[-1][0] and "Ctrl+R" in said[-1][0] and "flat-desktop" not in said[-1][0]
    assert len(accounts.accounts(console.ctx.db)) == before + 1


def test_reset_by_keys_unlocks_and_shows_the_new_password(qtbot: QtBot, console: ConsoleWindow) -> None:
    db = console.ctx.db
    said = notices(console)
    accounts.add(db, console.ctx.actor, NewAccount("123456", "浦和 花子", "jinji"), password="old password 1")
    for _n in range(accounts.MAX_FAILURES):
        with pytest.raises(FlatError):
            accounts.sign_in(db, "123456", "wrong password")
    tab = open_tab(qtbot, console)
    tab.reload()
    qtbot.keyClick(tab.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # nothing chosen yet
    assert said[-1] == ("一覧からアカウントを選んでください。", True)
    tab.table.setFocus()
    row = next(i for i, a in enumerate(tab.rows) if a.staff_no == "123456")
    for _n in range(row + 1):
        qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    if tab.selected() != "123456":
        qtbot.keyClick(tab.table, Qt.Key.Key_Up)
    assert tab.selected() == "123456" and tab.table.item(tab.table.currentRow(), 3).text().startswith("ロック中")
    asked: list[str] = []
    answer_dialog(qtbot, Qt.Key.Key_Escape, asked)  # Esc: nothing happens
    qtbot.keyClick(tab.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert asked and "浦和 花子" in asked[0] and tab.handover.toPlainText() == ""
    console.activateWindow()  # as the desktop gives the keys back to the window (offscreen does not)
    qtbot.waitUntil(console.isActiveWindow)
    answer_dialog(qtbot, Qt.Key.Key_Return, asked)
    qtbot.keyClick(tab.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    password = tab.handover.toPlainText().rsplit(" ", 1)[1]
    assert accounts.sign_in(db, "123456", password).must_change  # unlocked, to be changed at sign-in
    assert tab.table.item(tab.table.currentRow(), 3).text() == ""
    assert said[-1][1] is False and "浦和 花子" in said[-1][0]


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The file dialog answers with ``path`` (as if chosen and confirmed with Enter)."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def test_import_from_a_csv_file_adds_every_line_or_none(qtbot: QtBot, console: ConsoleWindow, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    said = notices(console)
    tab = open_tab(qtbot, console)
    bad = tmp_path / "bad.csv"
    bad.write_text("職員番号,氏名,所属\n300001,川越 一郎,jinji\n300002,所沢 二郎,nowhere\n", encoding="utf-8")
    _choose(monkeypatch, bad)
    tab.import_button.setFocus()
    told = len(said)
    qtbot.keyClick(tab.import_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(said) > told and tab.import_button.isEnabled())  # hashed off the GUI thread
    assert said[-1][1] is True and said[-1][0].startswith("3行目: ")
    assert not any(a.staff_no.startswith("3000") for a in accounts.accounts(console.ctx.db))
    good = tmp_path / "people.csv"
    good.write_bytes("職員番号,氏名,所属,ふりがな\n300001,川越 一郎,jinji,かわごえ いちろう\n"
                     "300002,所沢 二郎,jinji,\n".encode("cp932"))  # Shift_JIS, as Excel saves it
    _choose(monkeypatch, good)
    told = len(said)
    qtbot.keyClick(tab.import_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(said) > told and tab.import_button.isEnabled())
    assert said[-1][1] is False and "2" in said[-1][0] and "people.csv" in said[-1][0]
    lines = tab.handover.toPlainText().splitlines()
    assert [line.split()[0] for line in lines] == ["300001", "300002"]
    for line in lines:
        assert accounts.sign_in(console.ctx.db, line.split()[0], line.rsplit(" ", 1)[1])
    assert {"300001", "300002"} <= {tab.table.item(r, 0).text() for r in range(tab.table.rowCount())}
