"""Correcting an open job from the console: hold (H), resume (R), edit (E) and cancel (X or
Delete) on the board's selected cards, by key, button or the cards' context menu, and the same
from the order history. Each asks what it needs (a reason, the new values) in a small dialog and
calls ``services.corrections`` with the version the supervisor saw; a job someone changed first
is reported with who did what, and the board shows its new state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QEvent, QObject, QPoint, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flat_desktop import spec
from flat_desktop.errors import Conflict, FlatError, InvalidInput, NeedsConfirmation
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.orders import PRIORITIES, _editor_for, _set_value, _value_of
from flat_desktop.gui.dialog_buttons import button_box
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.i18n import N_, _
from flat_desktop.services import board, catalog, corrections
from flat_desktop.services.corrections import JobEdit
from flat_desktop.services.views import JobView

if TYPE_CHECKING:
    from flat_desktop.gui.console.board import BoardTab
    from flat_desktop.gui.console.orders import OrderHistory

# key -> action on the board's selected cards
KEYS = {Qt.Key.Key_H: "hold", Qt.Key.Key_R: "resume", Qt.Key.Key_E: "edit", Qt.Key.Key_X: "cancel",
        Qt.Key.Key_Delete: "cancel"}
ACTIONS = (("hold", N_("Hold (H)")), ("resume", N_("Resume (R)")), ("edit", N_("Edit (E)")),
           ("cancel", N_("Cancel job (X)")))


class ReasonDialog(QDialog):
    """Asks why (a cancel, a hold); OK only with a reason."""

    def __init__(self, title: str, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reason-dialog")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(500)
        self.message = QLabel("")
        self.message.setProperty("tone", "error")
        self.message.hide()
        buttons = button_box()
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        text = QLabel(question)
        text.setWordWrap(True)
        lay.addWidget(text)
        lay.addWidget(self.reason)
        lay.addWidget(self.message)
        lay.addWidget(buttons)

    def try_accept(self) -> bool:
        if not self.reason.text().strip():
            self.message.setText(_("Write a short reason."))
            self.message.show()
            return False
        self.accept()
        return True

    def text(self) -> str:
        return self.reason.text().strip()


class EditDialog(QDialog):
    """The job's values, as the order form shows them; OK saves what was changed (nothing else).
    A bad value is marked at its field; a quantity far above the usual asks, and OK again confirms."""

    def __init__(self, ctx: ConsoleContext, job: JobView, job_type: catalog.JobTypeView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job = job
        self.seen = job.version  # the version the supervisor decides on
        self.result_view: JobView | None = None
        self._confirm: JobEdit | None = None
        self.setWindowTitle(_("Change {code}").format(code=job.code))
        self.setObjectName("edit-dialog")
        self.title = QLineEdit(job.title)
        self.title.setObjectName("title")
        self.quantity = QLineEdit(str(job.quantity))
        self.quantity.setObjectName("quantity")
        self.has_due = QCheckBox(_("Due"))
        self.has_due.setChecked(job.due is not None)
        self.due = QDateTimeEdit()
        self.due.setObjectName("due")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.due.setDateTime(QDateTime.fromSecsSinceEpoch(int(job.due.timestamp())) if job.due else
                             QDateTime(QDateTime.currentDateTime().date().addDays(1), QTime(17, 0)))
        self.priority = QComboBox()
        self.priority.setObjectName("priority")
        for value, label in PRIORITIES:
            self.priority.addItem(_(label), value)
        self.priority.setCurrentIndex(max(0, self.priority.findData(job.priority)))
        self.confidential = QCheckBox(_("Confidential (board and ticket show only code and type)"))
        self.confidential.setChecked(job.confidential)
        self.rows: dict[str, FieldRow] = {}
        self.spec_rows: dict[str, FieldRow] = {}
        form = QFormLayout()

        def add(key: str, label: str, editor: QWidget, unit: str = "", into: dict[str, FieldRow] | None = None) -> None:
            row = FieldRow(editor, unit)
            (self.rows if into is None else into)[key] = row
            form.addRow(label, row)

        add("title", _("Title"), self.title)
        add("quantity", _("Quantity"), self.quantity, job.unit)
        for f in spec.parse_fields(job_type.spec):
            editor = _editor_for(f)
            _set_value(editor, job.spec.get(f.key, f.default))
            add(f.key, f.shown_label(), editor, f.shown_unit(), self.spec_rows)
        due_line = QWidget()
        dl = QHBoxLayout(due_line)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.has_due)
        dl.addWidget(self.due, 1)
        add("due", _("Due date and time"), due_line)
        add("priority", _("Priority"), self.priority)
        add("confidential", "", self.confidential)
        self.message = QLabel("")
        self.message.setObjectName("edit-message")
        self.message.setWordWrap(True)
        self.message.setProperty("tone", "error")
        self.message.hide()
        note = QLabel(_("Steps the worker has done stay as they are; the others are made again from the new "
                        "values. A worker doing this job sees and hears the change at once."))
        note.setWordWrap(True)
        buttons = button_box()
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"{job.code}  {job.type_name}"))
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.message)
        lay.addWidget(buttons)

    def spec_editor(self, key: str) -> QWidget:
        return self.spec_rows[key].editor

    def changes(self) -> JobEdit:
        """What differs from the job as it was shown; InvalidInput (with its field) for a bad number."""
        j = self.job
        title = self.title.text().strip()
        raw = self.quantity.text().strip()
        try:
            quantity = int(raw)
        except ValueError:
            raise InvalidInput(_("The quantity must be a whole number."), _("Enter digits only, for example 10."),
                               field="quantity") from None
        values = {key: _value_of(row.editor) for key, row in self.spec_rows.items()}
        changed_spec = {k: v for k, v in values.items() if str(v) != str(j.spec.get(k))}
        due: dt.datetime | None = None
        no_due = False
        if self.has_due.isChecked():
            chosen = self.due.dateTime().toPython()
            assert isinstance(chosen, dt.datetime)
            chosen = chosen.astimezone()
            if j.due is None or abs((chosen - j.due).total_seconds()) >= 60:
                due = chosen
        elif j.due is not None:
            no_due = True
        priority = self.priority.currentData()
        return JobEdit(title=title if title != j.title else None, due=due, no_due=no_due,
                       quantity=quantity if quantity != j.quantity else None, spec=changed_spec or None,
                       priority=priority if priority != j.priority else None,
                       confidential=self.confidential.isChecked() if self.confidential.isChecked() != j.confidential
                       else None)

    def mark(self, field: str | None, message: str) -> None:
        for key, row in {**self.rows, **self.spec_rows}.items():
            row.mark(message if key == field else None)
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def try_accept(self) -> bool:
        """Save the changes; True when saved (the dialog closes)."""
        try:
            edit = self.changes()
            if edit.empty:
                self.reject()  # nothing changed: nothing to save
                return False
            confirmed = edit == self._confirm
            self.result_view = corrections.edit(self.ctx.db, self.ctx.actor, self.job.code, edit,
                                                expected_version=self.seen, confirmed=confirmed)
        except NeedsConfirmation as exc:
            self._confirm = edit
            self.mark("quantity", f"{exc} " + _("Press OK again to save it."))
            return False
        except FlatError as exc:
            self.mark(getattr(exc, "field", None), str(exc))
            return False
        self.accept()
        return True


def ask_reason(parent: QWidget, title: str, question: str) -> str | None:
    dlg = ReasonDialog(title, question, parent)
    return dlg.text() if dlg.exec() == QDialog.DialogCode.Accepted else None


class JobCorrections(QObject):
    """Hold, resume, edit and cancel for the jobs a screen has selected. ``codes`` says which
    (job codes), ``seen`` the version each was shown at, ``changed`` re-reads them afterwards."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget, codes: Callable[[], list[str]],
                 seen: Callable[[str], int | None], changed: Callable[[list[str]], None]) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.widget = parent
        self.codes = codes
        self.seen = seen
        self.changed = changed

    def buttons(self, row: QHBoxLayout) -> None:
        for action, label in ACTIONS:
            b = QPushButton(_(label))
            b.setObjectName(f"btn-{action}")
            b.clicked.connect(lambda _=False, a=action: self.act(a))
            row.addWidget(b)

    def menu(self) -> QMenu:
        """The selected cards' corrections, as a context menu."""
        menu = QMenu(self.widget)
        for action, label in ACTIONS:
            item = menu.addAction(_(label))
            item.setObjectName(f"menu-{action}")
            item.triggered.connect(lambda _=False, a=action: self.act(a))
        return menu

    def act(self, action: str) -> None:
        codes = self.codes()
        if not codes:
            self.ctx.notice.emit(_("Select a job first."), True)
            return
        if action == "edit":
            self.edit(codes[0])
            return
        if action == "resume":
            self.run(codes, lambda code, v: corrections.resume(self.ctx.db, self.ctx.actor, code, expected_version=v),
                     _("{codes}: resumed."))
            return
        names = ", ".join(codes)
        if action == "hold":
            question = _("Why are {codes} put on hold? The worker stops and leaves the work where it is.")
            reason = ask_reason(self.widget, _("Hold"), question.format(codes=names))
            if reason:
                why = reason
                self.run(codes, lambda code, v: corrections.hold(self.ctx.db, self.ctx.actor, code, why,
                                                                 expected_version=v), _("{codes}: on hold."))
        elif action == "cancel":
            question = _("Why are {codes} cancelled? This cannot be undone; the worker leaves what they made.")
            reason = ask_reason(self.widget, _("Cancel job"), question.format(codes=names))
            if reason:
                why = reason
                self.run(codes, lambda code, v: corrections.cancel(self.ctx.db, self.ctx.actor, code, why,
                                                                   expected_version=v), _("{codes}: cancelled."))

    def run(self, codes: Sequence[str], fn: Callable[[str, int | None], None], done: str) -> list[str]:
        """``fn`` on each job with the version it was seen at; returns the codes done. A refusal
        (a colleague first, a job in the wrong state) is reported; the others go ahead."""
        ok: list[str] = []
        problems: list[str] = []
        for code in codes:
            try:
                fn(code, self.seen(code))
            except Conflict as exc:
                problems.append(str(exc))
            except FlatError as exc:
                problems.append(f"{code}: {exc}")
            else:
                ok.append(code)
        self.changed(list(codes))
        self.ctx.feed.poll()
        if problems:
            self.ctx.notice.emit("\n".join(problems), True)
        elif ok:
            self.ctx.tell(done.format(codes=", ".join(ok)))
        return ok

    def edit(self, code: str) -> EditDialog | None:
        try:
            job = board.job(self.ctx.db, code)
        except FlatError as exc:
            self.ctx.fail(exc)
            return None
        seen = self.seen(code)
        types = {t.key: t for t in catalog.job_types(self.ctx.db, active_only=False)}
        dlg = EditDialog(self.ctx, job, types[job.type], self.widget)
        if seen is not None:
            dlg.seen = seen  # what the board showed, not what was read just now
        self.open_edit(dlg)
        if dlg.result_view is not None:
            self.changed([code])
            self.ctx.feed.poll()
            self.ctx.tell(_("{codes}: changed. Print the ticket again (P) so that the paper says the same.")
                          .format(codes=code))
        return dlg

    def open_edit(self, dlg: EditDialog) -> None:
        dlg.exec()


