"""The Routes tab makes the chosen day's rounds for whoever is in: it says who is in, gives
each run to a scheduled worker, and tells which runs nobody could take."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, routes, schedule


def _next(weekday: int) -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)


def test_the_routes_tab_makes_the_day_for_whoever_is_in(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Everyone of the evening paper's rota is off: its run is made, left open and reported;
    the mail runs go to rota members who are in. Making the day again makes nothing twice."""
    db, tab = console.ctx.db, console.routes
    day = _next(4)  # a Friday
    actor = console.ctx.actor
    paper = routes.route(db, "PAPER").rota
    for code in paper:
        schedule.set_day_off(db, actor, code, day, reason="研修")
    tab.day.setDate(QDate(day.year, day.month, day.day))
    shown = tab.who_is_in.text()
    assert all(f"（{code}）" not in shown for code in paper)
    assert any(f"（{code}）" in shown for code in routes.route(db, "MAIL-A").rota)
    messages: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, error: messages.append((text, error)))
    qtbot.mouseClick(tab.generate, Qt.MouseButton.LeftButton)
    text, is_error = messages[-1]
    paper_jobs = [r for r in routes.stop_confirmations(db, day) if r.route == "PAPER"]
    assert is_error and paper_jobs and all(r.job in text and r.assignee is None for r in paper_jobs)
    in_that_day = set(schedule.scheduled(db, day))
    mail = [r for r in routes.stop_confirmations(db, day) if r.route != "PAPER"]
    assert mail and all(r.assignee in in_that_day for r in mail)
    assert tab.generate_day(day) == []  # again: nothing made twice
    assert len(routes.stop_confirmations(db, day)) == len(mail) + len(paper_jobs)
    assert board.job(db, paper_jobs[0].job).assignee is None
