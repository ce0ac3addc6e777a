"""Workers: the list of people and an editor for one of them, composed of the person
(worker_details), the accessibility profile with its live preview (worker_profile) and the
skills per job type (worker_skills); a supervisor's PIN beside the person.

Nothing is saved until every field is valid; a bad field is marked where it is, with what is
wrong and what to do. Save is one service call: the person, the profile and the skills are
written together or not at all. Unsaved edits are never thrown away: choosing another person
first asks to save or revert, and changes arriving from other consoles do not overwrite the form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.db.models import Role
from flat_desktop.errors import FlatError, InvalidInput
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.worker_details import PersonBox, PinBox, role_name
from flat_desktop.gui.console.worker_portfolio import PortfolioButtons
from flat_desktop.gui.console.worker_profile import ProfileBox
from flat_desktop.gui.console.worker_skills import SkillsBox
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.gui.widgets.row_table import row_table
from flat_desktop.i18n import _
from flat_desktop.profile import Profile
from flat_desktop.services import catalog, people
from flat_desktop.services.people import PROFILE_LABELS, WorkerDetails
from flat_desktop.services.views import EventView, WorkerView

__all__ = ["FormState", "WorkersTab", "role_name"]

HEADERS = ("Code", "Name", "Kana", "Badge", "Role", "Present", "Skills")
VALIDATE_MS = 250


@dataclass(frozen=True)
class FormState:
    """Everything the form holds, to tell an edited form from the saved person."""

    code: str
    details: WorkerDetails
    profile: tuple[tuple[str, Any], ...]
    skills: tuple[tuple[str, str, str], ...]


def _people_table() -> QTableWidget:
    return row_table("workers", _("Workers"), [_(h) for h in HEADERS])


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

        self.table = _people_table()
        self.show_inactive = QCheckBox(_("Show people who have left"))
        self.show_inactive.setAccessibleName(_("Show people who have left"))
        self.new_button = QPushButton(_("New worker"))
        self.new_button.setAccessibleName(_("New worker"))
        self.new_button.setToolTip(_("Add a person (Ctrl+N)"))

        self.who = QLabel("")
        font = self.who.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.who.setFont(font)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Editor status"))
        self.person = PersonBox()
        self.pin_box = PinBox()
        self.profile = ProfileBox()
        self.skills = SkillsBox(self.types)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName(_("Save"))
        self.save_button.setToolTip(_("Save the changes (Ctrl+S)"))
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.setAccessibleName(_("Revert"))
        self.revert_button.setToolTip(_("Throw away the changes and show what is saved"))
        self.portfolio = PortfolioButtons(ctx, self._saved_code)
        # Every field by its service name: a refusal's ``field`` marks its row.
        self.fields: dict[str, FieldRow] = {**self.person.fields, "pin": self.pin_box.field, **self.profile.fields}
        # The inputs other code reaches directly, by their old names.
        self.code, self.name, self.kana = self.person.code, self.person.name, self.person.kana
        self.badge, self.new_badge = self.person.badge, self.person.new_badge
        self.pin, self.set_pin_button = self.pin_box.pin, self.pin_box.set_pin_button
        self.theme, self.text_pt = self.profile.theme, self.profile.text_pt
        self.furigana, self.confirm_done = self.profile.furigana, self.profile.confirm_done
        self.preview = self.profile.preview
        self.levels, self.prompts = self.skills.levels, self.skills.prompts
        self._lay_out()
        self._wire()
        self.load(None)
        self.reload()

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.show_inactive)
        row.addStretch(1)
        row.addWidget(self.new_button)
        left.addLayout(row)
        page = QWidget()
        page.setAccessibleName(_("Worker editor"))
        body = QVBoxLayout(page)
        body.addWidget(self.who)
        top = QHBoxLayout()
        top.addWidget(self.person, 3)
        top.addWidget(self.pin_box, 2, Qt.AlignmentFlag.AlignTop)
        body.addLayout(top)
        body.addWidget(self.profile)
        body.addWidget(self.skills)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.portfolio)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(scroll, 1)
        right.addLayout(buttons)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addLayout(right, 5)

    def _wire(self) -> None:
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_MS)
        self._validate_timer.timeout.connect(self.validate)
        for box in (self.person, self.profile, self.skills):
            box.changed.connect(self._changed)
        self.table.currentCellChanged.connect(lambda *_a: self.show_worker())
        self.show_inactive.toggled.connect(lambda _c: self.reload())
        self.new_button.clicked.connect(self.new_worker)
        self.new_badge.clicked.connect(self.issue_badge_number)
        self.set_pin_button.clicked.connect(self.set_pin)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.profile.hear.clicked.connect(self.hear_voice)
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+N", self.new_worker)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.ctx.feed.events.connect(self.on_events)

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
        self.person.fill(w, new_code=new_code, new_badge=new_badge)
        self.pin.clear()
        self.profile.fill(w.profile if w is not None else Profile())
        self.skills.fill(w.skills if w is not None else ())
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
        editable = self.editing is not None or self.is_new
        for box in (self.person, self.profile, self.skills):
            box.set_editable(editable)
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)
        self.pin_box.show_for(self.editing, self.is_new)
        self.portfolio.setEnabled(self.editing is not None and not self.is_new)
        self.status.setText("")

    def _saved_code(self) -> str | None:
        """The person the portfolio is of: the one shown, once saved."""
        return self.editing.code if self.editing is not None and not self.is_new else None

    def details(self) -> WorkerDetails:
        return self.person.details()

    def profile_values(self) -> dict[str, Any]:
        return self.profile.values()

    def state(self) -> FormState:
        return FormState(self.code.text(), self.details(), tuple(sorted(self.profile_values().items())),
                         self.skills.state())

    @property
    def dirty(self) -> bool:
        editable = self.editing is not None or self.is_new
        return editable and self.baseline is not None and self.state() != self.baseline

    def _changed(self) -> None:
        if self._loading:
            return
        self._validate_timer.start()
        if self.dirty:
            self.status.setText(_("Changed, not saved yet."))

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
        self.badge.setText(people.next_badge_number(self.ctx.db, str(self.person.role.currentData())))
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
            self.fields[field].editor.setFocus()
        self.ctx.fail(exc)
        self.status.setText(_("Not saved: {error}").format(error=exc))

    def save(self) -> None:
        if self.editing is None and not self.is_new:
            self.ctx.notice.emit(_("Choose a worker first."), True)
            return
        problems = self.validate()
        if problems:
            first = next((f for f in self.fields.values() if f.marked), None)
            if first is not None:
                first.editor.setFocus()
            text = _("Not saved: {n} field(s) need fixing. Each problem is shown under its field.").format(
                n=len(problems))
            self.status.setText(text)
            self.ctx.notice.emit(text, True)
            return
        before = self.baseline
        details = self.details()
        code = self.code.text() if self.is_new or self.editing is None else self.editing.code
        try:
            saved = people.save_worker(self.ctx.db, self.ctx.actor, code, details, self.profile_values(),
                                       self.skills.choices(), new=self.is_new)
        except FlatError as exc:
            self._mark_error(exc)
            return
        view = saved.view
        what = self._what_changed(before, saved.skill_changes)
        self.is_new = False
        self.ctx.feed.poll()
        self.load(view)
        self.reload()
        self._select_row(view.code)
        text = _("{name} ({code}) saved: {what}.").format(name=view.name, code=view.code, what=what) if what else \
            _("{name} ({code}): nothing was changed.").format(name=view.name, code=view.code)
        if before is not None and before.details.badge != details.badge and before.details.badge:
            text += " " + _("Print the new badge; the old one no longer signs in.")
        self.status.setText(_("Saved at {time}.").format(time=dt.datetime.now().strftime("%H:%M")) + " " + text)
        self.ctx.tell(text)

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
        self.pin_box.show_for(self.editing, self.is_new)

    def hear_voice(self) -> None:
        said = self.profile.hear_voice()
        if said:
            self.status.setText(said)
