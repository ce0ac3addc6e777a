"""Workers: the list of people and an editor for one of them — name, kana, badge number, role,
active flag, a supervisor's PIN, the accessibility profile (with a live picture of the station
in that profile) and the skills per job type with their prompt level.

Nothing is saved until every field is valid; a bad field is marked where it is, with what is
wrong and what to do. Unsaved edits are never thrown away: choosing another person first asks
to save or revert, and changes arriving from other consoles do not overwrite the form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop import ruby
from flat_desktop.db.models import Role, SkillLevel
from flat_desktop.errors import FlatError, InvalidInput
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.profile_preview import ProfilePreview, sample_step, theme_name
from flat_desktop.gui.style import current_theme
from flat_desktop.i18n import N_, _
from flat_desktop.profile import MAX_TEXT_PT, MIN_TEXT_PT, Profile, PromptLevel
from flat_desktop.services import catalog, people
from flat_desktop.services.people import PROFILE_LABELS, WorkerDetails
from flat_desktop.services.views import EventView, WorkerView
from flat_desktop.station import voice

HEADERS = ("Code", "Name", "Kana", "Badge", "Role", "Present", "Skills")
LEVELS = ((None, "No skill"), (SkillLevel.LEARNING, "Learning"), (SkillLevel.INDEPENDENT, "Independent"),
          (SkillLevel.CERTIFIED, "Certified"))
PROMPTS = ((PromptLevel.FULL, N_("Full: text, picture, speech")),
           (PromptLevel.PARTIAL, N_("Partial: title and picture")), (PromptLevel.MINIMAL, N_("Minimal: title only")))
VALIDATE_MS = 250


def role_name(role: str) -> str:
    return _("Supervisor") if role == Role.SUPERVISOR else _("Worker")


@dataclass(frozen=True)
class FormState:
    """Everything the form holds, to tell an edited form from the saved person."""

    code: str
    details: WorkerDetails
    profile: tuple[tuple[str, Any], ...]
    skills: tuple[tuple[str, str, str], ...]


class Field:
    """An input with its error line underneath; ``mark`` shows a problem there."""

    def __init__(self, widget: QWidget, label: str) -> None:
        self.widget = widget
        self.label = label
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setProperty("tone", "error")
        self.error.setAccessibleName(_("Problem with {field}").format(field=label))
        self.error.hide()
        widget.setAccessibleName(label)

    def mark(self, problem: InvalidInput | None) -> None:
        if problem is None:
            self.error.hide()
            self.error.setText("")
            self.widget.setStyleSheet("")
            self.widget.setAccessibleDescription("")
            return
        text = f"⚠ {problem.message} {problem.hint}".strip()
        self.error.setText(text)
        self.error.show()
        # Colour is not the only sign: the message sits under the field and is read by screen readers.
        self.widget.setStyleSheet(f"border: 3px dashed {current_theme().error_text};")
        self.widget.setAccessibleDescription(text)

    @property
    def marked(self) -> bool:
        return not self.error.isHidden()


class WorkersTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.types = catalog.job_types(ctx.db)
        self.rows: list[WorkerView] = []
        self.editing: WorkerView | None = None  # None with is_new: a person not saved yet
        self.is_new = False
        self.baseline: FormState | None = None
        self._loading = False
        self._speaker: Any = None

        # -- the list ----------------------------------------------------------------------
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("workers")
        self.table.setAccessibleName(_("Workers"))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.show_inactive = QCheckBox(_("Show people who have left"))
        self.show_inactive.setAccessibleName(_("Show people who have left"))
        self.new_button = QPushButton(_("New worker"))
        self.new_button.setAccessibleName(_("New worker"))
        self.new_button.setToolTip(_("Add a person (Ctrl+N)"))
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.show_inactive)
        row.addStretch(1)
        row.addWidget(self.new_button)
        left.addLayout(row)

        # -- the person ----------------------------------------------------------------------
        self.who = QLabel("")
        font = self.who.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.who.setFont(font)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Editor status"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. W031"))
        self.name = QLineEdit()
        self.kana = QLineEdit()
        self.kana.setPlaceholderText(_("e.g. やまだ はなこ"))
        self.badge = QLineEdit()
        self.badge.setMaxLength(5)
        self.badge.setPlaceholderText(_("5 digits"))
        self.new_badge = QPushButton(_("New badge number"))
        self.new_badge.setAccessibleName(_("New badge number"))
        self.new_badge.setToolTip(_("A lost badge is reissued with a new number; the old badge stops working."))
        self.role = QComboBox()
        for r in (Role.WORKER, Role.SUPERVISOR):
            self.role.addItem(role_name(r), str(r))
        self.active = QCheckBox(_("Works at the station (untick when the person leaves)"))
        self.fields: dict[str, Field] = {
            "code": Field(self.code, _("Worker code")),
            "name": Field(self.name, _("Name")),
            "kana": Field(self.kana, _("Reading of the name (kana)")),
            "badge": Field(self.badge, _("Badge number")),
            "role": Field(self.role, _("Role")),
            "active": Field(self.active, _("Active")),
        }
        person = QGroupBox(_("Person"))
        pform = QFormLayout(person)
        for key in ("code", "name", "kana", "badge", "role", "active"):
            f = self.fields[key]
            if key == "badge":
                holder = QWidget()
                line = QHBoxLayout(holder)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(self.badge, 1)
                line.addWidget(self.new_badge)
                pform.addRow(f.label, holder)
            else:
                pform.addRow(f.label, f.widget)
            pform.addRow("", f.error)
            label = pform.labelForField(holder if key == "badge" else f.widget)
            if isinstance(label, QLabel):
                label.setBuddy(f.widget)

        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(_("4 to 8 digits"))
        self.set_pin_button = QPushButton(_("Set PIN"))
        self.set_pin_button.setAccessibleName(_("Set PIN"))
        self.pin_state = QLabel("")
        self.pin_state.setWordWrap(True)
        self.fields["pin"] = Field(self.pin, _("Console PIN"))
        pin_box = QGroupBox(_("Console PIN (supervisors only)"))
        pin_lay = QGridLayout(pin_box)
        pin_lay.addWidget(self.pin, 0, 0)
        pin_lay.addWidget(self.set_pin_button, 0, 1)
        pin_lay.addWidget(self.fields["pin"].error, 1, 0, 1, 2)
        pin_lay.addWidget(self.pin_state, 2, 0, 1, 2)

        # -- the profile -------------------------------------------------------------------
        self.theme = QComboBox()
        for key in ("dark", "light", "yellow_on_black"):
            self.theme.addItem(theme_name(key), key)
        self.text_pt = QSpinBox()
        self.text_pt.setRange(MIN_TEXT_PT, MAX_TEXT_PT)
        self.text_pt.setSingleStep(4)
        self.text_pt.setSuffix(" pt")
        self.furigana = QCheckBox(_("Show"))
        self.pictures = QCheckBox(_("Show"))
        self.speech = QCheckBox(_("On"))
        self.read_steps = QCheckBox(_("On"))
        self.voice = QComboBox()
        self.voice.addItem(_("Default voice"), "")
        self.rate = QDoubleSpinBox()
        self.rate.setRange(*people.RATE_RANGE)
        self.rate.setSingleStep(0.05)
        self.rate.setDecimals(2)
        self.rate.setSuffix(" ×")
        self.volume = QDoubleSpinBox()
        self.volume.setRange(*people.VOLUME_RANGE)
        self.volume.setSingleStep(0.1)
        self.volume.setDecimals(2)
        self.min_dwell_s = QDoubleSpinBox()
        self.min_dwell_s.setRange(*people.DWELL_RANGE)
        self.min_dwell_s.setSingleStep(0.5)
        self.min_dwell_s.setDecimals(1)
        self.confirm_done = QCheckBox(_("On"))
        self.auto_advance_s = QSpinBox()
        # 1 and 2 are offered (and refused at the field) so a typed value is shown, not silently changed.
        self.auto_advance_s.setRange(0, people.AUTO_RANGE[1])
        self.auto_advance_s.setSpecialValueText(_("never"))
        self.language = QComboBox()
        self.language.addItem("日本語", "ja")
        self.language.addItem("English", "en")
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("What helps this person (shown in the console only)"))
        self.hear = QPushButton(_("Hear the voice"))
        self.hear.setAccessibleName(_("Hear the voice"))
        profile_widgets: dict[str, QWidget] = {
            "theme": self.theme, "text_pt": self.text_pt, "furigana": self.furigana, "pictures": self.pictures,
            "speech": self.speech, "read_steps": self.read_steps, "voice": self.voice, "rate": self.rate,
            "volume": self.volume, "min_dwell_s": self.min_dwell_s, "confirm_done": self.confirm_done,
            "auto_advance_s": self.auto_advance_s, "language": self.language, "note": self.note,
        }
        missing = {f for f in Profile.__dataclass_fields__} - set(profile_widgets)
        assert not missing, f"profile fields without a widget: {missing}"
        prof = QGroupBox(_("Accessibility profile (the station applies it at sign-in)"))
        form = QFormLayout()
        for key, widget in profile_widgets.items():
            f = self.fields[key] = Field(widget, PROFILE_LABELS[key]())
            form.addRow(f.label, widget)
            form.addRow("", f.error)
            label = form.labelForField(widget)
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        form.addRow("", self.hear)
        self.preview = ProfilePreview()
        prof_lay = QHBoxLayout(prof)
        prof_lay.addLayout(form, 1)
        side = QVBoxLayout()
        side.addWidget(self.preview)
        side.addStretch(1)
        prof_lay.addLayout(side)

        # -- the skills ----------------------------------------------------------------------
        self.levels: dict[str, QComboBox] = {}
        self.prompts: dict[str, QComboBox] = {}
        skills = QGroupBox(_("Skills and how much help each job type gives"))
        grid = QGridLayout(skills)
        grid.addWidget(QLabel(_("Skill")), 0, 1)
        grid.addWidget(QLabel(_("Prompt level")), 0, 2)
        for i, t in enumerate(self.types, start=1):
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
            box.currentIndexChanged.connect(lambda _i, k=t.key: self._skill_changed(k))

        self.save_button = QPushButton(_("Save"))
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName(_("Save"))
        self.save_button.setToolTip(_("Save the changes (Ctrl+S)"))
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.setAccessibleName(_("Revert"))
        self.revert_button.setToolTip(_("Throw away the changes and show what is saved"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        page = QWidget()
        page.setAccessibleName(_("Worker editor"))
        body = QVBoxLayout(page)
        body.addWidget(self.who)
        top = QHBoxLayout()
        top.addWidget(person, 3)
        top.addWidget(pin_box, 2, Qt.AlignmentFlag.AlignTop)
        body.addLayout(top)
        body.addWidget(prof)
        body.addWidget(skills)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        right = QVBoxLayout()
        right.addWidget(scroll, 1)
        right.addLayout(buttons)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addLayout(right, 5)

        # -- wiring --------------------------------------------------------------------------
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_MS)
        self._validate_timer.timeout.connect(self.validate)
        for edit in (self.code, self.name, self.kana, self.badge, self.note):
            edit.textChanged.connect(self._changed)
        for combo in (self.role, self.theme, self.voice, self.language, *self.levels.values(),
                      *self.prompts.values()):
            combo.currentIndexChanged.connect(self._changed)
        for check in (self.active, self.furigana, self.pictures, self.speech, self.read_steps, self.confirm_done):
            check.toggled.connect(self._changed)
        for spin in (self.text_pt, self.auto_advance_s):
            spin.valueChanged.connect(self._changed)
        for dspin in (self.rate, self.volume, self.min_dwell_s):
            dspin.valueChanged.connect(self._changed)
        for sb in (self.text_pt, self.auto_advance_s, self.rate, self.volume, self.min_dwell_s):
            sb.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.table.currentCellChanged.connect(lambda *_a: self.show_worker())
        self.show_inactive.toggled.connect(lambda _c: self.reload())
        self.new_button.clicked.connect(self.new_worker)
        self.new_badge.clicked.connect(self.issue_badge_number)
        self.set_pin_button.clicked.connect(self.set_pin)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.hear.clicked.connect(self.hear_voice)
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+N", self.new_worker)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        ctx.feed.events.connect(self.on_events)
        self.load(None)
        self.reload()

    # -- the list ------------------------------------------------------------------------------

    def on_events(self, events: list[EventView]) -> None:
        if any(e.type in ("signed_in", "signed_out", "master_changed") for e in events):
            self.reload()

    def reload(self) -> None:
        current = self.editing.code if self.editing is not None else self.selected()
        names = {t.key: t.name for t in self.types}
        found = people.workers(self.ctx.db, include_inactive=self.show_inactive.isChecked())
        # Workers first (the people the board assigns to), then supervisors.
        self.rows = sorted(found, key=lambda w: (w.role != Role.WORKER, w.code))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, w in enumerate(self.rows):
            skills = "、".join(names.get(sk.job_type, sk.job_type) for sk in w.skills)
            role = role_name(w.role) + ("" if w.active else " " + _("(left)"))
            values = (w.code, w.name, w.kana, w.badge, role, _("present") if w.present else "", skills)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, w.code)
                self.table.setItem(i, c, item)
        self.table.resizeColumnsToContents()
        self._select_row(current)
        self.table.blockSignals(False)
        if not self.dirty and not self.is_new:
            # Show changes made elsewhere, but never over an edit in progress.
            self.load(next((w for w in self.rows if w.code == current), None))

    def selected(self) -> str | None:
        item = self.table.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _select_row(self, code: str | None) -> None:
        for i, w in enumerate(self.rows):
            if w.code == code:
                self.table.setCurrentCell(i, 0)
                return

    def select(self, code: str) -> None:
        self._select_row(code)
        self.show_worker()

    def show_worker(self) -> None:
        code = self.selected()
        w = next((w for w in self.rows if w.code == code), None)
        if w is None or (self.editing is not None and w.code == self.editing.code and not self.is_new):
            return
        if self.dirty:
            # Never lose an edit: stay on the person being edited until it is saved or reverted.
            self.table.blockSignals(True)
            self._select_row(self.editing.code if self.editing is not None else None)
            if self.editing is None:
                self.table.clearSelection()
            self.table.blockSignals(False)
            self.ctx.notice.emit(_("{who} has changes that are not saved. Press Save or Revert first.").format(
                who=self.who.text()), True)
            return
        self.load(w)

    # -- the form ------------------------------------------------------------------------------

    def load(self, w: WorkerView | None, *, new_code: str = "", new_badge: str = "") -> None:
        """Fill the form from ``w`` (or blank for a new person) and take it as the saved state."""
        self._loading = True
        self.editing = w
        self.is_new = w is None and bool(new_code)
        profile = w.profile if w is not None else Profile()
        self.code.setText(w.code if w is not None else new_code)
        self.code.setReadOnly(w is not None)
        self.name.setText(w.name if w is not None else "")
        self.kana.setText(w.kana if w is not None else "")
        self.badge.setText(w.badge if w is not None else new_badge)
        self.role.setCurrentIndex(max(0, self.role.findData(w.role if w is not None else str(Role.WORKER))))
        self.active.setChecked(w.active if w is not None else True)
        self.pin.clear()
        self.theme.setCurrentIndex(max(0, self.theme.findData(str(profile.theme))))
        self.text_pt.setValue(profile.text_pt)
        self.furigana.setChecked(profile.furigana)
        self.pictures.setChecked(profile.pictures)
        self.speech.setChecked(profile.speech)
        self.read_steps.setChecked(profile.read_steps)
        if profile.voice and self.voice.findData(profile.voice) < 0:
            self.voice.addItem(profile.voice, profile.voice)
        self.voice.setCurrentIndex(max(0, self.voice.findData(profile.voice or "")))
        self.rate.setValue(profile.rate)
        self.volume.setValue(profile.volume)
        self.min_dwell_s.setValue(profile.min_dwell_s)
        self.confirm_done.setChecked(profile.confirm_done)
        self.auto_advance_s.setValue(profile.auto_advance_s or 0)
        self.language.setCurrentIndex(max(0, self.language.findData(profile.language)))
        self.note.setText(profile.note)
        have = {sk.job_type: sk for sk in (w.skills if w is not None else ())}
        for key, box in self.levels.items():
            sk = have.get(key)
            box.setCurrentIndex(max(0, box.findData(sk.level if sk else "")))
            self.prompts[key].setCurrentIndex(max(0, self.prompts[key].findData(sk.prompt_level if sk else "full")))
            self.prompts[key].setEnabled(sk is not None)
        for f in self.fields.values():
            f.mark(None)
        if w is not None:
            self.who.setText(_("{name} ({code})").format(name=w.name, code=w.code))
        elif self.is_new:
            self.who.setText(_("New worker"))
        else:
            self.who.setText(_("Choose a person in the list, or press New worker."))
        self._loading = False
        self.baseline = self.state()
        self._update_pin_box()
        self._update_enabled()
        self.status.setText("")
        self.preview.show_profile(profile, now=True)

    def _update_enabled(self) -> None:
        editable = self.editing is not None or self.is_new
        for f in self.fields.values():
            f.widget.setEnabled(editable)
        for box in self.levels.values():
            box.setEnabled(editable)
        self.new_badge.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)
        self.hear.setEnabled(editable)
        self._update_pin_box()

    def _update_pin_box(self) -> None:
        w = self.editing
        supervisor = w is not None and w.role == Role.SUPERVISOR and not self.is_new
        self.pin.setEnabled(supervisor)
        self.set_pin_button.setEnabled(supervisor)
        if w is None or self.is_new:
            self.pin_state.setText(_("Save the person first."))
        elif not supervisor:
            self.pin_state.setText(_("Only a supervisor's badge has a PIN. A worker signs in with the badge alone."))
        else:
            self.pin_state.setText(_("A PIN is set.") if w.has_pin else _("No PIN yet: this supervisor cannot "
                                                                          "open the console."))

    def details(self) -> WorkerDetails:
        return WorkerDetails(self.name.text(), self.kana.text(), self.badge.text(), str(self.role.currentData()),
                             self.active.isChecked())

    def profile_values(self) -> dict[str, Any]:
        auto = self.auto_advance_s.value()
        return {
            "theme": str(self.theme.currentData()),
            "text_pt": self.text_pt.value(),
            "pictures": self.pictures.isChecked(),
            "furigana": self.furigana.isChecked(),
            "speech": self.speech.isChecked(),
            "voice": str(self.voice.currentData()) or None,
            "rate": round(self.rate.value(), 2),
            "volume": round(self.volume.value(), 2),
            "read_steps": self.read_steps.isChecked(),
            "min_dwell_s": round(self.min_dwell_s.value(), 1),
            "confirm_done": self.confirm_done.isChecked(),
            "auto_advance_s": auto or None,
            "language": str(self.language.currentData()),
            "note": self.note.text().strip(),
        }

    def skill_choices(self) -> dict[str, tuple[str, str]]:
        return {key: (str(box.currentData()), str(self.prompts[key].currentData()))
                for key, box in self.levels.items()}

    def state(self) -> FormState:
        return FormState(self.code.text(), self.details(), tuple(sorted(self.profile_values().items())),
                         tuple((k, lv, pl) for k, (lv, pl) in sorted(self.skill_choices().items())))

    @property
    def dirty(self) -> bool:
        editable = self.editing is not None or self.is_new
        return editable and self.baseline is not None and self.state() != self.baseline

    def _skill_changed(self, key: str) -> None:
        self.prompts[key].setEnabled(bool(self.levels[key].currentData()))

    def _changed(self, *_args: object) -> None:
        if self._loading:
            return
        self._update_preview()
        self._validate_timer.start()
        if self.dirty:
            self.status.setText(_("Changed, not saved yet."))

    def _update_preview(self) -> None:
        if not people.profile_problems(self.profile_values()):
            self.preview.show_profile(Profile.from_dict(self.profile_values()))

    def validate(self) -> list[InvalidInput]:
        """Mark every field with its problem; returns the problems (empty: the form may be saved)."""
        self._validate_timer.stop()
        if self.editing is None and not self.is_new:
            return []
        code = None if self.is_new else self.editing.code if self.editing else None
        problems = people.details_problems(self.ctx.db, self.details(), code,
                                           new_code=self.code.text() if self.is_new else None)
        problems += people.profile_problems(self.profile_values())
        by_field = {p.field: p for p in reversed(problems)}
        for key, f in self.fields.items():
            if key != "pin":
                f.mark(by_field.get(key))
        return problems

    # -- actions -------------------------------------------------------------------------------

    def new_worker(self) -> None:
        if self.dirty:
            self.ctx.notice.emit(_("{who} has changes that are not saved. Press Save or Revert first.").format(
                who=self.who.text()), True)
            return
        self.table.clearSelection()
        self.load(None, new_code=people.next_worker_code(self.ctx.db),
                  new_badge=people.next_badge_number(self.ctx.db))
        self.name.setFocus()

    def issue_badge_number(self) -> None:
        self.badge.setText(people.next_badge_number(self.ctx.db, str(self.role.currentData())))
        self.badge.setFocus()

    def revert(self) -> None:
        if self.is_new:
            self.baseline = self.state()
            self.load(None)
            return
        w = self.editing
        fresh = people.worker(self.ctx.db, w.code) if w is not None else None
        self.load(fresh)
        self.status.setText(_("Changes thrown away."))

    def _mark_error(self, exc: FlatError) -> None:
        field = getattr(exc, "field", None)
        if isinstance(exc, InvalidInput) and field in self.fields:
            self.fields[field].mark(exc)
            self.fields[field].widget.setFocus()
        self.ctx.fail(exc)
        self.status.setText(_("Not saved: {error}").format(error=exc))

    def save(self) -> None:
        if self.editing is None and not self.is_new:
            self.ctx.notice.emit(_("Choose a worker first."), True)
            return
        problems = self.validate()
        if problems:
            first = next((f for key, f in self.fields.items() if f.marked), None)
            if first is not None:
                first.widget.setFocus()
            text = _("Not saved: {n} field(s) need fixing. Each problem is shown under its field.").format(
                n=len(problems))
            self.status.setText(text)
            self.ctx.notice.emit(text, True)
            return
        before = self.baseline
        details, values = self.details(), self.profile_values()
        try:
            if self.is_new:
                view = people.create_worker(self.ctx.db, self.ctx.actor, self.code.text(), details, values)
            else:
                assert self.editing is not None
                view = people.update_worker(self.ctx.db, self.ctx.actor, self.editing.code, details, values)
            skill_changes = self._save_skills(view)
        except FlatError as exc:
            self._mark_error(exc)
            return
        what = self._what_changed(before, skill_changes)
        self.is_new = False
        self.ctx.feed.poll()
        fresh = people.worker(self.ctx.db, view.code)
        self.load(fresh)
        self.reload()
        self._select_row(view.code)
        text = _("{name} ({code}) saved: {what}.").format(name=view.name, code=view.code, what=what) if what else \
            _("{name} ({code}): nothing was changed.").format(name=view.name, code=view.code)
        if before is not None and before.details.badge != details.badge and before.details.badge:
            text += " " + _("Print the new badge; the old one no longer signs in.")
        self.status.setText(_("Saved at {time}.").format(time=dt.datetime.now().strftime("%H:%M")) + " " + text)
        self.ctx.tell(text)

    def _save_skills(self, view: WorkerView) -> int:
        have = {sk.job_type: sk for sk in view.skills}
        n = 0
        for key, (level, prompt) in self.skill_choices().items():
            sk = have.get(key)
            if (sk.level if sk else "") != level:
                catalog.set_skill(self.ctx.db, self.ctx.actor, view.code, key, level or None)
                n += 1
            if level and (sk.prompt_level if sk else "full") != prompt:
                people.set_prompt_level(self.ctx.db, self.ctx.actor, view.code, key, prompt)
                n += 1
        return n

    def _what_changed(self, before: FormState | None, skills: int) -> str:
        now = self.state()
        parts: list[str] = []
        if before is None or self.is_new:
            return _("new person added")
        labels = {"name": _("Name"), "kana": _("Reading of the name (kana)"), "badge": _("Badge number"),
                  "role": _("Role"), "active": _("Active")}
        for key, label in labels.items():
            if getattr(before.details, key) != getattr(now.details, key):
                parts.append(label)
        old, new = dict(before.profile), dict(now.profile)
        parts += [PROFILE_LABELS[k]() for k in new if old.get(k) != new[k]]
        if skills:
            parts.append(_("{n} skill setting(s)").format(n=skills))
        return "、".join(parts)

    def set_pin(self) -> None:
        w = self.editing
        if w is None:
            return
        try:
            people.set_pin(self.ctx.db, self.ctx.actor, w.code, self.pin.text())
        except FlatError as exc:
            self._mark_error(exc)
            return
        self.pin.clear()
        self.fields["pin"].mark(None)
        text = _("The PIN of {name} is set.").format(name=w.name)
        self.ctx.tell(text)
        self.status.setText(text)
        self.editing = people.worker(self.ctx.db, w.code)
        self._update_pin_box()

    def hear_voice(self) -> None:
        from flat_desktop.speech import create_speaker

        values = self.profile_values()
        if not values["speech"]:
            self.status.setText(_("Speech is off for this person: the station stays silent."))
            return
        if self._speaker is None:
            self._speaker = create_speaker(None, values["language"])
            for v in self._speaker.voices():
                if self.voice.findData(v.id) < 0:
                    self.voice.addItem(f"{v.name} ({v.language})" if v.language else v.name, v.id)
        profile = Profile.from_dict(values)
        self._speaker.settings = voice.speech_settings(profile)
        self._speaker.language = profile.language
        markup = sample_step().step.text
        self._speaker.say(ruby.to_kana(markup) if self._speaker.kana_only else ruby.to_plain(markup))
