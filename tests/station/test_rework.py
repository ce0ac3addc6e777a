"""A job sent back after a failed check (job_rework): the worker's My jobs card says
「やりなおし: <note>」, and when the job starts the note is shown above the first step sent
back and said first, in kana a voice without a kanji dictionary can read."""

from __future__ import annotations

import json
import shutil
import subprocess

from flat_desktop import japanese
from flat_desktop.services import board, checking, orders, work
from flat_desktop.speech import Utterance
from flat_desktop.station.context import State
from tests.core.test_services import do_whole_job, sign_in

from .conftest import SUPERVISOR, Driver, finish_running

NOTE = "封筒の封が開いています"


def _sent_back(db, worker: str) -> str:
    """An enclosing job ``worker`` did whole, failed at its check: steps 5 and 6 to redo."""
    finish_running(db, worker)
    code = orders.create(db, SUPERVISOR, orders.OrderRequest("enclosing", "通知の封入", 50,
                                                             spec={"inserts": 1})).job
    board.assign(db, SUPERVISOR, code, worker, override_reason="test")
    do_whole_job(db, sign_in(db, worker), code)
    checking.check(db, SUPERVISOR, code, passed=False, seen=40, note=NOTE, redo_steps=[5, 6])
    return code


def _said(tmp_path) -> list[str]:
    rows = [json.loads(x) for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()]
    return [r["text"] for r in rows if r["kind"] == "speak"]


def test_the_rework_note_is_on_the_card_and_shown_and_said_when_the_job_starts(
        demo_db, make_station, qtbot, tmp_path) -> None:
    """W001 signs in: the card of the job sent back reads 「やりなおし: 封筒の封が開いています」 (with
    furigana); scanning its ticket starts at step 5 with the note above the step, said before the
    step's words; the kana given to espeak-ng hold no kanji."""
    code = _sent_back(demo_db, "W001")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W001")
    assert st.flow.state == State.MY_JOBS
    greeting = _said(tmp_path)[-1]
    assert greeting.startswith("通知の封入") and greeting.endswith(f"やりなおし: {NOTE}")  # said on My jobs too
    card = next(c for c in st.window.my_jobs.cards if c.job.code == code)
    assert card.rework is not None and card.rework.plain_text() == f"やりなおし: {NOTE}"
    assert "{" in card.rework.markup()  # furigana over 封筒, 封, 開
    assert f"やりなおし: {NOTE}" in card.accessibleName()
    others = [c for c in st.window.my_jobs.cards if c.job.code != code]
    assert all(c.rework is None for c in others)

    d.ticket(code)
    assert st.flow.state == State.STEP
    ctx = st.flow.context
    assert ctx is not None and ctx.step.position == 5 and ctx.notice == f"やりなおし: {NOTE}"
    notice = st.window.step._notice
    assert notice.isVisible() and notice.text() == f"やりなおし: {NOTE}"
    said = _said(tmp_path)
    at = said.index(f"やりなおし: {NOTE}")
    assert "5" in said[at + 1]  # then the step's words: step 5 of 6
    kana = Utterance(said[at]).spoken(kana_only=True)
    assert japanese.speakable(kana) and not japanese.has_kanji(kana)
    if shutil.which("espeak-ng"):  # and espeak-ng says no "Chinese letter" for it
        heard = subprocess.run(["espeak-ng", "-v", "ja", "-x", "-q", kana], capture_output=True, text=True,
                               check=True, timeout=60).stdout
        assert heard.strip() and "l'et@" not in heard
        raw = subprocess.run(["espeak-ng", "-v", "ja", "-x", "-q", said[at]], capture_output=True, text=True,
                             check=True, timeout=60).stdout
        assert "l'et@" in raw  # the kanji as written would be noise: the test can fail

    # Help on this step is a plain help call, not a jam: the note is not a machine's trouble.
    st.flow.call_help()
    calls = [e for e in board.events(demo_db, job=code) if e.type == "help_called"]
    assert calls[-1].data.get("kind") == "help"


def test_the_next_step_no_longer_shows_the_note(demo_db, make_station, tmp_path) -> None:
    """The note belongs to the start of the rework: the step after shows no notice, and the job
    finishes again as done, ready for the next check."""
    code = _sent_back(demo_db, "W002")
    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W002")
    d.ticket(code)
    assert st.flow.context is not None and st.flow.context.notice
    d.do_step()
    assert st.flow.context is not None and st.flow.context.step.position == 6 and not st.flow.context.notice
    d.do_step()
    assert st.flow.state == State.FINISH
    d.ticket(code)
    assert board.job(demo_db, code).status == "done"
    assert work.job(demo_db, sign_in(demo_db, "W002"), code).status == "done"


def test_a_job_sent_back_while_the_worker_waits_on_my_jobs_is_said(demo_db, make_station, qtbot, tmp_path) -> None:
    """W004 is on My jobs when the supervisor fails a job W004 did: the cards change and the station says
    so, with the job's title and what to redo."""
    finish_running(demo_db, "W004")
    code = orders.create(demo_db, SUPERVISOR, orders.OrderRequest("enclosing", "案内の封入", 50,
                                                                  spec={"inserts": 1})).job
    board.assign(demo_db, SUPERVISOR, code, "W004", override_reason="test")
    do_whole_job(demo_db, sign_in(demo_db, "W004"), code)
    st = make_station(demo_db)
    Driver(st).badge("W004")
    assert st.flow.state == State.MY_JOBS and code not in [j.code for j in st.flow.jobs]
    checking.check(demo_db, SUPERVISOR, code, passed=False, note="宛名が逆さです")
    qtbot.waitUntil(lambda: code in [c.job.code for c in st.window.my_jobs.cards], timeout=10_000)
    said = _said(tmp_path)
    assert said[-1] == "案内の封入。やりなおし: 宛名が逆さです" and "かわりました" in said[-2]
