"""The worker editor is composed of small parts (person, PIN, profile, skills) built from the
one field widget, and its Save is one service call: a refusal in the middle keeps the form and
saves nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.gui.console.worker_details import PersonBox, PinBox
from flat_desktop.gui.console.worker_profile import ProfileBox
from flat_desktop.gui.console.worker_skills import SkillsBox
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.services import people
from flat_desktop.services.people import SkillChoice
from tests.helpers.dbstate import snapshot


def test_the_editor_is_made_of_its_parts(console: ConsoleWindow) -> None:
    """Each part is its own widget; every field of the person and the profile is a FieldRow whose
    caption names it and focuses it."""
    tab = console.workers
    assert isinstance(tab.person, PersonBox) and isinstance(tab.pin_box, PinBox)
    assert isinstance(tab.profile, ProfileBox) and isinstance(tab.skills, SkillsBox)
    for key, row in tab.fields.items():
        assert isinstance(row, FieldRow), key
        assert isinstance(row.caption, QLabel) and row.caption.buddy() is row.editor and row.label, key
        assert row.editor.accessibleName(), key


def test_a_refusal_in_the_middle_of_a_save_leaves_nothing_saved(console: ConsoleWindow, qtbot: QtBot,
                                                                monkeypatch) -> None:
    """The name, the profile and a skill are changed; the skills then name a job type the
    database does not have (as if it was removed meanwhile): nothing of the person is saved,
    the refusal is shown, and the form keeps every edit."""
    tab = console.workers
    tab.select("W005")
    old = people.worker(console.ctx.db, "W005")
    tab.name.setText("途中 保存子")
    tab.text_pt.setValue(56)
    tab.levels["copying"].setCurrentIndex(tab.levels["copying"].findData("certified"))
    choices = tab.skills.choices

    monkeypatch.setattr(tab.skills, "choices", lambda: {**choices(), "retired_type": SkillChoice("learning")})
    before = snapshot(console.ctx.db)
    tab.save_button.click()
    assert snapshot(console.ctx.db) == before
    again = people.worker(console.ctx.db, "W005")
    assert again.name == old.name and again.profile.text_pt == old.profile.text_pt
    assert tab.dirty and tab.name.text() == "途中 保存子" and "retired_type" in tab.status.text()
    monkeypatch.undo()
    tab.save_button.click()
    saved = people.worker(console.ctx.db, "W005")
    assert saved.name == "途中 保存子" and saved.profile.text_pt == 56
    assert any(sk.job_type == "copying" and sk.level == "certified" for sk in saved.skills)
