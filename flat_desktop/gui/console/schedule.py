"""Who is in (出勤): a worker's usual weekdays and their days off, which the day's rounds follow.

A page of the Routes tab. Each change goes through services.schedule (one event each); the
rounds already given out for a day are not changed by it (make the day again to fill runs
left open).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.i18n import _
from flat_desktop.services import people, schedule
from flat_desktop.services.schedule import ScheduleView

WEEKDAYS = "月火水木金土日"


class SchedulePage(QWidget):
    """Choose a worker; tick their weekdays and Save, or mark a day off (or back in)."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker = QComboBox()
        self.worker.setObjectName("schedule_worker")
        for w in people.workers(ctx.db):
            if w.role == "worker":
                self.worker.addItem(f"{w.name}（{w.code}）", w.code)
        self.days = [QCheckBox(d) for d in WEEKDAYS]
        self.save_days = QPushButton(_("Save the weekdays"))
        self.save_days.setObjectName("save_weekdays")
        self.day = QDateEdit(QDate.currentDate().addDays(1))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setAccessibleName(_("Day off"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Reason (e.g. leave, training)"))
        self.off_button = QPushButton(_("Day off"))
        self.off_button.setObjectName("day_off")
        self.in_button = QPushButton(_("Comes in after all"))
        self.in_button.setObjectName("day_in")
        self.offs = QListWidget()
        self.offs.setObjectName("days_off")
        self.offs.setAccessibleName(_("Days off from today"))
        week = QHBoxLayout()
        for box in self.days:
            week.addWidget(box)
        week.addWidget(self.save_days)
        week.addStretch(1)
        off_line = QHBoxLayout()
        off_line.addWidget(self.day)
        off_line.addWidget(self.reason, 1)
        off_line.addWidget(self.off_button)
        off_line.addWidget(self.in_button)
        form = QFormLayout()
        form.addRow(_("Worker"), self.worker)
        form.addRow(_("Usual weekdays"), week)
        form.addRow(_("Day"), off_line)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(_("Days off from today")))
        lay.addWidget(self.offs, 1)
        self.worker.currentIndexChanged.connect(lambda _i: self.load())
        self.save_days.clicked.connect(self.save_weekdays)
        self.off_button.clicked.connect(lambda: self.mark_day(off=True))
        self.in_button.clicked.connect(lambda: self.mark_day(off=False))
        self.load()

    def code(self) -> str | None:
        return cast(str | None, self.worker.currentData())

    def chosen_day(self) -> dt.date:
        return cast(dt.date, self.day.date().toPython())

    def show_view(self, view: ScheduleView) -> None:
        for i, box in enumerate(self.days):
            box.setChecked(i in view.weekdays)
        self.offs.clear()
        for day, reason in view.days_off:
            self.offs.addItem(f"{day.isoformat()}（{WEEKDAYS[day.weekday()]}） {reason}".rstrip())

    def load(self) -> None:
        code = self.code()
        if code is not None:
            view = self.ctx.attempt(lambda: schedule.schedule(self.ctx.db, code, since=dt.date.today()))
            if isinstance(view, ScheduleView):
                self.show_view(view)

    def save_weekdays(self) -> None:
        code = self.code()
        if code is None:
            return
        days = [i for i, box in enumerate(self.days) if box.isChecked()]
        if self.ctx.attempt(lambda: schedule.set_weekdays(self.ctx.db, self.ctx.actor, code, days),
                            _("The weekdays of {code} are saved.").format(code=code)):
            self.load()

    def mark_day(self, *, off: bool) -> None:
        code = self.code()
        if code is None:
            return
        day = self.chosen_day()
        said = (_("{code} is off on {day}.") if off else _("{code} comes in on {day}.")).format(
            code=code, day=day.isoformat())
        if self.ctx.attempt(lambda: schedule.set_day_off(self.ctx.db, self.ctx.actor, code, day, off=off,
                                                         reason=self.reason.text()), said):
            self.reason.clear()
            self.load()
