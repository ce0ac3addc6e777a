"""The worker editor's skills: a level per job type and how much help its steps give."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QWidget

from flat_desktop.db.models import SkillLevel
from flat_desktop.i18n import N_, _
from flat_desktop.profile import PromptLevel
from flat_desktop.services.catalog import JobTypeView
from flat_desktop.services.people import SkillChoice
from flat_desktop.services.views import SkillView

LEVELS = ((None, N_("No skill")), (SkillLevel.LEARNING, N_("Learning")), (SkillLevel.INDEPENDENT, N_("Independent")),
          (SkillLevel.CERTIFIED, N_("Certified")))
PROMPTS = ((PromptLevel.FULL, N_("Full: text, picture, speech")),
           (PromptLevel.PARTIAL, N_("Partial: title and picture")), (PromptLevel.MINIMAL, N_("Minimal: title only")))


class SkillsBox(QGroupBox):
    """Signals: ``changed`` when a level or a prompt level is chosen."""

    changed = Signal()

    def __init__(self, types: list[JobTypeView], parent: QWidget | None = None) -> None:
        super().__init__(_("Skills and how much help each job type gives"), parent)
        self.levels: dict[str, QComboBox] = {}
        self.prompts: dict[str, QComboBox] = {}
        grid = QGridLayout(self)
        grid.addWidget(QLabel(_("Skill")), 0, 1)
        grid.addWidget(QLabel(_("Prompt level")), 0, 2)
        for i, t in enumerate(types, start=1):
            box = QComboBox()
            for level, text in LEVELS:
                # "" not None as item data: None in a QVariant upsets PySide's reference counts.
                box.addItem(_(text), "" if level is None else str(level))
            box.setAccessibleName(_("Skill: {type}").format(type=t.name))
            prompt = QComboBox()
            for plevel, text in PROMPTS:
                prompt.addItem(_(text), str(plevel))
            prompt.setAccessibleName(_("Prompt level: {type}").format(type=t.name))
            self.levels[t.key] = box
            self.prompts[t.key] = prompt
            name = QLabel(t.name)
            name.setBuddy(box)
            grid.addWidget(name, i, 0)
            grid.addWidget(box, i, 1)
            grid.addWidget(prompt, i, 2)
            box.currentIndexChanged.connect(lambda _i, k=t.key: self._level_chosen(k))
            prompt.currentIndexChanged.connect(self.changed)

    def _level_chosen(self, key: str) -> None:
        self.prompts[key].setEnabled(bool(self.levels[key].currentData()))
        self.changed.emit()

    def fill(self, skills: tuple[SkillView, ...]) -> None:
        have = {sk.job_type: sk for sk in skills}
        for key, box in self.levels.items():
            sk = have.get(key)
            box.setCurrentIndex(max(0, box.findData(sk.level if sk else "")))
            prompt = self.prompts[key]
            prompt.setCurrentIndex(max(0, prompt.findData(sk.prompt_level if sk else str(PromptLevel.FULL))))
            prompt.setEnabled(sk is not None)

    def choices(self) -> dict[str, SkillChoice]:
        """Every job type's skill as chosen (level None: no skill)."""
        return {key: SkillChoice(str(box.currentData()) or None, str(self.prompts[key].currentData()))
                for key, box in self.levels.items()}

    def state(self) -> tuple[tuple[str, str, str], ...]:
        return tuple((k, c.level or "", c.prompt_level) for k, c in sorted(self.choices().items()))

    def set_editable(self, editable: bool) -> None:
        for box in self.levels.values():
            box.setEnabled(editable)
