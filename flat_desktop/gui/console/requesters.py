"""Requesters' accounts at the web ordering desk (services.accounts): the list (staff number,
name, department, locked or not), a form to add one, a password reset, and a bulk import from
a CSV file. A password made here is shown once, in the hand-over box, to be given in person;
the requester changes it at the first sign-in.

The tab only collects and shows: the service checks every field and every line, a refusal is
said in the console's message strip and, when it names a field, marked at the field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.errors import FlatError, InvalidInput
from flat_desktop.events import utcnow
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.dialog_buttons import button_box
from flat_desktop.gui.tasks import run_task
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.gui.widgets.row_table import row_table
from flat_desktop.i18n import _
from flat_desktop.services import accounts, catalog
from flat_desktop.services.accounts import AccountView, NewAccount
from flat_desktop.services.views import EventView

HEADERS = ("Staff number", "Name", "Department", "Locked")
CSV_FILTER = "CSV (*.csv *.txt)"


def state_of(a: AccountView, now: dt.datetime) -> str:
    """"Locked until 10:15" while a lockout runs, "stopped" for an account that was switched off."""
    if not a.active:
        return _("stopped")
    if a.locked_until is not None and a.locked_until > now:
        return _("locked until {time}").format(time=a.locked_until.astimezone().strftime("%H:%M"))
    return ""


class ResetDialog(QDialog):
    """"Reset the password of 123456 (浦和 花子)?" Enter resets, Esc leaves it."""

    def __init__(self, account: AccountView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reset the password"))
        question = QLabel(_("Give {name} ({no}) a new password? The old one stops working and every open "
                            "session at the desk ends.").format(name=account.name, no=account.staff_no))
        question.setWordWrap(True)
        buttons = button_box(ok=_("Reset"))
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)
        ok.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(question)
        lay.addWidget(buttons)


class RequestersTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.now: dt.datetime | None = None  # tests pin the clock; None: the real time
        self.rows: list[AccountView] = []
        self.table = row_table("requesters", _("Accounts at the ordering desk"), [_(h) for h in HEADERS])

        self.staff_no, self.name, self.kana, self.email = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.department = QComboBox()
        for d in catalog.departments(ctx.db):
            self.department.addItem(f"{d.name} ({d.code})", d.code)
        self.fields = {
            "staff_no": FieldRow(self.staff_no, label=_("Staff number")),
            "name": FieldRow(self.name, label=_("Name")),
            "kana": FieldRow(self.kana, label=_("Reading (kana)")),
            "department": FieldRow(self.department, label=_("Department")),
            "email": FieldRow(self.email, label=_("E-mail (optional)")),
        }
        self.add_button = QPushButton(_("Add the account"))
        self.add_button.setObjectName("add_account")
        self.add_button.setProperty("role", "primary")
        self.add_button.setToolTip(_("Enter in any field adds the account (Ctrl+N starts a new one)"))
        self.reset_button = QPushButton(_("Reset the password… (Ctrl+R)"))
        self.reset_button.setObjectName("reset_account")
        self.import_button = QPushButton(_("Import from a CSV file…"))
        self.import_button.setObjectName("import_accounts")
        self.import_button.setToolTip(_("The first line names the columns: 職員番号,氏名,所属[,ふりがな,メール] "
                                        "(UTF-8 or Shift_JIS). Every line is added, or none."))
        self.handover = QPlainTextEdit()
        self.handover.setObjectName("handover")
        self.handover.setReadOnly(True)
        self.handover.setAccessibleName(_("Passwords to hand over"))
        self._lay_out()
        for edit in (self.staff_no, self.name, self.kana, self.email):
            edit.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.reset_button.clicked.connect(lambda: self.reset())
        self.import_button.clicked.connect(lambda: self.import_file())
        for keys, slot in (("Ctrl+N", self.new_account), ("Ctrl+R", self.reset)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        ctx.feed.events.connect(self.on_events)
        self.reload()

    def _lay_out(self) -> None:
        form_box = QGroupBox(_("A new account"))
        form = QFormLayout(form_box)
        for row in self.fields.values():
            row.add_to(form)
        form.addRow(self.add_button)
        right = QVBoxLayout()
        right.addWidget(form_box)
        right.addWidget(self.import_button)
        right.addWidget(QLabel(_("Passwords to hand over in person (shown only now; each is changed at the "
                                 "first sign-in):")))
        right.addWidget(self.handover, 1)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 3)
        lay.addLayout(right, 2)

    # -- the list ------------------------------------------------------------------------------

    def on_events(self, events: list[EventView]) -> None:
        if any(e.type in ("master_changed", "web_sign_in_refused", "web_signed_in") for e in events):
            self.reload()

    def reload(self) -> None:
        chosen = self.selected()
        try:
            self.rows = accounts.accounts(self.ctx.db)
        except FlatError as exc:
            self.ctx.fail(exc)
            return
        now = self.now or utcnow()
        self.table.setRowCount(len(self.rows))
        for i, a in enumerate(self.rows):
            for c, value in enumerate((a.staff_no, a.name, a.department_name, state_of(a, now))):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, a.staff_no)
                self.table.setItem(i, c, item)
        self.table.resizeColumnsToContents()
        if chosen:
            self.select(chosen)

    def row_of(self, staff_no: str) -> AccountView | None:
        return next((a for a in self.rows if a.staff_no == staff_no), None)

    def selected(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, staff_no: str) -> None:
        for i, a in enumerate(self.rows):
            if a.staff_no == staff_no:
                self.table.setCurrentCell(i, 0)
                return

    # -- adding, resetting, importing ----------------------------------------------------------

    def new_account(self) -> None:
        for edit in (self.staff_no, self.name, self.kana, self.email):
            edit.clear()
        self._mark(None)
        self.staff_no.setFocus()

    def _mark(self, exc: FlatError | None) -> None:
        field = getattr(exc, "field", None) if isinstance(exc, InvalidInput) else None
        if exc is not None and getattr(exc, "reason", "") == "unknown_department":
            field = "department"
        elif exc is not None and getattr(exc, "reason", "") == "exists":
            field = "staff_no"
            exc.hint = _("Choose it in the list and reset its password (Ctrl+R).")
        for key, row in self.fields.items():
            row.mark(exc if key == field else None)
        if field in self.fields:
            self.fields[field].editor.setFocus()

    def _hand_over(self, made: list[tuple[AccountView, str]]) -> None:
        self.handover.setPlainText("\n".join(
            _("{no}  {name} ({department})  password: {password}").format(
                no=v.staff_no, name=v.name, department=v.department_name, password=pw) for v, pw in made))

    def add(self) -> AccountView | None:
        new = NewAccount(self.staff_no.text(), self.name.text(), self.department.currentData() or "",
                         self.kana.text(), self.email.text())
        try:
            view, password = accounts.add(self.ctx.db, self.ctx.actor, new)
        except FlatError as exc:
            self._mark(exc)
            self.ctx.fail(exc)
            return None
        self._mark(None)
        self._hand_over([(view, password)])
        for edit in (self.staff_no, self.name, self.kana, self.email):
            edit.clear()
        self.reload()
        self.select(view.staff_no)
        self.ctx.tell(_("The account of {name} ({no}) is made. Hand the password over in person; it is changed "
                        "at the first sign-in.").format(name=view.name, no=view.staff_no))
        self.ctx.feed.poll()
        return view

    def reset(self, *, confirmed: bool = False) -> AccountView | None:
        staff_no = self.selected()
        account = self.row_of(staff_no) if staff_no else None
        if account is None:
            self.ctx.notice.emit(_("Choose an account in the list first."), True)
            self.table.setFocus()
            return None
        if not confirmed and ResetDialog(account, self).exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            view, password = accounts.reset(self.ctx.db, self.ctx.actor, account.staff_no)
        except FlatError as exc:
            self.ctx.fail(exc)
            return None
        self._hand_over([(view, password)])
        self.reload()
        self.ctx.tell(_("{name} ({no}) has a new password, unlocked. Hand it over in person.").format(
            name=view.name, no=view.staff_no))
        self.ctx.feed.poll()
        return view

    def import_file(self, path: Path | None = None) -> None:
        """Every account of the file or none; a refused line is named by its number. The
        passwords are hashed off the GUI thread (a long list takes seconds at argon2's cost)."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(self, _("Import accounts"), "", CSV_FILTER)
            if not chosen:
                return
            path = Path(chosen)
        try:
            data = path.read_bytes()
        except OSError:
            self.ctx.notice.emit(_("The file {name} cannot be read.").format(name=path.name), True)
            return
        db, actor, name = self.ctx.db, self.ctx.actor, path.name
        self.import_button.setEnabled(False)

        def made(accounts_made: list[tuple[AccountView, str]]) -> None:
            self.import_button.setEnabled(True)
            self._hand_over(accounts_made)
            self.reload()
            self.ctx.tell(_("{n} accounts made from {name}. Hand each password over in person.").format(
                n=len(accounts_made), name=name))
            self.ctx.feed.poll()

        def refused(exc: Exception) -> None:
            self.import_button.setEnabled(True)
            if isinstance(exc, FlatError):
                self.ctx.fail(exc)
            else:
                self.ctx.notice.emit(_("The accounts were not imported: {error}").format(error=exc), True)

        run_task(lambda: accounts.import_accounts(db, actor, accounts.read_csv(data)), made, refused, parent=self)
