"""An order is checked for what a person would catch: characters the ticket cannot print are
refused at their field, and a number far outside the job type's usual range is asked about
(with the figure in words) before anything is saved."""

from __future__ import annotations

import pytest

from flat_desktop import codes
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.errors import InvalidInput, NeedsConfirmation
from flat_desktop.services import board, orders, people
from flat_desktop.services.orders import OrderRequest, number_in_words


@pytest.fixture
def boss(demo_db):
    actor, _view = people.console_sign_in(demo_db, codes.badge_payload("90001"), SUPERVISOR_PIN, "console@test")
    return actor


def events(db) -> int:
    return len(board.events(db))


@pytest.mark.parametrize(("n", "words"), [(7, "7"), (9_999, "9,999"), (10_000, "1万"), (100_000, "10万"),
                                          (1_200_000, "120万"), (12_345, "1万2,345"), (300_000_000, "3億")])
def test_numbers_in_words(n, words):
    assert number_in_words(n) == words


@pytest.mark.parametrize(("field", "req"), [
    ("title", OrderRequest("copying", "会議資料 😀", 10, department="jinji")),
    ("note", OrderRequest("copying", "会議資料", 10, department="jinji", note="急ぎ🙏")),
    ("label", OrderRequest("files", "ファイル", 5, spec={"label": "契約書🗂"}, department="jinji")),
])
def test_a_character_the_ticket_cannot_print_is_refused_at_its_field(demo_db, boss, field, req):
    before = events(demo_db)
    with pytest.raises(InvalidInput) as caught:
        orders.create(demo_db, boss, req)
    assert caught.value.field == field and caught.value.reason == "unprintable"
    assert "印刷できません" in str(caught.value)
    assert events(demo_db) == before


def test_japanese_names_and_full_width_signs_print(demo_db, boss):
    made = orders.create(demo_db, boss, OrderRequest("copying", "髙橋・﨑山 ①資料（№3）", 10, department="jinji"))
    assert made.job


def test_a_far_larger_order_than_usual_is_asked_about_first(demo_db, boss):
    req = OrderRequest("copying", "会議資料", 100_000, spec={"originals": 10}, department="jinji")
    before = events(demo_db)
    with pytest.raises(NeedsConfirmation) as caught:
        orders.create(demo_db, boss, req)
    assert "10万部" in caught.value.message and "100,000部" in caught.value.message
    assert events(demo_db) == before  # nothing saved while it is asked
    assert orders.create(demo_db, boss, req, confirmed=True).job
    assert events(demo_db) > before


def test_an_ordinary_order_is_not_asked_about(demo_db, boss):
    assert orders.create(demo_db, boss, OrderRequest("copying", "会議資料", 40, department="jinji")).job


def test_a_workers_load_counts_jobs_in_hand_and_their_standard_minutes(demo_db, boss):
    from flat_desktop.services import catalog

    before = board.workloads(demo_db).get("W003", board.Workload(0, 0))
    code = orders.create(demo_db, boss, OrderRequest("enclosing", "案内", 200, department="jinji")).job
    board.assign(demo_db, boss, code, "W003", override_reason="test")
    after = board.workloads(demo_db)["W003"]
    jt = next(t for t in catalog.job_types(demo_db) if t.key == "enclosing")
    assert after.jobs == before.jobs + 1
    assert abs(after.minutes - before.minutes - jt.standard_minutes(200)) <= 1
