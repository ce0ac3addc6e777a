"""Scheduled routes (定期業務): the routes with their days, times, rota and stops, and making a day's jobs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.i18n import _
from flat_desktop.services import catalog, routes

WEEKDAYS = "月火水木金土日"
HEADERS = ("Route", "Name", "Days", "Times", "Rota", "Stops")


class RoutesTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.generate = QPushButton(_("Make the route jobs of this day"))
        self.generate.setProperty("role", "primary")
        line = QHBoxLayout()
        line.addWidget(self.day)
        line.addWidget(self.generate)
        line.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(line)
        self.generate.clicked.connect(lambda: self.generate_day(self.day.date().toPython()))  # type: ignore[arg-type]
        self.reload()

    def reload(self) -> None:
        rows = catalog.routes(self.ctx.db)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (r.code, r.name, "".join(WEEKDAYS[d] for d in r.weekdays), ", ".join(r.times),
                      ", ".join(r.rota), " → ".join(r.stops))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # long stop lists are cut at the window edge
                self.table.setItem(i, c, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()

    def generate_day(self, day: dt.date) -> list[str]:
        made = self.ctx.attempt(lambda: routes.generate_day(self.ctx.db, self.ctx.actor, day))
        if isinstance(made, list):
            self.ctx.tell(_("{n} route jobs made for {day}.").format(n=len(made), day=day.isoformat())
                          if made else _("The route jobs of {day} already exist.").format(day=day.isoformat()))
            return made
        return []
