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


def test_a_day_off_and_weekdays_are_set_on_the_routes_tab(qtbot: QtBot, console: ConsoleWindow) -> None:
    """On "Who is in": a day off marked with its reason leaves the worker out of that day's
    list; ticking weekdays and saving changes their usual week; both are recorded as events."""
    db, page = console.ctx.db, console.routes.schedule
    page.worker.setCurrentIndex(page.worker.findData("W001"))
    day = _next(1)  # a Tuesday
    page.day.setDate(QDate(day.year, day.month, day.day))
    page.reason.setText("年休")
    qtbot.mouseClick(page.off_button, Qt.MouseButton.LeftButton)
    assert "W001" not in schedule.scheduled(db, day)
    assert page.offs.count() == 1 and day.isoformat() in page.offs.item(0).text()
    assert "年休" in page.offs.item(0).text()
    qtbot.mouseClick(page.off_button, Qt.MouseButton.LeftButton)  # a second press records nothing
    offs = [e for e in board.events(db) if e.type == "master_changed" and e.data.get("what") == "day_off"]
    assert len(offs) == 1 and offs[0].data["of"] == "W001" and offs[0].data["reason"] == "年休"
    qtbot.mouseClick(page.in_button, Qt.MouseButton.LeftButton)
    assert "W001" in schedule.scheduled(db, day) and page.offs.count() == 0
    page.days[1].setChecked(False)  # no longer on Tuesdays
    qtbot.mouseClick(page.save_days, Qt.MouseButton.LeftButton)
    assert schedule.schedule(db, "W001").weekdays == (0, 2, 3, 4)
    assert "W001" not in schedule.scheduled(db, day)
    page.worker.setCurrentIndex(page.worker.findData("W004"))
    assert [box.isChecked() for box in page.days] == [True, False, True, False, True, False, False]
