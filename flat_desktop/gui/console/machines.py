"""Machines: use today and this month, out of order with a reason (stations refuse it at once),
back in service, adding a machine and printing its label."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.errors import FlatError, InvalidInput
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.gui.widgets.row_table import row_table
from flat_desktop.i18n import _
from flat_desktop.services import documents, machines
from flat_desktop.services.machines import MACHINE_TYPE_NAMES, NewMachine
from flat_desktop.services.views import EventView, MachineUsageView, MachineView

HEADERS = ("Code", "Machine", "Type", "Place", "State", "In use", "Runs today", "Units today",
           "Runs this month", "Units this month", "Jams this month", "Units (all time)")
FIRST_NUMBER = 6


class MachinesTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[MachineView] = []
        self.usage: dict[str, MachineUsageView] = {}
        self.table = row_table("machines", _("Machines and their use"), [_(h) for h in HEADERS])
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(_("Reason the machine is out of order"))
        self.reason.setPlaceholderText(_("What is wrong? (e.g. paper jam in tray 2)"))
        self.broken = QPushButton(_("Out of order"))
        self.broken.setProperty("role", "help")
        self.fixed = QPushButton(_("Back in service"))
        self.print_label = QPushButton(_("Print the label"))
        self.print_label.setAccessibleName(_("Print the label of the chosen machine"))
        line = QHBoxLayout()
        line.addWidget(self.reason, 1)
        line.addWidget(self.broken)
        line.addWidget(self.fixed)
        line.addWidget(self.print_label)

        # Adding a machine: every field is checked and marked at once; nothing is saved until all are valid.
        self.code = QLineEdit()
        self.code.setObjectName("new_code")
        self.code.setMaxLength(8)
        self.code.setPlaceholderText(_("e.g. CP03"))
        self.code.setAccessibleName(_("New machine code: two letters and two digits"))
        self.type = QComboBox()
        self.type.setObjectName("new_type")
        self.type.setAccessibleName(_("New machine type"))
        for key, name in MACHINE_TYPE_NAMES.items():
            self.type.addItem(name, key)
        self.name = QLineEdit()
        self.name.setObjectName("new_name")
        self.name.setPlaceholderText(_("optional: type name and code"))
        self.name.setAccessibleName(_("New machine name (optional)"))
        self.location = QLineEdit()
        self.location.setObjectName("new_location")
        self.location.setPlaceholderText(_("e.g. workroom, window side"))
        self.location.setAccessibleName(_("Where the new machine stands"))
        self.add_button = QPushButton(_("Add the machine"))
        self.add_button.setProperty("role", "primary")
        self.fields = {"code": FieldRow(self.code, label=_("Code")), "type": FieldRow(self.type, label=_("Type")),
                       "name": FieldRow(self.name, label=_("Name")),
                       "location": FieldRow(self.location, label=_("Place"))}
        form = QFormLayout()
        for row in self.fields.values():
            row.add_to(form)
        form.addRow("", self.add_button)
        self.add_box = QGroupBox(_("Add a machine"))
        self.add_box.setLayout(form)
        self.add_box.setMaximumWidth(520)

        top = QHBoxLayout()
        top.addWidget(self.table, 1)
        top.addWidget(self.add_box, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.addLayout(top, 1)
        lay.addLayout(line)
        self.broken.clicked.connect(lambda: self.set_out_of_order(self.selected(), self.reason.text()))
        self.fixed.clicked.connect(lambda: self.back_in_service(self.selected()))
        self.print_label.clicked.connect(lambda: self.print_label_of(self.selected()))
        self.add_button.clicked.connect(self.add)
        for edit in (self.code, self.name, self.location):
            edit.returnPressed.connect(self.add)
        ctx.feed.events.connect(self.on_events)
        self.reload()

    def on_events(self, events: list[EventView]) -> None:
        if any(e.machine for e in events):
            self.reload()

    def reload(self) -> None:
        current = self.selected()
        self.rows = machines.machines(self.ctx.db)
        self.usage = {u.code: u for u in machines.usage(self.ctx.db)}
        self.table.setRowCount(len(self.rows))
        for i, m in enumerate(self.rows):
            state = _("Out of order: {reason}").format(reason=m.reason) if m.out_of_order else _("In service")
            in_use = f"{m.in_use_job} ({m.in_use_by})" if m.in_use_job else ""
            u = self.usage.get(m.code) or MachineUsageView(m.code)
            values = (m.code, m.name, MACHINE_TYPE_NAMES.get(m.type, m.type), m.location, state, in_use,
                      str(u.runs_today), str(u.units_today), str(u.runs_month), str(u.units_month),
                      str(u.jams_month), str(m.units_total))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, m.code)
                if c >= FIRST_NUMBER:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if m.out_of_order:
                    f = item.font()
                    f.setBold(True)  # not colour alone
                    item.setFont(f)
                self.table.setItem(i, c, item)
            if m.code == current:
                self.table.selectRow(i)
        self.table.resizeColumnsToContents()
        places = sorted({m.location for m in self.rows if m.location})
        self.location.setCompleter(QCompleter(places, self.location))

    def usage_of(self, code: str) -> MachineUsageView:
        return self.usage.get(code) or MachineUsageView(code)

    def selected(self) -> str | None:
        item = self.table.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, code: str) -> None:
        for i, m in enumerate(self.rows):
            if m.code == code:
                self.table.selectRow(i)
                self.table.setCurrentCell(i, 0)

    def set_out_of_order(self, code: str | None, reason: str) -> None:
        if code is None:
            self.ctx.notice.emit(_("Choose a machine first."), True)
            return
        if self.ctx.attempt(lambda: machines.set_out_of_order(self.ctx.db, self.ctx.actor, code, reason),
                            _("{code} is out of order; stations refuse it now.").format(code=code)):
            self.reason.clear()
            self.reload()

    def back_in_service(self, code: str | None) -> None:
        if code is None:
            self.ctx.notice.emit(_("Choose a machine first."), True)
            return
        if self.ctx.attempt(lambda: machines.back_in_service(self.ctx.db, self.ctx.actor, code),
                            _("{code} is back in service.").format(code=code)):
            self.reload()

    # --- adding -----------------------------------------------------------------------------

    def draft(self) -> NewMachine:
        return NewMachine(code=self.code.text(), type=str(self.type.currentData()), location=self.location.text(),
                          name=self.name.text())

    def mark(self, problems: dict[str, str]) -> None:
        for key, row in self.fields.items():
            row.mark(problems.get(key))
        first = next((k for k in self.fields if k in problems), None)
        if first:
            self.fields[first].editor.setFocus()

    def add(self) -> MachineView | None:
        """Check every field, then add; on any problem the form keeps what was typed."""
        draft = self.draft()
        problems = machines.machine_problems(self.ctx.db, draft)
        self.mark(problems)
        if problems:
            self.ctx.notice.emit(_("The machine is not added: {n} field(s) need attention.").format(n=len(problems)),
                                 True)
            return None
        try:
            view = machines.add(self.ctx.db, self.ctx.actor, draft)
        except InvalidInput as exc:
            self.mark({exc.field or "code": str(exc)})
            self.ctx.fail(exc)
            return None
        except FlatError as exc:
            self.ctx.fail(exc)
            return None
        for edit in (self.code, self.name, self.location):
            edit.clear()
        self.ctx.feed.poll()
        self.reload()
        self.select(view.code)
        self.print_label.setFocus()  # the next thing to do: print and stick on the label
        self.ctx.tell(_("{code} ({name}) added. Press “Print the label” and stick it on the machine.")
                      .format(code=view.code, name=view.name))
        return view

    def print_label_of(self, code: str | None) -> Path | None:
        """Print the machine's barcode label the way the console prints tickets (a PDF copy is kept)."""
        if code is None:
            self.ctx.notice.emit(_("Choose a machine first."), True)
            return None
        try:
            pdf = documents.machine_labels(self.ctx.db, [code])
        except FlatError as exc:
            self.ctx.fail(exc)
            return None
        return self.ctx.spool(pdf, f"machine-{code}", "labels",
                              sent=_("Label of {code} sent to the printer.").format(code=code),
                              refused=_("The label was not printed: {error}"))
