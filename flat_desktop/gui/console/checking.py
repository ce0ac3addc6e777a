"""The quality check (検品) and delivery (納品) dialogs of the board (keys C and D).

CheckDialog shows what the worker recorded for a done job and records pass or fail with the
count seen and a note; a fail sends chosen steps back to a worker (checking.check).
DeliverDialog records who received a job, picked from the ordering department's people or
typed (checking.deliver). Both keep a refusal inside the dialog, with what to do next.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from flat_desktop import ruby
from flat_desktop.db.models import JobStatus
from flat_desktop.errors import FlatError
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.dialog_buttons import button_box
from flat_desktop.i18n import _
from flat_desktop.services import checking, people
from flat_desktop.services.checking import CheckSheet

SEEN_MAX = 10_000_000


def _minutes(value: float | None) -> str:
    return "-" if value is None else _("{n} min").format(n=round(value))


def sheet_html(sh: CheckSheet) -> str:
    """What the worker recorded, as the dialog shows it."""
    j = sh.job
    e = html.escape
    rows = [f"<h3>{e(j.code)} {e(j.type_name)}</h3>", f"<p><b>{e(j.title)}</b></p>"]
    facts = [
        (_("Quantity ordered"), f"{j.quantity} {j.unit}"),
        (_("Units done"), "-" if sh.units_done is None else f"{sh.units_done} {j.unit}"),
        (_("Spoiled"), "-" if sh.spoiled is None else str(sh.spoiled)),
        (_("Time worked"), _("{worked} (standard {standard})").format(worked=_minutes(sh.worked_minutes),
                                                                      standard=_minutes(sh.standard_minutes))),
        (_("Done by"), "、".join(sh.workers) or "-"),
    ]
    machines = [_("{name} ({code}): {runs} runs, {units} units, {jams} jams").format(
        name=m.name, code=m.code, runs=m.runs, units=m.units, jams=m.jams) for m in sh.machines]
    facts.append((_("Machines"), " / ".join(machines) or _("none")))
    rows.append("<table>" + "".join(f"<tr><td><b>{e(k)}</b>&nbsp;</td><td>{e(v)}</td></tr>" for k, v in facts)
                + "</table>")
    for c in sh.checks:
        verdict = _("passed") if c.passed else _("failed")
        when = c.at.astimezone().strftime("%m/%d %H:%M")
        rows.append(f"<p>{e(when)} {e(c.by)}: {e(verdict)} {e(c.note)}</p>")
    if sh.waived:
        rows.append(f"<p>{e(_('This job type is delivered without a check.'))}</p>")
    return "".join(rows)


class CheckDialog(QDialog):
    """Pass or fail a done job: the count seen, a note, and for a fail the steps and the worker."""

    def __init__(self, ctx: ConsoleContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code = code
        self.sheet = checking.sheet(ctx.db, ctx.actor, code)
        j = self.sheet.job
        self.setWindowTitle(_("Check {code}").format(code=code))
        self.setMinimumSize(640, 720)
        self.summary = QTextBrowser()
        self.summary.setObjectName("check-sheet")
        self.summary.setHtml(sheet_html(self.sheet))
        self.summary.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.seen = QSpinBox()
        self.seen.setObjectName("seen")
        self.seen.setRange(0, SEEN_MAX)
        self.seen.setValue(self.sheet.units_done if self.sheet.units_done is not None else j.quantity)
        self.seen.setSuffix(f" {j.unit}")
        self.passed = QRadioButton(_("Pass (&P)"))
        self.passed.setObjectName("pass")
        self.failed = QRadioButton(_("Fail: redo (&F)"))
        self.failed.setObjectName("fail")
        self.passed.setChecked(True)
        self.verdict = QButtonGroup(self)
        self.verdict.addButton(self.passed)
        self.verdict.addButton(self.failed)
        verdicts = QHBoxLayout()
        verdicts.addWidget(self.passed)
        verdicts.addWidget(self.failed)
        verdicts.addStretch(1)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(checking.NOTE_MAX)
        self.note.setPlaceholderText(_("What you saw; for a fail, what to redo (said at the station)"))
        self.steps = QListWidget()
        self.steps.setObjectName("redo-steps")
        for st in j.steps:
            item = QListWidgetItem(f"{st.position}. {st.title} — {ruby.to_plain(st.text)}")
            item.setData(Qt.ItemDataRole.UserRole, st.position)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.steps.addItem(item)
        self.worker = QComboBox()
        self.worker.setObjectName("redo-worker")
        for w in people.workers(ctx.db):
            if w.role == "worker" and w.active:
                self.worker.addItem(f"{w.name} ({w.code})", w.code)
        at = self.worker.findData(j.assignee)
        self.worker.setCurrentIndex(max(at, 0))
        self.message = QLabel("")
        self.message.setObjectName("check-message")
        self.message.setProperty("tone", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = button_box(ok=_("Record the check"))
        form = QFormLayout()
        form.addRow(_("Count seen"), self.seen)
        form.addRow(_("Result"), verdicts)
        form.addRow(_("Check note"), self.note)
        form.addRow(_("Steps to redo"), self.steps)
        form.addRow(_("Redone by"), self.worker)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary, 1)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.failed.toggled.connect(self._rework_shown)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self._rework_shown(False)
        self.seen.setFocus()
        self.seen.selectAll()

    def _rework_shown(self, fail: bool) -> None:
        self.steps.setEnabled(fail)
        self.worker.setEnabled(fail)

    def redo_steps(self) -> list[int]:
        return [int(it.data(Qt.ItemDataRole.UserRole)) for i in range(self.steps.count())
                if (it := self.steps.item(i)).checkState() == Qt.CheckState.Checked]

    def try_accept(self) -> bool:
        """Record the check; a refusal stays in the dialog with what to do, nothing recorded."""
        passed = self.passed.isChecked()
        try:
            checking.check(self.ctx.db, self.ctx.actor, self.code, passed=passed, seen=self.seen.value(),
                           note=self.note.text(), redo_steps=None if passed else self.redo_steps(),
                           rework_to=None if passed else self.worker.currentData())
        except FlatError as exc:
            self.message.setText(str(exc))
            self.message.show()
            if getattr(exc, "field", None) == "note":
                self.note.setFocus()
            return False
        if passed:
            self.ctx.tell(_("{code} passed its check.").format(code=self.code))
        else:
            self.ctx.tell(_("{code} is sent back to {who} to redo.").format(code=self.code,
                                                                           who=self.worker.currentText()))
        self.ctx.feed.poll()
        self.accept()
        return True


class DeliverDialog(QDialog):
    """Who received the job: the requester and the ordering department's people, or a name typed."""

    def __init__(self, ctx: ConsoleContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code = code
        self.setWindowTitle(_("Deliver {code}").format(code=code))
        self.setMinimumWidth(520)
        head = QLabel(_("Who received {code}? Choose the person or write their name.").format(code=code))
        head.setWordWrap(True)
        self.known = checking.receivers(ctx.db, code)
        self.to = QComboBox()
        self.to.setObjectName("receiver")
        self.to.setEditable(True)
        self.to.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for r in self.known:
            self.to.addItem(r.name, r.requester_id)
        self.message = QLabel("")
        self.message.setObjectName("deliver-message")
        self.message.setProperty("tone", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = button_box(ok=_("Deliver"))
        lay = QVBoxLayout(self)
        for w in (head, self.to, self.message, self.buttons):
            lay.addWidget(w)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        # An editable combo box keeps Enter from the dialog's default button: Enter delivers here.
        line = self.to.lineEdit()
        if line is not None:
            line.returnPressed.connect(self.try_accept)
        self.delivered = False
        self.to.setFocus()

    def receiver(self) -> tuple[str, int | None]:
        """The name written and, when it is one of the department's people, their requester id."""
        name = self.to.currentText().strip()
        known = next((r for r in self.known if r.name == name), None)
        return name, known.requester_id if known is not None else None

    def try_accept(self) -> bool:
        if self.delivered:  # Enter reached both the field and the default button
            return True
        name, requester = self.receiver()
        try:
            checking.deliver(self.ctx.db, self.ctx.actor, self.code, name, requester_id=requester)
        except FlatError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return False
        self.delivered = True
        self.ctx.tell(_("{code} delivered to {to}.").format(code=self.code, to=" ".join(name.split())))
        self.ctx.feed.poll()
        self.accept()
        return True


def _ran(dlg: QDialog) -> bool:
    done = dlg.exec() == QDialog.DialogCode.Accepted
    dlg.deleteLater()
    return done


def ask_check(ctx: ConsoleContext, code: str, parent: QWidget | None = None) -> bool:
    """The check dialog for a done job (another is refused with what to do); False when nothing
    was recorded."""
    try:
        dlg = CheckDialog(ctx, code, parent)
    except FlatError as exc:
        ctx.fail(exc)
        return False
    if dlg.sheet.job.status != JobStatus.DONE:
        dlg.deleteLater()
        ctx.notice.emit(_("{code} is not done, so it cannot be checked. Wait until the worker finishes it.")
                        .format(code=code), True)
        return False
    return _ran(dlg)


def ask_deliver(ctx: ConsoleContext, code: str, parent: QWidget | None = None) -> bool:
    """The delivery dialog once the job may be delivered (else why not, and what to do); False
    when nothing was recorded."""
    refused: FlatError | None
    try:
        refused = checking.refusal(ctx.db, code)
    except FlatError as exc:
        refused = exc
    if refused is not None:
        ctx.fail(refused)
        return False
    return _ran(DeliverDialog(ctx, code, parent))
