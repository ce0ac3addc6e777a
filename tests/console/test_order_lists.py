"""The order form's list: people typed in or imported for business cards and name tags, a bad
import refused under the list with its row, and an order's cards printed from the order
history through the print preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from flat_desktop.gui import print_preview
from flat_desktop.gui.console import deliverables
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import orders
from flat_desktop.services.holders import Holder, ListKind
from tests.printing.pdfcheck import page_texts

from .conftest import sync

FAMILIES = ("青木", "石井", "上野", "遠藤", "大島")
GIVEN_TITLES = (("悟", "主事"), ("真由", "主査"))
PEOPLE = [(f"{fam} {giv}", title, f"048-830-{3000 + 2 * i + j}")
          for i, fam in enumerate(FAMILIES) for j, (giv, title) in enumerate(GIVEN_TITLES)]


def write_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("氏名,役職,電話番号\n" + "".join(f"{n},{t},{p}\n" for n, t, p in rows), encoding="utf-8")
    return path


def fill_cards(win: ConsoleWindow, qtbot: QtBot) -> None:
    form = win.orders.form
    form.set_job_type("cards")
    form.title.setText("名刺（新任職員）")
    form.quantity.setText(str(len(PEOPLE)))
    form.department.setText("jinji")


def test_imported_people_are_placed_with_the_order(console: ConsoleWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """Ten people imported from CSV and one typed into the table go into the order, in order."""
    fill_cards(console, qtbot)
    form = console.orders.form
    editor = form.holders
    assert editor is not None and editor.kind is ListKind.CARDS
    assert editor.import_file(write_csv(tmp_path / "new.csv", PEOPLE))
    assert editor.table.rowCount() == len(PEOPLE)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)  # edit the new row's name cell
    cell = editor.table.viewport().findChild(QLineEdit)
    assert cell is not None
    qtbot.keyClicks(cell, "Koike Shiori")
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the cell is written back through the event loop
    qtbot.waitUntil(lambda: editor.rows()[-1] == Holder(name="Koike Shiori"))
    created = form.submit()
    assert created is not None and created.order is not None
    rows = orders.request_from(console.ctx.db, created.order).rows
    assert [r.name for r in rows] == [n for n, _t, _p in PEOPLE] + ["Koike Shiori"]
    assert rows[0].phone == PEOPLE[0][2] and rows[1].title == "主査"


def test_name_tags_show_their_own_columns(console: ConsoleWindow) -> None:
    """Choosing name tags shows the name tag's columns; the names typed stay."""
    form = console.orders.form
    form.set_job_type("cards")
    editor = form.holders
    assert editor is not None
    editor.set_rows((Holder(name="森 由紀", title="主事"),))
    form.set_spec_value("kind", "tag")
    assert editor.kind is ListKind.TAGS and editor.table.columnCount() == 3
    assert editor.rows() == (Holder(name="森 由紀"),)
    form.set_job_type("copying")
    assert form.holders is None  # copying carries no list


def test_a_bad_import_is_refused_under_the_list(console: ConsoleWindow, tmp_path: Path) -> None:
    """A row whose name cannot be printed: the message names the row, the list keeps what it had."""
    form = console.orders.form
    form.set_job_type("cards")
    editor = form.holders
    assert editor is not None
    editor.set_rows((Holder(name="森 由紀"),))
    bad = write_csv(tmp_path / "bad.csv", [*PEOPLE[:2], ("田中 😀", "主事", "048-830-1111")])
    assert not editor.import_file(bad)
    message = form.field_error("rows")
    assert "4" in message and "😀" in message
    assert editor.rows() == (Holder(name="森 由紀"),)


def test_a_refused_row_typed_in_the_list_is_marked_and_nothing_saved(console: ConsoleWindow, qtbot: QtBot) -> None:
    fill_cards(console, qtbot)
    form = console.orders.form
    assert form.holders is not None
    form.holders.set_rows((Holder(name="森 由紀"), Holder(name="原 健二", email="hara-at-pref")))
    assert form.submit() is None
    assert "2" in form.field_error("rows")


