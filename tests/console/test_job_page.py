"""The job page (Enter on a card): the spec under the job type's labels with its value words,
and the history named and said in Japanese, never as raw keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.gui.console.assign import has_skill
from flat_desktop.gui.console.job_page import JobPageDialog
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, help, history, orders, people, work
from flat_desktop.services.orders import OrderRequest

from .conftest import sync, worker_actor


def test_enter_on_a_card_opens_its_page_in_readable_japanese(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Minutes ordered verbatim with 5 speakers, assigned, started, one step done, a help call
    answered: the page reads 形式 全文, 発言者の数 5 人 and a history of named events."""
    db, boss = console.ctx.db, console.ctx.actor
    req = OrderRequest(job_type="minutes", title="定例会議", quantity=30, department="jinji",
                       spec={"meeting": "定例会", "speakers": 5, "style": "full"})
    code = orders.create(db, boss, req).job
    worker = next(w for w in people.workers(db) if w.role == "worker" and has_skill(w, "minutes"))
    board.assign(db, boss, code, worker.code)
    actor = worker_actor(db, worker.badge)
    job = work.start(db, actor, codes.ticket_payload(code))
    work.complete_step(db, actor, code, job.steps[0].position)
    call = help.call(db, actor, job=code, step=2)
    help.answer(db, boss, call, outcome="later", note="音声ファイルが見つからない")
    sync(qtbot, console)

    tab = console.board
    tab.select([code])
    col = tab.columns["in_progress"]
    assert tab.column_of(code) == "in_progress"
    qtbot.keyClick(col, Qt.Key.Key_Return)
    dlgs = [d for d in tab.findChildren(JobPageDialog) if d.page.job.code == code]
    assert dlgs
    text = dlgs[-1].plain()
    for raw in ("style", "speakers", "full", "job_assigned", "step_done", "help_answered", "later"):
        assert raw not in text, raw
    assert "形式" in text and "全文" in text and "発言者の数" in text and "5 人" in text
    assert "割り当て" in text and f"→ {worker.name}" in text
    assert "作業開始" in text and f"手順 1「{job.steps[0].title}」" in text
    assert "呼び出しに応答" in text and "あとで" in text and "音声ファイルが見つからない" in text
    qtbot.keyClick(dlgs[-1], Qt.Key.Key_Escape)
    assert dlgs[-1].isHidden()


def test_every_event_type_has_a_japanese_name() -> None:
    """No event shows its raw type on the page."""
    from flat_desktop.events import EventType

    for t in EventType:
        assert history.event_name(t) != t.value, t