class BoardCorrections(JobCorrections):
    """The board's keys, buttons and context menu for corrections."""

    def __init__(self, tab: BoardTab, buttons: QHBoxLayout) -> None:
        super().__init__(tab.ctx, tab, lambda: tab.focused_column().selected_codes(),
                         lambda code: tab.jobs[code].version if code in tab.jobs else None, tab.refresh_jobs)
        self.buttons(buttons)
        for col in tab.columns.values():
            col.installEventFilter(self)
            col.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            col.customContextMenuRequested.connect(lambda pos, c=col: self._menu_at(c, pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            no_mods = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            action = KEYS.get(Qt.Key(event.key()))
            if action and no_mods:
                self.act(action)
                return True
        return super().eventFilter(watched, event)

    def _menu_at(self, col: QListWidget, pos: QPoint) -> None:
        if col.itemAt(pos) is None or not self.codes():
            return
        self.menu().exec(col.viewport().mapToGlobal(pos))


def add_to_history(history: OrderHistory) -> JobCorrections:
    """Hold, resume, edit and cancel under the order history, for the job of the chosen order."""

    def chosen() -> list[str]:
        code = history.selected_code()
        if not code:
            return []
        try:
            return [corrections.job_of_order(history.ctx.db, code)]
        except FlatError as exc:
            history.ctx.fail(exc)
            return []

    fixes = JobCorrections(history.ctx, history, chosen, lambda _code: None, lambda _codes: history.refresh())
    row = QHBoxLayout()
    fixes.buttons(row)
    row.addStretch(1)
    layout = history.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.addLayout(row)
    return fixes