def test_cards_print_from_the_order_history(console: ConsoleWindow, qtbot: QtBot, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    """Choosing the order in the history and pressing Print opens the print preview on the PDF
    of its cards, one page per ten people."""
    fill_cards(console, qtbot)
    form = console.orders.form
    assert form.holders is not None
    form.holders.import_file(write_csv(tmp_path / "new.csv", PEOPLE))
    created = form.submit()
    assert created is not None
    sync(qtbot, console)
    history = console.orders.history
    row = next(i for i in range(history.table.rowCount())
               if history.table.item(i, 0).text() == created.order)
    history.table.setCurrentCell(row, 0)
    seen: list[tuple[Path, int]] = []

    def preview(path: Path, parent: object = None, *, printer_name: str | None = None, run: object = None) -> bool:
        dialog = print_preview.build_dialog(path)
        try:
            seen.append((path, dialog.doc.pageCount()))
            assert isinstance(dialog, QDialog)
        finally:
            dialog.deleteLater()
        return True

    monkeypatch.setattr(deliverables, "printer_names", lambda: ["station-printer"])
    monkeypatch.setattr(print_preview, "preview_and_print", preview)
    console.ctx.ticket_dir = tmp_path / "printed"
    history.print_deliverable.setFocus()
    qtbot.keyClick(history.print_deliverable, Qt.Key.Key_Space)
    assert len(seen) == 1
    path, pages = seen[0]
    assert path.parent == tmp_path / "printed" and created.order in path.name
    assert pages == 1  # ten cards on one A4 sheet


def test_an_order_without_a_deliverable_says_so(console: ConsoleWindow, qtbot: QtBot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A copying order has nothing to print: the message says what can be printed; no preview."""
    history = console.orders.history
    code = next(history.table.item(i, 0).text() for i in range(history.table.rowCount())
                if history.table.item(i, 1).text() not in ("名刺・名札作成", "ファイル作成"))
    history.table.setCurrentCell(next(i for i in range(history.table.rowCount())
                                      if history.table.item(i, 0).text() == code), 0)
    monkeypatch.setattr(print_preview, "preview_and_print", lambda *a, **k: pytest.fail("no preview"))
    messages: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, error: messages.append((text, error)))
    qtbot.mouseClick(history.print_deliverable, Qt.MouseButton.LeftButton)
    assert messages and messages[-1][1] and code in messages[-1][0]


def test_cards_print_from_the_board_job_window(console: ConsoleWindow, qtbot: QtBot, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The board's job window of a cards job has the print button: it previews the order's cards;
    a copying job's window has none."""
    fill_cards(console, qtbot)
    form = console.orders.form
    assert form.holders is not None
    form.holders.set_rows(tuple(Holder(name=n, title=t, phone=p) for n, t, p in PEOPLE[:3]))
    created = form.submit()
    assert created is not None and created.order is not None
    seen: list[Path] = []
    monkeypatch.setattr(deliverables, "printer_names", lambda: ["station-printer"])
    monkeypatch.setattr(print_preview, "preview_and_print", lambda path, *a, **k: seen.append(path) or False)
    console.ctx.ticket_dir = tmp_path
    dialog = console.board.open_job(created.job)
    qtbot.addWidget(dialog)
    button = dialog.findChild(deliverables.PrintDeliverableButton)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and created.order in seen[0].name
    flat = "".join("".join(page_texts(seen[0].read_bytes())).split())
    assert all("".join(n.split()) in flat for n, _t, _p in PEOPLE[:3])
    other = orders.create(console.ctx.db, console.ctx.actor,
                          orders.OrderRequest("copying", "会議資料", 10, department="jinji"))
    plain = console.board.open_job(other.job)
    qtbot.addWidget(plain)
    assert plain.findChild(deliverables.PrintDeliverableButton) is None
