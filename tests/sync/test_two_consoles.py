"""Two supervisors' consoles on the real PostgreSQL server: an assign dialog left open while a
colleague assigns the same job never overwrites the colleague's choice silently."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.gui.console import assign as assign_module
from flat_desktop.gui.console.app import style_console
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, changes, people
from tests.helpers.consoles import _collect_closed_consoles  # noqa: F401  (autouse)
from tests.sync.jobs import new_job

pytestmark = [pytest.mark.postgres, pytest.mark.gui]


@pytest.fixture
def consoles(server: Database, qtbot: QtBot, qapp: QApplication) -> Iterator[tuple[ConsoleWindow, ConsoleWindow]]:
    style_console(qapp)
    made = []
    for badge in ("90001", "90002"):
        actor, _view = people.console_sign_in(server, codes.badge_payload(badge), SUPERVISOR_PIN, f"console-{badge}")
        win = ConsoleWindow(ConsoleContext(server, actor))
        qtbot.addWidget(win)
        made.append(win)
    yield made[0], made[1]
    for win in made:
        win.ctx.stop()


def caught_up(qtbot: QtBot, win: ConsoleWindow) -> None:
    target = changes.last_seq(win.ctx.db)

    def done() -> bool:
        win.ctx.feed.poll()
        return win.ctx.feed.seq >= target

    qtbot.waitUntil(done, timeout=10_000)
    qtbot.wait(0)


def test_an_open_assign_dialog_does_not_overwrite_a_colleagues_assignment(
        qtbot: QtBot, server: Database, consoles: tuple[ConsoleWindow, ConsoleWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = consoles
    code = new_job(server)
    caught_up(qtbot, first)
    caught_up(qtbot, second)
    asked: list[str] = []

    def exec_(dlg: QDialog) -> int:
        assert isinstance(dlg, assign_module.AssignDialog)
        if not asked:
            # While the first supervisor's dialog is open, the second assigns the job to W004.
            assert "手持ち" in dlg.list.item(0).text()  # each worker's load is shown
            second.board.assign_jobs([code], "W004")
            caught_up(qtbot, first)  # the first board now holds the new version
            dlg.choose("W001")
            asked.append("first")
            return QDialog.DialogCode.Accepted.value
        # Asked again, told who changed the job to whom; the supervisor decides to leave it.
        asked.append(dlg.message.text())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(assign_module.AssignDialog, "exec", exec_)
    first.board.ask_assign([code])
    assert board.job(server, code).assignee == "W004"  # the colleague's choice stands
    assert len(asked) == 2
    second_name = second.ctx.actor.name
    w004 = next(w.name for w in people.workers(server) if w.code == "W004")
    assert second_name in asked[1] and w004 in asked[1] and code in asked[1]
    assert second_name in first.message.text()
    assigned = [e for e in board.events(server, job=code) if e.type == "job_assigned"]
    assert [e.data["assignee"] for e in assigned] == ["W004"]
