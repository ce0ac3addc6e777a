"""Fixtures for the console tests: a signed-in supervisor on the demo station, and a console
window whose change feed is polled by the test (no timer), so nothing depends on timing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.db.database import Database
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.gui.console.app import style_console
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import changes, people
from flat_desktop.services.context import Actor
from tests.helpers.consoles import _collect_closed_consoles  # noqa: F401  (autouse)


@pytest.fixture
def supervisor(demo_db: Database) -> Actor:
    actor, _view = people.console_sign_in(demo_db, codes.badge_payload("90001"), SUPERVISOR_PIN, "console@test")
    return actor


@pytest.fixture
def make_console(demo_db: Database, qtbot: QtBot, qapp: QApplication) -> Iterator[Callable[..., ConsoleWindow]]:
    """Open a console window for a supervisor (two calls = two consoles on the same database)."""
    style_console(qapp)
    made: list[ConsoleWindow] = []

    def make(badge: str = "90001") -> ConsoleWindow:
        actor, _view = people.console_sign_in(demo_db, codes.badge_payload(badge), SUPERVISOR_PIN,
                                              f"console@test-{badge}")
        win = ConsoleWindow(ConsoleContext(demo_db, actor))
        qtbot.addWidget(win)
        made.append(win)
        return win

    yield make
    for win in made:
        win.ctx.stop()


@pytest.fixture
def console(make_console: Callable[..., ConsoleWindow]) -> ConsoleWindow:
    return make_console()


def sync(qtbot: QtBot, win: ConsoleWindow) -> None:
    """Let the console's change feed deliver every event recorded so far (the feed reads on a
    worker thread; this waits until it has caught up, whatever the speed of the machine)."""
    target = changes.last_seq(win.ctx.db)
    feed = win.ctx.feed

    def caught_up() -> bool:
        feed.poll()
        return feed.seq >= target

    qtbot.waitUntil(caught_up, timeout=10_000)
    qtbot.wait(0)  # deliver the queued signal to the tabs


def worker_actor(db: Database, badge: str) -> Actor:
    actor, _view = people.sign_in(db, codes.badge_payload(badge), f"station-{badge}")
    return actor


@pytest.fixture
def preview_prints_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The print preview prints as soon as it opens, as its Ctrl+P does, on the real printer."""
    from flat_desktop.gui import print_preview

    shown = print_preview.preview_and_print

    def ctrl_p(dialog: print_preview.PdfPrintPreview) -> int:
        dialog.print_now()
        return dialog.result()

    monkeypatch.setattr(print_preview, "preview_and_print",
                        lambda path, parent=None, **kw: shown(path, parent, run=ctrl_p, **kw))
