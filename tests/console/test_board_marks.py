"""Late work on the board: a job past its due time is marked 「期限切れ」, one whose standard
minutes left do not fit before its due time 「あぶない」, each in words and with a background
that keeps 7:1 with the card's text; the marks follow the clock and leave a finished job."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from flat_desktop import themes
from flat_desktop.gui.console.board_marks import BACKGROUNDS
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import catalog, deadlines, orders
from flat_desktop.services.orders import OrderRequest
from flat_desktop.services.views import JobView

from .conftest import sync


def _order(win: ConsoleWindow, due: dt.datetime, quantity: int = 10) -> str:
    req = OrderRequest(job_type="copying", title="会議資料", quantity=quantity, spec={"originals": 5},
                       department="jinji", due=due)
    return orders.create(win.ctx.db, win.ctx.actor, req).job


def test_overdue_and_at_risk_cards_say_so_in_words_and_colour(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Due in two hours: no mark. When the time left is less than the standard time: 「あぶない」.
    After the due time: 「期限切れ」. Both in bold on a background; the clock's tick moves them."""
    tab = console.board
    now = dt.datetime.now(dt.UTC)
    jt = next(t for t in catalog.job_types(console.ctx.db) if t.key == "copying")
    code = _order(console, now + dt.timedelta(hours=2))
    sync(qtbot, console)
    standard = jt.standard_minutes(10)
    assert standard < 120
    item = tab.item_for(code)
    assert item is not None
    assert "期限切れ" not in tab.card(code) and "あぶない" not in tab.card(code)
    assert item.background() == QBrush()
    tab.clock = lambda: now + dt.timedelta(hours=2) - dt.timedelta(minutes=standard / 2)
    tab.tick()
    assert "【あぶない】" in tab.card(code) and item.font().bold()
    assert item.background().color().name().upper() == BACKGROUNDS[deadlines.AT_RISK]
    tab.clock = lambda: now + dt.timedelta(hours=3)
    tab.tick()
    assert "【期限切れ】" in tab.card(code) and "あぶない" not in tab.card(code)
    assert item.background().color().name().upper() == BACKGROUNDS[deadlines.OVERDUE]
    tab.clock = lambda: now
    tab.tick()
    assert "期限" not in tab.card(code).split("\n")[0] and not item.font().bold()
    assert item.background() == QBrush()


def test_the_marks_keep_seven_to_one_with_the_cards_text() -> None:
    """The console's light theme text on each mark's background: at least 7:1 (WCAG AAA)."""
    text = themes.THEMES["light"].text
    for bg in BACKGROUNDS.values():
        assert themes.contrast_ratio(text, bg) >= 7.0, bg


def test_a_started_job_is_at_risk_by_the_steps_it_still_has() -> None:
    """Half the steps done: only half the standard time is needed; a finished job has no mark."""
    now = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    base = dict(code="J1", type="copying", type_name="コピー", type_icon="", type_colour="", unit="部", title="t",
                assignee="W001", quantity=10, priority=2, confidential=False, machine_in_use=None, version=1,
                route=None, started_at=now, finished_at=None)
    half = JobView(status="in_progress", current_step=3, steps_total=4, due=now + dt.timedelta(minutes=40),
                   **base)  # type: ignore[arg-type]
    assert deadlines.share_left(half) == 0.5
    assert deadlines.risk(half, 60, now) is None  # 30 minutes of work left, 40 to go
    assert deadlines.risk(half, 100, now) == deadlines.AT_RISK
    done = JobView(status="done", current_step=None, steps_total=4, due=now - dt.timedelta(hours=1),
                   **base)  # type: ignore[arg-type]
    assert deadlines.risk(done, 60, now) is None
