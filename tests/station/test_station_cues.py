"""Everything spoken is also shown, everything shown is also spoken: each cue on the station
window (what a widget shows) and in the station's log (the "speak" rows, what was said)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from flat_desktop.station import voice
from flat_desktop.station.context import State

from .conftest import Driver, job_for

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
    assert kana == "ほんとうに おわりましたか？ エンター: はい　エスケープ: いいえ"
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
                "しっぱいした かず（やぶれた、まちがえた）は？ うえキーで プラス いち。")
        d.ticket(code)
        assert c.state == State.PRAISE


def test_key_names_are_read_as_words_only_in_japanese():
    """The readings for key names and signs are Japanese: an English voice gets the text as it is."""
    from flat_desktop.i18n import set_language

    assert voice.speakable("Enter: はい").markup == "{Enter|エンター}: はい"
    assert voice.speakable("+10 と +1").markup == "{+10|プラス じゅう} と {+1|プラス いち}"
    assert voice.speakable("はい").markup is None
    set_language("en")
    try:
        assert voice.speakable("Press Enter.").markup is None
    finally:
        set_language("ja")
