"""The worker editor prints the person's experience portfolio through the print preview, and
keeps the supervisor's comment that the portfolio prints."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flat_desktop.gui import print_preview
from flat_desktop.gui.console import deliverables, worker_portfolio
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import portfolio


def test_print_portfolio_from_the_worker_editor(console: ConsoleWindow, qtbot: QtBot, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    tab = console.workers
    assert not tab.portfolio.isEnabled()  # nobody chosen yet
    tab.select("W001")
    assert tab.portfolio.isEnabled()

    def write() -> None:  # typed into the comment dialog, saved with Ctrl+Enter
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, worker_portfolio.CommentDialog)
        dlg.text.insertPlainText("丁寧で、数を正確に数えます。")
        qtbot.keyClick(dlg.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    QTimer.singleShot(0, write)
    qtbot.mouseClick(tab.portfolio.comment_button, Qt.MouseButton.LeftButton)
    comment = portfolio.portfolio(console.ctx.db, "W001").comment
    assert comment is not None and comment.text == "丁寧で、数を正確に数えます。"
    seen: list[Path] = []

    def preview(path: Path, *_a: object, **_k: object) -> bool:
        seen.append(path)
        return True

    monkeypatch.setattr(deliverables, "printer_names", lambda: ["station-printer"])
    monkeypatch.setattr(print_preview, "preview_and_print", preview)
    console.ctx.ticket_dir = tmp_path
    tab.portfolio.print_button.setFocus()
    qtbot.keyClick(tab.portfolio.print_button, Qt.Key.Key_Space)
    assert len(seen) == 1 and "W001" in seen[0].name and seen[0].parent == tmp_path
    doc = pdfium.PdfDocument(seen[0].read_bytes())
    try:
        text = "".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()
    assert "就労経験証明" in text and "丁寧で、数を正確に数えます。" in text


def test_without_a_printer_the_portfolio_is_saved(console: ConsoleWindow, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    console.ctx.ticket_dir = tmp_path
    console.ctx.open_unprinted = False
    monkeypatch.setattr(deliverables, "printer_names", lambda: [])
    monkeypatch.setattr(print_preview, "preview_and_print", lambda *a, **k: pytest.fail("no preview"))
    said: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, err: said.append((text, err)))
    path = worker_portfolio.print_portfolio(console.ctx, "W002")
    assert path is not None and path.read_bytes().startswith(b"%PDF")
    assert said and said[-1][1] and str(path) in said[-1][0]
