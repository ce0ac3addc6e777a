"""Machines: usage counters, out of order with a reason (stations refuse it at once), back in service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.i18n import _
from flat_desktop.services import machines
from flat_desktop.services.machines import MACHINE_TYPE_NAMES
from flat_desktop.services.views import EventView, MachineView

HEADERS = ("Code", "Machine", "Type", "Place", "State", "In use", "Units", "Runs", "Jams")


class MachinesTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[MachineView] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("machines")
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("What is wrong? (e.g. paper jam in tray 2)"))
        self.broken = QPushButton(_("Out of order"))
        self.broken.setProperty("role", "help")
        self.fixed = QPushButton(_("Back in service"))
        line = QHBoxLayout()
        line.addWidget(self.reason, 1)
        line.addWidget(self.broken)
        line.addWidget(self.fixed)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(line)
        self.broken.clicked.connect(lambda: self.set_out_of_order(self.selected(), self.reason.text()))
        self.fixed.clicked.connect(lambda: self.back_in_service(self.selected()))
        ctx.feed.events.connect(self.on_events)
        self.reload()

    def on_events(self, events: list[EventView]) -> None:
        if any(e.machine for e in events):
            self.reload()

    def reload(self) -> None:
        current = self.selected()
        self.rows = machines.machines(self.ctx.db)
        self.table.setRowCount(len(self.rows))
        for i, m in enumerate(self.rows):
            state = _("Out of order: {reason}").format(reason=m.reason) if m.out_of_order else _("In service")
            in_use = f"{m.in_use_job} ({m.in_use_by})" if m.in_use_job else ""
            values = (m.code, m.name, MACHINE_TYPE_NAMES.get(m.type, m.type), m.location, state, in_use,
                      str(m.units_total), str(m.runs_total), str(m.jams_total))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, m.code)
                if c >= 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if m.out_of_order:
                    f = item.font()
                    f.setBold(True)  # not colour alone
                    item.setFont(f)
                self.table.setItem(i, c, item)
            if m.code == current:
                self.table.selectRow(i)
        self.table.resizeColumnsToContents()

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
