"""Step template editor per job type: add, reorder, edit steps, propose readings, preview a step
as the station shows it (each theme) and hear it. Saving replaces the templates only; jobs
already made keep the steps copied at order time."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flat_desktop import readings, ruby, spec
from flat_desktop.db.models import StepKind
from flat_desktop.errors import FlatError
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.step_picture import StepPictureField, picture_pixmap
from flat_desktop.gui.style import apply_style, borrowed_look, current_text_pt, current_theme
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.gui.widgets.furigana import FuriganaLabel
from flat_desktop.i18n import _
from flat_desktop.services import catalog
from flat_desktop.services.catalog import StepTemplateView
from flat_desktop.services.machines import MACHINE_TYPE_NAMES

KIND_NAMES = {StepKind.PLAIN: "Plain", StepKind.COUNT: "Count", StepKind.MACHINE: "Machine",
              StepKind.CHECK: "Check", StepKind.SCAN: "Scan"}
PREVIEW_THEMES = (("dark", "High contrast dark"), ("light", "Light"), ("yellow_on_black", "Yellow on black"))
# The field a refusal of Save templates is about (by its reason), marked on that step.
STEP_FIELDS = {"step_words": "text", "reading_mismatch": "reading", "unknown_kind": "kind",
               "picture_missing": "picture"}
PREVIEW_PICTURE_PX = 160  # the picture in the preview of the station's step


class TemplatesTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.types = catalog.job_types(ctx.db)
        self.steps: list[StepTemplateView] = []
        self.spec: list[dict[str, Any]] = []
        self.sample: dict[str, Any] = {}  # the order a preview fills the step with
        self.dirty = False
        self._speaker: Any = None
        self.type_box = QComboBox()
        for t in self.types:
            self.type_box.addItem(t.name, t.key)
        self.list = QListWidget()
        self.list.setObjectName("steps")
        self.add_button = QPushButton(_("Add step"))
        self.remove_button = QPushButton(_("Remove"))
        self.up_button = QPushButton(_("Up"))
        self.down_button = QPushButton(_("Down"))
        self.save_button = QPushButton(_("Save templates"))
        self.save_button.setProperty("role", "primary")
        # Editor of the selected step
        self.title = QLineEdit()
        self.text = QLineEdit()
        self.reading = QLineEdit()
        self.reading.setPlaceholderText(_("{漢字|かんじ} markup; empty = no furigana"))
        self.propose = QPushButton(_("Propose reading"))
        self.kind = QComboBox()
        for kind, label in KIND_NAMES.items():
            self.kind.addItem(_(label), str(kind))
        self.machine = QComboBox()
        self.machine.addItem(_("(none)"), "")  # not None: see workers.py
        for k, label in MACHINE_TYPE_NAMES.items():
            self.machine.addItem(label, k)
        self.count_source = QComboBox()  # chosen from the job type's spec, never typed
        self.dwell = QLineEdit()
        self.dwell.setPlaceholderText(_("seconds"))
        self.picture = StepPictureField(ctx)
        self.info_only = QCheckBox(_("Information only (may advance by itself)"))
        # The parts tests and keys reach by name.
        self.picture_thumb = self.picture.thumb
        self.choose_picture_button, self.remove_picture_button = self.picture.choose_button, self.picture.remove_button
        # Only when: a choice or yes/no field of the order, and the values that keep the step
        self.when_field = QComboBox()
        self.when_op = QComboBox()
        self.when_op.addItem(_("is one of"), "is")
        self.when_op.addItem(_("is none of"), "is_not")
        self.when_values = QListWidget()
        self.when_values.setObjectName("condition_values")
        self.when_values.setMaximumHeight(110)
        # Preview as the station shows it
        self.theme = QComboBox()
        for key, label in PREVIEW_THEMES:
            self.theme.addItem(_(label), key)
        self.preview = QFrame()
        self.preview.setProperty("card", "true")
        self.preview_text = FuriganaLabel("")
        self.preview_text.setMinimumHeight(180)
        self.preview_picture = QLabel()
        self.preview_picture.setAccessibleName(_("Picture of the step"))
        self.preview_picture.hide()
        self.preview_target = QLabel("")
        preview_row = QHBoxLayout(self.preview)
        preview_row.addWidget(self.preview_picture, 0, Qt.AlignmentFlag.AlignTop)
        preview_words = QVBoxLayout()
        preview_words.addWidget(self.preview_text, 1)
        preview_words.addWidget(self.preview_target)
        preview_row.addLayout(preview_words, 1)
        self.sample_note = QLabel("")
        self.sample_note.setWordWrap(True)
        self.speak = QPushButton(_("Hear it"))
        self.message = QLabel(_("Saving changes only new jobs; jobs already made keep their steps."))
        self.message.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.type_box)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(b)
        left.addLayout(row)
        left.addWidget(self.save_button)
        self.fields = {
            "title": FieldRow(self.title, label=_("Step title")),
            "text": FieldRow(self.text, label=_("Text")),
            "reading": FieldRow(self.reading, label=_("Reading"), trailing=self.propose),
            "kind": FieldRow(self.kind, label=_("Kind")),
            "machine": FieldRow(self.machine, label=_("Machine type")),
            "count_source": FieldRow(self.count_source, label=_("Count from")),
            "dwell": FieldRow(self.dwell, label=_("Minimum time (s)")),
            "picture": self.picture.row,
        }
        form = QFormLayout()
        for f in self.fields.values():
            f.add_to(form)
        form.addRow("", self.info_only)
        when_row = QHBoxLayout()
        when_row.addWidget(self.when_field, 1)
        when_row.addWidget(self.when_op)
        form.addRow(_("Only when"), when_row)
        form.addRow("", self.when_values)
        right = QVBoxLayout()
        right.addLayout(form)
        prev_row = QHBoxLayout()
        prev_row.addWidget(QLabel(_("Preview")))
        prev_row.addWidget(self.theme)
        prev_row.addWidget(self.speak)
        prev_row.addStretch(1)
        right.addLayout(prev_row)
        right.addWidget(self.preview, 1)
        right.addWidget(self.sample_note)
        right.addWidget(self.message)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addLayout(right, 3)

        self.type_box.currentIndexChanged.connect(lambda _i: self.load())
        self.list.currentRowChanged.connect(self.show_step)
        for edit in (self.title, self.text, self.reading, self.dwell):
            edit.editingFinished.connect(self.store)
        self.kind.currentIndexChanged.connect(lambda _i: self.store())
        self.count_source.currentIndexChanged.connect(lambda _i: self.store())
        self.picture.chosen.connect(self._picture_chosen)
        self.picture.removed.connect(self._picture_removed)
        self.machine.currentIndexChanged.connect(lambda _i: self.store())
        self.info_only.toggled.connect(lambda _b: self.store())
        self.when_field.currentIndexChanged.connect(lambda _i: self._field_chosen())
        self.when_op.currentIndexChanged.connect(lambda _i: self.store())
        self.when_values.itemChanged.connect(lambda _item: self.store())
        self.reading.textChanged.connect(lambda _t: self.render_preview())
        self.text.textChanged.connect(lambda _t: self.render_preview())
        self.theme.currentIndexChanged.connect(lambda _i: self.render_preview())
        self.propose.clicked.connect(self.propose_reading)
        self.speak.clicked.connect(self.hear)
        self.add_button.clicked.connect(self.add_step)
        self.remove_button.clicked.connect(self.remove_step)
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.save_button.clicked.connect(self.save)
        self.load()

    def job_type(self) -> str:
        return str(self.type_box.currentData())

    def set_job_type(self, key: str) -> None:
        self.type_box.setCurrentIndex(self.type_box.findData(key))

    def load(self) -> None:
        jt = next(t for t in catalog.job_types(self.ctx.db) if t.key == self.job_type())
        self.spec = jt.spec
        self.steps = list(jt.steps)
        self.dirty = False
        self.sample = catalog.sample_order(self.ctx.db, jt.key)
        self.sample_note.setText(self.sample_words(jt))
        self.count_source.blockSignals(True)
        self.count_source.clear()
        self.count_source.addItem(_("(nothing to count)"), "")
        for source, label in catalog.count_sources(jt.spec):
            self.count_source.addItem(label, source)
        self.count_source.blockSignals(False)
        self.when_field.blockSignals(True)
        self.when_field.clear()
        self.when_field.addItem(_("(every order)"), "")
        for f in spec.parse_fields(jt.spec):
            if f.type in ("choice", "bool"):
                self.when_field.addItem(f.shown_label(), f.key)
        self.when_field.blockSignals(False)
        self.fill_list(0)

    def step_label(self, i: int, st: StepTemplateView) -> str:
        label = f"{i}. {st.title}  [{_(KIND_NAMES.get(StepKind(st.kind), st.kind))}]"
        when = spec.describe_condition(self.spec, st.condition)
        return f"{label}  ({when})" if when else label

    def fill_list(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for i, st in enumerate(self.steps, 1):
            self.list.addItem(self.step_label(i, st))
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(self.steps) - 1))
        self.show_step(self.list.currentRow())

    def show_step(self, row: int) -> None:
        if not 0 <= row < len(self.steps):
            return
        st = self.steps[row]
        widgets = (self.title, self.text, self.reading, self.count_source, self.dwell, self.kind, self.machine,
                   self.info_only, self.when_field, self.when_op, self.when_values)
        for w in widgets:
            w.blockSignals(True)
        self.title.setText(st.title)
        self.text.setText(st.text)
        self.reading.setText(st.reading)
        self._show_count_source(st.count_source)
        self.dwell.setText("" if st.min_dwell_s is None else f"{st.min_dwell_s:g}")
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(st.kind))))
        self.machine.setCurrentIndex(max(0, self.machine.findData(st.machine_type or "")))
        self.info_only.setChecked(st.info_only)
        cond = st.condition or {}
        self.when_field.setCurrentIndex(max(0, self.when_field.findData(cond.get("field", ""))))
        self.when_op.setCurrentIndex(0 if "is" in cond or not cond else 1)
        self.fill_values(cond.get("is", cond.get("is_not", [])))
        for w in widgets:
            w.blockSignals(False)
        for f in self.fields.values():
            f.mark(None)
        self.picture.show_picture(st.picture)
        self.render_preview()

    def _show_count_source(self, source: str | None) -> None:
        if source and self.count_source.findData(source) < 0:
            self.count_source.addItem(source, source)  # kept as it was written, never silently lost
        self.count_source.setCurrentIndex(max(0, self.count_source.findData(source or "")))

    def sample_words(self, jt: catalog.JobTypeView) -> str:
        """What the preview fills the step with, in words ("Preview of an order of 100 sheets, …")."""
        parts = [f"{self.sample['quantity']:,} {jt.unit}"]
        for f in spec.parse_fields(jt.spec):
            if f.key in self.sample:
                value = self.sample[f.key]
                shown = (_("yes") if value else _("no")) if f.type == "bool" else (
                    f.choice_label(value) if f.type == "choice" else f"{value}{f.shown_unit()}")
                parts.append(f"{f.shown_label()} {shown}")
        return _("The preview shows the step for a sample order: {values}.").format(values="、".join(parts))

    def fill_values(self, checked: list[object]) -> None:
        """The chosen field's values as check boxes (yes/no for a yes/no field)."""
        self.when_values.clear()
        key = str(self.when_field.currentData() or "")
        f = next((f for f in spec.parse_fields(self.spec) if f.key == key), None)
        self.when_op.setEnabled(f is not None)
        self.when_values.setEnabled(f is not None)
        if f is None:
            return
        options: list[tuple[object, str]] = ([(True, _("yes")), (False, _("no"))] if f.type == "bool"
                                             else [(c.value, f.choice_label(c.value)) for c in f.choices])
        for value, label in options:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
            self.when_values.addItem(item)

    def _field_chosen(self) -> None:
        self.when_values.blockSignals(True)
        self.fill_values([])
        self.when_values.blockSignals(False)
        self.store()

    def condition(self) -> dict[str, object] | None:
        """The condition as the editor shows it; None for every order."""
        key = str(self.when_field.currentData() or "")
        if not key:
            return None
        values = [item.data(Qt.ItemDataRole.UserRole) for item in
                  (self.when_values.item(i) for i in range(self.when_values.count()))
                  if item is not None and item.checkState() == Qt.CheckState.Checked]
        return {"field": key, str(self.when_op.currentData()): values}

    def store(self) -> None:
        """Keep the editor's values in the step list (saved to the database only by Save)."""
        row = self.list.currentRow()
        if not 0 <= row < len(self.steps):
            return
        self._reading_follows_text(self.steps[row].text)
        try:
            dwell = float(self.dwell.text()) if self.dwell.text().strip() else None
            self.fields["dwell"].mark(None)
        except ValueError:
            message = _("The minimum time must be a number of seconds.")
            self.fields["dwell"].mark(message)
            self.ctx.notice.emit(message, True)
            dwell = self.steps[row].min_dwell_s
        self.steps[row] = self.edited(self.steps[row], dwell)
        self.dirty = True
        item = self.list.item(row)
        if item is not None:
            item.setText(self.step_label(row + 1, self.steps[row]))
        self.render_preview()

    def edited(self, st: StepTemplateView, dwell: float | None) -> StepTemplateView:
        """``st`` with the editor's values."""
        return replace(st, title=self.title.text().strip(), text=self.text.text().strip(),
                       reading=self.reading.text().strip(), kind=str(self.kind.currentData()),
                       machine_type=str(self.machine.currentData()) or None,
                       count_source=str(self.count_source.currentData() or "") or None, min_dwell_s=dwell,
                       info_only=self.info_only.isChecked(), condition=self.condition())

    def _reading_follows_text(self, old_text: str) -> None:
        """A text edited under a reading that no longer matches it gets a new proposed reading
        (or none, with a word to the supervisor): the station must never show or say the old text."""
        text, reading = self.text.text().strip(), self.reading.text().strip()
        if not reading or text == old_text.strip():
            return  # no reading, or the reading itself was edited: Save checks that it matches
        if ruby.is_valid(reading) and ruby.to_plain(reading) == text:
            return
        self.reading.blockSignals(True)
        try:
            self.reading.setText(readings.propose_reading(text))
            self.ctx.notice.emit(_("The text changed: a new reading is proposed. Please check it."), False)
        except Exception:  # janome missing or failing: no furigana beats a reading of the old text
            self.reading.setText("")
            self.ctx.notice.emit(_("The text changed: its old reading was removed. Write a new reading."), True)
        finally:
            self.reading.blockSignals(False)

    def render_preview(self) -> None:
        """The step as a job made from the sample order shows it: $quantity and the spec's
        placeholders filled in, the count it counts to, its picture."""
        row = self.list.currentRow()
        if not 0 <= row < len(self.steps):
            return
        st = self.edited(self.steps[row], self.steps[row].min_dwell_s)
        if st.reading and not ruby.is_valid(st.reading):
            st = replace(st, reading="")
        shown = catalog.preview_step(st, self.sample)
        self.preview_text.set_markup(shown.markup)
        self.preview_target.setText(_("Counts to {n}.").format(n=f"{shown.target:,}") if shown.target else "")
        self.preview_target.setVisible(bool(shown.target))
        pixmap = picture_pixmap(self.picture.data(st.picture), PREVIEW_PICTURE_PX)
        self.preview_picture.setPixmap(pixmap)
        self.preview_picture.setVisible(not pixmap.isNull())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Styles the preview only; the look the rest of the console reads stays as it was.
            with borrowed_look(current_theme(), current_text_pt()):
                apply_style(app, str(self.theme.currentData()), 24, target=self.preview)

    def propose_reading(self) -> None:
        try:
            self.reading.setText(readings.propose_reading(ruby.to_plain(self.text.text())))
        except Exception as exc:  # janome missing or failing: the supervisor types the reading
            self.ctx.notice.emit(_("No reading could be proposed: {error}").format(error=exc), True)
            return
        self.store()

    # -- the step's picture ----------------------------------------------------------------------

    def use_picture_file(self, path: Path) -> bool:
        """Give the current step the picture in ``path`` (see StepPictureField.use_file)."""
        return 0 <= self.list.currentRow() < len(self.steps) and self.picture.use_file(path)

    def _picture_chosen(self, sha: str) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.steps):
            self.steps[row] = replace(self.steps[row], picture=sha)
            self.dirty = True
            self.render_preview()

    def _picture_removed(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.steps) and self.steps[row].picture:
            self.steps[row] = replace(self.steps[row], picture=None)
            self.dirty = True
            self.render_preview()

    def hear(self) -> None:
        if self._speaker is None:
            from flat_desktop.speech import create_speaker

            self._speaker = create_speaker(None, "ja")
        markup = self.reading.text().strip() or self.text.text()
        self._speaker.say(ruby.to_kana(markup) if self._speaker.kana_only else ruby.to_plain(markup))

    def add_step(self) -> None:
        self.store()
        row = self.list.currentRow() + 1
        self.steps.insert(row, StepTemplateView(title=_("New step"), text=_("Write what to do.")))
        self.dirty = True
        self.fill_list(row)
        self.title.setFocus()
        self.title.selectAll()

    def remove_step(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.steps) and len(self.steps) > 1:
            del self.steps[row]
            self.dirty = True
            self.fill_list(max(0, row - 1))

    def move_step(self, delta: int) -> None:
        self.store()
        row = self.list.currentRow()
        new = row + delta
        if 0 <= row < len(self.steps) and 0 <= new < len(self.steps):
            self.steps[row], self.steps[new] = self.steps[new], self.steps[row]
            self.dirty = True
            self.fill_list(new)

    def save(self) -> bool:
        self.store()
        try:
            catalog.save_steps(self.ctx.db, self.ctx.actor, self.job_type(), self.steps)
        except FlatError as exc:
            self._show_refusal(exc)
            return False
        self.ctx.tell(_("Step templates saved. Jobs already made keep their steps."))
        self.dirty = False
        return True

    def _show_refusal(self, exc: FlatError) -> None:
        """Say why nothing was saved, and mark the field of the step it is about."""
        self.ctx.fail(exc)
        where = str(getattr(exc, "field", "") or "")
        if where.startswith("step") and where[4:].isdigit():
            self.list.setCurrentRow(int(where[4:]) - 1)  # the step shown: its marks start clear
            key = STEP_FIELDS.get(exc.reason)
            if key is not None:
                self.fields[key].mark(exc)
                self.fields[key].editor.setFocus()
