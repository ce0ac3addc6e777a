"""Supervisors edit people: details, badge numbers, roles, PINs and accessibility profiles.
Every change is a master_changed event in the same transaction; a rejected change changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.errors import FlatError, InvalidInput, NotAllowed
from flat_desktop.profile import Profile, Theme
from flat_desktop.services import board, people
from flat_desktop.services.context import Actor
from flat_desktop.services.people import WorkerDetails
from tests.helpers.dbstate import snapshot

BOSS = Actor("S001", "supervisor", "test")


def details(db: Database, code: str) -> WorkerDetails:
    return WorkerDetails.of(people.worker(db, code))


def last_change(db: Database) -> dict[str, object]:
    ev = [e for e in board.events(db) if e.type == "master_changed"][-1]
    assert ev.worker == BOSS.worker and ev.station == BOSS.station
    return ev.data


def test_update_name_kana_badge_is_saved_and_recorded(demo_db: Database) -> None:
    d = replace(details(demo_db, "W001"), name="佐藤 健太郎", kana="さとう けんたろう", badge="１２３４５")
    view = people.update_worker(demo_db, BOSS, "W001", d)
    assert (view.name, view.kana, view.badge) == ("佐藤 健太郎", "さとう けんたろう", "12345")
    data = last_change(demo_db)
    assert data["what"] == "worker" and data["of"] == "W001"
    assert data["changed"] == {"name": ["佐藤 健太", "佐藤 健太郎"], "kana": ["さとう けんた", "さとう けんたろう"],
                               "badge": ["10001", "12345"]}
    # The new badge signs in; the old one no longer does, and its number is never given again.
    _actor, me = people.sign_in(demo_db, codes.badge_payload("12345"), "t")
    assert me.code == "W001"
    with pytest.raises(FlatError):
        people.sign_in(demo_db, codes.badge_payload("10001"), "t")
    problems = people.details_problems(demo_db, replace(details(demo_db, "W002"), badge="10001"), "W002")
    assert [p.reason for p in problems] == ["badge_retired"]
    assert people.next_badge_number(demo_db) not in {"10001", "12345"}


def test_saving_the_same_values_records_nothing(demo_db: Database) -> None:
    before = snapshot(demo_db)
    people.update_worker(demo_db, BOSS, "W002", details(demo_db, "W002"), people.worker(demo_db, "W002").profile)
    assert snapshot(demo_db) == before


def test_profile_saved_recorded_and_applied_at_sign_in(demo_db: Database) -> None:
    p = Profile(theme=Theme.YELLOW_ON_BLACK, text_pt=60, furigana=False, speech=False, read_steps=False,
                rate=0.75, volume=0.5, min_dwell_s=4.5, confirm_done=True, auto_advance_s=10, note="大きな字")
    people.set_profile(demo_db, BOSS, "W011", p)
    data = last_change(demo_db)
    assert data["what"] == "profile" and data["of"] == "W011"
    assert data["changed"]["text_pt"] == [32, 60] and data["changed"]["speech"] == [True, False]
    assert "theme" in data["changed"] and data["changed"]["theme"][1] == "yellow_on_black"
    badge = people.worker(demo_db, "W011").badge
    _actor, me = people.sign_in(demo_db, codes.badge_payload(badge), "station-1")
    assert me.profile == p


def test_create_worker_with_generated_code_and_badge(demo_db: Database) -> None:
    code = people.next_worker_code(demo_db)
    assert code == "W031"
    badge = people.next_badge_number(demo_db)
    view = people.create_worker(demo_db, BOSS, "w031", WorkerDetails("新井 次郎", "あらい じろう", badge),
                                {"text_pt": 40})
    assert view.code == "W031" and view.profile.text_pt == 40 and view.active and view.role == "worker"
    assert last_change(demo_db)["what"] == "worker_added"
    assert people.next_worker_code(demo_db) == "W032"
    assert people.next_badge_number(demo_db, "supervisor") == "90004"


def test_pin_only_for_supervisors_and_cleared_when_demoted(demo_db: Database) -> None:
    with pytest.raises(NotAllowed) as err:
        people.set_pin(demo_db, BOSS, "W001", "5678")
    assert err.value.reason == "pin_for_worker"
    people.update_worker(demo_db, BOSS, "W001", replace(details(demo_db, "W001"), role="supervisor"))
    people.set_pin(demo_db, BOSS, "W001", "5678")
    assert people.worker(demo_db, "W001").has_pin
    people.update_worker(demo_db, BOSS, "W001", replace(details(demo_db, "W001"), role="worker"))
    assert not people.worker(demo_db, "W001").has_pin


def test_profile_problems_name_every_bad_field() -> None:
    bad = {"theme": "pink", "text_pt": 12, "rate": 3.0, "volume": -1, "min_dwell_s": 99, "auto_advance_s": 1,
           "furigana": "yes", "language": "fr", "note": "x" * 600, "colour": 1}
    found = {p.field for p in people.profile_problems(bad)}
    assert found == {"theme", "text_pt", "rate", "volume", "min_dwell_s", "auto_advance_s", "furigana", "language",
                     "note", "colour"}
    assert people.profile_problems(Profile().to_dict()) == []
    assert people.profile_problems({"auto_advance_s": None, "text_pt": 72}) == []


def _rejections(db: Database) -> list[tuple[str, Callable[[], object]]]:
    worker = Actor("W001", "worker", "station-1")
    w2 = details(db, "W002")
    return [
        ("worker edits", lambda: people.update_worker(db, worker, "W002", replace(w2, name="x"))),
        ("worker sets profile", lambda: people.set_profile(db, worker, "W002", Profile(text_pt=40))),
        ("worker adds", lambda: people.create_worker(db, worker, "W099", WorkerDetails("x", "えっくす", "55555"))),
        ("PIN for a worker", lambda: people.set_pin(db, BOSS, "W002", "1234")),
        ("duplicate badge", lambda: people.update_worker(db, BOSS, "W002", replace(w2, badge="10001"))),
        ("short badge", lambda: people.update_worker(db, BOSS, "W002", replace(w2, badge="1234"))),
        ("long badge", lambda: people.update_worker(db, BOSS, "W002", replace(w2, badge="123456"))),
        ("empty name", lambda: people.update_worker(db, BOSS, "W002", replace(w2, name="  "))),
        ("kanji kana", lambda: people.update_worker(db, BOSS, "W002", replace(w2, kana="鈴木"))),
        ("bad role", lambda: people.update_worker(db, BOSS, "W002", replace(w2, role="boss"))),
        ("bad profile with details", lambda: people.update_worker(db, BOSS, "W002", replace(w2, name="y"),
                                                                  {"text_pt": 80})),
        ("text too small", lambda: people.set_profile(db, BOSS, "W002", {"text_pt": 20})),
        ("auto advance 1 s", lambda: people.set_profile(db, BOSS, "W002", {"auto_advance_s": 1})),
        ("unknown worker", lambda: people.set_profile(db, BOSS, "W999", Profile())),
        ("code taken", lambda: people.create_worker(db, BOSS, "W002", WorkerDetails("x", "えっくす", "55555"))),
        ("bad code", lambda: people.create_worker(db, BOSS, "031", WorkerDetails("x", "えっくす", "55555"))),
        ("own demotion", lambda: people.update_worker(db, BOSS, "S001", replace(details(db, "S001"), role="worker"))),
        ("bad prompt level", lambda: people.set_prompt_level(db, BOSS, "W001", "copying", "loud")),
        ("prompt level without skill", lambda: people.set_prompt_level(db, BOSS, "W001", "minutes", "partial")),
    ]


def test_every_rejected_edit_changes_nothing(demo_db: Database) -> None:
    for name, call in _rejections(demo_db):
        before = snapshot(demo_db)
        with pytest.raises(FlatError) as err:
            call()
        assert err.value.message and err.value.hint, name
        assert snapshot(demo_db) == before, name


def test_deactivating_someone_with_open_jobs_is_refused(demo_db: Database) -> None:
    busy = next(j.assignee for j in board.jobs(demo_db, BOSS) if j.assignee and j.status in ("assigned", "paused"))
    with pytest.raises(InvalidInput) as err:
        people.update_worker(demo_db, BOSS, busy, replace(details(demo_db, busy), active=False))
    assert err.value.reason in ("has_jobs", "signed_in") and err.value.field == "active"


def test_prompt_level_per_skill(demo_db: Database) -> None:
    was = people.worker(demo_db, "W001").prompt_level_for("copying")
    people.set_prompt_level(demo_db, BOSS, "W001", "copying", "minimal")
    assert people.worker(demo_db, "W001").prompt_level_for("copying") == "minimal"
    assert last_change(demo_db) == {"what": "prompt_level", "of": "W001", "changed": {"copying": [was, "minimal"]}}
