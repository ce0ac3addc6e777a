"""One wording per step: what the ticket prints, the station shows and the voice says come from
the same stored step text, also after a supervisor edits only the text of a template."""

from __future__ import annotations

import json

from flat_desktop import codes, ruby
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.templates import TemplatesTab
from flat_desktop.services import board, catalog, documents, orders, people
from flat_desktop.station.context import State
from tests.printing.pdfcheck import page_texts

from .conftest import FULL_SPEC, Driver, finish_running


def test_a_text_edited_without_its_reading_reaches_ticket_screen_and_voice_alike(demo_db, make_station, qtbot,
                                                                                   tmp_path):
    boss, _view = people.console_sign_in(demo_db, codes.badge_payload("90001"), SUPERVISOR_PIN, "console@test")
    ctx = ConsoleContext(demo_db, boss)
    tab = TemplatesTab(ctx)
    qtbot.addWidget(tab)
    tab.set_job_type("enclosing")
    row = next(i for i, st in enumerate(tab.steps) if st.title == "束ねる")
    tab.list.setCurrentRow(row)
    assert ruby.to_plain(tab.reading.text()) == "100通ずつ束ねます。"
    tab.text.setText("50通ずつ束ねます。")  # the supervisor changes the text only
    tab.store()
    assert ruby.to_plain(tab.reading.text()) == "50通ずつ束ねます。"  # a new reading, not the old one
    assert tab.save()

    # A reading that says something else than the text is refused at Save, and nothing changes.
    tab.reading.setText("{四十|よんじゅう}{通|つう}ずつ{束|たば}ねます。")
    tab.store()
    assert not tab.save()
    saved = next(t for t in catalog.job_types(demo_db) if t.key == "enclosing").steps
    assert [st.text for st in saved if st.title == "束ねる"] == ["50通ずつ束ねます。"]

    finish_running(demo_db, "W009")
    code = orders.create(demo_db, boss, orders.OrderRequest("enclosing", "案内の発送", 60,
                                                            spec=dict(FULL_SPEC["enclosing"]))).job
    board.assign(demo_db, boss, code, "W009", override_reason="test")
    step = next(st for st in board.job(demo_db, code).steps if st.title == "束ねる")
    assert step.text == ruby.to_plain(step.reading) == "50通ずつ束ねます。"
    printed = "".join(page_texts(documents.tickets(demo_db, [code])))
    assert "50通ずつ束ねます。" in printed and "100通" not in printed

    st = make_station(demo_db)
    d = Driver(st)
    d.badge("W009")  # full prompts, speech on, steps read aloud
    d.ticket(code)
    c = st.flow
    while c.state == State.STEP and c.context.step.title != "束ねる":
        d.do_step()
    assert c.state == State.STEP
    assert st.window.step.text_label.plain_text() == "50通ずつ束ねます。"
    spoken = [json.loads(x)["text"] for x in (tmp_path / "log" / "station.jsonl").read_text().splitlines()
              if json.loads(x)["kind"] == "speak"]
    assert spoken[-1] == "50通ずつ束ねます。"
    assert c._last_spoken is not None and c._last_spoken.spoken(kana_only=True).startswith("ごじゅっつう")
    ctx.stop()
