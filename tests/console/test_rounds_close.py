"""A finished round (mail, evening paper) closes itself: its stops were the delivery, so the
console records job_delivered (marked as a round) when it sees the round finished, and the
Finished column keeps only work waiting for a check or a delivery. Two consoles close it once."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.db.database import Database
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, history, people, routes, work
from flat_desktop.services.context import Actor

from .conftest import sync, worker_actor


def _todays_round(db: Database, actor: Actor) -> str:
    return next(j.code for j in board.jobs(db, actor, statuses=["assigned"]) if j.route and j.assignee)


def _walk(db: Database, code: str) -> Actor:
    """The rota's worker does the whole round: every stop scanned, then the ticket."""
    job = board.job(db, code)
    actor = worker_actor(db, people.worker(db, job.assignee or "").badge)
    job = work.start(db, actor, codes.ticket_payload(code))
    for st in job.steps:
        if st.kind == "scan":
            work.scan_at_step(db, actor, code, st.position, st.expected_code or "")
        elif st.kind == "count":
            work.complete_step(db, actor, code, st.position, count=st.target or 0)
        else:
            work.complete_step(db, actor, code, st.position)
    work.finish(db, actor, code, codes.ticket_payload(code))
    return actor


def test_a_round_closes_itself_once_finished_and_leaves_finished(
        qtbot: QtBot, make_console: Callable[..., ConsoleWindow]) -> None:
    """Both consoles see the round finish; it is delivered once, marked as a round, shown under
    Delivered, and its page says it closed by itself. An ordered job finished stays Finished."""
    one, two = make_console("90001"), make_console("90002")
    db = one.ctx.db
    code = _todays_round(db, one.ctx.actor)
    _walk(db, code)
    for win in (one, two, one):
        sync(qtbot, win)
    assert board.job(db, code).status == "delivered"
    closing = [e for e in board.events(db, job=code) if e.type == "job_delivered"]
    assert len(closing) == 1 and closing[0].data["round"] is True
    sync(qtbot, two)
    assert one.board.column_of(code) == "delivered" and two.board.column_of(code) == "delivered"
    page = history.job_page(db, code)
    assert any("自動で締めました" in h.detail for h in page.history)
    done = board.jobs(db, one.ctx.actor, statuses=["done"])
    assert done and not any(j.route for j in done if one.board.column_of(j.code) == "done")


def test_the_service_leaves_a_round_not_finished_and_ordered_jobs_alone(console: ConsoleWindow) -> None:
    """A round still running is not closed; a done ordered job waits for its check and delivery;
    asking twice closes nothing twice."""
    db, boss = console.ctx.db, console.ctx.actor
    code = _todays_round(db, boss)
    ordered = [j.code for j in board.jobs(db, boss, statuses=["done"]) if not j.route]
    assert routes.close_finished_rounds(db, boss, [code, *ordered]) == []
    _walk(db, code)
    assert routes.close_finished_rounds(db, boss) == [code]
    assert routes.close_finished_rounds(db, boss) == []
    assert all(board.job(db, c).status == "done" for c in ordered)
