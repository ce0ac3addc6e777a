"""Saving a worker from the editor is one service call in one transaction: the person, the
profile and the skills together, or nothing at all."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flat_desktop.db import Database
from flat_desktop.errors import InvalidInput, NotFound
from flat_desktop.profile import Profile
from flat_desktop.services import board, people
from flat_desktop.services.context import Actor
from flat_desktop.services.people import SkillChoice, WorkerDetails
from tests.helpers.dbstate import snapshot

BOSS = Actor("S001", "supervisor", "test")


def test_person_profile_and_skills_are_saved_together(demo_db: Database) -> None:
    """One call writes the details, the profile, a new skill and its prompt level, each as its
    own master_changed event, and says how many skill settings changed."""
    w = people.worker(demo_db, "W002")
    assert not any(sk.job_type == "lending" for sk in w.skills)
    d = replace(WorkerDetails.of(w), name="鈴木 花")
    saved = people.save_worker(demo_db, BOSS, "W002", d, replace(w.profile, text_pt=48),
                               {"lending": SkillChoice("learning", "minimal")})
    assert saved.skill_changes == 2
    again = people.worker(demo_db, "W002")
    assert again.name == "鈴木 花" and again.profile.text_pt == 48
    assert again.prompt_level_for("lending") == "minimal"
    assert saved.view == again
    what = [e.data["what"] for e in board.events(demo_db) if e.type == "master_changed"][-4:]
    assert what == ["worker", "profile", "skill", "prompt_level"]


def test_an_unknown_job_type_in_the_skills_leaves_nothing_saved(demo_db: Database) -> None:
    """The details and profile are valid and written first, then a skill names a job type that
    does not exist: the whole save is refused and not one row or event is left behind."""
    w = people.worker(demo_db, "W003")
    before = snapshot(demo_db)
    with pytest.raises(NotFound):
        people.save_worker(demo_db, BOSS, "W003", replace(WorkerDetails.of(w), name="途中 太郎"),
                           replace(w.profile, text_pt=64),
                           {"copying": SkillChoice("certified"), "no_such_type": SkillChoice("learning")})
    assert snapshot(demo_db) == before
    assert people.worker(demo_db, "W003").name == w.name


def test_a_new_person_with_a_bad_skill_is_not_added(demo_db: Database) -> None:
    """A new person whose skill list is refused is not added either (no half-saved person)."""
    code = people.next_worker_code(demo_db)
    before = snapshot(demo_db)
    d = WorkerDetails("新井 次郎", "あらい じろう", people.next_badge_number(demo_db))
    with pytest.raises(InvalidInput):
        people.save_worker(demo_db, BOSS, code, d, Profile(), {"copying": SkillChoice("guru")}, new=True)
    with pytest.raises(NotFound):
        people.save_worker(demo_db, BOSS, code, d, Profile(), {"nope": SkillChoice("learning")}, new=True)
    assert snapshot(demo_db) == before
    saved = people.save_worker(demo_db, BOSS, code, d, Profile(), {"copying": SkillChoice("learning")}, new=True)
    assert saved.view.code == code and [sk.job_type for sk in saved.view.skills] == ["copying"]
