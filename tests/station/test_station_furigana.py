"""Furigana follow the worker's profile everywhere a worker reads, not only in the step text:
job titles on My jobs, the step's title line and instruction line, a mail round's department
names, the break, finish and praise screens."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from flat_desktop import codes, ruby
from flat_desktop.events import utcnow
from flat_desktop.services import board, orders, routes
from flat_desktop.station.context import State

from .conftest import FULL_SPEC, SUPERVISOR, Driver, finish_running, set_profile
from .test_station_jobs import next_monday


def _has_ruby(markup: str) -> bool:
    return any(kana for _base, kana in ruby.parse(markup))


def test_furigana_on_every_screen_a_worker_reads_and_none_when_the_profile_says_no(demo_db, make_station):
    finish_running(demo_db, "W004")
    soon = utcnow() + dt.timedelta(hours=1)  # urgent and due soon: among the cards shown, whatever else W004 has
    code = orders.create(demo_db, SUPERVISOR, orders.OrderRequest("enclosing", "納税通知書の発送", 140,
                                                                  spec=dict(FULL_SPEC["enclosing"]), due=soon,
                                                                  priority=1)).job
    board.assign(demo_db, SUPERVISOR, code, "W004", override_reason="test")
    later = orders.create(demo_db, SUPERVISOR, orders.OrderRequest("enclosing", "研修案内の送付", 20,
                                                                   spec=dict(FULL_SPEC["enclosing"]), due=soon,
                                                                   priority=1)).job
    board.assign(demo_db, SUPERVISOR, later, "W004", override_reason="test")  # the praise names a next job
    job = board.job(demo_db, code)
    st = make_station(demo_db)
    d = Driver(st)
    w = st.window
    d.badge("W004")  # furigana on
    assert st.flow.state == State.MY_JOBS
    card = next(c for c in w.my_jobs.cards if c.job.code == code)
    assert card.title.markup() == job.title_markup and _has_ruby(card.title.markup())
    assert card.title.plain_text() == job.title and card.title.show_furigana()
    assert "{封入|ふうにゅう}" in card.detail.markup() and card.detail.show_furigana()

    d.ticket(code)
    assert st.flow.state == State.STEP
    assert w.step.where.markup().endswith(job.title_markup) and w.step.where.show_furigana()
    while st.flow.context.step.kind != "machine":
        d.do_step()
    assert "{紙|かみ}{折|お}り{機|き}" in w.step.ask.markup() and w.step.ask.show_furigana()
    d.key(Qt.Key.Key_F4)
    assert st.flow.state == State.BREAK
    assert w.pause.job_title.markup() == job.title_markup and w.pause.job_title.show_furigana()
    d.key(Qt.Key.Key_Return)
    while st.flow.state == State.STEP:
        d.do_step()
    assert _has_ruby(w.finish.done_line.markup())  # 「枚」 of the count done
    d.ticket(code)
    assert st.flow.state == State.PRAISE
    nxt = w.praise.next_job
    assert st.flow.jobs[0].title_markup in nxt.markup() and _has_ruby(nxt.markup()) and nxt.show_furigana()

    d.scan(codes.badge_payload(st.flow.worker.badge))  # signs out
    set_profile(demo_db, "W004", furigana=False)
    d.badge("W004")
    assert w.my_jobs.cards and not any(c.title.show_furigana() or c.detail.show_furigana()
                                        for c in w.my_jobs.cards)


def test_a_mail_round_stop_shows_the_department_with_the_furigana_of_its_kana(demo_db, make_station):
    made = routes.generate_day(demo_db, SUPERVISOR, next_monday())
    code = next(c for c in made if board.job(demo_db, c).route == "MAIL-A")
    finish_running(demo_db, "W004")
    if board.job(demo_db, code).assignee != "W004":
        board.assign(demo_db, SUPERVISOR, code, "W004", override_reason="test")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W004")
    d.ticket(code)
    while st.flow.context.step.kind != "scan":
        d.do_step()
    label = st.window.step.text_label
    assert label.markup().startswith("{企画財政部|きかくざいせいぶ} {企画総務課|きかくそうむか}の")
    assert label.show_furigana()
    assert st.window.step.where.markup().startswith("てじゅん")
    assert "{郵便|ゆうびん}{集配|しゅうはい}" in st.window.step.where.markup()
