"""Tickets say it in words: every job type of the standard catalogue with every value of every
choice and yes/no field, printed and read back from the PDF's text layer."""

from __future__ import annotations

import re
import shutil

import pytest

from flat_desktop import codes, spec
from flat_desktop.db import Database
from flat_desktop.demo import catalog as standard
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.printing import TicketFormat
from flat_desktop.services import board, documents, orders, people
from tests.helpers.spec_cases import every_value

from .pdfcheck import page_texts


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def every_ticket(demo_template, tmp_path_factory):
    """One order per value of every choice and yes/no field of every job type, and the A4 text of its ticket."""
    path = tmp_path_factory.mktemp("tickets") / "demo.sqlite3"
    shutil.copy(demo_template, path)
    db = Database(f"sqlite:///{path}")
    boss, _view = people.console_sign_in(db, codes.badge_payload("90001"), SUPERVISOR_PIN, "console@test")
    made = []
    fields = {jt.key: spec.parse_fields(jt.spec) for jt in standard.JOB_TYPES}
    for key, f, value in every_value():
        chosen = {g.key: g.default for g in fields[key] if g.default is not None}
        chosen.update({g.key: "テスト" for g in fields[key] if g.type == "text" and g.default is None})
        chosen[f.key] = value
        made.append((key, f, value, orders.create(
            db, boss, orders.OrderRequest(key, "書類の作業", 30, spec=chosen, department="jinji")).job))
    codes_ = [code for *_rest, code in made]
    texts = page_texts(documents.tickets(db, codes_, fmt=TicketFormat.A4))
    yield db, [(key, f, value, code, text) for (key, f, value, code), text in zip(made, texts, strict=True)]
    db.dispose()


def test_yes_no_values_are_words_and_labels_print_in_full(every_ticket):
    _db, tickets = every_ticket
    assert len(tickets) > 30
    for key, f, value, _code, text in tickets:
        assert "True" not in text and "False" not in text, (key, f.key)
        flat = squeeze(text)
        assert squeeze(f.label) in flat, (key, f.label, text)
        if f.type == "bool":
            assert ("はい" if value else "いいえ") in text
        else:
            assert f.choice_label(value) in text
        assert "…" not in squeeze(f.label)


def test_every_ticket_has_its_order_number_check_box_and_receiver_line(every_ticket):
    _db, tickets = every_ticket
    for key, _f, _value, code, text in tickets:
        order = "O" + code[1:]
        assert order in text and "発注番号" in text
        assert "検品" in text and "受取" in text, key


def test_every_step_of_a_standard_job_is_on_its_a4_ticket(every_ticket):
    db, tickets = every_ticket
    for key, _f, _value, code, text in tickets:
        flat = squeeze(text)
        for st in board.job(db, code).steps:
            assert squeeze(st.text) in flat, (key, st.text)
        assert "ほか" not in text
