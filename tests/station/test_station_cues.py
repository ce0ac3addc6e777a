"""Everything spoken is also shown, everything shown is also spoken: each cue on the station
window (what a widget shows) and in the station's log (the "speak" rows, what was said)."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt

from flat_desktop import codes
from flat_desktop.gui.station.help_overlay import ANSWER_SHOWN_MS
from flat_desktop.services import board, help, routes
from flat_desktop.speech import Utterance
from flat_desktop.station.context import State

from .conftest import MACHINE_FOR, SUPERVISOR, Driver, finish_running, job_for

HELP_COMING = "よびだし ちゅう。しょくいんが きます。まっていてください。"
HELP_ANSWERED = "よびだしに こたえました。しょくいんが きます。"
STUCK = "まだ おわりませんか？ こまったら「よびだし」を おしてください。"
SURE = "ほんとうに おわりましたか？ Enter: はい　Esc: いいえ"
REACHED = "かず に なりました"
SPOILED = "しっぱいした かず（やぶれた・まちがえた）は？ ↑キーで +1。"
ALL_DONE = "てじゅんは ぜんぶ おわりました。さぎょうひょうを スキャンして おわりにしてください。"


class Said:
    """What the station's log says was spoken, from a point on."""

    def __init__(self, tmp_path) -> None:
        self.path = tmp_path / "log" / "station.jsonl"
        self.seen = 0

    def rows(self) -> list[dict]:
        return [json.loads(x) for x in self.path.read_text(encoding="utf-8").splitlines()]

    def mark(self) -> None:
        self.seen = len(self.rows())

    def since(self) -> list[str]:
        return [r["text"] for r in self.rows()[self.seen:] if r["kind"] == "speak"]


def test_a_stuck_step_shows_its_prompt_until_the_step_moves_on(demo_db, make_station, tmp_path):
    """The stuck re-prompt is read aloud and shown in a band on the step; a machine scan that shows
    the same step again keeps it; the next step has none."""
    code = job_for(demo_db, "W009", "enclosing")  # speech on, "are you sure?"
    st = make_station(demo_db)
    d, c, step, said = Driver(st), st.flow, st.window.step, Said(tmp_path)
    d.badge("W009")
    d.ticket(code)
    d.do_step()  # the count: the folder is next
    assert c.context.step.kind == "machine" and step.nudge_text() == ""
    said.mark()
    c.check_stuck(now=c.step_clock + dt.timedelta(hours=5))
    assert step.nudge_text() == STUCK and step._nudge.isVisible()
    assert said.since()[0] == STUCK and c.context.step.text in said.since()
    d.scan(codes.machine_payload(MACHINE_FOR["folder"]))
    assert c.context.machine_running and c.context.step.position == 2
    assert step.nudge_text() == STUCK  # the same step: still there
    d.do_step()
    assert c.context.step.position == 3 and step.nudge_text() == ""


def test_a_deaf_worker_sees_the_stuck_prompt_though_nothing_is_said(demo_db, make_station, tmp_path):
    """W003 has speech off: the prompt is shown all the same, and nothing is logged as spoken."""
    code = job_for(demo_db, "W003", "enclosing")
    st = make_station(demo_db)
    d, c, said = Driver(st), st.flow, Said(tmp_path)
    d.badge("W003")
    d.ticket(code)
    said.mark()
    c.check_stuck(now=c.step_clock + dt.timedelta(hours=5))
    assert st.window.step.nudge_text() == STUCK
    assert said.since() == []


def test_the_own_ticket_scanned_mid_job_is_answered_on_screen_too(demo_db, make_station, tmp_path):
    """The ticket of the job in hand, scanned again at a step: "you are doing this job now, go on
    with step 2" is said and shown on the step, until the step moves on."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d, c, step, said = Driver(st), st.flow, st.window.step, Said(tmp_path)
    d.badge("W009")
    d.ticket(code)
    d.do_step()
    said.mark()
    d.ticket(code)
    words = "いま この しごとを しています。2ばんめを つづけてください。"
    assert step.nudge_text() == words and said.since() == [words]
    assert c.context.step.position == 2 and not st.window.error_banner.isVisible()
    d.do_step()
    assert step.nudge_text() == ""


def test_an_answered_help_call_shows_that_a_supervisor_is_coming(demo_db, make_station, qtbot, tmp_path):
    """F3 shows the help band; the supervisor's answer changes it to "a supervisor is on the way",
    said in the same words, for a while; then the band goes."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d, c, band, said = Driver(st), st.flow, st.window.help_overlay, Said(tmp_path)
    d.badge("W009")
    d.ticket(code)
    d.key(Qt.Key.Key_F3)
    assert band.text() == HELP_COMING
    call = help.open_call_for(demo_db, "W009")
    assert call is not None
    said.mark()
    help.answer(demo_db, SUPERVISOR, call.id)
    qtbot.waitUntil(lambda: band.text() == HELP_ANSWERED)
    assert said.since() == [HELP_ANSWERED]
    assert band.answer_timer.isActive() and band.answer_timer.interval() == ANSWER_SHOWN_MS
    band.answer_timer.start(0)  # the while is over
    qtbot.waitUntil(lambda: not band.isVisible())
    d.key(Qt.Key.Key_F3)  # a new call shows the call again, not the old answer
    assert band.text() == HELP_COMING and not band.answer_timer.isActive()
    assert c.help_open


