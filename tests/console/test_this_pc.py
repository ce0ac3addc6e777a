"""This PC's printers and voice on the Stations tab: the PC's printers listed, each kind of
document's printer chosen by keys and saved in settings.json (the command line reads the same),
a test page printed through the real queue, and the voice test told in plain words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flat_desktop.config import Paths, Settings
from flat_desktop.gui.console import this_pc
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.speech.voice_test import Heard
from tests.printing.pdfcheck import decode, rasterise


def test_printers_per_kind_are_saved_and_the_test_page_comes_out(
        console: ConsoleWindow, printer: Any, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        preview_prints_at_once: None) -> None:
    monkeypatch.setenv("FLAT_HOME", str(tmp_path))
    console.ctx.paths = Paths.resolve()
    Settings(printer="old-printer-gone").save(console.ctx.paths)
    console.ctx.printer = "old-printer-gone"
    box = console.stations.this_pc
    box.fill()
    tickets = box.choices["tickets"]
    names = [tickets.itemData(i) for i in range(tickets.count())]
    assert printer.name in names
    every = box.choices[this_pc.EVERYTHING]
    assert "old-printer-gone" in every.currentText() and every.currentData() == "old-printer-gone"
    tickets.setFocus()
    while tickets.currentData() != printer.name:  # chosen by keys, as a supervisor does
        qtbot.keyClick(tickets, Qt.Key.Key_Down)
    every.setCurrentIndex(0)  # the PC's default for everything else
    box.save_button.setFocus()
    qtbot.keyClick(box.save_button, Qt.Key.Key_Space)
    saved = json.loads(console.ctx.paths.settings_file.read_text(encoding="utf-8"))
    assert saved["printers"] == {"tickets": printer.name} and saved["printer"] is None
    assert Settings.load(console.ctx.paths).printer_for("tickets") == printer.name  # what the CLI reads
    assert console.ctx.printer_for("tickets") == printer.name and console.ctx.printer_for("cards") is None

    console.ctx.ticket_dir = tmp_path
    box.test_print.setFocus()
    qtbot.keyClick(box.test_print, Qt.Key.Key_Space)
    [paper] = printer.paper(1)
    assert [c for image in rasterise(paper.read_bytes(), 300) for c in decode(image)] == ["FLAT-TEST-PAGE"]


@pytest.mark.parametrize(("heard", "said", "error"), [
    (Heard("openjtalk", completed=True), "openjtalk", False),
    (Heard("openjtalk", errors=["音が出ません: PCのスピーカーが消音（ミュート）になっています。"]), "ミュート", True),
    (Heard("none", available=False), "声がありません", True),
])
def test_the_voice_test_tells_how_it_went(console: ConsoleWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                          heard: Heard, said: str, error: bool) -> None:
    monkeypatch.setattr(this_pc, "say_and_wait", lambda *a, **k: heard)
    box = console.stations.this_pc
    told: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, err: told.append((text, err)))
    box.test_voice.click()
    qtbot.waitUntil(lambda: box.test_voice.isEnabled() and len(told) >= 2)
    assert said in told[-1][0] and told[-1][1] is error