def test_done_on_a_machine_step_shows_what_to_scan(demo_db, make_station, tmp_path):
    """Enter (the big button says "Scan") on a machine step before the machine's label: the error
    band says what to scan, in the words said; it is not a refused scan, and nothing is recorded.
    The machine's label takes the band away."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d, c, banner, said = Driver(st), st.flow, st.window.error_banner, Said(tmp_path)
    d.badge("W009")
    d.ticket(code)
    d.do_step()
    assert c.context.needs_scan and c.context.step.kind == "machine"
    before = [e.id for e in board.events(demo_db)]
    said.mark()
    d.key(Qt.Key.Key_Return)
    shown, hint = "さきに きかいの ラベルを スキャンして ください。", "きかいの バーコードを スキャンして ください。"
    assert banner.message() == shown and banner._hint.text() == hint
    assert said.since() == [f"{shown} {hint}"]
    assert [e.id for e in board.events(demo_db)] == before
    d.scan(codes.machine_payload(MACHINE_FOR["folder"]))
    assert not banner.isVisible() and c.context.machine_running


def test_done_on_a_mail_round_stop_shows_what_to_scan(demo_db, make_station, tmp_path):
    """The same on a mail-round stop before its mailbox is scanned."""
    day = dt.date.today() + dt.timedelta(days=7)
    made = routes.generate_day(demo_db, SUPERVISOR, day + dt.timedelta(days=-day.weekday() % 7))
    code = next(j for j in made if board.job(demo_db, j).type == "mail_round")
    finish_running(demo_db, "W009")
    if board.job(demo_db, code).assignee != "W009":
        board.assign(demo_db, SUPERVISOR, code, "W009", override_reason="test")
    st = make_station(demo_db)
    d, c, banner, said = Driver(st), st.flow, st.window.error_banner, Said(tmp_path)
    d.badge("W009")
    d.ticket(code)
    while c.context.step.kind != "scan":
        d.do_step()
    said.mark()
    d.key(Qt.Key.Key_Return)
    shown = "この てじゅんの バーコードを スキャンして ください。"
    hint = "その ばしょの ラベルを スキャンして ください。"
    assert banner.message() == shown and banner._hint.text() == hint
    assert said.since() == [f"{shown} {hint}"]
    d.do_step()
    assert not banner.isVisible()


def test_are_you_sure_is_said_as_shown(demo_db, make_station, tmp_path):
    """W009's profile asks before a step is done: the question on screen is said in the same words,
    with the key names read as words by a voice that reads kana (not spelt out letter by letter)."""
    code = job_for(demo_db, "W009", "minutes")
    st = make_station(demo_db)
    d, c, said = Driver(st), st.flow, Said(tmp_path)
    d.badge("W009")
    d.ticket(code)
    said.mark()
    d.key(Qt.Key.Key_Return)
    assert st.window.step.ask_text() == SURE
    assert said.since() == [SURE]
    kana = c._last_spoken.spoken(kana_only=True)
    assert kana == "ほんとうに おわりましたか？ えんたー、 はい　えすけーぷ、 いいえ"
    d.key(Qt.Key.Key_Escape)  # no: the step stays
    assert st.window.step.ask_text() == "" and c.context.step.position == 1


def test_target_reached_is_said_when_the_counter_shows_it(demo_db, make_station, tmp_path):
    """A count step: when the counter comes up to its target it shows "target reached" and the
    same words are said, once; going on past the target says nothing more."""
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    d, c, said = Driver(st), st.flow, Said(tmp_path)
    d.badge("W009")
    d.ticket(code)
    counter = st.window.step.counter
    target = c.context.step.target
    assert c.context.step.kind == "count" and target
    said.mark()
    d.key(Qt.Key.Key_PageUp, (target - 1) // 10)
    d.key(Qt.Key.Key_Up, (target - 1) % 10)
    assert counter.value() == target - 1 and not counter._reached.isVisible() and said.since() == []
    d.key(Qt.Key.Key_Up)
    assert counter._reached.isVisible() and counter._reached.text() == "✔ " + REACHED
    assert said.since() == [REACHED]
    d.key(Qt.Key.Key_Up)
    assert said.since() == [REACHED]


def test_the_spoiled_pieces_question_is_said_only_where_it_is_shown(demo_db, make_station, tmp_path):
    """The finish screen of a job that counted asks how many pieces were spoiled and says so after
    "all steps are done"; a job with nothing counted neither shows nor says it."""
    st = make_station(demo_db)
    d, c, finish, said = Driver(st), st.flow, st.window.finish, Said(tmp_path)
    d.badge("W009")
    for job_type, asked in (("enclosing", True), ("minutes", False)):
        code = job_for(demo_db, "W009", job_type)
        if c.state != State.MY_JOBS:
            d.key(Qt.Key.Key_Return)  # from the praise screen
        d.ticket(code)
        while c.state == State.STEP:
            d.do_step()
        assert c.state == State.FINISH
        rows = [r for r in said.rows() if r["kind"] in ("speak", "screen")]
        last = [r["text"] for r in rows[max(i for i, r in enumerate(rows) if r["kind"] == "screen"):]
                if r["kind"] == "speak"]
        assert finish._ask.isVisible() is asked
        assert last == ([ALL_DONE, SPOILED] if asked else [ALL_DONE])
        if asked:
            assert finish._ask.text() == SPOILED
            assert c._last_spoken.spoken(kana_only=True) == (
                "しっぱいした かず（やぶれた、まちがえた）わ？ うえキーで ぷらす いち。")
        d.ticket(code)
        assert c.state == State.PRAISE


def test_key_names_are_read_as_words():
    """A kana-only voice says the keys a screen names as words, never letter by letter."""
    assert Utterance("Enter: はい").spoken(kana_only=True) == "えんたー、 はい"
    assert Utterance("PageUp で +10、 Esc で もどる").spoken(kana_only=True) == (
        "ぺーじあっぷ で ぷらす じゅう、 えすけーぷ で もどる")
